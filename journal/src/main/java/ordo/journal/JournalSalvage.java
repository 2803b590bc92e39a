package ordo.journal;

import java.nio.file.Files;
import java.nio.file.Path;

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
    /** What a salvage copied, and why it stopped early (null: it copied every record the journal has). */
    public record Report(long recordsCopied, long lastSeq, int snapshotsCopied, JournalCorruptException stoppedAt) {
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
        final long[] copied = new long[2];
        JournalCorruptException stoppedAt = null;
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
        }
        forceToDisk(JournalFiles.queueDir(to));
        return new Report(copied[0], copied[1], copySnapshots(from, to, copied[1]), stoppedAt);
    }

    /** Forces every file of the new journal to disk. */
    private static void forceToDisk(final Path queueDir) {
        try (java.util.stream.Stream<Path> files = Files.list(queueDir)) {
            for (final Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot force the salvaged journal in " + queueDir + " to disk", e);
        }
    }

    /** Copies the snapshot files of {@code from} at or before {@code lastSeq} into {@code to}; returns how many. */
    private static int copySnapshots(final Path from, final Path to, final long lastSeq) {
        // Only read the damaged directory: no snapshots directory is made there.
        if (!Files.isDirectory(from.resolve("snapshots"))) {
            return 0;
        }
        try {
            final Path target = SnapshotStore.open(to).dir();
            int count = 0;
            for (final SnapshotInfo info : SnapshotStore.open(from).list()) {
                if (info.seq() <= lastSeq) {
                    Files.copy(info.path(), target.resolve(info.path().getFileName()));
                    count++;
                }
            }
            return count;
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
