package ordo.bench;

import java.util.concurrent.TimeUnit;

import ordo.engine.Codes;
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

    private final Reply reply = new Reply();
    private final SetUpCommands setUp = new SetUpCommands();
    private final UnsafeBuffer order = new UnsafeBuffer(new byte[4096]);
    private int orderLength;
    private Engine engine;
    private long seq;
    private long time;

    @Setup(Level.Trial)
    public void encodeOrder()
    {
        final OrderForm form = SetUpCommands.customerOrder(0, new int[] {1_300_000, 103_800_000});
        long total = 0;
        for (int s = 0; s < lines; s++)
        {
            final int qty = s < 2 ? 5 : 1;
            form.line(sku(s), qty, 100, "SGD");
            total += qty * 100L;
        }
        form.paymentAmountMinor = total;
        final PayloadWriter writer = new PayloadWriter();
        writer.wrap(order, 0);
        CommandCodec.placeOrder(writer, 0, 0, form);
        orderLength = writer.length();
    }

    @Setup(Level.Invocation)
    public void freshNetwork()
    {
        engine = new Engine();
        seq = 0;
        time = 1_700_000_000_000L;
        for (int n = 0; n < 19; n++)
        {
            final String id = n < 17 ? String.format("p%02d", n) : "x" + (n - 17);
            final long handling = n < 17 ? 100 : 200;
            apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, id,
                Codes.LocationType.WAREHOUSE, id, 1_300_000, 103_800_000, "SG", Codes.CAP_SHIP, 0, handling, "SGD",
                true));
        }
        for (int s = 0; s < lines; s++)
        {
            final String sku = sku(s);
            apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 500, 0, Long.MIN_VALUE,
                Long.MAX_VALUE, false));
            for (int n = 0; n < 17; n++)
            {
                final String id = String.format("p%02d", n);
                apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, id, 1, 0));
            }
        }
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku(0), "x0", 2, 0));
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku(1), "x1", 2, 0));
    }

    /** Places the order; its answer must be OK. */
    long place()
    {
        engine.apply(++seq, ++time, CommandType.PLACE_ORDER, order, 0, orderLength, reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException("the trap's order answered " + reply.code());
        }
        return reply.entityId();
    }

    /** Whether the last order's plan was searched exactly (tests). */
    boolean exact(final long id)
    {
        return PlanViews.exact(engine, time, id);
    }

    private void apply(final CommandType type, final java.util.function.Consumer<PayloadWriter> encoder)
    {
        setUp.apply(engine, ++seq, ++time, type, encoder);
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
