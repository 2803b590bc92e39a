package ordo.bench;

import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine only, one thread: an order's sourcing view ({@code GET /v1/orders/{id}/sourcing}), which plans each line
 * still waiting for stock as a fill would (its {@code waiting} section) on the engine thread. The worst case: an order
 * of {@link #lines} lines, each of a SKU every one of {@link #NODES} warehouses stocks, as SAME_DAY to a place none of
 * them reaches ({@code waits}: every line backordered, every plan classifies every node), against the same order
 * shipped STANDARD in Singapore and allocated whole (nothing waits: the view reads its stored records only).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class SourcingViewBenchmark
{
    static final int NODES = 50;

    @Param({"1", "64"})
    public int lines = 1;

    /** Whether the order's lines wait (SAME_DAY beyond every node's reach) or were allocated (STANDARD). */
    @Param({"true", "false"})
    public boolean waits = true;

    private final SetUpCommands setUp = new SetUpCommands();
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private final UnsafeBuffer query = new UnsafeBuffer(new byte[64]);
    private int queryLength;
    private Engine engine;
    private long time = 1_700_000_000_000L;

    @Setup
    public void setUp()
    {
        engine = new Engine();
        final SplittableRandom random = new SplittableRandom(7);
        long seq = setUp.singaporeWarehouses(engine, time, NODES, random);
        final OrderForm form = new OrderForm();
        form.channel = "web";
        form.customerId = "customer-1";
        form.email = "customer-1@example.com";
        form.paymentProvider = "offline";
        form.paymentAmountMinor = lines * 100L;
        form.paymentCurrency = "SGD";
        form.serviceLevel = waits ? Codes.ServiceLevel.SAME_DAY : Codes.ServiceLevel.STANDARD;
        // Bangkok, beyond every Singapore node's same-day reach; or Orchard Road.
        SetUpCommands.orchardRoad(form, 1, waits ? 13_756_000 : 1_304_800, waits ? 100_501_000 : 103_831_800);
        for (int s = 0; s < lines; s++)
        {
            final String sku = "sku-" + s;
            setUp.apply(engine, ++seq, time, CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku,
                500, 0, Long.MIN_VALUE, Long.MAX_VALUE, true));
            for (int n = 0; n < NODES; n++)
            {
                final String node = "node-" + n;
                setUp.apply(engine, ++seq, time, CommandType.SET_INVENTORY,
                    w -> CommandCodec.setInventory(w, 0, 0, sku, node, 1_000, 0));
            }
            form.line(sku, 1, 100, "SGD");
        }
        setUp.apply(engine, ++seq, time, CommandType.PLACE_ORDER, w -> CommandCodec.placeOrder(w, 0, 0, form));
        // The engine's first order (ids count from 1; the API shows them mixed).
        writer.wrap(query, 0);
        CommandCodec.queryOrder(writer, 1, null);
        queryLength = writer.length();
    }

    /** Units of {@code sku-s} backordered across the network (the set-up's test: all or none). */
    long backordered(final int s)
    {
        return setUp.networkFigure(engine, time, "sku-" + s, 5);
    }

    @Benchmark
    public int sourcingView()
    {
        engine.query(time, CommandType.QUERY_ORDER_SOURCING, query, 0, queryLength, reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException("sourcing view answered " + reply.code());
        }
        return reply.dataLength();
    }
}
