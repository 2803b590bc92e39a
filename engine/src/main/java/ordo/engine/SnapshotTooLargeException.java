package ordo.engine;

/**
 * The state's snapshot does not fit: memory has no room for its next block ({@link SnapshotBuffer}), or it is
 * past a limit the buffer was given (tests). Nothing changed: the engine is as it was, and the journal still holds
 * every command, so a restart replays from the last snapshot that was written. A state that large is orders kept
 * for the engine's life: ~1.5 KB each in a snapshot when sourced over 50 nodes. (Until snapshots were written in
 * blocks, one array capped a snapshot at 2 GiB, ~1.4 million such orders; docs/BENCHMARKS.md, sixteenth round.)
 */
public final class SnapshotTooLargeException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    public SnapshotTooLargeException(final long limitBytes)
    {
        super("the state's snapshot is larger than " + limitBytes + " bytes, the most a snapshot can hold");
    }

    /** Memory (the heap or direct) had no room for another {@code blockBytes} after {@code writtenBytes}. */
    SnapshotTooLargeException(final long writtenBytes, final int blockBytes, final OutOfMemoryError cause)
    {
        super("no memory for the state's snapshot past " + writtenBytes + " bytes (another block of " + blockBytes +
            " bytes: " + cause.getMessage() + ")", cause);
    }
}
