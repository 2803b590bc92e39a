package ordo.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Engine;
import ordo.engine.OrderForm;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine only, one thread: order placement with sourcing. Every order is by a customer of its own, has 3 lines of
 * different SKUs, ships to a random point in Singapore/Johor, and every node stocks every SKU, so all {@link #nodes}
 * nodes are candidates for every line (the worst case for the planner: each one is classified, priced and
 * searched). Target: at least 1 M orders/s over 50 nodes.
 *
 * <p>Orders are engine state kept for the engine's life, so the heap grows with every order: each invocation
 * places {@link #BATCH} orders on a fresh engine (built in an unmeasured setup) to keep the heap bounded. The setup
 * preallocates the batch's orders ({@link Engine#preallocateOrders}: their {@code Order} objects, ledger entries and
 * tables on the heap, their records — texts, sourcing decision, timeline, lines, allocations — in direct memory),
 * so placing them allocates nothing; the bytes/op that {@code -prof gc} reports are that setup's, which JMH counts
 * too ({@link OrderAllocation} reports the two apart). The heap is pre-touched and the direct memory preallocated:
 * memory touched for the first time otherwise measures the kernel's page faults (about a third of the time per order
 * here), not the engine.
 * The benchmark checks every answer is OK.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
public class OrderPlacementBenchmark
{
    public static final int SKUS = 200;
    public static final int BATCH = 20_000;
    /** What every order placed must end as: passed the fraud screen and paid for (offline), nothing held. */
    private static final byte READY = (byte)Codes.OrderStatus.READY_TO_RELEASE.code();

    @Param({"5", "50"})
    public int nodes;

    /**
     * The channel the orders come in by: {@code none} (not defined: no per-channel counting), {@code defined} (a WEB
     * channel without pools: the engine counts every channel's holds and allocations per node once any channel is
     * defined), {@code pooled} (the same with half of every SKU's stock at each node fenced for it), {@code kept}
     * (a WEB channel that sources from every other node only: {@code sourcesFrom}) or {@code aside} (a WEB channel
     * without a list beside a marketplace kept to five nodes that holds 10 units of every SKU against the network:
     * each line's units there are set aside for it, {@code KeptHolds}).
     */
    @Param({"none"})
    public String channel = "none";

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private final UnsafeBuffer[] orders = new UnsafeBuffer[BATCH];
    private final int[] orderLengths = new int[BATCH];
    private Engine engine;
    private long seq;
    private long time;

    @Setup(Level.Trial)
    public void encodeOrders()
    {
        encodeOrders(0);
    }

    /**
     * A batch of orders, each by a customer of its own (customers {@code first} ..), with an email and a street of
     * its own: the fraud screen's velocity windows and the customer ledger see a new key per order, as in order
     * capture. The orders once cycled through 1 024 customers, so their keys stayed few and hot, and an engine given
     * more than a batch held most of its orders for fraud review (a customer's 21st order in the hour: found in
     * review).
     */
    void encodeOrders(final int first)
    {
        final int[] points = shipToPoints(BATCH);
        for (int i = 0; i < BATCH; i++)
        {
            final int o = first + i;
            final OrderForm form = new OrderForm();
            form.channel = "web";
            form.customerId = "customer-" + o;
            form.email = "customer-" + o + "@example.com";
            SetUpCommands.orchardRoad(form, o, points[2 * i], points[2 * i + 1]);
            form.paymentProvider = "offline";
            form.paymentAmountMinor = 3 * 1_999;
            form.paymentCurrency = "SGD";
            for (int l = 0; l < 3; l++)
            {
                form.line(sku((o * 3 + l * 67) % SKUS), 1, 1_999, "SGD");
            }
            if (orders[i] == null)
            {
                orders[i] = new UnsafeBuffer(new byte[1024]);
            }
            writer.wrap(orders[i], 0);
            CommandCodec.placeOrder(writer, 0, 0, form);
            orderLengths[i] = writer.length();
        }
    }

    /**
     * The ship-to points of a batch's orders, latitude and longitude in micro-degrees by turns: random points in
     * Singapore/Johor, the same for every batch.
     */
    public static int[] shipToPoints(final int orders)
    {
        final SplittableRandom random = new SplittableRandom(42);
        final int[] points = new int[2 * orders];
        for (int i = 0; i < orders; i++)
        {
            points[2 * i] = 1_250_000 + random.nextInt(300_000);
            points[2 * i + 1] = 103_650_000 + random.nextInt(350_000);
        }
        return points;
    }

