package ordo.engine;

import java.util.Arrays;

/**
 * A sales channel as defined by an admin (API.md {@code PUT /v1/channels/{id}}): its kind, name and pools. A pool
 * caps what the channel has of a SKU: at each node its holds and orders' units together at most
 * {@code floor((onHand − safetyStock) × shareBps / 10000)}, within the node's ATP, and across the network the sum of
 * that ({@link #pooledLeft}, {@link #pooledPart}; docs/ORDERS.md). A pool for one SKU beats the channel's {@code *}
 * pool; no pool means the whole ATP. A channel may also be kept to some locations ({@link #sourcesFrom}; rules
 * version 17): its orders and holds take stock there only, and its pooled total counts only those. Channels that
 * were never defined have no pools and take stock anywhere. Owned by the engine thread.
 */
final class Channel
{
    static final int FULL_SHARE_BPS = 10_000;
    static final int MAX_POOLS = 255;
    /** Pool SKU index for "every SKU" ({@code *}). */
    static final int EVERY_SKU = -1;

    final byte[] id;
    final long idHash;
    final int index;
    Codes.ChannelKind kind;
    String name;
    int poolCount;
    int[] poolSku = new int[0];
    int[] poolShareBps = new int[0];
    /**
     * The locations the channel's orders and holds may take stock from, by location index in the order the admin
     * listed them, or null for every location (also those defined later). A SHIP line takes no units elsewhere, a
     * pickup or a hold at another location is refused ({@code CHANNEL_NOT_SERVED}), and what the channel may sell
     * (its pooled total) counts these locations only.
     */
    int[] sources;
    /** {@link #sources} as a bit per location index (null: every location). */
    private long[] sourceBits;
    /** The most locations a channel may list in {@link #sources} (an unsigned short count in DEFINE_CHANNEL). */
    static final int MAX_SOURCES = 4_096;

    Channel(final int index, final byte[] id, final long idHash)
    {
        this.index = index;
        this.id = id;
        this.idHash = idHash;
    }

    void pools(final int count, final int[] skus, final int[] shares)
    {
        poolCount = count;
        poolSku = Arrays.copyOf(skus, count);
        poolShareBps = Arrays.copyOf(shares, count);
    }

    /** Keeps the channel to the locations of indexes {@code indexes} (their first {@code count}), or to none: null. */
    void sources(final int count, final int[] indexes)
    {
        if (indexes == null)
        {
            sources = null;
            sourceBits = null;
            return;
        }
        sources = Arrays.copyOf(indexes, count);
        int most = 0;
        for (final int index : sources)
        {
            most = Math.max(most, index);
        }
        sourceBits = new long[(most >> 6) + 1];
        for (final int index : sources)
        {
            sourceBits[index >> 6] |= 1L << index;
        }
    }

    /** Whether the channel is kept to some locations ({@link #sources}). */
    boolean kept()
    {
        return sourceBits != null;
    }

    /** Whether the channel's orders and holds may take stock at {@code l} ({@link #sources}). */
    boolean sourcesFrom(final Location l)
    {
        return sourcesFrom(l.index);
    }

    boolean sourcesFrom(final int locationIndex)
    {
        final long[] bits = sourceBits;
        return bits == null || (locationIndex >> 6 < bits.length && (bits[locationIndex >> 6] & 1L << locationIndex) != 0);
    }

    /**
     * Whether the channel's takes of {@code sku} are bounded by its pooled total: a pool of less than all of it, or
     * a list of locations (its total then counts those alone, each at its share).
     */
    boolean limits(final Sku sku)
    {
        // A channel with neither (the usual case) answers without looking its pools over.
        return sourceBits != null || poolCount > 0 && shareBps(sku) != FULL_SHARE_BPS;
    }

