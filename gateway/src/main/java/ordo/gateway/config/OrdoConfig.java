package ordo.gateway.config;

import ordo.journal.Durability;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ordo.gateway.auth.ApiKey;
import ordo.gateway.payments.PaymentsConfig;

/**
 * The whole of Ordo's configuration: immutable, validated on construction, every field with a default
 * (see {@code docs/ordo.example.yaml}, which documents each key). Built once at start-up by
 * {@link #load(Path)}; command-line flags override the file through the {@code with*} methods.
 *
 * @param http          HTTP server settings (section {@code http})
 * @param data          directory of the journal and snapshots. Default "./data"
 * @param durability    when a command counts as durable. Default {@link Durability#PROCESS}
 * @param snapshot      snapshot cadence and retention (section {@code snapshot})
 * @param waitStrategy  how pipeline threads wait for work. Default {@link WaitStrategyKind#BLOCKING}
 * @param stages        which threads run the pipeline's stages. Default {@link StagesKind#PARALLEL}
 * @param ringSize      slots in the command ring; a power of two. Default 8192
 * @param preallocateHolds objects for this many holds are made at start-up (see docs/ordo.example.yaml). Default 0
 * @param preallocateOrders direct memory for the records this many orders keep off the heap (decisions, timelines,
 *                      lines, allocations, texts) is taken at start-up, their Order objects and customer-ledger
 *                      entries made, and room made for them in the order book's indexes and the fraud screen's
 *                      velocity windows (see docs/ordo.example.yaml: ~750 heap bytes an order). Default 0
 * @param apiKeys       the keys clients authenticate with. Default none (only public routes answer)
 * @param payments      payment providers and their webhooks (section {@code payments}). Default: offline only
 */
