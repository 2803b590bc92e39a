package ordo.journal;

import ordo.engine.SnapshotBytes;

/**
 * A verified snapshot as read from disk: the engine state after applying every record up to and
 * including {@code seq}. {@code body} is the engine's own encoding ({@code EngineSnapshot}), in blocks of
 * any total length; it belongs to the caller and is compared by reference, as in any record.
 *
 * @param journalChain the journal's chain after record {@code seq}; a replay that resumes after
 *                     {@code seq} must find the same value there ({@link ScanResult#startChain()})
 * @param stateHash    the engine's {@code stateHash()} when the snapshot was taken, to compare
 *                     after restoring
 */
public record Snapshot(long seq, long timeMillis, long stateHash, long journalChain, SnapshotBytes body) {
}
