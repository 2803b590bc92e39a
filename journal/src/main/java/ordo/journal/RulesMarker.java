package ordo.journal;

import org.agrona.MutableDirectBuffer;

/**
 * Payload of a {@link JournalRecord#TYPE_RULES} record: the version of the business rules that the records after it
 * were written under, until the next rules marker. Little-endian:
 *
 * <pre>
 *   0              4
 *   +--------------+
 *   | version i32  |
 *   +--------------+
 * </pre>
 *
 * <p>Why: a journal replays to the state it acknowledged only under rules that decide as the ones that wrote it did,
 * and a build may change a rule. The writer records the rules of the build that opens it ({@link Journal#recordRules})
 * whenever they differ from the ones in effect at the journal's end, so every record has a known rules version, and
 * a reader ({@link JournalReader#rulesInEffect}) can refuse to replay records under rules they were not written
 * under. The version is the caller's number (the engine's); the journal only keeps it.
 *
 * <p>Records before the first marker (journals written before builds recorded their rules) are
 * {@link #UNRECORDED}.
 */
public final class RulesMarker {
    /** The rules in effect before a journal's first rules marker: not recorded. */
    public static final int UNRECORDED = 0;
    static final int VERSION_OFFSET = 0;
    public static final int LENGTH = 4;

    private RulesMarker() {
    }

    static void write(final MutableDirectBuffer dst, final int version) {
        dst.putInt(VERSION_OFFSET, version, JournalRecord.ORDER);
    }

    /** The version a decoded rules marker records, or {@link #UNRECORDED} when its payload is not one. */
    static int version(final JournalRecord marker) {
        if (marker.type() != JournalRecord.TYPE_RULES || marker.payloadLength() != LENGTH) {
            return UNRECORDED;
        }
        return marker.buffer().getInt(marker.payloadOffset() + VERSION_OFFSET, JournalRecord.ORDER);
    }
}
