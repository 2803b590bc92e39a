package ordo.engine.testing;

import java.util.Arrays;

import ordo.engine.Reply;
import ordo.engine.ResultCode;

/**
 * A copy of one {@link Reply}: code, tuple, the replayed flag and the view bytes, taken before the reply object is
 * reused. Equality compares everything, view bytes by content, so two runs can be compared reply by reply.
 */
public record Result(ResultCode code, long entityId, long a, long b, long c, long d, boolean replayed, long seq,
    long timeMillis, byte[] data)
{
    public static Result of(final Reply reply)
    {
        final byte[] data = new byte[reply.dataLength()];
        reply.data().getBytes(0, data);
        return new Result(reply.code(), reply.entityId(), reply.a(), reply.b(), reply.c(), reply.d(),
            reply.replayed(), reply.seq(), reply.timeMillis(), data);
    }

    public boolean isOk()
    {
        return code.isOk();
    }

    /** The reservation id of a successful RESERVE or RELEASE_RESERVATION. */
    public long reservationId()
    {
        return entityId;
    }

    /** The line index a line-level RESERVE reject is about (tuple d). */
    public int line()
    {
        return (int)d;
    }

    /** The order id of a PLACE_ORDER or CANCEL_ORDER. */
    public long orderId()
    {
        return entityId;
    }

    /** Whether a successful PLACE_ORDER created an order (false: channel + externalId named an existing one). */
    public boolean created()
    {
        return a == 1;
    }

    /**
     * For a payment or fraud command answered OK: 1 applied, 0 already applied (a second report of an action, a
     * duplicate webhook), 2 a webhook for a reference no order has (recorded, ignored).
     */
    public long applied()
    {
        return a;
    }

    public OrderViews.Order order()
    {
        return OrderViews.order(data);
    }

    public Views.Reservation reservation()
    {
        return Views.reservation(data);
    }

    public Views.Cell cell()
    {
        return Views.cell(data);
    }

    public Views.Inventory inventory()
    {
        return Views.inventory(data);
    }

    public Views.Page<Views.Location> locations()
    {
        return Views.locations(data);
    }

    public Views.LocationStockPage locationStock()
    {
        return Views.locationStock(data);
    }

    public Views.StockPage stock()
    {
        return Views.stock(data);
    }

    public Views.StockChangesPage stockChanges()
    {
        return Views.stockChanges(data);
    }

    public Views.Page<Views.Sku> skus()
    {
        return Views.skus(data);
    }

    public Views.Page<OrderViews.Channel> channels()
    {
        return Views.channels(data);
    }

    /** The same answer regardless of when or in which run it was given: everything but seq and time. */
    public Result withoutSeqAndTime()
    {
        return new Result(code, entityId, a, b, c, d, replayed, 0, 0, data);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof Result r && code == r.code && entityId == r.entityId && a == r.a && b == r.b &&
            c == r.c && d == r.d && replayed == r.replayed && seq == r.seq && timeMillis == r.timeMillis &&
            Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(new long[] {code.code(), entityId, a, b, c, d, replayed ? 1 : 0, seq, timeMillis}) * 31 +
            Arrays.hashCode(data);
    }

    @Override
    public String toString()
    {
        return code + "(entity=" + entityId + ", a=" + a + ", b=" + b + ", c=" + c + ", d=" + d +
            (replayed ? ", replayed" : "") + ", seq=" + seq + ", t=" + timeMillis + ", " + data.length + " data bytes)";
    }
}
