package ordo.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shaded {@code ordo.jar} run as a child JVM, the way an operator runs it:
 * {@code java @etc/jvm.options -jar ordo.jar …}. Output goes to files in a work dir (never a pipe that could fill
 * and stall the child). Passing the JVM flags keeps the jar from relaunching itself, so the {@link Process} is the
 * server itself and SIGKILL reaches it; {@link #close()} still kills any descendants, and a shutdown hook kills
 * whatever a crashed test left behind.
 */
final class OrdoProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("ordo listening on [^\\s:]+:(\\d+),");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    /** How Netty's leak detector begins a report. */
    private static final String LEAK = "LEAK: ";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(OrdoProcess::killTree),
                "ordo-e2e-child-reaper"));
    }

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private int port = -1;

    private OrdoProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        LIVE.add(process);
    }

    /** Starts {@code ordo.jar} with {@code args}, its output in {@code workDir}. */
    static OrdoProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, command(args), args);
    }

    /**
     * Starts {@code java <jvmArgs> -jar ordo.jar <args>} without etc/jvm.options, as {@code java -jar} is run bare:
     * the jar relaunches itself with the flags, and the {@link Process} is the launcher.
     */
    static OrdoProcess startBare(Path workDir, List<String> jvmArgs, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return start(workDir, command, args);
    }

    private static OrdoProcess start(Path workDir, List<String> command, String... args) throws IOException {
        int n = COUNTER.incrementAndGet();
        String name = args.length == 0 ? "ordo" : args[0];
        Path out = workDir.resolve(name + "-" + n + ".out");
        Path err = workDir.resolve(name + "-" + n + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        return new OrdoProcess(builder.start(), out, err);
    }

    /** Runs a short command (e.g. {@code journal verify}) to its end. */
    static Result run(Path workDir, Duration timeout, String... args) throws IOException, InterruptedException {
        try (OrdoProcess child = start(workDir, args)) {
            boolean ended = child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(ended).as("ordo %s ended within %s; stderr: %s", String.join(" ", args), timeout,
                    child.stderr()).isTrue();
            return new Result(child.process.exitValue(), child.stdout(), child.stderr());
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * ITs run against the ordo.jar built from the classes under test. Under failsafe (after {@code package}) the
     * gateway's classes come from the packaged jar, so it is fresh. Surefire runs before {@code package} (it also
     * picks up ITs when {@code -Dtest} names a whole package), when ordo.jar is missing or left from an older build:
     * there the ITs are skipped, not run against the wrong server. Elsewhere (an IDE) they run on what is built.
     */
    static void assumeJarMatchesClassesUnderTest() {
        boolean fromPackagedJar = ordo.gateway.OrdoServer.class.getProtectionDomain().getCodeSource().getLocation()
                .getPath().endsWith(".jar");
        boolean underSurefire = System.getProperty("surefire.test.class.path") != null;
        assumeTrue(fromPackagedJar || !underSurefire,
                "an IT needs the ordo.jar of this build: it runs under failsafe, after package");
    }

    /** Tail of both output files of every child, for the test report. */
    String describe() {
        return "--- " + stdout.getFileName() + " (tail) ---\n" + tail(stdout(), 3000)
                + "\n--- " + stderr.getFileName() + " (tail) ---\n" + tail(stderr(), 6000);
    }

    private static String tail(String text, int chars) {
        return text.length() <= chars ? text : "…" + text.substring(text.length() - chars);
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "ordo.jar")
                .toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by `mvn package`, before failsafe runs)").isRegularFile();
        return jar;
    }

    static Path jvmOptions() {
        String configured = System.getProperty("ordo.jvmOptions");
        Path options = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("../etc/jvm.options");
        assertThat(options).as("etc/jvm.options (system property ordo.jvmOptions)").isRegularFile();
        return options.toAbsolutePath();
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + jvmOptions());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        // `ordo serve` turns Netty's leak detector off unless the JVM names a level: the tests keep Netty's default.
        command.add("-Dio.netty.leakDetection.level=simple");
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Waits for the "ordo listening on host:port" line and returns the port. */
    int awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(stdout());
            if (matcher.find()) {
                port = Integer.parseInt(matcher.group(1));
                return port;
            }
            if (!process.isAlive()) {
                throw new AssertionError("ordo exited with " + process.exitValue() + " before listening; stdout:\n"
                        + stdout() + "\nstderr:\n" + stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("ordo not listening after " + timeout + "; stdout:\n" + stdout() + "\nstderr:\n"
                + stderr());
    }

    /** Waits until {@code GET /ready} answers 200. */
    void awaitReady(Duration timeout) throws InterruptedException {
        Api api = new Api(port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (api.get(null, "/ready").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // Connection refused or reset while starting: try again.
            }
            Thread.sleep(50);
        }
        throw new AssertionError("ordo not ready after " + timeout + "; stderr:\n" + stderr());
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook, no final snapshot, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed ordo ended").isTrue();
        LIVE.remove(process);
    }

    /**
     * SIGTERM, then waits for the clean shutdown (drain, snapshot) to finish; returns the exit code. Fails when the
     * server reported a leaked buffer ({@link #leakReports()}).
     */
    int stop() throws InterruptedException {
        process.destroy();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        assertThat(ended).as("ordo stopped within 60 s of SIGTERM").isTrue();
        LIVE.remove(process);
        assertThat(leakReports()).as("buffers the server leaked").isEmpty();
        return process.exitValue();
    }

    /**
     * The lines of the child's output where Netty's leak detector (sampling, as {@link #command} sets it) reported a
     * buffer freed by the collector without being released: pooled memory the server lost.
     */
    List<String> leakReports() {
        List<String> leaks = new ArrayList<>();
        for (String output : new String[] {stdout(), stderr()}) {
            for (String line : output.split("\n")) {
                if (line.contains(LEAK)) {
                    leaks.add(line);
                }
            }
        }
        return leaks;
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }

    /** Kills the child (and anything it started) if it still runs; safe to call twice. */
    @Override
    public void close() {
        killTree(process);
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
