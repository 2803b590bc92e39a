package ordo.engine;

/**
 * Order reads: one order (view, timeline, sourcing decision) and lists in creation order with a cursor, seen
 * through the caller's channels (an order of another channel is not found). Never changes state.
 */
final class OrderQueries
{
    /** Most orders a list query examines: a filter that matches rarely answers a partial page and a cursor. */
    static final int MAX_SCAN = 10_000;
    static final int MAX_PAGE = 200;
    private final Catalog catalog;
    private final OrderBook orders;
    private final ByteSlice channel = new ByteSlice();
    private final ByteSlice customer = new ByteSlice();
    private final ByteSlice scopeChannel = new ByteSlice();

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

    void list(final PayloadReader r, final Reply reply)
    {
        r.readAscii(channel);
        final int statusCode = r.readByte();
        r.readAscii(customer);
        final long after = r.readLong();
        final int limit = r.readShort();
        final int scopeCount = r.readByte();
        final int scopeStart = r.position();
        if (!r.ok() || (statusCode != 0 && Codes.OrderStatus.fromCode(statusCode) == null) || after < 0)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        final int page = Math.max(1, Math.min(limit, MAX_PAGE));
        final long channelHash = channel.length() == 0 ? 0 : channel.hash();
        int found = 0;
        long next = 0;
        final long last = orders.lastId();
        // A cursor beyond the last order (any ord_ id parses) lists nothing; clamping first keeps the sums below
        // from overflowing (ord_ of Long.MAX_VALUE wrapped the scan and stopped the engine, found in review).
        final long from = Math.min(after, last);
        final long stopAt = Math.min(last, from + MAX_SCAN);
        // First pass counts (the view starts with its count), second writes: both bounded by MAX_SCAN.
        long id = from + 1;
        for (; id <= stopAt && found < page; id++)
        {
            if (matches(orders.get(id), channelHash, statusCode, r, scopeStart, scopeCount))
            {
                found++;
            }
        }
        final long end = id;
        if (end <= last)
        {
            next = end - 1;
        }
        final PayloadWriter w = ReplyCodec.beginOrderList(reply, found);
        for (id = from + 1; id < end; id++)
        {
            final Order o = orders.get(id);
            if (matches(o, channelHash, statusCode, r, scopeStart, scopeCount))
            {
                ReplyCodec.orderSummary(w, o, catalog);
            }
        }
        reply.code(ResultCode.OK);
        ReplyCodec.endOrderList(reply, w, next);
    }

    private boolean matches(final Order o, final long channelHash, final int statusCode, final PayloadReader r,
        final int scopeStart, final int scopeCount)
    {
        if (channel.length() != 0 && (o.channelHash != channelHash || !channel.contentEquals(catalog.channel(o.channelHash))))
        {
            return false;
        }
        if (statusCode != 0 && o.status.code() != statusCode)
        {
            return false;
        }
        if (customer.length() != 0 && !o.textEquals(Order.CUSTOMER, customer))
        {
            return false;
        }
        return inScope(o, r, scopeStart, scopeCount);
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
