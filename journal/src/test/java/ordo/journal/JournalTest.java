package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import net.openhft.chronicle.bytes.SyncMode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dataDir;

    @Test
    void recordsRoundTripWithSeqTimeTypeAndPayload() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 100);
            assertThat(journal.lastSeq()).isEqualTo(100);
            assertThat(journal.mappedSyncMode()).isEqualTo(SyncMode.NONE);
        }

        assertThat(Fixtures.replayAll(dataDir)).containsExactlyElementsOf(Fixtures.expected(1, 100));
    }

    @Test
    void bytesOnDiskMatchTheDocumentedLayoutIncludingCrcAndChain() throws Exception {
        final long[] indexes;
        final long[] chains = new long[4];
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            indexes = new long[4];
            for (int seq = 1; seq <= 3; seq++) {
                indexes[seq] = Fixtures.append(journal, seq, seq)[0];
                chains[seq] = journal.lastChain();
            }
        }

        long previousChain = JournalRecord.GENESIS_CHAIN;
        for (int seq = 1; seq <= 3; seq++) {
            final byte[] onDisk = QueueSurgery.readRecord(QueueSurgery.locate(dataDir, indexes[seq]));
            final byte[] expected = layoutByHand(seq, previousChain);
            assertThat(onDisk).as("record %d", seq).isEqualTo(expected);
            previousChain = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN).getLong(expected.length - 8);
            assertThat(previousChain).isEqualTo(chains[seq]);
        }
    }

    @Test
    void aBatchOnDiskIsOneFullRecordThenNextRecordsCarryingOnlyATimeDelta() throws Exception {
        final long[] indexes;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            indexes = Fixtures.append(journal, 1, 3);
        }
        final byte[] onDisk = QueueSurgery.readRecord(QueueSurgery.locate(dataDir, indexes[0]));
        final byte[] first = layoutByHand(1, JournalRecord.GENESIS_CHAIN);
        final long chainAfterFirst = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getLong(first.length - 8);
        final byte[] second = nextLayoutByHand(2, chainAfterFirst);
        final long chainAfterSecond = ByteBuffer.wrap(second).order(ByteOrder.LITTLE_ENDIAN).getLong(second.length - 8);
        final byte[] third = nextLayoutByHand(3, chainAfterSecond);
        final ByteBuffer expected = ByteBuffer.allocate(first.length + second.length + third.length)
            .put(first).put(second).put(third);
        assertThat(onDisk).isEqualTo(expected.array());
        assertThat(second.length).isEqualTo(20 + Fixtures.payloadOf(2).length);
    }

    /** A NEXT record, re-derived from the javadoc: head, type, length, the time since the record before, payload. */
    private static byte[] nextLayoutByHand(final long seq, final long previousChain) {
        final byte[] payload = Fixtures.payloadOf(seq);
        final ByteBuffer b = ByteBuffer.allocate(20 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x22).putShort((short) Fixtures.typeOf(seq)).put((byte) payload.length).putShort((short) 0)
            .putShort((short) (Fixtures.timeOf(seq) - Fixtures.timeOf(seq - 1))).put(payload);
        return sealByHand(b, seq, previousChain);
    }

    /** The record layout re-derived from the javadoc with plain java.nio, independent of the codec. */
    private static byte[] layoutByHand(final long seq, final long previousChain) {
        final byte[] payload = Fixtures.payloadOf(seq);
        final ByteBuffer b = ByteBuffer.allocate(34 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x21).putShort((short) Fixtures.typeOf(seq)).put((byte) payload.length).putShort((short) 0)
            .putLong(seq).putLong(Fixtures.timeOf(seq)).put(payload);
        return sealByHand(b, seq, previousChain);
    }

    private static byte[] sealByHand(final ByteBuffer b, final long seq, final long previousChain) {
        final CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        final int crcValue = (int) crc.getValue();
        b.putInt(crcValue).putLong(Hash64.chain(previousChain, crcValue, seq));
        return b.array();
    }

    @Test
    void appendRejectsASequenceGapAndAReplayedSeq() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 2);
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);

            assertThatThrownBy(() -> journal.append(4, 0, 1, payload, 0, 8))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("seq 4 after 2");
            assertThatThrownBy(() -> journal.append(2, 0, 1, payload, 0, 8))
                .isInstanceOf(IllegalStateException.class);
            assertThat(journal.lastSeq()).isEqualTo(2);

            journal.append(3, 0, 1, payload, 0, 8);
            assertThat(journal.lastSeq()).isEqualTo(3);
        }
        assertThat(Fixtures.replayAll(dataDir)).extracting(Fixtures.Entry::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void appendRejectsTheReservedTypeAndOversizedPayloads() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            final UnsafeBuffer big = new UnsafeBuffer(new byte[JournalRecord.MAX_PAYLOAD_LENGTH + 1]);

            assertThatThrownBy(() -> journal.append(1, 0, JournalRecord.TYPE_DISCARD, big, 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> journal.append(1, 0, -1, big, 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> journal.append(1, 0, 1, big, 0, JournalRecord.MAX_PAYLOAD_LENGTH + 1))
                .isInstanceOf(IllegalArgumentException.class);
            assertThat(journal.lastSeq()).isZero();

            journal.append(1, 0, JournalRecord.MAX_USER_TYPE, big, 0, JournalRecord.MAX_PAYLOAD_LENGTH);
        }
        final List<Fixtures.Entry> entries = Fixtures.replayAll(dataDir);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).payload()).hasSize(JournalRecord.MAX_PAYLOAD_LENGTH);
        assertThat(entries.get(0).type()).isEqualTo(JournalRecord.MAX_USER_TYPE);
    }

    @Test
    void reopenedJournalContinuesTheSequenceAndTheChain() {
        final long chainAfterThree;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 3);
            chainAfterThree = journal.lastChain();
        }
        Fixtures.continueAndCheckAll(dataDir, 3, chainAfterThree, 6);
    }

    @Test
    void syncModeAppendsInBatchesAndReadsBack() {
        try (Journal journal = Journal.open(dataDir, Durability.SYNC)) {
            for (int batch = 0; batch < 10; batch++) {
                Fixtures.append(journal, batch * 10L + 1, batch * 10L + 10); // ends with endOfBatch()
            }
            journal.endOfBatch(); // an empty batch is harmless
            assertThat(journal.lastSeq()).isEqualTo(100);
            assertThat(journal.mappedSyncMode()).as("else appender.sync() does nothing").isEqualTo(SyncMode.SYNC);
        }
        try (Journal journal = Journal.open(dataDir, Durability.SYNC)) {
            assertThat(journal.lastSeq()).isEqualTo(100);
        }
        assertThat(Fixtures.replayAll(dataDir)).containsExactlyElementsOf(Fixtures.expected(1, 100));
    }

    @Test
    void replayAfterASnapshotSeqDeliversOnlyLaterRecordsAndNamesTheChainItResumesFrom() {
        final long chainAtFour;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 4);
            chainAtFour = journal.lastChain();
            Fixtures.append(journal, 5, 9);
        }
        final Fixtures.Collector collector = new Fixtures.Collector();
        final ScanResult result;
        try (JournalReader reader = JournalReader.open(dataDir)) {
            result = reader.replay(4, collector);
        }
        assertThat(collector.entries).containsExactlyElementsOf(Fixtures.expected(5, 9));
        assertThat(result.startSeq()).isEqualTo(4);
        assertThat(result.startChain()).isEqualTo(chainAtFour);
        assertThat(result.lastSeq()).isEqualTo(9);
        assertThat(result.records()).isEqualTo(9);
    }

    @Test
    void readerReportsTheChronicleIndexOfTheRecordBeingDelivered() {
        final long[] indexes;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            indexes = Fixtures.append(journal, 1, 3);
        }
        try (JournalReader reader = JournalReader.open(dataDir)) {
            final long[] seen = new long[3];
            reader.replay((seq, time, type, payload, offset, length) -> seen[(int) seq - 1] = reader.currentIndex());
            assertThat(seen).containsExactly(indexes);
        }
    }

    @Test
    void aBatchIsOneDocumentAndABatchLargerThanADocumentSpansSeveralInOrder() {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[1_000]);
        final int records = 3 * Journal.MAX_GROUP_LENGTH / 1_000;
        final long firstBatchIndex;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            firstBatchIndex = Fixtures.append(journal, 1, 3)[0];
            for (int i = 0; i < records; i++) {
                payload.putInt(0, 4 + i);
                journal.append(4 + i, 0, 1, payload, 0, payload.capacity());
            }
            journal.endOfBatch();
        }
        final java.util.Map<Long, Integer> recordsPerDocument = new java.util.TreeMap<>();
        final java.util.List<Long> seqs = new java.util.ArrayList<>();
        try (JournalReader reader = JournalReader.open(dataDir)) {
            final ScanResult result = reader.replay((seq, time, type, p, offset, length) -> {
                seqs.add(seq);
                assertThat(seq <= 3 || p.getInt(offset) == seq).as("payload of seq %d", seq).isTrue();
                recordsPerDocument.merge(reader.currentIndex(), 1, Integer::sum);
            });
            assertThat(result.lastSeq()).isEqualTo(3 + records);
            assertThat(reader.verify().ok()).isTrue();
        }
        assertThat(seqs).hasSize(3 + records).isSorted();
        assertThat(recordsPerDocument.get(firstBatchIndex)).isEqualTo(3);
        assertThat(recordsPerDocument).hasSize(1 + 4);
        // A document's first record is FULL (34-byte frame), the others NEXT (20 bytes).
        assertThat(recordsPerDocument.values()).allSatisfy(n ->
            assertThat(1_034 + (n - 1) * 1_020).isLessThanOrEqualTo(Journal.MAX_GROUP_LENGTH));
    }

    @Test
    void inSyncModeEachDocumentOfABatchIsSyncedBeforeTheNextIsStarted() {
        // A power loss can keep a later page and lose an earlier one: were the batch's documents synced together
        // at its end, a torn first document under a whole second one would read as damage inside the journal.
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[1_000]);
        final int records = 3 * Journal.MAX_GROUP_LENGTH / 1_000;
        try (Journal journal = Journal.open(dataDir, Durability.SYNC)) {
            Fixtures.append(journal, 1, 1);
            final long syncsBefore = journal.syncs();
            long index = journal.lastIndex();
            int completed = 0;
            for (int i = 0; i < records; i++) {
                journal.append(2 + i, 0, 1, payload, 0, payload.capacity());
                if (journal.lastIndex() != index) {
                    index = journal.lastIndex();
                    completed++;
                    assertThat(journal.syncs()).as("syncs once document %d of the batch is complete", completed)
                        .isEqualTo(syncsBefore + completed);
                }
            }
            assertThat(completed).isEqualTo(3);
            journal.endOfBatch();
            assertThat(journal.syncs()).isEqualTo(syncsBefore + completed + 1);
        }
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.replay((seq, time, type, p, offset, length) -> { }).lastSeq()).isEqualTo(1 + records);
        }
    }

    @Test
    void inSyncModeTheDirectoriesAreSyncedAtOpenAndOnceForEachNewRollFile() {
        final long[] now = {System.currentTimeMillis() - 2 * 86_400_000L};
        try (Journal journal = Journal.open(dataDir, Durability.SYNC, () -> now[0])) {
            // The queue's directory, the data directory and its parent: open() may have created them.
            assertThat(journal.directorySyncs()).isEqualTo(3);
            Fixtures.append(journal, 1, 1);
            assertThat(journal.directorySyncs()).as("the first roll file").isEqualTo(4);
            Fixtures.append(journal, 2, 2);
            assertThat(journal.directorySyncs()).as("the same roll file").isEqualTo(4);
            now[0] += 86_400_000L;
            Fixtures.append(journal, 3, 3);
            assertThat(journal.directorySyncs()).as("the next day's roll file").isEqualTo(5);
        }
        try (Journal journal = Journal.open(dataDir, Durability.SYNC, () -> now[0])) {
            Fixtures.append(journal, 4, 4);
            assertThat(journal.directorySyncs()).as("open, then the roll file it found").isEqualTo(3);
        }
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 5, 5);
            assertThat(journal.directorySyncs()).as("process mode promises nothing past the process").isZero();
        }
        assertThat(Fixtures.replayAll(dataDir)).containsExactlyElementsOf(Fixtures.expected(1, 5));
    }

    @Test
    void aBatchWhoseTimesJumpOrGoBackReplaysEveryRecordAtItsExactTime() {
        final long[] times = {1_000, 1_000, 40_000, 39_999, 39_999 + Short.MAX_VALUE, 39_999 + Short.MAX_VALUE + 1,
            -5, Long.MAX_VALUE, Long.MIN_VALUE, 7};
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            for (int i = 0; i < times.length; i++) {
                final byte[] payload = Fixtures.payloadOf(i + 1);
                journal.append(i + 1, times[i], Fixtures.typeOf(i + 1), new UnsafeBuffer(payload), 0, payload.length);
            }
            journal.endOfBatch();
        }
        final java.util.List<Long> replayed = new java.util.ArrayList<>();
        try (JournalReader reader = JournalReader.open(dataDir)) {
            reader.replay((seq, time, type, p, offset, length) -> replayed.add(time));
            assertThat(reader.verify().ok()).isTrue();
        }
        assertThat(replayed).containsExactly(java.util.Arrays.stream(times).boxed().toArray(Long[]::new));
    }

    @Test
    void recordsAppendedSinceTheLastEndOfBatchAreNotVisibleToAReaderYet() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 2);
            final byte[] payload = Fixtures.payloadOf(3);
            journal.append(3, Fixtures.timeOf(3), Fixtures.typeOf(3), new UnsafeBuffer(payload), 0, payload.length);
            assertThat(Fixtures.replayAll(dataDir)).containsExactlyElementsOf(Fixtures.expected(1, 2));
            journal.endOfBatch();
            assertThat(Fixtures.replayAll(dataDir)).containsExactlyElementsOf(Fixtures.expected(1, 3));
        }
    }

    @Test
    void aSecondWriterOnTheSameDataDirectoryIsRefused() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
            Fixtures.append(journal, 1, 1);
        }
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(1);
        }
    }

    /**
     * A second open in this process is refused without touching the lock file: closing the channel it opened once
     * released the first journal's OS lock (POSIX locks go with any of the process's descriptors), and another
     * process could then open the directory as a second writer.
     */
    @Test
    void aSecondOpenInThisProcessLeavesTheFirstJournalsLockHeld() throws Exception {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThatThrownBy(() -> Journal.open(dataDir.resolve("journal").resolve(".."), Durability.PROCESS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open in this process");
            assertThat(probeLock(JournalFiles.writerLockFile(dataDir))).as("seen from another process")
                .isEqualTo("held");
            Fixtures.append(journal, 1, 1);
        }
        assertThat(probeLock(JournalFiles.writerLockFile(dataDir))).isEqualTo("free");
    }

    /**
     * Roll files without {@code metadata.cq4t} (a partial copy or restore) are refused by the reading tools, not read
     * as an empty journal (verify said clean at seq 0, salvage copied nothing); the writer reads them, making a new one.
     */
    @Test
    void rollFilesWithoutMetadataAreRefusedByTheReaderAndReadByTheWriter() throws Exception {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 3);
        }
        java.nio.file.Files.delete(JournalFiles.queueDir(dataDir).resolve("metadata.cq4t"));

        assertThatThrownBy(() -> JournalReader.open(dataDir)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("has roll files (*.cq4) but no metadata.cq4t");
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).as("the writer reads the roll files").isEqualTo(3);
        }
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.replay(new Fixtures.Collector()).lastSeq()).isEqualTo(3);
        }
    }

    /**
     * A first start killed after Chronicle sized {@code metadata.cq4t} and before it wrote the header left 128 KiB of
     * zeros (QA: 5 of 14 kills 0.8–1.05 s into a first start); every later open waited 10 s and failed, as a bug. The
     * writer moves such a table aside and starts afresh; a reader reads it as a journal never written.
     */
    @Test
    void aMetadataTableMadeAndNeverWrittenIsMovedAsideAndTheJournalStarts() throws Exception {
        final Path queueDir = JournalFiles.queueDir(dataDir);
        java.nio.file.Files.createDirectories(queueDir);
        java.nio.file.Files.write(queueDir.resolve("metadata.cq4t"), new byte[131_072]);

        readsAsEmptyThenStartsAndKeepsTwoRecords();
        assertThat(queueDir.resolve("metadata.cq4t.discard")).exists().hasSize(131_072);
    }

    /**
     * A kill a moment later than the zeros' leaves the header's length word marked incomplete (QA: "00 00 00 80", then
     * zeros), which Chronicle cannot open either: moved aside too.
     */
    @Test
    void aMetadataTableWhoseHeaderWasLeftIncompleteIsMovedAsideAndTheJournalStarts() throws Exception {
        final Path queueDir = JournalFiles.queueDir(dataDir);
        java.nio.file.Files.createDirectories(queueDir);
        final byte[] table = new byte[131_072];
        table[3] = (byte) 0x80;
        java.nio.file.Files.write(queueDir.resolve("metadata.cq4t"), table);

        readsAsEmptyThenStartsAndKeepsTwoRecords();
        assertThat(queueDir.resolve("metadata.cq4t.discard")).exists();
    }

    /**
     * Later still, the header is whole but the table's keys are not all written (QA), and a read-only open refuses it:
     * with no roll file there is no record, so the tools read an empty journal and the writer opens the table itself.
     */
    @Test
    void aMetadataTableWithItsHeaderButNotItsKeysAndNoRollFileStarts() throws Exception {
        final Path queueDir = JournalFiles.queueDir(dataDir);
        net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(queueDir)
            .rollCycle(JournalFiles.ROLL_CYCLE).build().close();
        final Path metadata = queueDir.resolve("metadata.cq4t");
        final byte[] table = java.nio.file.Files.readAllBytes(metadata);
        final int headerLength = (table[0] & 0xFF | (table[1] & 0xFF) << 8 | (table[2] & 0xFF) << 16
            | (table[3] & 0x3F) << 24);
        java.util.Arrays.fill(table, 4 + headerLength, table.length, (byte) 0);
        java.nio.file.Files.write(metadata, table);
        assertThatThrownBy(() -> JournalFiles.openForReading(dataDir).close()).as("what a read-only open makes of it")
            .isInstanceOf(RuntimeException.class);

        readsAsEmptyThenStartsAndKeepsTwoRecords();
    }

    /** Zeros for a table beside roll files with records: the reader refuses, the writer reads the roll files. */
    @Test
    void aMetadataTableOfZerosBesideRollFilesIsRefusedByTheReaderAndRebuiltByTheWriter() throws Exception {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 3);
        }
        final Path metadata = JournalFiles.queueDir(dataDir).resolve("metadata.cq4t");
        java.nio.file.Files.write(metadata, new byte[(int) java.nio.file.Files.size(metadata)]);

        assertThatThrownBy(() -> JournalReader.open(dataDir)).isInstanceOf(DataDirException.class)
            .hasMessageContaining("metadata.cq4t holds only zeros");
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).as("the writer reads the roll files").isEqualTo(3);
            Fixtures.append(journal, 4, 4);
        }
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.replay(new Fixtures.Collector()).lastSeq()).isEqualTo(4);
        }
    }

    /**
     * Zeros for a table beside an empty roll file of a later day (a crash while both were being made): the empty file
     * is moved aside with the table, or the table made from the roll files listed it and every start after the next
     * refused it as a lost file (review).
     */
    @Test
    void aMetadataTableOfZerosBesideAnEmptyNewestRollFileStartsEveryTime() throws Exception {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 3);
        }
        final Path queueDir = JournalFiles.queueDir(dataDir);
        final Path metadata = queueDir.resolve("metadata.cq4t");
        java.nio.file.Files.write(metadata, new byte[(int) java.nio.file.Files.size(metadata)]);
        String newest = "";
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(queueDir)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                final String name = file.getFileName().toString();
                if (name.endsWith(".cq4") && name.compareTo(newest) > 0) {
                    newest = name;
                }
            }
        }
        final java.time.LocalDate day = java.time.LocalDate.parse(newest.substring(0, 8),
            java.time.format.DateTimeFormatter.BASIC_ISO_DATE).plusDays(1);
        final Path empty = queueDir.resolve(day.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE) + "F.cq4");
        java.nio.file.Files.createFile(empty);

        for (int start = 0; start < 2; start++) {
            try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
                assertThat(journal.lastSeq()).as("start %d", start).isEqualTo(3);
            }
        }
        assertThat(empty).doesNotExist();
        assertThat(queueDir.resolve(empty.getFileName() + ".discard")).exists();
    }

    /** The tools read no record; the writer starts and appends two, which the tools then read. */
    private void readsAsEmptyThenStartsAndKeepsTwoRecords() {
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.replay(new Fixtures.Collector()).lastSeq()).isZero();
        }
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isZero();
            Fixtures.append(journal, 1, 2);
        }
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.replay(new Fixtures.Collector()).lastSeq()).isEqualTo(2);
        }
    }

    private static String probeLock(final Path file) throws Exception {
        final Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(), file.toString())
            .redirectErrorStream(true).start();
        final String out = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(probe.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void aJournalNeverWrittenReadsAsEmpty() {
        try (JournalReader reader = JournalReader.open(dataDir)) {
            final ScanResult result = reader.replay(new Fixtures.Collector());
            assertThat(result.lastSeq()).isZero();
            assertThat(result.lastChain()).isEqualTo(JournalRecord.GENESIS_CHAIN);
            assertThat(reader.verify().ok()).isTrue();
        }
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isZero();
            assertThat(journal.lastChain()).isEqualTo(JournalRecord.GENESIS_CHAIN);
        }
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.replay(new Fixtures.Collector()).lastSeq()).as("queue created, nothing appended").isZero();
        }
    }
}
