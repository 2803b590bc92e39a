package ordo.journal;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The journal record codec: the one place that knows the bytes of a record. A Chronicle Queue
 * document holds one group commit: one or more records back to back (journals written before
 * group documents hold one record per document, which reads the same way). Each record,
 * little-endian:
 *
 * <pre>
 *   0          8             16      18      20       24                24+len   28+len      36+len
 *   +----------+-------------+-------+-------+--------+------------------+--------+-----------+
 *   | seq i64  | timeMillis  | type  | flags | length | payload          | crc32c | chain i64 |
 *   |          | i64         | u16   | u16   | i32    | (length bytes)   | i32    |           |
 *   +----------+-------------+-------+-------+--------+------------------+--------+-----------+
 *   |&lt;------------------------- crc32c covers ---------------------------&gt;|
 * </pre>
 *
 * <ul>
 *   <li>{@code crc32c} covers every byte before it, so a torn or flipped byte anywhere in the record
 *       (including its own length field) is caught before the payload is trusted.</li>
 *   <li>{@code chain} = {@link Hash64#chain}(previous chain, crc, seq); the first record links to
 *       {@link #GENESIS_CHAIN}. It makes an edited-and-re-CRC'd record detectable. The CRC does
 *       not cover it, so a torn chain field reads as a chain mismatch; {@link JournalScan} treats a
 *       mismatch on the last record like any other torn tail.</li>
 *   <li>{@code flags} are written as 0; a reader that finds any other value refuses the record
 *       rather than guess what a newer writer meant.</li>
 *   <li>Type {@link #TYPE_DISCARD} is reserved for the journal's own discard markers (see
 *       {@link DiscardMarker}): a marker repeats the seq of the record before it and carries that
 *       record's chain unchanged, so markers consume neither a sequence number nor a chain link.</li>
 * </ul>
 *
 * <p>An instance is a reusable flyweight over its own growable buffer, owned by one thread: the
 * journaller encodes into it, a scan decodes into it. Neither path allocates once the buffer has
 * grown to the largest record seen.
 */
public final class JournalRecord {
    public static final int SEQ_OFFSET = 0;
    public static final int TIME_OFFSET = 8;
    public static final int TYPE_OFFSET = 16;
    public static final int FLAGS_OFFSET = 18;
    public static final int LENGTH_OFFSET = 20;
    public static final int PAYLOAD_OFFSET = 24;
    /** Bytes before the payload. */
    public static final int HEADER_LENGTH = PAYLOAD_OFFSET;
    /** crc32c (4) + chain (8) after the payload. */
    public static final int TRAILER_LENGTH = 12;
    /** A record's length is always {@code FRAME_LENGTH + payload length}. */
    public static final int FRAME_LENGTH = HEADER_LENGTH + TRAILER_LENGTH;
    /** Bounds every buffer and every copy; a command is far smaller than this. */
    public static final int MAX_PAYLOAD_LENGTH = 1 << 20;
    public static final int MAX_RECORD_LENGTH = FRAME_LENGTH + MAX_PAYLOAD_LENGTH;
    /** Highest type a caller may append; the one above is the journal's own. */
    public static final int MAX_USER_TYPE = 0xFFFE;
    public static final int TYPE_DISCARD = 0xFFFF;
    public static final int FLAGS_NONE = 0;
    /** The chain value "before" seq 1: ASCII "ORDOJRNL", fixed forever for this format. */
    public static final long GENESIS_CHAIN = 0x4F52444F4A524E4CL;

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int INITIAL_CAPACITY = 4096;

    /** Why a document is not a valid record; {@link #NONE} when it is. */
    public enum Defect {
        NONE("valid"),
        TRUNCATED("shorter than the " + FRAME_LENGTH + "-byte frame"),
        TOO_LONG("longer than the largest record (" + MAX_RECORD_LENGTH + " bytes)"),
        LENGTH_MISMATCH("payload length field disagrees with the document length"),
        CRC_MISMATCH("crc32c mismatch"),
        UNKNOWN_FLAGS("flags set that this version does not know"),
        /**
         * Set by {@link JournalScan}, not by {@link #decode}: the CRC checks out but the chain does
         * not extend the previous record's. Mid-journal that means the record was edited; as the
         * last record it is indistinguishable from a write torn inside the chain field (which the
         * CRC does not cover), and a chain cannot vouch for its own tail anyway.
         */
        CHAIN_MISMATCH("crc32c intact but the chain does not extend the previous record's");

        private final String description;

        Defect(final String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);
    private final CRC32C crc32c = new CRC32C();
    /** Where the current record starts in the buffer: 0, or further on inside a document of several records. */
    private int base;
    private int recordLength;
    /** Bytes of the document copied in by {@link #arrayForRead}. */
    private int documentLength;

    /**
     * Rejects what may never be appended. Called before the journal writes (and paired with
     * {@link #decode}'s checks when the record is read back). Exceptions here are caller bugs.
     */
    public static void checkAppendable(final int type, final int payloadLength) {
        if (type < 0 || type > MAX_USER_TYPE) {
            throw new IllegalArgumentException("record type " + type + " outside 0.." + MAX_USER_TYPE);
        }
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("payload length " + payloadLength + " outside 0.." + MAX_PAYLOAD_LENGTH);
        }
    }

    /** The seq a record of {@code type} must carry after a record with {@code lastSeq}. */
    public static long expectedSeq(final long lastSeq, final int type) {
        return type == TYPE_DISCARD ? lastSeq : lastSeq + 1;
    }

    /** The chain a record must carry: markers repeat the previous chain, records extend it. */
    public static long nextChain(final long previousChain, final int type, final int crc, final long seq) {
        return type == TYPE_DISCARD ? previousChain : Hash64.chain(previousChain, crc, seq);
    }

    /**
     * Encodes a record into this flyweight's buffer, computing its crc and chain.
     *
     * @return the record length; the bytes are {@code array()[0 .. length)}
     */
    public int encode(final long seq, final long timeMillis, final int type,
                      final DirectBuffer payload, final int offset, final int length, final long previousChain) {
        final int crcOffset = PAYLOAD_OFFSET + length;
        final int total = crcOffset + TRAILER_LENGTH;
        buffer.checkLimit(total);
        buffer.putLong(SEQ_OFFSET, seq, ORDER);
        buffer.putLong(TIME_OFFSET, timeMillis, ORDER);
        buffer.putShort(TYPE_OFFSET, (short) type, ORDER);
        buffer.putShort(FLAGS_OFFSET, (short) FLAGS_NONE, ORDER);
        buffer.putInt(LENGTH_OFFSET, length, ORDER);
        buffer.putBytes(PAYLOAD_OFFSET, payload, offset, length);
        base = 0;
        final int crc = crcOf(crcOffset);
        buffer.putInt(crcOffset, crc, ORDER);
        buffer.putLong(crcOffset + 4, nextChain(previousChain, type, crc, seq), ORDER);
        recordLength = total;
        documentLength = total;
        return total;
    }

    /**
     * Readies the buffer for a document of {@code documentLength} bytes and returns the array to
     * copy it into. Callers check {@code documentLength <= MAX_RECORD_LENGTH} first.
     */
    byte[] arrayForRead(final int documentLength) {
        buffer.checkLimit(documentLength);
        this.documentLength = documentLength;
        base = 0;
        recordLength = documentLength;
        return buffer.byteArray();
    }

    /**
     * Checks the record that was copied into {@link #arrayForRead} as the whole document;
     * accessors are meaningful only when this returns {@link Defect#NONE}.
     */
    public Defect decode() {
        final Defect defect = decodeAt(0);
        if (defect == Defect.NONE && recordLength != documentLength) {
            return Defect.LENGTH_MISMATCH;
        }
        return defect;
    }

    /**
     * Checks the record starting at {@code position} of the document copied into
     * {@link #arrayForRead}, which may hold further records after it (a group commit writes a
     * whole batch as one document). Afterwards {@link #recordLength()} is the record's own length
     * (valid when this returns {@link Defect#NONE}) and the accessors read this record.
     */
    Defect decodeAt(final int position) {
        base = position;
        final int available = documentLength - position;
        recordLength = available;
        if (available < FRAME_LENGTH) {
            return Defect.TRUNCATED;
        }
        final int length = buffer.getInt(position + LENGTH_OFFSET, ORDER);
        if (length < 0 || length > MAX_PAYLOAD_LENGTH || FRAME_LENGTH + length > available) {
            return Defect.LENGTH_MISMATCH;
        }
        recordLength = FRAME_LENGTH + length;
        if (crcOf(PAYLOAD_OFFSET + length) != crc()) {
            return Defect.CRC_MISMATCH;
        }
        if (flags() != FLAGS_NONE) {
            return Defect.UNKNOWN_FLAGS;
        }
        return Defect.NONE;
    }

    /** Moves to the record at {@code position} that {@link #decodeAt} has already found valid. */
    void moveTo(final int position) {
        base = position;
        recordLength = FRAME_LENGTH + buffer.getInt(position + LENGTH_OFFSET, ORDER);
    }

    private int crcOf(final int coveredLength) {
        crc32c.reset();
        crc32c.update(buffer.byteArray(), base, coveredLength);
        return (int) crc32c.getValue();
    }

    /** Whether the first eight bytes (the seq) were present, for naming a defective record. */
    public boolean seqReadable() {
        return recordLength >= SEQ_OFFSET + Long.BYTES;
    }

    public long seq() {
        return buffer.getLong(base + SEQ_OFFSET, ORDER);
    }

    public long timeMillis() {
        return buffer.getLong(base + TIME_OFFSET, ORDER);
    }

    public int type() {
        return buffer.getShort(base + TYPE_OFFSET, ORDER) & 0xFFFF;
    }

    public int flags() {
        return buffer.getShort(base + FLAGS_OFFSET, ORDER) & 0xFFFF;
    }

    public int payloadLength() {
        return buffer.getInt(base + LENGTH_OFFSET, ORDER);
    }

    public int payloadOffset() {
        return base + PAYLOAD_OFFSET;
    }

    public int crc() {
        return buffer.getInt(base + PAYLOAD_OFFSET + payloadLength(), ORDER);
    }

    public long chain() {
        return buffer.getLong(base + PAYLOAD_OFFSET + payloadLength() + 4, ORDER);
    }

    /** The buffer holding the record; the payload is at {@link #payloadOffset()}. */
    public DirectBuffer buffer() {
        return buffer;
    }

    public byte[] array() {
        return buffer.byteArray();
    }

    public int recordLength() {
        return recordLength;
    }
}
