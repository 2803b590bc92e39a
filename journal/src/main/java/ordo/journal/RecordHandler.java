package ordo.journal;

import org.agrona.DirectBuffer;

/**
 * Receives journal records in seq order during a replay. The payload buffer is reused for the
 * next record: copy what must outlive the call. Discard markers are never delivered.
 */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(long seq, long timeMillis, int type, DirectBuffer payload, int offset, int length);
}
