package ordo.journal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the roll file its blocks before the writer stores into them, so a full disk is an error the journal sees
 * before a record is written, not a record lost after it was acknowledged.
 *
 * <p>Why: the journal writes through a mapping of the roll file, a sparse file. A store into a page whose block the
 * filesystem cannot allocate (the disk is full) raises SIGBUS, which the JVM turns into an {@link InternalError} —
 * thrown not at the store but at some later point of the thread, in QA after the batch holding the store had been
 * completed and acknowledged: its records read back as zeros, and the clients' 2xx were lost (4-6 per run, in
 * {@code process} and {@code sync} durability alike). {@code fallocate} allocates the blocks of a range and fails with
 * {@code ENOSPC} when it cannot, synchronously, and never changes the bytes of a block that is already allocated.
 *
 * <p>How: before each record is written, the journal thread makes sure the roll file is allocated from the record's
 * position to at least {@link #SLACK_BYTES} beyond its end (the next document's header and the index arrays Chronicle
 * writes between records fall in that room); when it is not, it allocates {@link #AHEAD_BYTES} more in one call
 * ({@code FALLOC_FL_KEEP_SIZE}: the file's size is Chronicle's to set). Most records cost a comparison; a syscall
 * every few megabytes of journal. Linux only, through JNA (as {@link PageRecycler}); where the call is not possible
 * (another OS, a filesystem without {@code fallocate}) it says so once, at WARN, and the journal works as before.
 * {@code -Dordo.journal.reserve=false} turns it off.
 *
 * <p>What it does not cover: the header Chronicle writes into a new roll file (at the first write of a cycle, before
 * the journal can know the file), and another process taking the space between the allocation and the store cannot
 * happen to blocks already allocated. Not thread-safe: the journal thread's.
 */
final class SpaceReserve implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceReserve.class);

    /** Allocated beyond a record's end before it is written: more than a document and Chronicle's index arrays. */
    static final long SLACK_BYTES = 1L << 20;
    /** Allocated at once when the slack is not there: a syscall every few megabytes of journal. */
    static final long AHEAD_BYTES = 8L << 20;
    private static final int O_RDWR = 2;
    private static final int FALLOC_FL_KEEP_SIZE = 1;
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;
    private static final int EINTR = 4;
    private static final int MAX_INTERRUPTED = 100;

    /** The C functions used; JNA binds them by name. */
    interface LibC extends Library {
        int open(String path, int flags);

        int close(int fd);

        int fallocate(int fd, int mode, long offset, long length);

        /** The errno of this thread's last call (JNA keeps it per thread). */
        default int lastError() {
            return Native.getLastError();
        }
    }

    private final LibC libc;
    private final long slackBytes;
    private final long aheadBytes;
    /** The roll file {@link #fd} is open on, and its cycle; null and -1 before the first record. */
    private File file;
    private int cycle = -1;
    private int fd = -1;
    /** The roll file is allocated up to this offset; 0 for a file not reserved yet. */
    private long reservedUpTo;
    private boolean disabled;

    private SpaceReserve(final LibC libc, final long slackBytes, final long aheadBytes) {
        this.libc = libc;
        this.slackBytes = slackBytes;
        this.aheadBytes = aheadBytes;
    }

    /** A reserve for a journal's roll files, or null when turned off or not possible here. */
    static SpaceReserve create() {
        if (!Boolean.parseBoolean(System.getProperty("ordo.journal.reserve", "true"))) {
            return null;
        }
        if (!com.sun.jna.Platform.is64Bit()) {
            // fallocate's offsets are a 32-bit off_t there: bound as longs they would be passed wrong (review).
            LOG.warn("journal roll files are not allocated ahead of the writer (a 32-bit JVM); a full disk may then "
                + "lose records already acknowledged");
            return null;
        }
        final LibC libc = LinuxLibC.load(LibC.class, LOG, "journal roll files are not allocated ahead of the writer "
            + "(no fallocate here); a full disk may then lose records already acknowledged");
        return libc == null ? null : new SpaceReserve(libc, SLACK_BYTES, AHEAD_BYTES);
    }

    /** A reserve calling {@code libc}, with other sizes (tests stand in for the C library and a small disk). */
    static SpaceReserve create(final LibC libc, final long slackBytes, final long aheadBytes) {
        return new SpaceReserve(libc, slackBytes, aheadBytes);
    }

    /**
     * Makes sure {@code rollFile} (of {@code rollCycle}) is allocated from {@code position} to {@code end} and
     * {@link #SLACK_BYTES} beyond (allocating {@link #AHEAD_BYTES} beyond when it is not); {@code rollFile} is asked
     * for only when the cycle changed.
     *
     * @throws UncheckedIOException when the blocks cannot be had: the disk is full (or the quota reached), or the
     *                              file cannot be opened; nothing was written
     */
    void ensure(final int rollCycle, final java.util.function.Supplier<File> rollFile, final long position,
                final long end) {
        if (disabled || (rollCycle == cycle && end + slackBytes <= reservedUpTo)) {
            return;
        }
        if (rollCycle != cycle) {
            switchTo(rollFile.get(), rollCycle);
        }
        // From the writer's position in a file not reserved yet (what precedes it is written, so allocated).
        final long from = reservedUpTo == 0 ? position : Math.min(reservedUpTo, position);
        final long upTo = end + aheadBytes;
        final int errno = allocate(from, upTo - from);
        if (errno == 0) {
            reservedUpTo = upTo;
            return;
        }
        if (errno == EOPNOTSUPP || errno == ENOSYS) {
            disable("the filesystem of " + file + " cannot allocate (fallocate: errno " + errno + ")");
            return;
        }
        throw new UncheckedIOException(new IOException("cannot allocate " + (upTo - from) + " bytes of "
            + file + " ahead of the journal's writer: " + (errno == ENOSPC || errno == EDQUOT
            ? "no space left on the device (or the quota is reached)" : "fallocate errno " + errno)
            + "; the record was not written"));
    }

    /** {@code fallocate} of the range, again while a signal interrupts it (tmpfs: EINTR); 0 or the errno. */
    private int allocate(final long from, final long length) {
        try {
            for (int attempt = 0; ; attempt++) {
                if (libc.fallocate(fd, FALLOC_FL_KEEP_SIZE, from, length) == 0) {
                    return 0;
                }
                final int errno = libc.lastError();
                // A profiler's or the JVM's signal interrupts tmpfs's allocation, which SA_RESTART does not restart:
                // it failed the journal with a free disk (review).
                if (errno != EINTR || attempt == MAX_INTERRUPTED) {
                    return errno;
                }
            }
        } catch (final LinkageError e) {
            // JNA binds a function at its first call: a C library without it is a missing protection, not a failed
            // journal (review).
            disable("the C library has no fallocate (" + e + ")");
            return 0;
        }
    }

    private void disable(final String why) {
        disabled = true;
        LOG.warn("journal roll files are no longer allocated ahead of the writer: {}; a full disk may then lose "
            + "records already acknowledged", why);
    }

    private void switchTo(final File rollFile, final int rollCycle) {
        closeFile();
        if (rollFile == null) {
            throw new IllegalStateException("the journal's appender names no roll file after writing to it");
        }
        final int opened = libc.open(rollFile.getPath(), O_RDWR);
        if (opened < 0) {
            throw new UncheckedIOException(new IOException("cannot open " + rollFile + " to allocate it ahead of "
                + "the journal's writer: errno " + libc.lastError()));
        }
        fd = opened;
        file = rollFile;
        cycle = rollCycle;
        reservedUpTo = 0;
    }

    /**
     * Refuses to go on when the journal's filesystem has less than {@code bytes} usable: before a roll (Chronicle
     * writes a new file's header and index before the journal can know the file) and at open (a start on a full
     * disk was ready, then failed its first batch). The space is not held, so another writer may take it meanwhile.
     */
    static void requireFree(final java.nio.file.Path dir, final long bytes, final String before) {
        final long usable;
        try {
            usable = java.nio.file.Files.getFileStore(dir).getUsableSpace();
        } catch (final IOException e) {
            LOG.warn("cannot tell the free space of {} before {}: {}", dir, before, e.toString());
            return;
        }
        if (usable < bytes) {
            throw new UncheckedIOException(new IOException("the journal's filesystem has " + usable + " bytes "
                + "usable, fewer than the " + bytes + " it needs to go on (" + before + "): free space, or copy the "
                + "data directory to a disk with room (cp -a) and start there"));
        }
    }

    private void closeFile() {
        if (fd >= 0) {
            libc.close(fd);
            fd = -1;
        }
    }

    @Override
    public void close() {
        closeFile();
    }
}
