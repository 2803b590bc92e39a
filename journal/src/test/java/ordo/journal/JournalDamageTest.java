package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal whose files lost more than a torn tail: a roll file cut short with documents after the cut, a document
 * whose page never reached the disk while Chronicle's file header points past it. Run with Chronicle's internal
 * assertions off (journal/pom.xml, execution {@code damage}), as a server runs: in these states Chronicle's own debug
 * asserts throw where production code goes on, and it is production's behaviour these tests pin.
 */
class JournalDamageTest {
    /** Seq 5 is the last of {@link #writeFiveRecords}. */
    private static final int LAST_SEQ = 5;

    @TempDir
    Path dataDir;

    /** Where a salvage goes: a directory of its own that the run deletes (a sibling of {@link #dataDir} is not). */
    @TempDir
    Path elsewhere;

    /**
     * Only where Chronicle's assertions are off. The build runs this class so (execution {@code damage}); a run that
     * names it with {@code -Dtest} also runs it in the default execution, with them on, where it is left out here.
     */
    @BeforeEach
    void chronicleAssertionsOff() {
        assumeFalse(net.openhft.chronicle.queue.impl.single.SingleChronicleQueue.class.desiredAssertionStatus(),
            "Chronicle's assertions are on in this execution; the damage execution runs this class");
    }

