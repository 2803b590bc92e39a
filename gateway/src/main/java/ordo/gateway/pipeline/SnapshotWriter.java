package ordo.gateway.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import ordo.engine.SnapshotBytes;
import ordo.journal.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes snapshots durable off the pipeline threads: the engine serialised the state into memory at an exact
 * sequence; this thread writes it (temp file, fsync, rename) so a slow disk never stalls the engine. At most a few
 * are queued; if the disk falls that far behind, newer snapshots are dropped with a warning (the journal still has
 * everything, a snapshot only shortens recovery).
 */
final class SnapshotWriter implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    private record Job(long seq, long timeMillis, long stateHash, long chain, SnapshotBytes body)
    {
    }

    /** How long close() waits between the lines it logs while the last snapshots are still being written. */
    private static final long CLOSE_REPORT_MILLIS = 60_000;

    private final SnapshotStore store;
    private final long closeReportMillis;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(2);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lastWrittenSeq = -1;

    SnapshotWriter(final SnapshotStore store)
    {
        this(store, CLOSE_REPORT_MILLIS);
    }

    /** With {@code closeReportMillis} between the lines close() logs while a snapshot is still being written (tests). */
    SnapshotWriter(final SnapshotStore store, final long closeReportMillis)
    {
        this.store = store;
        this.closeReportMillis = closeReportMillis;
        this.thread = new Thread(this::run, "ordo-snapshot-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void submit(final long seq, final long timeMillis, final long stateHash, final long chain, final SnapshotBytes body)
    {
        final Job job = new Job(seq, timeMillis, stateHash, chain, body);
        // Keep the newest (it may be the shutdown snapshot): drop the oldest waiting one instead.
        while (!queue.offer(job))
        {
            final Job dropped = queue.poll();
            if (dropped != null)
            {
                LOG.warn("snapshot at seq {} dropped for the newer one at seq {}: the disk is behind", dropped.seq, seq);
            }
        }
    }

    long lastWrittenSeq()
    {
        return lastWrittenSeq;
    }

    private void run()
    {
        while (running || !queue.isEmpty())
        {
            try
            {
                final Job job = queue.poll(100, TimeUnit.MILLISECONDS);
                if (job != null)
                {
                    write(job);
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(final Job job)
    {
        writeNow(job.seq, job.timeMillis, job.stateHash, job.chain, job.body);
    }

    /**
     * Writes a snapshot on the calling thread: for the shadow snapshotter, which is off the pipeline already and
     * serialises into blocks it keeps (made once, as the state grows, and never copied by the collector again,
     * instead of a growing array per snapshot), so its body cannot wait in the queue.
     *
     * @return whether it was written; a failure is logged (the journal still holds every command)
     */
    boolean writeNow(final long seq, final long timeMillis, final long stateHash, final long chain,
        final SnapshotBytes body)
    {
        try
        {
            store.write(seq, timeMillis, stateHash, chain, body);
            written(seq);
            LOG.info("snapshot written at seq {} ({} bytes, state hash {})", seq, body.length(),
                ordo.engine.Engine.formatHash(stateHash));
            return true;
        }
        catch (final Exception | Error e)
        {
            // An Error too (a mapped file that faults is an InternalError): on the writer's thread, one escaping
            // ended it, and every later snapshot, the shutdown one included, was queued for nobody.
            LOG.error("snapshot at seq {} failed; the journal still holds every command", seq, e);
            return false;
        }
    }

    /** Two threads write (this one and the shadow's): the newest seq written wins. */
    private synchronized void written(final long seq)
    {
        if (seq > lastWrittenSeq)
        {
            lastWrittenSeq = seq;
        }
    }

    /**
     * Writes what is queued, then stops: waits for it however long it takes. The shutdown snapshot is queued last, and
     * the next start — and an upgrade to other rules, which needs the journal's tail covered (docs/OPERATIONS.md,
     * Upgrading) — relies on it; a large state on a slow disk can take minutes (a 3.8 GB state: about one here).
     * Waiting at most a minute left it half-written as a {@code .tmp} file while close() went on to "core closed"
     * (review). A disk that never answers holds the stop; the journal holds every command either way.
     */
    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(closeReportMillis);
            long waited = closeReportMillis;
            while (thread.isAlive())
            {
                LOG.warn("still writing the last snapshots after {} ms; waiting for them (the next start replays " +
                    "the journal from the newest snapshot written)", waited);
                thread.join(closeReportMillis);
                waited += closeReportMillis;
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
