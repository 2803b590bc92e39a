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
            .syncMode(durability == Durability.SYNC ? SyncMode.SYNC : SyncMode.NONE)
            .timeProvider(clock)
            .build();
    }

    /** A read-only view; the caller checks the queue directory exists first. */
    static SingleChronicleQueue openForReading(final Path dataDir) {
        return SingleChronicleQueueBuilder.binary(queueDir(dataDir))
            .rollCycle(ROLL_CYCLE)
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
    static void forceDirectory(final Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