public record OrdoConfig(HttpConfig http, String data, Durability durability, SnapshotConfig snapshot,
                         WaitStrategyKind waitStrategy, StagesKind stages,
                         int ringSize, int preallocateHolds, int preallocateOrders, List<ApiKey> apiKeys,
                         PaymentsConfig payments) {

    public static final String DEFAULT_DATA = "./data";
    public static final Durability DEFAULT_DURABILITY = Durability.PROCESS;
    public static final WaitStrategyKind DEFAULT_WAIT_STRATEGY = WaitStrategyKind.BLOCKING;
    public static final StagesKind DEFAULT_STAGES = StagesKind.PARALLEL;
    public static final int DEFAULT_RING_SIZE = 8192;
    /** Upper bound on ring slots: 16 Mi slots is already far beyond any useful queueing delay. */
    public static final int MAX_RING_SIZE = 1 << 24;
    /** Upper bound on preallocated holds: ~30 GB of objects per engine there, a typo rather than a plan beyond. */
    public static final int MAX_PREALLOCATE_HOLDS = 100_000_000;
    /** Upper bound on preallocated orders: ~110 GB of direct memory per engine there. */
    public static final int MAX_PREALLOCATE_ORDERS = 100_000_000;

    public OrdoConfig {
        if (http == null) {
            throw new IllegalArgumentException("http settings are required");
        }
        Check.notBlank("data", data);
        if (durability == null) {
            throw new IllegalArgumentException("durability is required");
        }
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot settings are required");
        }
        if (waitStrategy == null) {
            throw new IllegalArgumentException("waitStrategy is required");
        }
        if (stages == null) {
            throw new IllegalArgumentException("stages is required");
        }
        if (ringSize < 2 || ringSize > MAX_RING_SIZE || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException(
                    "ringSize must be a power of two between 2 and " + MAX_RING_SIZE + ", got " + ringSize);
        }
        Check.range("preallocateHolds", preallocateHolds, 0, MAX_PREALLOCATE_HOLDS);
        Check.range("preallocateOrders", preallocateOrders, 0, MAX_PREALLOCATE_ORDERS);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        requireDistinct(apiKeys);
        if (payments == null) {
            throw new IllegalArgumentException("payments settings are required");
        }
    }

    /** Every setting at its default. */
    public static OrdoConfig defaults() {
        return new OrdoConfig(HttpConfig.defaults(), DEFAULT_DATA, DEFAULT_DURABILITY, SnapshotConfig.defaults(),
                DEFAULT_WAIT_STRATEGY, DEFAULT_STAGES, DEFAULT_RING_SIZE, 0, 0, List.of(), PaymentsConfig.defaults());
    }

    /**
     * Reads a YAML configuration file; keys it leaves out take their defaults.
     *
     * @param yamlOrNull the file, or null for {@link #defaults()}
     * @throws IllegalArgumentException when the file is missing, is not valid YAML, has a key Ordo does not
     *                                  know (the message names it) or a value out of range
     * @throws java.io.UncheckedIOException when the file exists but cannot be read
     */
    public static OrdoConfig load(Path yamlOrNull) {
        return yamlOrNull == null ? defaults() : ConfigLoader.load(yamlOrNull);
    }

    /** Parses configuration from YAML text; {@code sourceName} prefixes error messages. */
    public static OrdoConfig parse(String yaml, String sourceName) {
        return ConfigLoader.parse(yaml, sourceName);
    }

    public OrdoConfig withHttp(HttpConfig value) {
        return new OrdoConfig(value, data, durability, snapshot, waitStrategy, stages,
                ringSize, preallocateHolds, preallocateOrders, apiKeys, payments);
    }

    /** {@code --port}: the HTTP port (0 picks a free one). */
    public OrdoConfig withPort(int port) {
        return withHttp(http.withPort(port));
    }

    /** {@code --bind}: the address to listen on. */
    public OrdoConfig withBind(String bind) {
        return withHttp(http.withBind(bind));
    }

    /** {@code --data}: the journal and snapshot directory. */
    public OrdoConfig withData(String value) {
        return new OrdoConfig(http, value, durability, snapshot, waitStrategy, stages,
                ringSize, preallocateHolds, preallocateOrders, apiKeys, payments);
    }

    public OrdoConfig withDurability(Durability value) {
        return new OrdoConfig(http, data, value, snapshot, waitStrategy, stages,
                ringSize, preallocateHolds, preallocateOrders, apiKeys, payments);
    }

    public OrdoConfig withSnapshot(SnapshotConfig value) {
        return new OrdoConfig(http, data, durability, value, waitStrategy, stages,
                ringSize, preallocateHolds, preallocateOrders, apiKeys, payments);
    }

    public OrdoConfig withWaitStrategy(WaitStrategyKind value) {
        return new OrdoConfig(http, data, durability, snapshot, value, stages,
                ringSize, preallocateHolds, preallocateOrders, apiKeys, payments);
    }

    public OrdoConfig withStages(StagesKind value) {
        return new OrdoConfig(http, data, durability, snapshot, waitStrategy, value,
                ringSize, preallocateHolds, preallocateOrders, apiKeys, payments);
    }

    public OrdoConfig withRingSize(int value) {
        return new OrdoConfig(http, data, durability, snapshot, waitStrategy, stages,
                value, preallocateHolds, preallocateOrders, apiKeys, payments);
    }

    public OrdoConfig withPreallocateHolds(int value) {
        return new OrdoConfig(http, data, durability, snapshot, waitStrategy, stages,
                ringSize, value, preallocateOrders, apiKeys, payments);
    }

    public OrdoConfig withPreallocateOrders(int value) {
        return new OrdoConfig(http, data, durability, snapshot, waitStrategy, stages,
                ringSize, preallocateHolds, value, apiKeys, payments);
    }

    public OrdoConfig withApiKeys(List<ApiKey> value) {
        return new OrdoConfig(http, data, durability, snapshot, waitStrategy, stages,
                ringSize, preallocateHolds, preallocateOrders, value, payments);
    }

    public OrdoConfig withPayments(PaymentsConfig value) {
        return new OrdoConfig(http, data, durability, snapshot, waitStrategy, stages,
                ringSize, preallocateHolds, preallocateOrders, apiKeys, value);
    }

    /** The data directory as a path. */
    public Path dataDir() {
        return Path.of(data);
    }

    private static void requireDistinct(List<ApiKey> keys) {
        Set<String> names = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (ApiKey key : keys) {
            if (!names.add(key.name())) {
                throw new IllegalArgumentException("apiKeys: the name '" + key.name() + "' is used twice");
            }
            if (!secrets.add(key.key())) {
                throw new IllegalArgumentException("apiKeys: '" + key.name() + "' reuses the key of another entry");
            }
        }
    }
}
