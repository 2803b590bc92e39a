package ordo.engine;

import java.util.ArrayList;
import java.util.List;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

/**
 * Every order, and what is derived from them: the channel + externalId index, the orders of each channel and
 * customer ({@link OrderIndexes}), backorder queues per SKU (oldest order first), units each customer has ordered per
 * SKU (per-customer limits), and the SKUs whose supply may have grown since the last backorder fill. Owned by the
 * engine thread.
 *
 * <p>Order ids are dense counters (id n is at index n − 1), so listing in creation order with a cursor reads on from
 * the cursor, and the gateway turns {@code ord_} text into the counter without a lookup.
 */
final class OrderBook implements SupplyListener
{
    private final ArrayList<Order> orders = new ArrayList<>();
    /** The orders of each channel and customer, for lists filtered by them. Derived: neither hashed nor in snapshots. */
    private final OrderIndexes indexes = new OrderIndexes();
    private Long2ObjectHashMap<Order> byExternalKey = new Long2ObjectHashMap<>();
    /** Per SKU index: its lines waiting for stock, oldest order first. */
    private final List<BackorderQueue> backorders = new ArrayList<>();
    /** The sum of every queue's {@link BackorderQueue#units} (derived). */
    private long waitingUnits;
    private final CustomerLedger ordered = new CustomerLedger();
    /** The SKUs marked since the last fill, oldest first from {@link #dirtyHead} (taken ones before it). */
    private final LongArrayList dirtySkus = new LongArrayList();
    private int dirtyHead;
    private boolean[] dirty = new boolean[64];
    private final Catalog catalog;
    private final DecisionStore decisions;
    private final OrderTimeline timeline;
    /**
     * Orders made ahead ({@link #preallocate}) and not yet placed, handed out in turn by {@link #newOrder}: made
     * before the engine takes traffic, they are old by then, and an order refers to nothing made later at placement
     * (its texts, lines and records are off the heap, its codes shared; a flagged order's fraud reasons aside), so
     * young collections neither copy orders nor scan them.
     */
    private Order[] spares = new Order[0];
    /** The next spare handed out, and the end of the spares. */
    private int nextSpare;
    private int spareCount;

    OrderBook(final Catalog catalog)
    {
        this.catalog = catalog;
        this.decisions = new DecisionStore(catalog);
        this.timeline = new OrderTimeline(catalog);
    }

    /**
     * Room in the list of orders for {@code more} orders beyond those there, and that many unplaced orders made (see
     * {@link Engine#preallocateOrders}).
     */
    void preallocate(final int more)
    {
        orders.ensureCapacity(orders.size() + more);
        indexes.preallocate(orders.size() + 1 + more);
        // A ledger entry for each order's customer, as if every order came from a new one (many do: guests, a flash
        // sale), with room for the three SKUs of a usual order.
        ordered.preallocate(ordered.size() + more, 3);
        // Room for as many external ids (a marketplace's orders all have one), so the index is not rehashed into new
        // arrays while they come: a young collection would copy them.
        externalIdsRoom((long)byExternalKey.size() + more);
        final int left = spareCount - nextSpare;
        if (more > left)
        {
            final Order[] made = new Order[more];
            System.arraycopy(spares, nextSpare, made, 0, left);
            for (int i = left; i < more; i++)
            {
                made[i] = new Order(timeline);
            }
            spares = made;
            nextSpare = 0;
            spareCount = more;
        }
    }

    /** Orders made ahead and not yet handed out. */
    int spareOrders()
    {
        return spareCount - nextSpare;
    }

    /**
     * A new, empty order: one made ahead when there is one, in the order they were made (consecutive in memory, so
     * the next one's lines are fetched ahead). Not yet in the book ({@link #add}).
     */
    Order newOrder()
    {
        if (nextSpare == spareCount)
        {
            return new Order(timeline);
        }
        final Order order = spares[nextSpare];
        spares[nextSpare++] = null;
        return order;
    }

    /** The timelines of every order. */
    OrderTimeline timeline()
    {
        return timeline;
    }

    /** The sourcing decisions of every order (placements and backorder fills). */
    DecisionStore decisions()
    {
        return decisions;
    }

    int size()
    {
        return orders.size();
    }

    long lastId()
    {
        return orders.size();
    }