    /** A fresh network for every batch: orders are kept for the engine's life. Not measured. */
    @Setup(Level.Invocation)
    public void freshNetwork()
    {
        engine = new Engine();
        // The direct memory of the orders' off-heap records taken now, as the fork pre-touches the heap.
        engine.preallocateOrders(BATCH);
        seq = 0;
        time = 1_700_000_000_000L;
        warehouses(nodes, this::apply);
        if (!"none".equals(channel))
        {
            final boolean pooled = "pooled".equals(channel);
            final java.util.List<String> sources = new java.util.ArrayList<>();
            for (int n = 0; "kept".equals(channel) && n < nodes; n += 2)
            {
                sources.add("node-" + n);
            }
            apply(CommandType.DEFINE_CHANNEL, w ->
            {
                CommandCodec.defineChannel(w, 0, 0, "web", Codes.ChannelKind.WEB, "Web", pooled ? 1 : 0);
                if (pooled)
                {
                    CommandCodec.channelPool(w, "", 5_000);
                }
                CommandCodec.channelSources(w, sources);
            });
        }
        final boolean aside = "aside".equals(channel);
        if (aside)
        {
            apply(CommandType.DEFINE_CHANNEL, w ->
            {
                CommandCodec.defineChannel(w, 0, 0, "market", Codes.ChannelKind.MARKETPLACE, "Market", 0);
                CommandCodec.channelSources(w, java.util.List.of("node-0", "node-1", "node-2", "node-3", "node-4"));
            });
        }
        for (int s = 0; s < SKUS; s++)
        {
            final String sku = sku(s);
            apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 500, 0, Long.MIN_VALUE,
                Long.MAX_VALUE, false));
            for (int n = 0; n < nodes; n++)
            {
                final String location = "node-" + n;
                apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, location, 1L << 30, 2));
            }
            if (aside)
            {
                // Set aside at node-0 ... for the market's hold (node-0 is among the nearest to half the orders).
                apply(CommandType.RESERVE, w ->
                {
                    CommandCodec.reserveHeader(w, 0, 0, "market", "holder-" + sku, null, 7L * 24 * 60 * 60 * 1000, 1);
                    CommandCodec.reserveLine(w, sku, 10);
                });
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long placeOrders()
    {
        long ids = 0;
        for (int i = 0; i < BATCH; i++)
        {
            engine.apply(++seq, ++time, CommandType.PLACE_ORDER, orders[i], 0, orderLengths[i], reply);
            // The ORDER view's status (after its id): every order passes the screen and is paid for, none is held.
            if (reply.code() != ResultCode.OK || reply.data().getByte(Long.BYTES) != READY)
            {
                throw new IllegalStateException("order " + i + " answered " + reply.code() + ", status " +
                    Codes.OrderStatus.fromCode(reply.data().getByte(Long.BYTES)));
            }
            ids += reply.entityId();
        }
        return ids;
    }

    /** The engine the batches went to ({@link #engineWithOrders}, {@link ordo.engine.SourcingBenchmark}). */
    public Engine engine()
    {
        return engine;
    }

    /**
     * How many of this benchmark's nodes ({@code node-0}, {@code node-1}, …) the engine knows, asked of the engine by
     * location query: what a network set up by {@link #freshNetwork} really holds, whatever {@link #nodes} says
     * ({@code nodes + 1} for more than asked for).
     */
    public int nodesKnown()
    {
        // One past what it was asked for: a network holding more than that says so.
        for (int known = 0; known <= nodes; known++)
        {
            writer.wrap(buffer, 0);
            CommandCodec.queryById(writer, "node-" + known);
            engine.query(time, CommandType.QUERY_LOCATION, buffer, 0, writer.length(), reply);
            if (reply.code() != ResultCode.OK)
            {
                return known;
            }
        }
        return nodes + 1;
    }

    /**
     * An engine holding at least {@code orders} orders of this benchmark's kind, sourced over 50 nodes, placed in
     * batches on one network ({@link SnapshotBenchmark}, {@link LargeSnapshot}).
     */
    static Engine engineWithOrders(final int orders)
    {
        final OrderPlacementBenchmark placement = new OrderPlacementBenchmark();
        placement.nodes = 50;
        placement.encodeOrders();
        placement.freshNetwork();
        for (int placed = 0; placed < orders; placed += BATCH)
        {
            placement.encodeOrders(placed);
            placement.placeOrders();
        }
        return placement.engine();
    }

    /**
     * Defines {@code nodes} active warehouses {@code node-0} .. that ship, at points in Singapore/Johor and with handling
     * costs of 150 to 449 SGD minor units drawn from one seed (so every benchmark using it meets the same network),
     * unlimited capacity, each by {@code apply}. Not measured.
     */
    public static void warehouses(final int nodes,
        final java.util.function.BiConsumer<CommandType, java.util.function.Consumer<PayloadWriter>> apply)
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < nodes; n++)
        {
            final String id = "node-" + n;
            final int lat = 1_200_000 + random.nextInt(500_000);
            final int lon = 103_500_000 + random.nextInt(700_000);
            final long handling = 150 + random.nextInt(300);
            apply.accept(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, id,
                Codes.LocationType.WAREHOUSE, id, lat, lon, "SG", Codes.CAP_SHIP, 0, handling, "SGD", true));
        }
    }

    private final SetUpCommands setUp = new SetUpCommands();

    private void apply(final CommandType type, final java.util.function.Consumer<PayloadWriter> encoder)
    {
        setUp.apply(engine, ++seq, ++time, type, encoder);
    }

    /** The SKU id of index {@code index} (orders' line {@code l} of order {@code o}: {@code (o * 3 + l * 67) % SKUS}). */
    public static String sku(final int index)
    {
        return String.format("SKU-%04d", index);
    }
}
