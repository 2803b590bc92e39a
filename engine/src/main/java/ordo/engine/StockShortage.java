package ordo.engine;

import java.nio.charset.StandardCharsets;

/**
 * Orders allocated units a node no longer has. A count or a loss may leave a node with fewer units on hand than its
 * orders were allocated there; those allocations can never be picked. The newest orders give theirs up first (the
 * oldest keep the stock they were promised): the units go back to backorder on the order, whatever the SKU allows for
 * new orders (the order was accepted), and the backorder fill that follows the stock command sources them afresh at
 * other nodes, oldest order first, as any backorder is ({@link BackorderFiller}, its fill recorded with the command
 * as its trigger). Safety stock is a buffer allocations may stand on: only units missing from {@code onHand} are
 * short. Holds at the node are not touched (their shortfall shows as negative ATP, as before). Rules version 5: the
 * allocations stayed, and a warehouse would have been handed picks it could not fill (found in QA).
 *
 * <p>Cost: a walk over the orders with a line of the SKU from the newest ({@link OrderIndexes}), each one's
 * allocations read, until the units short are found: a node short of units allocated long ago walks most of the
 * SKU's orders (on the engine thread, during the stock command), not every order as it did.
 */
final class StockShortage
{
    private final OrderBook orders;
    private final EventSink events;
    /**
     * The lines sent back to backorder by one resolve, queued in one merge at its end: newest order first, one line
     * per order at most (an order has one line per SKU: DUPLICATE_SKU).
     */
    private long[] queued = new long[16];

    StockShortage(final OrderBook orders, final EventSink events)
    {
        this.orders = orders;
        this.events = events;
    }

    /**
     * Moves to backorder the units allocated at {@code cell} beyond its {@code onHand}, newest order first.
     *
     * @param trigger names the command, for the timeline's note
     * @param reason an adjustment's reason (DAMAGE, COUNT, …), named in the note too; null for a count's PUT
     */
    void resolve(final Sku sku, final StockCell cell, final CommandType trigger, final Codes.AdjustmentReason reason,
        final long seq, final long now)
    {
        long missing = cell.allocated - Math.max(0, cell.onHand);
        if (missing <= 0)
        {
            return;
        }
        final Location node = cell.location;
        boolean freedAFullDay = false;
        final byte[] note = ("stock short at " + new String(node.id, StandardCharsets.US_ASCII) + " after " +
            trigger.name() + (reason == null ? "" : " (" + reason.name() + ")")).getBytes(StandardCharsets.US_ASCII);
        int queuedCount = 0;
        // The orders with a line of the SKU, newest first (OrderIndexes): the others have nothing here to give back.
        int id = sku.lastOrder;
        while (id != 0 && missing > 0)
        {
            final Order order = orders.get(id);
            final int line = order.lineOf(sku);
            id = order.previousOfSku(line);
            // Released on (none yet: the warehouse's short pick will say so) or ended: not the engine's to move.
            if (order.allocated(line) == 0 || OrderFlow.isFinal(order.status))
            {
                continue;
            }
            final int take = OrderFlow.takeAllocated(order, line, node, (int)Math.min(missing, order.allocated(line)),
                Codes.OrderEventType.BACKORDERED, note, seq, now);
            if (take == 0)
            {
                continue;
            }
            if (order.backordered(line) == 0)
            {
                if (queuedCount == queued.length)
                {
                    queued = java.util.Arrays.copyOf(queued, queuedCount * 2);
                }
                queued[queuedCount++] = OrderBook.pack(order.id, line);
            }
            orders.backordered(order, line, order.backordered(line) + take);
            missing -= take;
            // Unknown again while units wait; the fill that completes the order promises anew.
            order.promisedDeliveryBy = 0;
            freedAFullDay |= order.returnUnusedCapacity();
            OrderFlow.settle(order, seq, now);
            events.onEvent(EventType.ORDER_BACKORDERED, seq, now, order.id);
        }
        orders.enqueueBackordersInOrder(sku, queued, queuedCount);
        if (freedAFullDay)
        {
            // A full node's day given back may let another SKU's backorder go there.
            orders.markEveryQueue();
        }
    }
}
