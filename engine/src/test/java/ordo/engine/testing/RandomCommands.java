package ordo.engine.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import ordo.engine.Codes;
import ordo.engine.Hashing;

/**
 * Random-but-valid-ish command streams over a small network, for property tests and replay/snapshot checks.
 *
 * <p>A stream is a list of {@link Op}s: intents that refer to things by small indexes ("release the 3rd
 * reservation issued so far", "jump to the expiry of some hold"). A {@link Runner} resolves each op against what has
 * happened so far into a concrete {@link Step} and applies it through an {@link EngineDriver}: see {@link OpRunner}. Keeping ops
 * abstract lets jqwik shrink a failing stream (drop ops, lower numbers) and still get a meaningful stream.
 *
 * <p>The mix: absolute counts and adjustments (including downward ones that push on-hand below what is held),
 * reserves against the network and against nodes with 1–3 lines (sometimes duplicate or unknown SKUs, zero,
 * negative or huge quantities, an unknown or inactive location, no lines, an invalid TTL), releases of live,
 * ended and unknown holds, ticks, clock moves (some landing exactly on, just before or just after an expiry, some
 * stamped behind engine time), per-customer-limit and sale-window SKUs, SKU limit redefinitions, locations
 * switched on and off, and idempotency keys reused with the same and with another request (a keyed SKU or
 * location definition keeps its first view, which a later redefinition changes).
 */
public final class RandomCommands
{
    public static final long T0 = EngineDriver.START_MILLIS;

    public static final List<String> LOCATIONS = List.of("wh-1", "wh-2", "store-1", "store-2");
    public static final List<String> CHANNELS = List.of("web", "app");
    public static final List<String> CUSTOMERS = List.of("c1", "c2", "c3");
    public static final String UNKNOWN_SKU = "NOPE";
    public static final String UNKNOWN_LOCATION = "nowhere";

    /** The SKUs of the network: limits and sale windows relative to {@link #T0}. */
    public record SkuSpec(String id, int perCustomerLimit, long saleStartsAt, long saleEndsAt)
    {
    }

    public static final List<SkuSpec> SKUS = List.of(
        new SkuSpec("A", 0, Long.MIN_VALUE, Long.MAX_VALUE),
        new SkuSpec("B", 0, Long.MIN_VALUE, Long.MAX_VALUE),
        new SkuSpec("LTD", 2, Long.MIN_VALUE, Long.MAX_VALUE),
        new SkuSpec("DROP", 3, T0 + 60_000, T0 + 3_600_000),
        new SkuSpec("OLD", 0, Long.MIN_VALUE, T0 + 120_000));

    static final long[] TTLS = {1_000, 5_000, 30_000, 60_000, 600_000};
    static final Long[] ADVANCES = {1L, 999L, 1_000L, 5_000L, 30_000L, 61_000L, 600_000L, 3_600_000L, -2_000L};

    private RandomCommands()
    {
    }

    /** The network every stream starts from, stamped at {@link #T0}: 4 locations (store-2 inactive), 5 SKUs, stock. */
    public static List<Step> network()
    {
        final List<Step> steps = new ArrayList<>();
        for (int i = 0; i < LOCATIONS.size(); i++)
        {
            steps.add(Step.plain(T0, location(i, i != 3)));
        }
        for (final SkuSpec sku : SKUS)
        {
            steps.add(Step.plain(T0, new Cmd.DefineSku(sku.id(), sku.perCustomerLimit(), sku.saleStartsAt(),
                sku.saleEndsAt())));
        }
        for (int s = 0; s < SKUS.size(); s++)
        {
            for (int l = 0; l < LOCATIONS.size(); l++)
            {
                if ((s + l) % 4 != 3) // leave some cells undefined: a node without the SKU at all
                {
                    steps.add(Step.plain(T0, new Cmd.SetInventory(SKUS.get(s).id(), LOCATIONS.get(l), 2 + (s + 2 * l) % 5,
                        l == 1 ? 1 : 0)));
                }
            }
        }
        return steps;
    }

    static Cmd.DefineLocation location(final int index, final boolean active)
    {
        return new Cmd.DefineLocation(LOCATIONS.get(index), index < 2 ? Codes.LocationType.WAREHOUSE :
            Codes.LocationType.STORE, 1_300_000 + index * 10_000, 103_800_000 + index * 10_000,
            Codes.CAP_ALL, active);
    }

    // ---------------------------------------------------------------- ops

    public sealed interface Op
    {
    }

    /** sku or location index equal to the list size means an unknown id. */
    public record SetStock(int sku, int location, int onHand, int safetyStock) implements Op
    {
    }

    public record Adjust(int sku, int location, int delta, int reason) implements Op
    {
    }

    public record LineOp(int sku, int qty)
    {
    }

    /** location -1 = network hold; ttl index into the TTL table, -1 = an invalid TTL. */
    public record Reserve(int channel, int customer, int location, int ttl, List<LineOp> lines) implements Op
    {
    }

    /** Picks one of the reservation ids issued so far, or (one pick in n+1) an id never issued. */
    public record Release(int pick) implements Op
    {
    }

    public record Tick() implements Op
    {
    }

    /** Moves the clock only; the next command is stamped with the new time. Negative = stamped behind. */
    public record Advance(long millis) implements Op
    {
    }

    /** Moves the clock to (a pending hold's expiry + offset), offset in -1..1. */
    public record JumpToExpiry(int pick, int offset) implements Op
    {
    }

    public record RedefineSku(int sku, int perCustomerLimit) implements Op
    {
    }

