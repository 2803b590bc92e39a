package ordo.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Engine;
import ordo.engine.PayloadWriter;
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
 * Engine only, one thread: what a channel may sell, as a connector reads it ({@code GET /v1/inventory/{sku}?channel=},
 * and the stock feed {@code GET /v1/inventory?channel=&limit=200}). Both run on the engine thread, between commands.
 * {@link #SKUS} SKUs, each stocked at all {@link #NODES} warehouses; {@code channel} {@code none} (no channel asked
 * about: the network figures alone), {@code web} (a channel without a pool: each node's ATP) or {@code pooled} (a
 * channel fenced to 30 % of every SKU: each node's share less what it has taken there, a hash lookup per node).
 * The change feed ({@code GET /v1/inventory?since=}) lists the same 200 SKUs as the feed's page, those changed after
 * the point asked, from a log holding each SKU's earlier changes as well (one per node it was stocked at).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class StockFeedBenchmark
{
    static final int NODES = 50;
    static final int SKUS = 1_000;
    static final int PAGE = 200;

    @Param({"none", "web", "pooled"})
    public String channel = "pooled";

    private final SetUpCommands setUp = new SetUpCommands();
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private final UnsafeBuffer viewQuery = new UnsafeBuffer(new byte[128]);
    private final UnsafeBuffer feedQuery = new UnsafeBuffer(new byte[128]);
    private final UnsafeBuffer changesQuery = new UnsafeBuffer(new byte[128]);
    private int viewLength;
    private int feedLength;
    private int changesLength;
    private Engine engine;
    private final long time = 1_700_000_000_000L;

    @Setup
    public void setUp()
    {
        engine = new Engine();
        final SplittableRandom random = new SplittableRandom(7);
        long seq = setUp.singaporeWarehouses(engine, time, NODES, random);
        setUp.apply(engine, ++seq, time, CommandType.DEFINE_CHANNEL, w ->
        {
            CommandCodec.defineChannel(w, 0, 0, "pooled", Codes.ChannelKind.MARKETPLACE, "Pooled", 1);
            CommandCodec.channelPool(w, "", 3_000);
            CommandCodec.channelSources(w, java.util.List.of());
        });
        seq = setUp.skusAtEveryNode(engine, seq, time, 0, 500, "SKU-%05d", NODES, 2, random);
        final long afterSku499 = seq;
        seq = setUp.skusAtEveryNode(engine, seq, time, 500, SKUS, "SKU-%05d", NODES, 2, random);
        final String asked = "none".equals(channel) ? null : channel;
        writer.wrap(viewQuery, 0);
        if (asked == null)
        {
            CommandCodec.queryInventory(writer, "SKU-00500");
        }
        else
        {
            CommandCodec.queryInventory(writer, "SKU-00500", asked);
        }
        viewLength = writer.length();
        writer.wrap(feedQuery, 0);
        CommandCodec.queryStock(writer, "SKU-00499", PAGE, asked);
        feedLength = writer.length();
        writer.wrap(changesQuery, 0);
        CommandCodec.queryStockChanges(writer, afterSku499, null, PAGE, asked, null);
        changesLength = writer.length();
    }

    /** One SKU's view, with the channel's section when one is asked about. */
    @Benchmark
    public int inventoryView()
    {
        return answer(CommandType.QUERY_INVENTORY, viewQuery, viewLength);
    }

    /** A page of {@value #PAGE} SKUs of the stock feed. */
    @Benchmark
    public int stockFeedPage()
    {
        return answer(CommandType.QUERY_STOCK, feedQuery, feedLength);
    }

    /** A page of {@value #PAGE} SKUs of the change feed: the same SKUs as {@link #stockFeedPage}'s, found by the log. */
    @Benchmark
    public int changesPage()
    {
        return answer(CommandType.QUERY_STOCK_CHANGES, changesQuery, changesLength);
    }

    private int answer(final CommandType type, final UnsafeBuffer query, final int length)
    {
        engine.query(time, type, query, 0, length, reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException(type + " answered " + reply.code());
        }
        return reply.dataLength();
    }
}
