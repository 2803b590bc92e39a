package ordo.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Reads a journal in seq order, verifying every record's CRC and chain as it goes: replay for
 * recovery (the engine's replay is the {@link RecordHandler}) and verify for audits.
 *
 * <p>Opens the queue read-only, so it may run beside the live {@link Journal} writer and never
 * repairs anything: a torn tail is reported in the {@link ScanResult} and left for the writer's
 * next open. Every pass reads from the first record, so each link of the chain is checked even
 * when delivery starts after a snapshot's seq.
 *
 * <p>One owner thread. The read loop copies each record into a reused buffer and allocates
 * nothing per record.
 */
public final class JournalReader implements AutoCloseable {
    private final Path dataDir;
    private final SingleChronicleQueue queue; // null: no journal has been written yet
    private final JournalScan scan = new JournalScan();

    private JournalReader(final Path dataDir, final SingleChronicleQueue queue) {
        this.dataDir = dataDir;
        this.queue = queue;
        // The tools read what a damaged batch holds before its damage (JournalScan#deliverIntact).
        scan.deliverIntact(true);
    }

    /**
     * Opens the journal of {@code dataDir}; an absent journal reads as empty.
     *
     * @throws JournalCorruptException if a roll file the metadata lists is empty or missing
     *                                 ({@link JournalFiles#lostRollFile})
     * @throws DataDirException if the journal has roll files but no {@code metadata.cq4t}: read as empty, such a
     *                           journal (a partial copy or restore) was verified as clean at seq 0 and salvaged into an
     *                           empty one (found in review); or roll files beside a {@code metadata.cq4t} never
     *                           written in full (which alone reads as a journal never written)
     */
    public static JournalReader open(final Path dataDir) {
        final Path queueDir = JournalFiles.queueDir(dataDir);
        final boolean neverWritten;
        try {
            neverWritten = JournalFiles.metadataNeverWritten(queueDir);
        } catch (final java.io.IOException e) {
            throw new DataDirException("cannot read " + queueDir.resolve("metadata.cq4t") + ": " + e, e);
        }
        // The directory listed once: every case below asks it.
        final boolean rollFiles = JournalFiles.hasRollFiles(dataDir);
        if (neverWritten && rollFiles) {
            throw new DataDirException("journal in " + queueDir + " has roll files (*.cq4) but its metadata.cq4t holds "
                + "only zeros (a crash while it was being made?): open a copy of the data directory with the server "
                + "once (it moves the empty table aside and writes a new one from the roll files), then run this again");
        }
        final boolean exists = Files.isDirectory(queueDir) && Files.exists(queueDir.resolve("metadata.cq4t"))
            && !neverWritten;
        if (!exists && rollFiles) {
            throw new DataDirException("journal in " + queueDir + " has roll files (*.cq4) but no metadata.cq4t "
                + "(a partial copy or restore?): copy metadata.cq4t back from where the roll files came from, or open "
                + "a copy of the data directory with the server once (it writes a new one), then run this again");
        }
        if (!exists) {
            return new JournalReader(dataDir, null);
        }
        if (!rollFiles && sizeOf(queueDir.resolve("metadata.cq4t")) == 0) {
            // Made and killed before anything was in it: Chronicle's read-only open falls back with a stack trace.
            return new JournalReader(dataDir, null);
        }
        final SingleChronicleQueue queue;
        try {
            queue = JournalFiles.openForReading(dataDir);
        } catch (final RuntimeException e) {
            if (!rollFiles) {
                // A table a crash left with its header but not all its keys, and no roll file: no record anywhere.
                return new JournalReader(dataDir, null);
            }
            throw new DataDirException("journal in " + queueDir + ": metadata.cq4t cannot be read (" + e.getMessage()
                + "): open a copy of the data directory with the server once (it makes a new one from the roll "
                + "files), then run this again", e);
        }
        final String lost = JournalFiles.lostRollFile(queue, queueDir);
        if (lost != null) {
            queue.close();
            throw lostRollFile(lost);
        }
        return new JournalReader(dataDir, queue);
    }

    private static long sizeOf(final Path file) {
        try {
            return Files.size(file);
        } catch (final java.io.IOException e) {
            throw new DataDirException("cannot read " + file + ": " + e, e);
        }
    }

    /** {@link JournalFiles#lostRollFile}'s finding as the fault every reader and the writer refuse with. */
    static JournalCorruptException lostRollFile(final String detail) {
        return new JournalCorruptException(JournalCorruptException.Kind.UNREADABLE_BEYOND, ScanResult.NO_INDEX,
            JournalCorruptException.SEQ_UNKNOWN, detail.contains(JournalFiles.CUT_SHORT) ? detail : detail
            + " (if it is lost, so are the records it held: in a copy of "
            + "the data directory without it and without metadata.cq4t, the server writes a new metadata table; then "
            + "`ordo journal salvage` copies what a reader reaches)");
    }

    /** Delivers every record. See {@link #replay(long, RecordHandler)}. */
    public ScanResult replay(final RecordHandler handler) {
        return replay(0, handler);
    }

    /**
     * Delivers every record with seq &gt; {@code afterSeq}, in order. Records up to
     * {@code afterSeq} are read and verified but not delivered; the result's
     * {@code startSeq}/{@code startChain} say where delivery resumed, to compare with the snapshot
     * that covers {@code afterSeq}.
     *
     * @throws JournalCorruptException at the first record that cannot be trusted, or when the journal holds
     *                                 documents beyond the last one read ({@code UNREADABLE_BEYOND}); records before
     *                                 it have been delivered, so the caller must stop
     */
    public ScanResult replay(final long afterSeq, final RecordHandler handler) {
        return replay(afterSeq, handler, null);
    }

    /** As {@link #replay(long, RecordHandler)}, telling {@code markers} of each marker among the records. */
    public ScanResult replay(final long afterSeq, final RecordHandler handler, final MarkerHandler markers) {
        if (queue == null) {
            return empty();
        }
        final long chronicleLast = lastIndexBeforeScan();
        final ScanResult result = scan.scan(queue, afterSeq, handler, markers);
        // What Chronicle holds beyond where the scan stopped (a roll file cut short: its tailer takes the fault for
        // the end) is a fault here too, as verify has it: dump and replay ended there without a word (found in QA).
        final JournalCorruptException beyond = documentsBeyond(result, chronicleLast);
        if (beyond != null) {
            scan.deliverIntactBefore(afterSeq, handler);
            throw beyond;
        }
        return result;
    }

    /** Checks the whole journal without delivering anything; never throws for corruption. */
    public VerifyReport verify() {
        if (queue == null) {
            return new VerifyReport(0, 0, JournalRecord.GENESIS_CHAIN, false, JournalRecord.Defect.NONE, null);
        }
        try {
            final long chronicleLast = lastIndexBeforeScan();
            final ScanResult result = scan.scan(queue, Long.MAX_VALUE, null);
            // Documents no reader reaches are a fault too, not a clean journal (verify once passed a cut roll file).
            final JournalCorruptException beyond = documentsBeyond(result, chronicleLast);
            if (beyond != null) {
                scan.deliverIntactBefore(Long.MAX_VALUE, null);
                return new VerifyReport(scan.records(), scan.lastSeq(), scan.lastChain(), false,
                    JournalRecord.Defect.NONE, beyond);
            }
            return new VerifyReport(result.records(), result.lastSeq(), result.lastChain(), result.hasTornTail(),
                result.tornDefect(), null);
        } catch (JournalCorruptException e) {
            return new VerifyReport(scan.records(), scan.lastSeq(), scan.lastChain(), false, JournalRecord.Defect.NONE, e);
        }
    }

    /**
     * Chronicle's last index, to read before a scan that is then checked with {@link #documentsBeyond}: documents a
     * live writer appends during the scan are read by it, not taken for documents beyond it. -1 without a journal.
     */
    long lastIndexBeforeScan() {
        try {
            return queue == null ? -1 : queue.lastIndex();
        } catch (final RuntimeException | InternalError e) {
            throw JournalScan.unreadableFileOr(ScanResult.NO_INDEX, 0, e);
        }
    }

    /** Documents no reader reaches after what {@code result} read ({@link Journal#documentsBeyond}), or null. */
    JournalCorruptException documentsBeyond(final ScanResult result, final long chronicleLast) {
        try {
            return queue == null ? null : Journal.documentsBeyond(queue, chronicleLast,
                result.hasTornTail() ? result.tornLastIndex() : result.lastIndex(), result.lastSeq());
        } catch (final RuntimeException | InternalError e) {
            final RuntimeException fault = JournalScan.unreadableFileOr(result.lastIndex(), result.lastSeq(), e);
            if (fault != e && fault instanceof JournalCorruptException mapped) {
                return mapped;
            }
            throw fault;
        }
    }

    /**
     * After a replay or verify that read to the journal's end: what its torn tail is ({@link ScanResult#tornTailNote}),
     * or null when it has none.
     */
    public String tornTailNote() {
        final ScanResult result = scan.result();
        return result.hasTornTail() ? result.tornTailNote() : null;
    }

    /**
     * Chronicle index of the record being delivered; call from inside
     * {@link RecordHandler#onRecord} to name the record in an error message.
     */
    public long currentIndex() {
        return scan.currentIndex();
    }

    /**
     * The rules version the record being delivered was written under (call from inside
     * {@link RecordHandler#onRecord}): the last {@link RulesMarker} before it, {@link RulesMarker#UNRECORDED} if none.
     * A replay that would apply it under other rules than these must stop there, as it would not rebuild what was
     * acknowledged.
     */
    public int rulesInEffect() {
        return scan.rules();
    }

    public Path dataDir() {
        return dataDir;
    }

    private static ScanResult empty() {
        return new ScanResult(0, JournalRecord.GENESIS_CHAIN, ScanResult.NO_INDEX, 0, 0,
            0, JournalRecord.GENESIS_CHAIN, ScanResult.NO_INDEX, ScanResult.NO_INDEX, 0, JournalRecord.Defect.NONE);
    }

    @Override
    public void close() {
        if (queue != null) {
            queue.close();
        }
    }
}
