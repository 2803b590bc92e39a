package ordo.engine;

import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

/**
 * Which waiting lines a backorder fill may give a unit, asked of a SKU's queue ({@link BackorderQueue}) without reading
 * the orders: the others are passed over. Exact (a line passed over could take nothing: Sourcing would offer it no
 * unit), so a fill decides what planning every waiting line decides; {@code BackorderPassOverPropertyTest} compares
 * the two after every command of random streams. Owned by the engine thread, with the {@link BackorderFiller}.
 */
final class BackorderPassOver
{
    private final Catalog catalog;

    BackorderPassOver(final Catalog catalog)
    {
        this.catalog = catalog;
    }

    /**
     * A pass's memos (a pass is one SKU's: {@link #gather}). The pooled channels met so far, and whether some node has
     * a unit each one's pool lets it take.
     */
    private final Long2LongHashMap poolAnswers = new Long2LongHashMap(UNKNOWN);
    /** The ship-to countries met so far, and whether some node may ship a unit of the SKU to each one (1) or not (0). */
    private final Int2IntHashMap countryAnswers = new Int2IntHashMap(UNKNOWN);
    /** Not yet asked in this pass (the memos hold 1 for yes, 0 for no). */
    private static final int UNKNOWN = -1;

    /** The last store and channel {@link #mayFill} looked up (stock changes within a pass, they do not). */
    private int lastStore;
    private StockCell lastStoreCell;
    private boolean channelKnown;
    private long lastChannelHash;
    private Channel lastChannel;
    private int lastShareBps;

    /**
     * Whether a fill passes over the lines no node can give a unit (true but in tests, which compare an engine that
     * plans every waiting line, as fills did before, with one that passes over: they must decide alike).
     */
    boolean enabled = true;

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
     * unread. A flash sale that filled a warehouse's day (or sold it out while stores kept click-and-collect stock)
     * left its later orders waiting, and every hold released until then planned each of them again (20 000 waiting:
     * 2–3.5 ms a release).
     *
     * <p>Exact for the pass: fills only take stock and capacity, so a line left out could not be filled later in it.
     * Each call starts the pass's memos afresh.
     */
    void gather(final Sku sku, final BackorderQueue queue, final long now, final LongArrayList into)
    {
        beginPass();
        if (!enabled)
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
            final long day = node.today(now);
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
        poolAnswers.clear();
        countryAnswers.clear();
        // Another SKU's, or a cell or a channel new since the last pass.
        lastStore = BackorderQueue.SHIPPED;
        channelKnown = false;
    }

    /**
     * Whether a node may have a unit for waiting line {@code q} of {@code sku}'s queue, asked of the queue alone (no
     * order is read): false only when none can, so passing over the line changes nothing a fill would do. Sourcing
     * offers a node's units only where its ATP is positive and, for a pooled channel, where the channel's balance
     * there is positive too ({@link Sourcing}'s collectCandidates), and takes them only at a node the channel takes
     * stock from ({@link Channel#sources}); a pickup line takes units at its store alone. So a line waits unread
     * while its store has no ATP or is not its channel's, while no node that ships to its country has ATP, or while
     * its pooled or kept channel has nothing to take anywhere it takes stock from. The other rules (reach, capacity, the network's and the pool's
     * caps) are left to the plan. Twenty thousand pickup
     * lines waiting for a store while a warehouse had stock were each planned again on every change to the SKU's
     * supply: a hold released took ~1 ms, where ~12 µs is left now (BENCHMARKS.md, thirty-third round).
     *
     * <p>Exact because a fill plans with no held units and no forced node ({@link BackorderFiller}'s planLine): with a converted hold's
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
            if (pickup != lastStore)
            {
                lastStore = pickup;
                lastStoreCell = sku.findCell(catalog.location(pickup));
            }
            store = lastStoreCell;
            if (store == null || store.atp() <= 0)
            {
                return false;
            }
        }
        else if (!shipsSomewhereTo(sku, queue.country(q)))
        {
            return false;
        }
        final long channelHash = queue.channelHash(q);
        if (!channelKnown || channelHash != lastChannelHash)
        {
            channelKnown = true;
            lastChannelHash = channelHash;
            lastChannel = catalog.definedChannel(channelHash);
            lastShareBps = lastChannel == null ? Channel.FULL_SHARE_BPS : lastChannel.shareBps(sku);
        }
        final Channel channel = lastChannel;
        final int shareBps = lastShareBps;
        if (channel == null || shareBps == Channel.FULL_SHARE_BPS && !channel.kept())
        {
            return true;
        }
        if (store != null)
        {
            // A pickup at a store its channel no longer takes stock from waits until it does again (or is cancelled).
            return channel.sourcesFrom(store.location) && Channel.pooledBalance(store, channel.idHash, shareBps) > 0;
        }
        return pooledSomewhere(sku, channel, shareBps);
    }

    /**
     * Whether some active node that can ship has ATP of {@code sku} and ships to the country of key {@code country}
     * ({@link Location#shipsTo}); asked once a pass per country. Orders to a country no stocked node ships to wait
     * unread while other countries' stock comes and goes.
     */
    private boolean shipsSomewhereTo(final Sku sku, final int country)
    {
        final int known = countryAnswers.get(country);
        if (known != UNKNOWN)
        {
            return known == 1;
        }
        boolean somewhere = false;
        final StockCell[] cells = sku.cells();
        for (int c = 0; c < sku.cellCount() && !somewhere; c++)
        {
            final Location node = cells[c].location;
            somewhere = cells[c].atp() > 0 && node.active && node.canShip() && node.shipsTo(country);
        }
        countryAnswers.put(country, somewhere ? 1 : 0);
        return somewhere;
    }

    /**
     * Whether some node the channel takes stock from has ATP and a positive balance of {@code channel}'s pool of
     * {@code sku}; asked once a pass.
     */
    private boolean pooledSomewhere(final Sku sku, final Channel channel, final int shareBps)
    {
        final long known = poolAnswers.get(channel.idHash);
        if (known != UNKNOWN)
        {
            return known == 1;
        }
        boolean somewhere = false;
        final StockCell[] cells = sku.cells();
        for (int c = 0; c < sku.cellCount() && !somewhere; c++)
        {
            somewhere = cells[c].atp() > 0 && channel.sourcesFrom(cells[c].location) &&
                Channel.pooledBalance(cells[c], channel.idHash, shareBps) > 0;
        }
        poolAnswers.put(channel.idHash, somewhere ? 1 : 0);
        return somewhere;
    }
}
