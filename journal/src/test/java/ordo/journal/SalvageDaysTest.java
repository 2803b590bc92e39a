package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Salvage across days and of large files (Review-196; the second failed before its fix): a journal of two days
 * whose newest is cut reads the older day through a link; an older day cut far before its end is padded as the
 * newest is, not linked; and the copy that leaves zero blocks as holes is exact past 2 GiB. Run where Chronicle's
 * assertions are off (journal/pom.xml, execution {@code damage}), as the tools run.
 */
class SalvageDaysTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path elsewhere;

    static final long DAY1 = 1_767_225_600_000L + 3_600_000L; // 2026-01-01T01:00Z
    static final long DAY2 = DAY1 + 86_400_000L;

    private static List<Path> rollFiles(final Path dataDir) throws Exception {
        try (var s = Files.list(JournalFiles.queueDir(dataDir))) {
            return s.filter(p -> p.toString().endsWith(".cq4")).sorted().toList();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void damageOnly() {
        org.junit.jupiter.api.Assumptions.assumeFalse(
            net.openhft.chronicle.queue.impl.single.SingleChronicleQueue.class.desiredAssertionStatus());
    }

    @Test
    void twoDaysNewestCutShortIsSalvagedThroughTheLinkedOlderDay() throws Exception {
        final SetTimeProvider clock = new SetTimeProvider(DAY1 * 1_000_000L);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS, clock)) {
            Fixtures.appendEachInItsOwnBatch(journal, 1, 10);
        }
        clock.currentTimeMillis(DAY2);
        final long[] indexes;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS, clock)) {
            indexes = Fixtures.appendEachInItsOwnBatch(journal, 11, 40);
        }
        final List<Path> files = rollFiles(dataDir);
        System.out.println("files " + files + " sizes " + files.stream().map(f -> f.toFile().length()).toList());
        assertThat(files).hasSize(2);
        final QueueSurgery.Location at = QueueSurgery.locate(dataDir, indexes[19]);
        assertThat(at.file()).isEqualTo(files.get(1));
        try (var ch = java.nio.channels.FileChannel.open(at.file(), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(at.offset() + 10);
        }
        final byte[] older = Files.readAllBytes(files.get(0));
        final Path to = elsewhere.resolve("salvaged");
        final JournalSalvage.Report report = JournalSalvage.copyReadable(dataDir, to);
        System.out.println("report " + report);
        assertThat(report.lastSeq()).isEqualTo(29);
        assertThat(report.recordsCopied()).isEqualTo(29);
        assertThat(Fixtures.replayAll(to)).isEqualTo(Fixtures.expected(1, 29));
        assertThat(Files.readAllBytes(files.get(0))).as("older day untouched (link targets not deleted)").isEqualTo(older);
        assertThat(to.resolve(".salvage-source")).doesNotExist();
        assertThat(files.get(0)).exists();
    }

    /**
     * An older day's roll file past its first chunk, cut far before its end, with a newer day after it (a partial
     * copy, a restore that cut one file): its size is not one Chronicle makes, so the padded copy pads it as it pads
     * the newest, and the records before the cut are salvaged. A first version linked it (at least 80 MiB, not the
     * newest) and salvaged none.
     */
    @Test
    void anOlderDayCutFarBeforeItsEndIsSalvagedUpToTheCut() throws Exception {
        final SetTimeProvider clock = new SetTimeProvider(DAY1 * 1_000_000L);
        final int records = 300;
        final QueueSurgery.Large written;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS, clock)) {
            written = QueueSurgery.appendLarge(journal, dataDir, records, 1_000_000);
        }
        final Path file = written.file();
        clock.currentTimeMillis(DAY2);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS, clock)) {
            final byte[] payload = new byte[100];
            journal.append(records + 1, Fixtures.timeOf(records + 1), Fixtures.typeOf(records + 1),
                new org.agrona.concurrent.UnsafeBuffer(payload), 0, payload.length);
            journal.endOfBatch();
        }
        assertThat(rollFiles(dataDir)).hasSize(2);
        final long cut = 100L << 20;
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }
        final int before = written.before(cut);
        final JournalSalvage.Report salvage = JournalSalvage.copyReadable(dataDir, elsewhere.resolve("salvaged"));
        System.out.println("report " + salvage);
        assertThat(salvage.lastSeq()).as("records before the cut (stopped at: %s)", salvage.stoppedAt())
            .isEqualTo(before);
    }

    @Test
    void sparseCopyOfAFileLargerThan2GiB() throws Exception {
        final Path src = elsewhere.resolve("src");
        final long size = (2L << 30) + (3L << 20) + 12345;
        try (var ch = java.nio.channels.FileChannel.open(src, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {4}), (1L << 20) + 5);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {5}), (2L << 30) + 7);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {6}), size - 1 - 20000); // in the partial last block
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0}), size - 1);
        }
        final Path dst = elsewhere.resolve("dst");
        PaddedJournalCopy.sparseCopy(src, dst);
        assertThat(Files.size(dst)).isEqualTo(size);
        assertThat(Files.mismatch(src, dst)).isEqualTo(-1L);
        // trailing all-zero block
        final Path src2 = elsewhere.resolve("src2");
        try (var raf = new java.io.RandomAccessFile(src2.toFile(), "rw")) {
            raf.write(7);
            raf.setLength((5L << 20) + 3);
        }
        final Path dst2 = elsewhere.resolve("dst2");
        PaddedJournalCopy.sparseCopy(src2, dst2);
        assertThat(Files.size(dst2)).isEqualTo((5L << 20) + 3);
        assertThat(Files.mismatch(src2, dst2)).isEqualTo(-1L);
        assertThatThrownBy(() -> PaddedJournalCopy.sparseCopy(src2, dst2))
            .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        // empty
        final Path e = elsewhere.resolve("empty");
        Files.createFile(e);
        PaddedJournalCopy.sparseCopy(e, elsewhere.resolve("empty2"));
        assertThat(Files.size(elsewhere.resolve("empty2"))).isZero();
    }
}
