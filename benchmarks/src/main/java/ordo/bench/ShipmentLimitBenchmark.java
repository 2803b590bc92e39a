package ordo.bench;

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
 * Engine only, one thread: orders that must be split, under a shipment limit (rules version 14) or none. Each of
 * {@link #NODES} warehouses stocks one of three SKUs (node n the SKU n mod 3, plenty of it), and every order has one
 * unit of each, so the plan without a limit is three shipments, found by the exact search of every triple
 * (C(50, 3) = 19 600) after every single node and pair failed. {@link #maxShipments}: {@code 0} (no limit), {@code 3}
 * (the plan fits), {@code 2} and {@code 1} (the search stops after the pairs or the single nodes, and the plan is
 * the one of that many nodes covering the most units: the rest is backordered). What the limit costs, or saves, on
 * the engine thread. Every answer is checked: OK, and as many shipments as the limit allows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
public class ShipmentLimitBenchmark
{
    public static final int NODES = 50;
    public static final int BATCH = 5_000;
    private static final String[] SKUS = {"SKU-A", "SKU-B", "SKU-C"};

    @Param({"0", "3", "2", "1"})
    public int maxShipments;

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
            form.paymentAmountMinor = 3 * 1_999;
            form.maxShipments = maxShipments;
            for (final String sku : SKUS)
            {
                form.line(sku, 1, 1_999, "SGD");
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
        OrderPlacementBenchmark.warehouses(NODES, this::apply);
        for (final String sku : SKUS)
        {
            // Backorders allowed: what a limit leaves waits, and the order is placed.
            apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 500, 0, Long.MIN_VALUE,
                Long.MAX_VALUE, true));
        }
        for (int n = 0; n < NODES; n++)
        {
            final String sku = SKUS[n % SKUS.length];
            final String location = "node-" + n;
            apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, location, 1L << 30, 0));
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

    /** The shipments of order {@code id}'s plan, as its sourcing view says (tests). */
    int shipmentsOf(final long id)
    {
        return PlanViews.shipments(engine, time, id);
    }

    /** Whether order {@code id}'s plan was searched exactly (tests). */
    boolean exact(final long id)
    {
        return PlanViews.exact(engine, time, id);
    }

    private void apply(final CommandType type, final java.util.function.Consumer<PayloadWriter> encoder)
    {
        setUp.apply(engine, ++seq, ++time, type, encoder);
    }
}
