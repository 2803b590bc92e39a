package ordo.engine;

import java.util.Arrays;

import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The orders of each channel and of each customer, for lists filtered by them ({@link OrderQueries#list}): a page
 * reads the orders it may show, not the whole book. Before, a page stepped over at most 10 000 orders of any kind, so
 * a customer's three orders among a million took a hundred requests to find, and a storefront's page could end short
 * or empty on other channels' orders (found in QA).
 *
 * <ul>
 *   <li>by channel: the ids of each channel hash's orders, ascending (a cursor is found by a binary search);</li>
 *   <li>by customer: each customer hash's first and last order, and at each order the next of the same customer hash
 *       (a customer has few orders: a cursor is found by walking them).</li>
 * </ul>
 *
 * Keyed by hashes: two channels or customers whose ids hash alike share a list, and the list's reader compares each
 * order's bytes. Derived: neither hashed nor snapshotted, rebuilt from the orders at restore ({@link #add} in id
 * order). Owned by the engine thread.
 */
final class OrderIndexes
{
    private static final int NONE = 0;

    private final Long2ObjectHashMap<IntArrayList> byChannel = new Long2ObjectHashMap<>();
    /** The list of the last channel added to (orders come in runs of one channel): no lookup then. */
    private long lastChannel;
    private IntArrayList lastChannelIds;
    /** Customer hash → first order id × 2^32 + last order id; 0 when none. */
    private Long2LongHashMap customerEnds = new Long2LongHashMap(0);
    /** At index {@code id}: the next order id of the same customer hash, {@link #NONE} for none. */
    private int[] nextOfCustomer = new int[1024];

    /** Room for {@code total} orders' links and customers, so the tables are not rehashed while orders come. */
    void preallocate(final int total)
    {
        ensureLinks(total);
        if (!Hashing.tableHolds(customerEnds.capacity(), total))
        {
            final Long2LongHashMap larger = new Long2LongHashMap(Hashing.tableCapacity(total),
                org.agrona.collections.Hashing.DEFAULT_LOAD_FACTOR, 0);
            larger.putAll(customerEnds);
            customerEnds = larger;
        }
    }

    /** Indexes an order just added to the book: orders are added in id order. */
    void add(final Order order)
    {
        final int id = (int)order.id;
        IntArrayList ids = lastChannelIds;
        if (ids == null || lastChannel != order.channelHash)
        {
            ids = byChannel.get(order.channelHash);
            if (ids == null)
            {
                ids = new IntArrayList();
                byChannel.put(order.channelHash, ids);
            }
            lastChannel = order.channelHash;
            lastChannelIds = ids;
        }
        ids.addInt(id);

        ensureLinks(id + 1);
        nextOfCustomer[id] = NONE;
        final long ends = customerEnds.get(order.customerHash);
        if (ends == 0)
        {
            customerEnds.put(order.customerHash, (long)id << 32 | id);
        }
        else
        {
            nextOfCustomer[(int)ends] = id;
            customerEnds.put(order.customerHash, ends & 0xFFFF_FFFF_0000_0000L | id);
        }
    }

    /** The ids of the channel hash's orders, ascending; null when it has none. Not to be changed. */
    IntArrayList ofChannel(final long channelHash)
    {
        return byChannel.get(channelHash);
    }

    /** The position in {@code ids} of the first id after {@code after}. */
    static int firstAfter(final IntArrayList ids, final long after)
    {
        int low = 0;
        int high = ids.size();
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (ids.getInt(mid) <= after)
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

    /** The customer hash's first order id, or {@link #NONE}. */
    int firstOfCustomer(final long customerHash)
    {
        return (int)(customerEnds.get(customerHash) >>> 32);
    }

    /** The next order id of the same customer hash as order {@code id}, or {@link #NONE}. */
    int nextOfCustomer(final long id)
    {
        return nextOfCustomer[(int)id];
    }

    private void ensureLinks(final int size)
    {
        if (size > nextOfCustomer.length)
        {
            nextOfCustomer = Arrays.copyOf(nextOfCustomer, Math.max(size, nextOfCustomer.length * 2));
        }
    }
}
