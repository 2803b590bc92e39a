package ordo.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ordo.gateway.cli.JournalCommand;
import ordo.gateway.cli.ServeCommand;
import ordo.gateway.config.ConfigException;
import ordo.journal.DataDirException;
import ordo.journal.JournalCorruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * The {@code ordo} launcher: {@code ordo serve}, {@code ordo journal dump|verify|replay}.
 *
 * <p>Chronicle Queue on Java 17 needs JVM flags (etc/jvm.options). {@code bin/ordo} passes them; when the jar is
 * started bare with {@code java -jar ordo.jar}, it relaunches itself once with the flags copied into the jar from
 * that same file, so there is one definition of them.
 *
 * <p>Errors: a command's "expected" failure, one the code raises knowingly for what the user gave or the machine has
 * (a configuration file missing or invalid, a flag's value out of range: {@link ConfigException}; a journal locked by
 * another process, or a data directory that refuses a start: {@link DataDirException}; a journal damaged:
 * {@link JournalCorruptException}; a port in use, a file that cannot be read: an I/O error) is one line on stderr,
 * {@code ordo: <message>}, and exit code 1; its stack trace goes to the log at debug level. Anything else is a bug,
 * whatever its type (an IllegalStateException from deep in the start is one): the same line, then its stack trace on
 * stderr, and exit code 1. Usage errors are picocli's: the message and the usage, exit code 2.
 */
@Command(name = "ordo", mixinStandardHelpOptions = true, version = Main.VERSION,
    description = "Deterministic, event-sourced order management.",
    subcommands = {ServeCommand.class, JournalCommand.class})
public final class Main implements Runnable
{
    /** What {@code --version} prints, for every command (each lists the option). */
    public static final String VERSION = "ordo 0.1.0";
    static final String RELAUNCHED = "ordo.relaunched";
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    public static void main(final String[] args) throws Exception
    {
        if (!chronicleFlagsPresent() && System.getProperty(RELAUNCHED) == null)
        {
            System.exit(relaunchWithFlags(args));
        }
        if (System.getProperty(RELAUNCHED) != null)
        {
            endWithTheLauncher();
        }
        System.exit(commandLine().execute(args));
    }

    /** The {@code ordo} command line as {@link #main} runs it, errors answered as the class comment says. */
    public static CommandLine commandLine()
    {
        return new CommandLine(new Main()).setExecutionExceptionHandler(Main::onExecutionException);
    }

