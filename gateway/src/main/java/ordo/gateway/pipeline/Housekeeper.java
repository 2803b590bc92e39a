package ordo.gateway.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import ordo.engine.CommandType;
import ordo.engine.CommandCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A low-rate producer thread (wakes every {@link #PERIOD_MILLIS} ms, never spins) that publishes the commands
 * nobody else would:
 * <ul>
 *   <li>TICK when the earliest hold is due, so expiry events go out and views catch up even when no other command
 *   arrives. Expiry itself never waits for a tick: every command expires what is due before it is applied.</li>
 *   <li>SNAPSHOT every N journaled commands or T seconds (whichever first, only if something changed).</li>
 * </ul>
 */
final class Housekeeper implements AutoCloseable
{
    static final long PERIOD_MILLIS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);

    private final OrdoCore core;
    private final long snapshotEveryCommands;
    private final long snapshotEveryMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean tickInFlight;
    private volatile boolean snapshotInFlight;
    private long lastSnapshotSeq;
    private long lastSnapshotAt;

    Housekeeper(final OrdoCore core, final long snapshotEveryCommands, final long snapshotEveryMillis)
    {
        this.core = core;
        this.snapshotEveryCommands = snapshotEveryCommands;
        this.snapshotEveryMillis = snapshotEveryMillis;
        this.thread = new Thread(this::run, "ordo-housekeeper");
        this.thread.setDaemon(true);
    }

    void start()
    {
        lastSnapshotSeq = core.engine().lastSeq();
        lastSnapshotAt = core.clock().time();
        thread.start();
    }

    private void run()
    {
        while (running)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
            try
            {
                work();
            }
            catch (final RuntimeException e)
            {
                LOG.error("housekeeping failed", e);
            }
        }
    }

    private void work()
    {
        if (!core.health().isReady())
        {
            return;
        }
        final long now = core.clock().time();
        if (!tickInFlight && now >= core.engine().nextExpiryAt())
        {
            tickInFlight = true;
            if (!core.tryPublish(CommandType.TICK, null, (r, w) -> CommandCodec.tick(w), s -> tickInFlight = false,
                null))
            {
                tickInFlight = false;
            }
        }
        final long appliedSeq = core.health().appliedSeq();
        final boolean changed = appliedSeq > lastSnapshotSeq;
        final boolean due = appliedSeq - lastSnapshotSeq >= snapshotEveryCommands ||
            now - lastSnapshotAt >= snapshotEveryMillis;
        if (!snapshotInFlight && changed && due)
        {
            snapshotInFlight = true;
            if (core.tryPublish(CommandType.SNAPSHOT, null, (r, w) -> { }, s -> snapshotInFlight = false, null))
            {
                lastSnapshotSeq = appliedSeq;
                lastSnapshotAt = now;
            }
            else
            {
                snapshotInFlight = false;
            }
        }
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
