package ordo.journal;

/**
 * What an audit compares of a snapshot, without its body: the file was verified whole (header, every body byte
 * through the CRC), and only the header's values and the body's first bytes are kept. A replay that compares every
 * kept snapshot holds these instead of the bodies, which at a million orders are each a gigabyte or more.
 *
 * @param bodyHead the body's first bytes (fewer when the body is shorter): enough for the engine to name the
 *                 snapshot's format ({@code EngineSnapshot.formatOf})
 */
public record SnapshotHead(long seq, long timeMillis, long stateHash, long journalChain, byte[] bodyHead) {
}
