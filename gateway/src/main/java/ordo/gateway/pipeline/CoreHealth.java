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
    private final java.util.concurrent.atomic.AtomicLong publishedJournaled = new java.util.concurrent.atomic.AtomicLong();

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
        publishedJournaled.set(seq);
    }

    /** Journaled commands published into the ring (not yet necessarily journaled): approximate, for lag metrics. */
    void published()
    {
        publishedJournaled.incrementAndGet();
    }

    public long journalLag()
    {
        return Math.max(0, publishedJournaled.get() - journaledSeq);
    }
}
