package ordo.engine;

/**
 * What one channel may sell of a SKU, as the inventory view's last section ({@code GET /v1/inventory/{sku}?channel=}):
 * the figures a connector publishes to a marketplace, or a storefront shows, worked out by the rules an order line
 * or a hold of that channel is held to (docs/ORDERS.md, sourcing 2), so that what is published can be ordered.
 *
 * <ul>
 *   <li>At a node: the units the channel could take there now — by a hold at the node, and, as its capabilities
 *       allow, by a shipment from it or a pickup at it: the node's ATP, within the channel's pool (its share of the
 *       node's sellable stock less what it already has there), and within the cap across the network below. None at
 *       an inactive node, nor at one the channel does not take stock from ({@link Channel#sources}).</li>
 *   <li>To sell: what a hold of the channel against the network could take — no more than the network's ATP (so
 *       holds placed against the network stay backed), and for a pooled channel, or one kept to some locations, no
 *       more than its pooled total (its share at every active node it takes stock from less what it has there) less
 *       its own network holds. No order line takes more: a SHIP line takes what it may ship (below), a pickup what
 *       its store shows.</li>
 *   <li>To ship: what one SHIP line could take across the network — the units of the active nodes that can ship
 *       (warehouses and DCs with SHIP, stores with SHIP_FROM_STORE) and that the channel takes stock from, no more
 *       than what it may sell; asked for a
 *       ship-to country, of the nodes that ship there ({@link Location#shipsTo}) only; under the sourcing policy's
 *       shipment limit ({@code maxShipments} k), of the k such nodes with the most units only, as a line's plan
 *       may ship from no more (counted over every node, a connector published units an order could not take:
 *       QA-257).</li>
 * </ul>
 *
 * Stock only: what depends on the order is left out — the reach of its service level from its address, the day's
 * order capacity (which says when a node ships, not whether the units are there), the SKU's sale window, the
 * customer's limit and the order's own shipment limit when smaller than the policy's. A converted hold's units are the holder's and are not counted. A query: it changes nothing.
 * Owned by the engine thread.
 *
 * <p>Layout after the inventory rows: {@code channel:ascii shareBps:u16 toSell:i64 toShip:i64 networkHolds:i64} then
 * per row of the view, in its order, {@code availableToSell:i64 poolShare:i64 taken:i64 served:u8}. {@code poolShare}
 * and {@code taken} are -1 when the channel has no pool for the SKU (not counted, or not what limits it), and
 * {@code networkHolds} when it has none and is kept to no list of locations; {@code served} is 0 at a location the
 * channel does not take stock from ({@link Channel#sources}: nothing to sell there).
 */
final class ChannelStock
{
    /** Shown for figures that do not apply (the channel has no pool for the SKU). */
    static final long NOT_POOLED = -1;

    private final byte[] id = new byte[255];
    private int idLength;
    private long idHash;
    /** The channel's definition, null when it has none (never defined). */
    private Channel channel;
    /** The ship-to country asked about ({@link Location#countryKey}), or {@link #ANY_COUNTRY}. */
    private int country;
    /** No ship-to country asked about: every node that can ship counts toward what a SHIP line may take. */
    static final int ANY_COUNTRY = -1;
    /** The last SKU's figures ({@link #figure}). */
    private int shareBps;
    /** Whether the channel has a pool of less than all of the SKU (its share and what it took are shown). */
    private boolean pooled;
    /** Whether its pooled total bounds the channel's takes: a pool, or a list of locations ({@link Channel#limits}). */
    private boolean limited;
    /** Where kept channels' network holds stand, and whether any of the last SKU's are set aside ({@link #figure}). */
    private KeptHolds holds;
    private boolean aside;
    private long networkHolds;
    private long cap;
    private long toShip;
    /** The sourcing policy in force ({@link SourcingPolicy#maxShipments}). */
    private final ChannelCommands channels;
    /** The most units of the nodes that may ship, largest first, under a shipment limit ({@link #figure}). */
    private final long[] largest = new long[SourcingPolicy.MAX_SHIPMENTS];

    ChannelStock(final ChannelCommands channels)
    {
        this.channels = channels;
    }

    /** The channel asked about: a valid id as read from the query, whose hash names no other channel id. */
    ChannelStock of(final ByteSlice channelId, final Catalog catalog)
    {
        return of(channelId, ANY_COUNTRY, catalog);
    }

    /** {@link #of(ByteSlice, Catalog)}, its SHIP lines shipping to the country of key {@code country}. */
    ChannelStock of(final ByteSlice channelId, final int country, final Catalog catalog)
    {
        this.country = country;
        idLength = channelId.length();
        channelId.copyTo(id);
        idHash = channelId.hash();
        channel = catalog.definedChannel(idHash);
        holds = catalog.keptHolds();
        return this;
    }

