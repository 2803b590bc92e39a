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
 *   <li>TICK when the earliest hold is due, or a new engine-time day begins while backorders wait
 *   ({@code Engine.nextTickAt}), so expiry events go out, a new day's capacity fills waiting orders and views catch
 *   up even when no other command arrives. Neither waits for a tick: every command expires what is due, and starts
 *   a new day, before it is applied.</li>
 *   <li>A snapshot every N journaled commands or T seconds (whichever first, only if something changed): a request
 *   to the {@link ShadowSnapshotter}, or with {@code snapshot.mode: inline} a SNAPSHOT command, which the engine
 *   thread serialises at its exact point in the command stream.</li>
 * </ul>
 */
final class Housekeeper implements AutoCloseable
{
    static final long PERIOD_MILLIS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);

    private final OrdoCore core;
    /** Null with {@code snapshot.mode: inline}. */
    private final ShadowSnapshotter shadow;
    private final long snapshotEveryCommands;
    private final long snapshotEveryMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean tickInFlight;
    private volatile boolean snapshotInFlight;
    private long lastSnapshotSeq;
    private long lastSnapshotAt;
    /** The last too-large refusal noticed ({@link CoreHealth#snapshotTooLargeAtSeq}) and when (clock time). */
    private long tooLargeSeq = -1;
    private long tooLargeNoticedAt;
    /** How far behind engine time the clock may be before it is reported (a slewing clock's jitter is far less). */
    static final long CLOCK_BEHIND_WARN_MILLIS = 1_000;
    /** Whether the clock was reported behind engine time and has not caught up since. */
    private boolean clockBehind;
    /** A failure that recurs every round is logged once a minute, not every 5 ms. */
    private final FailureReports failures = new FailureReports(TimeUnit.MINUTES.toNanos(1));

    Housekeeper(final OrdoCore core, final ShadowSnapshotter shadow, final long snapshotEveryCommands,
        final long snapshotEveryMillis)
    {
        this.core = core;
        this.shadow = shadow;
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
                final long unlogged = failures.recovered(System.nanoTime());
                if (unlogged != FailureReports.QUIET)
                {
                    LOG.info("housekeeping works again ({} failures since the last report were not logged)", unlogged);
                }
            }
            catch (final RuntimeException | Error e)
            {
                // An Error too: ending this thread would end every later TICK and snapshot request, silently.
                final long unreported = failures.admit(System.nanoTime(), FailureReports.kindOf(e));
                if (unreported != FailureReports.QUIET)
                {
                    LOG.error("housekeeping failed{}", unreported == 0 ? "" : " (again: " + unreported + " times since " +
                        "the last report, not logged; one report a minute of each kind)", e);
                }
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
        noticeClockBehind();
        if (!tickInFlight && now >= core.engine().nextTickAt())
        {
            tickInFlight = true;
            boolean published = false;
            try
            {
                published = core.tryPublish(CommandType.TICK, null, (r, w) -> CommandCodec.tick(w),
                    s -> tickInFlight = false, null);
            }
            finally
            {
                // Cleared here only when nothing went out (the callback may already have run for one that did). A
                // publish that threw neutralised its slot, so its callback never runs: left set, no TICK ever again.
                if (!published)
                {
                    tickInFlight = false;
                }
            }
        }
        // The shadow snapshots what the journal has committed, which may trail what the engine applied: measure
        // progress where the snapshot will be taken, or a request counts commands it does not cover.
        final long progressSeq = shadow != null ? core.health().journaledSeq() : core.health().appliedSeq();
        final boolean changed = progressSeq > lastSnapshotSeq;
        final boolean due = progressSeq - lastSnapshotSeq >= snapshotEveryCommands ||
            now - lastSnapshotAt >= snapshotEveryMillis;
        if (changed && due && requestSnapshot(now))
        {
            lastSnapshotSeq = progressSeq;
            lastSnapshotAt = now;
        }
    }

    /**
     * Says once, when the clock falls more than {@link #CLOCK_BEHIND_WARN_MILLIS} behind engine time (a step back, or a
     * start on a host whose clock is behind the journal's), that engine time stands still until it catches up, and
     * once when it has: nothing told an operator why holds stopped expiring (QA-260).
     */
    private void noticeClockBehind()
    {
        final long behind = core.clockBehindMillis();
        if (!clockBehind && behind > CLOCK_BEHIND_WARN_MILLIS)
        {
            clockBehind = true;
            LOG.warn("the clock is {} ms behind engine time, which never goes back: until the clock catches up, holds "
                + "do not expire, ticks and time-based snapshots wait, and every command is stamped with the engine's "
                + "time (docs/OPERATIONS.md, The clock)", behind);
        }
        else if (clockBehind && behind == 0)
        {
            clockBehind = false;
            LOG.info("the clock has caught up with engine time");
        }
    }

    /**
     * @return false while the previous snapshot is still being taken, the ring is full, or (inline) a snapshot was
     *         refused as too large less than {@link ShadowSnapshotter#TOO_LARGE_RETRY_NANOS} ago: try again later
     */
    private boolean requestSnapshot(final long now)
    {
        if (shadow != null)
        {
            return shadow.request(); // it backs off after a refusal itself
        }
        final long refusedAt = core.health().snapshotTooLargeAtSeq();
        if (refusedAt != tooLargeSeq)
        {
            tooLargeSeq = refusedAt;
            tooLargeNoticedAt = now;
        }
        // Each attempt would have the engine thread serialise gigabytes, answering nothing meanwhile, to fail again.
        if (tooLargeSeq >= 0 && now - tooLargeNoticedAt < TimeUnit.NANOSECONDS.toMillis(
            ShadowSnapshotter.TOO_LARGE_RETRY_NANOS))
        {
            return false;
        }
        if (snapshotInFlight)
        {
            return false;
        }
        snapshotInFlight = true;
        boolean published = false;
        try
        {
            published = core.tryPublish(CommandType.SNAPSHOT, null, (r, w) -> { }, s -> snapshotInFlight = false, null);
        }
        finally
        {
            if (!published)
            {
                snapshotInFlight = false; // as for the TICK: a publish that threw leaves nothing in flight
            }
        }
        return published;
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
