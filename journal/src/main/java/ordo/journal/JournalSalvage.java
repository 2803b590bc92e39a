package ordo.journal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies the records a reader can reach in a damaged journal into a new data directory, where a server can start:
 * the way out when a journal refuses to open ({@code UNREADABLE_BEYOND}, or damage before its tail) and its files
 * cannot be restored. Every record is checked as it is read (CRC, chain, sequence) and appended to the new journal
 * with the same seq, time and payload, so its chain and every state hash up to the last record copied are the
 * original's, and under the same rules versions (each {@link RulesMarker} is copied where it was); whatever lies after the first record that cannot be read is left behind. Snapshots are not copied: a
 * server on the new directory replays from the start.
 */
public final class JournalSalvage {
    /** Records per group commit in the new journal. */
    private static final int BATCH = 1_000;

    /** What a salvage copied, and why it stopped early (null: it copied every record the journal has). */
    public record Report(long recordsCopied, long lastSeq, JournalCorruptException stoppedAt) {
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
        try (JournalReader reader = JournalReader.open(from);
             Journal journal = Journal.open(to, Durability.SYNC)) {
            try {
                final long chronicleLast = reader.lastIndexBeforeScan();
                final ScanResult scanned = reader.replay(0, (seq, time, type, payload, offset, length) -> {
                    copyRules(reader, journal);
                    journal.append(seq, time, type, payload, offset, length);
                    copied[1] = seq;
                    if (++copied[0] % BATCH == 0) {
                        journal.endOfBatch();
                    }
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
        return new Report(copied[0], copied[1], stoppedAt);
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
