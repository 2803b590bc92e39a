package ordo.journal;

/**
 * The journal cannot be trusted from {@link #index()} on, and recovery must stop: replaying past
 * this point would rebuild a state nobody acknowledged. Not thrown for a torn tail, which is
 * expected after a crash and repaired by {@link Journal#open}.
 */
public final class JournalCorruptException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** {@link #seq()} when the record was too short to hold one. */
    public static final long SEQ_UNKNOWN = -1;

    /** What was found at the index. */
    public enum Kind {
        /** A record failed its frame or CRC check and good records follow it without a marker. */
        DEFECTIVE_RECORD,
        /** A valid record whose seq is not the previous seq + 1. */
        SEQUENCE_GAP,
        /** A valid record whose chain does not extend the previous one: it was edited. */
        BROKEN_CHAIN,
        /** A discard marker that does not retire the defective run right before it. */
        MISPLACED_MARKER,
        /** A rules marker whose CRC holds but whose payload is not a rules version. */
        INVALID_MARKER,
        /** The journal was written in another format version (its first document is a format-1 record). */
        UNSUPPORTED_FORMAT,
        /**
         * Chronicle holds documents, or writes new ones, beyond where a reader of the journal stops: a file cut
         * short, a page of a roll file that never reached the disk, or damage in a roll file before the last. What
         * lies beyond was written (possibly acknowledged) and cannot be read, and anything appended there would be
         * lost at the next start.
         */
        UNREADABLE_BEYOND
    }

    private final Kind kind;
    private final long index;
    private final long seq;

    JournalCorruptException(final Kind kind, final long index, final long seq, final String detail) {
        super(describe(kind, index, seq, detail));
        this.kind = kind;
        this.index = index;
        this.seq = seq;
    }

    static String describe(final Kind kind, final long index, final long seq, final String detail) {
        if (index < 0) {
            // A roll file, before any record; or a seq known without its document's index (a salvage's padded copy).
            return "journal " + kind + (seq == SEQ_UNKNOWN ? "" : " at seq " + seq) + ": " + detail;
        }
        return "journal " + kind + " at Chronicle index 0x" + Long.toHexString(index) + " (" + index + ")"
            + (seq == SEQ_UNKNOWN ? ", seq unreadable" : ", seq " + seq) + ": " + detail;
    }

    public Kind kind() {
        return kind;
    }

    /** Chronicle Queue index of the first record that cannot be trusted. */
    public long index() {
        return index;
    }

    /** Seq of that record: for a defective one, the seq it should carry (one after the last good record). */
    public long seq() {
        return seq;
    }
}