    /** @return the order with this id, or null. */
    Order get(final long id)
    {
        return id >= 1 && id <= orders.size() ? orders.get((int)(id - 1)) : null;
    }

    /**
     * The first order created at or after {@code time}, or one past the last when none was: orders are created in
     * engine-time order (ids count up as engine time does, which never goes back), so a binary search over the ids.
     */
    long firstCreatedAtOrAfter(final long time)
    {
        long low = 1;
        long high = lastId() + 1;
        while (low < high)
        {
            final long mid = (low + high) >>> 1;
            if (get(mid).createdAt < time)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /** The orders of each channel and customer. */
    OrderIndexes indexes()
    {
        return indexes;
    }

    /** Adds a placed order (its channel and customer set). */
    Order add(final Order order)
    {
        addUnindexed(order);
        indexes.add(order);
        return order;
    }

    /** Adds an order whose fields are read next (a restore's: {@link #rebuildDerived} then indexes it). */
    private void addUnindexed(final Order order)
    {
        order.id = orders.size() + 1;
        orders.add(order);
    }

    CustomerLedger ordered()
    {
        return ordered;
    }

    // ------------------------------------------------------------------------------------------------ external ids

    static long externalKey(final long channelHash, final long externalIdHash)
    {
        return Hashing.combine(channelHash, externalIdHash);
    }

    /** The order with this channel and external id (compared by bytes), or null. */
    Order byExternalId(final long channelHash, final ByteSlice externalId)
    {
        final Order order = byExternalKey.get(externalKey(channelHash, externalId.hash()));
        if (order == null || order.channelHash == channelHash && order.textEquals(Order.EXTERNAL_ID, externalId))
        {
            return order;
        }
        // Another pair has the key: this one, if there is an order of it, is among those that came after it.
        return collidedExternalIds.isEmpty() ? null :
            collidedExternalIds.get(collidedKey(channelHash, externalId.toBytes()));
    }

    /**
     * Orders whose channel and external id have the 64-bit key of an earlier order's other pair, by their bytes. The
     * key is a hash anyone can invert, so a caller of one channel could make an external id whose key another
     * channel's next order number has, and that order was refused for good ({@code ID_HASH_COLLISION}; QA-265). Rare
     * by chance (a few in 10 000 over 10^8 orders), so a map of strings. Derived, as the keys are: rebuilt on restore
     * in the order the orders were placed.
     */
    private final java.util.HashMap<String, Order> collidedExternalIds = new java.util.HashMap<>();

    private static String collidedKey(final long channelHash, final byte[] externalId)
    {
        return Long.toHexString(channelHash) + '\n' + new String(externalId, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void externalIdsRoom(final long keys)
    {
        if (!Hashing.tableHolds(byExternalKey.capacity(), keys))
        {
            final Long2ObjectHashMap<Order> larger = new Long2ObjectHashMap<>(Hashing.tableCapacity(keys),
                org.agrona.collections.Hashing.DEFAULT_LOAD_FACTOR);
            larger.putAll(byExternalKey);
            byExternalKey = larger;
        }
    }

    void indexExternalId(final Order order)
    {
        if (order.textLength(Order.EXTERNAL_ID) > 0)
        {
            final long key = externalKey(order.channelHash, order.textHash(Order.EXTERNAL_ID));
            final Order taken = byExternalKey.get(key);
            if (taken == null)
            {
                byExternalKey.put(key, order);
            }
            else
            {
                // Placement looked this pair up first, so the order there is another pair's (a collision).
                collidedExternalIds.put(collidedKey(order.channelHash, order.textBytes(Order.EXTERNAL_ID)), order);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ backorders

    void enqueueBackorder(final Order order, final int line)
    {
        queueOf(order.skuIndex(line)).add(pack(order.id, line), order);
    }

    /**
     * Sets the units line {@code line} of {@code order} waits for. Every change to them goes through here, so its SKU's
     * queue keeps their totals ({@link #backorderedUnits}); queuing the line, or dropping it from its queue, is the
     * caller's.
     */
    void backordered(final Order order, final int line, final int units)
    {
        final int before = order.backordered(line);
        order.backordered(line, units);
        countWaiting(order, line, units - before);
    }

    /** {@code delta} more units of line {@code line} wait: its SKU's queue's totals and all queues' (derived). */
    private void countWaiting(final Order order, final int line, final long delta)
    {
        queueOf(order.skuIndex(line)).count(delta, order);
        waitingUnits += delta;
        // The SKU's backordered figure, which the stock change feed shows.
        catalog.changes().touch(order.skuIndex(line));
    }

    /** Whether any order's units wait for stock (or for a node's capacity): the engine's ticker then wakes it daily. */
    boolean hasWaitingBackorders()
    {
        return waitingUnits > 0;
    }

    /** Units waiting in every SKU's queue, kept as they change ({@link #backordered}); derived. */
    long waitingUnits()
    {
        return waitingUnits;
    }

    /** The backorder queue of a SKU, made the first time one of its lines waits. */
    private BackorderQueue queueOf(final int sku)
    {
        while (backorders.size() <= sku)
        {
            backorders.add(null);
        }
        BackorderQueue queue = backorders.get(sku);
        if (queue == null)
        {
            queue = new BackorderQueue();
            backorders.set(sku, queue);
        }
        return queue;
    }

    /**
     * Queues lines of orders that may be older than others waiting (their allocated units went back to backorder):
     * each at its place by order id, as {@link #rebuildDerived} queues it, so oldest first holds and a restored
     * engine fills as this one does. {@code entries[0, count)} are {@link #pack packed} lines of the SKU, none
     * queued already, newest first.
     */
    void enqueueBackordersInOrder(final Sku sku, final long[] entries, final int count)
    {
        if (count > 0)
        {
            queueOf(sku.index).merge(entries, count, this);
        }
    }

    /** Lines of a SKU waiting for stock, oldest first (each with units backordered: callers drop those they end). */
    BackorderQueue backordersOf(final Sku sku)
    {
        return sku.index < backorders.size() ? backorders.get(sku.index) : null;
    }

    /** Drops line {@code line} of {@code order} from its SKU's queue: it waits no more. */
    void dropBackorder(final Order order, final int line)
    {
        final BackorderQueue queue = backordersOf(order.sku(line));
        if (queue != null)
        {
            queue.remove(pack(order.id, line));
        }
    }

    /** Units of open orders waiting for stock of {@code sku}, anywhere. */
    long backorderedUnits(final Sku sku)
    {
        final BackorderQueue queue = backordersOf(sku);
        return queue == null ? 0 : queue.units();
    }

    /** Units of pickup orders waiting for stock of {@code sku} at {@code store}. */
    long backorderedAt(final Sku sku, final Location store)
    {
        final BackorderQueue queue = backordersOf(sku);
        return queue == null ? 0 : queue.unitsAtStore(store);
    }

    /**
     * Units of the SKU's open orders waiting for stock; those of pickup orders, which wait for their store alone,
     * are also added to {@code atStore} at the store's location index.
     */
    long backorderedUnits(final Sku sku, final long[] atStore)
    {
        final BackorderQueue queue = backordersOf(sku);
        if (queue == null)
        {
            return 0;
        }
        queue.addUnitsAtStores(atStore);
        return queue.units();
    }

    static long pack(final long orderId, final int line)
    {
        return (orderId << 8) | line;
    }

    static long orderOf(final long entry)
    {
        return entry >>> 8;
    }

    static int lineOf(final long entry)
    {
        return (int)(entry & 0xFF);
    }

    // ------------------------------------------------------------------------------------------------ supply

    @Override
    public void onSupplyMayHaveGrown(final Sku sku)
    {
        final BackorderQueue queue = backordersOf(sku);
        if (queue == null || queue.isEmpty())
        {
            return;
        }
        markDirty(sku.index);
    }

    /**
     * An order kept to a shipment limit may have stopped shipping from a node (units cancelled, or sent back to
     * backorder by a count): its waiting lines may take units at a new node now, as nothing of their SKUs' supply
     * changed, so their SKUs are marked for the fill (rules version 14).
     */
    void shipmentsMayHaveEnded(final Order order)
    {
        if (order.maxShipments == 0 || order.totalBackordered() == 0)
        {
            return;
        }
        for (int line = 0; line < order.lineCount; line++)
        {
            if (order.backordered(line) > 0)
            {
                markDirty(order.sku(line).index);
            }
        }
    }

    @Override
    public void onEverySupplyMayHaveGrown()
    {
        markEveryQueue();
    }

    /**
     * Marks every SKU with waiting backorders: something other than stock changed what they may take (a new
     * engine-time day resets daily capacity; a full node's capacity was given back). Fills leave no waiting line that
     * could take a unit ({@code BackorderPassOverPropertyTest}), so a command that gives a day back only where it was
     * not full, or at a node without a daily capacity, need not mark them.
     */
    void markEveryQueue()
    {
        if (waitingUnits == 0)
        {
            // No line waits for a unit, so no fill could give one: the queues (which keep a slot for every SKU that
            // ever had a backorder) are not walked at all, the usual case of an admin command (Review-194).
            return;
        }
        for (int sku = 0; sku < backorders.size(); sku++)
        {
            final BackorderQueue queue = backorders.get(sku);
            if (queue != null && !queue.isEmpty())
            {
                markDirty(sku);
            }
        }
    }

    private void markDirty(final int sku)
    {
        if (dirty.length <= sku)
        {
            dirty = java.util.Arrays.copyOf(dirty, Math.max(sku + 1, dirty.length * 2));
        }
        if (!dirty[sku])
        {
            dirty[sku] = true;
            dirtySkus.addLong(sku);
        }
    }

    int dirtySkuCount()
    {
        return dirtySkus.size() - dirtyHead;
    }

    boolean hasDirtySkus()
    {
        // Every command asks (twice), and nearly always none is marked: the list's size field, read directly.
        return dirtySkus.size() != dirtyHead;
    }

    /** Takes the oldest marked SKU index, or -1. Marking order is a function of the commands: deterministic. */
    int pollDirtySku()
    {
        if (dirtySkus.size() == dirtyHead)
        {
            return -1;
        }
        // Taken from a head index: removing the first of 20 000 marked SKUs shifted the rest each time, and a new
        // day's fill of every queue was quadratic in them (33 ms; found in review).
        final int sku = (int)dirtySkus.getLong(dirtyHead++);
        dirty[sku] = false;
        if (dirtyHead == dirtySkus.size())
        {
            dirtySkus.clear();
            dirtyHead = 0;
        }
        return sku;
    }

    // ------------------------------------------------------------------------------------------------ restore

    /**
     * Counts every order's allocations for its channel at their nodes ({@link StockCell#takenBy}): when the first
     * channel is defined, and after a restore once channels are (the live engine counted them as they were made).
     */
    void countAllocationsByChannel()
    {
        for (final Order order : orders)
        {
            for (long a = order.lastAllocation; a != RecordArena.NONE; a = Order.previousAllocation(a))
            {
                final int units = Order.allocationUnits(a);
                if (units > 0)
                {
                    order.sku(Order.allocationLine(a)).findCell(order.allocationLocation(a))
                        .addTaken(order.channelHash, units);
                }
            }
        }
    }

    /**
     * After a snapshot restore: rebuild the external index, backorder queues, ledger, per-channel counts, the channel
     * and customer indexes and each node's holders of its day from the orders.
     */
    void rebuildDerived()
    {
        // The tables sized once for every order (each grown by doubling copied its entries again: with the restore's
        // other tables, a tenth of a large snapshot's restore).
        indexes.preallocate(orders.size() + 1);
        externalIdsRoom(orders.size());
        if (catalog.countsByChannel())
        {
            countAllocationsByChannel();
        }
        for (int l = 0; l < catalog.locationCount(); l++)
        {
            catalog.location(l).forgetHolders();
        }
        for (final Order order : orders)
        {
            indexes.add(order);
            indexExternalId(order);
            for (int c = 0; c < order.capacityCount; c++)
            {
                order.capacityNode(c).restoreHolder(order.capacityDay(c), order.id);
            }
            for (int i = 0; i < order.lineCount; i++)
            {
                if (order.backordered(i) > 0)
                {
                    enqueueBackorder(order, i);
                    countWaiting(order, i, order.backordered(i));
                }
                final int open = order.qty(i) - order.cancelled(i);
                if (open > 0)
                {
                    ordered.add(ordered.entry(order), order.sku(i), open);
                }
            }
        }
    }

    Order restoreNext()
    {
        final Order order = newOrder();
        addUnindexed(order);
        return order;
    }
}
