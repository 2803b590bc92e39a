package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Crash and tampering scenarios, simulated by editing a closed journal's files
 * ({@link QueueSurgery}) or by abandoning a Chronicle document mid-write.
 */
class JournalRecoveryTest {
    /** Seq 5's payload is 57 bytes long (see {@link Fixtures#payloadOf}), so its record is 91 bytes. */
    private static final int LAST_SEQ = 5;
    private static final int LAST_PAYLOAD = 57;

    @TempDir
    Path dataDir;

    private long[] writeFiveRecords() {
        assertThat(Fixtures.payloadOf(LAST_SEQ)).hasSize(LAST_PAYLOAD);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            // One document per record, so each record can be torn or altered on its own.
            return Fixtures.appendEachInItsOwnBatch(journal, 1, LAST_SEQ);
        }
    }

    private long chainAfter(final long seq) {
        try (JournalReader reader = JournalReader.open(dataDir)) {
            return reader.replay(seq, (s, t, type, p, o, l) -> { }).startChain();
        }
    }

    @ParameterizedTest(name = "torn from byte {1} ({0})")
    @CsvSource({
        "inside head,    0",
        "inside type,    2",
        "inside length,  4",
        "inside seq,     9",
        "inside time,    17",
        "inside payload, 30",
        "inside crc,     81",
        "inside chain,   88",
        "last byte,      90",
    })
    void tornTailIsDiscardedAndJournalKeepsAppending(final String where, final int tornFrom) throws Exception {
        final long[] indexes = writeFiveRecords();
        final long chainAfterFour = chainAfter(4);
        final QueueSurgery.Location last = QueueSurgery.locate(dataDir, indexes[LAST_SEQ - 1]);
        assertThat(last.length()).isEqualTo(JournalRecord.FULL_FRAME_LENGTH + LAST_PAYLOAD);
        QueueSurgery.zeroFrom(last, tornFrom);

        try (JournalReader reader = JournalReader.open(dataDir)) {
            final ScanResult scan = reader.replay(new Fixtures.Collector());
            assertThat(scan.hasTornTail()).isTrue();
            assertThat(scan.tornFirstIndex()).isEqualTo(indexes[LAST_SEQ - 1]);
        }

        assertThat(Fixtures.continueAndCheckAll(dataDir, 4, chainAfterFour, 7).tornTail()).isFalse();
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(7);
        }
    }

    @Test
    void aTornDiscardMarkerIsRetiredTogetherWithTheRecordItWasRetiring() throws Exception {
        final long[] indexes = writeFiveRecords();
        QueueSurgery.zeroFrom(QueueSurgery.locate(dataDir, indexes[4]), 40);
        final long markerIndex;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            markerIndex = journal.lastIndex();
        }
        // The process dies while the marker is being flushed: now the tail is two defective documents.
        QueueSurgery.zeroFrom(QueueSurgery.locate(dataDir, markerIndex), 30);

        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(4);
            Fixtures.append(journal, 5, 6);
        }
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.verify().ok()).isTrue();
        }
        assertThat(Fixtures.replayAll(dataDir)).containsExactlyElementsOf(Fixtures.expected(1, 6));
    }

    /**
     * A writer killed inside an append. Chronicle writes a document's 4-byte header only when the
     * document is closed, so the header stays 0 (NOT_INITIALIZED) with the partial body beyond it,
     * and Chronicle's write lock stays held. Simulated the way Chronicle's own IncompleteMessageTest
     * does it: open a document, write part of a record, close the queue without closing the
     * document. Variant {@code NOT_COMPLETE}: the header additionally carries Chronicle's
     * NOT_COMPLETE bit with a length, as older Chronicle writers left it; set by hand.
     */
    @ParameterizedTest(name = "header left {0}")
    @CsvSource({"ZERO", "NOT_COMPLETE"})
    void aWriterKilledInsideAnAppendLeavesNoTraceOnceTheJournalReopens(final String header) throws Exception {
        final long[] indexes = writeFiveRecords();
        final byte[] partial = new byte[300]; // longer than the record that will replace it
        java.util.Arrays.fill(partial, (byte) 'A');
        try (SingleChronicleQueue queue = JournalFiles.openForWriting(dataDir, Durability.PROCESS);
             ExcerptAppender appender = queue.createAppender()) {
            final DocumentContext abandoned = appender.writingDocument();
            abandoned.wire().bytes().write(partial);
        }
        if (header.equals("NOT_COMPLETE")) {
            QueueSurgery.setHeaderAfter(QueueSurgery.locate(dataDir, indexes[LAST_SEQ - 1]), 0x8000_0000 | partial.length);
        }

        try (JournalReader reader = JournalReader.open(dataDir)) {
            final ScanResult scan = reader.replay(new Fixtures.Collector());
            assertThat(scan.lastSeq()).isEqualTo(5);
            assertThat(scan.hasTornTail()).as("an unfinished document reads as the end of the queue").isFalse();
        }
        final long started = System.nanoTime();
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(5);
            Fixtures.append(journal, 6, 6);
        }
        assertThat((System.nanoTime() - started) / 1_000_000)
            .as("stale write lock cleared at open, not after Chronicle's 15 s lock timeout").isLessThan(5_000);

        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(6);
            Fixtures.append(journal, 7, 8);
        }
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.verify().ok()).isTrue();
        }
        assertThat(Fixtures.replayAll(dataDir)).containsExactlyElementsOf(Fixtures.expected(1, 8));
    }

    @Test
    void corruptionBeforeTheTailRefusesToOpenAndNamesTheIndexAndSeq() throws Exception {
        final long[] indexes = writeFiveRecords();
        final long third = indexes[2];
        QueueSurgery.flipBit(QueueSurgery.locate(dataDir, third), JournalRecord.FULL_PAYLOAD_OFFSET + 1);

        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS))
            .isInstanceOfSatisfying(JournalCorruptException.class, e -> {
                assertThat(e.kind()).isEqualTo(JournalCorruptException.Kind.DEFECTIVE_RECORD);
                assertThat(e.index()).isEqualTo(third);
                assertThat(e.seq()).isEqualTo(3);
            })
            .hasMessageContaining("0x" + Long.toHexString(third))
            .hasMessageContaining("(" + third + ")")
            .hasMessageContaining("seq 3")
            .hasMessageContaining("crc32c mismatch");

        // Refusing leaves the files as they were, and the data directory free for the next attempt.
        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS))
            .isInstanceOf(JournalCorruptException.class);
        final Fixtures.Collector collector = new Fixtures.Collector();
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThatThrownBy(() -> reader.replay(collector)).isInstanceOf(JournalCorruptException.class);
        }
        assertThat(collector.entries).as("records before the fault were delivered").hasSize(2);
    }

    @Test
    void tamperingWithAPayloadIsReportedByVerifyAtExactlyThatRecord() throws Exception {
        final long[] indexes = writeFiveRecords();
        final long third = indexes[2];
        QueueSurgery.tamperPayload(QueueSurgery.locate(dataDir, third), 0);

        try (JournalReader reader = JournalReader.open(dataDir)) {
            final VerifyReport report = reader.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.fault().kind()).isEqualTo(JournalCorruptException.Kind.BROKEN_CHAIN);
            assertThat(report.faultIndex()).isEqualTo(third);
            assertThat(report.faultSeq()).isEqualTo(3);
            assertThat(report.lastSeq()).as("last record that checked out").isEqualTo(2);
            assertThat(report.recordsVerified()).isEqualTo(2);
        }
        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS))
            .isInstanceOf(JournalCorruptException.class)
            .hasMessageContaining("BROKEN_CHAIN").hasMessageContaining("seq 3");
    }

    /**
     * The CRC does not cover the chain, so an edited-and-re-CRC'd last record looks exactly like a
     * write torn inside its chain field. It is discarded like one; the reason is kept for audits.
     * (No hash chain can vouch for its own tail: truncating the journal is just as undetectable.
     * The snapshot's journal chain and the acks sent are what anchor a tail.)
     */
    @Test
    void tamperingWithTheLastRecordCannotBeToldFromATornChainAndIsDiscarded() throws Exception {
        final long[] indexes = writeFiveRecords();
        QueueSurgery.tamperPayload(QueueSurgery.locate(dataDir, indexes[4]), 3);

        try (JournalReader reader = JournalReader.open(dataDir)) {
            final VerifyReport report = reader.verify();
            assertThat(report.ok()).isTrue();
            assertThat(report.tornTail()).isTrue();
            assertThat(report.tornDefect()).isEqualTo(JournalRecord.Defect.CHAIN_MISMATCH);
        }
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(4);
        }
    }

    /** Batches {1}, {2, 3, 4}, {5}: the middle one is a document of three records. Returns each record's index. */
    private long[] writeABatchOfThreeBetweenTwoSingles() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            final long[] indexes = new long[LAST_SEQ];
            indexes[0] = Fixtures.append(journal, 1, 1)[0];
            System.arraycopy(Fixtures.append(journal, 2, 4), 0, indexes, 1, 3);
            indexes[4] = Fixtures.append(journal, 5, 5)[0];
            return indexes;
        }
    }

    /** Where record {@code seq} starts inside the document of the batch that begins with {@code firstSeq}. */
    private static int offsetInBatch(final long firstSeq, final long seq) {
        int offset = 0;
        for (long s = firstSeq; s < seq; s++) {
            // The batch's first record is FULL, the others NEXT.
            offset += (s == firstSeq ? JournalRecord.FULL_FRAME_LENGTH : JournalRecord.NEXT_FRAME_LENGTH)
                + Fixtures.payloadOf(s).length;
        }
        return offset;
    }

    @Test
    void aBatchTornInsideItsSecondRecordIsDiscardedWholeAndTheJournalContinuesAfterThePreviousBatch() throws Exception {
        final long[] indexes;
        final long chainAfterOne;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 1);
            chainAfterOne = journal.lastChain();
            indexes = Fixtures.append(journal, 2, 4);
        }
        final QueueSurgery.Location batch = QueueSurgery.locate(dataDir, indexes[0]);
        assertThat(batch.length()).as("one document holds the batch").isEqualTo(offsetInBatch(2, 5));
        QueueSurgery.zeroFrom(batch, offsetInBatch(2, 3) + 30);

        try (JournalReader reader = JournalReader.open(dataDir)) {
            final Fixtures.Collector collector = new Fixtures.Collector();
            final ScanResult scan = reader.replay(collector);
            assertThat(scan.hasTornTail()).isTrue();
            assertThat(scan.tornFirstIndex()).isEqualTo(indexes[0]);
            assertThat(scan.lastSeq()).isEqualTo(1);
            assertThat(collector.entries).as("no record of the torn batch, not even its intact first")
                .containsExactlyElementsOf(Fixtures.expected(1, 1));
        }
        Fixtures.continueAndCheckAll(dataDir, 1, chainAfterOne, 6);
    }

    @Test
    void corruptionInsideABatchBeforeTheTailNamesTheBatchIndexAndTheSeqOfTheBadRecord() throws Exception {
        final long[] indexes = writeABatchOfThreeBetweenTwoSingles();
        QueueSurgery.flipBit(QueueSurgery.locate(dataDir, indexes[2]), offsetInBatch(2, 3) + JournalRecord.NEXT_PAYLOAD_OFFSET + 1);

        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS))
            .isInstanceOfSatisfying(JournalCorruptException.class, e -> {
                assertThat(e.kind()).isEqualTo(JournalCorruptException.Kind.DEFECTIVE_RECORD);
                assertThat(e.index()).isEqualTo(indexes[2]);
                assertThat(e.seq()).isEqualTo(3);
            })
            .hasMessageContaining("crc32c mismatch");
        final Fixtures.Collector collector = new Fixtures.Collector();
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThatThrownBy(() -> reader.replay(collector)).isInstanceOf(JournalCorruptException.class);
        }
        // The damaged batch was written whole and acknowledged (a batch followed it): its record before the bad one
        // is read by the tools too (QA-277), not the server, which refuses to open.
        assertThat(collector.entries).as("records of batches before the damaged one, and of it before its bad record")
            .containsExactlyElementsOf(Fixtures.expected(1, 2));
    }

    /**
     * A salvage keeps the records of a batch damaged mid-journal that precede its bad record: written whole and
     * acknowledged with it (a batch followed), they were left behind while the salvage said it kept every record
     * before the bad one's seq (QA-277: three orders answered 201 lost, a batch may hold hundreds). They go to a
     * document of their own, as the original grouped them, so the chain at the last one is the original's; a bad first
     * record keeps nothing of its batch.
     */
    @Test
    void aSalvageKeepsTheRecordsOfADamagedBatchBeforeItsBadRecord(@TempDir final Path elsewhere) throws Exception {
        final long[] indexes = writeABatchOfThreeBetweenTwoSingles();
        final long chainAtThree = chainAfter(3);
        final QueueSurgery.Location batch = QueueSurgery.locate(dataDir, indexes[1]);
        QueueSurgery.flipBit(batch, offsetInBatch(2, 4) + JournalRecord.NEXT_PAYLOAD_OFFSET + 1);
        try (JournalReader reader = JournalReader.open(dataDir)) {
            final VerifyReport report = reader.verify();
            assertThat(report.faultSeq()).isEqualTo(4);
            assertThat(report.recordsVerified()).as("1, and 2 and 3 of the damaged batch").isEqualTo(3);
        }

        final JournalSalvage.Report report = JournalSalvage.copyReadable(dataDir, elsewhere.resolve("salvaged"));

        assertThat(report.recordsCopied()).isEqualTo(3);
        assertThat(report.lastSeq()).isEqualTo(3);
        assertThat(report.stoppedAt().seq()).isEqualTo(4);
        assertThat(Fixtures.replayAll(elsewhere.resolve("salvaged"))).containsExactlyElementsOf(Fixtures.expected(1, 3));
        try (Journal journal = Journal.open(elsewhere.resolve("salvaged"), Durability.PROCESS)) {
            assertThat(journal.lastChain()).as("the original's chain at seq 3").isEqualTo(chainAtThree);
        }

        // The batch's first record bad: nothing of it is kept.
        QueueSurgery.flipBit(batch, JournalRecord.FULL_PAYLOAD_OFFSET + 1);
        final JournalSalvage.Report none = JournalSalvage.copyReadable(dataDir, elsewhere.resolve("again"));
        assertThat(none.lastSeq()).isEqualTo(1);
        assertThat(none.stoppedAt().seq()).isEqualTo(2);
    }

    @Test
    void tamperingWithARecordInsideABatchIsReportedByVerifyAtThatRecordsSeq() throws Exception {
        final long[] indexes = writeABatchOfThreeBetweenTwoSingles();
        final QueueSurgery.Location batch = QueueSurgery.locate(dataDir, indexes[1]);
        // Tamper with seq 3 alone, fixing up its CRC: only the chain can tell.
        final int from = offsetInBatch(2, 3);
        final int length = offsetInBatch(2, 4) - from;
        final QueueSurgery.Location third = new QueueSurgery.Location(batch.file(), batch.offset() + from, length);
        QueueSurgery.tamperPayload(third, 0);

        try (JournalReader reader = JournalReader.open(dataDir)) {
            final VerifyReport report = reader.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.fault().kind()).isEqualTo(JournalCorruptException.Kind.BROKEN_CHAIN);
            assertThat(report.faultIndex()).isEqualTo(indexes[2]);
            assertThat(report.faultSeq()).isEqualTo(3);
            assertThat(report.lastSeq()).as("the record of the damaged batch before the tampered one")
                .isEqualTo(2);
            assertThat(report.recordsVerified()).isEqualTo(2);
        }
    }

    @Test
    void aValidBatchAfterADefectiveDocumentIsMidJournalDamageNotPartOfATornTail() throws Exception {
        final long[] indexes = writeABatchOfThreeBetweenTwoSingles();
        QueueSurgery.flipBit(QueueSurgery.locate(dataDir, indexes[0]), JournalRecord.FULL_PAYLOAD_OFFSET + 1);

        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS))
            .isInstanceOfSatisfying(JournalCorruptException.class, e -> {
                assertThat(e.index()).isEqualTo(indexes[0]);
                assertThat(e.seq()).isEqualTo(1);
            });
    }

    /**
     * A journal written before format 2 is refused by name, not read as damage: its records would fail every check
     * from the first document on, which a scan would otherwise take for a torn tail and retire.
     */
    @Test
    void aJournalOfFormatOneIsRefusedAndLeftAsItWas() throws Exception {
        final byte[] payload = {1, 2, 3};
        final java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(36 + payload.length)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        v1.putLong(1).putLong(Fixtures.timeOf(1)).putShort((short) 1).putShort((short) 0).putInt(payload.length)
            .put(payload);
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(v1.array(), 0, v1.position());
        v1.putInt((int) crc.getValue()).putLong(Hash64.chain(JournalRecord.GENESIS_CHAIN, (int) crc.getValue(), 1));
        java.nio.file.Files.createDirectories(JournalFiles.queueDir(dataDir));
        try (SingleChronicleQueue queue = JournalFiles.openForWriting(dataDir, Durability.PROCESS);
             ExcerptAppender appender = queue.createAppender();
             DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(v1.array());
        }

        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS))
            .isInstanceOfSatisfying(JournalCorruptException.class, e -> {
                assertThat(e.kind()).isEqualTo(JournalCorruptException.Kind.UNSUPPORTED_FORMAT);
                assertThat(e.seq()).isEqualTo(1);
            })
            .hasMessageContaining("journal format 1");
        try (JournalReader reader = JournalReader.open(dataDir)) {
            final VerifyReport report = reader.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.fault().kind()).isEqualTo(JournalCorruptException.Kind.UNSUPPORTED_FORMAT);
            assertThat(report.tornTail()).isFalse();
        }
    }



    /**
     * A journal written yesterday and opened today: the first append goes to a new daily roll file, and the check that
     * reads it back must follow the reader from yesterday's file into today's — after a clean stop, and after a
     * writer killed inside an append yesterday.
     */
    @ParameterizedTest(name = "yesterday's writer {0}")
    @CsvSource({"stopped", "killed"})
    void aJournalOpenedOnALaterDayAppendsToANewRollFileAndReadsOn(final String end) throws Exception {
        final long yesterday = System.currentTimeMillis() - 86_400_000L;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS, () -> yesterday)) {
            Fixtures.appendEachInItsOwnBatch(journal, 1, 3);
        }
        if (end.equals("killed")) {
            try (SingleChronicleQueue queue = JournalFiles.openForWriting(dataDir, Durability.PROCESS, () -> yesterday);
                 ExcerptAppender appender = queue.createAppender()) {
                appender.writingDocument().wire().bytes().write(new byte[100]);
            }
        }

        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(3);
            Fixtures.append(journal, 4, 5);
        }
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 6, 6);
        }

        assertThat(Fixtures.replayAll(dataDir)).containsExactlyElementsOf(Fixtures.expected(1, 6));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(JournalFiles.queueDir(dataDir))) {
            assertThat(files.filter(f -> f.toString().endsWith(".cq4"))).as("yesterday's and today's").hasSize(2);
        }
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.verify().ok()).isTrue();
        }
    }

    /** Verify beside a live writer: what the writer appends during the scan is not taken for documents beyond it. */
    @Test
    void verifyBesideAWriterAppendingNeverReportsDocumentsBeyond() throws Exception {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.appendEachInItsOwnBatch(journal, 1, 50);
            final java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            final Thread writer = new Thread(() -> {
                long seq = 51;
                while (writing.get()) {
                    Fixtures.append(journal, seq, seq);
                    seq++;
                }
            });
            writer.start();
            try {
                for (int i = 0; i < 200; i++) {
                    try (JournalReader reader = JournalReader.open(dataDir)) {
                        final VerifyReport report = reader.verify();
                        assertThat(report.fault()).as("verify %d", i).isNull();
                    }
                }
            } finally {
                writing.set(false);
                writer.join();
            }
        }
    }

    /**
     * A crash at a day's roll, after Chronicle made the new day's file and before it wrote its header, leaves that file
     * empty and its day not listed. The writer's opening would list it, and every later start take it for a lost roll
     * file and refuse (review): the start moves it aside instead, and the records are all there, start after start.
     */
    @Test
    void anEmptyNewDayFileFromACrashAtTheRollIsMovedAsideAndTheJournalStarts() throws Exception {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.appendEachInItsOwnBatch(journal, 1, 5);
        }
        final Path queueDir = JournalFiles.queueDir(dataDir);
        final Path today;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(queueDir)) {
            today = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final java.time.LocalDate day = java.time.LocalDate.parse(today.getFileName().toString().substring(0, 8),
            java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        final Path tomorrow = queueDir.resolve(day.plusDays(1).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
            + "F.cq4");
        java.nio.file.Files.createFile(tomorrow);

        for (int start = 1; start <= 2; start++) {
            try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
                assertThat(journal.lastSeq()).as("start %d", start).isEqualTo(5);
            }
            try (JournalReader reader = JournalReader.open(dataDir)) {
                assertThat(reader.verify().ok()).as("start %d", start).isTrue();
            }
        }
        assertThat(tomorrow).doesNotExist();
        assertThat(queueDir.resolve(tomorrow.getFileName() + ".discard")).exists().isEmptyFile();
    }
}
