package ordo.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import com.sun.jna.Library;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the page cache back the journal pages far behind the writer, so that the pages the writer touches next are
 * recycled memory rather than fresh memory.
 *
 * <p>Why: the writer appends through a mapping of the roll file, and every new page of it is a page of the page cache
 * the kernel must find, zero and map. On the VMs this runs on, fresh memory is what is slow — a page the guest has
 * not used lately costs ~12 µs to fault in, one it freed a moment ago a fraction of that — and the journal
 * otherwise keeps every page it ever wrote (with gigabytes free, the kernel has no reason to reclaim them), so each
 * new page was fresh: ~250–350 ns of the journal thread's system time per command, the largest single cost on the
 * journal thread. Dropping the pages behind the writer puts them back on the kernel's free lists, whence the next
 * pages of the file come. Measured in {@code PipelineBenchmark} (an external script doing the same): the journal
 * thread's system time ~250–350 → ~20–70 ns per command.
 *
 * <p>How: every {@link #PERIOD_MILLIS}, {@code fdatasync} the newest roll file (the kernel only drops clean pages; in
 * {@code process} durability this writes back early what the kernel would write within 30 s anyway, and makes no
 * promise; every round, from the first, so that each writes back about what the writer appended since the previous
 * one — left until the writer was {@link #KEEP_BYTES} into the file, the first took ~100 ms of CPU for 128 MiB), then
 * {@code posix_fadvise(POSIX_FADV_DONTNEED)} everything more than {@link #KEEP_BYTES} behind the writer's end
 * ({@link #writtenUpTo}); every older roll file is written back and dropped whole, once. Once an {@code fdatasync}
 * has failed, here or in the snapshot store ({@link WritebackFailures}), nothing is written back or dropped again
 * ({@link #writtenBack}). Pages still mapped (Chronicle maps the
 * chunks around the writer, a follower those around its reader) are skipped by the kernel; a reader far behind reads
 * from disk. Neither call can lose data. Its own thread, so that the writeback never waits on the journal thread's
 * path; its CPU is the syscalls (~15 ns per command at 2 M commands/s in the script's run).
 *
 * <p>Ahead of the writer, the {@link #PREFETCH_BYTES} of the file are kept read into the page cache
 * ({@code POSIX_FADV_WILLNEED}, each round only the part not asked for yet, and at most twice what the writer appended
 * since the previous round or {@link #PREFETCH_STEP_BYTES}, whichever is more; see {@link #prefetch}): the writer's
 * first store into a page is then a minor fault instead of a read fault (readahead and zeroing of the file's hole) on
 * the journal thread. {@code -Dordo.journal.prefetch=false} turns that part off.
 *
 * <p>Linux only, through JNA (a Chronicle dependency): where the C library cannot be loaded the recycler says so
 * once, at WARN, and the journal works as before. {@code -Dordo.journal.recycle=false} turns it off.
 */
final class PageRecycler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageRecycler.class);

    static final long PERIOD_MILLIS = 250;
    /**
     * Read into the page cache ahead of the writer each round ({@code POSIX_FADV_WILLNEED}): more than the writer
     * appends in a period at its fastest (~2 M records/s of ~100 bytes: ~50 MB per 250 ms).
     */
    static final long PREFETCH_BYTES = 64L << 20;
    /**
     * The least a round reads ahead (when the window has room): what lets the read-ahead get ahead of a writer that
     * is idle or slow, and start a new roll file's window. A round otherwise reads at most twice what the writer
     * appended since the previous one ({@link #prefetch}).
     */
    static final long PREFETCH_STEP_BYTES = 2L << 20;
    /**
     * One {@code POSIX_FADV_WILLNEED} call reads at most the larger of the device's {@code read_ahead_kb} and
     * {@code max_sectors_kb}, whatever length it is given (8 MiB on the project's VM; {@code read_ahead_kb} is
     * 128 KiB by default): the prefetch asks in pieces no larger than that default.
     */
    static final long PREFETCH_CHUNK_BYTES = 128L << 10;
    /** Kept behind the writer: more than Chronicle's mapped chunks around it, and a lagging follower's reach. */
    static final long KEEP_BYTES = 128L << 20;
    private static final int O_RDONLY = 0;
    static final int POSIX_FADV_WILLNEED = 3;
    static final int POSIX_FADV_DONTNEED = 4;

    /** The C functions used; JNA binds them by name. */
    interface LibC extends Library {
        int open(String path, int flags);

        int close(int fd);

        int fdatasync(int fd);

        int posix_fadvise(int fd, long offset, long length, int advice);
    }

    private final Path queueDir;
    private final LibC libc;
    private final long keepBytes;
    /** {@code -Dordo.journal.prefetch=false} turns the read-ahead of {@link #prefetch} off. */
    private final boolean prefetch = Boolean.parseBoolean(System.getProperty("ordo.journal.prefetch", "true"));
    private final Thread thread;
    /** File offset up to which the writer has completed documents in the newest roll file; set by the journal. */
    private volatile long writtenUpTo;
    private volatile boolean running = true;
    /** Set once an fdatasync failed: from then on nothing is dropped (owned by the recycler thread). */
    private boolean writebackFailed;
    /** Older roll files already dropped whole (owned by the recycler thread). */
    private final Set<Path> retired = new HashSet<>();
    /** The roll file {@link #prefetchedFrom}..{@link #prefetchedUpTo} is of (owned by the recycler thread). */
    private Path prefetchedFile;
    /**
     * Earlier rounds asked for all of {@link #prefetchedFile} from this offset to {@link #prefetchedUpTo} (owned by the
     * recycler thread).
     */
    private long prefetchedFrom;
    private long prefetchedUpTo;
    /** The writer's page at the previous round, and its roll file (owned by the recycler thread). */
    private Path writerFile;
    private long writerPage;

    private PageRecycler(final Path queueDir, final LibC libc, final long keepBytes) {
        this.queueDir = queueDir;
        this.libc = libc;
        this.keepBytes = keepBytes;
        this.thread = new Thread(this::run, "ordo-journal-recycler");
        thread.setDaemon(true);
    }

    /** A started recycler for the queue in {@code queueDir}, or null when turned off or not possible here. */
    static PageRecycler start(final Path queueDir) {
        final PageRecycler recycler = create(queueDir, KEEP_BYTES);
        if (recycler != null) {
            recycler.thread.start();
        }
        return recycler;
    }

    /** A recycler not yet started (tests call {@link #recycle} themselves), or null where it cannot work. */
    static PageRecycler create(final Path queueDir, final long keepBytes) {
        if (!Boolean.parseBoolean(System.getProperty("ordo.journal.recycle", "true"))) {
            return null;
        }
        final LibC libc = LinuxLibC.load(LibC.class, LOG, "journal pages behind the writer are left to the kernel "
            + "(no fdatasync/posix_fadvise here); appending costs more system time per record");
        return libc == null ? null : new PageRecycler(queueDir, libc, keepBytes);
    }

    /** A recycler not yet started, calling {@code libc} (tests stand in for the C library). */
    static PageRecycler create(final Path queueDir, final long keepBytes, final LibC libc) {
        return new PageRecycler(queueDir, libc, keepBytes);
    }

    /** Called by the journal thread after completing a document: where the newest roll file's data ends. */
    void writtenUpTo(final long fileOffset) {
        writtenUpTo = fileOffset;
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
            if (!running) {
                break;
            }
            try {
                recycle();
            }
            catch (final IOException | RuntimeException e) {
                // Only a cost: the pages stay cached as they would without the recycler.
                LOG.debug("journal page recycling skipped a round", e);
            }
        }
    }

    /** One round: every roll file but the newest is dropped whole (once), the newest up to KEEP_BYTES behind. */
    void recycle() throws IOException {
        Path newest = null;
        final java.util.List<Path> files = new java.util.ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(queueDir, "*.cq4")) {
            for (final Path file : stream) {
                files.add(file);
                if (newest == null || file.getFileName().toString().compareTo(newest.getFileName().toString()) > 0) {
                    newest = file;
                }
            }
        }
        for (final Path file : files) {
            if (file.equals(newest)) {
                final long end = writtenUpTo;
                final long size = prefetch ? Files.size(file) : 0;
                withFile(file, fd -> {
                    if (writtenBack(file, fd) && end - keepBytes > 0) {
                        libc.posix_fadvise(fd, 0, end - keepBytes, POSIX_FADV_DONTNEED);
                    }
                    if (prefetch) {
                        prefetch(file, fd, end, size);
                    }
                });
            }
            else if (retired.add(file)) {
                // A rolled file is complete: no writer maps it any more. Length 0 means to the end of the file.
                withFile(file, fd -> {
                    if (writtenBack(file, fd)) {
                        libc.posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
                    }
                });
            }
        }
    }

    /** Runs {@code work} with a read-only descriptor of {@code file}, closed after; nothing when it cannot open. */
    private void withFile(final Path file, final IntConsumer work) {
        final int fd = libc.open(file.toString(), O_RDONLY);
        if (fd < 0) {
            return;
        }
        try {
            work.accept(fd);
        }
        finally {
            libc.close(fd);
        }
    }

    /**
     * Reads the pages of the newest roll file ({@code file}, open as {@code fd}, {@code fileSize} bytes long now) from
     * {@code from} on into the page cache ({@link #PREFETCH_BYTES}, up to the end of the file), so that the writer's
     * first touch of each is a minor fault. Without it the writer's store into a page not yet cached took the whole
     * read path on the journal thread — {@code filemap_fault}, readahead of the file's hole, zeroing the new pages
     * ({@code perf record -g} on the stage thread) — and the journal thread stalled for milliseconds at a time, which
     * the constant-rate latencies showed (see docs/BENCHMARKS.md). The pages ahead of the writer are zeros that
     * Chronicle's file already holds (the file is extended before it is mapped); reading them changes nothing on
     * disk. One call per {@link #PREFETCH_CHUNK_BYTES}, as the kernel caps each.
     *
     * <p>Only the part of the window that earlier rounds of the same file have not asked for yet: the kernel looks up
     * every page of a call even when all are cached, and asking for the whole 64 MiB again each round (512 calls)
     * cost the recycler ~15–25 ms of CPU a second during a flash sale, on the cores the server shares.
     *
     * <p>And paced: a round asks for at most twice what the writer appended since the previous round, and at least
     * {@link #PREFETCH_STEP_BYTES}, so the window ahead grows by at least the writer's own pace and the work follows
     * the writer's. Every page read ahead is a fresh page the kernel must find and zero (~10–25 µs each on the
     * project's VM): asked for all at once — a new roll file's window, or the 48–64 MiB that become readable when
     * Chronicle grows the file by a chunk (every 64 MiB of journal) — it took the recycler 120–420 ms of CPU in one
     * round, on a core the server's threads share, and the constant-rate run's latencies stalled with it
     * (docs/BENCHMARKS.md, eleventh round).
     */
    private void prefetch(final Path file, final int fd, final long from, final long fileSize) {
        final long start = from & ~4095L;
        final long appended = file.equals(writerFile) ? Math.max(0, start - writerPage) : 0;
        writerFile = file;
        writerPage = start;
        // A window outside the range asked for starts a new range: a new roll file, or an offset behind the range
        // or past its end. Behind it: just after a roll, the writer's offset can still be the previous file's
        // (the new file exists from the first write of the cycle on, writtenUpTo moves when that document completes);
        // that round reads the wrong part of the new file, or nothing, and must not count the file's start as done.
        if (!file.equals(prefetchedFile) || start < prefetchedFrom || start > prefetchedUpTo) {
            prefetchedFile = file;
            prefetchedFrom = start;
            prefetchedUpTo = start;
        }
        // Chronicle grows the file a chunk at a time as its mapping moves on: the part of the window beyond the
        // file's end now is asked for in a later round, once the file has grown (a WILLNEED past the end reads
        // nothing, and must not count as done).
        final long step = Math.max(PREFETCH_STEP_BYTES, 2 * appended);
        final long end = Math.min(Math.min(start + PREFETCH_BYTES, fileSize), prefetchedUpTo + step);
        for (long offset = prefetchedUpTo; offset < end; offset += PREFETCH_CHUNK_BYTES) {
            libc.posix_fadvise(fd, offset, Math.min(PREFETCH_CHUNK_BYTES, end - offset), POSIX_FADV_WILLNEED);
        }
        prefetchedUpTo = Math.max(prefetchedUpTo, end);
    }

    /**
     * Writes back the dirty pages of {@code file} (open as {@code fd}); whether its pages may now be dropped: not after
     * a writeback error, ever again.
     */
    private boolean writtenBack(final Path file, final int fd) {
        if (writebackFailed || WritebackFailures.hasFailed(queueDir)) {
            // A later fdatasync on a new descriptor does not report the earlier error again (errseq), yet the
            // pages it left clean and not on disk are still there: never drop again. Nor after a failure the
            // snapshot store's fsync saw, which consumed the error for this one's descriptors.
            return false;
        }
        // Dirty pages are not dropped: write them back first (the kernel would within 30 s anyway).
        if (libc.fdatasync(fd) != 0) {
            // A writeback error can leave pages clean whose bytes never reached the disk: the cached copy is
            // then the only good one, so keep it. The journal's own msync (sync) reports the error; the snapshot
            // store learns it here (WritebackFailures).
            writebackFailed = true;
            WritebackFailures.failed(queueDir);
            LOG.warn("fdatasync of {} failed; journal pages are no longer dropped from the page cache", file);
            return false;
        }
        // The snapshot store's fsync may have taken a failure while this one ran, leaving this one none to report.
        return !WritebackFailures.hasFailed(queueDir);
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
