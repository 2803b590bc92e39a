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

    private final Reply reply = new Reply();
    private final SetUpCommands setUp = new SetUpCommands();
    private final UnsafeBuffer order = new UnsafeBuffer(new byte[4096]);
    private int orderLength;
    private Engine engine;
    private long seq;
    private long time;

    /** The nodes of the trap of {@link #size}: 200 for pairs, 50 for triples (two of them the dearer ones). */
    int nodes()
    {
        return size == 2 ? 200 : 50;
    }

    @Setup(Level.Trial)
    public void encodeOrder()
    {
        final OrderForm form = SetUpCommands.customerOrder(0, new int[] {1_300_000, 103_800_000});
        long total = 0;
        for (int s = 0; s < lines; s++)
        {
            final int qty = s < lines - 2 ? 1 : size + 1;
            form.line(sku(s), qty, 100, "SGD");
            total += qty * 100L;
        }
        form.paymentAmountMinor = total;
        form.maxShipments = limited ? size : 0;
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
        final int plain = nodes() - 2;
        for (int n = 0; n < nodes(); n++)
        {
            final String id = n < plain ? String.format("p%03d", n) : "x" + (n - plain);
            final long handling = n < plain ? 100 : 200;
            apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, id,
                Codes.LocationType.WAREHOUSE, id, 1_300_000, 103_800_000, "SG", Codes.CAP_SHIP, 0, handling, "SGD",
                true));
        }
        for (int s = 0; s < lines; s++)
        {
            final String sku = sku(s);
            apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 500, 0, Long.MIN_VALUE,
                Long.MAX_VALUE, true));
            for (int n = 0; n < plain; n++)
            {
                final String id = String.format("p%03d", n);
                apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, id, 1, 0));
            }
        }
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku(lines - 2), "x0", 2, 0));
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku(lines - 1), "x1", 2, 0));
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

    /** The shipments of order {@code id}'s plan (tests). */
    int shipmentsOf(final long id)
    {
        return PlanViews.shipments(engine, time, id);
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
