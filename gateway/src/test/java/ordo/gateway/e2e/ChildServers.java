package ordo.gateway.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servers a crash test runs one after another on one data dir, as child JVMs, and what every crash test does
 * with them: start one and wait until it is ready, kill it in the middle of a load, and check that an independent
 * replay of the journal ({@code ordo journal verify}) computes the state hash a server answered. Closing stops every
 * server it started, then the load, and fails if a server reported a leaked buffer. A test class using it calls {@link OrdoProcess#assumeJarMatchesClassesUnderTest()}
 * in its {@code @BeforeAll}, so a skipped class runs no set-up or tear-down at all.
 */
final class ChildServers implements AutoCloseable {

    private final Path workDir;
    private final Path data;
    private final Duration startTimeout;
    private final List<OrdoProcess> children = new ArrayList<>();
    private ExecutorService load;

    /** Servers with their data in {@code workDir/data}, each given {@code startTimeout} to listen and be ready. */
    ChildServers(Path workDir, Duration startTimeout) {
        this.workDir = workDir;
        this.data = workDir.resolve("data");
        this.startTimeout = startTimeout;
    }

    Path data() {
        return data;
    }

    /** The text of the e2e configuration (its keys and limits), for a test to extend. */
    static String e2eConfigText() throws IOException {
        try (InputStream in = ChildServers.class.getResourceAsStream("/e2e/ordo-e2e.yaml")) {
            assertThat(in).as("test resource e2e/ordo-e2e.yaml").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code text} as the configuration file {@code name} in the work dir. */
    Path writeConfig(String name, String text) throws IOException {
        Path file = workDir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Starts {@code ordo serve} on the data dir with {@code config} and an ephemeral port; returns it once ready. */
    OrdoProcess serve(Path config) throws Exception {
        OrdoProcess child = OrdoProcess.start(workDir, "serve", "--config", config.toString(), "--data",
                data.toString(), "--port", "0");
        children.add(child);
        child.awaitListening(startTimeout);
        child.awaitReady(startTimeout);
        return child;
    }

    /**
     * Runs {@code client} on {@code connections} threads (each given its connection number, each returning how its
     * connection ended) for {@code loadFor}, then kills {@code server} with SIGKILL. Checks that the load really ran
     * (over a hundred answers counted in {@code answers} before the kill) and that every connection ended because
     * the server died, mid-load. Returns the answers counted before the kill.
     */
    long killUnderLoad(OrdoProcess server, int connections, Duration loadFor, AtomicLong answers,
                       IntFunction<String> client) throws Exception {
        load = Executors.newFixedThreadPool(connections);
        List<Future<String>> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            clients.add(load.submit(() -> client.apply(connection)));
        }
        Thread.sleep(loadFor.toMillis());
        long answersBeforeKill = answers.get();
        server.kill();
        List<String> endings = new ArrayList<>();
        for (Future<String> ending : clients) {
            endings.add(ending.get(30, TimeUnit.SECONDS));
        }
        assertThat(answersBeforeKill).as("answers before the kill (the load really ran)").isGreaterThan(100);
        assertThat(endings).as("how each load connection ended: by the kill, mid-load")
                .allMatch(ending -> ending.startsWith("connection died"));
        return answersBeforeKill;
    }

    /**
     * Replays the journal from zero with {@code ordo journal verify} (every server must be stopped) and checks that
     * it ends at {@code stateHashJson}, what {@code /v1/journal/state-hash} answered.
     */
    void assertJournalVerifyGives(String stateHashJson, Duration timeout) throws Exception {
        OrdoProcess.Result verify = OrdoProcess.run(workDir, timeout, "journal", "verify", "--data", data.toString());
        assertThat(verify.exitCode()).as("journal verify exit code; stderr: %s", verify.stderr()).isEqualTo(0);
        String[] lines = verify.stdout().strip().split("\n");
        assertThat(lines[lines.length - 1].trim()).as("journal verify output vs the server's state hash")
                .isEqualTo(stateHashJson.trim());
    }

    @Override
    public void close() throws InterruptedException {
        // Servers first: their death is what ends the load threads (blocked in socket reads, deaf to interrupts).
        List<String> leaks = new ArrayList<>();
        for (OrdoProcess child : children) {
            child.close();
            System.out.println(child.describe());
            leaks.addAll(child.leakReports());
        }
        if (load != null) {
            load.shutdownNow();
            load.awaitTermination(30, TimeUnit.SECONDS);
        }
        // Also of the servers killed: what one reported before its end is a leak all the same.
        assertThat(leaks).as("buffers the servers leaked").isEmpty();
    }
}
