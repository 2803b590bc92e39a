package ordo.engine;

/**
 * Cancelling an order, whole or some units of some lines, before it is released to the warehouse. Every line is
 * checked before anything changes. Backordered units go first, then allocated ones, most recent allocation first;
 * their stock is back in ATP at once, nodes the order no longer ships from get their daily capacity back, and
 * backorders waiting for the SKU are tried after the command.
 */
final class OrderCancellation
{
    private final Catalog catalog;
    private final OrderBook orders;
    private final OrderQueries queries;
    private final BackorderFiller filler;
    private final OrderFlow flow;
    private final EventSink events;
    private final ByteSlice skuId = new ByteSlice();
    private final ByteSlice reason = new ByteSlice();
    private final Sku[] lineSkus = new Sku[CommandCodec.MAX_LINES];
    private final int[] lineQty = new int[CommandCodec.MAX_LINES];

    OrderCancellation(final Catalog catalog, final OrderBook orders,
        final OrderQueries queries, final BackorderFiller filler, final OrderFlow flow, final EventSink events)
    {
        this.catalog = catalog;
        this.orders = orders;
        this.queries = queries;
        this.filler = filler;
        this.flow = flow;
        this.events = events;
    }

    void cancel(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        final Order order = queries.findScoped(r, reply);
        if (order == null)
        {
            return;
        }
        r.readText(reason);
        final int lineCount = r.readShort();
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (lineCount > CommandCodec.MAX_LINES)
        {
            reply.code(ResultCode.TOO_MANY_LINES);
            return;
        }
        for (int i = 0; i < lineCount; i++)
        {
            r.readAscii(skuId);
            final int qty = r.readInt();
            if (!r.ok())
            {
                reply.code(ResultCode.MALFORMED_COMMAND);
                return;
            }
            final Sku sku = catalog.sku(skuId);
            final int line = sku == null ? -1 : order.lineOf(sku);
            if (line < 0)
            {
                LineChecks.unresolved(reply, ResultCode.LINE_NOT_IN_ORDER, skuId, i);
                return;
            }
            if (!LineChecks.quantityAndUniqueness(reply, sku, qty, OrderCommands.MAX_QTY_PER_LINE, lineSkus, i))
            {
                return;
            }
            lineSkus[i] = sku;
            lineQty[i] = qty;
        }
        if (!order.status.isCancellable())
        {
            reply.result(ResultCode.ORDER_NOT_CANCELLABLE, order.id, order.status.code(), 0, 0, 0);
            return;
        }
        for (int i = 0; i < lineCount; i++)
        {
            final int line = order.lineOf(lineSkus[i]);
            final int open = order.openUnits(line);
            if (lineQty[i] > open)
            {
                LineChecks.reject(reply, ResultCode.CANCEL_EXCEEDS_OPEN, lineSkus[i], open, 0, lineQty[i], i);
                return;
            }
        }

        final byte[] note = OrderCommands.bytes(reason);
        // A promise is made once the order is whole (nothing backordered): what its slowest shipment takes then.
        final boolean promised = order.promisedDeliveryBy != 0;
        final int slowestBefore = promised ? filler.slowestTransitMinutes(order) : 0;
        if (lineCount == 0)
        {
            for (int line = 0; line < order.lineCount; line++)
            {
                flow.cancelUnits(order, line, order.openUnits(line), note, seq, now);
            }
        }
        else
        {
            for (int i = 0; i < lineCount; i++)
            {
                flow.cancelUnits(order, order.lineOf(lineSkus[i]), lineQty[i], note, seq, now);
            }
        }
        order.returnUnusedCapacity();
        orders.markEveryQueue(); // capacity given back may let a waiting backorder go
        flow.reconcile(order, seq, now);
        if (order.totalBackordered() == 0 && order.totalAllocated() > 0 && order.promisedDeliveryBy == 0)
        {
            order.promisedDeliveryBy = now + filler.slowestTransitMinutes(order) * 60_000L;
        }
        else if (promised && order.totalAllocated() > 0)
        {
            // The units left ship no slower than before: when the cancelled ones were the slowest shipment's, the
            // promise comes forward by what that shipment took beyond the slowest left. It stayed, and a customer who
            // cancelled the one item coming from far away was still told to wait for it (rules version 7). Both
            // transits are today's policy's, so a policy changed since neither moves the promise later nor, by the
            // difference of two new transits, to before what the units left would be promised now from when they
            // were allocated (a year's transit made slower since took a year off; found in review).
            final int slowestAfter = filler.slowestTransitMinutes(order);
            final long forward = order.promisedDeliveryBy - (slowestBefore - slowestAfter) * 60_000L;
            final long floor = order.lastAllocatedAt() + slowestAfter * 60_000L;
            order.promisedDeliveryBy = Math.min(order.promisedDeliveryBy, Math.max(forward, floor));
        }
        else if (order.totalBackordered() == 0 && order.totalAllocated() == 0)
        {
            // Nothing left to deliver: no promise (it stayed on a cancelled order; found in review).
            order.promisedDeliveryBy = 0;
        }
        OrderFlow.settle(order, seq, now);
        reply.result(ResultCode.OK, order.id, 0, 0, 0, 0);
        ReplyCodec.order(reply, order, catalog);
        events.onEvent(EventType.ORDER_CANCELLED, seq, now, order.id);
    }
}
