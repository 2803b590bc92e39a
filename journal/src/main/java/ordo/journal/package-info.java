/**
 * The durable side of Ordo: the command journal, snapshots, replay and verification.
 *
 * <pre>
 *   dataDir/
 *     journal.lock      held by the one {@link ordo.journal.Journal} writer
 *     journal/          Chronicle Queue, one roll file per UTC day; one document per group commit,
 *                       holding that batch's records ({@link ordo.journal.JournalRecord}) back to back
 *     snapshots/        {@link ordo.journal.SnapshotStore}; files: {@code SnapshotFile}
 * </pre>
 *
 * <p>Who does what: the journaller thread owns {@link ordo.journal.Journal} (append, then
 * {@code endOfBatch()} per group commit, then ack). Recovery opens the journal (which repairs a
 * torn tail), loads {@link ordo.journal.SnapshotStore#latestValid()}, and replays the records after
 * the snapshot's seq through a {@link ordo.journal.JournalReader} into the engine's
 * {@link ordo.journal.RecordHandler}. All fault rules live in {@code JournalScan}.
 *
 * <p>This module depends on the engine, never the reverse; it knows nothing of record payloads.
 */
package ordo.journal;
