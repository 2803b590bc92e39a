package ordo.journal;

import org.agrona.DirectBuffer;

/**
 * Receives journal records in seq order during a replay. The payload buffer is reused for the
 * next record: copy what must outlive the call. The journal's markers (discard, rules) are never
 * delivered; {@link JournalReader#rulesInEffect} names the rules a record was written under.
 */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(long seq, long timeMillis, int type, DirectBuffer payload, int offset, int length);
}
