package ordo.engine;

import java.util.Arrays;

import org.agrona.collections.LongArrayList;

/**
 * One SKU's lines waiting for stock, oldest first: each a packed (order id, line) ({@link OrderBook#pack}), ascending,
 * with what it may be filled from beside it (the order's channel, its pickup store, if any, and the country it ships
 * to), so a fill can pass
 * over lines that no stock can reach without reading their orders ({@link BackorderFiller}). Derived from the orders:
 * neither hashed nor in snapshots. Owned by the engine thread.
 */
final class BackorderQueue
{
    /** {@link #pickup} of a line shipped to the customer: any node may fill it. */
    static final int SHIPPED = -1;

    private long[] entries = new long[8];
    private long[] channelHashes = new long[8];
    private int[] pickups = new int[8];
    /** Of each line, its order's ship-to country ({@link Location#countryKey}; 0: none). */
    private short[] countries = new short[8];
    private int size;
    /** Units the SKU's lines wait for, and those of pickup lines by store location index (sized when one waits). */
    private long units;
    private long[] unitsAtStore = new long[0];

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    /** The packed (order id, line) at {@code i}. */
    long entry(final int i)
    {
        return entries[i];
    }

    long channelHash(final int i)
    {
        return channelHashes[i];
    }

    /** The location index of the store the line waits for, or {@link #SHIPPED}. */
    int pickup(final int i)
    {
        return pickups[i];
    }

    /** The ship-to country of the line at {@code i}: its order's {@link Location#countryKey}. */
    int country(final int i)
    {
        return countries[i];
    }

    /** Units the SKU's open lines wait for. */
    long units()
    {
        return units;
    }

    /** Units pickup lines wait for at {@code store}. */
    long unitsAtStore(final Location store)
    {
        return store.index < unitsAtStore.length ? unitsAtStore[store.index] : 0;
    }

    /** Adds to {@code atStore[location index]} the units pickup lines wait for at each store. */
    void addUnitsAtStores(final long[] atStore)
    {
        for (int i = 0; i < unitsAtStore.length; i++)
        {
            atStore[i] += unitsAtStore[i];
        }
    }

    /**
     * Counts {@code delta} more units waiting on a line of {@code order} (fewer when negative): every change to a
     * line's backordered units goes through here ({@link OrderBook#backordered}), so the inventory view reads totals
     * rather than every waiting order.
     */
    void count(final long delta, final Order order)
    {
        units += delta;
        final Location store = order.pickupLocation;
        if (store != null)
        {
            if (unitsAtStore.length <= store.index)
            {
                unitsAtStore = Arrays.copyOf(unitsAtStore, store.index + 1);
            }
            unitsAtStore[store.index] += delta;
        }
    }

    /** Appends a line of {@code order} newer than every line queued (the caller knows it is). */
    void add(final long entry, final Order order)
    {
        add(entry, order.channelHash, pickupOf(order), countryOf(order));
    }

    /** Appends a line newer than every line queued, of an order of that channel, pickup store and ship-to country. */
    void add(final long entry, final long channelHash, final int pickup, final short country)
    {
        roomFor(size + 1);
        set(size++, entry, channelHash, pickup, country);
    }

    /**
     * Queues lines that may be older than others waiting, each at its place by entry: {@code newEntries[0, count)}
     * packed lines of {@code orders}' orders, newest first, none queued already. One merge from the end, largest
     * first: a shift per entry made a count that sent 80 000 orders back take a second (found in review).
     */
    void merge(final long[] newEntries, final int count, final OrderBook orders)
    {
        final int waiting = size;
        roomFor(size + count);
        size += count;
        int q = waiting - 1;
        int w = size - 1;
        for (int e = 0; e < count; w--)
        {
            if (q >= 0 && entries[q] > newEntries[e])
            {
                set(w, entries[q], channelHashes[q], pickups[q], countries[q]);
                q--;
            }
            else
            {
                final Order order = orders.get(OrderBook.orderOf(newEntries[e]));
                set(w, newEntries[e++], order.channelHash, pickupOf(order), countryOf(order));
            }
        }
    }

    /** The position of the first entry at or after {@code entry} in queue order ({@link #size} when none is). */
    int firstAtOrAfter(final long entry)
    {
        final int at = Arrays.binarySearch(entries, 0, size, entry);
        return at >= 0 ? at : -at - 1;
    }

    /** Drops {@code entry} if queued: the line waits no more. Answers whether it was. */
    boolean remove(final long entry)
    {
        final int at = Arrays.binarySearch(entries, 0, size, entry);
        if (at < 0)
        {
            return false;
        }
        final int after = size - at - 1;
        System.arraycopy(entries, at + 1, entries, at, after);
        System.arraycopy(channelHashes, at + 1, channelHashes, at, after);
        System.arraycopy(pickups, at + 1, pickups, at, after);
        System.arraycopy(countries, at + 1, countries, at, after);
        size--;
        return true;
    }

    /**
     * Drops the entries in {@code done} (ascending; entries of other SKUs' queues may be among them), keeping the order
     * of the rest: one pass over the queue that reads no order (a fill knows the lines it completed; reading every
     * waiting order to find them made each fill as slow as the queue was long).
     */
    void removeAll(final LongArrayList done)
    {
        final int count = done.size();
        if (count == 0)
        {
            return;
        }
        int w = 0;
        int d = 0;
        for (int r = 0; r < size; r++)
        {
            while (d < count && done.getLong(d) < entries[r])
            {
                d++;
            }
            if (d < count && entries[r] == done.getLong(d))
            {
                d++;
                continue;
            }
            if (w != r)
            {
                set(w, entries[r], channelHashes[r], pickups[r], countries[r]);
            }
            w++;
        }
        size = w;
    }

    private static int pickupOf(final Order order)
    {
        return order.pickupLocation == null ? SHIPPED : order.pickupLocation.index;
    }

    private static short countryOf(final Order order)
    {
        return (short)Location.countryKey(order.shipCountry);
    }

    private void set(final int i, final long entry, final long channelHash, final int pickup, final short country)
    {
        entries[i] = entry;
        channelHashes[i] = channelHash;
        pickups[i] = pickup;
        countries[i] = country;
    }

    private void roomFor(final int capacity)
    {
        if (capacity > entries.length)
        {
            final int grown = Math.max(capacity, entries.length * 2);
            entries = Arrays.copyOf(entries, grown);
            channelHashes = Arrays.copyOf(channelHashes, grown);
            pickups = Arrays.copyOf(pickups, grown);
            countries = Arrays.copyOf(countries, grown);
        }
    }
}