    /**
     * The network figures of {@code sku} for the channel: its pool's share, the cap across the network (what it may
     * sell) and what one SHIP line may take ({@link #shareBps}, {@link #cap}, {@link #toShip}, {@link #networkHolds}).
     */
    private void figure(final Sku sku)
    {
        shareBps = channel == null ? Channel.FULL_SHARE_BPS : channel.shareBps(sku);
        pooled = shareBps != Channel.FULL_SHARE_BPS;
        limited = channel != null && channel.limits(sku);
        aside = holds.place(sku, channel);
        final int cells = sku.cellCount();
        final int limit = channels.policy().maxShipments();
        int kept = 0;
        long pooledTotal = 0;
        long shippable = 0;
        for (int c = 0; c < cells; c++)
        {
            final StockCell cell = sku.cell(c);
            if (cell.location.active && (channel == null || channel.sourcesFrom(cell.location)))
            {
                final long atp = atpFor(cell, c);
                final long balance = limited ? Channel.pooledBalance(cell, idHash, shareBps) : atp;
                if (limited)
                {
                    pooledTotal += Channel.pooledPart(balance, atp);
                }
                if (cell.location.canShip() && (country == ANY_COUNTRY || cell.location.shipsTo(country)))
                {
                    final long units = units(atp, balance);
                    shippable += units;
                    if (limit > 0 && units > 0)
                    {
                        kept = keepLargest(units, kept, limit);
                    }
                }
            }
        }
        networkHolds = limited ? sku.networkHeldBy(idHash) : NOT_POOLED;
        // As Sourcing's line cap: the network's ATP keeps holds placed against the network backed; a pool, or a list
        // of locations, caps the channel's take across the network at its pooled total less its own network holds.
        final long networkCap = Math.max(0, sku.networkAtp());
        cap = limited ? Math.min(networkCap, Math.max(0, pooledTotal - networkHolds)) : networkCap;
        if (limit > 0)
        {
            shippable = 0;
            for (int i = 0; i < kept; i++)
            {
                shippable += largest[i];
            }
        }
        toShip = Math.min(shippable, cap);
    }

    /**
     * Keeps {@code units} among the {@code limit} largest so far ({@link #largest}, {@code kept} of them, largest
     * first); the count kept now.
     */
    private int keepLargest(final long units, final int kept, final int limit)
    {
        int at = kept < limit ? kept : limit - 1;
        if (kept == limit && units <= largest[at])
        {
            return kept;
        }
        while (at > 0 && largest[at - 1] < units)
        {
            largest[at] = largest[at - 1];
            at--;
        }
        largest[at] = units;
        return kept < limit ? kept + 1 : kept;
    }

    /** The channel's id, or an empty one for {@code none} (the stock feed's page says which it shows). */
    void writeId(final PayloadWriter w, final boolean some)
    {
        w.putAscii(id, some ? idLength : 0);
    }

    /** What the channel may take at {@code cell}'s node, as the view's row shows it: a node's stock page's column. */
    void writeAt(final PayloadWriter w, final StockCell cell)
    {
        figure(cell.sku);
        w.putLong(availableAt(cell, cell.sku.findPosition(cell.location)));
    }

    /**
     * What the channel may take at {@code cell}'s node ({@code c}: its position among the SKU's cells), as of the last
     * {@link #figure} of its SKU: the node's units for a line of the channel, within the cap across the network; none
     * at an inactive node.
     */
    private long availableAt(final StockCell cell, final int c)
    {
        if (!cell.location.active || channel != null && !channel.sourcesFrom(cell.location))
        {
            return 0;
        }
        final long atp = atpFor(cell, c);
        return Math.min(units(atp, limited ? Channel.pooledBalance(cell, idHash, shareBps) : atp), cap);
    }

    /** The cell's ATP less what is set aside there for kept channels' network holds other than this one's. */
    private long atpFor(final StockCell cell, final int c)
    {
        return cell.atp() - (aside ? holds.others(c) : 0);
    }

    /**
     * The network figures alone, as an item of the stock feed ({@link CatalogLists}): {@code shareBps toSell toShip}.
     */
    void writeTotals(final PayloadWriter w, final Sku sku)
    {
        figure(sku);
        w.putShort(shareBps).putLong(cap).putLong(toShip);
    }

    void write(final PayloadWriter w, final Sku sku, final long[] pickupBackordered, final Catalog catalog)
    {
        figure(sku);
        final int cells = sku.cellCount();
        w.putAscii(id, idLength).putShort(shareBps).putLong(cap).putLong(toShip).putLong(networkHolds);
        final int locations = catalog.locationCount();
        for (int l = 0, c = 0; l < locations; l++)
        {
            if (c < cells && sku.cell(c).location.index == l)
            {
                final StockCell cell = sku.cell(c);
                w.putLong(availableAt(cell, c++))
                    .putLong(pooled ? Channel.pooledShare(cell.onHand - cell.safetyStock, shareBps) : NOT_POOLED)
                    .putLong(pooled ? cell.takenBy(idHash) : NOT_POOLED)
                    .putByte(served(l));
            }
            else if (pickupBackordered[l] > 0)
            {
                w.putLong(0).putLong(pooled ? 0 : NOT_POOLED).putLong(pooled ? 0 : NOT_POOLED).putByte(served(l));
            }
        }
    }

    /** Whether the channel takes stock at location {@code l} (1), or is kept to others (0). */
    private int served(final int l)
    {
        return channel == null || channel.sourcesFrom(l) ? 1 : 0;
    }

    /** A node's units for a line of the channel: its positive ATP, within the pool's balance there (≥ 0). */
    private static long units(final long atp, final long balance)
    {
        return atp > 0 ? Math.min(atp, Math.max(0, balance)) : 0;
    }
}
