package ordo.engine;

import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

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
        if (orders.dirtySkuCount() > 1)
        {
            fillAcrossSkus(seq, now, trigger);
            return;
        }
        final long day = Location.day(now);
        for (int skuIndex = orders.pollDirtySku(); skuIndex >= 0; skuIndex = orders.pollDirtySku())
        {
            final Sku sku = catalog.sku(skuIndex);
            final BackorderQueue queue = orders.backordersOf(sku);
            if (queue == null || queue.isEmpty() || sku.networkAtp() <= 0)
            {
                continue;
            }
            gathered.clear();
            done.clear();
            beginPass();
            gatherFillable(sku, queue, day, gathered);
            for (int i = 0; i < gathered.size() && sku.networkAtp() > 0; i++)
            {
                final long entry = gathered.getLong(i);
                final Order order = orders.get(OrderBook.orderOf(entry));
                final int line = OrderBook.lineOf(entry);
                if (order.backordered(line) > 0 && fillLine(order, line, seq, now, trigger) &&
                    order.backordered(line) == 0)
                {
                    done.addLong(entry);
                }
            }
            queue.removeAll(done);
        }
    }

    /** The lines a fill completed, in queue order (scratch, reused). */
    private final LongArrayList done = new LongArrayList();
    /** The waiting lines a pass may fill, oldest first (scratch, reused). */
    private final LongArrayList gathered = new LongArrayList();
    private final LongArrayList gatheredSkus = new LongArrayList();
    private long[] sorted = new long[16];

    /**
     * Several SKUs marked: every line waiting for one that has network ATP, in order id (then line) order. Filled a SKU
     * at a time, a newer order of a lower-numbered SKU took a node's regained day of capacity before an older order of
     * another SKU (found in review; rules version 4). SKUs without ATP are passed over, as the one-SKU loop stops at
     * it; their queues stay as they were.
     */
    private void fillAcrossSkus(final long seq, final long now, final byte trigger)
    {
        final long day = Location.day(now);
        gathered.clear();
        gatheredSkus.clear();
        done.clear();
        beginPass();
        for (int skuIndex = orders.pollDirtySku(); skuIndex >= 0; skuIndex = orders.pollDirtySku())
        {
            final Sku sku = catalog.sku(skuIndex);
            final BackorderQueue queue = orders.backordersOf(sku);
            if (queue == null || queue.isEmpty() || sku.networkAtp() <= 0)
            {
                continue;
            }
            gatheredSkus.addLong(skuIndex);
            gatherFillable(sku, queue, day, gathered);
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
        // An entry is (order id << 8 | line): sorting the longs sorts by order id, then line.
        java.util.Arrays.sort(sorted, 0, count);
        for (int i = 0; i < count; i++)
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

    // ------------------------------------------------------------------------------------------------ passing over

    /**
     * Per pass, what is known of the channels met so far: a pooled channel's hash, and whether some node has a unit
     * its pool lets it take (unknown until asked).
     */
    private final LongArrayList pooledChannels = new LongArrayList();
    private final LongArrayList pooledSkus = new LongArrayList();
    private byte[] pooledAnywhere = new byte[8];
    private static final byte UNKNOWN = 0;
    private static final byte NOWHERE = 1;
    private static final byte SOMEWHERE = 2;

    /** The last store and channel {@link #mayFill} looked up, per SKU (a pass's memo: stock changes, they do not). */
    private Sku lastStoreSku;
    private int lastStore;
    private StockCell lastStoreCell;
    private Sku lastChannelSku;
    private long lastChannelHash;
    private Channel lastChannel;
    private int lastShareBps;

    /**
     * Whether a fill passes over the lines no node can give a unit (true but in tests, which compare an engine that
     * plans every waiting line, as fills did before, with one that passes over: they must decide alike).
     */
    boolean passOver = true;

    /** A pass's lines found while no node with room could ship, before and after they are sorted (scratch). */
    private final LongArrayList atCapacity = new LongArrayList();
    private long[] atCapacitySorted = new long[16];
    /** A pass's nodes that could ship the SKU but are full (scratch, reused). */
    private Location[] fullNodes = new Location[8];

    /**
     * Appends to {@code into}, oldest first, the lines of {@code sku}'s queue a fill may give a unit now; passes over
     * the rest unread ({@link #mayFill}). A shipped line takes units only at an active node that can ship, has ATP
     * and either has room in its day or is one whose day the line's order already holds (capacity counts orders:
     * Sourcing's atCapacity). So when no such node has room (each is full and knows who holds its day), the shipped
     * lines looked at are those of the orders holding a day there ({@link Location#dayHolders}): the queue's lines
     * asked of the holders, or the holders looked up in the queue, whichever are fewer; the others are passed over
     * unread. A flash sale that filled a warehouse's day (or sold it out
     * while stores kept click-and-collect stock) left its later orders waiting, and every hold released until then
     * planned each of them again (20 000 waiting: 2–3.5 ms a release).
     *
     * <p>Exact for the pass: fills only take stock and capacity, so a line left out could not be filled later in it.
     */
    private void gatherFillable(final Sku sku, final BackorderQueue queue, final long day, final LongArrayList into)
    {
        if (!passOver)
        {
            for (int q = 0; q < queue.size(); q++)
            {
                into.addLong(queue.entry(q));
            }
            return;
        }
        final StockCell[] cells = sku.cells();
        boolean shipRoom = false;
        for (int c = 0; c < sku.cellCount() && !shipRoom; c++)
        {
            final Location node = cells[c].location;
            shipRoom = cells[c].atp() > 0 && node.active && node.canShip() &&
                (node.capacityLeft(day) != 0 || !node.knowsHoldersOf(day));
        }
        if (shipRoom)
        {
            for (int q = 0; q < queue.size(); q++)
            {
                if (mayFill(sku, queue, q))
                {
                    into.addLong(queue.entry(q));
                }
            }
            return;
        }
        // The full nodes a shipped line may still take units at, if its order holds their day.
        int fullCount = 0;
        long holderCount = 0;
        for (int c = 0; c < sku.cellCount(); c++)
        {
            final Location node = cells[c].location;
            if (cells[c].atp() > 0 && node.active && node.canShip())
            {
                if (fullNodes.length == fullCount)
                {
                    fullNodes = java.util.Arrays.copyOf(fullNodes, fullCount * 2);
                }
                fullNodes[fullCount++] = node;
                holderCount += node.dayHolders.size();
            }
        }
        if (queue.size() <= holderCount)
        {
            // Fewer waiting lines than holders (a node whose day holds thousands of orders): each line is asked of
            // the full nodes' holders, in queue order. Walking the holders instead cost each marked SKU as much as
            // the day's orders (review: 500 SKUs beside a full day of 20 000, 63 ms a cancellation).
            for (int q = 0; q < queue.size(); q++)
            {
                if ((queue.pickup(q) != BackorderQueue.SHIPPED || heldAtAny(OrderBook.orderOf(queue.entry(q)),
                    fullCount)) && mayFill(sku, queue, q))
                {
                    into.addLong(queue.entry(q));
                }
            }
            return;
        }
        atCapacity.clear();
        for (int q = 0; q < queue.size(); q++)
        {
            if (queue.pickup(q) != BackorderQueue.SHIPPED && mayFill(sku, queue, q))
            {
                atCapacity.addLong(queue.entry(q));
            }
        }
        for (int f = 0; f < fullCount; f++)
        {
            final Location node = fullNodes[f];
            final LongHashSet.LongIterator holders = node.dayHolders.iterator();
            while (holders.hasNext())
            {
                // The order's lines are its entries from (id, line 0) on.
                final long id = holders.nextValue();
                for (int q = queue.firstAtOrAfter(OrderBook.pack(id, 0));
                    q < queue.size() && OrderBook.orderOf(queue.entry(q)) == id; q++)
                {
                    if (queue.pickup(q) == BackorderQueue.SHIPPED && mayFill(sku, queue, q))
                    {
                        atCapacity.addLong(queue.entry(q));
                    }
                }
            }
        }
        final int count = atCapacity.size();
        if (atCapacitySorted.length < count)
        {
            atCapacitySorted = new long[Math.max(count, atCapacitySorted.length * 2)];
        }
        final long[] found = atCapacitySorted;
        for (int i = 0; i < count; i++)
        {
            found[i] = atCapacity.getLong(i);
        }
        java.util.Arrays.sort(found, 0, count);
        // An order holding the day at two full nodes was found at each.
        for (int i = 0; i < count; i++)
        {
            if (i == 0 || found[i] != found[i - 1])
            {
                into.addLong(found[i]);
            }
        }
    }

    /** Whether order {@code id} holds the day of one of the first {@code count} of {@link #fullNodes}. */
    private boolean heldAtAny(final long id, final int count)
    {
        for (int f = 0; f < count; f++)
        {
            if (fullNodes[f].dayHolders.contains(id))
            {
                return true;
            }
        }
        return false;
    }

    private void beginPass()
    {
        pooledChannels.clear();
        pooledSkus.clear();
        // A cell or a channel may be new since the last pass.
        lastStoreSku = null;
        lastChannelSku = null;
    }

    /**
     * Whether a node may have a unit for waiting line {@code q} of {@code sku}'s queue, asked of the queue alone (no
     * order is read): false only when none can, so passing over the line changes nothing a fill would do. Sourcing
     * offers a node's units only where its ATP is positive and, for a pooled channel, where the channel's balance
     * there is positive too ({@link Sourcing}'s collectCandidates); a pickup line takes units at its store alone. So
     * a line waits unread while its store has no ATP, or while its pooled channel has nothing to take anywhere. The
     * other rules (reach, capacity, the network's and the pool's caps) are left to the plan. Twenty thousand pickup
     * lines waiting for a store while a warehouse had stock were each planned again on every change to the SKU's
     * supply: a hold released took ~1 ms, where ~12 µs is left now (BENCHMARKS.md, thirty-third round).
     *
     * <p>Exact because a fill plans with no held units and no forced node ({@link #planLine}): with a converted hold's
     * units a node offers {@code min(atp, max(0, balance) + held)}, positive beside a spent pool. And exact within a
     * pass: fills only take stock, so a line no node could fill stays so until the pass ends.
     */
    private boolean mayFill(final Sku sku, final BackorderQueue queue, final int q)
    {
        final int pickup = queue.pickup(q);
        StockCell store = null;
        if (pickup != BackorderQueue.SHIPPED)
        {
            // Waiting lines of one SKU mostly wait for few stores: the last one's cell is kept.
            if (sku != lastStoreSku || pickup != lastStore)
            {
                lastStoreSku = sku;
                lastStore = pickup;
                lastStoreCell = sku.findCell(catalog.location(pickup));
            }
            store = lastStoreCell;
            if (store == null || store.atp() <= 0)
            {
                return false;
            }
        }
        final long channelHash = queue.channelHash(q);
        if (sku != lastChannelSku || channelHash != lastChannelHash)
        {
            lastChannelSku = sku;
            lastChannelHash = channelHash;
            lastChannel = catalog.definedChannel(channelHash);
            lastShareBps = lastChannel == null ? Channel.FULL_SHARE_BPS : lastChannel.shareBps(sku);
        }
        final Channel channel = lastChannel;
        final int shareBps = lastShareBps;
        if (shareBps == Channel.FULL_SHARE_BPS)
        {
            return true;
        }
        if (store != null)
        {
            return Channel.pooledBalance(store, channel.idHash, shareBps) > 0;
        }
        return pooledSomewhere(sku, channel, shareBps);
    }

    /** Whether some node has ATP and a positive balance of {@code channel}'s pool of {@code sku}; asked once a pass. */
    private boolean pooledSomewhere(final Sku sku, final Channel channel, final int shareBps)
    {
        int k = 0;
        while (k < pooledChannels.size() &&
            (pooledChannels.getLong(k) != channel.idHash || pooledSkus.getLong(k) != sku.index))
        {
            k++;
        }
        if (k == pooledChannels.size())
        {
            pooledChannels.addLong(channel.idHash);
            pooledSkus.addLong(sku.index);
            if (pooledAnywhere.length <= k)
            {
                pooledAnywhere = java.util.Arrays.copyOf(pooledAnywhere, k * 2);
            }
            pooledAnywhere[k] = UNKNOWN;
        }
        if (pooledAnywhere[k] == UNKNOWN)
        {
            pooledAnywhere[k] = NOWHERE;
            final StockCell[] cells = sku.cells();
            for (int c = 0; c < sku.cellCount(); c++)
            {
                if (cells[c].atp() > 0 && Channel.pooledBalance(cells[c], channel.idHash, shareBps) > 0)
                {
                    pooledAnywhere[k] = SOMEWHERE;
                    break;
                }
            }
        }
        return pooledAnywhere[k] == SOMEWHERE;
    }

    /** Plans line {@code line}'s backordered units as a one-line order, into the sourcing scratch; changes nothing. */
    private void planLine(final Order order, final int line, final long now)
    {
        final Channel channel = catalog.definedChannel(order.channelHash);
        sourcing.begin(channels.policy(), now, order.deliveryMethod, order.serviceLevel, order.pickupLocation, order,
            channel, null, true, true);
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
        beginPass();
        gatherFillable(sku, queue, Location.day(now), fillable);
        return !fillable.containsLong(queue.entry(q));
    }

    private boolean fillLine(final Order order, final int line, final long seq, final long now, final byte trigger)
    {
        final int before = order.backordered(line);
        planLine(order, line, now);
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