    private long[] writeFiveRecords() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            return Fixtures.appendEachInItsOwnBatch(journal, 1, LAST_SEQ);
        }
    }

    /** Ten records, one document each, and the roll file cut 10 bytes into the sixth: five readable, five beyond. */
    private void writeTenAndCutInsideTheSixth() throws java.io.IOException {
        QueueSurgery.writeAndCutInside(dataDir, 10, 6, 10);
    }

    /**
     * A roll file cut short with whole documents after the cut (a copy that stopped early, a disk that lost the
     * file's end): Chronicle resumes writing beyond the cut, where no reader reaches. Opening once retired the cut
     * document as a torn tail with a marker written there and went on appending, answering for commands lost at the
     * next start (found in QA); now the marker is read back, and the open refuses, start after start.
     */
    @Test
    void aRollFileCutShortBeforeItsLastDocumentsRefusesToOpen() throws Exception {
        writeTenAndCutInsideTheSixth();

        for (int start = 1; start <= 2; start++) {
            assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS)).as("start %d", start)
                .isInstanceOfSatisfying(JournalCorruptException.class, e ->
                    assertThat(e.kind()).isEqualTo(JournalCorruptException.Kind.UNREADABLE_BEYOND));
        }
        // The readers refuse it too (they once passed it), from its size, before anything is mapped; salvage copies
        // the five records before the cut (theReadableRecordsOfARefusedJournalAreSalvaged…).
        assertThatThrownBy(() -> JournalReader.open(dataDir)).isInstanceOfSatisfying(JournalCorruptException.class,
            e -> assertThat(e.kind()).isEqualTo(JournalCorruptException.Kind.UNREADABLE_BEYOND))
            .hasMessageContaining("cut short");
    }

    /**
     * A roll file cut inside its last readable document, with documents after the cut that nothing in what is left
     * shows (QA-193: 26 of them): a crash leaves a file its full length, so a tail the file ends inside is a cut,
     * not a torn batch. The tools called it a torn tail of one document (verify exit 6, replay and dump 0) while a
     * server, finding it could not append after it, refused, having written a discard marker into the damaged
     * directory first. Now the readers and the server refuse it alike, and the server before it writes anything.
     */
    @Test
    void aRollFileCutInsideItsLastReadableDocumentIsACutForTheToolsAndTheServerAlike() throws Exception {
        final QueueSurgery.Cut made = QueueSurgery.writeAndCutInside(dataDir, 30, 20, 10);
        final QueueSurgery.Location twentieth = made.document();
        final long cut = made.at();
        final byte[] before = java.nio.file.Files.readAllBytes(twentieth.file());

        // Shorter than any roll file Chronicle makes: every reader and the server refuse it from its size alone.
        assertThatThrownBy(() -> JournalReader.open(dataDir)).isInstanceOfSatisfying(JournalCorruptException.class,
            e -> assertThat(e.kind()).isEqualTo(JournalCorruptException.Kind.UNREADABLE_BEYOND))
            .hasMessageContaining("is " + cut + " bytes").hasMessageContaining("cut short");
        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS)).isInstanceOfSatisfying(
            JournalCorruptException.class, e -> assertThat(e.getMessage()).contains("cut short"));
        assertThat(java.nio.file.Files.readAllBytes(twentieth.file())).as("the refused start wrote nothing there")
            .isEqualTo(before);
        final JournalSalvage.Report salvage = JournalSalvage.copyReadable(dataDir, elsewhere.resolve("salvaged"));
        assertThat(salvage.lastSeq()).isEqualTo(19);
        assertThat(salvage.stoppedAt().getMessage()).contains("cut short");

        // A file as long as Chronicle makes them that was cut inside a later chunk reads, past the cut, as zeros where
        // its mapping reaches: the scan finds the tail the file ends inside a cut, not a torn batch, from the size
        // the file had (the server's open, which extends the file as it maps it, passes the sizes it found).
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(twentieth.file(),
            java.nio.file.StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.wrap(new byte[1]), 80L << 20);
        }
        try (net.openhft.chronicle.queue.impl.single.SingleChronicleQueue queue = JournalFiles.openForReading(dataDir)) {
            final JournalScan scan = new JournalScan();
            scan.fileSizes(java.util.Map.of(twentieth.file().getFileName().toString(), cut));
            assertThatThrownBy(() -> scan.scan(queue, Long.MAX_VALUE, null)).isInstanceOfSatisfying(
                JournalCorruptException.class, e -> assertThat(e.kind()).isEqualTo(
                    JournalCorruptException.Kind.UNREADABLE_BEYOND))
                .hasMessageContaining("ends at byte " + cut).hasMessageContaining("after seq 19");
            final JournalScan asItIsNow = new JournalScan();
            assertThat(asItIsNow.scan(queue, Long.MAX_VALUE, null).hasTornTail())
                .as("read at its length now, the same tail looks torn").isTrue();
        }
    }

    /**
     * A roll file past its first chunk (110 records of 1 MiB: 144 MiB as Chronicle sizes it) cut at 100 MiB, inside its
     * records and far before its end: not short enough to be refused from its size. The server's writable open maps
     * the file to its length again before it reads, finds the tail the file ended inside a cut, refuses, and cuts the
     * file back to the 100 MiB it found (Review-195: nothing tested that). Salvage reads a copy padded far past the
     * cut (one padded by a chunk only faulted in Chronicle's index and copied nothing: Review-195) and copies every
     * record whose document lies before the cut.
     */
    @Test
    void aRollFileCutFarBeforeItsEndIsRefusedLeftAsFoundAndSalvagedUpToTheCut() throws Exception {
        final QueueSurgery.Large written;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            written = QueueSurgery.appendLarge(journal, dataDir, 110, JournalRecord.MAX_PAYLOAD_LENGTH);
        }
        final long cut = 100L << 20;
        final int before = written.before(cut);
        final Path rollFile = written.file();
        assertThat(java.nio.file.Files.size(rollFile)).as("past its first chunk").isGreaterThan(cut);
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(rollFile,
            java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(cut);
        }

        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS)).isInstanceOfSatisfying(
            JournalCorruptException.class, e -> assertThat(e.kind()).isEqualTo(
                JournalCorruptException.Kind.UNREADABLE_BEYOND)).hasMessageContaining("ends at byte " + cut);
        assertThat(java.nio.file.Files.size(rollFile)).as("cut back to the size the refused start found").isEqualTo(cut);

        final Path salvaged = elsewhere.resolve("salvaged");
        final JournalSalvage.Report report = JournalSalvage.copyReadable(dataDir, salvaged);

        assertThat(before).isBetween(90, 99);
        assertThat(report.lastSeq()).isEqualTo(before);
        assertThat(report.recordsCopied()).isEqualTo(before);
        assertThat(report.stoppedAt()).isNotNull();
        assertThat(java.nio.file.Files.exists(salvaged.resolve(".salvage-source"))).isFalse();
        assertThat(java.nio.file.Files.size(rollFile)).as("the damaged file left as it was").isEqualTo(cut);
        try (JournalReader reader = JournalReader.open(salvaged)) {
            assertThat(reader.verify().ok()).isTrue();
            assertThat(reader.verify().lastSeq()).isEqualTo(before);
        }
    }

    /**
     * The last document's page never reached the disk (power loss before the writeback), while Chronicle's file
     * header already points past it: a reader stops at the zeroed header, and Chronicle resumed writing after it.
     * The first append after open is read back and refused before its batch can be acknowledged.
     */
    @Test
    void anAppendThatAReaderCannotReachIsRefusedBeforeItIsAcknowledged() throws Exception {
        final long[] indexes = writeFiveRecords();
        final QueueSurgery.Location last = QueueSurgery.locate(dataDir, indexes[LAST_SEQ - 1]);
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(last.file(),
            java.nio.file.StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.allocate(4 + last.length()), last.offset() - 4);
            file.force(true);
        }

        final Journal journal;
        try {
            journal = Journal.open(dataDir, Durability.PROCESS);
        } catch (JournalCorruptException refused) {
            // Chronicle's own last index already shows the document beyond: refused at open, as good.
            assertThat(refused.kind()).isEqualTo(JournalCorruptException.Kind.UNREADABLE_BEYOND);
            return;
        }
        try (journal) {
            assertThat(journal.lastSeq()).isEqualTo(LAST_SEQ - 1);
            final boolean readable = appendsReadably(journal);
            try (JournalReader reader = JournalReader.open(dataDir)) {
                final long lastReadable = reader.replay(new Fixtures.Collector()).lastSeq();
                assertThat(readable).as("an append is accepted only where a reader finds it (reader ends at seq %d)",
                    lastReadable).isEqualTo(lastReadable == LAST_SEQ);
            }
        }
    }

    /** Appends seq 5 again; false if the journal refused it as unreadable. */
    private static boolean appendsReadably(final Journal journal) {
        try {
            Fixtures.append(journal, LAST_SEQ, LAST_SEQ);
            return true;
        } catch (JournalCorruptException e) {
            assertThat(e.kind()).isEqualTo(JournalCorruptException.Kind.UNREADABLE_BEYOND);
            assertThatThrownBy(() -> Fixtures.append(journal, LAST_SEQ + 1, LAST_SEQ + 1))
                .as("and takes no more appends").isInstanceOf(RuntimeException.class);
            return false;
        }
    }

    /**
     * A roll file cut at a page boundary among its records, as a partial copy leaves it: the reader faults on a page the
     * file no longer has, which may be one Chronicle reads before any record (its index lies after the first records),
     * and salvage copied 0 of the records before the cut (found in QA: 0 of ~410, exit 0). It now reads a copy made
     * full length with zeros: every record whose document ends before the cut is copied, and the report says the file
     * was cut short. Each cut from the second page to the last is tried.
     */
    @Test
    void aRollFileCutAtAPageAmongItsRecordsIsSalvagedUpToTheCut() throws Exception {
        final int records = 3_000;
        final long[] indexes;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            indexes = Fixtures.appendEachInItsOwnBatch(journal, 1, records);
        }
        final long[] offsets = new long[records];
        final long[] ends = new long[records];
        for (int r = 0; r < records; r++) {
            final QueueSurgery.Location at = QueueSurgery.locate(dataDir, indexes[r]);
            offsets[r] = at.offset();
            ends[r] = at.offset() + at.length();
        }
        final Path rollFile = QueueSurgery.locate(dataDir, indexes[0]).file();
        final byte[] whole = java.nio.file.Files.readAllBytes(rollFile);
        final long end = offsets[records - 1] + 256;
        int cuts = 0;
        for (long cut = (offsets[0] / 4096 + 1) * 4096; cut < end; cut += 5 * 4096, cuts++) {
            java.nio.file.Files.write(rollFile, java.util.Arrays.copyOf(whole, (int) cut));
            // Whole before the cut: a record whose document's bytes all lie before it.
            int before = 0;
            while (before < records && ends[before] <= cut) {
                before++;
            }
            final Path salvaged = elsewhere.resolve("salvaged-" + cut);

            final JournalSalvage.Report report = JournalSalvage.copyReadable(dataDir, salvaged);

            assertThat(report.lastSeq()).as("cut at %d", cut).isEqualTo(before);
            assertThat(report.recordsCopied()).isEqualTo(before);
            assertThat(report.stoppedAt()).as("cut at %d", cut).isNotNull();
            assertThat(Fixtures.replayAll(salvaged)).containsExactlyElementsOf(Fixtures.expected(1, before));
            assertThat(java.nio.file.Files.exists(salvaged.resolve(".salvage-source"))).as("its copy deleted").isFalse();
            assertThat(java.nio.file.Files.size(rollFile)).as("the damaged file left as it was").isEqualTo(cut);
        }
        assertThat(cuts).isGreaterThan(5);
    }

    /**
     * The way out when the files cannot be restored: the readable records go to a new directory, where the journal
     * opens and takes appends, and the damaged one is left as it was.
     */
    @Test
    void theReadableRecordsOfARefusedJournalAreSalvagedIntoANewDirectoryThatOpens() throws Exception {
        writeTenAndCutInsideTheSixth();
        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS)).isInstanceOf(JournalCorruptException.class);
        final Path salvaged = elsewhere.resolve("salvaged");

        final JournalSalvage.Report report = JournalSalvage.copyReadable(dataDir, salvaged);

        assertThat(report.recordsCopied()).isEqualTo(5);
        assertThat(report.lastSeq()).isEqualTo(5);
        assertThat(Fixtures.replayAll(salvaged)).containsExactlyElementsOf(Fixtures.expected(1, 5));
        try (Journal journal = Journal.open(salvaged, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(5);
            Fixtures.append(journal, 6, 7);
        }
        try (JournalReader reader = JournalReader.open(salvaged)) {
            assertThat(reader.verify().ok()).isTrue();
            assertThat(reader.verify().lastSeq()).isEqualTo(7);
        }
        assertThatThrownBy(() -> JournalSalvage.copyReadable(dataDir, salvaged)).as("never into a journal")
            .isInstanceOf(IllegalArgumentException.class);
    }
}
