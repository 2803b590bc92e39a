package ordo.engine;

/**
 * Pages of the network's locations, SKUs and channels ({@code GET /v1/locations}, {@code /v1/skus},
 * {@code /v1/channels}), of the SKUs' stock ({@code GET /v1/inventory}) and of a node's
 * ({@code GET /v1/locations/{id}/stock}), in the order they were first defined: an admin or a store locator could
 * read one by id only and had to know every id (QA-211). Nothing is ever removed, so a cursor (the id of the last item of a page) stays
 * valid, and a page after it starts at the next item. A page of locations reads at most
 * {@link OrderQueries#MAX_SCAN} (those it lists among them), so a filter few pass answers a partial page and a cursor,
 * as the orders list does; a full page looks ahead for one more item that passes, so the last page has no cursor.
 * Queries: they change nothing. Owned by the engine thread.
 *
 * <p>Reply: {@code count:u16 { item } next:ascii(empty = no more)}, each item laid out as its own view (LOCATION, SKU,
 * CHANNEL); the stock feed's items are a SKU's network figures ({@link ReplyCodec#writeNetworkStock}), then with a
 * channel {@code shareBps:u16 toSell:i64 toShip:i64}.
 */
final class CatalogLists
{
    private static final int ANY = 0;
    private static final int ACTIVE = 1;
    private static final int INACTIVE = 2;
    private static final int LOCATIONS = 0;
    private static final int SKUS = 1;
    private static final int CHANNELS = 2;
    private static final int STOCK = 3;
    private static final int LOCATION_STOCK = 4;
    static final long MAX_PAGE_CELLS = 100_000;
    static final long MAX_PAGE_POOLS = 4_096;

    private final Catalog catalog;
    private final OrderBook orders;
    private final ByteSlice channelId = new ByteSlice();
    private final ChannelStock channelStock;
    /** The channel a page of stock shows figures for, or null ({@link #stock}). */
    private ChannelStock forChannel;
    /** The ship-to country a page of the stock feed asks its channel's figures for. */
    private final ByteSlice countryRead = new ByteSlice();
    private final ByteSlice locationId = new ByteSlice();
    /** The node whose stock a page lists ({@link #locationStock}). */
    private Location stockAt;
    private final ByteSlice after = new ByteSlice();
    private final ByteSlice[] scope = new ByteSlice[255];
    private int scopeCount;
    private int type;
    private int capabilities;
    private int active;

    CatalogLists(final Catalog catalog, final OrderBook orders, final ChannelCommands channels)
    {
        this.catalog = catalog;
        this.channelStock = new ChannelStock(channels);
        this.orders = orders;
        for (int i = 0; i < scope.length; i++)
        {
            scope[i] = new ByteSlice();
        }
    }

    void locations(final PayloadReader r, final Reply reply)
    {
        r.readAscii(after);
        final int limit = r.readShort();
        type = r.readByte();
        capabilities = r.readByte();
        active = r.readByte();
        final boolean validType = type == ANY || Codes.LocationType.fromCode(type) != null;
        final boolean valid = validType && (capabilities & ~Codes.CAP_ALL) == 0 && active <= INACTIVE;
        if (wellFormed(r, limit, valid, reply))
        {
            final Location from = after.length() == 0 ? null : catalog.location(after);
            page(LOCATIONS, from == null ? -1 : from.index, after.length() > 0 && from == null, limit, reply);
        }
    }

    void skus(final PayloadReader r, final Reply reply)
    {
        r.readAscii(after);
        final int limit = r.readShort();
        if (wellFormed(r, limit, true, reply))
        {
            final Sku from = after.length() == 0 ? null : catalog.sku(after);
            page(SKUS, from == null ? -1 : from.index, after.length() > 0 && from == null, limit, reply);
        }
    }

    void channels(final PayloadReader r, final Reply reply)
    {
        r.readAscii(after);
        final int limit = r.readShort();
        scopeCount = r.readByte();
        for (int i = 0; i < scopeCount && r.ok(); i++)
        {
            r.readAscii(scope[i]);
        }
        if (wellFormed(r, limit, true, reply))
        {
            final Channel from = after.length() == 0 ? null : definedChannel(after);
            // A cursor names an item the caller may list: a storefront's names one of its channels.
            final boolean unknown = after.length() > 0 && (from == null || !listed(CHANNELS, from.index));
            page(CHANNELS, from == null ? -1 : from.index, unknown, limit, reply);
        }
    }

