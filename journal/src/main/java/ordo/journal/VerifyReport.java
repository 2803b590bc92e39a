package ordo.journal;

/**
 * Outcome of {@link JournalReader#verify()}: how far the journal checked out and, if it did not,
 * the first document that cannot be trusted.
 *
 * @param recordsVerified good records before the fault (all of them when {@link #ok()})
 * @param lastSeq         seq of the last good record before the fault
 * @param lastChain       chain after that record
 * @param tornTail        the journal ends in a defective run not yet retired (repaired by the
 *                        next {@link Journal#open}); not a fault
 * @param tornDefect      why the tail's first document was rejected; an auditor may want to look
 *                        twice at {@link JournalRecord.Defect#CHAIN_MISMATCH}, which is what an
 *                        edited last record looks like too
 * @param fault           the first fault, or null
 */
public record VerifyReport(long recordsVerified, long lastSeq, long lastChain, boolean tornTail,
                           JournalRecord.Defect tornDefect, JournalCorruptException fault) {
    public boolean ok() {
        return fault == null;
    }

    /** Chronicle index of the first untrustworthy document, or {@link ScanResult#NO_INDEX} when ok. */
    public long faultIndex() {
        return fault == null ? ScanResult.NO_INDEX : fault.index();
    }

    /** Seq of the first untrustworthy record (see {@link JournalCorruptException#seq()}), or -1 when ok. */
    public long faultSeq() {
        return fault == null ? JournalCorruptException.SEQ_UNKNOWN : fault.seq();
    }
}
