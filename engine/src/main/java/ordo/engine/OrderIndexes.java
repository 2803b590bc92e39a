package ordo.engine;

import java.util.Arrays;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The orders of each channel, of each customer and of each pickup store, for lists filtered by them
 * ({@link OrderQueries#list}): a page reads the orders it may show, not the whole book. Before, a page stepped over at
 * most 10 000 orders of any kind, so a customer's three orders among a million took a hundred requests to find, and a
 * storefront's page could end short or empty on other channels' orders (found in QA).
 *
 * <p>Each is a chain through the orders in id order: at each order, the next order of the same channel hash, of the
 * same customer hash, of both, and to be picked up at the same store (int arrays by id, grown with the orders and
 * preallocated with them, so placing an order allocates nothing here); per channel and per pickup store its first and
 * last order and every {@value #SAMPLE_EVERY}th order (a cursor is found by a binary search among those, then a walk
 * of fewer than that many); per customer, and per channel and customer, the same ({@link KeyedChains}: its ends in a
 * map, and samples once it has {@value #SAMPLE_EVERY} orders, so a customer costs no object of its own). A customer's
 * chain had no samples: a cursor or a creation window past 10 000 of one customer's orders (a shared id such as a
 * POS's walk-in customer has millions) was walked to from the first, and past a scan's worth the page read every
 * order (found in review). A store's counter lists the orders it hands over by its chain, whatever their channel, not
 * by stepping over every order of the network (found in QA).
 *
 * <p>Keyed by hashes: two channels or customers whose ids hash alike share a chain, and the chain's reader compares
 * each order's bytes. Derived: neither hashed nor snapshotted, rebuilt from the orders at restore ({@link #add} in id
 * order). Owned by the engine thread.
 */
final class OrderIndexes
{
    static final int NONE = 0;
    static final int SAMPLE_EVERY = 1024;

    /** One channel hash's or pickup store's chain, with samples to find a cursor in it. */
    static final class Chain
    {
        int first;
        int last;
        int count;
        /** Orders 0, {@value #SAMPLE_EVERY}, 2 × {@value #SAMPLE_EVERY}, … of the chain. */
        final IntArrayList samples = new IntArrayList();

        /** Appends order {@code id}, linked in {@code next}. */
        void append(final int[] next, final int id)
        {
            next[id] = NONE;
            if (last == NONE)
            {
                first = id;
            }
            else
            {
                next[last] = id;
            }
            last = id;
            if (count++ % SAMPLE_EVERY == 0)
            {
                samples.addInt(id);
            }
        }

        /** The chain's first order after {@code after} (links in {@code next}), or {@link #NONE}. */
        int firstAfter(final int[] next, final long after)
        {
            if (first > after)
            {
                return first;
            }
            // The last sample at or before the cursor (the first is), then on along the chain (fewer than SAMPLE_EVERY
            // steps).
            int at = samples.getInt(lastAtOrBefore(samples, after));
            while (at != NONE && at <= after)
            {
                at = next[at];
            }
            return at;
        }
    }

    /**
     * Chains keyed by a hash with no object per key: its first and last order in a map, and, for a key with
     * {@value #SAMPLE_EVERY} orders or more, its orders {@value #SAMPLE_EVERY}, 2 × {@value #SAMPLE_EVERY}, … (the
     * only allocation, once in that many orders of the key). Each order's link and its place in its chain are side by
     * side: appending reads the last order's place where it writes its link.
     */
    static final class KeyedChains
    {
        /** Key → first order id × 2^32 + last order id; 0 when none. */
        private Long2LongHashMap ends = new Long2LongHashMap(0);
        /** At 2 × id: the next order id of the same key, {@link #NONE} for none; at 2 × id + 1: its place (0 first). */
        private int[] links = new int[2048];
        /** Key → its orders at places {@value #SAMPLE_EVERY}, 2 × {@value #SAMPLE_EVERY}, …; none below that. */
        private final Long2ObjectHashMap<IntArrayList> samples = new Long2ObjectHashMap<>();

        /** Room for {@code total} orders' links and keys. */
        void preallocate(final int total)
        {
            ensureLinks(total);
            ends = Hashing.withRoomFor(ends, total);
        }

        /** Appends order {@code id} to the chain of {@code key}: orders are appended in id order. */
        void append(final long key, final int id)
        {
            ensureLinks(id + 1);
            links[2 * id] = NONE;
            final long both = ends.get(key);
            int place = 0;
            if (both == 0)
            {
                ends.put(key, (long)id << 32 | id);
            }
            else
            {
                final int last = (int)both;
                links[2 * last] = id;
                place = links[2 * last + 1] + 1;
                ends.put(key, both & 0xFFFF_FFFF_0000_0000L | id);
                if (place % SAMPLE_EVERY == 0)
                {
                    IntArrayList sampled = samples.get(key);
                    if (sampled == null)
                    {
                        sampled = new IntArrayList();
                        samples.put(key, sampled);
                    }
                    sampled.addInt(id);
                }
            }
            links[2 * id + 1] = place;
        }

        /** The next order id of the same key as order {@code id}, or {@link #NONE}. */
        int next(final long id)
        {
            return links[2 * (int)id];
        }

        /**
         * The key's first order after {@code after}, or {@link #NONE}: from its first, or from the last sample at or
         * before {@code after}, a walk of fewer than {@value #SAMPLE_EVERY} orders.
         */
        int firstAfter(final long key, final long after)
        {
            final long both = ends.get(key);
            if (both == 0 || (int)both <= after)
            {
                return NONE;
            }
            int at = (int)(both >>> 32);
            final IntArrayList sampled = at > after ? null : samples.get(key);
            final int sample = sampled == null ? -1 : lastAtOrBefore(sampled, after);
            if (sample >= 0)
            {
                at = sampled.getInt(sample);
            }
            while (at != NONE && at <= after)
            {
                at = links[2 * at];
            }
            return at;
        }

        private void ensureLinks(final int size)
        {
            if (2 * size > links.length)
            {
                links = Arrays.copyOf(links, Math.max(2 * size, links.length * 2));
            }
        }
    }

    /** The index of the last of {@code samples} (ascending order ids) at or before {@code after}; -1 when none is. */
    static int lastAtOrBefore(final IntArrayList samples, final long after)
    {
        int low = -1;
        int high = samples.size() - 1;
        while (low < high)
        {
            final int mid = (low + high + 1) >>> 1;
            if (samples.getInt(mid) <= after)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low;
    }

    private final Long2ObjectHashMap<Chain> byChannel = new Long2ObjectHashMap<>();
    /** The chain of the last channel added to (orders come in runs of one channel): no lookup then. */
    private long lastChannelHash;
    private Chain lastChannel;
    /** At index {@code id}: the next order id of the same channel hash, {@link #NONE} for none. */
    private int[] nextOfChannel = new int[1024];
    /** Pickup store (its location index) → the chain of its click-and-collect orders. */
    private final Int2ObjectHashMap<Chain> byPickup = new Int2ObjectHashMap<>();
    /** At index {@code id} of a pickup order: the next order id to be picked up at the same store. */
    private int[] nextOfPickup = new int[1024];
    /** Each customer hash's orders. */
    private final KeyedChains byCustomer = new KeyedChains();
    /**
     * The same per channel and customer ({@link #channelCustomerKey}): a storefront's list of a customer walks the
     * customer's orders in its channels only, so it learns nothing of the customer's orders in others (walking every
     * channel's, a page that stepped over a scan's worth of them answered a cursor that told so: found in review).
     */
    private final KeyedChains byChannelCustomer = new KeyedChains();

    /** Room for {@code total} orders' links and customers, so nothing grows while orders come. */
    void preallocate(final int total)
    {
        ensureLinks(total);
        byCustomer.preallocate(total);
        byChannelCustomer.preallocate(total);
    }

    /** The key of a channel's and customer's chain. */
    static long channelCustomerKey(final long channelHash, final long customerHash)
    {
        return Hashing.combine(channelHash, customerHash);
    }

    /** Indexes an order just added to the book: orders are added in id order. */
    void add(final Order order)
    {
        final int id = (int)order.id;
        ensureLinks(id + 1);
        Chain channel = lastChannel;
        if (channel == null || lastChannelHash != order.channelHash)
        {
            channel = byChannel.get(order.channelHash);
            if (channel == null)
            {
                channel = new Chain();
                byChannel.put(order.channelHash, channel);
            }
            lastChannelHash = order.channelHash;
            lastChannel = channel;
        }
        channel.append(nextOfChannel, id);
        if (order.pickupLocation != null)
        {
            Chain pickups = byPickup.get(order.pickupLocation.index);
            if (pickups == null)
            {
                pickups = new Chain();
                byPickup.put(order.pickupLocation.index, pickups);
            }
            pickups.append(nextOfPickup, id);
        }
        byCustomer.append(order.customerHash, id);
        byChannelCustomer.append(channelCustomerKey(order.channelHash, order.customerHash), id);
    }

    /** The channel hash's first order after {@code after}, or {@link #NONE}. */
    int firstOfChannelAfter(final long channelHash, final long after)
    {
        final Chain channel = byChannel.get(channelHash);
        return channel == null ? NONE : channel.firstAfter(nextOfChannel, after);
    }

    /** The first order after {@code after} to be picked up at the location of this index, or {@link #NONE}. */
    int firstOfPickupAfter(final int locationIndex, final long after)
    {
        final Chain pickups = byPickup.get(locationIndex);
        return pickups == null ? NONE : pickups.firstAfter(nextOfPickup, after);
    }

    /** The next order id to be picked up at the same store as order {@code id}, or {@link #NONE}. */
    int nextOfPickup(final long id)
    {
        return nextOfPickup[(int)id];
    }

    /** The next order id of the same channel hash as order {@code id}, or {@link #NONE}. */
    int nextOfChannel(final long id)
    {
        return nextOfChannel[(int)id];
    }

    /** The customer hash's first order after {@code after}, or {@link #NONE}. */
    int firstOfCustomerAfter(final long customerHash, final long after)
    {
        return byCustomer.firstAfter(customerHash, after);
    }

    /** The next order id of the same customer hash as order {@code id}, or {@link #NONE}. */
    int nextOfCustomer(final long id)
    {
        return byCustomer.next(id);
    }

    /** The first order after {@code after} of a {@link #channelCustomerKey}, or {@link #NONE}. */
    int firstOfChannelCustomerAfter(final long key, final long after)
    {
        return byChannelCustomer.firstAfter(key, after);
    }

    /** The next order id of the same channel and customer hashes as order {@code id}, or {@link #NONE}. */
    int nextOfChannelCustomer(final long id)
    {
        return byChannelCustomer.next(id);
    }

    private void ensureLinks(final int size)
    {
        if (size > nextOfChannel.length)
        {
            final int length = Math.max(size, nextOfChannel.length * 2);
            nextOfChannel = Arrays.copyOf(nextOfChannel, length);
            nextOfPickup = Arrays.copyOf(nextOfPickup, length);
        }
    }
}
