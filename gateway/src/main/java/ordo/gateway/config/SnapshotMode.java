package ordo.gateway.config;

import java.util.Locale;

/**
 * Which thread serialises the periodic snapshots (the configuration key {@code snapshot.mode}).
 */
public enum SnapshotMode {
    /**
     * A second engine on a thread of its own replays the journal as it is written and is serialised there, so the
     * engine never pauses for a snapshot. Default. Costs a second copy of the state in memory and the replay's CPU.
     */
    SHADOW,
    /**
     * The engine thread serialises its own state at an exact point of the command stream: no second copy of the
     * state, but no command is applied meanwhile (about a second per million live holds).
     */
    INLINE;

    /** The configuration name, e.g. {@code shadow}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SnapshotMode fromConfigName(String name) {
        return Check.oneOf("snapshot.mode", values(), SnapshotMode::configName, name);
    }
}
