package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Salvage at the edges Review-195 found (each failed on the first version of the padded copy): a journal without its
 * metadata table, or with one of zeros, answered as the reader answers; a cut file beside an empty newest file; and
 * a large roll file cut far before its end, whose index Chronicle reads from far past the cut. Run where Chronicle's
 * assertions are off (journal/pom.xml, execution {@code damage}), as the tools run.
 */
class SalvageEdgesTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path elsewhere;

    /**
     * A journal whose metadata.cq4t is missing: salvage answers the reader's DataDirException with its way out (a first
     * version asked Chronicle about the roll files before the reader's checks).
     */
    @Test
    void salvageOfRollFilesWithoutMetadataSaysWhatTheReaderSays() throws Exception {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 3);
        }
        Files.delete(JournalFiles.queueDir(dataDir).resolve("metadata.cq4t"));
        assertThatThrownBy(() -> JournalReader.open(dataDir)).isInstanceOf(DataDirException.class)
            .hasMessageContaining("but no metadata.cq4t");

        assertThatThrownBy(() -> JournalSalvage.copyReadable(dataDir, elsewhere.resolve("salvaged")))
            .isInstanceOf(DataDirException.class).hasMessageContaining("but no metadata.cq4t");
        assertThat(JournalFiles.queueDir(dataDir).resolve("metadata.cq4t")).as("salvage made no table in the damaged dir")
            .doesNotExist();
    }

    /** As above with a metadata.cq4t a crash left as zeros (the reader refuses it at once, before Chronicle's open). */
    @Test
    void salvageOfRollFilesBesideAZeroTableSaysWhatTheReaderSays() throws Exception {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 3);
        }
        final Path table = JournalFiles.queueDir(dataDir).resolve("metadata.cq4t");
        Files.write(table, new byte[131_072]);
        assertThatThrownBy(() -> JournalReader.open(dataDir)).isInstanceOf(DataDirException.class)
            .hasMessageContaining("holds only zeros");
        final long started = System.nanoTime();
        assertThatThrownBy(() -> JournalSalvage.copyReadable(dataDir, elsewhere.resolve("salvaged")))
            .isInstanceOf(DataDirException.class).hasMessageContaining("holds only zeros");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(2_000);
    }

    /**
     * A cut roll file beside an empty, unlisted newest roll file (a crash during a day's roll, which every reader
     * accepts): the 19 records before the cut are salvaged. A first version padded the empty file to 64 MiB, which the
     * copy's reader then refused as cut short, and salvaged nothing.
     */
    @Test
    void aCutFileBesideAnEmptyNewestFileIsStillSalvagedUpToTheCut() throws Exception {
        assumeFalse(net.openhft.chronicle.queue.impl.single.SingleChronicleQueue.class.desiredAssertionStatus());
        final QueueSurgery.Location twentieth = QueueSurgery.writeAndCutInside(dataDir, 30, 20, 10).document();
        // The next day's file, made and never written (Chronicle makes it empty before its header; a crash between).
        final String day = twentieth.file().getFileName().toString().substring(0, 8);
        final String next = java.time.LocalDate.parse(day, java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
            .plusDays(1).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE) + "F.cq4";
        Files.createFile(JournalFiles.queueDir(dataDir).resolve(next));

        final JournalSalvage.Report salvage = JournalSalvage.copyReadable(dataDir, elsewhere.resolve("salvaged"));

        assertThat(salvage.lastSeq()).as("the 19 records before the cut (stopped at: %s)", salvage.stoppedAt())
            .isEqualTo(19);
    }

    /**
     * A roll file past its first chunk, cut well inside (a 300 MiB file cut at 100 MiB): not short enough to be refused
     * from its size; the reader faults on Chronicle's last index (near the file's old end), and salvage turns to the
     * padded copy, which must reach past that index: every record before the cut is salvaged. A first version padded
     * by at most 128 MiB, faulted where the direct read did, and salvaged none of the ~100.
     */
    @Test
    void aLargeRollFileCutFarBeforeItsEndIsSalvagedUpToTheCut() throws Exception {
        assumeFalse(net.openhft.chronicle.queue.impl.single.SingleChronicleQueue.class.desiredAssertionStatus());
        final QueueSurgery.Large written;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            written = QueueSurgery.appendLarge(journal, dataDir, 300, 1_000_000);
        }
        final long cut = 100L << 20;
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(written.file(),
            java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(cut);
        }
        final int before = written.before(cut);
        assertThat(before).isGreaterThan(90);

        final JournalSalvage.Report salvage = JournalSalvage.copyReadable(dataDir, elsewhere.resolve("salvaged"));

        assertThat(salvage.lastSeq()).as("records before the cut (stopped at: %s)", salvage.stoppedAt())
            .isEqualTo(before);
    }
}
