package ordo.engine.testing;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import ordo.engine.Codes;
import ordo.engine.FraudRules;
import ordo.engine.SourcingPolicy;

/**
 * Random small networks (2–8 nodes with random coordinates, capabilities, capacities, handling costs, stock and
 * safety stock; a marketplace channel with a random pool) and random streams of order, stock and reservation
 * commands over them (some under idempotency keys, some of those retried later), as jqwik arbitraries. Like {@link RandomCommands}, ops are intents by small indexes, resolved
 * against what has happened so far by an {@link OrderOpRunner}, so a failing stream shrinks to a meaningful one.
 *
 * <p>SKUs: A and B (no backorders), BO (backorders allowed), LTD (three per customer). Channels: web (no pool) and
 * market (pool). Nodes lie between Singapore and Kuala Lumpur; customers around Singapore, so SAME_DAY radii and
 * EXPRESS transit tables rule some nodes out and not others.
 *
 * <p>{@link #streams} is pinned by {@code RulesVersionPinTest}; {@link #wideStreams} adds kinds it does not make
 * (channels redefined with other pools, nodes with another daily capacity or switched off and on, fraud rules
 * changed, reviews, the clock moved to a midnight) without changing its streams.
 */
public final class RandomOrders
{
    public static final long T0 = EngineDriver.START_MILLIS;
    public static final List<String> SKUS = List.of("A", "B", "BO", "LTD");
    public static final int LTD_LIMIT = 3;
    public static final List<String> CHANNELS = List.of("web", "market");
    public static final List<String> CUSTOMERS = List.of("c1", "c2", "c3");
    public static final String UNKNOWN_SKU = "NOPE";

    /**
     * The default policy, a tight one (SAME_DAY within 20 km, EXPRESS up to 150 km, a dear split), and the tight one
     * with every order kept to two shipments.
     */
    public static final List<SourcingPolicy> POLICIES = List.of(SourcingPolicy.DEFAULT, tight().build(),
        tight().maxShipments(2).build());

    private static SourcingPolicy.Builder tight()
    {
        return new SourcingPolicy.Builder()
            .splitPenaltyMinor(2_000)
            .pickupReadyMinutes(60)
            .level(Codes.ServiceLevel.STANDARD, 2, 0, new long[] {50_000, SourcingPolicy.MAX_DISTANCE_METRES},
                new int[] {1440, 4320})
            .level(Codes.ServiceLevel.EXPRESS, 6, 0, new long[] {30_000, 150_000}, new int[] {240, 720})
            .level(Codes.ServiceLevel.SAME_DAY, 12, 20_000, new long[] {20_000}, new int[] {300});
    }

    /**
     * Fraud rule sets {@link SetFraudRules} switches between. These orders (offline, small, no IP, address or
     * fingerprint) never reach review under the defaults; under the second a customer's second order within an hour,
     * more than 6 units of a SKU or a new customer's fast order over 20.00 goes to review; under the third a
     * customer's second order within 30 minutes is rejected, more than 4 units go to review, and so does c3 (whose
     * email is blocked).
     */
    public static final List<FraudRules> FRAUD_RULES = List.of(
        FraudRules.DEFAULT,
        FraudRuleSets.quiet().velocity(0, 60, 1, 60).skuQuantity(6, 60).newCustomer(2_000, 60).build(),
        FraudRuleSets.quiet().thresholds(40, 100).velocity(0, 30, 1, 100).skuQuantity(4, 40)
            .blockEmail("c3@example.com").blockedPoints(40).build());

    static final long[] TTLS = {1_000, 60_000, 600_000, 3_600_000};
    static final Long[] ADVANCES = {1_000L, 60_000L, 600_000L, 3_600_000L, 6 * 3_600_000L, 25 * 3_600_000L};

    private RandomOrders()
    {
    }

    // ---------------------------------------------------------------- the network

    /** shipsTo: the countries it ships to, {@link #SHIPS_TO}{@code [shipsTo]} (the first: anywhere). */
    public record NodeSpec(Codes.LocationType type, int latMicro, int lonMicro, int capabilities, int dailyCapacity,
        long handlingMinor, boolean active, int shipsTo)
    {
        /** The countries it ships to (empty: anywhere). */
        public List<String> countries()
        {
            return SHIPS_TO.get(shipsTo);
        }
    }

