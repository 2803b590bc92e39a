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

    /** True if the journal ends in defective, never-acknowledged documents not yet retired by a marker. */
    public boolean hasTornTail() {
        return tornCount > 0;
    }
}
