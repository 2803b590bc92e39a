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
                .contains("nothing of the batch was written");
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
            assertThat(disk.calls.get(i)[0]).as("continues where the last ended").isEqualTo(before[0] + before[1]);
        }
        assertThat(Fixtures.replayAll(dataDir)).isEqualTo(Fixtures.expected(1, 200));
    }
}