    /**
     * The stock feed ({@code GET /v1/inventory}): each SKU's network figures in SKU order and, with a channel, what it
     * may sell ({@link ChannelStock}) — a connector's full sync in pages, where it read one SKU a request (QA-216).
     * Reply: {@code channel:ascii(empty = none)} before the page.
     */
    void stock(final PayloadReader r, final Reply reply)
    {
        r.readAscii(after);
        final int limit = r.readShort();
        final boolean channelGiven = readChannel(r);
        final int country = channelGiven ? InventoryCommands.readCountry(r, countryRead) : ChannelStock.ANY_COUNTRY;
        if (!wellFormed(r, limit, !channelGiven || channelId.isValidId() && country != 0, reply))
        {
            return;
        }
        final Sku from = after.length() == 0 ? null : catalog.sku(after);
        final boolean unknownCursor = after.length() > 0 && from == null;
        if (channelGiven && !unknownCursor && !showChannel(country, reply))
        {
            return;
        }
        page(STOCK, from == null ? -1 : from.index, unknownCursor, limit, reply);
    }

    /**
     * The stock change feed ({@code GET /v1/inventory?since=}): the SKUs whose figures (the network's, or a channel's)
     * may have changed after the command {@code sinceSeq} — after the SKU {@code sinceSku} among those of that
     * command — in order of the command that last changed each, then of SKU index (the order SKUs were first
     * defined), as {@link #stock} lists them: a connector publishing stock to a marketplace polls what changed
     * instead of reading every SKU again (QA-216). A SKU is listed once, at its latest change; one that changes again
     * after a page listed it comes again later. A page reads the last change of every SKU in a block changed after its
     * cursor ({@link StockChanges#next}) and at most {@link #MAX_PAGE_CELLS} cells, as the feed's pages do.
     *
     * <p>Reply: {@code channel:ascii(empty = none)}, the page as {@link #stock}'s without its cursor, then where the
     * next poll goes on from: {@code nextSeq:i64 nextSku:ascii more:u8}. When nothing is left, {@code nextSeq} is the
     * last command applied and {@code nextSku} empty, {@code more} 0; when the page stopped before the end, the last
     * SKU it listed and 1. A {@code sinceSeq} after the last command applied, or a {@code sinceSku} no SKU has,
     * answers UNKNOWN_CURSOR.
     */
    void stockChanges(final PayloadReader r, final Reply reply)
    {
        final long sinceSeq = r.readLong();
        r.readAscii(after);
        final int limit = r.readShort();
        final boolean channelGiven = readChannel(r);
        final int country = channelGiven ? InventoryCommands.readCountry(r, countryRead) : ChannelStock.ANY_COUNTRY;
        if (!wellFormed(r, limit, sinceSeq >= 0 && (!channelGiven || channelId.isValidId() && country != 0), reply))
        {
            return;
        }
        final Sku from = after.length() == 0 ? null : catalog.sku(after);
        if (sinceSeq > reply.seq() || after.length() > 0 && from == null)
        {
            reply.code(ResultCode.UNKNOWN_CURSOR);
            return;
        }
        if (channelGiven && !showChannel(country, reply))
        {
            return;
        }
        final StockChanges changes = catalog.changes();
        final int changed = changes.next(sinceSeq, from == null ? Integer.MAX_VALUE : from.index, limit);
        final int selected = Math.min(changed, limit);
        // The SKUs that fit the page's budget, one at least.
        int found = 0;
        long budget = MAX_PAGE_CELLS;
        while (found < selected && budget > 0)
        {
            budget -= cost(STOCK, changes.pageSku(found++));
        }
        reply.code(ResultCode.OK);
        final PayloadWriter w = reply.beginData();
        channelStock.writeId(w, forChannel != null);
        w.putShort(found);
        for (int i = 0; i < found; i++)
        {
            write(STOCK, changes.pageSku(i), w);
        }
        if (found < changed)
        {
            final int last = changes.pageSku(found - 1);
            final byte[] id = catalog.sku(last).id;
            w.putLong(changes.changedSeq(last)).putAscii(id, id.length).putByte(1);
        }
        else
        {
            w.putLong(reply.seq()).putByte(0).putByte(0);
        }
        reply.endData();
    }

