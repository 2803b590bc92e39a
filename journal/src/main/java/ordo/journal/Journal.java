package ordo.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal writer: appends sequenced records to a Chronicle Queue under {@code dataDir/journal}.
 *
 * <p>Threading: one owner. {@link #open} may run on any thread (typically main, during recovery);
 * after it returns, the first thread to {@link #append} owns the journal (the journaller thread)
 * and only it may call {@code append}, {@code endOfBatch} and {@code close}.
 *
 * <p>Group commit: the journaller appends every record of a batch, then calls {@link #endOfBatch}
 * once, then acks the batch. The records of a batch go into one Chronicle document (a new one is
 * started before a document would pass {@link #MAX_GROUP_LENGTH}), which {@code endOfBatch}
 * completes: a reader sees the whole batch or none of it, and Chronicle's per-document work
 * (header, index, write lock), the larger part of an append's cost, is paid once per batch. With
 * {@link Durability#SYNC} {@code endOfBatch} then msyncs the written region (a batch of several documents msyncs
 * each as it completes, so that only its last can be torn); with {@link Durability#PROCESS} completing the document
 * in the mapped file is the whole promise.
 * Records appended since the last {@code endOfBatch} are not yet in the journal: nothing may be
 * acknowledged before it returns.
 *
 * <p>{@code append} allocates nothing after warm-up: the record is encoded into a reused buffer and
 * copied into the mapped document in one {@code write}.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path dataDir;
    private final Durability durability;
    /**
     * The data directories this process has a journal open on (real paths). Checked before the lock file is opened:
     * the OS lock is the process's, so a second open here got OverlappingFileLockException, and closing its channel
     * then released the first journal's lock (POSIX locks go with any descriptor's close), letting another process
     * open the directory as a second writer (found in review).
     */
    private static final java.util.Set<Path> OPEN_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final FileChannel lockChannel;
    private final FileLock dataDirLock;
    /** This journal's key in {@link #OPEN_HERE}, as claimed at open (removed at close, whatever the path is then). */
    private Path openHere;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final JournalRecord record = new JournalRecord();
    /** Drops the journal's pages far behind the writer; null where it is off or cannot run. */
    private PageRecycler recycler;
    /**
     * Usable space a start needs on the journal's filesystem, and a batch beyond its records where a roll file is not
     * allocated ahead yet ({@link #reserveForBatch}): the reserve's step and slack, twice.
     */
    static final long OPEN_FREE_BYTES = 2 * (SpaceReserve.AHEAD_BYTES + SpaceReserve.SLACK_BYTES);
    /** Allocates the roll file ahead of the writer (null where it cannot): a full disk fails before a write. */
    private SpaceReserve space;
    /** Where the last completed document ends in the current roll file, or -1 before one is in this process. */
    private long lastEnd = -1;
    private int lastEndCycle = -1;
    private final java.util.function.Supplier<java.io.File> currentRollFile = this::currentRollFile;

    /**
     * A batch's document is completed before it would grow past this; a single larger record still
     * gets a document of its own. Keeps every document within {@link JournalRecord#MAX_RECORD_LENGTH},
     * the most a reader accepts.
     */
    static final int MAX_GROUP_LENGTH = 64 * 1024;

    /** The document of the batch being appended, or null between batches. */
    private DocumentContext group;
    private int groupLength;
    /** Set when a write failed: the batch's document was abandoned, so nothing more may be appended. */
    private boolean failed;
    private long syncs;
    private long directorySyncs;
    /** The roll cycle whose file's directory entry has been fsynced ({@link Durability#SYNC}); -1 for none. */
    private int syncedCycle = -1;

    private long lastSeq;
    /** Time of the record written last; read only for the next record of the same document. */
    private long lastTime;
    private long lastChain;
    private long lastIndex;
    /** The rules version in effect at the journal's end: the last rules marker's, or {@link RulesMarker#UNRECORDED}. */
    private int rules;
    /**
     * The last document the opening scan read (a good one, or the last of a torn tail), or {@link ScanResult#NO_INDEX};
     * while {@link #checkFirstAppend} holds, the first document appended must be the next one a reader finds.
     */
    private long scannedEnd = ScanResult.NO_INDEX;
    /** Each roll file's size before this open mapped it (a cut file is extended by the mapping). */
    private java.util.Map<String, Long> sizesBeforeOpen;
    /** Set by a refused open: the sizes {@link #close} cuts the roll files back to, before it releases the lock. */
    private java.util.Map<String, Long> sizesToRestore;
    private boolean checkFirstAppend;
    private boolean closed;

    private Journal(final Path dataDir, final Durability durability, final FileChannel lockChannel,
                    final FileLock dataDirLock, final SingleChronicleQueue queue) {
        this.dataDir = dataDir;
        this.durability = durability;
        this.lockChannel = lockChannel;
        this.dataDirLock = dataDirLock;
        this.queue = queue;
        this.appender = queue.createAppender();
    }

    /**
     * Opens (creating if needed) the journal of {@code dataDir}, scans it end to end and repairs a
     * torn tail. Afterwards {@link #lastSeq()} and {@link #lastChain()} describe the last good record.
     *
     * @throws JournalCorruptException if a record before the tail is defective, out of sequence or
     *                                 altered; the journal is left untouched
     * @throws DataDirException       if another writer holds this data directory
     */
    public static Journal open(final Path dataDir, final Durability durability) {
        return open(dataDir, durability, SystemTimeProvider.INSTANCE);
    }

    /** As {@link #open(Path, Durability)} on another clock, which picks the daily roll file (tests). */
    static Journal open(final Path dataDir, final Durability durability, final TimeProvider clock) {
        final Path openHere = claimInThisProcess(dataDir);
        final FileChannel lockChannel;
        try {
            lockChannel = lockDataDir(dataDir);
        } catch (RuntimeException e) {
            OPEN_HERE.remove(openHere);
            throw e;
        }
        SingleChronicleQueue queue = null;
        Journal journal = null;
        java.util.Map<String, Long> sizesBeforeOpen = null;
        try {
            final FileLock lock = tryLock(lockChannel, dataDir);
            // Before the writer opens the queue (which lists the directory afresh): a start on a journal whose roll
            // file was emptied or deleted began after the records it had left, as if they had never been (QA).
            final String lost;
            try {
                lost = JournalFiles.checkBeforeWriting(dataDir);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot check the journal's files, or move aside an empty one, in "
                    + JournalFiles.queueDir(dataDir) + ": " + e, e);
            }
            if (lost != null) {
                throw JournalReader.lostRollFile(lost);
            }
            try {
                sizesBeforeOpen = JournalFiles.rollFileSizes(dataDir);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read the sizes of the roll files in "
                    + JournalFiles.queueDir(dataDir) + ": " + e, e);
            }
            queue = JournalFiles.openForWriting(dataDir, durability, clock);
            // Before the appender exists: creating one takes the write lock.
            JournalFiles.releaseStaleWriteLock(queue);
            journal = new Journal(dataDir, durability, lockChannel, lock, queue);
            journal.openHere = openHere;
            journal.sizesBeforeOpen = sizesBeforeOpen;
            // Before recovery, which may append a discard or rules marker: allocated ahead as every record is. And
            // room to go on, or no start (one on a full disk was ready, then failed its first batch: review).
            journal.space = SpaceReserve.create();
            if (journal.space != null) {
                SpaceReserve.requireFree(JournalFiles.queueDir(dataDir), OPEN_FREE_BYTES, "opening it");
            }
            journal.recover();
            if (durability == Durability.SYNC) {
                // The directories open() may have created, and the roll files of a journal written in process
                // mode: their entries are durable before anything is acknowledged.
                final Path queueDir = JournalFiles.queueDir(dataDir);
                journal.forceDirectories(queueDir, dataDir);
                journal.forceParentIfReadable(dataDir.toAbsolutePath().getParent());
                if (journal.lastIndex != ScanResult.NO_INDEX) {
                    journal.syncedCycle = queue.rollCycle().toCycle(journal.lastIndex);
                }
            }
            journal.recycler = PageRecycler.start(JournalFiles.queueDir(dataDir));
            return journal;
        } catch (RuntimeException | Error e) {
            // An Error too: Chronicle reports a fault on a mapped roll file as an InternalError, and the directory,
            // its lock and this process's claim on it must not stay held (found in review).
            // Refused for what the files hold: leave them the sizes they were found (not extended, nor with what a
            // refused recovery appended past their end), so the tools read what the start read. While the directory
            // is still locked: after, another server could have opened the files (Review-195).
            final java.util.Map<String, Long> restore =
                e instanceof JournalCorruptException ? sizesBeforeOpen : null;
            if (journal != null) {
                journal.sizesToRestore = restore;
                journal.close();
            } else {
                if (queue != null) {
                    closeQuietly(queue);
                }
                if (restore != null) {
                    JournalFiles.restoreRollFileSizes(dataDir, restore);
                }
                closeQuietly(lockChannel); // closing the channel releases its lock
                OPEN_HERE.remove(openHere);
            }
            if (e instanceof InternalError && e.getMessage() != null
                && e.getMessage().contains("unsafe memory access")) {
                // HotSpot's answer to a fault on a mapped page while Chronicle opened or wrote the roll file: a start
                // on a disk still full ended in a stack trace (found in QA).
                throw new UncheckedIOException(new IOException("a fault writing the journal's memory-mapped roll "
                    + "file in " + JournalFiles.queueDir(dataDir) + " while opening it: is its disk full or failing? "
                    + "Free space (df) or copy the data directory to a disk with room (cp -a) and start there", e));
            }
            throw e;
        }
    }

    /** Marks the data directory open in this process, or refuses it if it already is; answers its key. */
    private static Path claimInThisProcess(final Path dataDir) {
        final Path key;
        try {
            Files.createDirectories(dataDir);
            key = dataDir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data directory " + dataDir + ": " + e, e);
        }
        if (!OPEN_HERE.add(key)) {
            throw new DataDirException("journal in " + dataDir + " is already open in this process");
        }
        return key;
    }

    private static FileChannel lockDataDir(final Path dataDir) {
        try {
            Files.createDirectories(JournalFiles.queueDir(dataDir));
            return FileChannel.open(JournalFiles.writerLockFile(dataDir),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            // The cause in the message: a read-only data directory once read as "cannot create journal" with the
            // access denied only in the stack trace (found in QA).
            throw new UncheckedIOException("cannot open the journal's lock file " + JournalFiles.writerLockFile(dataDir)
                + " for writing (the data directory must be writable): " + e, e);
        }
    }

    private static FileLock tryLock(final FileChannel channel, final Path dataDir) {
        try {
            final FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new DataDirException("journal in " + dataDir + " is open in another process");
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            throw new DataDirException("journal in " + dataDir + " is already open in this process", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + JournalFiles.writerLockFile(dataDir), e);
        }
    }

    private void recover() {
        final JournalScan scanner = new JournalScan();
        scanner.fileSizes(sizesBeforeOpen);
        final ScanResult scan = scanner.scan(queue, Long.MAX_VALUE, null);
        rules = scanner.rules();
        lastSeq = scan.lastSeq();
        lastChain = scan.lastChain();
        lastIndex = scan.lastIndex();
        scannedEnd = scan.hasTornTail() ? scan.tornLastIndex() : scan.lastIndex();
        refuseDocumentsBeyondTheScan();
        checkFirstAppend = true;
        if (scan.hasTornTail()) {
            retireTornTail(scan);
        }
        // open() may run on another thread than the journaller: let the first appender thread own it.
        appender.singleThreadedCheckReset();
    }

    /**
     * Refuses, leaving the files as they are, when Chronicle holds documents that no reader reaches
     * ({@link #documentsBeyond}): a journal that opened anyway once answered 2xx for commands appended beyond them
     * and lost those at the next start (found in QA).
     */
    private void refuseDocumentsBeyondTheScan() {
        final JournalCorruptException beyond = documentsBeyond(queue, queue.lastIndex(), scannedEnd, lastSeq);
        if (beyond != null) {
            throw beyond;
        }
    }

    /**
     * Chronicle's own idea of the queue's last document may be at most one beyond the last one a scan read
     * ({@code scannedEnd}, a good document or the last of a torn tail): a writer killed inside an append leaves one
     * unfinished document, which a reader takes for the end and the next append overwrites. More than that (a roll
     * file cut short with documents after the cut, damage in a roll file before the last with whole files after it)
     * means written documents that no reader reaches. Also for {@code journal verify}, which reads
     * {@code chronicleLast} before its scan: a live writer appending meanwhile must not look like documents beyond.
     *
     * @return the fault, or null
     */
    static JournalCorruptException documentsBeyond(final SingleChronicleQueue queue, final long chronicleLast,
                                                   final long scannedEnd, final long lastSeq) {
        if (chronicleLast < 0 || chronicleLast <= scannedEnd) {
            return null;
        }
        final boolean oneUnfinished = scannedEnd == ScanResult.NO_INDEX
            ? queue.rollCycle().toSequenceNumber(chronicleLast) == 0
            : chronicleLast == scannedEnd + 1
                || (queue.rollCycle().toCycle(chronicleLast) > queue.rollCycle().toCycle(scannedEnd)
                    && queue.rollCycle().toSequenceNumber(chronicleLast) == 0);
        if (oneUnfinished) {
            return null;
        }
        return new JournalCorruptException(JournalCorruptException.Kind.UNREADABLE_BEYOND,
            scannedEnd == ScanResult.NO_INDEX ? chronicleLast : scannedEnd, lastSeq + 1,
            "documents up to Chronicle index 0x" + Long.toHexString(chronicleLast) + " cannot be read after the"
                + " last readable one (seq " + lastSeq + "): a roll file was cut short or damaged; commands"
                + " after seq " + lastSeq + " may have been acknowledged; restore the journal files, or copy what"
                + " is readable to a new data directory with `ordo journal salvage`");
    }

    /**
     * The first document appended after open must be the next one a reader finds after what the scan read. If
     * Chronicle resumes writing beyond a hole (its file header points past a document whose page never reached the
     * disk), a reader stops at the hole and everything appended would be lost at the next start: the append fails
     * instead, before its batch is acknowledged, and the journal refuses further appends (found in QA).
     */
    private void checkAppendIsReadable(final long appended) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (scannedEnd != ScanResult.NO_INDEX) {
                if (!tailer.moveToIndex(scannedEnd)) {
                    throw unreadableAppend(appended, "the last document read at open is gone");
                }
                try (DocumentContext last = tailer.readingDocument()) {
                    if (!last.isPresent()) {
                        throw unreadableAppend(appended, "the last document read at open is gone");
                    }
                }
            }
            try (DocumentContext next = tailer.readingDocument()) {
                if (!next.isPresent() || next.index() != appended) {
                    throw unreadableAppend(appended, next.isPresent()
                        ? "a reader finds index 0x" + Long.toHexString(next.index()) + " there instead"
                        : "a reader finds nothing there: the journal has a hole before it");
                }
            }
        }
    }

    private JournalCorruptException unreadableAppend(final long appended, final String why) {
        failed = true;
        return new JournalCorruptException(JournalCorruptException.Kind.UNREADABLE_BEYOND, appended, lastSeq,
            "the first document appended after open (Chronicle index 0x" + Long.toHexString(appended) + ") is not the"
                + " next one after the last readable document: " + why + "; not acknowledged, and the journal takes"
                + " no more appends. Restore the journal files, or copy what is readable to a new data directory"
                + " with `ordo journal salvage`");
    }

    /**
     * Appends a discard marker for the torn run so that, once records follow it, the run reads as
     * retired rather than as mid-journal corruption. The marker repeats {@code lastSeq} and
     * {@code lastChain}: the journal's numbering and chain continue from the last good record as if
     * the torn documents had never been written.
     */
    private void retireTornTail(final ScanResult scan) {
        LOG.warn("Discarding torn journal tail: {} document(s) at Chronicle index 0x{} ({}) .. 0x{} ({}), {};"
                + " cut short by a crash of the machine (never acknowledged in sync durability; in process durability"
                + " it may have been) or damaged; journal continues after seq {}",
            scan.tornCount(), Long.toHexString(scan.tornFirstIndex()), scan.tornFirstIndex(),
            Long.toHexString(scan.tornLastIndex()), scan.tornLastIndex(), scan.tornDefect().description(), lastSeq);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[DiscardMarker.LENGTH]);
        DiscardMarker.write(payload, scan.tornFirstIndex(), scan.tornLastIndex(), scan.tornCount());
        appendMarker(JournalRecord.TYPE_DISCARD, payload);
    }

    /**
     * Appends one of the journal's own markers and completes its document: a FULL record alone there, repeating
     * {@link #lastSeq} (and, by {@link JournalRecord#nextChain}, the last chain).
     */
    private void appendMarker(final int type, final UnsafeBuffer payload) {
        write(lastSeq, System.currentTimeMillis(), type, payload, 0, payload.capacity());
        endOfBatch();
    }

    /**
     * Records that the records appended from now on are written under business rules {@code version} (the engine's
     * rules version of the build that opened the journal): appends a rules marker ({@link RulesMarker}) in a
     * document of its own and completes it, unless {@code version} is already the one in effect at the journal's
     * end. Call between batches, before the records it vouches for: a server calls it once its replay of the tail
     * has succeeded, before it takes any command.
     *
     * @throws IllegalArgumentException if {@code version} is not above {@link RulesMarker#UNRECORDED}
     * @throws IllegalStateException    inside a batch
     */
    public void recordRules(final int version) {
        if (version <= RulesMarker.UNRECORDED) {
            throw new IllegalArgumentException("rules version " + version + " must be above "
                + RulesMarker.UNRECORDED);
        }
        if (group != null) {
            throw new IllegalStateException("a rules marker cannot go inside a batch");
        }
        if (version == rules) {
            return;
        }
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[RulesMarker.LENGTH]);
        RulesMarker.write(payload, version);
        appendMarker(JournalRecord.TYPE_RULES, payload);
        LOG.info("journal records after seq {} are written under rules version {} (until now {})", lastSeq, version,
            rules == RulesMarker.UNRECORDED ? "not recorded" : Integer.toString(rules));
        rules = version;
        // Called during start-up, perhaps on another thread than the journaller: let the first appender own it.
        appender.singleThreadedCheckReset();
    }

    /**
     * The rules version the journal's next records are written under: the one its last rules marker records, or
     * {@link RulesMarker#UNRECORDED} when it has none.
     */
    public int rulesVersion() {
        return rules;
    }

    /**
     * Appends one record to the batch's document. Returns once the record is in the mapped file;
     * part of the journal (visible to readers, replayed after a crash) only once
     * {@link #endOfBatch} has completed the document, and durable per {@link Durability} then.
     *
     * @throws IllegalStateException    if {@code seq != lastSeq() + 1}: the sequencer and the journal
     *                                  disagree, which is a bug, not a business reject
     * @throws IllegalArgumentException if the type is reserved or the payload too long
     */
    public void append(final long seq, final long timeMillis, final int type,
                       final DirectBuffer payload, final int offset, final int length) {
        if (seq != lastSeq + 1) {
            throw new IllegalStateException("journal append out of sequence: seq " + seq + " after " + lastSeq);
        }
        try {
            JournalRecord.checkAppendable(type, length);
        } catch (RuntimeException e) {
            // The batch's earlier records share its document: refusing this one refuses them all, so none of
            // them may become part of the journal later (close() completes an open document). Alone in its
            // batch, a refused record leaves the journal as it was.
            if (group != null) {
                abandonGroup();
            }
            throw e;
        }
        write(seq, timeMillis, type, payload, offset, length);
    }

    private void write(final long seq, final long timeMillis, final int type,
                       final DirectBuffer payload, final int offset, final int length) {
        checkWritable();
        // Bounded by a FULL record's frame, the larger: whichever kind it becomes, the document stays within
        // MAX_GROUP_LENGTH.
        if (group != null && groupLength + JournalRecord.FULL_FRAME_LENGTH + length > MAX_GROUP_LENGTH) {
            completeGroup();
            if (durability == Durability.SYNC) {
                // The batch's next document must not reach the disk without this one: a power loss that kept
                // it but tore this one would read at start as damage inside the journal (refused, to be
                // salvaged) rather than as a torn tail (discarded). Synced in order, only the last can tear.
                sync();
            }
        }
        // A record after another of its document is written as a NEXT record (seq and time implied by that one);
        // a marker is always FULL, alone in its document.
        final boolean next = group != null && !JournalRecord.isMarker(type)
            && JournalRecord.fitsTimeDelta(timeMillis, lastTime);
        final int recordLength = record.encode(seq, timeMillis, type, payload, offset, length, lastChain, next,
            lastTime);
        assert record.decode() == JournalRecord.Defect.NONE : "encoded record does not decode";
        try {
            if (group == null) {
                group = appender.writingDocument();
                groupLength = 0;
            }
            final net.openhft.chronicle.bytes.Bytes<?> bytes = group.wire().bytes();
            if (space != null) {
                final long position = bytes.writePosition();
                space.ensure(appender.cycle(), currentRollFile, position, position + recordLength);
            }
            bytes.write(record.array(), 0, recordLength);
        } catch (RuntimeException | Error e) {
            // An Error too (a fault on the mapped file surfaces as InternalError): a half-written record must
            // never be completed by close().
            abandonGroup();
            throw e;
        }
        groupLength += recordLength;
        lastSeq = seq;
        lastTime = timeMillis;
        lastChain = record.chain();
    }

    /** Tests: allocate the roll files through {@code reserve} (a stand-in for the C library) instead. */
    void reserveSpaceWith(final SpaceReserve reserve) {
        if (space != null) {
            space.close();
        }
        space = reserve;
    }

    private java.io.File currentRollFile() {
        return appender.currentFile();
    }

    /**
     * Before a batch's first record: makes sure the disk can take the whole of it, so that a full disk refuses a batch
     * before any of it is written. A check at each record alone could fail a batch part-way, after documents of it
     * were completed (a batch past 64 KiB spans documents): a restart would have applied commands answered 503
     * (review). {@code maxBytes} bounds the batch's records (its commands' count times the largest record). When a
     * roll to a new file is due, or nothing was written yet in this process, the filesystem's free space is checked
     * instead (Chronicle writes a new file's header and index before the journal can know the file). A failure
     * fails the journal, as a failed append does.
     *
     * @throws UncheckedIOException when the disk cannot take the batch; nothing of it was written
     */
    public void reserveForBatch(final long maxBytes) {
        checkWritable();
        if (space == null || group != null) {
            return;
        }
        try {
            final int cycle = appender.cycle();
            if (lastEnd < 0 || lastEndCycle != cycle || queue.cycle() != cycle) {
                SpaceReserve.requireFree(JournalFiles.queueDir(dataDir), OPEN_FREE_BYTES + maxBytes,
                    "the batch's records, in a roll file not allocated yet");
            } else {
                space.ensure(cycle, currentRollFile, lastEnd, lastEnd + maxBytes);
            }
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        }
    }

    /** Completes the batch's document: from here on readers see its records. */
    private void completeGroup() {
        final DocumentContext completing = group;
        group = null;
        try {
            final long end = completing.wire().bytes().writePosition();
            completing.close();
            lastEnd = end;
            lastEndCycle = appender.cycle();
            if (recycler != null) {
                recycler.writtenUpTo(end);
            }
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        }
        lastIndex = appender.lastIndexAppended();
        if (checkFirstAppend) {
            checkFirstAppend = false;
            checkAppendIsReadable(lastIndex);
        }
    }

    /**
     * A write into the batch's document failed: drop the document (none of its records was
     * acknowledged) and refuse further appends, as {@link #lastSeq()} already counts records that
     * are now gone. Reopening the journal is the way back.
     */
    private void abandonGroup() {
        failed = true;
        final DocumentContext abandoned = group;
        group = null;
        if (abandoned != null) {
            try {
                abandoned.rollbackOnClose();
                abandoned.close();
            } catch (RuntimeException suppressed) {
                LOG.warn("cannot roll back the journal document of a failed append", suppressed);
            }
        }
    }

    /**
     * Drops the batch's open document, if any, and refuses further appends: another stage of the pipeline failed, so
     * none of the batch's records will be acknowledged, and {@link #close} must not complete them into the journal
     * (a restart would apply commands whose clients were refused). Reopening the journal is the way back.
     */
    public void abandonBatch() {
        if (!closed) {
            abandonGroup();
        }
    }

    /**
     * Ends a group commit: completes the batch's document and, in {@link Durability#SYNC} mode,
     * msyncs everything appended since the previous call (Chronicle {@code ExcerptAppender.sync()},
     * with the queue built in {@code SyncMode.SYNC}); acks may be sent once it returns.
     */
    public void endOfBatch() {
        checkWritable();
        if (group != null) {
            completeGroup();
        }
        if (durability == Durability.SYNC) {
            sync();
        }
    }

    private void sync() {
        try {
            appender.sync();
        } catch (RuntimeException | Error e) {
            // The batch's records are written but maybe not on the device, and a retried msync after an I/O error
            // can report success without them: nothing more is appended (found in review).
            failed = true;
            throw e;
        }
        syncs++;
        if (lastIndex != ScanResult.NO_INDEX) {
            final int cycle = queue.rollCycle().toCycle(lastIndex);
            if (cycle != syncedCycle) {
                // A new roll file: its directory entry is not written back with the file's own msync, and a power
                // loss could lose the whole file (ext4 and XFS happen to keep it; POSIX does not promise it).
                forceDirectories(JournalFiles.queueDir(dataDir));
                syncedCycle = cycle;
            }
        }
    }

    /** fsyncs directories ({@link Durability#SYNC}); a failure fails the batch, which is not acknowledged. */
    private void forceDirectories(final Path... dirs) {
        for (final Path dir : dirs) {
            try {
                forceDirectory(dir);
            } catch (IOException e) {
                failed = true;
                throw new UncheckedIOException("cannot fsync the journal's directory " + dir + ": " + e, e);
            }
        }
    }

    /**
     * fsyncs the data directory's parent, which open() may have created it in. An fsync needs the directory opened for
     * reading, which a hardened parent (mode 0711) refuses though nothing was made there: that is logged, not fatal
     * (found in review).
     */
    private void forceParentIfReadable(final Path parent) {
        try {
            forceDirectory(parent);
        } catch (IOException e) {
            LOG.warn("cannot fsync {}, the data directory's parent ({}); a data directory made just now may not survive "
                + "a power loss", parent, e.toString());
        }
    }

    private void forceDirectory(final Path dir) throws IOException {
        if (dir != null) {
            JournalFiles.forceDirectory(dir);
            directorySyncs++;
        }
    }

    /** How many times the journal has fsynced a directory ({@link Durability#SYNC}; tests). */
    long directorySyncs() {
        return directorySyncs;
    }

    /** How many times the journal has msynced ({@link Durability#SYNC}): tests check a batch's documents sync in order. */
    long syncs() {
        return syncs;
    }

    /**
     * A follower that delivers this journal's records as they are written, from the first one (see
     * {@link JournalFollower}); records with seq &lt;= {@code afterSeq} are verified, not delivered. It reads this
     * writer's queue: close it before this journal.
     */
    public JournalFollower follower(final long afterSeq) {
        if (closed) {
            throw new IllegalStateException("journal in " + dataDir + " is closed");
        }
        return new JournalFollower(queue, afterSeq);
    }

    /** Seq of the last record written or recovered; 0 for an empty journal. */
    public long lastSeq() {
        return lastSeq;
    }

    /** Chain after the last record; {@link JournalRecord#GENESIS_CHAIN} for an empty journal. */
    public long lastChain() {
        return lastChain;
    }

    /**
     * Chronicle index of the last document completed (by {@link #endOfBatch}) or recovered, or
     * {@link ScanResult#NO_INDEX}.
     */
    public long lastIndex() {
        return lastIndex;
    }

    /**
     * The msync mode of the mapped roll file being appended to. {@code ExcerptAppender.sync()} is
     * silently a no-op unless this is {@code SYNC}, so a test pins it. Valid after an append.
     */
    SyncMode mappedSyncMode() {
        final BytesStore<?, ?> store = appender.wire().bytes().bytesStore();
        return store instanceof MappedBytesStore mapped ? mapped.syncMode() : SyncMode.NONE;
    }

    public Durability durability() {
        return durability;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void checkWritable() {
        if (closed) {
            throw new IllegalStateException("journal in " + dataDir + " is closed");
        }
        if (failed) {
            throw new IllegalStateException("journal in " + dataDir + " failed an append; reopen it");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // A batch left open (the journaller halted before its end of batch, as when the ring did not
            // drain) is completed, not dropped, as its records would have been when each was its own
            // document; after a failure elsewhere the journaller drops it first (abandonBatch). close() may
            // run on another thread than the journaller's.
            if (group != null) {
                appender.singleThreadedCheckReset();
                completeGroup();
            }
            if (durability == Durability.SYNC) {
                appender.sync();
            }
        } finally {
            try {
                if (recycler != null) {
                    recycler.close();
                }
                if (space != null) {
                    space.close();
                }
                appender.singleThreadedCheckReset();
                closeQuietly(appender);
                closeQuietly(queue);
                if (sizesToRestore != null) {
                    // The directory still locked: a refused open's roll files back to their sizes.
                    JournalFiles.restoreRollFileSizes(dataDir, sizesToRestore);
                }
            } finally {
                // Whatever failed above, the directory is given up: its lock and this process's claim on it.
                try {
                    dataDirLock.release();
                } catch (IOException e) {
                    LOG.warn("cannot release {}", JournalFiles.writerLockFile(dataDir), e);
                }
                closeQuietly(lockChannel);
                if (openHere != null) {
                    OPEN_HERE.remove(openHere);
                }
            }
        }
    }

    private static void closeQuietly(final AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("error closing {}", closeable, e);
        }
    }
}