    /**
     * One line for the failures a user can cause and fix (found in review: {@code serve --config missing.yaml}
     * printed a stack trace); for everything else the line and the stack trace. Any IllegalArgumentException or
     * IllegalStateException was one line, so a bug's (a check inside the start that failed) lost its trace to the
     * debug log (found in review): only the types raised for the user's input are {@link #forTheUser}.
     */
    static int onExecutionException(final Exception e, final CommandLine command, final ParseResult parsed)
    {
        final java.io.PrintWriter err = command.getErr();
        if (forTheUser(e))
        {
            LOG.debug("ordo {} failed", command.getCommandName(), e);
            err.println("ordo: " + describe(e));
        }
        else
        {
            err.println("ordo: " + describe(e) + " (unexpected " + e.getClass().getName() + ": a bug; its stack " +
                "trace follows)");
            e.printStackTrace(err);
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    /** Whether {@code e} is one of the failures raised knowingly for what the user gave (the class comment's list). */
    static boolean forTheUser(final Exception e)
    {
        return e instanceof ConfigException || e instanceof DataDirException || e instanceof JournalCorruptException ||
            e instanceof UncheckedIOException || e instanceof IOException;
    }

    /** The message, with the I/O error's when a wrapper's own leaves it out ("cannot listen on …: in use"). */
    static String describe(final Exception e)
    {
        final String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        final Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && message.equals(cause.toString()))
        {
            // A wrapper made of its cause alone (new UncheckedIOException(e)) says the cause's class name first:
            // "ordo: java.io.IOException: the journal's filesystem has …" (QA-193); the cause's words are enough.
            return cause.getMessage();
        }
        if (cause instanceof IOException && cause.getMessage() != null && !message.contains(cause.getMessage()))
        {
            return message + ": " + cause.getMessage();
        }
        return message;
    }

    @Override
    public void run()
    {
        new CommandLine(this).usage(System.out);
    }

    private static boolean chronicleFlagsPresent()
    {
        return Object.class.getModule().isOpen("java.lang", Main.class.getModule());
    }

    /**
     * The relaunched server ends as abruptly as its launcher when the launcher is killed outright
     * ({@code kill -9 $(pgrep -f 'ordo.jar serve')} matches the launcher's command line, not this one's): left
     * running, it kept the port and the journal's lock, and the next start was refused. A stop the launcher sees
     * (SIGTERM, Ctrl-C) comes here as SIGTERM first, and this process's own shutdown runs.
     */
    private static void endWithTheLauncher()
    {
        // By the pid the launcher passed, not this process's parent now: a launcher killed before this line ran would
        // leave init (or a subreaper) as the parent, which never exits (found in review).
        final Long launcherPid = Long.getLong(LAUNCHER_PID);
        final java.util.Optional<ProcessHandle> launcher = launcherPid == null ? ProcessHandle.current().parent() :
            ProcessHandle.of(launcherPid);
        if (launcher.isEmpty() || !launcher.get().isAlive())
        {
            Runtime.getRuntime().halt(137);
        }
        launcher.get().onExit().thenRun(() -> Runtime.getRuntime().halt(137));
    }

    /**
     * Whether an {@code -Xlog:what:output...} option writes to a file: its output is a file unless it is stdout or
     * stderr, with or without {@code file=} ({@code -Xlog:gc:gc.log} is one).
     */
    static boolean logsToFile(final String option)
    {
        if (!option.startsWith("-Xlog:"))
        {
            return false;
        }
        final String[] parts = option.substring("-Xlog:".length()).split(":", 3);
        if (parts.length < 2 || parts[1].isEmpty())
        {
            return false;
        }
        final String output = parts[1].startsWith("file=") ? parts[1].substring("file=".length()) : parts[1];
        return !output.equals("stdout") && !output.equals("stderr");
    }

    /** The launcher's pid, passed to the server it relaunched. */
    static final String LAUNCHER_PID = "ordo.launcherPid";

    /**
     * The launcher's JVM options a relaunched server should have too: heap, collector and other -X/-XX settings and
     * properties given on its command line. Not those of JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS (the server's JVM
     * reads the same variables: they would be given twice), nor agents, a debugger's, JMX's or a flight recording's
     * port or file, or -Xlog output files (two JVMs on one port or file: the server failed to start, or the launcher
     * overwrote its file; found in review).
     */
    static List<String> optionsToPassOn(final List<String> inputArguments, final String javaToolOptions,
        final String jdkJavaOptions)
    {
        final java.util.Set<String> fromEnvironment = new java.util.HashSet<>();
        for (final String variable : new String[] {javaToolOptions, jdkJavaOptions})
        {
            if (variable != null && !variable.isBlank())
            {
                fromEnvironment.addAll(List.of(variable.trim().split("\\s+")));
            }
        }
        final List<String> kept = new ArrayList<>();
        for (final String option : inputArguments)
        {
            final boolean unsafe = option.startsWith("-agentlib") || option.startsWith("-agentpath") ||
                option.startsWith("-javaagent") || option.startsWith("-Xrunjdwp") || option.equals("-Xdebug") ||
                option.startsWith("-Dcom.sun.management.jmxremote") || option.startsWith("-XX:StartFlightRecording") ||
                option.startsWith("-XX:FlightRecorderOptions") || option.startsWith("-XX:ArchiveClassesAtExit") ||
                logsToFile(option) || option.startsWith("-Xloggc");
            if (!unsafe && !fromEnvironment.contains(option))
            {
                kept.add(option);
            }
        }
        return kept;
    }

    private static int relaunchWithFlags(final String[] args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // This JVM's own options first (java -Xmx8g -Dx=y -jar ordo.jar: the heap and properties asked for), then
        // the flags; they were dropped, so the server ran on the default heap (found in review).
        command.addAll(optionsToPassOn(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
            System.getenv("JAVA_TOOL_OPTIONS"), System.getenv("JDK_JAVA_OPTIONS")));
        try (InputStream in = Main.class.getResourceAsStream("/ordo/jvm.options"))
        {
            if (in == null)
            {
                throw new IllegalStateException("jvm.options missing from the jar; start through bin/ordo");
            }
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                if (!line.isBlank() && !line.startsWith("#"))
                {
                    command.add(line.trim());
                }
            }
        }
        command.add("-D" + RELAUNCHED + "=true");
        command.add("-D" + LAUNCHER_PID + "=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).inheritIO().start();
        // Pass SIGTERM on and wait, so the child finishes its shutdown snapshot before this JVM exits, however long
        // that takes (a bound let this JVM exit while a large snapshot was still being written).
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            process.destroy();
            try
            {
                process.waitFor();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }));
        return process.waitFor();
    }
}
