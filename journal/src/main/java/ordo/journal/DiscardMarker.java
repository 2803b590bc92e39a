package ordo.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Payload of a {@link JournalRecord#TYPE_DISCARD} record: which run of defective documents it
 * retires. Little-endian:
 *
 * <pre>
 *   0                   8                  16          20
 *   +-------------------+------------------+-----------+
 *   | firstIndex i64    | lastIndex i64    | count i32 |
 *   +-------------------+------------------+-----------+
 * </pre>
 *
 * <p>Indexes are Chronicle Queue indexes (cycle and in-cycle sequence), not journal seqs: a torn
 * record's seq cannot be trusted, its position can. {@code count} is a paired check on the run: a
 * scan counts the defective documents it skipped and compares.
 *
 * <p>Why a run and not a single record: if the process dies while writing the marker for a torn
 * tail, the next open finds two defective documents in a row at the tail (the torn record and the
 * torn marker). Both are unacknowledged, so one marker naming both retires them.
 */
public final class DiscardMarker {
    static final int FIRST_INDEX_OFFSET = 0;
    static final int LAST_INDEX_OFFSET = 8;
    static final int COUNT_OFFSET = 16;
    public static final int LENGTH = 20;

    private DiscardMarker() {
    }

    static void write(final MutableDirectBuffer dst, final long firstIndex, final long lastIndex, final int count) {
        dst.putLong(FIRST_INDEX_OFFSET, firstIndex, JournalRecord.ORDER);
        dst.putLong(LAST_INDEX_OFFSET, lastIndex, JournalRecord.ORDER);
        dst.putInt(COUNT_OFFSET, count, JournalRecord.ORDER);
    }

    /** Whether the decoded {@code marker} retires exactly the run {@code firstIndex..lastIndex}. */
    static boolean retires(final JournalRecord marker, final long firstIndex, final long lastIndex, final int count) {
        if (marker.type() != JournalRecord.TYPE_DISCARD || marker.payloadLength() != LENGTH) {
            return false;
        }
        final DirectBuffer b = marker.buffer();
        final int at = marker.payloadOffset();
        return b.getLong(at + FIRST_INDEX_OFFSET, JournalRecord.ORDER) == firstIndex
            && b.getLong(at + LAST_INDEX_OFFSET, JournalRecord.ORDER) == lastIndex
            && b.getInt(at + COUNT_OFFSET, JournalRecord.ORDER) == count;
    }
}
