package ordo.journal;

/**
 * Receives the journal's markers during a replay, in the order they were written among the records (an auditor's
 * view: {@code ordo journal dump --markers}). Neither is a command; each is checked as a record is (its CRC, and the
 * discard marker's links), and each says where it stands by the seq of the last record before it.
 */
public interface MarkerHandler {
    /** A rules marker at Chronicle index {@code index}: the records after seq {@code afterSeq} are under {@code version}. */
    default void onRules(final long index, final long afterSeq, final int version) {
    }

    /**
     * A discard marker at {@code index}: the {@code documents} batch documents from {@code firstIndex} to
     * {@code lastIndex}, which failed their check (cut by a crash of the machine, or damaged), were retired at a start,
     * and the journal goes on after seq {@code afterSeq}.
     */
    default void onDiscard(final long index, final long afterSeq, final long firstIndex, final long lastIndex,
                           final int documents) {
    }
}
