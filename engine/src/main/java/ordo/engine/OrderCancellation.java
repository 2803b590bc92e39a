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
        final Order order = queries.findSeen(r, reply);
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
        if (order.returnUnusedCapacity())
        {
            orders.markEveryQueue(); // a full node's day given back may let a waiting backorder go
        }
        orders.shipmentsMayHaveEnded(order);
        flow.reconcile(order, seq, now);
        if (order.totalBackordered() == 0 && order.totalAllocated() > 0 && order.promisedDeliveryBy == 0)
        {
            order.promisedDeliveryBy = now + filler.slowestTransitMinutes(order) * 60_000L;
        }
        else if (order.promisedDeliveryBy != 0 && order.totalAllocated() > 0 && filler.reachesEveryShipment(order))
        {
            // What is left is promised again from now, as when the last backordered units are cancelled, when that is
            // sooner: cancelling the one item coming from far away brings the promise forward to what the nearer
            // shipment takes (it stayed, and the customer was still told to wait for the far one; rules version 7).
            // Never later, and never from a time before the order was whole: the first version took the difference
            // of the slowest transit before and after at today's policy, and a policy slowed since took a year off
            // (found in review). Not when today's policy no longer reaches the customer from a node still shipping: it
            // has no transit for that shipment (it was timed as the level's last band, and the promise came forward
            // for a parcel the policy cannot deliver: found in QA).
            order.promisedDeliveryBy = Math.min(order.promisedDeliveryBy,
                now + filler.slowestTransitMinutes(order) * 60_000L);
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
