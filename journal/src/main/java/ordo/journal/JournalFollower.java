package ordo.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * Follows a live journal as it is written, from its first record, verifying every record's CRC and chain by the same
 * rules as a full scan ({@link JournalScan}): a second engine that keeps up with the journal (the shadow snapshotter)
 * reads it through this. Each {@link #poll} delivers the complete documents written since the last one and returns;
 * a document still being written is not visible until its writer completes it.
 *
 * <p>Made by {@link Journal#follower}, on the writer's own queue: a tailer of the writing queue sees each new roll
 * cycle as the writer creates it. Close it before the journal.
 *
 * <p>One owner thread: the tailer is created by the first {@link #poll}, on the thread that makes every call.
 */
public final class JournalFollower implements AutoCloseable {
    private final ChronicleQueue queue;
    private final long afterSeq;
    private final JournalScan scan = new JournalScan();
    private ExcerptTailer tailer;

    JournalFollower(final ChronicleQueue queue, final long afterSeq) {
        this.queue = queue;
        this.afterSeq = afterSeq;
    }

    /**
     * Delivers, in order, the records written since the last call, until the journal has no complete document left
     * or a record with seq &gt;= {@code untilSeq} was delivered (the rest of that document is delivered too).
     * A document is complete, not committed: a batch past 64 KiB spans several documents, the first ones visible
     * before the batch's commit (and its msync), so a caller that must not pass the committed journal bounds
     * {@code untilSeq} by the committed seq, which always ends a document. Records with seq &lt;= the
     * {@code afterSeq} this follower was made with are verified but not delivered.
     *
     * @return what the records read so far show; its {@code startChain} is the chain at {@code afterSeq}, to compare
     *         with the snapshot that covers it
     * @throws JournalCorruptException at the first record that cannot be trusted; records before it have been
     *                                 delivered, so the caller must stop following
     */
    public ScanResult poll(final long untilSeq, final RecordHandler handler) {
        if (tailer == null) {
            tailer = queue.createTailer();
            tailer.toStart();
        }
        while (scan.lastSeq() < untilSeq && scan.next(tailer, afterSeq, handler)) {
            // each call reads one document
        }
        return scan.result();
    }

    /** Seq of the last record read, 0 before the first. */
    public long lastSeq() {
        return scan.lastSeq();
    }

    /**
     * Chronicle index of the record being delivered; call from inside {@link RecordHandler#onRecord} to name the
     * record in an error message.
     */
    public long currentIndex() {
        return scan.currentIndex();
    }

    /** The rules version the record being delivered was written under (see {@link JournalReader#rulesInEffect}). */
    public int rulesInEffect() {
        return scan.rules();
    }

    @Override
    public void close() {
        if (tailer != null) {
            tailer.close();
            tailer = null;
        }
    }
}
