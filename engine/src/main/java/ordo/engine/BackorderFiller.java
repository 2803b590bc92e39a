package ordo.engine;

import org.agrona.collections.LongArrayList;

/**
 * Allocates backordered units when stock arrives: the orders waiting for the SKUs whose supply may have grown during
 * a command, oldest first, each take what the sourcing rules let them (node eligibility, service level, pool,
 * network ATP, a node's daily capacity), possibly in part. Oldest first across SKUs too: when several SKUs are
 * marked (a new day, capacity given back), their waiting lines are taken in order id order, since a node's daily
 * capacity is shared by every SKU there. Runs on the engine thread
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
    private final BackorderPassOver passOver;

    BackorderFiller(final Catalog catalog, final OrderBook orders, final ChannelCommands channels,
        final Sourcing sourcing, final EventSink events)
    {
        this.catalog = catalog;
        this.orders = orders;
        this.channels = channels;
        this.sourcing = sourcing;
        this.events = events;
        this.passOver = new BackorderPassOver(catalog);
    }

    /**
     * @param trigger the {@link CommandType#code()} of the command being applied, or
     *                {@link BackorderFills#TRIGGER_ENGINE_TIME} before it runs; recorded with each fill.
     */
    void fill(final long seq, final long now, final byte trigger)
    {
        gathered.clear();
        gatheredSkus.clear();
        done.clear();
        for (int skuIndex = orders.pollDirtySku(); skuIndex >= 0; skuIndex = orders.pollDirtySku())
        {
            final Sku sku = catalog.sku(skuIndex);
            final BackorderQueue queue = orders.backordersOf(sku);
            if (queue == null || queue.isEmpty() || sku.networkAtp() <= 0)
            {
                continue;
            }
            gatheredSkus.addLong(skuIndex);
            passOver.gather(sku, queue, now, gathered);
        }
        final int count = gathered.size();
        if (sorted.length < count)
        {
            sorted = new long[Math.max(count, sorted.length * 2)];
        }
        for (int i = 0; i < count; i++)
        {
            sorted[i] = gathered.getLong(i);
        }
        // One SKU's lines are gathered oldest first. Several SKUs' are taken oldest first across them (filled a SKU at
        // a time, a newer order of a lower-numbered SKU took a node's regained day of capacity before an older order
        // of another SKU: found in review; rules version 4). An entry is (order id << 8 | line), so sorting the longs
        // sorts by order id, then line.
        final Sku only = gatheredSkus.size() == 1 ? catalog.sku((int)gatheredSkus.getLong(0)) : null;
        if (only == null)
        {
            java.util.Arrays.sort(sorted, 0, count);
        }
        // One SKU out of stock stops the pass before its other waiting orders are read.
        for (int i = 0; i < count && (only == null || only.networkAtp() > 0); i++)
        {
            final Order order = orders.get(OrderBook.orderOf(sorted[i]));
            final int line = OrderBook.lineOf(sorted[i]);
            if (order.backordered(line) > 0 && order.sku(line).networkAtp() > 0 &&
                fillLine(order, line, seq, now, trigger) && order.backordered(line) == 0)
            {
                done.addLong(sorted[i]);
            }
        }
        for (int k = 0; k < gatheredSkus.size(); k++)
        {
            orders.backordersOf(catalog.sku((int)gatheredSkus.getLong(k))).removeAll(done);
        }
    }

    /** The lines a fill completed, in queue order (scratch, reused). */
    private final LongArrayList done = new LongArrayList();
    /** The waiting lines a pass may fill, gathered SKU by SKU (scratch, reused), and the SKUs they wait for. */
    private final LongArrayList gathered = new LongArrayList();
    private final LongArrayList gatheredSkus = new LongArrayList();
    private long[] sorted = new long[16];

    /** Plans line {@code line}'s backordered units as a one-line order, into the sourcing scratch; changes nothing. */
    private void planLine(final Order order, final int line, final long now)
    {
        final Channel channel = catalog.definedChannel(order.channelHash);
        sourcing.begin(channels.policy(), now, order.deliveryMethod, order.serviceLevel, order.pickupLocation, order,
            channel, null, true, true);
        sourcing.limitShipments(order.maxShipments);
        sourcing.line(order.sku(line), order.backordered(line), 0, 0);
        sourcing.plan();
    }

    /**
     * The units a fill would give line {@code line} of {@code order} now. Changes no state (tests ask it between
     * commands; it overwrites the planner's scratch).
     */
    long unitsAFillWouldGive(final Order order, final int line, final long now)
    {
        planLine(order, line, now);
        long units = 0;
        for (int s = 0; s < sourcing.candidateCount(); s++)
        {
            units += Math.max(0, sourcing.units(s, 0));
        }
        return units;
    }

    /**
     * Whether a fill would pass over waiting line {@code q} of {@code sku}'s queue now, unread. Changes no state (tests
     * ask it between commands; it starts a pass's memos afresh, as every fill does).
     */
    boolean passesOver(final Sku sku, final int q, final long now)
    {
        final BackorderQueue queue = orders.backordersOf(sku);
        final LongArrayList fillable = new LongArrayList();
        passOver.gather(sku, queue, now, fillable);
        return !fillable.containsLong(queue.entry(q));
    }

    /** Which waiting lines a fill reads (tests turn it off to compare). */
    BackorderPassOver passOver()
    {
        return passOver;
    }

    private boolean fillLine(final Order order, final int line, final long seq, final long now, final byte trigger)
    {
        final int before = order.backordered(line);
        planLine(order, line, now);
        boolean filled = false;
        for (int s = 0; s < sourcing.candidateCount(); s++)
        {
            final long units = sourcing.units(s, 0);
            if (units <= 0)
            {
                continue;
            }
            final Location node = sourcing.candidate(s);
            order.takeCapacity(node, node.today(now));
            final StockCell cell = sourcing.cell(s, 0);
            cell.addAllocated(units, order.channelHash);
            order.addAllocation(line, cell, (int)units, now);
            orders.backordered(order, line, order.backordered(line) - (int)units);
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

    /**
     * Whether today's policy reaches the customer from every node the order still ships from (a pickup: always): a
     * policy changed since may no longer, and {@link #slowestTransitMinutes} then times such a node as its level's last
     * band, which does not cover it.
     */
    boolean reachesEveryShipment(final Order order)
    {
        if (order.deliveryMethod == Codes.DeliveryMethod.PICKUP)
        {
            return true;
        }
        final long reach = channels.policy().reachMetres(order.serviceLevel);
        for (long a = order.firstAllocation; a != RecordArena.NONE; a = Order.nextAllocation(a))
        {
            if (Order.allocationUnits(a) > 0 && order.distanceTo(order.allocationLocation(a)) > reach)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The slowest transit from any node the order ships from (pickup: the ready time), at today's policy; a node the
     * policy no longer reaches is timed as its level's last band (see {@link #reachesEveryShipment}).
     */
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
