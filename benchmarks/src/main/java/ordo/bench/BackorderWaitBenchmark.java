package ordo.bench;

import java.util.concurrent.TimeUnit;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine only, one thread: what the lines waiting for stock cost the commands that touch their SKU. {@link #waiting}
 * orders of one unit each wait (backorders allowed) while a warehouse has plenty: {@code store}, pickups at a store
 * that has none of the SKU; {@code capacity}, orders shipped from the warehouse after its day's capacity (100
 * orders) was taken; {@code country}, orders shipped to Malaysia while the warehouse ships to Singapore only (its
 * {@code shipsTo}, rules version 15). Measured: a storefront's hold of one unit at the warehouse and its release (two commands per
 * operation), and the inventory view of the SKU. Every release may let a waiting line take stock, so a backorder fill
 * runs after it; the waiting lines can take nothing then. (Engine time moves a second a hold, so the warehouse gets a
 * new day every 86 invocations and fills 100 of the {@code capacity} lines: a few per cent of them over a run.) Reading every waiting order on each release made it cost as much as the
 * queue was long (~1 ms with 20 000 waiting, against ~0.05 µs with none; BENCHMARKS.md, thirty-third round).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class BackorderWaitBenchmark
{
    static final String SKU = "BO";
    static final int BATCH = 1_000;
    /**
     * Engine time per hold. Released holds stay readable for 24 h of engine time: a millisecond apart, millions
     * accumulated and the fork ran out of heap; a second apart, at most 86 400 are kept.
     */
    static final long MILLIS_PER_HOLD = 1_000;
    /** Long enough that no hold expires before the batch releases it. */
    static final long TTL_MILLIS = 2 * BATCH * MILLIS_PER_HOLD + 60_000;

    @Param({"0", "20000"})
    public int waiting;

    /**
     * What the waiting lines wait for: {@code store} (their pickup store's stock), {@code capacity} (a new day) or
     * {@code country} (a node that ships to their country).
     */
    @Param({"store", "capacity", "country"})
    public String waitingFor = "store";

    static final int DAILY_CAPACITY = 100;

    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private final UnsafeBuffer reserve = new UnsafeBuffer(new byte[256]);
    private int reserveLength;
    private final UnsafeBuffer release = new UnsafeBuffer(new byte[64]);
    private int releaseLength;
    private final UnsafeBuffer inventory = new UnsafeBuffer(new byte[64]);
    private int inventoryLength;
    private final long[] held = new long[BATCH];
    private Engine engine;
    private long seq;
    private long time;

    @Setup(Level.Trial)
    public void setUp()
    {
        engine = new Engine();
        seq = 0;
        time = 1_700_000_000_000L;
        final boolean capacity = "capacity".equals(waitingFor);
        final boolean country = "country".equals(waitingFor);
        apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "wh", Codes.LocationType.WAREHOUSE,
            "wh", 1_333_000, 103_742_000, "SG", Codes.CAP_SHIP, capacity ? DAILY_CAPACITY : 0, 300, "SGD", true,
            country ? java.util.List.of("SG") : java.util.List.of()));
        apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "store", Codes.LocationType.STORE,
            "store", 1_304_800, 103_831_800, "SG", Codes.CAP_PICKUP, 0, 300, "SGD", true));
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, SKU, SKU, 100, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, true));
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, SKU, "wh", 1_000_000, 0));
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, SKU, "store", 0, 0));
        for (int i = 0; i < waiting + (capacity ? DAILY_CAPACITY : 0); i++)
        {
            final OrderForm form = new OrderForm();
            form.channel = "pos";
            form.customerId = "customer-" + i;
            if (capacity || country)
            {
                SetUpCommands.orchardRoad(form, i, 1_300_000, 103_800_000);
                form.shipCountryCode = country ? "MY" : form.shipCountryCode;
            }
            else
            {
                form.deliveryMethod = Codes.DeliveryMethod.PICKUP;
                form.pickupLocationId = "store";
            }
            form.paymentProvider = "offline";
            form.paymentAmountMinor = 1_999;
            form.paymentCurrency = "SGD";
            form.line(SKU, 1, 1_999, "SGD");
            apply(CommandType.PLACE_ORDER, w -> CommandCodec.placeOrder(w, 0, 0, form));
        }
        writer.wrap(reserve, 0);
        CommandCodec.reserveHeader(writer, 0, 0, "web", "shopper", "wh", TTL_MILLIS, 1);
        CommandCodec.reserveLine(writer, SKU, 1);
        reserveLength = writer.length();
        writer.wrap(release, 0);
        CommandCodec.releaseReservation(writer, 0, 0, 0, null);
        releaseLength = writer.length();
        writer.wrap(inventory, 0);
        CommandCodec.queryInventory(writer, SKU);
        inventoryLength = writer.length();
        // Every waiting line is a unit the view counts: a check that the orders placed wait.
        if (backordered() != waiting)
        {
            throw new IllegalStateException(backordered() + " units backordered, not " + waiting);
        }
    }

    /** The network's backordered units, from the SKU's inventory view. */
    long backordered()
    {
        return setUp.networkFigure(engine, time, SKU, 5);
    }

    private final SetUpCommands setUp = new SetUpCommands();

    private void apply(final CommandType type, final java.util.function.Consumer<PayloadWriter> encoder)
    {
        setUp.apply(engine, ++seq, ++time, type, encoder);
    }

    /** A hold of one unit at the warehouse, then its release (which runs a backorder fill). */
    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public long holdThenRelease()
    {
        for (int i = 0; i < BATCH; i++)
        {
            time += MILLIS_PER_HOLD;
            engine.apply(++seq, time, CommandType.RESERVE, reserve, 0, reserveLength, reply);
            if (reply.code() != ResultCode.OK)
            {
                throw new IllegalStateException("reserve failed: " + reply.code());
            }
            held[i] = reply.entityId();
        }
        for (int i = 0; i < BATCH; i++)
        {
            release.putLong(CommandCodec.ENVELOPE_LENGTH, held[i], java.nio.ByteOrder.LITTLE_ENDIAN);
            engine.apply(++seq, time, CommandType.RELEASE_RESERVATION, release, 0, releaseLength, reply);
            if (reply.code() != ResultCode.OK)
            {
                throw new IllegalStateException("release failed: " + reply.code());
            }
        }
        return seq;
    }

    /** The SKU's inventory view, with its backordered units per node and network. */
    @Benchmark
    public int inventoryView()
    {
        engine.query(time, CommandType.QUERY_INVENTORY, inventory, 0, inventoryLength, reply);
        return reply.data().getInt(0);
    }
}
