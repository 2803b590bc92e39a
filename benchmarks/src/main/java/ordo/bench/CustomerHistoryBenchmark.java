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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine only, one thread: what a customer's history costs its next order. A business customer (a shop restocking
 * from an FMCG brand) has ordered {@link #history} distinct SKUs before; each of its orders is counted per SKU for
 * per-customer limits as long as it is not cancelled. Measured: an order of {@link #LINES} lines of SKUs it has not
 * ordered before, then its cancellation (two commands per operation; the customer's history stays as it was). Each
 * line's SKU is looked up among the customer's SKUs when it is counted and again when it is given back; read one by
 * one, that cost as much as the history was long.
 *
 * <p>Engine time moves an hour an order so the fraud screen's velocity rule (orders per customer per hour) never
 * holds one for review. Cancelled orders stay engine state, so the engine is made again for every iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class CustomerHistoryBenchmark
{
    static final int LINES = 50;
    /** SKUs per order of the set-up's history: as many as an order may have. */
    static final int HISTORY_LINES = CommandCodec.MAX_LINES;
    static final long HOUR_MILLIS = 3_600_000L;
    private static final long PRICE_MINOR = 100;
    private static final byte READY = (byte)Codes.OrderStatus.READY_TO_RELEASE.code();

    /** Distinct SKUs the customer ordered before. */
    @Param({"0", "10000"})
    public int history;

    private final SetUpCommands setUp = new SetUpCommands();
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private final UnsafeBuffer order = new UnsafeBuffer(new byte[8192]);
    private int orderLength;
    private final UnsafeBuffer cancel = new UnsafeBuffer(new byte[256]);
    private int cancelLength;
    private Engine engine;
    private long seq;
    private long time;

    @Setup(Level.Iteration)
    public void freshEngine()
    {
        engine = new Engine();
        seq = 0;
        time = 1_700_000_000_000L;
        apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "wh", Codes.LocationType.WAREHOUSE,
            "wh", 1_333_000, 103_742_000, "SG", Codes.CAP_SHIP, 0, 300, "SGD", true));
        for (int s = 0; s < history + LINES; s++)
        {
            final String sku = sku(s);
            apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 100, 0, Long.MIN_VALUE,
                Long.MAX_VALUE, false));
            apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, "wh", 1_000_000_000, 0));
        }
        for (int first = 0; first < history; first += HISTORY_LINES)
        {
            final OrderForm form = form(first, Math.min(HISTORY_LINES, history - first));
            time += HOUR_MILLIS;
            apply(CommandType.PLACE_ORDER, w -> CommandCodec.placeOrder(w, 0, 0, form));
        }
        writer.wrap(order, 0);
        CommandCodec.placeOrder(writer, 0, 0, form(history, LINES));
        orderLength = writer.length();
        writer.wrap(cancel, 0);
        CommandCodec.cancelOrderHeader(writer, 0, 0, 0, null, "customer asked", 0);
        cancelLength = writer.length();
    }

    /** An order of {@code lines} SKUs from {@code first} on, one unit each, by the business customer. */
    private static OrderForm form(final int first, final int lines)
    {
        final OrderForm form = new OrderForm();
        form.channel = "b2b";
        form.customerId = "shop-42";
        form.email = "buyer@shop-42.example";
        SetUpCommands.orchardRoad(form, 42, 1_300_000, 103_800_000);
        form.paymentProvider = "offline";
        form.paymentAmountMinor = lines * PRICE_MINOR;
        form.paymentCurrency = "SGD";
        for (int l = 0; l < lines; l++)
        {
            form.line(sku(first + l), 1, PRICE_MINOR, "SGD");
        }
        return form;
    }

    private static String sku(final int s)
    {
        return "SKU-" + s;
    }

    /** Units of {@code sku(s)} allocated across the network (the set-up's and the tests' check). */
    long allocated(final int s)
    {
        return setUp.networkFigure(engine, time, sku(s), 3);
    }

    private void apply(final CommandType type, final java.util.function.Consumer<PayloadWriter> encoder)
    {
        setUp.apply(engine, ++seq, ++time, type, encoder);
    }

    /** The order of {@link #LINES} new SKUs, then its cancellation. */
    @Benchmark
    public long orderThenCancel()
    {
        time += HOUR_MILLIS;
        engine.apply(++seq, time, CommandType.PLACE_ORDER, order, 0, orderLength, reply);
        // The ORDER view's status (after its id): the order passed the screen and is paid for, not held for review.
        if (reply.code() != ResultCode.OK || reply.data().getByte(Long.BYTES) != READY)
        {
            throw new IllegalStateException("order answered " + reply.code() + ", status " +
                Codes.OrderStatus.fromCode(reply.data().getByte(Long.BYTES)));
        }
        cancel.putLong(CommandCodec.ENVELOPE_LENGTH, reply.entityId(), java.nio.ByteOrder.LITTLE_ENDIAN);
        engine.apply(++seq, time, CommandType.CANCEL_ORDER, cancel, 0, cancelLength, reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException("cancel answered " + reply.code());
        }
        return seq;
    }
}
