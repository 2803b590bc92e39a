package ordo.journal;

/**
 * When an appended record may be acknowledged. The journaller acks a batch after
 * {@link Journal#endOfBatch()} returns.
 */
public enum Durability {
    /**
     * Ack once the record is in the memory-mapped file. The kernel owns the page, so the record
     * survives a crash of this process (kill -9) but not loss of power or a kernel crash.
     */
    PROCESS,
    /**
     * Ack once the batch's region of the file has been msync'ed (MS_SYNC) to the device, once per
     * batch (group commit), so the record survives loss of power.
     */
    SYNC;

    /** The configuration name: {@code process} or {@code sync}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a configuration name; refuses anything else with a message naming the choices. */
    public static Durability fromConfigName(final String name) {
        for (final Durability value : values()) {
            if (value.configName().equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("durability must be 'process' or 'sync', got '" + name + "'");
    }
}
