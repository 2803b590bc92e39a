package ordo.engine;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import ordo.bench.OrderPlacementBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Engine thread, <b>sourcing alone</b> ({@link Sourcing#plan}, nothing applied, so every order meets the same
 * network), for orders that must be split over stock spread thin: each of {@link #NODES} warehouses has 0 to 3 units of
 * each of three SKUs (drawn once), and every order asks for {@link #QTY} of each, more than any node has. Without a
 * limit the plan is the greedy cover (more than three nodes); under {@link #maxShipments} 1 to 3 the limited search is
 * exact (every set of up to that many nodes), and at 6 greedy. Both SKUs that allow backorders and not: half the
 * orders' lines cannot wait ({@code mixed}), so the limited plan covers those first. What a shipment limit costs on
 * the engine thread where it matters most: thin stock, many candidates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class SplitSourcingBenchmark
{
    public static final int NODES = 50;
    public static final int QTY = 12;
    private static final int ORDERS = 1_000;
    private static final String[] SKUS = {"SKU-A", "SKU-B", "SKU-C"};

    @Param({"0", "1", "2", "3", "6"})
    public int maxShipments;

    private final int[] points = OrderPlacementBenchmark.shipToPoints(ORDERS);
    private final Sku[] skus = new Sku[SKUS.length];
    private Sourcing sourcing;
    private Order shipTo;
    private long time;

    @Setup
    public void network()
    {
        final Engine engine = new Engine();
        time = 1_700_000_000_000L;
        OrderPlacementBenchmark.warehouses(NODES, (type, encoder) -> apply(engine, type, encoder));
        final SplittableRandom units = new SplittableRandom(11);
        for (int k = 0; k < SKUS.length; k++)
        {
            final String sku = SKUS[k];
            // SKU-A and SKU-C allow backorders, SKU-B does not: orders mix lines that can wait and one that cannot.
            final boolean backorders = k != 1;
            apply(engine, CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 500, 0,
                Long.MIN_VALUE, Long.MAX_VALUE, backorders));
            for (int n = 0; n < NODES; n++)
            {
                final String location = "node-" + n;
                final long onHand = units.nextInt(4);
                apply(engine, CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, location, onHand,
                    0));
            }
        }
        final Catalog catalog = engine.catalog();
        for (int k = 0; k < SKUS.length; k++)
        {
            skus[k] = catalog.sku(k);
        }
        sourcing = new Sourcing(catalog);
        shipTo = new Order(new OrderTimeline(catalog));
    }

    private final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[1024]);
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private long seq;

    private void apply(final Engine engine, final CommandType type,
        final java.util.function.Consumer<PayloadWriter> encoder)
    {
        writer.wrap(buffer, 0);
        encoder.accept(writer);
        engine.apply(++seq, time, type, buffer, 0, writer.length(), reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException(type + " answered " + reply.code());
        }
    }

    @Benchmark
    @OperationsPerInvocation(ORDERS)
    public long source()
    {
        long shipments = 0;
        for (int o = 0; o < ORDERS; o++)
        {
            shipTo.shipTo(points[2 * o], points[2 * o + 1]);
            sourcing.begin(SourcingPolicy.DEFAULT, ++time, Codes.DeliveryMethod.SHIP, Codes.ServiceLevel.STANDARD,
                null, shipTo, null, null, true, false);
            sourcing.limitShipments(maxShipments);
            for (final Sku sku : skus)
            {
                sourcing.line(sku, QTY, 0, 0);
            }
            if (sourcing.plan() != ResultCode.OK)
            {
                throw new IllegalStateException("order " + o + " planned " + sourcing.code());
            }
            shipments += sourcing.shipments();
        }
        return shipments;
    }
}