    /** The lists of countries a node may ship to: anywhere, Singapore, Malaysia, both. */
    public static final List<List<String>> SHIPS_TO = List.of(List.of(), List.of("SG"), List.of("MY"),
        List.of("MY", "SG"));
    /** The countries orders ship to ({@link Place#country}): Singapore, Malaysia. */
    public static final List<String> COUNTRIES = List.of("SG", "MY");

    /** An index into {@link #SHIPS_TO}: anywhere five times in eight. */
    public static Arbitrary<Integer> shipsTo()
    {
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.integers().between(1, SHIPS_TO.size() - 1)));
    }

    /** Stock of SKU {@code sku} at node {@code node} (indexes). */
    public record CellSpec(int sku, int node, int onHand, int safetyStock)
    {
    }

    /** poolBps: market's share of every SKU; policy indexes {@link #POLICIES}. */
    /**
     * {@code marketSources}: the nodes the market channel takes stock from, a bit each (bit i: node i; none of the
     * network's: every location).
     */
    public record NetworkSpec(List<NodeSpec> nodes, List<CellSpec> cells, int poolBps, int policy, int marketSources)
    {
        public NetworkSpec(final List<NodeSpec> nodes, final List<CellSpec> cells, final int poolBps, final int policy)
        {
            this(nodes, cells, poolBps, policy, 0);
        }
    }

    public static Arbitrary<NetworkSpec> networks()
    {
        final Arbitrary<NodeSpec> node = Combinators.combine(
            Arbitraries.of(Codes.LocationType.values()),
            Arbitraries.integers().between(1_000_000, 3_300_000),
            Arbitraries.integers().between(101_600_000, 104_400_000),
            Arbitraries.integers().between(0, Codes.CAP_ALL),
            Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(2, Arbitraries.integers().between(1, 3))),
            Arbitraries.longs().between(0, 2_000),
            Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false))),
            shipsTo())
            .as(NodeSpec::new);
        // Full capability more often, so that orders mostly find somewhere to ship from.
        final Arbitrary<NodeSpec> likelyCapable = Arbitraries.frequencyOf(
            Tuple.of(1, node),
            Tuple.of(1, node.map(n -> new NodeSpec(n.type(), n.latMicro(), n.lonMicro(), Codes.CAP_ALL,
                n.dailyCapacity(), n.handlingMinor(), n.active(), n.shipsTo()))));
        return likelyCapable.list().ofMinSize(2).ofMaxSize(8).flatMap(nodes ->
        {
            final Arbitrary<CellSpec> cell = Combinators.combine(
                Arbitraries.integers().between(0, SKUS.size() - 1),
                Arbitraries.integers().between(0, nodes.size() - 1),
                Arbitraries.integers().between(0, 15),
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 3))))
                .as(CellSpec::new);
            return Combinators.combine(
                cell.list().ofMinSize(2).ofMaxSize(nodes.size() * SKUS.size()),
                Arbitraries.of(0, 2_500, 5_000, 7_500, 10_000, 3_333),
                Arbitraries.integers().between(0, POLICIES.size() - 1),
                Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)),
                    Tuple.of(1, Arbitraries.integers().between(1, (1 << nodes.size()) - 1))))
                .as((cells, pool, policy, sources) -> new NetworkSpec(nodes, cells, pool, policy, sources));
        });
    }

    // ---------------------------------------------------------------- ops

    public sealed interface Op
    {
    }

    /** sku index {@code SKUS.size()} = an unknown SKU. */
    public record LineOp(int sku, int qty)
    {
    }

    /**
     * reservation -1 = none, else a pick among the holds issued so far (ordered by the hold's customer and channel
     * when {@code asHolder}); externalId -1 = none, else one of four per channel (dedupe); pickup picks a node;
     * maxShipments 0 = none of its own; country: the ship-to's, {@link #COUNTRIES}{@code [country]}.
     */
    public record Place(int channel, int customer, int level, boolean pickup, int pickupNode, int latMicro,
        int lonMicro, List<LineOp> lines, boolean allowPartial, int reservation, boolean asHolder,
        boolean fallback, int externalId, int maxShipments, int country) implements Op
    {
        /** An order to Singapore. */
        public Place(final int channel, final int customer, final int level, final boolean pickup,
            final int pickupNode, final int latMicro, final int lonMicro, final List<LineOp> lines,
            final boolean allowPartial, final int reservation, final boolean asHolder, final boolean fallback,
            final int externalId, final int maxShipments)
        {
            this(channel, customer, level, pickup, pickupNode, latMicro, lonMicro, lines, allowPartial, reservation,
                asHolder, fallback, externalId, maxShipments, 0);
        }

        /** An order with no shipment limit of its own. */
        public Place(final int channel, final int customer, final int level, final boolean pickup,
            final int pickupNode, final int latMicro, final int lonMicro, final List<LineOp> lines,
            final boolean allowPartial, final int reservation, final boolean asHolder, final boolean fallback,
            final int externalId)
        {
            this(channel, customer, level, pickup, pickupNode, latMicro, lonMicro, lines, allowPartial, reservation,
                asHolder, fallback, externalId, 0);
        }
    }

    /** Picks one of the orders placed so far (a pick ending in 9: an unknown id); no lines = everything open. */
    public record Cancel(int pick, List<LineOp> lines) implements Op
    {
    }

    public record Adjust(int sku, int node, int delta, int reason) implements Op
    {
    }

    public record SetStock(int sku, int node, int onHand, int safetyStock) implements Op
    {
    }

    /** node -1 = a network hold. */
    public record Reserve(int channel, int customer, int node, int ttl, List<LineOp> lines) implements Op
    {
    }

    public record Release(int pick) implements Op
    {
    }

    public record SetPolicy(int policy) implements Op
    {
    }

    /** Moves the clock; the next command is stamped with the new time. */
    public record Advance(long millis) implements Op
    {
    }

    public record Tick() implements Op
    {
    }

    /** The inner command with idempotency key {@code 0x2000 + key}; its fingerprint is a hash of the command. */
    public record Keyed(int key, Op inner) implements Op
    {
    }

    /**
     * Sends one of the earlier keyed commands again (same key, fingerprint and body), typically after the order or
     * policy it answered has changed: the replay must answer the first view.
     */
    public record Retry(int pick) implements Op
    {
    }

    /** A pool: a share of one SKU's ATP; sku index {@code SKUS.size()} = every SKU (the {@code *} pool). */
    public record PoolOp(int sku, int shareBps)
    {
    }

    /**
     * Defines channel {@code channel} again, same kind, with these pools (none: the whole ATP), kept to the nodes
     * whose bits {@code sources} sets (bit i: node i; none of the network's: every location).
     */
    public record RedefineChannel(int channel, List<PoolOp> pools, int sources) implements Op
    {
    }

    /**
     * Defines node {@code node} again as the network has it but with this daily capacity (0 = unlimited), active
     * flag and countries ({@link #SHIPS_TO}{@code [shipsTo]}): capacity already used today may now be over the limit,
     * or under it.
     */
    public record RedefineNode(int node, int dailyCapacity, boolean active, int shipsTo, int dayStart) implements Op
    {
    }

    /**
     * When a node's capacity day may begin, {local minute, UTC offset in minutes}: midnight UTC (the first), local
     * midnight in Jakarta and in Singapore, a 14:00 cut-off in Jakarta, and 23:59 in New York (rules version 19).
     */
    public static final List<int[]> DAY_STARTS = List.of(new int[]{0, 0}, new int[]{0, 420}, new int[]{0, 480},
        new int[]{840, 420}, new int[]{1439, -300});

    /** Where the capacity day {@link #DAY_STARTS}{@code [dayStart]} begins, in milliseconds after each UTC midnight. */
    public static long dayBoundaryMillis(final int dayStart)
    {
        final int[] start = DAY_STARTS.get(dayStart);
        return Math.floorMod(start[0] - start[1], 1440) * 60_000L;
    }

    /** Puts {@link #FRAUD_RULES}{@code [rules]} in force. */
    public record SetFraudRules(int rules) implements Op
    {
    }

    /** Approves or rejects an order in review, picked among those (or among all orders when none is). */
    public record Review(int pick, boolean approve) implements Op
    {
    }

    /**
     * Moves the clock to the next start of a capacity day {@link #DAY_STARTS}{@code [dayStart]} (the first: UTC
     * midnight) plus {@code offsetMillis} (-1, 0 or 1): a new day of the nodes whose day begins then, where backorders
     * waiting only for their capacity may be filled.
     */
    public record NextDay(int offsetMillis, int dayStart) implements Op
    {
    }

    public static Arbitrary<List<Op>> streams(final int minSize, final int maxSize)
    {
        return op().list().ofMinSize(minSize).ofMaxSize(maxSize).withSizeDistribution(RandomDistribution.uniform());
    }

    /**
     * {@link #streams} with the kinds {@link #op()} does not make mixed in: channels redefined with other pools,
     * nodes with other capacities or switched off and on, fraud rule changes and reviews, and clock moves to a
     * midnight.
     */
    public static Arbitrary<List<Op>> wideStreams(final int minSize, final int maxSize)
    {
        return wideOp().list().ofMinSize(minSize).ofMaxSize(maxSize).withSizeDistribution(RandomDistribution.uniform());
    }

    /**
     * {@link #op()} (weights summing to 97) and the kinds it does not make. A separate arbitrary, so that
     * {@link #op()}'s seeded streams, pinned by {@code RulesVersionPinTest}, stay as they were.
     */
    @SuppressWarnings("unchecked")
    public static Arbitrary<Op> wideOp()
    {
        final Arbitrary<PoolOp> pool = Combinators.combine(Arbitraries.integers().between(0, SKUS.size()),
            Arbitraries.of(0, 2_500, 5_000, 7_500, 10_000, 3_333)).as(PoolOp::new);
        final Arbitrary<Integer> capacity = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
            Tuple.of(3, Arbitraries.integers().between(1, 2)));
        return Arbitraries.frequencyOf(
            Tuple.of(97, op()),
            Tuple.of(4, Combinators.combine(Arbitraries.integers().between(0, CHANNELS.size() - 1),
                pool.list().ofMaxSize(3).uniqueElements(PoolOp::sku),
                Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers()
                    .between(1, 255)))).as(RedefineChannel::new)),
            Tuple.of(3, Combinators.combine(node(), capacity,
                Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false))),
                shipsTo(), Arbitraries.integers().between(0, DAY_STARTS.size() - 1))
                .as(RedefineNode::new)),
            Tuple.of(3, Arbitraries.integers().between(0, FRAUD_RULES.size() - 1).map(SetFraudRules::new)),
            Tuple.of(3, Combinators.combine(Arbitraries.integers().between(0, 100), Arbitraries.of(true, false))
                .as(Review::new)),
            Tuple.of(3, Combinators.combine(Arbitraries.of(-1, 0, 1),
                Arbitraries.integers().between(0, DAY_STARTS.size() - 1)).as(NextDay::new)));
    }

    @SuppressWarnings("unchecked")
    public static Arbitrary<Op> op()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(30, place()),
            Tuple.of(10, cancel()),
            Tuple.of(10, adjust()),
            Tuple.of(5, setStock()),
            Tuple.of(12, reserve()),
            Tuple.of(5, Arbitraries.integers().between(0, 100).map(Release::new)),
            Tuple.of(1, Arbitraries.integers().between(0, POLICIES.size() - 1).map(SetPolicy::new)),
            Tuple.of(10, Arbitraries.of(ADVANCES).map(Advance::new)),
            Tuple.of(2, Arbitraries.just(new Tick())),
            Tuple.of(8, keyed()),
            Tuple.of(4, Arbitraries.integers().between(0, 50).map(Retry::new)));
    }

    private static Arbitrary<Op> keyed()
    {
        return Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.oneOf(place(), cancel(),
            Arbitraries.integers().between(0, POLICIES.size() - 1).map(SetPolicy::new))).as(Keyed::new);
    }

    private static Arbitrary<Integer> sku()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(30, Arbitraries.integers().between(0, SKUS.size() - 1)),
            Tuple.of(1, Arbitraries.just(SKUS.size())));
    }

    private static Arbitrary<Integer> node()
    {
        return Arbitraries.integers().between(0, 7);
    }

    private static Arbitrary<List<LineOp>> lines()
    {
        final Arbitrary<Integer> qty = Arbitraries.frequencyOf(
            Tuple.of(20, Arbitraries.integers().between(1, 4)),
            Tuple.of(3, Arbitraries.integers().between(5, 12)),
            Tuple.of(1, Arbitraries.of(0, -1)));
        final Arbitrary<LineOp> line = Combinators.combine(sku(), qty).as(LineOp::new);
        return Arbitraries.frequencyOf(
            Tuple.of(15, line.list().ofMinSize(1).ofMaxSize(3).uniqueElements(LineOp::sku)),
            Tuple.of(1, line.list().ofMinSize(2).ofMaxSize(3)));
    }

    private static Arbitrary<Op> place()
    {
        final Arbitrary<Integer> reservation = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(-1)),
            Tuple.of(2, Arbitraries.integers().between(0, 100)));
        final Arbitrary<Integer> externalId = Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.just(-1)),
            Tuple.of(2, Arbitraries.integers().between(0, 3)));
        final Arbitrary<Tuple.Tuple4<Integer, Integer, Integer, Boolean>> who = Combinators.combine(
            Arbitraries.integers().between(0, CHANNELS.size() - 1),
            Arbitraries.integers().between(0, CUSTOMERS.size() - 1),
            Arbitraries.integers().between(1, 3),
            Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))))
            .as(Tuple::of);
        final Arbitrary<Tuple.Tuple3<Integer, Integer, Integer>> where = Combinators.combine(node(),
            Arbitraries.integers().between(1_200_000, 1_500_000),
            Arbitraries.integers().between(103_600_000, 104_000_000)).as(Tuple::of);
        final Arbitrary<Tuple.Tuple5<Boolean, Integer, Boolean, Boolean, Integer>> how = Combinators.combine(
            Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))),
            reservation,
            Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(false)), Tuple.of(4, Arbitraries.just(true))),
            Arbitraries.of(false, true),
            externalId).as(Tuple::of);
        final Arbitrary<Integer> limit = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)),
            Tuple.of(2, Arbitraries.integers().between(1, 2)), Tuple.of(1, Arbitraries.just(3)));
        final Arbitrary<Integer> country = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.just(1)));
        return Combinators.combine(who, where, lines(), how, limit, country).as((w, p, l, h, m, c) -> new Place(
            w.get1(), w.get2(), w.get3(), w.get4(), p.get1(), p.get2(), p.get3(), l, h.get1(), h.get2(), h.get3(),
            h.get4(), h.get5(), m, c));
    }

    private static Arbitrary<Op> cancel()
    {
        final Arbitrary<List<LineOp>> lines = Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(List.of())),
            Tuple.of(1, Combinators.combine(sku(), Arbitraries.integers().between(1, 4)).as(LineOp::new).list()
                .ofMinSize(1).ofMaxSize(2)));
        return Combinators.combine(Arbitraries.integers().between(0, 100), lines).as(Cancel::new);
    }

    private static Arbitrary<Op> adjust()
    {
        return Combinators.combine(Arbitraries.integers().between(0, SKUS.size() - 1), node(),
            Arbitraries.integers().between(-6, 8), Arbitraries.integers().between(0, 3)).as(Adjust::new);
    }

    private static Arbitrary<Op> setStock()
    {
        return Combinators.combine(Arbitraries.integers().between(0, SKUS.size() - 1), node(),
            Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 2)).as(SetStock::new);
    }

    private static Arbitrary<Op> reserve()
    {
        final Arbitrary<Integer> node = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(-1)),
            Tuple.of(2, node()));
        return Combinators.combine(Arbitraries.integers().between(0, CHANNELS.size() - 1),
            Arbitraries.integers().between(0, CUSTOMERS.size() - 1), node,
            Arbitraries.integers().between(0, TTLS.length - 1), lines()).as(Reserve::new);
    }
}