    /**
     * A node's stock ({@code GET /v1/locations/{id}/stock}): each SKU it has a cell of, in SKU order, with its counts
     * and the pickup orders waiting for it there — a store's screen of what it holds, where it asked SKU by SKU
     * (QA-217). The node's cells are kept in SKU order ({@link Location#cellPosition}), so the cursor's is found by a
     * binary search. With a channel, each row adds what that channel may take at the node (QA-220). Reply:
     * {@code location:ascii active:u8 channel:ascii(empty = none)} before the page; each item {@code sku:ascii onHand
     * reserved allocated safetyStock atp backordered} (i64 each), then with a channel {@code availableToSell:i64}.
     */
    void locationStock(final PayloadReader r, final Reply reply)
    {
        r.readAscii(locationId);
        r.readAscii(after);
        final int limit = r.readShort();
        final boolean channelGiven = readChannel(r);
        if (!wellFormed(r, limit, !channelGiven || channelId.isValidId(), reply))
        {
            return;
        }
        stockAt = catalog.location(locationId);
        if (stockAt == null)
        {
            // Naming it, as GET /v1/locations/{id} does (QA-220: the problem had no locationId).
            InventoryCommands.notFound(reply, ResultCode.LOCATION_NOT_FOUND, locationId);
            return;
        }
        int last = -1;
        boolean unknown = false;
        if (after.length() > 0)
        {
            final Sku from = catalog.sku(after);
            last = from == null ? -1 : stockAt.cellPosition(from.index);
            // A cursor names a SKU stocked here (cells are never removed: every cursor a page gave stays one).
            unknown = last < 0;
        }
        // What the channel may take at this node, row by row (QA-220: the screen's atp is not what a pickup may take
        // when the network's holds or a pool leave less).
        if (channelGiven && !unknown && !showChannel(ChannelStock.ANY_COUNTRY, reply))
        {
            return;
        }
        page(LOCATION_STOCK, last, unknown, limit, reply);
    }

    /** Reads a stock page's optional channel (last in its payload); whether one is given. */
    private boolean readChannel(final PayloadReader r)
    {
        forChannel = null;
        final boolean given = r.ok() && r.remaining() > 0;
        if (given)
        {
            r.readAscii(channelId);
        }
        return given;
    }

    /**
     * Shows the channel read ({@link #readChannel}) on the page, its SHIP figures for the country of key
     * {@code country} ({@link ChannelStock#ANY_COUNTRY}: any); false, answering ID_HASH_COLLISION, when its id's
     * hash is another channel id's: orders and holds refuse such a channel, as the inventory view does.
     */
    private boolean showChannel(final int country, final Reply reply)
    {
        if (catalog.channelHashTaken(channelId))
        {
            reply.code(ResultCode.ID_HASH_COLLISION);
            return false;
        }
        forChannel = channelStock.of(channelId, country, catalog);
        return true;
    }

