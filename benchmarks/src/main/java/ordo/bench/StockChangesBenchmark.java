package ordo.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine only, one thread: what a connector's poll of the stock change feed ({@code GET /v1/inventory?since=})
 * costs on the engine thread, by catalog size. {@link #skus} SKUs, each stocked at 4 warehouses; the last 200 SKUs
 * changed in the commands after the point a poll asks from. A page reads every SKU's last change (an array, from end
 * to end, but for blocks of 1 024 SKUs nothing in which changed after its cursor) and keeps the first {@code limit}
 * after its cursor in a heap: {@link #pollNothingChanged}; {@link #pollTwoHundredChanged} adds those SKUs' figures;
 * {@link #pollBacklog} is a page of a backlog of every SKU, changed in the order they were defined or in reverse (then
 * every SKU read replaces the heap's last: the most a page costs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class StockChangesBenchmark
{
    static final int NODES = 4;
    static final int CHANGED = 200;

    @Param({"1000", "100000"})
    public int skus;

    /** The order every SKU last changed in: as defined, or the reverse (each SKU counted again, last first). */
    @Param({"defined", "reverse"})
    public String backlog = "defined";

    private final SetUpCommands setUp = new SetUpCommands();
    private final ordo.engine.PayloadWriter writer = new ordo.engine.PayloadWriter();
    private final Reply reply = new Reply();
    private final UnsafeBuffer nothingQuery = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer changedQuery = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer backlogQuery = new UnsafeBuffer(new byte[64]);
    private int nothingLength;
    private int changedLength;
    private int backlogLength;
    private Engine engine;
    private final long time = 1_700_000_000_000L;

    @Setup
    public void setUp()
    {
        engine = new Engine();
        final SplittableRandom random = new SplittableRandom(11);
        long seq = setUp.singaporeWarehouses(engine, time, NODES, random);
        final long defined = seq;
        seq = setUp.skusAtEveryNode(engine, seq, time, 0, skus, "SKU-%06d", NODES, 0, random);
        if ("reverse".equals(backlog))
        {
            for (int s = skus - 1; s >= 0; s--)
            {
                final String sku = String.format("SKU-%06d", s);
                setUp.apply(engine, ++seq, time, CommandType.SET_INVENTORY,
                    w -> CommandCodec.setInventory(w, 0, 0, sku, "node-1", 7, 0));
            }
        }
        final long before = seq;
        for (int i = 0; i < CHANGED; i++)
        {
            final String sku = String.format("SKU-%06d", random.nextInt(skus));
            setUp.apply(engine, ++seq, time, CommandType.SET_INVENTORY,
                w -> CommandCodec.setInventory(w, 0, 0, sku, "node-0", 5, 0));
        }
        writer.wrap(nothingQuery, 0);
        CommandCodec.queryStockChanges(writer, seq, null, 200, null, null);
        nothingLength = writer.length();
        writer.wrap(changedQuery, 0);
        CommandCodec.queryStockChanges(writer, before, null, 200, null, null);
        changedLength = writer.length();
        writer.wrap(backlogQuery, 0);
        CommandCodec.queryStockChanges(writer, defined, null, 200, null, null);
        backlogLength = writer.length();
    }

    /** A poll when nothing changed since: an empty page. */
    @Benchmark
    public int pollNothingChanged()
    {
        return answer(nothingQuery, nothingLength);
    }

    /** A poll after 200 commands that each changed a SKU (some twice): a page of those SKUs. */
    @Benchmark
    public int pollTwoHundredChanged()
    {
        return answer(changedQuery, changedLength);
    }

    /** The first page of a backlog of every SKU: 200 of them, out of {@link #skus}. */
    @Benchmark
    public int pollBacklog()
    {
        return answer(backlogQuery, backlogLength);
    }

    private int answer(final UnsafeBuffer query, final int length)
    {
        engine.query(time, CommandType.QUERY_STOCK_CHANGES, query, 0, length, reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException("QUERY_STOCK_CHANGES answered " + reply.code());
        }
        return reply.dataLength();
    }
}
