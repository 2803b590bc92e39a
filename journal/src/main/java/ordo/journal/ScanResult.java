package ordo.journal;

/**
 * What a full scan of the journal found. Produced by {@link JournalScan}; immutable.
 *
 * @param lastSeq        seq of the last good record, 0 for an empty journal
 * @param lastChain      chain after the last good record ({@link JournalRecord#GENESIS_CHAIN} if none)
 * @param lastIndex      Chronicle index of the last good document (record or marker), or {@link #NO_INDEX}
 * @param records        good records read, markers excluded
 * @param markers        discard markers honoured
 * @param startSeq       seq of the last record at or before the scan's {@code afterSeq}: a replay
 *                       resumes after it. Equals {@code afterSeq} unless the journal ends earlier.
 * @param startChain     chain of that record; compare with the snapshot's journal chain
 * @param tornFirstIndex first document of a defective run at the very tail, or {@link #NO_INDEX}
 * @param tornLastIndex  last document of that run
 * @param tornCount      documents in that run, 0 if none
 * @param tornDefect     why the first of them was rejected
 */
public record ScanResult(long lastSeq, long lastChain, long lastIndex, long records, long markers,
                         long startSeq, long startChain,
                         long tornFirstIndex, long tornLastIndex, int tornCount, JournalRecord.Defect tornDefect) {
    /** Chronicle indexes are never negative. */
    public static final long NO_INDEX = -1;

    /**
     * What a torn tail is, for an auditor's note: the journal's last batch fails its check. Cut short by a crash of the
     * machine while it was written, it was not acknowledged in {@code sync} durability, and in {@code process}
     * durability it may have been (that mode promises nothing past a crash of the machine); or it was damaged after it
     * was written. No reader can tell which (found in QA: "never acknowledged" was said of a tampered record).
     */
    public String tornTailNote() {
        return "the journal ends in " + tornCount + " batch document(s) that fail their check (" + tornDefect
            + ", from Chronicle index 0x" + Long.toHexString(tornFirstIndex) + "): a write cut short by a crash of the "
            + "machine (never acknowledged in sync durability; in process durability it may have been) or damage "
            + "after it was written; its records are left out, and a server retires it when it next opens the journal";
    }

    /** True if the journal ends in defective documents not yet retired by a marker ({@link #tornTailNote}). */
    public boolean hasTornTail() {
        return tornCount > 0;
    }
}
