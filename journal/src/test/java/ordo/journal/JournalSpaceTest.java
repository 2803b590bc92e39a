package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk is refused before a record is written, so nothing acknowledged is lost ({@link SpaceReserve}). In QA
 * the journal wrote into roll-file pages the disk had no blocks for: the fault surfaced as an InternalError a batch
 * later, after the batch it hit had been acknowledged, and those records read back as zeros.
 */
class JournalSpaceTest {
    @TempDir
    Path dataDir;

    /** A C library whose disk holds {@link #limit} bytes of roll file: fallocate beyond it is ENOSPC. */
    static final class SmallDisk implements SpaceReserve.LibC {
        long limit = Long.MAX_VALUE;
        final List<long[]> calls = new ArrayList<>();
        int opened;
        int closed;

        @Override
        public int open(final String path, final int flags) {
            assertThat(path).endsWith(".cq4");
            assertThat(flags).as("O_RDWR").isEqualTo(2);
            opened++;
            return 42;
        }

        @Override
        public int close(final int fd) {
            closed++;
            return 0;
        }

        @Override
        public int fallocate(final int fd, final int mode, final long offset, final long length) {
            assertThat(fd).isEqualTo(42);
            assertThat(mode).as("FALLOC_FL_KEEP_SIZE").isEqualTo(1);
            calls.add(new long[] {offset, length});
            return offset + length > limit ? -1 : 0;
        }

        @Override
        public int lastError() {
            return 28; // ENOSPC
        }
    }

    @Test
    void aBatchTheDiskCannotHoldIsRefusedBeforeItIsWrittenAndEveryEarlierOneIsKept() {
        final SmallDisk disk = new SmallDisk();
        long acknowledged = 0;
        final Journal journal = Journal.open(dataDir, Durability.PROCESS);
        try {
            journal.reserveSpaceWith(SpaceReserve.create(disk, 256, 1024));
            Fixtures.append(journal, 1, 3);
            acknowledged = 3;
            assertThat(disk.calls).as("allocated ahead of the first record").isNotEmpty();
            final long[] first = disk.calls.get(0);
            // Room for a few more kilobytes of roll file: batches of three records until it runs out.
            disk.limit = first[0] + first[1] + 4096;
            long seq = 4;
            UncheckedIOException full = null;
            while (full == null && seq < 1_000) {
                try {
                    Fixtures.append(journal, seq, seq + 2);
                    acknowledged = seq + 2;
                    seq += 3;
                } catch (final UncheckedIOException e) {
                    full = e;
                }
            }
            assertThat(full).as("the disk filled").isNotNull();
            assertThat(full.getMessage()).contains("no space left on the device")
                .contains("the record was not written");
            assertThat(acknowledged).as("batches fitted before").isGreaterThan(3);
            final long refused = seq;
            assertThatThrownBy(() -> Fixtures.append(journal, refused, refused))
                .as("the journal takes nothing more").isInstanceOf(IllegalStateException.class);
        } finally {
            journal.close();
        }
        assertThat(disk.closed).isEqualTo(disk.opened);

        // Every acknowledged batch is there, whole, and nothing of the refused one.
        assertThat(Fixtures.replayAll(dataDir)).isEqualTo(Fixtures.expected(1, acknowledged));
    }

    @Test
    void mostRecordsCostNoCallAndEachCallReachesBeyondTheRecord() {
        final SmallDisk disk = new SmallDisk();
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            journal.reserveSpaceWith(SpaceReserve.create(disk, 256, 64 << 10));
            Fixtures.appendEachInItsOwnBatch(journal, 1, 200);
        }
        assertThat(disk.calls).as("one call for ~64 KiB of records").hasSizeBetween(1, 3);
        for (int i = 1; i < disk.calls.size(); i++) {
            final long[] before = disk.calls.get(i - 1);
            assertThat(disk.calls.get(i)[0]).as("no gap after the last").isLessThanOrEqualTo(before[0] + before[1]);
        }
        assertThat(Fixtures.replayAll(dataDir)).isEqualTo(Fixtures.expected(1, 200));
    }

    /**
     * A batch the disk cannot take whole is refused at its start, before any of it is written: checked record by
     * record alone, a batch spanning documents could fail part-way, its first documents completed, to be replayed
     * after a restart though answered 503 (review).
     */
    @Test
    void aBatchIsRefusedWholeAtItsStartWhenTheDiskCannotTakeAllOfIt() {
        final SmallDisk disk = new SmallDisk();
        final Journal journal = Journal.open(dataDir, Durability.PROCESS);
        try {
            journal.reserveSpaceWith(SpaceReserve.create(disk, 256, 1024));
            Fixtures.append(journal, 1, 3);
            final long[] first = disk.calls.get(0);
            disk.limit = first[0] + first[1] + (64 << 10);
            journal.reserveForBatch(8 << 10);
            Fixtures.append(journal, 4, 6);
            final int calls = disk.calls.size();

            assertThatThrownBy(() -> journal.reserveForBatch(1 << 20)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no space left on the device");

            assertThat(disk.calls).as("one attempt, for the whole batch").hasSize(calls + 1);
            assertThatThrownBy(() -> Fixtures.append(journal, 7, 7)).isInstanceOf(IllegalStateException.class);
        } finally {
            journal.close();
        }
        assertThat(Fixtures.replayAll(dataDir)).isEqualTo(Fixtures.expected(1, 6));
    }

    /** The real C library on this machine's filesystem: allocated ahead, the file's size and bytes unchanged. */
    @Test
    void theCLibraryAllocatesARealFileWithoutChangingIt() throws Exception {
        final SpaceReserve reserve = SpaceReserve.create();
        org.junit.jupiter.api.Assumptions.assumeTrue(reserve != null, "no C library here (not Linux)");
        final Path file = dataDir.resolve("20261130F.cq4");
        final byte[] bytes = {1, 2, 3, 4, 5};
        java.nio.file.Files.write(file, bytes);
        try (reserve) {
            reserve.ensure(1, file::toFile, 5, 4096);
        }
        assertThat(java.nio.file.Files.readAllBytes(file)).as("FALLOC_FL_KEEP_SIZE: size and bytes as they were")
            .isEqualTo(bytes);
    }

    /** Room to go on, or no start: one on a full disk was ready, then failed its first batch (review). */
    @Test
    void aStartNeedsRoomToGoOn() {
        assertThatThrownBy(() -> SpaceReserve.requireFree(dataDir, Long.MAX_VALUE, "opening it"))
            .isInstanceOf(UncheckedIOException.class).hasMessageContaining("bytes usable, fewer than the")
            .hasMessageContaining("(opening it)");
        SpaceReserve.requireFree(dataDir, 1, "opening it");
    }
}
