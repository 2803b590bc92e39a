package ordo.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The one place that decides what a journal's documents mean: walks a queue from the start,
 * decodes and checks every document, and classifies faults.
 *
 * <p>Rules, in the order a scan applies them:
 * <ol>
 *   <li>A document holds one group commit: one or more records back to back. It is
 *       <em>defective</em> if any of its records fails {@link JournalRecord#decodeAt} (format,
 *       kind, frame, length, CRC), or if a record's CRC holds but its chain does not extend the record
 *       before it ({@link JournalRecord.Defect#CHAIN_MISMATCH}): the CRC does not cover the chain
 *       field, so a write torn there looks exactly like this. A defective document delivers none of
 *       its records (they were acknowledged together or not at all), and is named by its index and
 *       by the seq of its first defective record. Defective documents are collected into a run;
 *       the scan does not judge them yet. (A tool's read, {@link #deliverIntact}, delivers the records of the run's
 *       first document before its first defective one once the run proves to be damage, not a torn tail.)</li>
 *   <li>If the journal ends while a run is open, the run is a <em>torn tail</em>: cut short by a crash of the
 *       machine (never acknowledged in sync durability; in process durability it may have been) or damaged since
 *       ({@link ScanResult#tornTailNote}). It is reported in {@link ScanResult}, not thrown;
 *       {@link Journal#open} retires it by appending a discard marker.</li>
 *   <li>If a valid document follows a run, it must be the discard marker, alone in its document,
 *       retiring exactly that run
 *       (same first and last index, same count, seq and chain of the last good record). Then the run
 *       is skipped. Otherwise the run is mid-journal damage and the scan throws
 *       {@link JournalCorruptException} at the run's first index: {@code BROKEN_CHAIN} if that
 *       record's CRC held (it was edited), {@code DEFECTIVE_RECORD} otherwise.</li>
 *   <li>A valid record must carry {@link JournalRecord#expectedSeq}; a discard marker must follow a
 *       run. The CRC vouches for both fields, so a violation throws at once. (Only a document's first
 *       record states its seq; the NEXT records after it are numbered from it, so what a gap can
 *       break is the first record of the document after it.)</li>
 *   <li>A rules marker ({@link RulesMarker}) may follow any good record: it is not delivered, and
 *       sets the rules version of the records after it ({@link #rules()}); one whose payload is not a
 *       version above {@link RulesMarker#UNRECORDED}, or that shares its document, throws
 *       {@code INVALID_MARKER}. Its CRC vouches for it; it takes no chain link (a snapshot at seq N
 *       must match the chain at N whether or not a marker follows), so unlike a record an edit that
 *       recomputes its CRC is not caught here.</li>
 *   <li>A first document that fails as format 2 but is a valid format-1 record throws
 *       {@code UNSUPPORTED_FORMAT}: an older journal, not a torn one.</li>
 * </ol>
 *
 * <p>How Chronicle itself shows a crash inside an append (so this scan never sees one): a
 * document's 4-byte header is written only when the document is closed; until then it is 0
 * (NOT_INITIALIZED), or carries the NOT_COMPLETE bit as older writers left it. A tailer treats
 * either as the end of the queue, and the partial body lies beyond that end. The next append
 * writes its header in the same slot (for NOT_COMPLETE, Chronicle logs "Incomplete header found
 * ... overwriting") and zeroes the word after each document it completes, so the leftover bytes
 * are never read as a header. What does need help is the dead writer's Chronicle write lock:
 * {@link JournalFiles#releaseStaleWriteLock}. A torn record in the sense of this class (header
 * complete, body not) needs the page cache itself to be lost: power loss or a kernel crash.
 *
 * <p>Owned by one thread. Progress fields stay readable after a throw, for reports. The read loop
 * copies each document into a reused buffer and allocates nothing per record.
 */
final class JournalScan {
    private final JournalRecord record = new JournalRecord();

    private long lastSeq;
    private long lastChain;
    private long lastIndex;
    private long records;
    private long markers;
    /** Told of each marker by the scan running now, or null. */
    private MarkerHandler markerHandler;
    /** The rules version the records read since the last rules marker were written under. */
    private int rules;
    private long currentIndex;
    private long startSeq;
    private long startChain;
    // The run of defective documents not yet judged (see the rules above).
    private long runFirst;
    private long runLast;
    private int runCount;
    private long runFirstSeq;
    private JournalRecord.Defect runDefect;
    /** The roll file of the run's last document, and where that document ends in it (the file's byte offset). */
    private java.io.File runFile;
    private long runEnd;
    /** Roll files' sizes as found before a writer's open extended them (null: their sizes now). */
    private java.util.Map<String, Long> fileSizes;
    /** Whether the records of a damaged document before its first defective one are delivered ({@link #deliverIntact}). */
    private boolean deliverIntact;
    /** The run's first document up to its first defective record, when that follows records that checked out. */
    private final JournalRecord intact = new JournalRecord();
    /** Bytes of {@link #intact} to deliver; 0: none (or delivered). */
    private int intactLength;
    /** Chronicle index of the document {@link #intact} came from. */
    private long intactIndex;
    /** Where in its document the record {@link #checkGroup} stopped at begins. */
    private int defectPosition;

    /**
     * Makes the scan, when a run of defective documents proves to be damage rather than a torn tail (a valid document
     * follows it, its roll file was cut inside it, or documents lie beyond it: {@link #deliverIntactBefore}), deliver
     * the records of the run's first document that precede its first defective record, each CRC and chain checked,
     * before it throws: the read-only tools' reads ({@link JournalReader}). A document is one group commit, so those
     * records were acknowledged with the rest of it — the damage came after, since later documents were written — and
     * a salvage left them behind with the bad one while saying it kept every record before it (QA-277: three orders
     * answered 201 were lost from a salvaged journal, a batch can hold hundreds). A torn tail (a crash inside the write
     * of its batch) still delivers none: the server retires it whole ({@link Journal#open}), and so do the tools.
     */
    void deliverIntact(final boolean deliver) {
        this.deliverIntact = deliver;
    }

    /** The roll files' sizes before a writer's open mapped them ({@link JournalFiles#rollFileSizes}), or null. */
    void fileSizes(final java.util.Map<String, Long> sizes) {
        this.fileSizes = sizes;
    }
    /**
     * Seq the record {@link #checkGroup} stopped at should carry: the one after the last record that checked out. A
     * defective record's own seq field is not to be trusted (a NEXT record has none, and a flipped kind bit reads
     * payload bytes as a seq), so a fault names this one.
     */
    private long defectSeq;

    JournalScan() {
        reset();
    }

    /**
     * Scans {@code queue} from its first document.
     *
     * @param afterSeq records with seq &lt;= afterSeq are verified but not delivered
     * @param handler  receives records with seq &gt; afterSeq, or null to only verify
     */
    ScanResult scan(final ChronicleQueue queue, final long afterSeq, final RecordHandler handler) {
        return scan(queue, afterSeq, handler, null);
    }

    /** As {@link #scan(ChronicleQueue, long, RecordHandler)}, telling {@code markerHandler} (if any) of each marker. */
    ScanResult scan(final ChronicleQueue queue, final long afterSeq, final RecordHandler handler,
                    final MarkerHandler markerHandler) {
        reset();
        this.markerHandler = markerHandler;
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.toStart();
            // Bounded by the documents present: readingDocument() reports not-present at the end.
            while (next(tailer, afterSeq, handler)) {
                // each call reads one document
            }
        } catch (final RuntimeException | InternalError e) {
            // Creating the tailer, moving it to the start, or closing it, on a file cut inside its header or index.
            throw unreadableFileOr(lastIndex, lastSeq, e);
        }
        final JournalCorruptException cut = cutInsideTail();
        if (cut != null) {
            deliverIntactBefore(afterSeq, handler);
            throw cut;
        }
        return result();
    }

    /**
     * A tail that fails its check because its roll file ends inside it is no torn batch but a file cut short (a
     * partial copy, a truncated restore): a crash leaves the file its full length (allocated ahead of the writer), and
     * documents may have followed the cut. The tools called it a torn tail of one document (exit 6, or 0) while the
     * server, finding it could not append after it, refused to start (QA-193: 26 documents were past the cut). Null
     * when the tail is none, or lies inside its file.
     */
    private JournalCorruptException cutInsideTail() {
        if (runCount == 0 || runFile == null) {
            return null;
        }
        final Long before = fileSizes == null ? null : fileSizes.get(runFile.getName());
        final long size = before != null ? before : runFile.length();
        if (size == 0 || size >= runEnd) {
            return null;
        }
        return new JournalCorruptException(JournalCorruptException.Kind.UNREADABLE_BEYOND, runFirst, runFirstSeq,
            "roll file " + runFile.getName() + " ends at byte " + size + ", inside the document at Chronicle index 0x"
                + Long.toHexString(runLast) + " (which runs to byte " + runEnd + "): the file was cut short (a partial "
                + "copy?), not torn by a crash, and documents may have followed it; commands after seq " + lastSeq
                + " may have been acknowledged; restore the journal files, or copy what is readable to a new data "
                + "directory with `ordo journal salvage`");
    }

    /** Forgets everything read: the next {@link #next} call must come from a tailer at the queue's start. */
    void reset() {
        lastSeq = 0;
        lastChain = JournalRecord.GENESIS_CHAIN;
        lastIndex = ScanResult.NO_INDEX;
        records = 0;
        markers = 0;
        rules = RulesMarker.UNRECORDED;
        currentIndex = ScanResult.NO_INDEX;
        startSeq = 0;
        startChain = JournalRecord.GENESIS_CHAIN;
        runFirst = ScanResult.NO_INDEX;
        runLast = ScanResult.NO_INDEX;
        runCount = 0;
        runFirstSeq = JournalCorruptException.SEQ_UNKNOWN;
        runDefect = JournalRecord.Defect.NONE;
        runFile = null;
        runEnd = 0;
        intactLength = 0;
    }

    /**
     * Reads the tailer's next document, if one is complete, and applies the rules above to it: a scan that can stop
     * at the journal's current end and resume there when more is written (the tailer must be the one that read
     * every document before, from the queue's start).
     *
     * @param afterSeq records with seq &lt;= afterSeq are verified but not delivered
     * @param handler  receives records with seq &gt; afterSeq, or null to only verify
     * @return false when no complete document follows (yet)
     */
    boolean next(final ExcerptTailer tailer, final long afterSeq, final RecordHandler handler) {
        try {
            return nextDocument(tailer, afterSeq, handler);
        } catch (final RuntimeException | InternalError e) {
            // The JVM's answer to a fault on a mapped page (SIGBUS): a read-only reader maps a roll file cut shorter
            // than its documents, or one whose device fails, and touched a page the file no longer has. It ended
            // every tool with a stack trace (found in QA); it is a journal no reader can go on in.
            throw unreadableFileOr(lastIndex, lastSeq, e);
        }
    }

    /**
     * The journal fault {@link #unreadableFile} makes of a fault on a mapped page in {@code e}, bare or wrapped; else
     * {@code e} itself: returned when unchecked, thrown when an Error. Chronicle reads a store's header through its
     * marshalling, which wraps what it meets: a roll file cut inside its index then surfaced as
     * IORuntimeException(IORuntimeException(InternalError)), and {@code replay} ended with a stack trace where
     * {@code verify} and {@code dump} had said FAULT (CI, once; the JIT decides where HotSpot raises the fault, so
     * which tool meets the wrapped form varies).
     */
    static RuntimeException unreadableFileOr(final long lastIndex, final long lastSeq, final Throwable e) {
        // A JournalCorruptException is already the journal's fault (one of a mapped page keeps it as its cause).
        final InternalError fault = e instanceof JournalCorruptException ? null : mappedFault(e);
        if (fault != null) {
            return unreadableFile(lastIndex, lastSeq, fault);
        }
        if (e instanceof RuntimeException unchecked) {
            return unchecked;
        }
        throw (Error) e;
    }

    /** HotSpot's fault on a mapped page in {@code t}'s causes (at most 16 deep), or null. */
    static InternalError mappedFault(final Throwable t) {
        Throwable cause = t;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (cause instanceof InternalError && cause.getMessage() != null
                && cause.getMessage().contains("unsafe memory access")) {
                return (InternalError) cause;
            }
        }
        return null;
    }

    /** The journal cannot be read after {@code lastIndex} (seq {@code lastSeq}): a fault on its mapped file. */
    static JournalCorruptException unreadableFile(final long lastIndex, final long lastSeq, final InternalError e) {
        if (e.getMessage() == null || !e.getMessage().contains("unsafe memory access")) {
            throw e; // not HotSpot's fault on a mapped page: a bug, not the journal's
        }
        // The JVM goes on after such a fault; the load that faulted read garbage, which the record's CRC refuses
        // (at worst classed a torn tail before the fault is raised here): fit for the read-only tools.
        final boolean anyRead = lastIndex != ScanResult.NO_INDEX;
        final JournalCorruptException fault = new JournalCorruptException(
            JournalCorruptException.Kind.UNREADABLE_BEYOND, lastIndex,
            anyRead ? lastSeq + 1 : JournalCorruptException.SEQ_UNKNOWN,
            "a fault reading the memory-mapped roll file " + (anyRead ? "after seq " + lastSeq : "before any record")
                + ": the file is shorter than what it holds (cut short, or a partial copy?), its device fails, or its "
                + "filesystem is full (on tmpfs a read needs memory: check df, and read a copy made where there is "
                + "room); records beyond cannot be read here (`ordo journal salvage` reads a cut file from a copy made "
                + "full length, and copies every record before the cut)");
        fault.initCause(e);
        return fault;
    }

    private boolean nextDocument(final ExcerptTailer tailer, final long afterSeq, final RecordHandler handler) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            final long index = dc.index();
            currentIndex = index;
            final long documentEnd = dc.wire().bytes().readLimit();
            final int documentLength = copy(dc.wire().bytes());
            JournalRecord.Defect defect;
            if (documentLength < 0) {
                defect = JournalRecord.Defect.TOO_LONG;
                defectSeq = lastSeq + 1;
            } else if (runCount > 0) {
                defect = decodeGroup(documentLength);
                if (defect == JournalRecord.Defect.NONE) {
                    // Only the marker retiring the run may follow it, and a marker is alone in its document.
                    if (record.recordLength() != documentLength
                        || !DiscardMarker.retires(record, runFirst, runLast, runCount) || !linksToLast()) {
                        deliverIntactBefore(afterSeq, handler);
                        throw runFollowedByRecord(runDefect, runFirst, runFirstSeq, runCount, index);
                    }
                    if (markerHandler != null) {
                        markerHandler.onDiscard(index, lastSeq, runFirst, runLast, runCount);
                    }
                    runCount = 0;
                    markers++;
                    lastIndex = index;
                    return true;
                }
            } else {
                try {
                    defect = checkGroup(index, documentLength);
                } catch (final JournalCorruptException e) {
                    // A field the CRC vouches for is wrong (an edit, no torn write): what the document holds before it
                    // is read as a damaged batch's is.
                    keepIntact(index, defectPosition);
                    deliverIntactBefore(afterSeq, handler);
                    throw e;
                }
                if (defect == JournalRecord.Defect.NONE) {
                    // Every record of the document checked out: deliver them. A document is one group
                    // commit, so a defect anywhere in it keeps all of its records from being delivered.
                    int position = 0;
                    do {
                        record.moveTo(position);
                        if (record.type() == JournalRecord.TYPE_RULES) {
                            // Checked by checkLink: a version, consuming no seq and no chain link.
                            rules = RulesMarker.version(record);
                            if (markerHandler != null) {
                                markerHandler.onRules(index, lastSeq, rules);
                            }
                            position += record.recordLength();
                            continue;
                        }
                        deliver(record, afterSeq, handler);
                        position += record.recordLength();
                    } while (position < documentLength);
                    lastIndex = index;
                    return true;
                }
            }
            if (runCount == 0 && lastIndex == ScanResult.NO_INDEX && record.isFormat1Record()) {
                // Not damage: a journal this build cannot read. Retiring it as a torn tail would lose it.
                throw new JournalCorruptException(JournalCorruptException.Kind.UNSUPPORTED_FORMAT, index,
                    record.format1Seq(), "written in journal format 1; this build reads format "
                    + JournalRecord.FORMAT_VERSION + " only (replay it with the build that wrote it)");
            }
            if (runCount == 0) {
                runFirst = index;
                runDefect = defect;
                runFirstSeq = defectSeq;
                keepIntact(index, documentLength < 0 ? 0 : defectPosition);
            }
            runLast = index;
            runCount++;
            runFile = tailer.currentFile();
            runEnd = documentEnd;
            return true;
        }
    }

    /**
     * Keeps the first {@code length} bytes of the document in the record buffer: the records {@link #checkGroup}
     * found good before the defective one (none when {@code length} is 0, or when the scan delivers no such records).
     */
    private void keepIntact(final long index, final int length) {
        intactIndex = index;
        intactLength = deliverIntact ? length : 0;
        if (intactLength > 0) {
            record.buffer().getBytes(0, intact.arrayForRead(intactLength), 0, intactLength);
        }
    }

    /**
     * Delivers the records {@link #keepIntact} kept, once ({@link #deliverIntact}): as a whole document's are, at its
     * index; the last whole document read stays the last index.
     */
    void deliverIntactBefore(final long afterSeq, final RecordHandler handler) {
        final int length = intactLength;
        intactLength = 0;
        if (length == 0) {
            return;
        }
        final long documentIndex = currentIndex;
        currentIndex = intactIndex;
        int position = 0;
        do {
            if (intact.decodeAt(position) != JournalRecord.Defect.NONE) {
                throw new IllegalStateException("a record kept as intact at " + position + " no longer decodes");
            }
            deliver(intact, afterSeq, handler);
            position += intact.recordLength();
        } while (position < length);
        currentIndex = documentIndex;
    }

    /** A checked record read: the last seq and chain, counted, and delivered past {@code afterSeq}. */
    private void deliver(final JournalRecord read, final long afterSeq, final RecordHandler handler) {
        lastSeq = read.seq();
        lastChain = read.chain();
        records++;
        if (lastSeq <= afterSeq) {
            startSeq = lastSeq;
            startChain = lastChain;
        } else if (handler != null) {
            handler.onRecord(lastSeq, read.timeMillis(), read.type(), read.buffer(), read.payloadOffset(),
                read.payloadLength());
        }
    }

    /** What the documents read so far show; a run still open is a torn tail as far as they go. */
    ScanResult result() {
        return new ScanResult(lastSeq, lastChain, lastIndex, records, markers, startSeq, startChain,
            runCount > 0 ? runFirst : ScanResult.NO_INDEX, runCount > 0 ? runLast : ScanResult.NO_INDEX,
            runCount, runDefect);
    }

    /** Copies the document into the record buffer; -1 if it is longer than any document may be. */
    private int copy(final Bytes<?> bytes) {
        final long documentLength = bytes.readRemaining();
        if (documentLength > JournalRecord.MAX_RECORD_LENGTH) {
            record.arrayForRead(0);
            return -1;
        }
        final int length = (int) documentLength;
        bytes.read(record.arrayForRead(length), 0, length);
        return length;
    }

    /**
     * Checks the frame and CRC of every record in the document, not how they link. Leaves the
     * record at the first defective one, or at the last one.
     */
    private JournalRecord.Defect decodeGroup(final int documentLength) {
        int position = 0;
        do {
            final JournalRecord.Defect defect = record.decodeAt(position);
            if (defect != JournalRecord.Defect.NONE) {
                return defect;
            }
            position += record.recordLength();
        } while (position < documentLength);
        return JournalRecord.Defect.NONE;
    }

    /**
     * Checks every record of the document and that each extends the one before it (the first
     * extends the last good record). Leaves the record at the first defective one.
     */
    private JournalRecord.Defect checkGroup(final long index, final int documentLength) {
        long seq = lastSeq;
        long chain = lastChain;
        int position = 0;
        do {
            defectSeq = seq + 1;
            defectPosition = position;
            final JournalRecord.Defect defect = record.decodeAt(position);
            if (defect != JournalRecord.Defect.NONE) {
                return defect;
            }
            if (record.type() == JournalRecord.TYPE_RULES && (position != 0 || record.recordLength() != documentLength)) {
                // The CRC holds, so no torn write explains it: the writer puts a marker alone in its document.
                throw new JournalCorruptException(JournalCorruptException.Kind.INVALID_MARKER, index, seq,
                    "rules marker that shares its document with other records");
            }
            if (!checkLink(index, seq, chain)) {
                return JournalRecord.Defect.CHAIN_MISMATCH;
            }
            seq = record.seq();
            chain = record.chain();
            position += record.recordLength();
        } while (position < documentLength);
        return JournalRecord.Defect.NONE;
    }

    private boolean linksToLast() {
        return record.seq() == JournalRecord.expectedSeq(lastSeq, JournalRecord.TYPE_DISCARD)
            && record.chain() == lastChain;
    }

    private static JournalCorruptException runFollowedByRecord(final JournalRecord.Defect defect, final long first,
                                                               final long firstSeq, final int count, final long next) {
        final String followed = ", followed at index 0x" + Long.toHexString(next)
            + " by a valid document that is not the discard marker for it";
        if (defect == JournalRecord.Defect.CHAIN_MISMATCH) {
            return new JournalCorruptException(JournalCorruptException.Kind.BROKEN_CHAIN, first, firstSeq,
                defect.description() + ": the record was altered after it was written" + followed);
        }
        return new JournalCorruptException(JournalCorruptException.Kind.DEFECTIVE_RECORD, first, firstSeq,
            defect.description() + " (" + count + " defective document(s) in a row)" + followed);
    }

    /**
     * Checks a decoded record against the one before it. A wrong seq or a misplaced marker throws
     * at once (the CRC vouches for those fields, so no torn write explains them); a wrong chain
     * returns false, to be judged like a defective record (see {@link JournalRecord.Defect#CHAIN_MISMATCH}).
     */
    private boolean checkLink(final long index, final long previousSeq, final long previousChain) {
        final int type = record.type();
        final long seq = record.seq();
        if (type == JournalRecord.TYPE_DISCARD) {
            throw new JournalCorruptException(JournalCorruptException.Kind.MISPLACED_MARKER, index, seq,
                "discard marker with no defective document before it");
        }
        if (type == JournalRecord.TYPE_RULES && RulesMarker.version(record) <= RulesMarker.UNRECORDED) {
            throw new JournalCorruptException(JournalCorruptException.Kind.INVALID_MARKER, index, seq,
                "rules marker whose payload (" + record.payloadLength() + " bytes) is not a rules version");
        }
        if (seq != JournalRecord.expectedSeq(previousSeq, type)) {
            throw new JournalCorruptException(JournalCorruptException.Kind.SEQUENCE_GAP, index, seq,
                "expected seq " + JournalRecord.expectedSeq(previousSeq, type) + " after seq " + previousSeq);
        }
        return record.chain() == JournalRecord.nextChain(previousChain, type, record.crc(), seq);
    }

    long lastSeq() {
        return lastSeq;
    }

    long lastChain() {
        return lastChain;
    }

    long records() {
        return records;
    }

    /**
     * The rules version of the record being delivered (inside a {@link RecordHandler} call), or after a scan of the
     * journal's end: that of the last rules marker read, {@link RulesMarker#UNRECORDED} before the first.
     */
    int rules() {
        return rules;
    }

    /** Chronicle index of the document being handled (valid inside a {@link RecordHandler} call). */
    long currentIndex() {
        return currentIndex;
    }
}
