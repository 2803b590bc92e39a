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
