package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageRecyclerTest {
    private static final int RECORDS = 40_000;
    /** The roll file of {@link #recyclerOfOneRollFile}. */
    private static final String ONE_ROLL_FILE = "20261129.cq4";

    @TempDir
    Path dataDir;

    /** ~2.6 MB of journal in batches of 100; returns the roll file. */
    private Path writeJournal() throws IOException {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[40]);
            for (int seq = 1; seq <= RECORDS; seq++) {
                payload.putInt(0, seq);
                journal.append(seq, 1_000L + seq, 1, payload, 0, payload.capacity());
                if (seq % 100 == 0) {
                    journal.endOfBatch();
                }
            }
            journal.endOfBatch();
        }
        try (Stream<Path> files = Files.list(JournalFiles.queueDir(dataDir))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /** Whether every page of the file's first MiB is in the page cache (mincore, through a mapping never touched). */
    private static boolean firstMiBCached(final Path file) throws IOException {
        return mibCached(file, 0);
    }

    /** Whether every page of the MiB at {@code offset} is in the page cache (mincore, through an untouched mapping). */
    private static boolean mibCached(final Path file, final long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final MappedByteBuffer region = channel.map(FileChannel.MapMode.READ_ONLY, offset, 1 << 20);
            return region.isLoaded();
        }
    }

    /** Drops the clean, unmapped pages of the MiB at {@code offset} from the page cache. */
    private static void evictMiB(final Path file, final long offset) {
        final PageRecycler.LibC libc = com.sun.jna.Native.load("c", PageRecycler.LibC.class);
        final int fd = libc.open(file.toString(), 0);
        assertThat(fd).as("open %s", file).isNotNegative();
        try {
            assertThat(libc.posix_fadvise(fd, offset, 1 << 20, PageRecycler.POSIX_FADV_DONTNEED)).isZero();
        }
        finally {
            libc.close(fd);
        }
    }

    /**
     * The pages just ahead of the writer are read into the page cache by the recycler, so that the journal thread's
     * first store into each is a minor fault rather than the whole read path (readahead and zeroing of the file's
     * hole) on the journal thread.
     */
    @Test
    void pagesAheadOfTheWriterAreReadIntoThePageCache() throws IOException {
        final Path file = writeJournal();
        final long ahead = 8L << 20;
        final long behind = ahead - (2L << 20);
        // The last MiB of the read-ahead: beyond what one posix_fadvise call reads (the device's readahead size).
        final long far = ahead + PageRecycler.PREFETCH_BYTES - (1 << 20);
        assertThat(Files.size(file)).as("Chronicle extends the roll file beyond what is written")
            .isGreaterThanOrEqualTo(far + (1 << 20));
        // No probe may be cached before the round: the journal's own recycler reads ahead every 250 ms while
        // writeJournal runs, and the kernel's readahead around the writer's faults reaches read_ahead_kb.
        for (final long probe : new long[] {behind, ahead, far}) {
            evictMiB(file, probe);
            assertThat(mibCached(file, probe)).as("evicted at %d", probe).isFalse();
        }
        final PageRecycler recycler = PageRecycler.create(JournalFiles.queueDir(dataDir), PageRecycler.KEEP_BYTES);
        assertThat(recycler).as("Linux with a C library").isNotNull();

        recycler.writtenUpTo(ahead);
        recycler.recycle();
        assertThat(mibCached(file, ahead)).as("read ahead of the writer in the first round").isTrue();
        assertThat(mibCached(file, far)).as("paced: not all of the window in one round").isFalse();
        for (int round = 1; round < PageRecycler.PREFETCH_BYTES / PageRecycler.PREFETCH_STEP_BYTES; round++) {
            recycler.recycle();
        }

        assertThat(mibCached(file, far)).as("read ahead up to PREFETCH_BYTES").isTrue();
        assertThat(mibCached(file, behind)).as("nothing behind the writer's end is read back").isFalse();
        assertThat(firstMiBCached(file)).as("within the kept distance behind it").isTrue();
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.verify().ok()).isTrue();
        }
    }

    @Test
    void pagesBehindTheWriterLeaveThePageCacheAndEveryRecordStillReadsBack() throws IOException {
        final Path file = writeJournal();
        final PageRecycler recycler = PageRecycler.create(JournalFiles.queueDir(dataDir), 0);
        assertThat(recycler).as("Linux with a C library").isNotNull();
        assertThat(firstMiBCached(file)).as("just written").isTrue();

        recycler.writtenUpTo(2L << 20);
        recycler.recycle();

        assertThat(firstMiBCached(file)).as("written back and dropped").isFalse();
        final long[] seen = new long[1];
        try (JournalReader reader = JournalReader.open(dataDir)) {
            reader.replay((seq, time, type, p, offset, length) -> {
                assertThat(p.getInt(offset)).isEqualTo((int) seq);
                assertThat(time).isEqualTo(1_000L + seq);
                seen[0] = seq;
            });
            assertThat(reader.verify().ok()).isTrue();
        }
        assertThat(seen[0]).isEqualTo(RECORDS);
    }

    @Test
    void pagesWithinTheKeptDistanceOfTheWriterStayCached() throws IOException {
        final Path file = writeJournal();
        final PageRecycler recycler = PageRecycler.create(JournalFiles.queueDir(dataDir), PageRecycler.KEEP_BYTES);

        recycler.writtenUpTo(2L << 20);
        recycler.recycle();

        assertThat(firstMiBCached(file)).isTrue();
    }

    @Test
    void aJournalStopsItsRecyclerWhenItCloses() throws IOException {
        writeJournal();
        assertThat(Thread.getAllStackTraces().keySet())
            .noneMatch(t -> t.getName().equals("ordo-journal-recycler") && t.isAlive());
    }

    /**
     * After a failed writeback (EIO) the kernel may mark the pages clean though their bytes never reached the disk;
     * dropping them then would make every later read (a follower, the shadow snapshotter, a replay) see the disk's
     * old bytes. Once fdatasync has failed, the pages must stay, also in later rounds.
     */
    @Test
    void pagesWhoseWritebackFailedAreNotDropped() throws IOException {
        final Path file = writeJournal();
        final java.util.List<String> calls = new java.util.ArrayList<>();
        final PageRecycler.LibC failingDisk = recording(calls, new java.util.ArrayList<>(), true);
        final PageRecycler recycler = PageRecycler.create(JournalFiles.queueDir(dataDir), 0, failingDisk);

        // Half-way: something behind the writer to drop, and file ahead of it to read.
        recycler.writtenUpTo(Files.size(file) / 2);
        recycler.recycle();
        recycler.recycle();

        // Nothing dropped; the read-ahead drops nothing and goes on.
        assertThat(calls).doesNotContain("posix_fadvise " + PageRecycler.POSIX_FADV_DONTNEED)
            .contains("posix_fadvise " + PageRecycler.POSIX_FADV_WILLNEED);
    }

    /**
     * A write-back error is reported to the first fsync of a descriptor opened after it, and only that one: when the
     * snapshot store's fsync of the roll files saw it, the recycler's next fdatasync succeeds, yet the pages are
     * still the only good copy. They stay; and a failure the recycler saw fails the next snapshot, whose own fsync
     * would succeed.
     */
    @Test
    void aWritebackFailureEitherSeesIsKeptForBoth() throws IOException {
        final Path file = writeJournal();
        final Path queueDir = JournalFiles.queueDir(dataDir);
        final java.util.List<String> calls = new java.util.ArrayList<>();
        final PageRecycler healthyDisk =
            PageRecycler.create(queueDir, 0, recording(calls, new java.util.ArrayList<>(), false));
        healthyDisk.writtenUpTo(Files.size(file) / 2);
        healthyDisk.recycle();
        assertThat(calls).as("dropped while nothing has failed").contains("posix_fadvise "
            + PageRecycler.POSIX_FADV_DONTNEED);
        final SnapshotStore snapshots = SnapshotStore.open(dataDir);
        snapshots.write(1, 1_000, 1, 1, new byte[] {1});

        // The recycler's fdatasync fails; its next ones (new descriptors) would succeed.
        final PageRecycler failingOnce =
            PageRecycler.create(queueDir, 0, recording(new java.util.ArrayList<>(), new java.util.ArrayList<>(), true));
        failingOnce.writtenUpTo(Files.size(file) / 2);
        failingOnce.recycle();

        assertThatThrownBy(() -> snapshots.write(2, 2_000, 2, 2, new byte[] {2}))
            .isInstanceOf(IOException.class).hasMessageContaining("write-back of the journal");
        assertThat(snapshots.list()).extracting(SnapshotInfo::seq).as("the older snapshot untouched").containsExactly(1L);
        calls.clear();
        healthyDisk.recycle();
        assertThat(calls).as("another recycler of the journal drops nothing either")
            .doesNotContain("posix_fadvise " + PageRecycler.POSIX_FADV_DONTNEED);
    }

    /**
     * Each round asks only for the part of the read-ahead window that earlier rounds of the same roll file have not
     * asked for: asking for the whole window again each round made the kernel look up all of its pages (512 calls
     * a round). The part beyond the file's end (Chronicle grows the file a chunk at a time) is asked for once the
     * file has grown; a new roll file starts afresh.
     */
    @Test
    void eachRoundReadsAheadOnlyWhatEarlierRoundsOfTheFileHaveNot() throws IOException {
        final long mib = 1L << 20;
        final java.util.List<long[]> willNeed = new java.util.ArrayList<>();
        final PageRecycler recycler = recyclerOfOneRollFile(willNeed);
        final Path queueDir = dataDir.resolve("queue");
        final Path first = queueDir.resolve(ONE_ROLL_FILE);

        recycler.writtenUpTo(8 * mib + 100);
        settle(recycler, willNeed);
        assertThat(covered(willNeed)).as("the whole window, from the writer's page on, over rounds")
            .containsExactly(8 * mib, 8 * mib + PageRecycler.PREFETCH_BYTES);
        assertThat(willNeed).allMatch(call -> call[1] <= PageRecycler.PREFETCH_CHUNK_BYTES);

        willNeed.clear();
        recycler.writtenUpTo(11 * mib + 100);
        recycler.recycle();
        assertThat(covered(willNeed)).as("only the 3 MiB the window moved")
            .containsExactly(8 * mib + PageRecycler.PREFETCH_BYTES, 11 * mib + PageRecycler.PREFETCH_BYTES);

        willNeed.clear();
        recycler.recycle();
        assertThat(willNeed).as("nothing new: no call").isEmpty();

        willNeed.clear();
        recycler.writtenUpTo(40 * mib);
        recycler.recycle();
        assertThat(covered(willNeed)).as("up to the file's end only")
            .containsExactly(11 * mib + PageRecycler.PREFETCH_BYTES, 80 * mib);

        willNeed.clear();
        resize(first, 200 * mib);
        settle(recycler, willNeed);
        assertThat(covered(willNeed)).as("the rest of the window once the file has grown")
            .containsExactly(80 * mib, 40 * mib + PageRecycler.PREFETCH_BYTES);

        willNeed.clear();
        resize(queueDir.resolve("20261130.cq4"), 80 * mib);
        recycler.writtenUpTo(mib + 100);
        settle(recycler, willNeed);
        assertThat(covered(willNeed)).as("a new roll file: its whole window")
            .containsExactly(mib, mib + PageRecycler.PREFETCH_BYTES);
    }

    /**
     * Just after a roll the newest file is the new one while the writer's offset is still the previous file's (it
     * moves when the new file's first document completes). The round that applies that stale offset to the new file
     * must not count the new file's start as asked for: once the writer's offset is the new file's, its window is
     * read, as the code before the bookkeeping (the whole window every round) did.
     */
    @Test
    void aStaleOffsetOfThePreviousRollFileDoesNotMarkTheNewFilesStartAsReadAhead() throws IOException {
        final long mib = 1L << 20;
        final Path queueDir = Files.createDirectories(dataDir.resolve("queue"));
        resize(queueDir.resolve("20261129.cq4"), 600 * mib);
        final java.util.List<long[]> willNeed = new java.util.ArrayList<>();
        final PageRecycler recycler =
            PageRecycler.create(queueDir, PageRecycler.KEEP_BYTES, recordingWillNeed(willNeed));

        // The stale offset is past the new file's end: nothing to read in it that round.
        rollWithStaleOffset(recycler, willNeed, 500 * mib, queueDir.resolve("20261130.cq4"));
        settle(recycler, willNeed);
        assertThat(covered(willNeed)).as("the new file's window once the writer's offset is the new file's")
            .containsExactly(mib, mib + PageRecycler.PREFETCH_BYTES);

        // The stale offset is inside the new file: that round reads the wrong part, not the writer's.
        rollWithStaleOffset(recycler, willNeed, 10 * mib, queueDir.resolve("20261201.cq4"));
        settle(recycler, willNeed);
        assertThat(willNeed.stream().mapToLong(call -> call[0]).min().getAsLong())
            .as("the writer's page of the new file is asked for").isEqualTo(mib);
        assertThat(willNeed.stream().mapToLong(call -> call[0] + call[1]).max().getAsLong())
            .isEqualTo(mib + PageRecycler.PREFETCH_BYTES);
        assertThat(willNeed.stream().filter(call -> call[0] < 10 * mib).mapToLong(call -> call[1]).sum())
            .as("all of it from the writer's page on").isEqualTo(9 * mib);
    }

    /**
     * A round reads ahead at most twice what the writer appended since the previous round, and at least
     * {@link PageRecycler#PREFETCH_STEP_BYTES}: every page read ahead is a fresh page the kernel zeroes, and the
     * 48–64 MiB that became readable at once — a new roll file, or Chronicle growing the file by a chunk — took the
     * recycler 120–420 ms of CPU in one round, on a core the server's threads share.
     */
    @Test
    void aRoundReadsAheadAtMostTwiceWhatTheWriterAppended() throws IOException {
        final long mib = 1L << 20;
        final long step = PageRecycler.PREFETCH_STEP_BYTES;
        final java.util.List<long[]> willNeed = new java.util.ArrayList<>();
        final PageRecycler recycler = recyclerOfOneRollFile(willNeed);
        final Path file = dataDir.resolve("queue").resolve(ONE_ROLL_FILE);

        recycler.writtenUpTo(100);
        recycler.recycle();
        assertThat(covered(willNeed)).as("a new file: one step").containsExactly(0L, step);

        willNeed.clear();
        recycler.recycle();
        assertThat(covered(willNeed)).as("an idle writer: one step more").containsExactly(step, 2 * step);

        willNeed.clear();
        recycler.writtenUpTo(3 * mib + 100);
        recycler.recycle();
        assertThat(covered(willNeed)).as("twice the 3 MiB appended")
            .containsExactly(2 * step, 2 * step + 6 * mib);

        // Neither the window (20 + 64 MiB) nor the file's end (80 MiB) is what ends this round's read-ahead.
        willNeed.clear();
        recycler.writtenUpTo(20 * mib);
        recycler.recycle();
        assertThat(covered(willNeed)).as("a writer past the range: a new range, twice the 17 MiB it appended")
            .containsExactly(20 * mib, 54 * mib);

        // Chronicle grows the file by a chunk: what becomes readable is read as the writer goes, not at once.
        settle(recycler, willNeed);
        resize(file, 144 * mib);
        willNeed.clear();
        recycler.writtenUpTo(23 * mib);
        recycler.recycle();
        assertThat(covered(willNeed)).as("twice the 3 MiB appended of the 7 MiB newly in the window")
            .containsExactly(80 * mib, 86 * mib);
    }

    /**
     * Every round writes back the newest roll file, from the first on, though nothing is dropped before the writer is
     * {@link PageRecycler#KEEP_BYTES} into it: each round then writes back about what the writer appended since the
     * previous one. Left until the first drop, that writeback was all of the first 128 MiB at once (~100 ms of CPU,
     * and a stall of the constant-rate latencies with it).
     */
    @Test
    void everyRoundWritesBackTheNewestFileBeforeAnythingIsDropped() throws IOException {
        final Path queueDir = Files.createDirectories(dataDir.resolve("queue"));
        resize(queueDir.resolve("20261129.cq4"), 80L << 20);
        final java.util.List<String> calls = new java.util.ArrayList<>();
        final PageRecycler recycler =
            PageRecycler.create(queueDir, PageRecycler.KEEP_BYTES,
                recording(calls, new java.util.ArrayList<>(), false));

        recycler.writtenUpTo(1L << 20);
        recycler.recycle();
        recycler.writtenUpTo(2L << 20);
        recycler.recycle();

        assertThat(calls).filteredOn("fdatasync"::equals).as("one writeback a round").hasSize(2);
        assertThat(calls).as("nothing dropped within the kept distance")
            .doesNotContain("posix_fadvise " + PageRecycler.POSIX_FADV_DONTNEED);
    }

    /**
     * A recycler (not started) of a queue in {@code dataDir} with one roll file, {@link #ONE_ROLL_FILE}, 80 MiB long
     * and sparse; its {@code POSIX_FADV_WILLNEED} calls are recorded in {@code willNeed}.
     */
    private PageRecycler recyclerOfOneRollFile(final java.util.List<long[]> willNeed) throws IOException {
        final Path queueDir = Files.createDirectories(dataDir.resolve("queue"));
        resize(queueDir.resolve(ONE_ROLL_FILE), 80L << 20);
        return PageRecycler.create(queueDir, PageRecycler.KEEP_BYTES, recordingWillNeed(willNeed));
    }

    /** Rounds with the writer where it is until a round asks for nothing more; {@code willNeed} gathers every call. */
    private static void settle(final PageRecycler recycler, final java.util.List<long[]> willNeed)
            throws IOException {
        for (int round = 0; round < 1_000; round++) {
            final int before = willNeed.size();
            recycler.recycle();
            if (willNeed.size() == before) {
                return;
            }
        }
        throw new AssertionError("the read-ahead never settled");
    }

    /**
     * A round at the previous file's offset {@code stale}, then a roll to {@code next} (80 MiB) while the journal
     * still reports that offset (one round), then a round with the writer 1 MiB into the new file; {@code willNeed}
     * holds the calls of the last two rounds.
     */
    private static void rollWithStaleOffset(final PageRecycler recycler, final java.util.List<long[]> willNeed,
                                            final long stale, final Path next) throws IOException {
        recycler.writtenUpTo(stale);
        recycler.recycle();
        resize(next, 80L << 20);
        willNeed.clear();
        recycler.recycle();
        recycler.writtenUpTo((1L << 20) + 100);
        recycler.recycle();
    }

    /** A C library that records the (offset, length) of each POSIX_FADV_WILLNEED call and does nothing. */
    private static PageRecycler.LibC recordingWillNeed(final java.util.List<long[]> willNeed) {
        return recording(new java.util.ArrayList<>(), willNeed, false);
    }

    /**
     * A C library that does nothing and records its calls in {@code calls} ("fdatasync", "posix_fadvise ADVICE"),
     * and the (offset, length) of each POSIX_FADV_WILLNEED call in {@code willNeed}. With {@code failFirstWriteback}
     * its first fdatasync fails (EIO) and the later ones succeed, as a later fdatasync on a new descriptor does not
     * report the earlier error again.
     */
    private static PageRecycler.LibC recording(final java.util.List<String> calls,
                                               final java.util.List<long[]> willNeed,
                                               final boolean failFirstWriteback) {
        return new PageRecycler.LibC() {
            @Override
            public int open(final String path, final int flags) {
                return 1_000;
            }

            @Override
            public int close(final int fd) {
                return 0;
            }

            @Override
            public int fdatasync(final int fd) {
                final boolean first = !calls.contains("fdatasync");
                calls.add("fdatasync");
                return failFirstWriteback && first ? -1 : 0;
            }

            @Override
            public int posix_fadvise(final int fd, final long offset, final long length, final int advice) {
                calls.add("posix_fadvise " + advice);
                if (advice == PageRecycler.POSIX_FADV_WILLNEED) {
                    willNeed.add(new long[] {offset, length});
                }
                return 0;
            }
        };
    }

    /** Makes {@code file} (sparse) {@code length} bytes long. */
    private static void resize(final Path file, final long length) throws IOException {
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    /** The one range that {@code calls} (offset, length) cover, as [start, end); fails if they leave a gap. */
    private static long[] covered(final java.util.List<long[]> calls) {
        assertThat(calls).isNotEmpty();
        long end = calls.get(0)[0];
        for (final long[] call : calls) {
            assertThat(call[0]).as("contiguous").isEqualTo(end);
            end = call[0] + call[1];
        }
        return new long[] {calls.get(0)[0], end};
    }
}