    public record SetActive(int location, boolean active) implements Op
    {
    }

    /** The inner command with idempotency key {@code 0x1000 + key}; its fingerprint is a hash of the command. */
    public record Keyed(int key, Op inner) implements Op
    {
    }

    /** Sends one of the earlier keyed commands again, same key, same fingerprint, same body. */
    public record Retry(int pick) implements Op
    {
    }

    // ---------------------------------------------------------------- generation

    public static Arbitrary<List<Op>> streams(final int minSize, final int maxSize)
    {
        // Uniform sizes: jqwik's default size distribution favours short lists, and the interesting states (many
        // live holds, expiries, reused keys, stock below commitments) need long streams.
        return op().list().ofMinSize(minSize).ofMaxSize(maxSize).withSizeDistribution(RandomDistribution.uniform());
    }

    /**
     * The same mix from a seeded {@link java.util.Random}, for tests outside jqwik's lifecycle (jqwik generators refuse
     * to run off a jqwik thread). Sequential: the first n ops of a seed do not depend on {@code size}.
     */
    public static List<Op> generate(final long seed, final int size)
    {
        return SeededOps.generate(seed, size);
    }

    @SuppressWarnings("unchecked")
    public static Arbitrary<Op> op()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(30, reserve()),
            Tuple.of(10, release()),
            Tuple.of(12, advance()),
            Tuple.of(6, jumpToExpiry()),
            Tuple.of(3, Arbitraries.just(new Tick())),
            Tuple.of(6, setStock()),
            Tuple.of(10, adjust()),
            Tuple.of(2, redefineSku()),
            Tuple.of(2, setActive()),
            Tuple.of(8, keyed()),
            Tuple.of(4, Arbitraries.integers().between(0, 50).map(Retry::new)));
    }

    private static Arbitrary<Integer> skuIndex()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(30, Arbitraries.integers().between(0, SKUS.size() - 1)),
            Tuple.of(1, Arbitraries.just(SKUS.size())));
    }

    private static Arbitrary<Integer> locationIndex()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(30, Arbitraries.integers().between(0, LOCATIONS.size() - 1)),
            Tuple.of(1, Arbitraries.just(LOCATIONS.size())));
    }

    private static Arbitrary<Op> setStock()
    {
        return Combinators.combine(skuIndex(), locationIndex(), Arbitraries.integers().between(0, 12),
            Arbitraries.integers().between(0, 2)).as(SetStock::new);
    }

    private static Arbitrary<Op> adjust()
    {
        return Combinators.combine(skuIndex(), locationIndex(), Arbitraries.integers().between(-6, 8),
            Arbitraries.integers().between(0, 3)).as(Adjust::new);
    }

    private static Arbitrary<Op> reserve()
    {
        final Arbitrary<Integer> qty = Arbitraries.frequencyOf(
            Tuple.of(18, Arbitraries.integers().between(1, 3)),
            Tuple.of(2, Arbitraries.integers().between(4, 6)),
            Tuple.of(1, Arbitraries.of(0, -1, 2_000_000)));
        final Arbitrary<LineOp> line = Combinators.combine(skuIndex(), qty).as(LineOp::new);
        final Arbitrary<List<LineOp>> lines = Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(List.of())),
            Tuple.of(40, line.list().ofMinSize(1).ofMaxSize(3)));
        final Arbitrary<Integer> location = Arbitraries.frequencyOf(
            Tuple.of(11, Arbitraries.just(-1)),
            Tuple.of(8, Arbitraries.integers().between(0, LOCATIONS.size() - 1)),
            Tuple.of(1, Arbitraries.just(LOCATIONS.size())));
        final Arbitrary<Integer> ttl = Arbitraries.frequencyOf(
            Tuple.of(30, Arbitraries.integers().between(0, TTLS.length - 1)),
            Tuple.of(1, Arbitraries.just(-1)));
        return Combinators.combine(Arbitraries.integers().between(0, CHANNELS.size() - 1),
            Arbitraries.integers().between(0, CUSTOMERS.size() - 1), location, ttl, lines).as(Reserve::new);
    }

    private static Arbitrary<Op> release()
    {
        return Arbitraries.integers().between(0, 1000).map(Release::new);
    }

    private static Arbitrary<Op> advance()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(40, Arbitraries.of(ADVANCES).map(Advance::new)),
            Tuple.of(1, Arbitraries.just(new Advance(13L * 60 * 60 * 1000))));
    }

    private static Arbitrary<Op> jumpToExpiry()
    {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(-1, 1))
            .as(JumpToExpiry::new);
    }

    private static Arbitrary<Op> redefineSku()
    {
        return Combinators.combine(Arbitraries.integers().between(0, SKUS.size() - 1),
            Arbitraries.integers().between(0, 3)).as(RedefineSku::new);
    }

    private static Arbitrary<Op> setActive()
    {
        return Combinators.combine(Arbitraries.integers().between(0, LOCATIONS.size() - 1), Arbitraries.of(true, false))
            .as(SetActive::new);
    }

    private static Arbitrary<Op> keyed()
    {
        return Combinators.combine(Arbitraries.integers().between(1, 4),
            Arbitraries.oneOf(reserve(), release(), adjust(), setStock(), redefineSku(), setActive())).as(Keyed::new);
    }

    /** A request fingerprint as the gateway would make one: a hash of the request, here of the command value. */
    public static long fingerprint(final Cmd cmd)
    {
        return Hashing.hash(cmd.toString().getBytes(StandardCharsets.UTF_8));
    }
}
