package ordo.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The open-loop sends of one scheduler wake-up ({@link Driver#batch}) run as one task on a driver's event loop: while
 * the batch is open a connection only writes, and asks to be flushed when it closes, so each connection is flushed
 * once per batch however many requests it got — one write system call instead of one per request, and no wake-up of
 * the event loop per request.
 *
 * <p>Threading: confined to the one event-loop thread that runs the driver's connections.
 */
public final class WriteBatch
{
    /** A connection holding written, unflushed requests. */
    public interface Deferred
    {
        void flushBatch();
    }

    private final List<Deferred> deferred = new ArrayList<>();
    private boolean open;

    /** Whether a batch is being run now, so a send should write without flushing and {@link #defer} itself. */
    public boolean isOpen()
    {
        return open;
    }

    /** Flush {@code connection} when the batch closes; once per batch per connection (the caller remembers). */
    public void defer(final Deferred connection)
    {
        deferred.add(connection);
    }

    /** Runs {@code sends} as one batch, then flushes every connection they wrote to. */
    public void run(final Runnable sends)
    {
        open = true;
        try
        {
            sends.run();
        }
        finally
        {
            open = false;
            for (int i = 0; i < deferred.size(); i++)
            {
                deferred.get(i).flushBatch();
            }
            deferred.clear();
        }
    }
}
