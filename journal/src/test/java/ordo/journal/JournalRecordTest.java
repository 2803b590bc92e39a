package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class JournalRecordTest {
    private final JournalRecord writer = new JournalRecord();
    private final JournalRecord reader = new JournalRecord();

    private int encode(final long seq, final int type, final byte[] payload, final long previousChain) {
        return writer.encode(seq, 1234L, type, new UnsafeBuffer(payload), 0, payload.length, previousChain);
    }

    /** Hands {@code length} encoded bytes to the reader, as a scan copies a document. */
    private JournalRecord.Defect readBack(final byte[] bytes, final int length) {
        System.arraycopy(bytes, 0, reader.arrayForRead(length), 0, length);
        return reader.decode();
    }

    @Test
    void encodedRecordDecodesToTheSameFields() {
        final byte[] payload = {1, 2, 3, 4, 5};
        final int length = encode(7, 42, payload, JournalRecord.GENESIS_CHAIN);

        assertThat(length).isEqualTo(JournalRecord.FULL_FRAME_LENGTH + payload.length);
        assertThat(readBack(writer.array(), length)).isEqualTo(JournalRecord.Defect.NONE);
        assertThat(reader.kind()).isEqualTo(JournalRecord.KIND_FULL);
        assertThat(reader.seq()).isEqualTo(7);
        assertThat(reader.timeMillis()).isEqualTo(1234L);
        assertThat(reader.type()).isEqualTo(42);
        assertThat(reader.payloadLength()).isEqualTo(5);
        final byte[] copy = new byte[5];
        reader.buffer().getBytes(reader.payloadOffset(), copy);
        assertThat(copy).containsExactly(payload);
        assertThat(reader.chain()).isEqualTo(Hash64.chain(JournalRecord.GENESIS_CHAIN, reader.crc(), 7));
    }

    @Test
    void aNextRecordTakesItsSeqAndTimeFromTheRecordBeforeItInTheDocument() {
        final byte[] document = new byte[256];
        final int first = writer.encode(7, 1234L, 42, new UnsafeBuffer(new byte[] {1, 2}), 0, 2,
            JournalRecord.GENESIS_CHAIN);
        System.arraycopy(writer.array(), 0, document, 0, first);
        final long chainAfterFirst = writer.chain();
        final int second = writer.encode(8, 1234L - 300, 43, new UnsafeBuffer(new byte[] {3, 4, 5}), 0, 3,
            chainAfterFirst, true, 1234L);
        System.arraycopy(writer.array(), 0, document, first, second);

        assertThat(second).isEqualTo(JournalRecord.NEXT_FRAME_LENGTH + 3);
        System.arraycopy(document, 0, reader.arrayForRead(first + second), 0, first + second);
        assertThat(reader.decodeAt(0)).isEqualTo(JournalRecord.Defect.NONE);
        assertThat(reader.decodeAt(first)).isEqualTo(JournalRecord.Defect.NONE);
        assertThat(reader.kind()).isEqualTo(JournalRecord.KIND_NEXT);
        assertThat(reader.seq()).isEqualTo(8);
        assertThat(reader.timeMillis()).isEqualTo(934L);
        assertThat(reader.type()).isEqualTo(43);
        assertThat(reader.payloadLength()).isEqualTo(3);
        assertThat(reader.buffer().getByte(reader.payloadOffset() + 2)).isEqualTo((byte) 5);
        assertThat(reader.chain()).isEqualTo(Hash64.chain(chainAfterFirst, reader.crc(), 8));
        assertThat(first + second).isEqualTo(reader.payloadOffset() + 3 + JournalRecord.TRAILER_LENGTH);
    }

    @Test
    void anEncodedRecordsOwnFieldsAreReadableBeforeAnyDecode() {
        // The journal takes the chain of the record it just encoded from chain(), with or without assertions on.
        final int length = writer.encode(8, 1300L, 43, new UnsafeBuffer(new byte[] {3, 4, 5}), 0, 3, 99L, true, 1234L);
        final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(writer.array(), 0, length)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(writer.crc()).isEqualTo(bytes.getInt(length - JournalRecord.TRAILER_LENGTH));
        assertThat(writer.chain()).isEqualTo(bytes.getLong(length - 8))
            .isEqualTo(Hash64.chain(99L, writer.crc(), 8));
        assertThat(writer.seq()).isEqualTo(8);
        assertThat(writer.timeMillis()).isEqualTo(1300L);
        assertThat(writer.payloadLength()).isEqualTo(3);

        final int full = encode(7, 42, new byte[10], 5L);
        assertThat(writer.chain()).isEqualTo(Hash64.chain(5L, writer.crc(), 7));
        assertThat(writer.crc()).isEqualTo(java.nio.ByteBuffer.wrap(writer.array(), 0, full)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(full - JournalRecord.TRAILER_LENGTH));
    }

    @Test
    void aNextRecordAtTheStartOfADocumentHasNoBase() {
        final int length = writer.encode(8, 1234L, 43, new UnsafeBuffer(new byte[3]), 0, 3,
            JournalRecord.GENESIS_CHAIN, true, 1230L);
        System.arraycopy(writer.array(), 0, reader.arrayForRead(length), 0, length);
        assertThat(reader.decodeAt(0)).isEqualTo(JournalRecord.Defect.NO_BASE);
        assertThat(reader.seqReadable()).isFalse();
    }

    @Test
    void onlyTimeDeltasThatFitTwoSignedBytesMakeANextRecord() {
        assertThat(JournalRecord.fitsTimeDelta(1_000 + Short.MAX_VALUE, 1_000)).isTrue();
        assertThat(JournalRecord.fitsTimeDelta(1_000 + Short.MAX_VALUE + 1, 1_000)).isFalse();
        assertThat(JournalRecord.fitsTimeDelta(1_000 + Short.MIN_VALUE, 1_000)).isTrue();
        assertThat(JournalRecord.fitsTimeDelta(1_000 + Short.MIN_VALUE - 1, 1_000)).isFalse();
        assertThat(JournalRecord.fitsTimeDelta(Long.MIN_VALUE, Long.MAX_VALUE)).as("adds back exactly").isTrue();
        assertThat(JournalRecord.fitsTimeDelta(Long.MAX_VALUE, 0)).isFalse();
    }

    @Test
    void emptyPayloadIsAValidRecord() {
        final int length = encode(1, 0, new byte[0], JournalRecord.GENESIS_CHAIN);
        assertThat(length).isEqualTo(JournalRecord.FULL_FRAME_LENGTH);
        assertThat(readBack(writer.array(), length)).isEqualTo(JournalRecord.Defect.NONE);
    }

    @Test
    void aDocumentShorterThanTheFrameIsTruncated() {
        final int length = encode(1, 1, new byte[4], JournalRecord.GENESIS_CHAIN);
        assertThat(readBack(writer.array(), JournalRecord.FULL_FRAME_LENGTH - 1))
            .isEqualTo(JournalRecord.Defect.TRUNCATED);
        assertThat(reader.seqReadable()).isTrue();
        assertThat(readBack(writer.array(), 7)).isEqualTo(JournalRecord.Defect.TRUNCATED);
        assertThat(reader.seqReadable()).isFalse();
        assertThat(length).isGreaterThan(JournalRecord.FULL_FRAME_LENGTH);
    }

    @Test
    void aLengthFieldThatDisagreesWithTheDocumentIsRejectedBeforeTheCrcIsComputed() {
        final int length = encode(1, 1, new byte[10], JournalRecord.GENESIS_CHAIN);
        assertThat(readBack(writer.array(), length - 1)).isEqualTo(JournalRecord.Defect.LENGTH_MISMATCH);

        final byte[] bytes = writer.array().clone();
        bytes[JournalRecord.LENGTH_OFFSET + 2] = (byte) 0x80; // 8 MiB, beyond the largest payload
        assertThat(readBack(bytes, length)).isEqualTo(JournalRecord.Defect.LENGTH_MISMATCH);
    }

    @Test
    void anyFlippedByteBeforeTheCrcIsACrcMismatch() {
        final int length = encode(9, 3, new byte[] {10, 20, 30}, JournalRecord.GENESIS_CHAIN);
        for (int i = JournalRecord.TYPE_OFFSET; i < length - JournalRecord.TRAILER_LENGTH; i++) {
            if (i >= JournalRecord.LENGTH_OFFSET && i < JournalRecord.SEQ_OFFSET) {
                continue; // the length field has its own check, above
            }
            final byte[] bytes = writer.array().clone();
            bytes[i] ^= 0x01;
            assertThat(readBack(bytes, length)).as("byte %d flipped", i).isEqualTo(JournalRecord.Defect.CRC_MISMATCH);
        }
        final byte[] bytes = writer.array().clone();
        bytes[JournalRecord.HEAD_OFFSET] ^= 0x01;
        assertThat(readBack(bytes, length)).as("head flipped").isNotEqualTo(JournalRecord.Defect.NONE);
    }

    @Test
    void unknownKindsAreRejectedEvenWithAValidCrc() {
        final int length = encode(1, 1, new byte[2], JournalRecord.GENESIS_CHAIN);
        final byte[] bytes = writer.array().clone();
        bytes[JournalRecord.HEAD_OFFSET] = (byte) (JournalRecord.FORMAT_VERSION << 4 | 3);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length - JournalRecord.TRAILER_LENGTH);
        new UnsafeBuffer(bytes).putInt(length - JournalRecord.TRAILER_LENGTH, (int) crc.getValue(), JournalRecord.ORDER);
        assertThat(readBack(bytes, length)).isEqualTo(JournalRecord.Defect.UNKNOWN_FLAGS);
    }

    @Test
    void aRecordOfAnotherFormatVersionIsRefused() {
        final int length = encode(1, 1, new byte[2], JournalRecord.GENESIS_CHAIN);
        final byte[] bytes = writer.array().clone();
        bytes[JournalRecord.HEAD_OFFSET] = (byte) (3 << 4 | JournalRecord.KIND_FULL);
        assertThat(readBack(bytes, length)).isEqualTo(JournalRecord.Defect.UNKNOWN_FORMAT);
    }

    @Test
    void discardMarkersRepeatTheSeqAndChainOfTheRecordBeforeThem() {
        assertThat(JournalRecord.expectedSeq(41, JournalRecord.TYPE_DISCARD)).isEqualTo(41);
        assertThat(JournalRecord.expectedSeq(41, 7)).isEqualTo(42);
        assertThat(JournalRecord.nextChain(99L, JournalRecord.TYPE_DISCARD, 5, 41)).isEqualTo(99L);
        assertThat(JournalRecord.nextChain(99L, 7, 5, 42)).isEqualTo(Hash64.chain(99L, 5, 42));
    }

    @Test
    void appendableTypesAndLengthsAreBounded() {
        assertThatCode(() -> JournalRecord.checkAppendable(0, 0)).doesNotThrowAnyException();
        assertThatCode(() -> JournalRecord.checkAppendable(JournalRecord.MAX_USER_TYPE, JournalRecord.MAX_PAYLOAD_LENGTH))
            .doesNotThrowAnyException();
        assertThatThrownBy(() -> JournalRecord.checkAppendable(JournalRecord.TYPE_DISCARD, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JournalRecord.checkAppendable(0x1_0000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JournalRecord.checkAppendable(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
