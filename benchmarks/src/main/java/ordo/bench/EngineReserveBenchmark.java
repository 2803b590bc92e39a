package ordo.bench;

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
 * Engine only, one thread: a storefront reserve followed by its release, over 1 000 SKUs stocked at 4 nodes, with
 * per-customer limits on. Two commands per operation. Target: at least 10 M commands/s and ≈ 0 B/op (-prof gc).
 * Engine time advances per reserve by {@link #engineMillisPerReserve}.
 * The benchmark checks its own result: every reserve must succeed and every release must find its hold.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class EngineReserveBenchmark
{
    static final int SKUS = 1_000;
    static final int LOCATIONS = 4;
    static final int BATCH = 1_000;
    /**
     * Engine time per reserve. Released reservations stay readable for 24 h of engine time, then their objects are
     * recycled, so this sets how many are retained in steady state: 100 ms → ≈ 864 k (a heap far larger than the
     * caches: the memory-bound case), 10 s → ≈ 8.6 k (cache-resident). Either way the heap stops growing.
     */
    @Param({"100", "10000"})
    public long engineMillisPerReserve;

    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private final String[] skuIds = new String[SKUS];
    private final UnsafeBuffer[] reserves = new UnsafeBuffer[BATCH];
    private final int[] reserveLengths = new int[BATCH];
    private final UnsafeBuffer release = new UnsafeBuffer(new byte[64]);
    private int releaseLength;
    private Engine engine;
    private long seq;
    private long time;
    /** Long enough that no hold expires before the batch releases it. */
    private long ttlMillis;
    private final long[] held = new long[BATCH];

    @Setup(Level.Trial)
    public void setUp()
    {
        engine = new Engine();
        ttlMillis = 2 * BATCH * engineMillisPerReserve + 60_000;
        seq = 0;
        time = 1_700_000_000_000L;
        for (int l = 0; l < LOCATIONS; l++)
        {
            final String id = "wh-" + l;
            apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, id,
                Codes.LocationType.WAREHOUSE, id, 1_300_000, 103_800_000, "SG", Codes.CAP_SHIP, 1000, 100, "SGD",
                true));
        }
        for (int s = 0; s < SKUS; s++)
        {
            skuIds[s] = String.format("SKU-%05d", s);
            final String sku = skuIds[s];
            apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 100, 5, Long.MIN_VALUE,
                Long.MAX_VALUE, false));
            for (int l = 0; l < LOCATIONS; l++)
            {
                final String location = "wh-" + l;
                apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, location, 1_000_000, 5));
            }
        }
        // Commands are encoded once: the benchmark measures the engine, not the gateway's encoding.
        for (int c = 0; c < BATCH; c++)
        {
            reserves[c] = new UnsafeBuffer(new byte[256]);
            writer.wrap(reserves[c], 0);
            CommandCodec.reserveHeader(writer, 0, 0, "web", "customer-" + c, null, ttlMillis, 1);
            CommandCodec.reserveLine(writer, skuIds[c * 7 % SKUS], 1);
            reserveLengths[c] = writer.length();
        }
        writer.wrap(release, 0);
        CommandCodec.releaseReservation(writer, 0, 0, 0, null);
        releaseLength = writer.length();
    }

    private final SetUpCommands setUp = new SetUpCommands();

    private void apply(final CommandType type, final java.util.function.Consumer<PayloadWriter> encoder)
    {
        setUp.apply(engine, ++seq, ++time, type, encoder);
    }

    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public long reserveThenRelease()
    {
        for (int i = 0; i < BATCH; i++)
        {
            time += engineMillisPerReserve;
            engine.apply(++seq, time, CommandType.RESERVE, reserves[i], 0, reserveLengths[i], reply);
            if (reply.code() != ResultCode.OK)
            {
                throw new IllegalStateException("reserve failed: " + reply.code());
            }
            held[i] = reply.entityId();
        }
        for (int i = 0; i < BATCH; i++)
        {
            // Only the reservation id changes: patch it into the pre-encoded RELEASE.
            release.putLong(CommandCodec.ENVELOPE_LENGTH, held[i], java.nio.ByteOrder.LITTLE_ENDIAN);
            engine.apply(++seq, time, CommandType.RELEASE_RESERVATION, release, 0, releaseLength, reply);
            if (reply.code() != ResultCode.OK)
            {
                throw new IllegalStateException("release failed: " + reply.code());
            }
        }
        return seq;
    }
}
