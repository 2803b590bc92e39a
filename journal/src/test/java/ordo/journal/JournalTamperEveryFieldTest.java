package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format 2 tampering, field by field: a journal of batches {1}, {2, 3, 4}, {5}, {6}, so that the batch of three
 * (a FULL record and two NEXT records) and the single-record document of seq 5 both sit before the tail. One byte
 * of one record is changed (the CRC fixed up or not); {@code verify} must name that record's document and seq.
 */
class JournalTamperEveryFieldTest {
    @TempDir
    Path dataDir;

    /** Chronicle index of each record's document. */
    private long[] writeBatches() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            final long[] indexes = new long[6];
            indexes[0] = Fixtures.append(journal, 1, 1)[0];
            System.arraycopy(Fixtures.append(journal, 2, 4), 0, indexes, 1, 3);
            indexes[4] = Fixtures.append(journal, 5, 5)[0];
            indexes[5] = Fixtures.append(journal, 6, 6)[0];
            return indexes;
        }
    }

    private static long firstSeqOfDocument(final long seq) {
        return seq >= 2 && seq <= 4 ? 2 : seq;
    }

    private static int frameOf(final long firstSeq, final long seq) {
        return seq == firstSeq ? JournalRecord.FULL_FRAME_LENGTH : JournalRecord.NEXT_FRAME_LENGTH;
    }

    private static int offsetInDocument(final long firstSeq, final long seq) {
        int offset = 0;
        for (long s = firstSeq; s < seq; s++) {
            offset += frameOf(firstSeq, s) + Fixtures.payloadOf(s).length;
        }
        return offset;
    }

    /** Offset of {@code field} inside the record of {@code seq}, whose document starts with {@code firstSeq}. */
    private static int fieldOffset(final long firstSeq, final long seq, final String field) {
        final boolean full = seq == firstSeq;
        final int payloadAt = full ? JournalRecord.FULL_PAYLOAD_OFFSET : JournalRecord.NEXT_PAYLOAD_OFFSET;
        final int payloadLength = Fixtures.payloadOf(seq).length;
        return switch (field) {
            case "head" -> JournalRecord.HEAD_OFFSET;
            case "type" -> JournalRecord.TYPE_OFFSET;
            case "length" -> JournalRecord.LENGTH_OFFSET;
            case "seq" -> {
                assertThat(full).as("only a FULL record stores its seq").isTrue();
                yield JournalRecord.SEQ_OFFSET;
            }
            case "time" -> full ? JournalRecord.TIME_OFFSET : JournalRecord.TIME_DELTA_OFFSET;
            case "payload" -> payloadAt + 1;
            case "crc" -> payloadAt + payloadLength;
            case "chain" -> payloadAt + payloadLength + 4;
            default -> throw new IllegalArgumentException(field);
        };
    }

    @ParameterizedTest(name = "seq {0}, {1}, crc fixed up: {2}")
    @CsvSource({
        // the batch's FULL record
        "2, head,    false", "2, type,    false", "2, length,  false", "2, seq,     false", "2, time,    false",
        "2, payload, false", "2, crc,     false", "2, chain,   false",
        "2, type,    true",  "2, time,    true",  "2, payload, true",
        // a NEXT record in the middle of the batch
        "3, head,    false", "3, type,    false", "3, length,  false", "3, time,    false", "3, payload, false",
        "3, crc,     false", "3, chain,   false",
        "3, type,    true",  "3, time,    true",  "3, payload, true",
        // the batch's last record, a NEXT record
        "4, head,    false", "4, time,    false", "4, payload, false", "4, crc,     false", "4, chain,   false",
        "4, time,    true",  "4, payload, true",
        // a document of one record
        "5, head,    false", "5, seq,     false", "5, time,    false", "5, payload, false", "5, crc,     false",
        "5, chain,   false", "5, time,    true",  "5, payload, true",
    })
    void verifyNamesTheDocumentAndTheSeqOfTheRecordWhoseByteWasChanged(final long seq, final String field,
                                                                         final boolean fixCrc) throws Exception {
        final long[] indexes = writeBatches();
        final long firstSeq = firstSeqOfDocument(seq);
        final QueueSurgery.Location document = QueueSurgery.locate(dataDir, indexes[(int) seq - 1]);
        final byte[] bytes = QueueSurgery.readRecord(document);
        final int recordAt = offsetInDocument(firstSeq, seq);
        final int at = recordAt + fieldOffset(firstSeq, seq, field);
        // The head's kind bits swapped (FULL <-> NEXT); any other field gets one bit flipped.
        bytes[at] ^= "head".equals(field) ? 0x03 : 0x10;
        if (fixCrc) {
            final int crcAt = recordAt + fieldOffset(firstSeq, seq, "crc");
            final CRC32C crc = new CRC32C();
            crc.update(bytes, recordAt, crcAt - recordAt);
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(crcAt, (int) crc.getValue());
        }
        QueueSurgery.writeRecord(document, bytes);

        try (JournalReader reader = JournalReader.open(dataDir)) {
            final VerifyReport report = reader.verify();
            assertThat(report.ok()).as("tampering before the tail is a fault").isFalse();
            assertThat(report.faultIndex()).as("the tampered document").isEqualTo(indexes[(int) seq - 1]);
            assertThat(report.faultSeq()).as("the tampered record's seq").isEqualTo(seq);
            // The records of the tampered one's batch before it were read too (QA-277).
            assertThat(report.lastSeq()).as("last good record").isEqualTo(seq - 1);
        }
    }
}
