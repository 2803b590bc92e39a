package ordo.journal;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The journal record codec: the one place that knows the bytes of a record. A Chronicle Queue
 * document holds one group commit: one or more records back to back. Format 2, little-endian;
 * every record starts with the same six bytes, and comes in one of two kinds:
 *
 * <pre>
 *   0      1       4            6           14           22               22+len   26+len      34+len
 *   +------+-------+------------+-----------+------------+------------------+--------+-----------+
 *   | head | type  | length     | seq i64   | timeMillis | payload          | crc32c | chain i64 |  FULL
 *   | u8   | u16   | u24        |           | i64        | (length bytes)   | u32    |           |
 *   +------+-------+------------+-----------+------------+------------------+--------+-----------+
 *   0      1       4            6           8                8+len   12+len      20+len
 *   +------+-------+------------+-----------+------------------+--------+-----------+
 *   | head | type  | length     | time      | payload          | crc32c | chain i64 |               NEXT
 *   | u8   | u16   | u24        | delta i16 | (length bytes)   | u32    |           |
 *   +------+-------+------------+-----------+------------------+--------+-----------+
 *   |&lt;-------------------- crc32c covers ---------------------&gt;|
 * </pre>
 *
 * <ul>
 *   <li>{@code head} = {@link #FORMAT_VERSION} &lt;&lt; 4 | kind. A FULL record carries its seq and
 *       time; a NEXT record follows the record before it in the same document: its seq is that
 *       record's + 1 and its time that record's plus the delta. The writer starts every document with a
 *       FULL record and writes NEXT records after it while the time delta fits, so that most records
 *       of a batch spend 20 bytes, not 36 as in format 1, on their frame: fewer fresh pages of the
 *       mapped file per command. A document never starts with a NEXT record, so a gap between
 *       documents still shows as a seq that is not the one expected.</li>
 *   <li>{@code crc32c} covers every byte before it, so a torn or flipped byte anywhere in the record
 *       (including its own length field) is caught before the payload is trusted. A NEXT record's
 *       seq and time are those of a record the CRC vouched for, plus what its own CRC covers.</li>
 *   <li>{@code chain} = {@link Hash64#chain}(previous chain, crc, seq), on every record; the first
 *       record links to {@link #GENESIS_CHAIN}. It makes an edited-and-re-CRC'd record detectable.
 *       The CRC does not cover it, so a torn chain field reads as a chain mismatch;
 *       {@link JournalScan} treats a mismatch on the last record like any other torn tail.</li>
 *   <li>A kind this version does not know is refused rather than guessed at; a head of another
 *       format version too ({@link JournalScan} names a format-1 journal as such).</li>
 *   <li>Types {@link #TYPE_DISCARD} and {@link #TYPE_RULES} are reserved for the journal's own
 *       markers: discard markers ({@link DiscardMarker}) and rules markers ({@link RulesMarker}). A
 *       marker is a FULL record, alone in its document, that repeats the seq of the record before it
 *       and carries that record's chain unchanged, so markers consume neither a sequence number nor
 *       a chain link (a snapshot taken at seq N matches the chain at N whether or not a marker
 *       follows N). Its own bytes are vouched for by its CRC.</li>
 * </ul>
 *
 * <p>An instance is a reusable flyweight over its own growable buffer, owned by one thread: the
 * journaller encodes into it, a scan decodes into it, reading a document's records in order (a NEXT
 * record is read against the one decoded before it). Neither path allocates once the buffer has
 * grown to the largest record seen.
 */
public final class JournalRecord {
    /** Written in the high half of every record's first byte; a reader refuses any other. */
    public static final int FORMAT_VERSION = 2;
    public static final int KIND_FULL = 1;
    public static final int KIND_NEXT = 2;
    public static final int HEAD_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int LENGTH_OFFSET = 3;
    /** Where a FULL record's seq, time and payload are. */
    public static final int SEQ_OFFSET = 6;
    public static final int TIME_OFFSET = 14;
    public static final int FULL_PAYLOAD_OFFSET = 22;
    /** Where a NEXT record's time delta and payload are. */
    public static final int TIME_DELTA_OFFSET = 6;
    public static final int NEXT_PAYLOAD_OFFSET = 8;
    /** crc32c (4) + chain (8) after the payload. */
    public static final int TRAILER_LENGTH = 12;
    /** A FULL record's length is always {@code FULL_FRAME_LENGTH + payload length}. */
    public static final int FULL_FRAME_LENGTH = FULL_PAYLOAD_OFFSET + TRAILER_LENGTH;
    /** A NEXT record's length is always {@code NEXT_FRAME_LENGTH + payload length}. */
    public static final int NEXT_FRAME_LENGTH = NEXT_PAYLOAD_OFFSET + TRAILER_LENGTH;
    /** Bounds every buffer and every copy; a command is far smaller than this. */
    public static final int MAX_PAYLOAD_LENGTH = 1 << 20;
    public static final int MAX_RECORD_LENGTH = FULL_FRAME_LENGTH + MAX_PAYLOAD_LENGTH;
    /** Highest type a caller may append; the ones above are the journal's own markers. */
    public static final int MAX_USER_TYPE = 0xFFFD;
    /** Which rules the records after it were written under ({@link RulesMarker}). */
    public static final int TYPE_RULES = 0xFFFE;
    public static final int TYPE_DISCARD = 0xFFFF;
    /** The chain value "before" seq 1: ASCII "ORDOJRNL", fixed forever for this format. */
    public static final long GENESIS_CHAIN = 0x4F52444F4A524E4CL;

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int INITIAL_CAPACITY = 4096;
    private static final int COMMON_HEADER_LENGTH = 6;
    private static final int FORMAT_1_FRAME_LENGTH = 36;

    /** Why a document is not a valid record; {@link #NONE} when it is. */
    public enum Defect {
        NONE("valid"),
        TRUNCATED("shorter than its record's frame"),
        TOO_LONG("longer than the largest record (" + MAX_RECORD_LENGTH + " bytes)"),
        LENGTH_MISMATCH("payload length field disagrees with the document length"),
        CRC_MISMATCH("crc32c mismatch"),
        UNKNOWN_FLAGS("a record kind that this version does not know"),
        UNKNOWN_FORMAT("not a record of journal format " + FORMAT_VERSION),
        NO_BASE("a NEXT record with no record before it in its document"),
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
    // The current record, as parsed: a NEXT record's seq and time come from the record parsed before it.
    private int kind;
    private int payloadOffset;
    private int payloadLength;
    private long seq;
    private long timeMillis;
    private boolean seqKnown;
    /** Whether a record of this document was parsed before the current one (a NEXT record's base). */
    private boolean hasPrevious;
    private long previousSeq;
    private long previousTime;

    /** Whether a record at {@code timeMillis} may follow one at {@code previousTime} as a NEXT record. */
    public static boolean fitsTimeDelta(final long timeMillis, final long previousTime) {
        // Wrapping arithmetic both ways: a reader adds the delta back exactly as this subtracts it.
        final long delta = timeMillis - previousTime;
        return delta == (short) delta;
    }

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
        return isMarker(type) ? lastSeq : lastSeq + 1;
    }

    /** The chain a record must carry: markers repeat the previous chain, records extend it. */
    public static long nextChain(final long previousChain, final int type, final int crc, final long seq) {
        return isMarker(type) ? previousChain : Hash64.chain(previousChain, crc, seq);
    }

    /** Whether {@code type} is one of the journal's own markers rather than a caller's record. */
    public static boolean isMarker(final int type) {
        return type > MAX_USER_TYPE;
    }

    /**
     * Encodes a FULL record into this flyweight's buffer, computing its crc and chain.
     *
     * @return the record length; the bytes are {@code array()[0 .. length)}
     */
    public int encode(final long seq, final long timeMillis, final int type,
                      final DirectBuffer payload, final int offset, final int length, final long previousChain) {
        return encode(seq, timeMillis, type, payload, offset, length, previousChain, false, 0);
    }

    /**
     * Encodes a record into this flyweight's buffer, computing its crc and chain: a NEXT record when
     * {@code next} (the caller writes it right after the record of {@code seq - 1} at
     * {@code previousTime}, in the same document, and has checked {@link #fitsTimeDelta}), else a FULL one.
     *
     * @return the record length; the bytes are {@code array()[0 .. length)}
     */
    public int encode(final long seq, final long timeMillis, final int type,
                      final DirectBuffer payload, final int offset, final int length, final long previousChain,
                      final boolean next, final long previousTime) {
        final int payloadAt = next ? NEXT_PAYLOAD_OFFSET : FULL_PAYLOAD_OFFSET;
        final int crcOffset = payloadAt + length;
        final int total = crcOffset + TRAILER_LENGTH;
        buffer.checkLimit(total);
        final byte[] bytes = buffer.byteArray();
        bytes[HEAD_OFFSET] = (byte) (FORMAT_VERSION << 4 | (next ? KIND_NEXT : KIND_FULL));
        // type (u16) and length (u24) in one little-endian int and a byte
        buffer.putInt(TYPE_OFFSET, (type & 0xFFFF) | (length << 16), ORDER);
        bytes[LENGTH_OFFSET + 2] = (byte) (length >>> 16);
        if (next) {
            buffer.putShort(TIME_DELTA_OFFSET, (short) (timeMillis - previousTime), ORDER);
        } else {
            buffer.putLong(SEQ_OFFSET, seq, ORDER);
            buffer.putLong(TIME_OFFSET, timeMillis, ORDER);
        }
        buffer.putBytes(payloadAt, payload, offset, length);
        base = 0;
        final int crc = crcOf(crcOffset);
        buffer.putInt(crcOffset, crc, ORDER);
        buffer.putLong(crcOffset + 4, nextChain(previousChain, type, crc, seq), ORDER);
        recordLength = total;
        documentLength = total;
        // The accessors read the record just encoded (the journal takes its chain from chain()).
        this.kind = next ? KIND_NEXT : KIND_FULL;
        this.seq = seq;
        this.timeMillis = timeMillis;
        seqKnown = true;
        payloadOffset = payloadAt;
        payloadLength = length;
        // So that decode() reads the record back as it would inside its document.
        hasPrevious = next;
        previousSeq = seq - 1;
        this.previousTime = previousTime;
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
        hasPrevious = false;
        seqKnown = false;
        return buffer.byteArray();
    }

    /**
     * Checks the record that was copied into {@link #arrayForRead} as the whole document;
     * accessors are meaningful only when this returns {@link Defect#NONE}.
     */
    public Defect decode() {
        final Defect defect = check(0);
        if (defect == Defect.NONE && recordLength != documentLength) {
            return Defect.LENGTH_MISMATCH;
        }
        return defect;
    }

    /**
     * Checks the record starting at {@code position} of the document copied into
     * {@link #arrayForRead}, which may hold further records after it (a group commit writes a
     * whole batch as one document). Records of a document are decoded in order, from position 0:
     * a NEXT record takes its seq and time from the record decoded before it. Afterwards
     * {@link #recordLength()} is the record's own length (valid when this returns
     * {@link Defect#NONE}) and the accessors read this record.
     */
    Defect decodeAt(final int position) {
        if (position == 0) {
            hasPrevious = false;
        }
        return check(position);
    }

    private Defect check(final int position) {
        final Defect defect = parse(position);
        if (defect != Defect.NONE) {
            hasPrevious = false;
            return defect;
        }
        if (crcOf(payloadOffset - base + payloadLength) != crc()) {
            hasPrevious = false;
            return Defect.CRC_MISMATCH;
        }
        remember();
        return Defect.NONE;
    }

    /** Moves to the record at {@code position} that {@link #decodeAt} has already found valid (in order, from 0). */
    void moveTo(final int position) {
        if (position == 0) {
            hasPrevious = false;
        }
        parse(position);
        remember();
    }

    private void remember() {
        hasPrevious = true;
        previousSeq = seq;
        previousTime = timeMillis;
    }

    /** Reads the record's frame at {@code position}, checking that it is one and fits the document; not its CRC. */
    private Defect parse(final int position) {
        base = position;
        final int available = documentLength - position;
        recordLength = available;
        seqKnown = false;
        if (available < COMMON_HEADER_LENGTH) {
            return Defect.TRUNCATED;
        }
        final int head = buffer.getByte(position + HEAD_OFFSET) & 0xFF;
        if (head >>> 4 != FORMAT_VERSION) {
            return Defect.UNKNOWN_FORMAT;
        }
        kind = head & 0x0F;
        final int length = buffer.getInt(position + TYPE_OFFSET, ORDER) >>> 16
            | (buffer.getByte(position + LENGTH_OFFSET + 2) & 0xFF) << 16;
        final int frame;
        if (kind == KIND_FULL) {
            if (available >= TIME_OFFSET) {
                seq = buffer.getLong(position + SEQ_OFFSET, ORDER);
                seqKnown = true;
            }
            if (available < FULL_PAYLOAD_OFFSET) {
                return Defect.TRUNCATED;
            }
            timeMillis = buffer.getLong(position + TIME_OFFSET, ORDER);
            payloadOffset = position + FULL_PAYLOAD_OFFSET;
            frame = FULL_FRAME_LENGTH;
        } else if (kind == KIND_NEXT) {
            if (!hasPrevious) {
                return Defect.NO_BASE;
            }
            seq = previousSeq + 1;
            seqKnown = true;
            if (available < NEXT_PAYLOAD_OFFSET) {
                return Defect.TRUNCATED;
            }
            timeMillis = previousTime + buffer.getShort(position + TIME_DELTA_OFFSET, ORDER);
            payloadOffset = position + NEXT_PAYLOAD_OFFSET;
            frame = NEXT_FRAME_LENGTH;
        } else {
            return Defect.UNKNOWN_FLAGS;
        }
        if (available < frame) {
            return Defect.TRUNCATED;
        }
        if (length > MAX_PAYLOAD_LENGTH || frame + length > available) {
            return Defect.LENGTH_MISMATCH;
        }
        payloadLength = length;
        recordLength = frame + length;
        return Defect.NONE;
    }

    /**
     * Whether the document copied into {@link #arrayForRead} is a valid record of journal format 1
     * (seq i64, time i64, type u16, flags u16, length i32, payload, crc32c, chain i64), so that a
     * journal written before format 2 is named as such rather than read as damage.
     */
    boolean isFormat1Record() {
        if (documentLength < FORMAT_1_FRAME_LENGTH) {
            return false;
        }
        final int length = buffer.getInt(20, ORDER);
        if (length < 0 || length > MAX_PAYLOAD_LENGTH || FORMAT_1_FRAME_LENGTH + length > documentLength
            || buffer.getShort(18, ORDER) != 0) {
            return false;
        }
        base = 0;
        return crcOf(24 + length) == buffer.getInt(24 + length, ORDER);
    }

    /** The seq field of a format-1 record (see {@link #isFormat1Record}). */
    long format1Seq() {
        return buffer.getLong(0, ORDER);
    }

    private int crcOf(final int coveredLength) {
        crc32c.reset();
        crc32c.update(buffer.byteArray(), base, coveredLength);
        return (int) crc32c.getValue();
    }

    /** Whether the record's seq could be read, for naming a defective record. */
    public boolean seqReadable() {
        return seqKnown;
    }

    public long seq() {
        return seq;
    }

    public long timeMillis() {
        return timeMillis;
    }

    public int type() {
        return buffer.getShort(base + TYPE_OFFSET, ORDER) & 0xFFFF;
    }

    /** {@link #KIND_FULL} or {@link #KIND_NEXT}. */
    public int kind() {
        return kind;
    }

    public int payloadLength() {
        return payloadLength;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int crc() {
        return buffer.getInt(payloadOffset + payloadLength, ORDER);
    }

    public long chain() {
        return buffer.getLong(payloadOffset + payloadLength + 4, ORDER);
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
