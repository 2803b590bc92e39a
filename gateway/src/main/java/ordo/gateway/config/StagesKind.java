package ordo.gateway.config;

import java.util.Locale;

/**
 * Which threads run the pipeline's three stages (the configuration key {@code stages}).
 */
public enum StagesKind {
    /**
     * The journaller and the engine each on a thread of their own, in parallel, and the replier on a third once
     * both are done with a command (as at LMAX). Default: the journal's writes and syncs overlap the engine's work.
     */
    PARALLEL,
    /**
     * One thread journals and applies each command of a batch, commits the batch's group, then sends its replies:
     * the same guarantee (a reply leaves only after its command is journaled and applied) with one thread to wake
     * instead of three. For machines with two cores or so, where the stages' wake-ups and the cache lines a slot
     * crosses between cores cost more than the overlap saves.
     */
    FUSED;

    /** The configuration name, e.g. {@code fused}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code name} in configuration, e.g. {@code fused}; IllegalArgumentException for another. */
    public static StagesKind fromConfigName(String name) {
        return Check.oneOf("stages", values(), StagesKind::configName, name);
    }
}
