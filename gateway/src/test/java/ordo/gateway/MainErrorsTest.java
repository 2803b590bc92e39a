package ordo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import ordo.gateway.testing.CapturedRun;
import ordo.gateway.testing.LeakLevelRestored;
import ordo.journal.Durability;
import ordo.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * What {@code ordo} prints when a command fails: one line for what a user caused and can fix ({@code serve}'s start-up
 * errors), the stack trace for a bug.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(LeakLevelRestored.class)
class MainErrorsTest
{
    @TempDir
    Path tmp;

    @Test
    void serveWithAConfigurationFileThatDoesNotExistSaysSoInOneLine()
    {
        final Path missing = tmp.resolve("missing.yaml");

        final CapturedRun serve = ordo("serve", "--config", missing.toString());

        assertOneLine(serve, "ordo: configuration file " + missing + " does not exist");
    }

    @Test
    void serveWithAnInvalidConfigurationFileOrFlagSaysSoInOneLine() throws Exception
    {
        final Path typo = tmp.resolve("ordo.yaml");
        java.nio.file.Files.writeString(typo, "http: {prot: 8080}\n");

        final CapturedRun file = ordo("serve", "--config", typo.toString());
        final CapturedRun flag = ordo("serve", "--port", "70000");

        final String said = file.err().lines().filter(l -> l.startsWith("ordo:")).findFirst().orElse("");
        assertThat(said).startsWith("ordo: " + typo + ": unknown configuration key 'http.prot'");
        assertOneLine(file, said);
        assertOneLine(flag, "ordo: http.port must be between 0 and 65535, got 70000");
    }

    @Test
    void serveOnAJournalAlreadyOpenSaysSoInOneLine()
    {
        final Path data = tmp.resolve("data");
        final CapturedRun serve;
        try (Journal journal = Journal.open(data, Durability.PROCESS))
        {
            serve = ordo("serve", "--data", data.toString(), "--bind", "127.0.0.1", "--port", "0");
        }

        assertOneLine(serve, "ordo: journal in " + data + " is already open in this process");
    }

    @Test
    void serveOnAPortInUseSaysSoInOneLine() throws Exception
    {
        final CapturedRun serve;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            serve = ordo("serve", "--data", tmp.resolve("data").toString(), "--bind", "127.0.0.1", "--port",
                Integer.toString(taken.getLocalPort()));
        }

        final String said = serve.err().lines().filter(l -> l.startsWith("ordo:")).findFirst().orElse("");
        assertThat(said).startsWith("ordo: cannot listen on 127.0.0.1:").containsIgnoringCase("in use");
        assertOneLine(serve, said);
    }

    @Test
    void aBugKeepsItsStackTrace()
    {
        final CapturedRun bug = CapturedRun.of(() -> new CommandLine(new Failing())
            .setExecutionExceptionHandler(Main::onExecutionException));

        assertThat(bug.exitCode()).isEqualTo(1);
        assertThat(bug.err()).contains("NullPointerException").contains("\tat ");
    }

    @Test
    void anExpectedFailureOfAnyCommandIsOneLine()
    {
        final Failing failing = new Failing();
        failing.failure = new java.io.UncheckedIOException("cannot read x",
            new java.io.IOException("Permission denied"));

        final CapturedRun run = CapturedRun.of(
            () -> new CommandLine(failing).setExecutionExceptionHandler(Main::onExecutionException));

        assertOneLine(run, "ordo: cannot read x: Permission denied");
    }

    /** A wrapper made of its cause alone says the cause's words, not its class name too (QA-193). */
    @Test
    void aWrapperOfItsCauseAloneSaysTheCausesWords()
    {
        final Failing failing = new Failing();
        failing.failure = new java.io.UncheckedIOException(new java.io.IOException(
            "the journal's filesystem has 2011136 bytes usable"));

        final CapturedRun run = CapturedRun.of(
            () -> new CommandLine(failing).setExecutionExceptionHandler(Main::onExecutionException));

        assertOneLine(run, "ordo: the journal's filesystem has 2011136 bytes usable");
    }

    @Command(name = "failing")
    static final class Failing implements Callable<Integer>
    {
        RuntimeException failure = new NullPointerException("a bug");

        @Override
        public Integer call()
        {
            throw failure;
        }
    }

    /** The error is the last line on stderr (the log's lines, also on stderr, come before it), with no trace. */
    private static void assertOneLine(final CapturedRun run, final String line)
    {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        // Other threads may log to stderr before or after it (a slow machine's late line), so the error is found by
        // its prefix, not as the last line; its own trace would follow it.
        final java.util.List<String> lines = run.err().lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("ordo:"))).as(run.err()).containsExactly(line);
        final int at = lines.indexOf(line);
        assertThat(at + 1 < lines.size() ? lines.get(at + 1) : "").as("no stack trace after it").doesNotStartWith("\tat ")
            .doesNotStartWith("Caused by");
        assertThat(run.out()).isEmpty();
    }

    private static CapturedRun ordo(final String... args)
    {
        return CapturedRun.of(Main::commandLine, args);
    }
}
