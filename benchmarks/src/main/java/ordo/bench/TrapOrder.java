package ordo.bench;

import java.util.function.Consumer;

import ordo.engine.Codes;
import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.OrderForm;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One order placed on a network made afresh for it, at one place: what the planner's trap benchmarks
 * ({@link WideSearchTrapBenchmark}, {@link SmallSetTrapBenchmark}) time, one placement an invocation.
 */
final class TrapOrder
{
    private static final int LAT = 1_300_000;
    private static final int LON = 103_800_000;

    private final Reply reply = new Reply();
    private final SetUpCommands setUp = new SetUpCommands();
    private final UnsafeBuffer order = new UnsafeBuffer(new byte[4096]);
    private int orderLength;
    private Engine engine;
    private long seq;
    private long time;

    /** An order at the network's place, to be filled with lines and sent by {@link #encode}. */
    static OrderForm form()
    {
        return SetUpCommands.customerOrder(0, new int[] {LAT, LON});
    }

    /** Encodes {@code form} as the order {@link #place} sends, its payment the lines' total. */
    void encode(final OrderForm form)
    {
        long total = 0;
        for (final OrderForm.Line line : form.lines)
        {
            total += line.qty() * line.unitPriceMinor();
        }
        form.paymentAmountMinor = total;
        final PayloadWriter writer = new PayloadWriter();
        writer.wrap(order, 0);
        CommandCodec.placeOrder(writer, 0, 0, form);
        orderLength = writer.length();
    }

    /** A new engine, with nothing defined. */
    void freshEngine()
    {
        engine = new Engine();
        seq = 0;
        time = 1_700_000_000_000L;
    }

    /** A warehouse at the network's place, handling {@code handling}. */
    void warehouse(final String id, final long handling)
    {
        apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, id, Codes.LocationType.WAREHOUSE,
            id, LAT, LON, "SG", Codes.CAP_SHIP, 0, handling, "SGD", true));
    }

    /** A SKU, its backorders allowed or not. */
    void sku(final String sku, final boolean allowBackorder)
    {
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 500, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, allowBackorder));
    }

    /** {@code units} of {@code sku} at {@code location}. */
    void stock(final String sku, final String location, final long units)
    {
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, location, units, 0));
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

    /** Whether order {@code id}'s plan was searched exactly (tests). */
    boolean exact(final long id)
    {
        return PlanViews.exact(engine, time, id);
    }

    /** The shipments of order {@code id}'s plan (tests). */
    int shipments(final long id)
    {
        return PlanViews.shipments(engine, time, id);
    }

    private void apply(final CommandType type, final Consumer<PayloadWriter> encoder)
    {
        setUp.apply(engine, ++seq, ++time, type, encoder);
    }
}
