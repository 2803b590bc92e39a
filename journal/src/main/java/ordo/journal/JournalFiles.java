package ordo.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.threads.Pauser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the journal lives inside a data directory and how its Chronicle Queue is opened. Every
 * open goes through here so the writer and the readers agree on roll cycle and layout.
 *
 * <pre>
 *   dataDir/
 *     journal.lock        exclusive OS file lock held by the one {@link Journal} writer
 *     journal/            Chronicle Queue: yyyyMMdd'F'.cq4 roll files + metadata.cq4t
 *     snapshots/          {@link SnapshotStore}
 * </pre>
 */
public final class JournalFiles {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFiles.class);

    /**
     * One file per UTC day, up to 2^32 - 1 records a day. Fixed for a queue's lifetime: Chronicle
     * records the roll cycle in the queue's metadata.
     */
    static final RollCycles ROLL_CYCLE = RollCycles.FAST_DAILY;

    private JournalFiles() {
    }

    public static Path queueDir(final Path dataDir) {
        return dataDir.resolve("journal");
    }

    /** Whether the journal's directory holds any Chronicle roll file ({@code *.cq4}). */
    static boolean hasRollFiles(final Path dataDir) {
        final Path queueDir = queueDir(dataDir);
        if (!Files.isDirectory(queueDir)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.list(queueDir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + queueDir, e);
        }
    }

    static Path writerLockFile(final Path dataDir) {
        return dataDir.resolve("journal.lock");
    }

    /**
     * The writer's queue. {@code SyncMode.SYNC} makes {@code ExcerptAppender.sync()} call
     * msync(MS_SYNC) on the region written since the last sync, and makes Chronicle msync a mapped
     * chunk when it releases it (a batch that crosses a chunk or a daily roll). {@code NONE} leaves
     * write-back to the kernel, which is all {@link Durability#PROCESS} promises.
     */
    static SingleChronicleQueue openForWriting(final Path dataDir, final Durability durability) {
        return openForWriting(dataDir, durability, SystemTimeProvider.INSTANCE);
    }

    /** As {@link #openForWriting(Path, Durability)} on another clock, which picks the daily roll file (tests). */
    static SingleChronicleQueue openForWriting(final Path dataDir, final Durability durability,
                                               final TimeProvider clock) {
        return SingleChronicleQueueBuilder.binary(queueDir(dataDir))
            .rollCycle(ROLL_CYCLE)
            .blockSize(BLOCK_BYTES)
            .syncMode(durability == Durability.SYNC ? SyncMode.SYNC : SyncMode.NONE)
            .timeProvider(clock)
            .build();
    }

    /**
     * A roll file the journal in {@code queueDir} has lost, described, or null: one of no bytes, or none at all, for a
     * day its metadata lists. A reader took such a journal for one that ends earlier, or an empty one, and verify
     * passed it with exit 0; a server started on it without the records (found in QA). Chronicle makes a new day's
     * file empty, then writes its header and lists it; a crash in between leaves an empty file not listed, which the
     * writer moves aside ({@link #checkBeforeWriting}); a writer's queue may also list the new file while it is still
     * empty (its directory refresh), for a moment, so an empty newest file is looked at again before it is called
     * lost (review). Reads the listing first, then the directory, so a writer rolling to a new day meanwhile is not
     * taken for a missing file.
     *
     * @param queue the queue, read-only (a writer's opening lists the directory afresh)
     */
    static String lostRollFile(final SingleChronicleQueue queue, final Path queueDir) {
        final int listed = queue.lastCycle();
        final java.util.List<Path> files;
        try {
            files = rollFiles(queueDir);
            final Path newest = newest(files);
            for (final Path file : files) {
                if (cycleOf(file) <= listed && isEmpty(file, file.equals(newest))) {
                    return "roll file " + file.getFileName() + " is empty (0 bytes): the records it held are gone "
                        + "(a failed copy or restore?); restore it from where it came";
                }
            }
            final String cut = shortRollFile(files, queue.blockSize() + queue.overlapSize());
            if (cut != null) {
                return cut;
            }
            final int newestCycle = newest == null ? Integer.MIN_VALUE : cycleOf(newest);
            if (listed == Integer.MIN_VALUE || listed <= newestCycle) {
                return null;
            }
            return "metadata.cq4t lists a roll file for " + java.time.LocalDate.ofEpochDay(listed)
                + (newest == null ? ", and there is no roll file at all" : ", newer than the newest present ("
                + java.time.LocalDate.ofEpochDay(newestCycle) + ")")
                + ": a roll file was deleted or not copied; restore it from where it came";
        } catch (final IOException e) {
            return "cannot list the roll files in " + queueDir + ": " + e;
        }
    }

    /** What {@link #shortRollFile} says of a roll file cut short (the readers' fault quotes it as it is). */
    static final String CUT_SHORT = " Chronicle makes every roll file: it was cut short";

    /**
     * Chronicle's block (its mapping chunk), pinned: its default, on a 64-bit JVM, for every journal written so far.
     * Left to Chronicle, {@code -DSingleChronicleQueueBuilder.blocksize} (ORDO_JAVA_OPTS passes it) changed it, and with
     * it the size below which a roll file counts as cut (Review-195).
     */
    static final long BLOCK_BYTES = 64L << 20;
    /** What Chronicle maps past a chunk with it (a quarter of a block), and so the smallest roll file it makes. */
    static final long OVERLAP_BYTES = BLOCK_BYTES / 4;
    static final long SMALLEST_ROLL_FILE_BYTES = BLOCK_BYTES + OVERLAP_BYTES;

    /**
     * Whether {@code bytes} is a size Chronicle makes a roll file: its chunks and the overlap past the last (80, 144,
     * 208 MiB …). It sizes a file so as it maps each chunk, and never shrinks one: any other size was cut.
     */
    static boolean chronicleSized(final long bytes) {
        return bytes >= SMALLEST_ROLL_FILE_BYTES && (bytes - OVERLAP_BYTES) % BLOCK_BYTES == 0;
    }

    /** Whether any non-empty roll file of the data directory has a size Chronicle does not make ({@link #chronicleSized}). */
    static boolean anyRollFileCut(final Path dataDir) {
        try {
            for (final Path file : rollFiles(queueDir(dataDir))) {
                final long size = Files.size(file);
                if (size > 0 && !chronicleSized(size)) {
                    return true;
                }
            }
            return false;
        } catch (final IOException e) {
            return false;
        }
    }

    /**
     * A roll file shorter than Chronicle makes any (its first chunk and the overlap it maps with it: 80 MiB), described,
     * or null. Chronicle sizes a roll file so when it first maps it, before any record, and never makes one shorter, so
     * a shorter one was cut (a partial copy, a truncated restore). Reading it mapped pages the file no longer has: the
     * fault came before any record when those were the file's index (QA-193), and the JVM raised it wherever the
     * reader then was, sometimes as another error (CI). Found here from its size alone, the readers and the writer
     * refuse it before anything is mapped; {@link JournalSalvage} reads a copy made full length.
     */
    static String shortRollFile(final java.util.List<Path> files, final long minimumBytes) throws IOException {
        for (final Path file : files) {
            final long size = Files.size(file);
            if (size > 0 && size < minimumBytes) {
                return "roll file " + file.getFileName() + " is " + size + " bytes, shorter than the " + minimumBytes
                    + CUT_SHORT + " (a partial copy, a truncated restore?), and "
                    + "whatever lay after the cut is gone from it (nothing, if the cut fell after its last record); "
                    + "restore it from where it came, or copy the records before the cut to a new data directory with "
                    + "`ordo journal salvage`";
            }
        }
        return null;
    }

    /**
     * Whether the queue's {@code metadata.cq4t} was made and its header never written in full: Chronicle gives the file
     * its full size before it writes the table's header, and a process killed between the two (QA: 5 of 14 kills
     * 0.8–1.05 s into a first start) left 128 KiB of zeros, or a header word marked incomplete, that no later open
     * could read: each waited 10 s for a lock the header would hold, then failed, and so did every tool. A file of no
     * bytes opens as a new table; any other is a table, read as such.
     */
    static boolean metadataNeverWritten(final Path queueDir) throws IOException {
        final Path metadata = queueDir.resolve("metadata.cq4t");
        if (!Files.isRegularFile(metadata) || Files.size(metadata) == 0) {
            return false;
        }
        // The table is small (128 KiB as Chronicle makes it): read whole.
        final byte[] table = Files.readAllBytes(metadata);
        // The header's length word, little-endian, with its top bit set while the header is being written: a kill a
        // moment later than the zeros' left that alone (QA: "00 00 00 80", then zeros), which Chronicle could not open
        // either.
        if (table.length >= 4 && (table[3] & 0x80) != 0) {
            return true;
        }
        for (final byte b : table) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code file} has no bytes; the newest is looked at again after a moment (a writer may be making it). */
    private static boolean isEmpty(final Path file, final boolean newest) throws IOException {
        if (Files.size(file) != 0) {
            return false;
        }
        if (newest) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200));
            return Files.size(file) == 0;
        }
        return true;
    }

    /**
     * Before a writer opens the queue in {@code dataDir}: moves aside an empty newest roll file the metadata does not
     * list ({@link #discardEmptyNewest}), then answers {@link #lostRollFile}; both through one read-only view (the
     * listing is read before anything is moved, and moving an unlisted file leaves it as it was). Null when there is
     * no journal yet or nothing is lost.
     */
    static String checkBeforeWriting(final Path dataDir) throws IOException {
        final Path queueDir = queueDir(dataDir);
        final Path metadata = queueDir.resolve("metadata.cq4t");
        if (!Files.exists(metadata)) {
            // Not a crash's doing (Chronicle makes the table before any roll file): an empty roll file beside no table
            // is a copy or restore that lost its records, and a later start refuses it (review: moving it aside here
            // took the lost day's records silently).
            return null;
        }
        if (metadataNeverWritten(queueDir)) {
            // What the table would hold (the listing, the last index, the write lock) is read again from the roll
            // files, as when it is missing; a journal never written has none, and starts afresh.
            Path aside = queueDir.resolve("metadata.cq4t.discard");
            for (int n = 1; Files.exists(aside); n++) {
                aside = queueDir.resolve("metadata.cq4t.discard." + n);
            }
            Files.move(metadata, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(queueDir);
            LOG.warn("metadata.cq4t's header was never written in full (a crash while the journal was being made): "
                + "moved aside to {}; the roll files{} are read to make a new one", aside.getFileName(),
                hasRollFiles(dataDir) ? "" : " (none)");
            // The same crash can leave the newest roll file made and empty: no table lists it now, and the one made
            // from the roll files would, so every later start would refuse it as a lost file (review).
            discardEmptyNewest(Integer.MIN_VALUE, queueDir);
            return null;
        }
        final SingleChronicleQueue queue;
        try {
            queue = openForReading(dataDir);
        } catch (final RuntimeException e) {
            if (!hasRollFiles(dataDir)) {
                // A table whose header was written but not all its keys (QA: a kill a moment later still): no roll
                // file, so no record and nothing it could lose track of. The writer's own open completes it.
                LOG.warn("metadata.cq4t could not be read ({}), and the journal has no roll file: the writer opens it",
                    e.getMessage());
                return null;
            }
            throw new DataDirException("journal in " + queueDir + ": metadata.cq4t cannot be read (" + e.getMessage()
                + "): move it aside (the server makes a new one from the roll files) and start again", e);
        }
        try (queue) {
            discardEmptyNewest(queue.lastCycle(), queueDir);
            return lostRollFile(queue, queueDir);
        }
    }

    /**
     * Renames the newest roll file in {@code queueDir} to {@code …cq4.discard} when it has no bytes and the metadata
     * (whose last listed day is {@code listed}) does not list its day — a crash after Chronicle made the file and before
     * it wrote the header (a day's roll). The writer's opening lists the directory afresh and would list it, and every
     * later start would then take it for a lost file and refuse (review); Chronicle moves such a file aside on its next
     * append the same way. Nothing was in it: its day was never listed.
     */
    private static void discardEmptyNewest(final int listed, final Path queueDir) throws IOException {
        final Path newest = newest(rollFiles(queueDir));
        if (newest == null || Files.size(newest) != 0 || (listed != Integer.MIN_VALUE && cycleOf(newest) <= listed)) {
            return;
        }
        Path aside = queueDir.resolve(newest.getFileName() + ".discard");
        for (int n = 1; Files.exists(aside); n++) {
            aside = queueDir.resolve(newest.getFileName() + ".discard." + n);
        }
        Files.move(newest, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(queueDir);
        LOG.warn("roll file {} had no bytes and its day was never listed (a crash while it was being made): moved aside "
            + "to {}", newest.getFileName(), aside.getFileName());
    }

    /** Each roll file's name and size in bytes, as they are now (before a writer's open extends them). */
    static java.util.Map<String, Long> rollFileSizes(final Path dataDir) throws IOException {
        final java.util.Map<String, Long> sizes = new java.util.HashMap<>();
        final Path queueDir = queueDir(dataDir);
        if (Files.isDirectory(queueDir)) {
            for (final Path file : rollFiles(queueDir)) {
                sizes.put(file.getFileName().toString(), Files.size(file));
            }
        }
        return sizes;
    }

    /**
     * Cuts each roll file a refused open made longer back to its size before the open: a writer's open maps a roll
     * file its full chunk, extending a file cut short with zeros, and the tools then read the cut as a torn tail (QA).
     * Only bytes the open added are dropped. Best effort: a file that cannot be cut is logged. Call it with the queue
     * closed and the directory still locked.
     */
    static void restoreRollFileSizes(final Path dataDir, final java.util.Map<String, Long> sizes) {
        // Chronicle hands a closed queue's unmapping to a background thread: done now, before the files shrink under
        // a mapping (Review-196).
        net.openhft.chronicle.core.io.BackgroundResourceReleaser.releasePendingResources();
        for (final java.util.Map.Entry<String, Long> entry : sizes.entrySet()) {
            final Path file = queueDir(dataDir).resolve(entry.getKey());
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
                if (channel.size() > entry.getValue()) {
                    channel.truncate(entry.getValue());
                    channel.force(true);
                    LOG.info("roll file {} left as it was before the refused start ({} bytes)", entry.getKey(),
                        entry.getValue());
                }
            } catch (final IOException e) {
                LOG.warn("cannot cut roll file {} back to its {} bytes before the refused start: {}", entry.getKey(),
                    entry.getValue(), e.toString());
            }
        }
    }

    /** The journal's roll files ({@code *.cq4}) in {@code queueDir}. */
    private static java.util.List<Path> rollFiles(final Path queueDir) throws IOException {
        final java.util.List<Path> files = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> stream = Files.newDirectoryStream(queueDir, "*.cq4")) {
            stream.forEach(files::add);
        }
        return files;
    }

    /** The roll file of the latest day among {@code files}, or null for none. */
    private static Path newest(final java.util.List<Path> files) {
        Path newest = null;
        for (final Path file : files) {
            if (newest == null || cycleOf(file) > cycleOf(newest)) {
                newest = file;
            }
        }
        return newest;
    }

    /** The day (days since 1970-01-01, Chronicle's cycle of {@link #ROLL_CYCLE}) of a roll file {@code yyyyMMdd'F'.cq4}. */
    private static int cycleOf(final Path rollFile) {
        final String name = rollFile.getFileName().toString();
        try {
            return (int) java.time.LocalDate.parse(name.substring(0, 8),
                java.time.format.DateTimeFormatter.BASIC_ISO_DATE).toEpochDay();
        } catch (final RuntimeException e) {
            return Integer.MIN_VALUE; // not one of the journal's: Chronicle does not read it either
        }
    }

    /** A read-only view; the caller checks the queue directory exists first. */
    static SingleChronicleQueue openForReading(final Path dataDir) {
        return SingleChronicleQueueBuilder.binary(queueDir(dataDir))
            .rollCycle(ROLL_CYCLE)
            .blockSize(BLOCK_BYTES)
            .readOnly(true)
            .build();
    }

    /**
     * Clears a Chronicle write lock left behind by a writer that died inside an append.
     *
     * <p>Chronicle keeps its write lock (a PID) in the queue's metadata file. A writer killed
     * between taking it and closing the document leaves it set. Left alone, the next appender waits
     * 1.5 x {@code timeoutMS} (15 s by default) and then, under Chronicle's default
     * {@code queue.force.unlock.mode=LOCKING_PROCESS_DEAD}, forces it only if that PID is dead;
     * after a container restart the PID is often reused (even by this process) and the append fails
     * with {@code UnrecoverableTimeoutException}. The caller holds the data directory's exclusive
     * {@code journal.lock}, so no other writer can be alive: the lock is stale and is cleared at
     * once, with a WARN, before an appender is created (creating one takes the lock). Uses
     * Chronicle's own lock class, as its {@code UnlockMain} tool does.
     */
    static void releaseStaleWriteLock(final SingleChronicleQueue queue) {
        try (TableStoreWriteLock lock = new TableStoreWriteLock(queue.metaStore(), Pauser::balanced, 0L)) {
            if (lock.locked()) {
                LOG.warn("Chronicle write lock in {} still held by pid {}: a previous writer died inside a batch;"
                    + " the batch's open document (its records were never acknowledged) is discarded and"
                    + " overwritten; this process owns the data directory, so forcing it open", queue.file(),
                    (int) lock.lockedBy());
                lock.forceUnlock();
            }
        }
    }

    /** Forces a directory's entries (a file created or renamed in it) to disk. */
    public static void forceDirectory(final Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
