package ordo.bench;

import java.util.concurrent.TimeUnit;

import ordo.engine.OrderForm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The search's worst within its budget: an order no bound can prune, over 17 nodes at 100 with one unit of every
 * one of {@link #lines} SKUs and two at 200 (met last) with two units of WIDE-0 or WIDE-1 and none of the
 * other; it wants five of those two and one of the rest, so every set of four looks as if it might cover and none
 * does (ExactSearchWorkTest). With 64 lines the search stops at its work ({@code PlanSearch.EXACT_WORK}) and the plan
 * is the greedy cover; with 2 it reads every set of four and finds five. One order on a fresh network each
 * invocation (its units are one a node): the time of one placement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class WideSearchTrapBenchmark
{
    @Param({"2", "64"})
    public int lines;

    private final TrapOrder trap = new TrapOrder();

    @Setup(Level.Trial)
    public void encodeOrder()
    {
        final OrderForm form = TrapOrder.form();
        for (int s = 0; s < lines; s++)
        {
            form.line(sku(s), s < 2 ? 5 : 1, 100, "SGD");
        }
        trap.encode(form);
    }

    @Setup(Level.Invocation)
    public void freshNetwork()
    {
        trap.freshEngine();
        for (int n = 0; n < 19; n++)
        {
            trap.warehouse(n < 17 ? String.format("p%02d", n) : "x" + (n - 17), n < 17 ? 100 : 200);
        }
        for (int s = 0; s < lines; s++)
        {
            trap.sku(sku(s), false);
            for (int n = 0; n < 17; n++)
            {
                trap.stock(sku(s), String.format("p%02d", n), 1);
            }
        }
        trap.stock(sku(0), "x0", 2);
        trap.stock(sku(1), "x1", 2);
    }

    /** Places the order; its answer must be OK. */
    long place()
    {
        return trap.place();
    }

    /** Whether the last order's plan was searched exactly (tests). */
    boolean exact(final long id)
    {
        return trap.exact(id);
    }

    @Benchmark
    public long placeOrder()
    {
        return place();
    }

    private static String sku(final int index)
    {
        return WideSearchBenchmark.sku(index);
    }
}
