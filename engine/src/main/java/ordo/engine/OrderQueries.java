package ordo.engine;

/**
 * Order reads: one order (view, timeline, sourcing decision) and lists in creation order with a cursor, seen
 * through the caller's channels (an order of another channel is not found). Never changes state.
 */
final class OrderQueries
{
    /**
     * Most orders a list query steps over, the caller's or not: a filter that matches rarely, or a storefront among
     * other channels' orders, answers a partial page and a cursor.
     */
    static final int MAX_SCAN = 10_000;
    static final int MAX_PAGE = 200;
    private final Catalog catalog;
    private final OrderBook orders;
    private final ByteSlice channel = new ByteSlice();
    private final ByteSlice customer = new ByteSlice();
    private final ByteSlice scopeChannel = new ByteSlice();
    /** The list query's scope channels' hashes (a count is one byte). */
    private final long[] scopeHashes = new long[255];

    OrderQueries(final Catalog catalog, final OrderBook orders)
    {
        this.catalog = catalog;
        this.orders = orders;
    }

    void query(final CommandType type, final PayloadReader r, final Reply reply)
    {
        final Order order = findScoped(r, reply);
        if (order == null)
        {
            return;
        }
        reply.result(ResultCode.OK, order.id, 0, 0, 0, 0);
        switch (type)
        {
            case QUERY_ORDER -> ReplyCodec.order(reply, order, catalog);
            case QUERY_ORDER_EVENTS -> ReplyCodec.orderEvents(reply, order, orders.timeline());
            case QUERY_ORDER_SOURCING -> ReplyCodec.sourcing(reply, order, orders.decisions());
            default -> throw new IllegalArgumentException("not an order query: " + type);
        }
    }

    /**
     * QUERY_ORDERS: a page of the orders after the cursor that the caller may see and that pass the filters, in
     * creation order. The cursor is 0 (from the first order) or an order that exists, whatever its status now and
     * whichever channel it is of: a position, so a page goes on from an order that no longer passes the filters. An
     * id of no order answers UNKNOWN_CURSOR (it was answered as an empty last page).
     *
     * <p>The page steps over at most {@link #MAX_SCAN} orders, the caller's or not, so its cost is bounded whatever
     * the book holds (skipping other channels' orders without a bound read the whole book for a storefront's filter
     * that few orders pass: found in review). A page can then end short, or empty, on another channel's order, and the
     * next cursor names that order: a storefront learns no more from it than the count of orders its own ids show
     * (ids are a public mix of the order counter).
     */
    void list(final PayloadReader r, final Reply reply)
    {
        r.readAscii(channel);
        final int statusCode = r.readByte();
        r.readAscii(customer);
        final long after = r.readLong();
        final int limit = r.readShort();
        final int scopeCount = r.readByte();
        final int scopeStart = r.position();
        for (int i = 0; i < scopeCount; i++)
        {
            r.readAscii(scopeChannel);
            scopeHashes[i] = scopeChannel.hash();
        }
        if (!r.ok() || (statusCode != 0 && Codes.OrderStatus.fromCode(statusCode) == null) || after < 0)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (after != 0 && orders.get(after) == null)
        {
            reply.code(ResultCode.UNKNOWN_CURSOR);
            return;
        }
        final int page = Math.max(1, Math.min(limit, MAX_PAGE));
        final long channelHash = channel.length() == 0 ? 0 : channel.hash();
        final long last = orders.lastId();
        // First pass counts (the view starts with its count), second writes the same orders: both bounded by MAX_SCAN
        // orders stepped over.
        int found = 0;
        int stepped = 0;
        long id = after;
        while (found < page && stepped < MAX_SCAN && id < last)
        {
            id++;
            stepped++;
            if (listed(id, r, scopeStart, scopeCount, channelHash, statusCode))
            {
                found++;
            }
        }
        final long next = id < last ? id : 0;
        final PayloadWriter w = ReplyCodec.beginOrderList(reply, found);
        for (long o = after + 1; o <= id; o++)
        {
            if (listed(o, r, scopeStart, scopeCount, channelHash, statusCode))
            {
                ReplyCodec.orderSummary(w, orders.get(o), catalog);
            }
        }
        reply.code(ResultCode.OK);
        ReplyCodec.endOrderList(reply, w, next);
    }

    /**
     * Whether order {@code id} is the caller's to see and passes the filters. Orders of channels outside the scope are
     * passed over by their hash in the book ({@link OrderBook#channelHash}) before the order is read; one whose hash
     * matches is then compared by bytes.
     */
    private boolean listed(final long id, final PayloadReader r, final int scopeStart, final int scopeCount,
        final long channelHash, final int statusCode)
    {
        if (scopeCount > 0)
        {
            final long hash = orders.channelHash(id);
            boolean hashed = false;
            for (int i = 0; i < scopeCount && !hashed; i++)
            {
                hashed = scopeHashes[i] == hash;
            }
            if (!hashed)
            {
                return false;
            }
        }
        final Order o = orders.get(id);
        return inScope(o, r, scopeStart, scopeCount) && matches(o, channelHash, statusCode);
    }

    private boolean matches(final Order o, final long channelHash, final int statusCode)
    {
        if (channel.length() != 0 && (o.channelHash != channelHash || !channel.contentEquals(catalog.channel(o.channelHash))))
        {
            return false;
        }
        if (statusCode != 0 && o.status.code() != statusCode)
        {
            return false;
        }
        return customer.length() == 0 || o.textEquals(Order.CUSTOMER, customer);
    }

    /** Scope channels are read again from the payload for each order: no copy, no allocation. */
    private boolean inScope(final Order o, final PayloadReader r, final int scopeStart, final int scopeCount)
    {
        if (scopeCount == 0)
        {
            return true;
        }
        r.position(scopeStart);
        for (int i = 0; i < scopeCount; i++)
        {
            r.readAscii(scopeChannel);
            if (scopeChannel.hash() == o.channelHash && scopeChannel.contentEquals(catalog.channel(o.channelHash)))
            {
                return true;
            }
        }
        return false;
    }

    /** Reads an order id and the caller's channels; answers ORDER_NOT_FOUND (or malformed) and null if unseen. */
    Order findScoped(final PayloadReader r, final Reply reply)
    {
        final long id = r.readLong();
        final int scopeCount = r.readByte();
        final int scopeStart = r.position();
        for (int i = 0; i < scopeCount; i++)
        {
            r.readAscii(scopeChannel);
        }
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return null;
        }
        final Order order = orders.get(id);
        if (order == null || !inScope(order, r, scopeStart, scopeCount))
        {
            reply.code(ResultCode.ORDER_NOT_FOUND);
            return null;
        }
        // Leave the reader after the scope list, where the command's remaining fields start.
        r.position(scopeStart);
        for (int i = 0; i < scopeCount; i++)
        {
            r.readAscii(scopeChannel);
        }
        return order;
    }
}
