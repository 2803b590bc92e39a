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
 * to end) and keeps the first {@code limit} after its cursor in a heap, so a poll that finds nothing still reads the
 * whole array: {@link #pollNothingChanged}; {@link #pollTwoHundredChanged} adds those SKUs' figures.
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

    private final SetUpCommands setUp = new SetUpCommands();
    private final ordo.engine.PayloadWriter writer = new ordo.engine.PayloadWriter();
    private final Reply reply = new Reply();
    private final UnsafeBuffer nothingQuery = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer changedQuery = new UnsafeBuffer(new byte[64]);
    private int nothingLength;
    private int changedLength;
    private Engine engine;
    private final long time = 1_700_000_000_000L;

    @Setup
    public void setUp()
    {
        engine = new Engine();
        final SplittableRandom random = new SplittableRandom(11);
        long seq = setUp.singaporeWarehouses(engine, time, NODES, random);
        seq = setUp.skusAtEveryNode(engine, seq, time, 0, skus, "SKU-%06d", NODES, 0, random);
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
