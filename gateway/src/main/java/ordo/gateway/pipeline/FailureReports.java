package ordo.gateway.pipeline;

/**
 * Which failures of a periodic task to log: the first in full, then at most one per {@link #quietNanos} with how many
 * were not logged since. A task that fails every round (the housekeeper's, every 5 ms) otherwise wrote two hundred
 * stack traces a second, burying the first and filling the disk the journal needs. Owned by one thread.
 */
final class FailureReports
{
    /** {@link #admit}'s answer for a failure not to log. */
    static final long QUIET = -1;

    private final long quietNanos;
    private boolean reported;
    private long reportedAt;
    private long unreported;

    FailureReports(final long quietNanos)
    {
        this.quietNanos = quietNanos;
    }

    /**
     * A failure at {@code nowNanos} ({@link System#nanoTime}).
     *
     * @return {@link #QUIET} to leave it out of the log, or how many failures since the last one logged were not
     *         logged (0 for the first)
     */
    long admit(final long nowNanos)
    {
        if (reported && nowNanos - reportedAt < quietNanos)
        {
            unreported++;
            return QUIET;
        }
        final long since = unreported;
        reported = true;
        reportedAt = nowNanos;
        unreported = 0;
        return since;
    }
}
