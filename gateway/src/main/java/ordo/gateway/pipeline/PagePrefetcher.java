package ordo.gateway.pipeline;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import ordo.engine.PageSupply;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the live engine's pages of off-heap records ahead of time, on a thread of its own, so that the engine thread
 * takes a page that is already zeroed and faulted in rather than stopping for that (~0.25 ms per 1 MiB page here;
 * in an order-capture run without it, 18 % of the engine thread's samples were those page faults). Keeps
 * {@link #DEPTH} pages ready; the engine thread wakes it when it takes one (a few dozen times a second at tens of
 * thousands of orders a second), and it sleeps otherwise: it never spins. When none is ready — a burst faster than
 * the refill — the engine makes its page itself, as it does without a supply. When direct memory is exhausted
 * ({@code -XX:MaxDirectMemorySize}, by default the heap's size) the engine's own attempt fails as this thread's did
 * (an {@code OutOfMemoryError} on the engine thread: the core stops taking commands, as on a full heap); this thread
 * then waits {@link #EXHAUSTED_NANOS} before trying again, since each failed attempt costs the JVM a full collection.
 *
 * <p>One engine takes from it (single consumer) while it runs, this thread fills it (single producer); the pages
 * left when it stops are dropped by this thread, after the engine has stopped taking. They are direct memory held
 * ahead of need ({@link #DEPTH} MiB), released with them.
 */
public final class PagePrefetcher implements PageSupply, AutoCloseable
{
    /** Pages kept ready: 8 MiB, a quarter of a second of orders at ~30 k orders/s. */
    static final int DEPTH = 8;
    /** How long it sleeps when nobody wakes it. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * How long it waits after direct memory ran out: {@code ByteBuffer.allocateDirect} runs {@code System.gc()} and
     * waits up to half a second before it gives up, so retrying at the idle pace would be a full collection a second.
     */
    private static final long EXHAUSTED_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(PagePrefetcher.class);

    private final OneToOneConcurrentArrayQueue<ByteBuffer> ready = new OneToOneConcurrentArrayQueue<>(DEPTH);
    private final Thread thread;
    private final long idleNanos;
    private final Supplier<ByteBuffer> pageMaker;
    private volatile boolean running = true;
    /** Whether the last attempt to make a page ran out of direct memory (logged once per such stretch). */
    private boolean exhausted;

    /** Starts the thread, which makes the first pages at once. */
    public PagePrefetcher(final String name)
    {
        this(name, IDLE_NANOS);
    }

    /** With another idle sleep (tests: one long enough that only a take can refill it in time). */
    PagePrefetcher(final String name, final long idleNanos)
    {
        this(name, idleNanos, PageSupply::newPage);
    }

    /** With another maker of pages (tests: one that runs out of memory). */
    PagePrefetcher(final String name, final long idleNanos, final Supplier<ByteBuffer> pageMaker)
    {
        this.idleNanos = idleNanos;
        this.pageMaker = pageMaker;
        thread = new Thread(this::run, "ordo-pages-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public ByteBuffer poll()
    {
        final ByteBuffer page = ready.poll();
        if (page != null)
        {
            LockSupport.unpark(thread);
        }
        return page;
    }

    /** Pages ready now (any thread). */
    int readyPages()
    {
        return ready.size();
    }

    private void run()
    {
        while (running)
        {
            fill();
            if (exhausted)
            {
                // The whole wait: a take of a page still ready wakes this thread, and must not cut it short.
                final long until = System.nanoTime() + EXHAUSTED_NANOS;
                for (long left = EXHAUSTED_NANOS; running && left > 0; left = until - System.nanoTime())
                {
                    LockSupport.parkNanos(this, left);
                }
            }
            else
            {
                LockSupport.parkNanos(this, idleNanos);
            }
        }
        ready.clear(); // close() stops this thread only once the engine has stopped taking
    }

    private void fill()
    {
        while (running && ready.size() < DEPTH)
        {
            final ByteBuffer page;
            try
            {
                page = pageMaker.get();
            }
            catch (final OutOfMemoryError e)
            {
                if (!exhausted)
                {
                    LOG.warn("cannot make pages of off-heap records ahead ({}); the engine makes its own",
                        e.toString());
                    exhausted = true;
                }
                return;
            }
            exhausted = false;
            ready.offer(page);
        }
    }

    /**
     * Stops the thread, which drops the pages not taken (their memory goes with them). Call once the engine takes no
     * more pages.
     */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
