package ordo.engine;

import org.agrona.collections.LongArrayList;

/**
 * Allocates backordered units when stock arrives: for each SKU whose supply may have grown during a command
 * (in the order they were marked), the orders waiting for it, oldest first, each take what the sourcing rules
 * let them (node eligibility, service level, pool, network ATP), possibly in part. Runs on the engine thread
 * at the end of a command and before a stock command renders its answer. Each fill's plan is kept with the order
 * ({@link BackorderFills}), so its sourcing view explains every allocation, not only the first.
 */
final class BackorderFiller
{
    private final Catalog catalog;
    private final OrderBook orders;
    private final ChannelCommands channels;
    private final Sourcing sourcing;
    private final EventSink events;
    /** A fill's per-line figures for its decision ({@link SourcingDecision#LINE_VALUES}: one line). */
    private final int[] lineValues = new int[SourcingDecision.LINE_VALUES];

    BackorderFiller(final Catalog catalog, final OrderBook orders, final ChannelCommands channels,
        final Sourcing sourcing, final EventSink events)
    {
        this.catalog = catalog;
        this.orders = orders;
        this.channels = channels;
        this.sourcing = sourcing;
        this.events = events;
    }

    /**
     * @param trigger the {@link CommandType#code()} of the command being applied, or
     *                {@link BackorderFills#TRIGGER_ENGINE_TIME} before it runs; recorded with each fill.
     */
    void fill(final long seq, final long now, final byte trigger)
    {
        for (int skuIndex = orders.pollDirtySku(); skuIndex >= 0; skuIndex = orders.pollDirtySku())
        {
            final Sku sku = catalog.sku(skuIndex);
            final LongArrayList queue = orders.backordersOf(sku);
            final int size = queue == null ? 0 : queue.size();
            boolean filledAny = false;
            for (int q = 0; q < size && sku.networkAtp() > 0; q++)
            {
                final long entry = queue.getLong(q);
                final Order order = orders.get(OrderBook.orderOf(entry));
                final int line = OrderBook.lineOf(entry);
                if (order.backordered(line) > 0)
                {
                    filledAny |= fillLine(order, line, seq, now, trigger);
                }
            }
            if (filledAny)
            {
                orders.compact(sku);
            }
        }
    }

    private boolean fillLine(final Order order, final int line, final long seq, final long now, final byte trigger)
    {
        final int before = order.backordered(line);
        final Channel channel = catalog.definedChannel(order.channelHash);
        sourcing.begin(channels.policy(), now, order.deliveryMethod, order.serviceLevel, order.pickupLocation, order,
            channel, null, true, true);
        sourcing.line(order.sku(line), order.backordered(line), 0, 0);
        sourcing.plan();
        final long day = Location.day(now);
        boolean filled = false;
        for (int s = 0; s < sourcing.candidateCount(); s++)
        {
            final long units = sourcing.units(s, 0);
            if (units <= 0)
            {
                continue;
            }
            final Location node = sourcing.candidate(s);
            order.takeCapacity(node, day);
            sourcing.cell(s, 0).addAllocated(units, order.channelHash);
            order.addAllocation(line, node, (int)units, now);
            order.backordered(line, order.backordered(line) - (int)units);
            order.addEvent(seq, now, Codes.OrderEventType.BACKORDER_ALLOCATED, line, node, (int)units, null);
            filled = true;
        }
        if (filled)
        {
            record(order, line, before, seq, now, trigger);
            if (order.totalBackordered() == 0)
            {
                order.promisedDeliveryBy = now + slowestTransitMinutes(order) * 60_000L;
            }
            OrderFlow.settle(order, seq, now);
            events.onEvent(EventType.ORDER_BACKORDER_ALLOCATED, seq, now, order.id);
        }
        return filled;
    }

    /** Keeps the plan just applied with the order (the sourcing scratch still holds it), or counts it. */
    private void record(final Order order, final int line, final int before, final long seq, final long now,
        final byte trigger)
    {
        if (order.fills == null)
        {
            order.fills = new BackorderFills();
        }
        final int allocated = before - order.backordered(line);
        if (!order.fills.hasRoom())
        {
            order.fills.countMore(allocated);
            return;
        }
        lineValues[0] = before;
        lineValues[1] = 0;
        lineValues[2] = allocated;
        lineValues[3] = order.backordered(line);
        lineValues[4] = 0;
        order.fills.add(line, trigger, sourcing.record(orders.decisions(), seq, now, lineValues));
    }

    /** The slowest transit from any node the order ships from (pickup: the ready time). */
    int slowestTransitMinutes(final Order order)
    {
        final SourcingPolicy policy = channels.policy();
        if (order.deliveryMethod == Codes.DeliveryMethod.PICKUP)
        {
            return policy.pickupReadyMinutes();
        }
        int slowest = 0;
        for (long a = order.firstAllocation; a != RecordArena.NONE; a = Order.nextAllocation(a))
        {
            if (Order.allocationUnits(a) > 0)
            {
                slowest = Math.max(slowest, policy.transitMinutes(order.serviceLevel,
                    order.distanceTo(order.allocationLocation(a))));
            }
        }
        return slowest;
    }
}
