package ordo.bench;

import java.util.concurrent.TimeUnit;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
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
 * Engine only, one thread: the planner's exact search of plans of four nodes and more (rules version 21), while the
 * combinations of those sizes together stay within the budget. Each of {@link #nodes} warehouses stocks, plenty of
 * it, {@link #skusPerNode} of seven SKUs (node n the SKU n mod 7, and with two the next one too), and every order has
 * one unit of each: with one SKU a node the plan is seven shipments, and every smaller size passes the quick test
 * (each line's largest offers cover it) yet holds no cover — the search's bound on the lines a node can close passes
 * over those sizes unread; with two, four shipments, found among every set of four. At 14 nodes every size is within
 * the budget, at 15 sizes up to seven, at 27 sets of four (17 550), then the greedy cover. Under rules version 20 every
 * such order was planned after the triples by the greedy cover. Every answer is checked: OK, as many shipments.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
public class WideSearchBenchmark
{
    public static final int BATCH = 500;
    static final int SKUS = 7;

    @Param({"14", "15", "27"})
    public int nodes;

    @Param({"1", "2"})
    public int skusPerNode;

    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private final UnsafeBuffer[] orders = new UnsafeBuffer[BATCH];
    private final int[] orderLengths = new int[BATCH];
    private final SetUpCommands setUp = new SetUpCommands();
    private Engine engine;
    private long seq;
    private long time;

    @Setup(Level.Trial)
    public void encodeOrders()
    {
        final int[] points = OrderPlacementBenchmark.shipToPoints(BATCH);
        for (int i = 0; i < BATCH; i++)
        {
            final OrderForm form = SetUpCommands.customerOrder(i, points);
            form.paymentAmountMinor = SKUS * 1_999;
            for (int s = 0; s < SKUS; s++)
            {
                form.line(sku(s), 1, 1_999, "SGD");
            }
            orders[i] = new UnsafeBuffer(new byte[1024]);
            writer.wrap(orders[i], 0);
            CommandCodec.placeOrder(writer, 0, 0, form);
            orderLengths[i] = writer.length();
        }
    }

    /** A fresh network for every batch: orders are kept for the engine's life. Not measured. */
    @Setup(Level.Invocation)
    public void freshNetwork()
    {
        engine = new Engine();
        engine.preallocateOrders(BATCH);
        seq = 0;
        time = 1_700_000_000_000L;
        OrderPlacementBenchmark.warehouses(nodes, this::apply);
        for (int s = 0; s < SKUS; s++)
        {
            final String sku = sku(s);
            apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 500, 0, Long.MIN_VALUE,
                Long.MAX_VALUE, false));
        }
        for (int n = 0; n < nodes; n++)
        {
            final String location = "node-" + n;
            for (int k = 0; k < skusPerNode; k++)
            {
                final String sku = sku((n + k) % SKUS);
                apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, location, 1L << 30, 0));
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
            if (reply.code() != ResultCode.OK)
            {
                throw new IllegalStateException("order " + i + " answered " + reply.code());
            }
            ids += reply.entityId();
        }
        return ids;
    }

    static String sku(final int index)
    {
        return "WIDE-" + index;
    }

    /** The shipments of order {@code id}'s plan, and whether it was searched exactly (tests). */
    int shipmentsOf(final long id)
    {
        return PlanViews.shipments(engine, time, id);
    }

    boolean exact(final long id)
    {
        return PlanViews.exact(engine, time, id);
    }

    private void apply(final CommandType type, final java.util.function.Consumer<PayloadWriter> encoder)
    {
        setUp.apply(engine, ++seq, ++time, type, encoder);
    }
}
