package ordo.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ordo.gateway.Main;
import ordo.gateway.OrdoServer;
import ordo.gateway.config.OrdoConfig;
import ordo.gateway.testing.CapturedRun;
import ordo.gateway.testing.LeakLevelRestored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ordo serve} failing on a bug inside the start: an IllegalStateException no check of the user's input raised
 * (a broken invariant) says so in its {@code ordo:} line, and its stack trace follows on stderr. It was the one line
 * alone, as for a missing configuration file, with the trace only in the debug log (MainErrorsTest has the user's
 * errors, which stay one line).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(LeakLevelRestored.class)
class ServeStartupBugTest
{
    private static final String BROKEN = "replay ended at seq 3 but the journal ends at 4";

    @TempDir
    Path tmp;

    @Test
    void anIllegalStateExceptionFromInsideTheStartKeepsItsStackTrace()
    {
        final CapturedRun run = CapturedRun.of(() ->
        {
            final CommandLine ordo = Main.commandLine();
            final ServeCommand serve = ordo.getSubcommands().get("serve").getCommand();
            serve.starter = ServeStartupBugTest::startThatBreaks;
            return ordo;
        }, "serve", "--data", tmp.resolve("data").toString(), "--bind", "127.0.0.1", "--port", "0");
        final String stderr = run.err();
        final List<String> lines = stderr.lines().toList();

        assertThat(run.exitCode()).as(stderr).isEqualTo(1);
        assertThat(lines.stream().filter(l -> l.startsWith("ordo:"))).as(stderr).containsExactly(
            "ordo: " + BROKEN + " (unexpected java.lang.IllegalStateException: a bug; its stack trace follows)");
        final int at = lines.indexOf("java.lang.IllegalStateException: " + BROKEN);
        assertThat(at).as("the exception's trace follows: %s", stderr).isPositive();
        assertThat(lines.subList(at + 1, lines.size())).as(stderr)
            .anyMatch(l -> l.startsWith("\tat " + ServeStartupBugTest.class.getName() + ".checkTheReplay("))
            .anyMatch(l -> l.startsWith("\tat " + ServeCommand.class.getName() + ".call("));
        assertThat(run.out()).isEmpty();
    }

    /** Stands for OrdoServer.start: fails two calls down, where a broken invariant is checked. */
    private static OrdoServer startThatBreaks(final OrdoConfig config)
    {
        recover(config);
        throw new AssertionError("not reached");
    }

    private static void recover(final OrdoConfig config)
    {
        checkTheReplay(3, 4);
    }

    private static void checkTheReplay(final long replayed, final long journaled)
    {
        if (replayed != journaled)
        {
            throw new IllegalStateException("replay ended at seq " + replayed + " but the journal ends at " + journaled);
        }
    }
}
