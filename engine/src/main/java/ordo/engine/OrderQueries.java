package ordo.engine;

/**
 * Order reads: one order (view, timeline, sourcing decision) and lists in creation order with a cursor, seen
 * through the caller's channels (an order of another channel is not found). Never changes state.
 */
final class OrderQueries
{
    /**
     * Most orders a list query examines, of those the caller may see: a filter that matches rarely answers a partial
     * page and a cursor.
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
     * QUERY_ORDERS: a page of the orders after the cursor that pass the filters, in creation order. The cursor is 0
     * (from the first order) or an order the caller may see, whatever its status now: a position, so a page goes on
     * from an order that no longer passes the filters. Any other id answers UNKNOWN_CURSOR, the same whether no such
     * order exists or it is another channel's (both were answered: an empty last page, or a page of what followed).
     *
     * <p>The page examines at most {@link #MAX_SCAN} orders the caller may see; a caller bound to channels passes
     * over the others' orders without counting them. So a page ends on an order the caller may see, and the next
     * cursor names one (the last order a scan examined was the cursor, another channel's after a stretch of them).
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
        if (after != 0)
        {
            final Order cursor = orders.get(after);
            if (cursor == null || !inScope(cursor, r, scopeStart, scopeCount))
            {
                reply.code(ResultCode.UNKNOWN_CURSOR);
                return;
            }
        }
        final int page = Math.max(1, Math.min(limit, MAX_PAGE));
        final long channelHash = channel.length() == 0 ? 0 : channel.hash();
        // First pass counts (the view starts with its count), second writes the same orders: both bounded by MAX_SCAN
        // orders examined.
        int found = 0;
        int examined = 0;
        long id = after;
        long lastExamined = after;
        boolean more = true;
        while (found < page && examined < MAX_SCAN)
        {
            id = nextVisible(id, r, scopeStart, scopeCount);
            if (id == 0)
            {
                more = false;
                break;
            }
            examined++;
            lastExamined = id;
            if (matches(orders.get(id), channelHash, statusCode))
            {
                found++;
            }
        }
        final long next = more && lastExamined < orders.lastId() ? lastExamined : 0;
        final PayloadWriter w = ReplyCodec.beginOrderList(reply, found);
        id = after;
        for (int i = 0; i < examined; i++)
        {
            id = nextVisible(id, r, scopeStart, scopeCount);
            final Order o = orders.get(id);
            if (matches(o, channelHash, statusCode))
            {
                ReplyCodec.orderSummary(w, o, catalog);
            }
        }
        reply.code(ResultCode.OK);
        ReplyCodec.endOrderList(reply, w, next);
    }

    /**
     * The first order after {@code id} the caller may see, or 0. Orders of channels outside the scope are passed over
     * by their hash in the book ({@link OrderBook#channelHash}); one whose hash matches is then compared by bytes.
     */
    private long nextVisible(final long id, final PayloadReader r, final int scopeStart, final int scopeCount)
    {
        final long last = orders.lastId();
        if (scopeCount == 0)
        {
            return id < last ? id + 1 : 0;
        }
        for (long next = id + 1; next <= last; next++)
        {
            final long hash = orders.channelHash(next);
            for (int i = 0; i < scopeCount; i++)
            {
                if (scopeHashes[i] == hash && inScope(orders.get(next), r, scopeStart, scopeCount))
                {
                    return next;
                }
            }
        }
        return 0;
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
