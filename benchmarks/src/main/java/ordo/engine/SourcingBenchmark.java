package ordo.engine;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import ordo.bench.OrderPlacementBenchmark;
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
 * Engine thread, one part of a placement: <b>sourcing alone</b> — the decision {@link OrderPlacementBenchmark} makes
 * for each of its orders (same network, same ship-to points, same 3 SKUs per order) without the rest of the
 * placement: no order is read from a command, checked, screened, paid for, allocated, indexed or answered. What is
 * measured per order: the ship-to point's unit vector, {@link Sourcing#begin} and its 3 lines, {@link Sourcing#plan}
 * (candidates, their classification, price and reason, the plan search, assignment and explanation) and, with
 * {@code part = record}, the decision written to a {@link DecisionStore} as a placement keeps it (every candidate with
 * distance, cost, ATP, capacity and reason). Nothing is allocated, so every order meets the same network, as in
 * {@link OrderPlacementBenchmark} (whose stock never runs out).
 *
 * <p>It is there to say how much of a placement the sourcing is (docs/BENCHMARKS.md): the target of 1 M orders
 * a second is for the whole placement, which this does not meet either way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
public class SourcingBenchmark
{
    private static final int BATCH = OrderPlacementBenchmark.BATCH;
    /** The decision's bytes per order at 50 nodes with room to spare (Engine sizes its preallocation the same way). */
    private static final long DECISION_BYTES = 1024;

    @Param({"5", "50"})
    public int nodes;

    /** {@code plan}: the decision alone; {@code record}: and the record a placement keeps of it. */
    @Param({"plan", "record"})
    public String part;

    private final int[] points = OrderPlacementBenchmark.shipToPoints(BATCH);
    private final int[] lineValues = new int[CommandCodec.MAX_LINES * SourcingDecision.LINE_VALUES];
    private final Sku[] skus = new Sku[OrderPlacementBenchmark.SKUS];
    /** Where each order's decision was recorded ({@code part = record}), for the test that compares them. */
    private final long[] decisions = new long[BATCH];
    private Sourcing sourcing;
    private DecisionStore store;
    private Order shipTo;
    private boolean record;
    private long seq;
    private long time;

    /** A fresh network (as the placement benchmark's) and decision store for every batch. Not measured. */
    @Setup(Level.Invocation)
    public void freshNetwork()
    {
        final OrderPlacementBenchmark network = new OrderPlacementBenchmark();
        network.nodes = nodes;
        network.freshNetwork();
        final Catalog catalog = network.engine().catalog();
        for (int s = 0; s < skus.length; s++)
        {
            skus[s] = catalog.sku(s);
            final String id = new String(skus[s].id, StandardCharsets.US_ASCII);
            if (!id.equals(OrderPlacementBenchmark.sku(s)))
            {
                throw new IllegalStateException("SKU " + s + " is " + id);
            }
        }
        sourcing = new Sourcing(catalog);
        store = new DecisionStore(catalog);
        store.preallocate(BATCH * DECISION_BYTES);
        shipTo = new Order(new OrderTimeline(catalog));
        record = "record".equals(part);
        for (int l = 0; l < 3; l++)
        {
            // requested, from a reservation, allocated, backordered, cancelled: as a placed line of one unit.
            lineValues[l * SourcingDecision.LINE_VALUES] = 1;
            lineValues[l * SourcingDecision.LINE_VALUES + 2] = 1;
        }
        seq = 1_000;
        time = 1_700_000_000_000L;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long source()
    {
        long chosen = 0;
        for (int o = 0; o < BATCH; o++)
        {
            shipTo.shipTo(points[2 * o], points[2 * o + 1]);
            sourcing.begin(SourcingPolicy.DEFAULT, ++time, Codes.DeliveryMethod.SHIP, Codes.ServiceLevel.STANDARD, null,
                shipTo, null, null, false, false);
            for (int l = 0; l < 3; l++)
            {
                sourcing.line(skus[(o * 3 + l * 67) % skus.length], 1, 0, 0);
            }
            if (sourcing.plan() != ResultCode.OK || sourcing.selectedCount() != 1)
            {
                throw new IllegalStateException("order " + o + " planned " + sourcing.code() + " with " +
                    sourcing.selectedCount() + " nodes");
            }
            chosen += sourcing.candidate(sourcing.selectedSlot(0)).index;
            if (record)
            {
                decisions[o] = sourcing.record(store, ++seq, time, lineValues);
                chosen += decisions[o];
            }
        }
        return chosen;
    }

    /** The decision recorded for order {@code o} of the last batch (store's reusable view). */
    SourcingDecision decision(final int o)
    {
        return store.view(decisions[o]);
    }
}
