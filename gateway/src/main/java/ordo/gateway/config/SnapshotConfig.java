package ordo.gateway.config;

/**
 * When the journal writes a state snapshot (whichever comes first) and how many it keeps
 * (configuration section {@code snapshot}).
 *
 * @param everyCommands snapshot after this many commands since the last one (default 5,000,000: a restart replays at
 *                      most that many, ~4 s at the ~1.2 M commands/s measured; at a flash sale's ~140 k commands/s
 *                      a snapshot every ~36 s rather than every 7 s, each serialising the whole state)
 * @param everySeconds  snapshot after this many seconds since the last one (default 300)
 * @param keep          snapshots kept on disk, newest first; older ones are deleted (default 3)
 * @param mode          which thread serialises the periodic snapshots (default {@link SnapshotMode#SHADOW}); the
 *                      shutdown snapshot is always the engine's own, taken once the ring has drained
 */
public record SnapshotConfig(long everyCommands, int everySeconds, int keep, SnapshotMode mode) {

    public static final long DEFAULT_EVERY_COMMANDS = 5_000_000L;
    public static final int DEFAULT_EVERY_SECONDS = 300;
    public static final int DEFAULT_KEEP = 3;

    public SnapshotConfig {
        Check.range("snapshot.everyCommands", everyCommands, 1, Long.MAX_VALUE);
        Check.range("snapshot.everySeconds", everySeconds, 1, 7 * 24 * 3600);
        Check.range("snapshot.keep", keep, 1, 1000);
        if (mode == null) {
            throw new IllegalArgumentException("snapshot.mode is required");
        }
    }

    public static SnapshotConfig defaults() {
        return new SnapshotConfig(DEFAULT_EVERY_COMMANDS, DEFAULT_EVERY_SECONDS, DEFAULT_KEEP, SnapshotMode.SHADOW);
    }
}
