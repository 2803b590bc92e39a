package ordo.gateway.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which failures of a periodic task to log: the first of each kind in full, then at most one of that kind per
 * {@link #quietNanos} with how many were not logged since; and, once the task succeeds again, how many went unlogged
 * (at most once per {@link #quietNanos}, so a task that fails every other round is not a report a round either). A
 * task that fails every round (the housekeeper's, every 5 ms) otherwise wrote two hundred stack traces a second,
 * burying the first and filling the disk the journal needs. Owned by one thread.
 */
final class FailureReports
{
    /** {@link #admit} and {@link #recovered}'s answer for nothing to log. */
    static final long QUIET = -1;
    /** Kinds remembered; the one reported longest ago is forgotten for a new one (then reported as new). */
    static final int KINDS = 8;

    private final long quietNanos;
    private final Map<String, long[]> kinds = new LinkedHashMap<>(16, 0.75f, true)
    {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, long[]> eldest)
        {
            return size() > KINDS;
        }
    };
    private long unloggedSinceRecovery;
    private boolean failing;
    private boolean recoveryReported;
    private long recoveryReportedAt;

    FailureReports(final long quietNanos)
    {
        this.quietNanos = quietNanos;
    }

    /** The kind of a failure: its class, message and where it was thrown, so one recurring failure is one kind. */
    static String kindOf(final Throwable failure)
    {
        final StackTraceElement[] stack = failure.getStackTrace();
        return failure.getClass().getName() + ": " + failure.getMessage() + (stack.length == 0 ? "" : " at " + stack[0]);
    }

    /**
     * A failure of {@code kind} at {@code nowNanos} ({@link System#nanoTime}).
     *
     * @return {@link #QUIET} to leave it out of the log, or how many failures of its kind since the last one logged
     *         were not logged (0 for the first)
     */
    long admit(final long nowNanos, final String kind)
    {
        failing = true;
        final long[] seen = kinds.get(kind); // {reportedAt, unreported}
        if (seen != null && nowNanos - seen[0] < quietNanos)
        {
            seen[1]++;
            unloggedSinceRecovery++;
            return QUIET;
        }
        final long since = seen == null ? 0 : seen[1];
        kinds.put(kind, new long[] {nowNanos, 0});
        return since;
    }

    /**
     * The task succeeded at {@code nowNanos}.
     *
     * @return {@link #QUIET}, or (the first success after failures some of which were not logged, and not within
     *         {@link #quietNanos} of the last such report) how many failures went unlogged since the last report
     */
    long recovered(final long nowNanos)
    {
        if (!failing)
        {
            return QUIET;
        }
        failing = false;
        if (unloggedSinceRecovery == 0 || (recoveryReported && nowNanos - recoveryReportedAt < quietNanos))
        {
            return QUIET;
        }
        final long unlogged = unloggedSinceRecovery;
        unloggedSinceRecovery = 0;
        recoveryReported = true;
        recoveryReportedAt = nowNanos;
        return unlogged;
    }
}
