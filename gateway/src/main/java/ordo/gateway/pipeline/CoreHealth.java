package ordo.gateway.pipeline;

/**
 * Progress and health of the pipeline, written by the stage threads and read by anyone (readiness, metrics).
 */
public final class CoreHealth
{
    private volatile boolean ready;
    private volatile Throwable journalFailure;
    private volatile long journaledSeq;
    private volatile long appliedSeq;
    /**
     * The ring sequence of the first slot a stage threw on (a bug, {@link FatalExceptionHandler}), Long.MAX_VALUE
     * before any: the engine's state from there on is unknown, so no answer at or after it may be acknowledged.
     */
    private volatile long stageFailedAt = Long.MAX_VALUE;
    /** The seq of the last snapshot refused as larger than a snapshot can be, -1 before any. */
    private volatile long snapshotTooLargeAtSeq = -1;
    /** Slots published but not yet past the journal stage; set once the ring runs. */
    private volatile java.util.function.LongSupplier journalBacklog = () -> 0;

    void ready(final boolean ready)
    {
        this.ready = ready;
    }

    /** Journal open, replay done, pipeline running, and no journal failure since. */
    public boolean isReady()
    {
        return ready && journalFailure == null;
    }

    void failJournal(final Throwable failure)
    {
        journalFailure = failure;
    }

    /**
     * A stage threw at ring sequence {@code ringSequence} (-1: before any slot): refuses that slot's answer and every
     * later one, whatever the journal committed, and fails the core as {@link #failJournal} does. Set before the
     * failing stage passes the slot on, so the reply stage sees it for that slot and every later one.
     */
    synchronized void failStage(final Throwable failure, final long ringSequence)
    {
        // Synchronized: in the parallel layout two stages may throw at once, and the lower sequence must win (a
        // check-then-set let the later one overwrite it, found in review).
        if (ringSequence < stageFailedAt)
        {
            stageFailedAt = ringSequence;
        }
        failJournal(failure);
    }

    /** Whether the answer of the slot at {@code ringSequence} must be refused because a stage threw at or before it. */
    boolean stageFailedBy(final long ringSequence)
    {
        return ringSequence >= stageFailedAt;
    }

    public boolean journalFailed()
    {
        return journalFailure != null;
    }

    public Throwable journalFailure()
    {
        return journalFailure;
    }

    void journaled(final long seq)
    {
        journaledSeq = seq;
    }

    void applied(final long seq)
    {
        appliedSeq = seq;
    }

    public long journaledSeq()
    {
        return journaledSeq;
    }

    public long appliedSeq()
    {
        return appliedSeq;
    }

    void resetProgress(final long seq)
    {
        journaledSeq = seq;
        appliedSeq = seq;
    }

    void snapshotTooLarge(final long seq)
    {
        snapshotTooLargeAtSeq = seq;
    }

    /**
     * The seq at which the last snapshot was refused because memory had no room for the state's snapshot, -1 if
     * none was: past it, a restart replays the journal from the last snapshot written, so an operator wants to
     * know (metric {@code ordo_snapshot_too_large_sequence}).
     */
    public long snapshotTooLargeAtSeq()
    {
        return snapshotTooLargeAtSeq;
    }

    void journalBacklog(final java.util.function.LongSupplier backlog)
    {
        journalBacklog = backlog;
    }

    /**
     * Commands in the ring that the journal stage has not passed yet (queries included: they pass it without I/O).
     * Read from the ring's own sequences, so publishing pays no shared counter per command.
     */
    public long journalLag()
    {
        return Math.max(0, journalBacklog.getAsLong());
    }
}
