package ordo.gateway.testing;

import java.util.List;

import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when a Netty buffer was leaked while it ran: one nobody released is pooled memory lost for the
 * server's life. Registered for every gateway test class (META-INF/services, junit-platform.properties).
 *
 * <p>After each class it collects garbage, so that the buffers leaked are freed, and allocates one buffer, whose
 * tracking makes Netty report them to {@link LeakRecorder}. A leak found later than the class that made it (one still
 * reachable at that point) fails the class during which it was found; the message carries where the buffer went.
 * Without the recorder installed (a test run from an IDE without the pom's properties) it checks nothing.
 */
public final class NoBufferLeaks implements AfterAllCallback
{
    /** Collections per check: the second frees what the first only made unreachable (finalizable references). */
    private static final int COLLECTIONS = 2;
    /** For the reference handler to queue what a collection freed, before the next buffer is tracked. */
    private static final long QUEUE_MILLIS = 5;

    @Override
    public void afterAll(final ExtensionContext context) throws InterruptedException
    {
        if (!LeakRecorder.installed())
        {
            return;
        }
        final List<String> leaks = collectLeaks();
        if (!leaks.isEmpty())
        {
            throw new AssertionError(leaks.size() + " Netty buffer(s) leaked (found after " +
                context.getDisplayName() + "):\n" + String.join("\n\n", leaks));
        }
    }

    /** Frees what nobody holds any more and returns the leaks found among it (and any found before). */
    public static List<String> collectLeaks() throws InterruptedException
    {
        for (int i = 0; i < COLLECTIONS; i++)
        {
            System.gc();
            Thread.sleep(QUEUE_MILLIS);
            // Tracking a new buffer is when Netty looks at the buffers the collector freed.
            ByteBufAllocator.DEFAULT.directBuffer(1).release();
        }
        return LeakRecorder.drain();
    }
}
