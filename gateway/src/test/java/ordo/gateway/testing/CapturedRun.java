package ordo.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import picocli.CommandLine;

/** What an {@code ordo} command line printed and answered, run in this JVM with stdout and stderr captured. */
public record CapturedRun(int exitCode, String out, String err)
{
    /**
     * Runs {@code args} on the command line {@code commandLine} makes, made after stdout and stderr are captured: a
     * command line keeps the streams it was made with. The streams are put back whatever happens.
     */
    public static CapturedRun of(final Supplier<CommandLine> commandLine, final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream originalOut = System.out;
        final PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            final int code = commandLine.get().execute(args);
            return new CapturedRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
