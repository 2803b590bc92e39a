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
 * Engine only, one thread: what a count or a loss at a node costs when the node's allocations are old. One order took
 * the one unit at {@code cold}; then {@link #newerOrders} orders of the same SKU, each by a customer of its own, took
 * all of {@code hot}'s stock. Measured, two commands per operation: a unit of {@code cold} lost ({@code DAMAGE} −1:
 * the old order's unit goes back to backorder, and the fill after it finds no stock anywhere), then received again
 * ({@code RECEIPT} +1: the fill gives it back to the old order). Walking the SKU's orders from the newest, each loss
 * read every newer order before it reached the old one (BENCHMARKS.md, thirty-fourth round).
 *
 * <p>Each cycle leaves the old order an emptied allocation record and a few events, which later commands on it read
 * (its allocations, to learn whether it still ships from the node), so a run of many cycles would measure that order's
 * growing history instead: each shot runs {@link #BATCH} cycles on a network made afresh, unmeasured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, batchSize = 1)
@Measurement(iterations = 15, batchSize = 1)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx3g", "-XX:+UseParallelGC"})
public class StockShortageBenchmark
{
    static final String SKU = "BO";
    static final int BATCH = 200;
    /** Engine time per command: the old order's timeline grows by a few events an operation, never expiring. */
    static final long MILLIS_PER_COMMAND = 1;

    @Param({"0", "20000", "100000"})
    public int newerOrders;

    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private final UnsafeBuffer loss = new UnsafeBuffer(new byte[128]);
    private int lossLength;
    private final UnsafeBuffer receipt = new UnsafeBuffer(new byte[128]);
    private int receiptLength;
    private Engine engine;
    private long seq;
    private long time;

    @Setup(Level.Iteration)
    public void setUp()
    {
        engine = new Engine();
        seq = 0;
        time = 1_700_000_000_000L;
        apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "cold",
            Codes.LocationType.WAREHOUSE, "cold", 1_450_000, 103_700_000, "SG", Codes.CAP_SHIP, 0, 300, "SGD", true));
        apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "hot",
            Codes.LocationType.WAREHOUSE, "hot", 1_333_000, 103_742_000, "SG", Codes.CAP_SHIP, 0, 300, "SGD", true));
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, SKU, SKU, 100, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, true));
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, SKU, "cold", 1, 0));
        placeOrder(-1);
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, SKU, "hot", newerOrders, 0));
        for (int i = 0; i < newerOrders; i++)
        {
            placeOrder(i);
        }
        writer.wrap(loss, 0);
        CommandCodec.adjustInventory(writer, 0, 0, SKU, "cold", -1, Codes.AdjustmentReason.DAMAGE);
        lossLength = writer.length();
        writer.wrap(receipt, 0);
        CommandCodec.adjustInventory(writer, 0, 0, SKU, "cold", 1, Codes.AdjustmentReason.RECEIPT);
        receiptLength = writer.length();
        if (allocated() != 1 + newerOrders || backordered() != 0)
        {
            throw new IllegalStateException(allocated() + " allocated, " + backordered() + " backordered");
        }
    }

    private void placeOrder(final int customer)
    {
        final OrderForm form = new OrderForm();
        form.channel = "web";
        form.customerId = "customer-" + customer;
        SetUpCommands.orchardRoad(form, customer, 1_300_000, 103_800_000);
        form.paymentProvider = "offline";
        form.paymentAmountMinor = 1_999;
        form.paymentCurrency = "SGD";
        form.line(SKU, 1, 1_999, "SGD");
        apply(CommandType.PLACE_ORDER, w -> CommandCodec.placeOrder(w, 0, 0, form));
    }

    /** The network's allocated units, from the SKU's inventory view. */
    long allocated()
    {
        return setUp.networkFigure(engine, time, SKU, 3);
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

    /** The loss at {@code cold} (the old order's unit goes back to backorder). */
    void lose()
    {
        time += MILLIS_PER_COMMAND;
        engine.apply(++seq, time, CommandType.ADJUST_INVENTORY, loss, 0, lossLength, reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException("loss: " + reply.code());
        }
    }

    /** The receipt at {@code cold} (the fill gives the old order its unit back). */
    void receive()
    {
        time += MILLIS_PER_COMMAND;
        engine.apply(++seq, time, CommandType.ADJUST_INVENTORY, receipt, 0, receiptLength, reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException("receipt: " + reply.code());
        }
    }

    /** A unit of {@code cold} lost, then received. */
    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public long loseThenReceive()
    {
        for (int i = 0; i < BATCH; i++)
        {
            lose();
            receive();
        }
        return seq;
    }
}
