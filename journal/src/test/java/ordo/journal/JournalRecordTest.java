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

        assertThat(length).isEqualTo(JournalRecord.FRAME_LENGTH + payload.length);
        assertThat(readBack(writer.array(), length)).isEqualTo(JournalRecord.Defect.NONE);
        assertThat(reader.seq()).isEqualTo(7);
        assertThat(reader.timeMillis()).isEqualTo(1234L);
        assertThat(reader.type()).isEqualTo(42);
        assertThat(reader.flags()).isZero();
        assertThat(reader.payloadLength()).isEqualTo(5);
        final byte[] copy = new byte[5];
        reader.buffer().getBytes(reader.payloadOffset(), copy);
        assertThat(copy).containsExactly(payload);
        assertThat(reader.chain()).isEqualTo(Hash64.chain(JournalRecord.GENESIS_CHAIN, reader.crc(), 7));
    }

    @Test
    void emptyPayloadIsAValidRecord() {
        final int length = encode(1, 0, new byte[0], JournalRecord.GENESIS_CHAIN);
        assertThat(length).isEqualTo(JournalRecord.FRAME_LENGTH);
        assertThat(readBack(writer.array(), length)).isEqualTo(JournalRecord.Defect.NONE);
    }

    @Test
    void aDocumentShorterThanTheFrameIsTruncated() {
        final int length = encode(1, 1, new byte[4], JournalRecord.GENESIS_CHAIN);
        assertThat(readBack(writer.array(), JournalRecord.FRAME_LENGTH - 1)).isEqualTo(JournalRecord.Defect.TRUNCATED);
        assertThat(reader.seqReadable()).isTrue();
        assertThat(readBack(writer.array(), 7)).isEqualTo(JournalRecord.Defect.TRUNCATED);
        assertThat(reader.seqReadable()).isFalse();
        assertThat(length).isGreaterThan(JournalRecord.FRAME_LENGTH);
    }

    @Test
    void aLengthFieldThatDisagreesWithTheDocumentIsRejectedBeforeTheCrcIsComputed() {
        final int length = encode(1, 1, new byte[10], JournalRecord.GENESIS_CHAIN);
        assertThat(readBack(writer.array(), length - 1)).isEqualTo(JournalRecord.Defect.LENGTH_MISMATCH);

        final byte[] bytes = writer.array().clone();
        bytes[JournalRecord.LENGTH_OFFSET + 3] = (byte) 0x80; // negative length
        assertThat(readBack(bytes, length)).isEqualTo(JournalRecord.Defect.LENGTH_MISMATCH);
    }

    @Test
    void anyFlippedByteBeforeTheCrcIsACrcMismatch() {
        final int length = encode(9, 3, new byte[] {10, 20, 30}, JournalRecord.GENESIS_CHAIN);
        for (int i = 0; i < length - JournalRecord.TRAILER_LENGTH; i++) {
            if (i >= JournalRecord.LENGTH_OFFSET && i < JournalRecord.PAYLOAD_OFFSET) {
                continue; // the length field has its own check, above
            }
            final byte[] bytes = writer.array().clone();
            bytes[i] ^= 0x01;
            assertThat(readBack(bytes, length)).as("byte %d flipped", i).isEqualTo(JournalRecord.Defect.CRC_MISMATCH);
        }
    }

    @Test
    void unknownFlagsAreRejectedEvenWithAValidCrc() {
        final int length = encode(1, 1, new byte[2], JournalRecord.GENESIS_CHAIN);
        final byte[] bytes = writer.array().clone();
        bytes[JournalRecord.FLAGS_OFFSET] = 1;
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length - JournalRecord.TRAILER_LENGTH);
        new UnsafeBuffer(bytes).putInt(length - JournalRecord.TRAILER_LENGTH, (int) crc.getValue(), JournalRecord.ORDER);
        assertThat(readBack(bytes, length)).isEqualTo(JournalRecord.Defect.UNKNOWN_FLAGS);
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
