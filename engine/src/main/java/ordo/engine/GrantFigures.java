package ordo.engine;

/**
 * The figures the grant rules bound, read from a whole engine before a command so that
 * {@link InvariantChecker#checkGrants} can compare them with the same figures after it. Neither "network holds within
 * the network's supply" nor "a pooled channel within its pool" holds of every state: a count, a DAMAGE adjustment, a
 * raised safety stock, a node switched off or a pool made smaller may each leave holds and allocations granted before
 * it beyond what backs them now (docs/ORDERS.md, sourcing 2 and 6). What the engine does promise is about a command:
 * it grants nothing while over, and only those changes take it over. A state alone cannot show that, so the figures
 * are taken on each side of a command.
 *
 * <p>Recomputed from the cells, the channels' pools and the per-channel counts, not from the kept network supply (which
 * {@link InvariantChecker#check} compares with the cells). Slow and allocating: tests only. Each array is indexed by
 * SKU, location or defined channel index, which only grow, so a figure of the state before is found at the same
 * index after.
 */
public final class GrantFigures
{
    /** Whether per-channel counts were kept ({@link Catalog#countsByChannel}): before that, a channel took nothing. */
    final boolean countsByChannel;
    final int skuCount;
    final int locationCount;
    final int channelCount;
    /** Per SKU: network holds less the supply backing them (positive ATP at active nodes): over when positive. */
    final long[] networkExcess;
    /** Per SKU: everything granted — network holds, node holds and allocated units: it rises only by a grant. */
    final long[] committed;
    /** Per SKU and location: what the node may sell, {@code max(0, onHand − safetyStock)}, active or not. */
    final long[][] sellable;
    /** Per location: whether the node was active (counts toward the network's supply and pooled totals). */
    final boolean[] active;
    /** Per channel and SKU: the channel's pool share in basis points ({@link Channel#FULL_SHARE_BPS}: no pool). */
    final int[][] shareBps;
    /** Per channel and SKU: units the channel holds against the network. */
    final long[][] networkHeld;
    /** Per channel, SKU and location: units the channel has taken there ({@link StockCell#takenBy}). */
    final long[][][] taken;

    private GrantFigures(final Catalog catalog)
    {
        countsByChannel = catalog.countsByChannel();
        skuCount = catalog.skuCount();
        locationCount = catalog.locationCount();
        channelCount = catalog.definedChannelCount();
        networkExcess = new long[skuCount];
        committed = new long[skuCount];
        sellable = new long[skuCount][locationCount];
        active = new boolean[locationCount];
        shareBps = new int[channelCount][skuCount];
        networkHeld = new long[channelCount][skuCount];
        taken = new long[channelCount][skuCount][locationCount];
        for (int l = 0; l < locationCount; l++)
        {
            active[l] = catalog.location(l).active;
        }
        for (int s = 0; s < skuCount; s++)
        {
            final Sku sku = catalog.sku(s);
            long supply = 0;
            long units = sku.networkReserved;
            for (int c = 0; c < sku.cellCount(); c++)
            {
                final StockCell cell = sku.cell(c);
                final int l = cell.location.index;
                units += cell.reserved + cell.allocated;
                sellable[s][l] = Math.max(0, cell.onHand - cell.safetyStock);
                if (active[l])
                {
                    supply += Math.max(0, cell.onHand - cell.allocated - cell.reserved - cell.safetyStock);
                }
                for (int ch = 0; ch < channelCount; ch++)
                {
                    taken[ch][s][l] = cell.takenBy(catalog.definedChannel(ch).idHash);
                }
            }
            networkExcess[s] = sku.networkReserved - supply;
            committed[s] = units;
            for (int ch = 0; ch < channelCount; ch++)
            {
                final Channel channel = catalog.definedChannel(ch);
                shareBps[ch][s] = channel.shareBps(sku);
                networkHeld[ch][s] = sku.networkHeldBy(channel.idHash);
            }
        }
    }

    static GrantFigures of(final Catalog catalog)
    {
        return new GrantFigures(catalog);
    }

    boolean pooled(final int channel, final int sku)
    {
        return shareBps[channel][sku] != Channel.FULL_SHARE_BPS;
    }

    /**
     * A channel's share of what a node may sell, {@code floor(sellable × shareBps / 10000)} (docs/ORDERS.md, sourcing
     * 2), worked out here rather than by {@link Channel#pooledShare} so the check does not trust the code it checks.
     */
    long shareAt(final int channel, final int sku, final int location)
    {
        return sellable[sku][location] * shareBps[channel][sku] / Channel.FULL_SHARE_BPS;
    }

    /** What the node adds to the network's sellable stock: {@link #sellable} while active, else nothing. */
    long sellableInNetwork(final int sku, final int location)
    {
        return active[location] ? sellable[sku][location] : 0;
    }

    /**
     * What the channel has of the SKU across the network beyond its pooled total: its holds and allocations at active
     * nodes and its network holds, less its share of every active node (the excess at one node counts against the
     * others; inactive nodes count on neither side, as the engine's pooled total leaves them out). Over when positive.
     */
    long poolExcess(final int channel, final int sku)
    {
        long excess = networkHeld[channel][sku];
        for (int l = 0; l < locationCount; l++)
        {
            if (active[l])
            {
                excess += taken[channel][sku][l] - shareAt(channel, sku, l);
            }
        }
        return excess;
    }

    /** Everything the channel has of the SKU, at any node or against the network: it rises only by a grant. */
    long poolGrabbed(final int channel, final int sku)
    {
        long units = networkHeld[channel][sku];
        for (int l = 0; l < locationCount; l++)
        {
            units += taken[channel][sku][l];
        }
        return units;
    }
}