    /** Whether another list of sources, {@code indexes} (null: every location), keeps the channel to other locations. */
    boolean sourcesDiffer(final int count, final int[] indexes)
    {
        if (indexes == null || sources == null)
        {
            return (indexes == null) != (sources == null);
        }
        if (count != sources.length)
        {
            return true;
        }
        for (int i = 0; i < count; i++)
        {
            if (!sourcesFrom(indexes[i]))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The units a pool of {@code shareBps} lets a channel take of a node's ATP: {@code floor(atp × share)}, none of a
     * negative ATP. Exact: ATP is below 2^41, so the product never overflows. Sourcing and holds both use it.
     */
    static long pooledShare(final long atp, final long shareBps)
    {
        return atp <= 0 ? 0 : atp * shareBps / FULL_SHARE_BPS;
    }

    /**
     * What a pooled channel may still take of a SKU at a node: its share of the node's sellable stock
     * ({@code onHand − safetyStock}, the ATP before anything is held or allocated) less the units it already has
     * there (its holds at the node and its orders' allocations), never below 0 — the node's ATP bounds it as well.
     * The share of the ATP alone shrank as the channel took, but each request got it afresh: one-unit holds or orders
     * took 9 of 10 units at a node fenced to half (found in review; rules version 4). Other channels' takes do not
     * shrink it: they lower the ATP, not the stock. Stock and units taken are each below 2^41, so the product never
     * overflows.
     */
    static long pooledLeft(final StockCell cell, final long channelHash, final long shareBps)
    {
        return Math.max(0, pooledBalance(cell, channelHash, shareBps));
    }

    /**
     * A node's part in a pooled channel's cap across the network: {@link #pooledLeft} before it is floored at 0, so
     * negative where the channel has more than its share of the node's stock. A converted network hold may take all
     * its units from one node (and a DAMAGE adjustment may shrink a node's stock below what the channel has there):
     * summed over the nodes, that excess counts against the channel's share at the others. Floored per node, it did
     * not: a channel fenced to half of 10 + 10 held 10, converted them all onto one node and then ordered 5 at the
     * other (found in review).
     */
    static long pooledBalance(final StockCell cell, final long channelHash, final long shareBps)
    {
        // A channel kept to some locations without a pool is bounded by their ATP alone: what it has at a node
        // beyond the node's stock (its orders there before a DAMAGE or a raised safety stock) takes nothing from its
        // other locations, as it takes nothing from a channel with neither (Review-241).
        return shareBps == FULL_SHARE_BPS ? UNBOUNDED :
            pooledShare(cell.onHand - cell.safetyStock, shareBps) - cell.takenBy(channelHash);
    }

    /** The balance of a channel without a pool: no bound beyond the ATP (far from overflowing when units are added). */
    static final long UNBOUNDED = Long.MAX_VALUE / 4;

    /**
     * A node's part in the channel's cap across the network: its {@link #pooledBalance}, but no more than the node
     * still has (its ATP) where positive. A node other channels emptied still has the channel's share of its stock,
     * and counted whole it let a network hold take, at the nodes that had stock, more than an order could: web took
     * all of Jurong's 10, and a hold of market's counted Jurong's 5 beside Kuala Lumpur's 3 of 6 (found in review).
     */
    static long pooledPart(final StockCell cell, final long atp, final long channelHash, final long shareBps)
    {
        return pooledPart(pooledBalance(cell, channelHash, shareBps), atp);
    }

    /** {@link #pooledPart} of a node whose {@link #pooledBalance} is known (Sourcing needs it for the node's units). */
    static long pooledPart(final long balance, final long atp)
    {
        return balance > 0 ? Math.min(balance, Math.max(0, atp)) : balance;
    }

    int shareBps(final Sku sku)
    {
        return shareBps(sku.index, poolCount, poolSku, poolShareBps);
    }

    /**
     * The share pools {@code skus}/{@code shares} (their first {@code count}) give SKU {@code sku}
     * ({@link #EVERY_SKU}: one with no pool of its own): its own pool's, else the {@code *} pool's, else all.
     */
    static int shareBps(final int sku, final int count, final int[] skus, final int[] shares)
    {
        int every = FULL_SHARE_BPS;
        for (int i = 0; i < count; i++)
        {
            if (skus[i] == sku)
            {
                return shares[i];
            }
            if (skus[i] == EVERY_SKU)
            {
                every = shares[i];
            }
        }
        return every;
    }

    long hash()
    {
        long h = Hashing.combine(idHash, index);
        h = Hashing.combine(h, kind.code());
        h = Hashing.combine(h, Hashing.hashText(name));
        for (int i = 0; i < poolCount; i++)
        {
            h = Hashing.combine(h, poolSku[i]);
            h = Hashing.combine(h, poolShareBps[i]);
        }
        if (sources != null)
        {
            // A channel kept to no list hashes as before rules version 17.
            h = Hashing.combine(h, -1 - sources.length);
            for (final int index : sources)
            {
                h = Hashing.combine(h, index);
            }
        }
        return h;
    }
}
