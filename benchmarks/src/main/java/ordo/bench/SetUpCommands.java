package ordo.bench;

import java.util.SplittableRandom;
import java.util.function.Consumer;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Engine;
import ordo.engine.OrderForm;
import ordo.engine.PayloadReader;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A benchmark's set-up commands (its network, SKUs, stock, orders made to wait), each encoded by the caller and applied
 * at the sequence and time it gives: any answer but OK stops the set-up, which would otherwise measure something else.
 * Not measured.
 */
final class SetUpCommands
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();

    void apply(final Engine engine, final long seq, final long time, final CommandType type,
        final Consumer<PayloadWriter> encoder)
    {
        writer.wrap(buffer, 0);
        encoder.accept(writer);
        engine.apply(seq, time, type, buffer, 0, writer.length(), reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException(type + " answered " + reply.code());
        }
    }

    /**
     * Defines {@code nodes} active warehouses {@code node-0} .. that ship, at random points in Singapore/Johor (seeded
     * by {@code random}), handling 250 SGD minor units, unlimited capacity, at sequences 1 to {@code nodes}.
     *
     * @return the last sequence used.
     */
    long singaporeWarehouses(final Engine engine, final long time, final int nodes,
        final SplittableRandom random)
    {
        long seq = 0;
        for (int n = 0; n < nodes; n++)
        {
            final String id = "node-" + n;
            final int lat = 1_200_000 + random.nextInt(500_000);
            final int lon = 103_500_000 + random.nextInt(700_000);
            apply(engine, ++seq, time, CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, id,
                Codes.LocationType.WAREHOUSE, id, lat, lon, "SG", Codes.CAP_SHIP, 0, 250, "SGD", true));
        }
        return seq;
    }

    /**
     * Defines SKUs {@code first} .. {@code end - 1}, ids {@code String.format(format, s)}, each stocked at every one of
     * {@code nodes} warehouses {@code node-0} .. with 10 to 1 009 units (seeded by {@code random}) and this safety
     * stock, from sequence {@code seq + 1}.
     *
     * @return the last sequence used.
     */
    long skusAtEveryNode(final Engine engine, final long seq, final long time, final int first, final int end,
        final String format, final int nodes, final long safetyStock, final SplittableRandom random)
    {
        long next = seq;
        for (int s = first; s < end; s++)
        {
            final String sku = String.format(format, s);
            apply(engine, ++next, time, CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku,
                500, 0, Long.MIN_VALUE, Long.MAX_VALUE, false));
            for (int n = 0; n < nodes; n++)
            {
                final String node = "node-" + n;
                final long onHand = 10 + random.nextInt(1_000);
                apply(engine, ++next, time, CommandType.SET_INVENTORY,
                    w -> CommandCodec.setInventory(w, 0, 0, sku, node, onHand, safetyStock));
            }
        }
        return next;
    }

    /**
     * Figure {@code field} of {@code sku}'s network inventory view, queried at {@code time}: 1 on hand, 2 reserved, 3
     * allocated, 4 ATP, 5 backordered (the set-ups' and their tests' check that the state is the one meant).
     */
    long networkFigure(final Engine engine, final long time, final String sku, final int field)
    {
        writer.wrap(buffer, 0);
        CommandCodec.queryInventory(writer, sku);
        engine.query(time, CommandType.QUERY_INVENTORY, buffer, 0, writer.length(), reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException("inventory: " + reply.code());
        }
        final PayloadReader view = new PayloadReader().wrap(reply.data(), 0, reply.dataLength());
        view.readAsciiString();
        long value = 0;
        for (int i = 0; i < field; i++)
        {
            value = view.readLong();
        }
        return value;
    }

    /**
     * Ships {@code form} to a street of customer {@code customer}'s own in Singapore, at the point given in
     * micro-degrees: every order a new address key for the fraud screen, as in order capture.
     */
    static void orchardRoad(final OrderForm form, final int customer, final int latMicro, final int lonMicro)
    {
        form.shipName = "Customer " + customer;
        form.line1 = customer + " Orchard Road";
        form.city = "Singapore";
        form.postalCode = "238801";
        form.shipCountryCode = "SG";
        form.shipTo(latMicro, lonMicro);
    }

    /**
     * A web order by customer {@code customer} of its own (id, email, street: {@link #orchardRoad}), paid offline,
     * shipped to point {@code customer} of {@code points} (latitude and longitude in micro-degrees by turns), lines to
     * add.
     */
    static OrderForm customerOrder(final int customer, final int[] points)
    {
        final OrderForm form = new OrderForm();
        form.channel = "web";
        form.customerId = "customer-" + customer;
        form.email = "customer-" + customer + "@example.com";
        orchardRoad(form, customer, points[2 * customer], points[2 * customer + 1]);
        form.paymentProvider = "offline";
        form.paymentCurrency = "SGD";
        return form;
    }
}
