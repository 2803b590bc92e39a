package ordo.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
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
 * Engine only, one thread: what the network's admin commands cost a large catalog and a large network, on the engine
 * thread that every order waits behind. {@link #skus} SKUs, every other one stocked at {@code wh-b} and the rest at
 * {@code wh-a}; {@link #locations} more stores with ids in no particular order. Measured: a location's daily
 * capacity edited ({@code editLocation}), a channel defined ({@code defineChannel}), {@code wh-b} switched off and on
 * again ({@code switchNodeOffAndOn}, two commands: its SKUs' network supply does change, and the sold-out board
 * publishes each), and a restore of the whole state from its snapshot ({@code restore}). Each once visited every SKU
 * of the catalog, or compared every location with every other (BENCHMARKS.md, thirty-fifth round).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx3g", "-XX:+UseParallelGC"})
public class NetworkAdminBenchmark
{
    @Param({"100000"})
    public int skus;

    @Param({"20000"})
    public int locations;

    private final SetUpCommands setUp = new SetUpCommands();
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private final UnsafeBuffer[] edits = {new UnsafeBuffer(new byte[256]), new UnsafeBuffer(new byte[256])};
    private final int[] editLengths = new int[2];
    private final UnsafeBuffer[] switches = {new UnsafeBuffer(new byte[256]), new UnsafeBuffer(new byte[256])};
    private final int[] switchLengths = new int[2];
    private final UnsafeBuffer channel = new UnsafeBuffer(new byte[128]);
    private int channelLength;
    private Engine engine;
    private byte[] snapshot;
    private long seq;
    private long time;
    private int turn;

    @Setup(Level.Trial)
    public void network()
    {
        engine = new Engine();
        time = 1_700_000_000_000L;
        apply(CommandType.DEFINE_LOCATION, w -> warehouse(w, "wh-a", 0, true));
        apply(CommandType.DEFINE_LOCATION, w -> warehouse(w, "wh-b", 0, true));
        final SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < locations; n++)
        {
            final String id = "store-" + random.nextInt(1_000_000_000) + "-" + n;
            apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, id, Codes.LocationType.STORE,
                id, 1_300_000, 103_800_000, "SG", Codes.CAP_SHIP_FROM_STORE, 100, 250, "SGD", true));
        }
        for (int i = 0; i < skus; i++)
        {
            final String sku = "SKU-" + i;
            final String at = (i & 1) == 0 ? "wh-b" : "wh-a";
            apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 100, 0, Long.MIN_VALUE,
                Long.MAX_VALUE, false));
            apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, at, 10, 0));
        }
        for (int k = 0; k < 2; k++)
        {
            final int capacity = 100 + k;
            writer.wrap(edits[k], 0);
            warehouse(writer, "wh-b", capacity, true);
            editLengths[k] = writer.length();
            writer.wrap(switches[k], 0);
            warehouse(writer, "wh-b", 100, k == 1);
            switchLengths[k] = writer.length();
        }
        writer.wrap(channel, 0);
        CommandCodec.defineChannel(writer, 0, 0, "web", Codes.ChannelKind.WEB, "Web", 0);
        CommandCodec.channelSources(writer, java.util.List.of());
        channelLength = writer.length();
        snapshot = EngineSnapshot.toBytes(engine);
        if (EngineSnapshot.fromBytes(snapshot, EventSink.NONE).stateHash() != engine.stateHash())
        {
            throw new IllegalStateException("a restored snapshot has another state hash");
        }
    }

    private static void warehouse(final PayloadWriter w, final String id, final int capacity, final boolean active)
    {
        CommandCodec.defineLocation(w, 0, 0, id, Codes.LocationType.WAREHOUSE, id, 1_333_000, 103_742_000, "SG",
            Codes.CAP_SHIP, capacity, 300, "SGD", active);
    }

    private void apply(final CommandType type, final java.util.function.Consumer<PayloadWriter> encoder)
    {
        setUp.apply(engine, ++seq, ++time, type, encoder);
    }

    private void apply(final CommandType type, final UnsafeBuffer command, final int length)
    {
        engine.apply(++seq, ++time, type, command, 0, length, reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException(type + " answered " + reply.code());
        }
    }

    /** A SKU's network ATP, from its inventory view (the test's check that the state is the one meant). */
    long networkAtp(final String sku)
    {
        return setUp.networkFigure(engine, time, sku, 4);
    }

    long lastSeq()
    {
        return engine.lastSeq();
    }

    /** {@code wh-b}'s daily capacity edited (100, 101, 100, …); nothing else about it changes. */
    @Benchmark
    public long editLocation()
    {
        final int k = turn++ & 1;
        apply(CommandType.DEFINE_LOCATION, edits[k], editLengths[k]);
        return seq;
    }

    /** The web channel defined again, as it was. */
    @Benchmark
    public long defineChannel()
    {
        apply(CommandType.DEFINE_CHANNEL, channel, channelLength);
        return seq;
    }

    /** {@code wh-b}, stocking half the catalog, switched off and then on again. */
    @Benchmark
    @OperationsPerInvocation(2)
    public long switchNodeOffAndOn()
    {
        apply(CommandType.DEFINE_LOCATION, switches[0], switchLengths[0]);
        apply(CommandType.DEFINE_LOCATION, switches[1], switchLengths[1]);
        return seq;
    }

    /** The whole state from its snapshot: what a start does before it replays the journal's tail. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long restore()
    {
        return EngineSnapshot.fromBytes(snapshot, EventSink.NONE).lastSeq();
    }
}
