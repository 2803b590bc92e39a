package ordo.engine;

/**
 * The state's snapshot would not fit the bytes one snapshot can have (a Java array: 2 GiB). Nothing changed: the
 * engine is as it was, and the journal still holds every command, so a restart replays from the last snapshot that
 * was written. A state that large is orders kept for the engine's life: ~1.5 KB each in a snapshot when sourced
 * over 50 nodes, so ~1.4 million of them (~3.5 KB and ~600 000 before snapshot format 7); docs/BENCHMARKS.md,
 * thirteenth round.
 */
public final class SnapshotTooLargeException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    public SnapshotTooLargeException(final long limitBytes)
    {
        super("the state's snapshot is larger than " + limitBytes + " bytes, the most a snapshot can hold");
    }
}