    private static boolean wellFormed(final PayloadReader r, final int limit, final boolean valid, final Reply reply)
    {
        if (!r.ok() || r.remaining() > 0 || !valid || limit < 1 || limit > OrderQueries.MAX_PAGE)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return false;
        }
        return true;
    }

    /**
     * Writes the page of {@code kind} after index {@code last} (-1: from the first): the items that pass, at most
     * {@code limit}, stepping over at most {@link OrderQueries#MAX_SCAN}.
     */
    private void page(final int kind, final int last, final boolean unknownCursor, final int limit, final Reply reply)
    {
        if (unknownCursor)
        {
            reply.code(ResultCode.UNKNOWN_CURSOR);
            return;
        }
        final int count = count(kind);
        // A channel's page is read to its end: a cursor stepped over would name a channel a storefront may not see.
        // Channels are few; a storefront's page of them is short.
        final int maxScan = kind == CHANNELS ? Integer.MAX_VALUE : OrderQueries.MAX_SCAN;
        // First pass: where the page ends and what its cursor is; second: write it (the count goes first).
        int found = 0;
        int stepped = 0;
        int index = last + 1;
        int lastListed = -1;
        long budget = budget(kind);
        for (; index < count && found < limit && stepped < maxScan && budget > 0; index++, stepped++)
        {
            if (listed(kind, index))
            {
                found++;
                lastListed = index;
                budget -= cost(kind, index);
            }
        }
        final int end = index;
        int next = -1;
        // A page that reached its limit or its budget looks ahead for one more item that passes, so that the last
        // page has no cursor (a page of channels cut by its budget gave a cursor to an empty page: found in review).
        if (found == limit || budget <= 0)
        {
            for (; index < count && stepped < maxScan; index++, stepped++)
            {
                if (listed(kind, index))
                {
                    next = lastListed;
                    break;
                }
            }
            if (next < 0 && index < count)
            {
                // Stepped as far as a page may without finding another: go on from the last item stepped over.
                next = index - 1;
            }
        }
        else if (end < count)
        {
            next = end - 1;
        }
        reply.code(ResultCode.OK);
        final PayloadWriter w = reply.beginData();
        if (kind == STOCK)
        {
            channelStock.writeId(w, forChannel != null);
        }
        else if (kind == LOCATION_STOCK)
        {
            w.putAscii(stockAt.id, stockAt.id.length).putByte(stockAt.active ? 1 : 0);
            channelStock.writeId(w, forChannel != null);
        }
        w.putShort(found);
        for (int i = last + 1; i < end; i++)
        {
            if (listed(kind, i))
            {
                write(kind, i, w);
            }
        }
        if (next < 0)
        {
            w.putByte(0);
        }
        else
        {
            final byte[] id = id(kind, next);
            w.putAscii(id, id.length);
        }
        reply.endData();
    }

    /**
     * What a page may cost beyond its {@code limit}: a page of the stock feed reads every cell of each SKU (twice with
     * a channel), so it ends once it has read {@link #MAX_PAGE_CELLS} of them, its last SKU's in full (a 200-SKU page
     * over 5 000 nodes took 13-18 ms on the engine thread: found in review); a page of channels writes each one's
     * pools and the locations it takes stock from, so it ends once it holds {@link #MAX_PAGE_POOLS} of them together,
     * its last channel's in full (200 channels of 110 pools
     * each made a 1.5 MB reply). A page that reaches its budget ends there, with a cursor when more follow, as a page
     * that steps over too many does; it lists one item at least.
     */
    private static long budget(final int kind)
    {
        return switch (kind)
        {
            case STOCK, LOCATION_STOCK -> MAX_PAGE_CELLS;
            case CHANNELS -> MAX_PAGE_POOLS;
            default -> Long.MAX_VALUE;
        };
    }

    private long cost(final int kind, final int index)
    {
        return switch (kind)
        {
            case STOCK -> 1 + (long)catalog.sku(index).cellCount() * (forChannel == null ? 1 : 2);
            // With a channel, each row works out its SKU's cap across the network (every cell of the SKU).
            case LOCATION_STOCK -> forChannel == null ? 1 : 1 + stockAt.cell(index).sku.cellCount();
            case CHANNELS -> 1 + catalog.definedChannel(index).poolCount + sourceCount(catalog.definedChannel(index));
            default -> 1;
        };
    }

    private static int sourceCount(final Channel channel)
    {
        return channel.sources == null ? 0 : channel.sources.length;
    }

    private int count(final int kind)
    {
        return switch (kind)
        {
            case LOCATIONS -> catalog.locationCount();
            case SKUS, STOCK -> catalog.skuCount();
            case LOCATION_STOCK -> stockAt.cellCount();
            default -> catalog.definedChannelCount();
        };
    }

    private boolean listed(final int kind, final int index)
    {
        return switch (kind)
        {
            case LOCATIONS -> listed(catalog.location(index));
            case SKUS, STOCK, LOCATION_STOCK -> true;
            default -> inScope(catalog.definedChannel(index));
        };
    }

    private boolean listed(final Location l)
    {
        return (type == ANY || l.type.code() == type) && (l.capabilities & capabilities) == capabilities &&
            (active == ANY || l.active == (active == ACTIVE));
    }

    private boolean inScope(final Channel channel)
    {
        if (scopeCount == 0)
        {
            return true;
        }
        for (int i = 0; i < scopeCount; i++)
        {
            if (scope[i].contentEquals(channel.id))
            {
                return true;
            }
        }
        return false;
    }

    private void write(final int kind, final int index, final PayloadWriter w)
    {
        switch (kind)
        {
            case LOCATIONS -> ReplyCodec.writeLocation(w, catalog.location(index));
            case SKUS -> ReplyCodec.writeSku(w, catalog.sku(index));
            case STOCK ->
            {
                final Sku sku = catalog.sku(index);
                ReplyCodec.writeNetworkStock(w, sku, orders.backorderedUnits(sku));
                if (forChannel != null)
                {
                    forChannel.writeTotals(w, sku);
                }
            }
            case LOCATION_STOCK ->
            {
                final StockCell cell = stockAt.cell(index);
                w.putAscii(cell.sku.id, cell.sku.id.length).putLong(cell.onHand).putLong(cell.reserved)
                    .putLong(cell.allocated).putLong(cell.safetyStock).putLong(cell.atp())
                    .putLong(orders.backorderedAt(cell.sku, stockAt));
                if (forChannel != null)
                {
                    forChannel.writeAt(w, cell);
                }
            }
            default -> ReplyCodec.writeChannel(w, catalog.definedChannel(index), catalog);
        }
    }

    private byte[] id(final int kind, final int index)
    {
        return switch (kind)
        {
            case LOCATIONS -> catalog.location(index).id;
            case SKUS, STOCK -> catalog.sku(index).id;
            case LOCATION_STOCK -> stockAt.cell(index).sku.id;
            default -> catalog.definedChannel(index).id;
        };
    }

    private Channel definedChannel(final ByteSlice id)
    {
        return catalog.channelHashTaken(id) ? null : catalog.definedChannel(id.hash());
    }
}
