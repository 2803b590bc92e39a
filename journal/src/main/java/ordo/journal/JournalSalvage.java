package ordo.journal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the records a reader can reach in a damaged journal into a new data directory, where a server can start:
 * the way out when a journal refuses to open ({@code UNREADABLE_BEYOND}, or damage before its tail) and its files
 * cannot be restored. Every record is checked as it is read (CRC, chain, sequence) and appended to the new journal
 * with the same seq, time and payload, so its chain and every state hash up to the last record copied are the
 * original's, and under the same rules versions (each {@link RulesMarker} is copied where it was); whatever lies
 * after the first record that cannot be read is left behind. The snapshots at or before the last record copied are
 * copied too (as files; a server checks each against the new journal's chain and its own state hash): a server on
 * the new directory seeds from the newest of them rather than replaying from the start, which no single build can do
 * across a change of rules.
 */
public final class JournalSalvage {
    private static final Logger LOG = LoggerFactory.getLogger(JournalSalvage.class);
    /** What a salvage copied, and why it stopped early (null: it copied every record the journal has). */
    public record Report(long recordsCopied, long lastSeq, int snapshotsCopied, int snapshotsSkipped,
                         JournalCorruptException stoppedAt) {
    }

    private JournalSalvage() {
    }

    /**
     * @throws IllegalArgumentException if {@code to} already holds a journal
     */
    public static Report copyReadable(final Path from, final Path to) {
        if (Files.exists(JournalFiles.queueDir(to))) {
            throw new IllegalArgumentException(to + " already holds a journal; salvage into a new directory");
        }
        // A roll file cut short is refused by the reader from its size (JournalFiles#shortRollFile), before it maps
        // anything, and read from a copy made full length instead; so is the journal a read in place faulted on (a
        // longer file cut inside a later chunk). The reader's own checks come first (a table of zeros: Review-195).
        Report direct;
        boolean cut = false;
        RuntimeException unexplained = null;
        try {
            direct = copyJournal(from, to);
        } catch (final JournalCorruptException e) {
            if (e.getMessage() == null || !e.getMessage().contains(JournalFiles.CUT_SHORT)) {
                throw e;
            }
            direct = new Report(0, 0, 0, 0, e);
            cut = true;
        } catch (final DataDirException | IllegalArgumentException e) {
            throw e; // the directory's own trouble (its metadata table, a journal in --to): the reader's words
        } catch (final RuntimeException | InternalError e) {
            // HotSpot raises a fault on a mapped page wherever the reader next is, and it has surfaced as another
            // error altogether (an ArrayIndexOutOfBoundsException in FileChannelImpl, in CI): where a roll file has a
            // size Chronicle never makes (so was cut), a salvage tries the padded copy, and gives this back only if
            // that fails too. Anywhere else it is an error of its own, given back as it is (Review-196).
            if (!JournalFiles.anyRollFileCut(from)) {
                throw e;
            }
            unexplained = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            deleteQuietly(JournalFiles.queueDir(to));
            final JournalCorruptException inPlace = new JournalCorruptException(
                JournalCorruptException.Kind.UNREADABLE_BEYOND, ScanResult.NO_INDEX, JournalCorruptException.SEQ_UNKNOWN,
                "reading the journal in place failed (" + e + "): a fault on a mapped page of a roll file cut short?");
            inPlace.initCause(e);
            direct = new Report(0, 0, 0, 0, inPlace);
            cut = true;
        }
        final Report report = cut || isMappedFault(direct.stoppedAt()) ? fromPaddedCopy(from, to, direct) : direct;
        if (unexplained != null && report == direct) {
            throw unexplained;
        }
        if (Files.exists(JournalFiles.queueDir(to))) {
            forceToDisk(JournalFiles.queueDir(to));
        }
        final int[] snapshots = copySnapshots(from, to, report.lastSeq());
        forceToDisk(to);
        return new Report(report.recordsCopied(), report.lastSeq(), snapshots[0], snapshots[1], report.stoppedAt());
    }

    /**
     * A roll file cut short (a partial copy) faults the reader on the first page it no longer has, and that may be one
     * Chronicle reads before any record (its index, written after the first records): the tools read nothing, and a
     * salvage copied 0 of hundreds of readable records and said to start on that (found in QA). So the journal files
     * are copied beside the new journal, each roll file made longer with zeros (what a reader finds where nothing was
     * written), and salvaged from there into a second new journal; if that reaches more records than reading the
     * damaged files did, it takes the first one's place. The damaged directory is only read, as always; the copies
     * are deleted after. A copy Chronicle cannot read either (a file cut inside its header) leaves the first result.
     */
    private static Report fromPaddedCopy(final Path from, final Path to, final Report direct) {
        final Path source = to.resolve(".salvage-source");
        final Path target = to.resolve(".salvage-target");
        try {
            PaddedJournalCopy.deleteTree(source);
            PaddedJournalCopy.deleteTree(target);
            PaddedJournalCopy.make(from, source);
            final Report padded;
            try {
                padded = copyJournal(source, target);
            } catch (final RuntimeException | AssertionError e) {
                // Chronicle cannot read the copy either (its header is cut: "Meta data not ready"); an
                // AssertionError only where Chronicle's own assertions are on (tests).
                LOG.warn("salvage: a copy of {} made full length cannot be read either: {}", from, e.toString());
                return direct;
            }
            if (padded.recordsCopied() <= direct.recordsCopied()) {
                return direct;
            }
            // The first result moved aside, not deleted, until the second is in its place: a failed move puts it back.
            final Path aside = to.resolve(".salvage-direct");
            PaddedJournalCopy.deleteTree(aside);
            if (Files.exists(JournalFiles.queueDir(to))) {
                Files.move(JournalFiles.queueDir(to), aside);
            }
            try {
                Files.move(JournalFiles.queueDir(target), JournalFiles.queueDir(to));
            } catch (final java.io.IOException e) {
                if (Files.exists(aside)) {
                    Files.move(aside, JournalFiles.queueDir(to));
                }
                throw e;
            }
            PaddedJournalCopy.deleteTree(aside);
            LOG.warn("salvage: {} could be read in place to {} records (a roll file cut short); a copy padded with "
                + "zeros gave {}", from, direct.recordsCopied(), padded.recordsCopied());
            // What the copy cannot show: records after the cut existed, and are lost with it.
            final JournalCorruptException cut = new JournalCorruptException(
                JournalCorruptException.Kind.UNREADABLE_BEYOND, ScanResult.NO_INDEX, padded.lastSeq() + 1,
                "a roll file is shorter than what it holds (cut short, or a partial copy?): the records up to seq "
                    + padded.lastSeq() + " were read from a copy made full length with zeros; whatever lay after "
                    + "the cut is lost" + (padded.stoppedAt() == null ? "" : " (" + padded.stoppedAt().getMessage()
                    + ")"));
            cut.addSuppressed(direct.stoppedAt());
            return new Report(padded.recordsCopied(), padded.lastSeq(), 0, 0, cut);
        } catch (final java.io.IOException e) {
            // No room for the copy (or no sparse files where --to is): what reading in place copied stands.
            LOG.warn("salvage: cannot copy the journal files of {} beside {} to read them padded: {}", from, to,
                e.toString());
            if (direct.stoppedAt() != null) {
                direct.stoppedAt().addSuppressed(e);
            }
            return direct;
        } finally {
            try {
                PaddedJournalCopy.deleteTree(source);
                PaddedJournalCopy.deleteTree(target);
            } catch (final java.io.IOException e) {
                LOG.warn("salvage: cannot delete {} and {}: {}", source, target, e.toString());
            }
        }
    }

    /** Whether a salvage stopped at a fault on a mapped page (the reader's SIGBUS: {@link JournalScan#unreadableFile}). */
    private static boolean isMappedFault(final JournalCorruptException stoppedAt) {
        return stoppedAt != null && JournalScan.mappedFault(stoppedAt.getCause()) != null;
    }

    private static void deleteQuietly(final Path dir) {
        try {
            PaddedJournalCopy.deleteTree(dir);
        } catch (final java.io.IOException e) {
            LOG.warn("salvage: cannot delete {}: {}", dir, e.toString());
        }
    }

    /** Copies the records of {@code from}'s journal a reader reaches into a new journal in {@code to}, checked. */
    private static Report copyJournal(final Path from, final Path to) {
        final long[] copied = new long[2];
        JournalCorruptException stoppedAt = null;
        long sourceChain = Long.MIN_VALUE;
        // Written as a server in `process` durability writes, then every file forced to disk once (below): an msync
        // per document of the original would make a large salvage take hours.
        try (JournalReader reader = JournalReader.open(from);
             Journal journal = Journal.open(to, Durability.PROCESS)) {
            try {
                final long chronicleLast = reader.lastIndexBeforeScan();
                final long[] document = {ScanResult.NO_INDEX};
                final ScanResult scanned = reader.replay(0, (seq, time, type, payload, offset, length) -> {
                    // The original's documents, one for one: a record's frame (FULL at a document's start, NEXT
                    // after) is under its CRC, and so in the chain; the same grouping gives the same chain, which
                    // the snapshots copied below recorded.
                    if (reader.currentIndex() != document[0]) {
                        journal.endOfBatch();
                        document[0] = reader.currentIndex();
                    }
                    copyRules(reader, journal);
                    journal.append(seq, time, type, payload, offset, length);
                    copied[1] = seq;
                    copied[0]++;
                });
                // What the reader reached is all it could: say so when the damaged journal has documents beyond it.
                stoppedAt = reader.documentsBeyond(scanned, chronicleLast);
                sourceChain = scanned.lastChain();
            } catch (JournalCorruptException e) {
                // The records before it were delivered, and copied: they stand on their own.
                stoppedAt = e;
            }
            journal.endOfBatch();
            // A rules marker after the last record copied (a server that started and took nothing) is kept too.
            copyRules(reader, journal);
            final VerifyReport report;
            try (JournalReader check = JournalReader.open(to)) {
                report = check.verify();
            }
            if (!report.ok() || report.lastSeq() != copied[1]) {
                throw new IllegalStateException("the salvaged journal in " + to + " does not verify: " + report);
            }
            // Paired check (when the whole journal was read): the same records in the same documents, the same chain.
            if (sourceChain != Long.MIN_VALUE && report.lastChain() != sourceChain) {
                throw new IllegalStateException("the salvaged journal in " + to + " ends with chain "
                    + Long.toHexString(report.lastChain()) + ", the original with " + Long.toHexString(sourceChain));
            }
        }
        return new Report(copied[0], copied[1], 0, 0, stoppedAt);
    }

    /** Forces every file of a directory, and the directory's own entries, to disk. */
    private static void forceToDisk(final Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (final Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            JournalFiles.forceDirectory(dir);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot force the salvaged files in " + dir + " to disk", e);
        }
    }

    /**
     * Copies the snapshots of {@code from} at or before {@code lastSeq} into {@code to}, through the store's own
     * durable write, each only if it reads back whole and the new journal's chain at its seq is the one it recorded
     * (a snapshot of a tail that a crash retired, say, belongs to another journal: a server would refuse it).
     *
     * @return how many were copied, and how many passed over (each logged)
     */
    private static int[] copySnapshots(final Path from, final Path to, final long lastSeq) {
        // Only read the damaged directory: no snapshots directory is made there.
        if (!Files.isDirectory(from.resolve("snapshots"))) {
            return new int[] {0, 0};
        }
        final int[] counts = new int[2];
        try {
            final SnapshotStore source = SnapshotStore.openReadOnly(from);
            final SnapshotStore target = SnapshotStore.open(to, Integer.MAX_VALUE);
            for (final SnapshotInfo info : source.list()) {
                if (info.seq() > lastSeq) {
                    continue;
                }
                final Snapshot snapshot;
                try {
                    snapshot = source.read(info);
                } catch (final java.io.IOException e) {
                    LOG.warn("salvage: snapshot {} not copied: {}", info.path().getFileName(), e.getMessage());
                    counts[1]++;
                    continue;
                }
                final ScanResult at;
                try (JournalReader reader = JournalReader.open(to)) {
                    at = reader.replay(snapshot.seq(), (seq, time, type, payload, offset, length) -> { });
                }
                if (at.startSeq() != snapshot.seq() || at.startChain() != snapshot.journalChain()) {
                    LOG.warn("salvage: snapshot at seq {} not copied: it records journal chain {}, the salvaged "
                        + "journal's chain there is {}", snapshot.seq(), Long.toHexString(snapshot.journalChain()),
                        Long.toHexString(at.startChain()));
                    counts[1]++;
                    continue;
                }
                target.write(snapshot.seq(), snapshot.timeMillis(), snapshot.stateHash(), snapshot.journalChain(),
                    snapshot.body());
                counts[0]++;
            }
            return counts;
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot copy the snapshots of " + from + " into " + to, e);
        }
    }

    /** Starts the rules the damaged journal's reader is in (if recorded) in the new journal, between batches. */
    private static void copyRules(final JournalReader reader, final Journal journal) {
        final int rules = reader.rulesInEffect();
        if (rules != RulesMarker.UNRECORDED && rules != journal.rulesVersion()) {
            journal.endOfBatch();
            journal.recordRules(rules);
        }
    }
}
