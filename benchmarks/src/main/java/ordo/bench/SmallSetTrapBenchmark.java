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
 * The search of pairs and triples at its worst within the budget of combinations: {@link #size} 2 over 200 nodes
 * (19 900 pairs), 3 over 50 (19 600 triples). All but two nodes have one unit of every one of {@link #lines} SKUs; the
 * two others (met last, dearer) two units of the order's last SKU but one, or of its last. The order wants one unit of
 * each SKU but those two, and {@code size + 1} of each of them: every set of {@code size} nodes might cover (a line's
 * largest offers reach it), none does, and each is read up to its last lines before it fails. The plan needs
 * {@code size + 1} nodes, past the budget: greedy. {@link #limited}: the order may ship in {@code size} shipments at
 * most, so the plan within the limit covering the most is searched next among the same sets (its SKUs allow
 * backorders: the rest waits). One order on a fresh network each invocation: the time of one placement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class SmallSetTrapBenchmark
{
    @Param({"2", "3"})
    public int size;

    @Param({"3", "64"})
    public int lines;

    @Param({"false", "true"})
    public boolean limited;

    private final TrapOrder trap = new TrapOrder();

    /** The nodes of the trap of {@link #size}: 200 for pairs, 50 for triples (two of them the dearer ones). */
    int nodes()
    {
        return size == 2 ? 200 : 50;
    }

    @Setup(Level.Trial)
    public void encodeOrder()
    {
        final OrderForm form = TrapOrder.form();
        for (int s = 0; s < lines; s++)
        {
            form.line(sku(s), s < lines - 2 ? 1 : size + 1, 100, "SGD");
        }
        form.maxShipments = limited ? size : 0;
        trap.encode(form);
    }

    @Setup(Level.Invocation)
    public void freshNetwork()
    {
        trap.freshEngine();
        final int plain = nodes() - 2;
        for (int n = 0; n < nodes(); n++)
        {
            trap.warehouse(n < plain ? String.format("p%03d", n) : "x" + (n - plain), n < plain ? 100 : 200);
        }
        for (int s = 0; s < lines; s++)
        {
            trap.sku(sku(s), true);
            for (int n = 0; n < plain; n++)
            {
                trap.stock(sku(s), String.format("p%03d", n), 1);
            }
        }
        trap.stock(sku(lines - 2), "x0", 2);
        trap.stock(sku(lines - 1), "x1", 2);
    }

    /** Places the order; its answer must be OK. */
    long place()
    {
        return trap.place();
    }

    /** Whether order {@code id}'s plan was searched exactly (tests). */
    boolean exact(final long id)
    {
        return trap.exact(id);
    }

    /** The shipments of order {@code id}'s plan (tests). */
    int shipmentsOf(final long id)
    {
        return trap.shipments(id);
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
