package ordo.engine;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Order reads: one order (view, timeline, sourcing decision) and lists in creation order with a cursor, seen
 * through the caller's channels (an order of another channel is not found). Never changes state.
 */
final class OrderQueries
{
    /**
     * Most orders a list query steps over among those it reads ({@link #list}): a filter that matches rarely answers a
     * partial page and a cursor.
     */
    static final int MAX_SCAN = 10_000;
    static final int MAX_PAGE = 200;

    /**
     * Which orders a page reads: every one, or the merged chains ({@link OrderIndexes}) of a customer, of one or more
     * channels, of one or more channels' orders of a customer, the orders to be picked up at a store, or the orders
     * of an external id (one a channel at most).
     */
    private enum Source
    {
        EVERY, CUSTOMERS, CHANNELS, CHANNEL_CUSTOMERS, PICKUPS, EXTERNAL
    }

    private final Catalog catalog;
    private final OrderBook orders;
    private final WaitingLines waiting;
    private final ByteSlice channel = new ByteSlice();
    private final ByteSlice customer = new ByteSlice();
    private final ByteSlice scopeChannel = new ByteSlice();
    private final ByteSlice pickupId = new ByteSlice();
    private final ByteSlice externalId = new ByteSlice();
    /** The orders of the external id after the cursor, ascending ({@link Source#EXTERNAL}), and the next to read. */
    private long[] externalHits = new long[16];
    private int hitCount;
    private int nextHit;
    /** The list query's pickup store; null for any order (and for an unknown store, whose page is empty). */
    private Location pickup;
    /** The list query's scope channels' hashes (a count is one byte). */
    private final long[] scopeHashes = new long[255];
    /** The page being read: its source, the next id of EVERY, and the key and next id of each chain. */
    private Source source = Source.EVERY;
    private long nextId;
    /** The last order id the page may read: the creation window's last order (its end), or past every order. */
    private long upTo = Long.MAX_VALUE;
    private final long[] chainHashes = new long[255];
    private final int[] heads = new int[255];
    private int chainCount;
    /** The ids the page shows. */
    private final long[] pageIds = new long[MAX_PAGE];

    OrderQueries(final Catalog catalog, final OrderBook orders, final WaitingLines waiting)
    {
        this.catalog = catalog;
        this.orders = orders;
        this.waiting = waiting;
    }

    void query(final CommandType type, final PayloadReader r, final Reply reply, final long now)
    {
        final Order order = findSeen(r, reply);
        if (order == null)
        {
            return;
        }
        reply.result(ResultCode.OK, order.id, 0, 0, 0, 0);
        switch (type)
        {
            case QUERY_ORDER -> ReplyCodec.order(reply, order, catalog);
            case QUERY_ORDER_EVENTS -> ReplyCodec.orderEvents(reply, order, orders.timeline());
            case QUERY_ORDER_SOURCING -> ReplyCodec.sourcing(reply, order, orders.decisions(), waiting, now);
            default -> throw new IllegalArgumentException("not an order query: " + type);
        }
    }

    /**
     * QUERY_ORDERS: a page of the orders after the cursor that the caller may see and that pass the filters, in
     * creation order. The cursor is 0 (from the first order) or an order that exists, whatever its status now and
     * whichever channel it is of: a position, so a page goes on from an order that no longer passes the filters. An
     * id of no order answers UNKNOWN_CURSOR (it was answered as an empty last page).
     *
     * <p>A page reads only the orders it may show by channel and customer ({@link OrderIndexes}): a customer's orders
     * when the filter names one (in the channel filtered on, or the caller's channels, when there are), else the
     * channel's, else the caller's channels' (a storefront's) merged, else every order. It steps over at most
     * {@link #MAX_SCAN} of those, so a status that few pass answers a partial page and a cursor; a storefront's page is
     * no longer cut short by other channels' orders, nor a customer's by everyone else's (a page stepped over any
     * 10 000 orders: found in QA). A full page looks ahead for one more order that passes, so the last page has no
     * cursor. A pickup store filter without a scope reads that store's click-and-collect orders (they are all the
     * caller's to see); with a scope (a storefront's), the scope's chains as above, filtered by the store: the store's
     * chain holds other channels' orders, which cut the page short and named one in its cursor (found in review). A
     * store no location has shows no order.
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
        r.readAscii(pickupId);
        r.readAscii(externalId);
        final long createdFrom = r.readLong();
        final long createdBefore = r.readLong();
        if (!r.ok() || (statusCode != 0 && Codes.OrderStatus.fromCode(statusCode) == null) || after < 0)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        pickup = pickupId.length() == 0 ? null : catalog.location(pickupId);
        if (after != 0 && orders.get(after) == null)
        {
            reply.code(ResultCode.UNKNOWN_CURSOR);
            return;
        }
        final int page = Math.max(1, Math.min(limit, MAX_PAGE));
        final long channelHash = channel.length() == 0 ? 0 : channel.hash();
        // The creation window as a range of ids (ids count up as engine time does): the page starts after the cursor
        // or before the window's first order, whichever is later, and reads no order past the window's last.
        final long start = createdFrom == Long.MIN_VALUE ? after :
            Math.max(after, orders.firstCreatedAtOrAfter(createdFrom) - 1);
        upTo = createdBefore == Long.MAX_VALUE ? Long.MAX_VALUE : orders.firstCreatedAtOrAfter(createdBefore) - 1;
        if (pickupId.length() != 0 && pickup == null)
        {
            // A store no location has shows no order, with an external id too: its hits were kept when their pickup
            // store was the query's, null, as a shipped order's is (found in review).
            chainCount = 0;
            source = Source.PICKUPS;
        }
        else if (externalId.length() != 0)
        {
            // An external id is one order a channel at most: the channel's, the caller's channels' or every
            // channel's, found by the channel + external id index (a marketplace's order number looked up by an
            // agent; found in QA). The other filters apply to those; no other chain is set up.
            findExternal(channelHash, scopeCount, start);
        }
        else if (start >= Math.min(upTo, orders.lastId()))
        {
            // Nothing after the start within the window: an empty last page, without finding any chain's place.
            chainCount = 0;
            source = Source.PICKUPS;
        }
        else
        {
            startSource(start, channelHash, scopeCount);
        }
        int found = 0;
        int stepped = 0;
        long id = start;
        while (found < page && stepped < MAX_SCAN)
        {
            final long candidate = nextFromSource();
            if (candidate == 0)
            {
                break;
            }
            id = candidate;
            stepped++;
            if (listed(orders.get(id), r, scopeStart, scopeCount, channelHash, statusCode))
            {
                pageIds[found++] = id;
            }
        }
        long next = id != start && hasMoreInSource() ? id : 0;
        if (next != 0 && found == page)
        {
            // A full page: the next cursor only if another order would pass, as far as the page may still step (a
            // full last page answered a cursor to an empty page when later orders were another channel's: QA).
            next = 0;
            while (stepped < MAX_SCAN)
            {
                final long candidate = nextFromSource();
                if (candidate == 0)
                {
                    break;
                }
                stepped++;
                if (listed(orders.get(candidate), r, scopeStart, scopeCount, channelHash, statusCode))
                {
                    next = id;
                    break;
                }
            }
            if (stepped == MAX_SCAN && next == 0 && hasMoreInSource())
            {
                next = id;
            }
        }
        final PayloadWriter w = ReplyCodec.beginOrderList(reply, found);
        for (int i = 0; i < found; i++)
        {
            ReplyCodec.orderSummary(w, orders.get(pageIds[i]), catalog);
        }
        reply.code(ResultCode.OK);
        ReplyCodec.endOrderList(reply, w, next);
    }

    /**
     * Reads the orders of {@link #externalId} after {@code after}: in the channel filtered on, else in each of the
     * caller's channels, else in every channel an order has had; ascending.
     */
    private void findExternal(final long channelHash, final int scopeCount, final long after)
    {
        source = Source.EXTERNAL;
        hitCount = 0;
        nextHit = 0;
        if (channel.length() != 0)
        {
            addExternalHit(channelHash, after);
        }
        else if (scopeCount > 0)
        {
            for (int i = 0; i < scopeCount; i++)
            {
                addExternalHit(scopeHashes[i], after);
            }
        }
        else
        {
            final Long2ObjectHashMap<byte[]>.KeyIterator channels = catalog.channels().keySet().iterator();
            while (channels.hasNext())
            {
                addExternalHit(channels.nextLong(), after);
            }
        }
        java.util.Arrays.sort(externalHits, 0, hitCount);
    }

    private void addExternalHit(final long channelHash, final long after)
    {
        final Order order = orders.byExternalId(channelHash, externalId);
        if (order == null || order.id <= after)
        {
            return;
        }
        for (int i = 0; i < hitCount; i++)
        {
            if (externalHits[i] == order.id)
            {
                return;
            }
        }
        if (hitCount == externalHits.length)
        {
            externalHits = java.util.Arrays.copyOf(externalHits, hitCount * 2);
        }
        externalHits[hitCount++] = order.id;
    }

    /**
     * Sets up the orders a page reads, from the first after {@code start} ({@link #list}): the cursor, or the order
     * before a creation window's first when that is later. Each chain is found by its samples ({@link OrderIndexes}).
     */
    private void startSource(final long start, final long channelHash, final int scopeCount)
    {
        final OrderIndexes indexes = orders.indexes();
        chainCount = 0;
        nextId = start;
        if (pickup != null && scopeCount == 0)
        {
            // A caller without a scope (an admin, or a store's counter at its own store) reads the store's pickups,
            // whatever the channel or customer filter: a customer's or a channel's chain holds orders elsewhere, which
            // a counter may not see, and a page stepping over a scan's worth of them answered a cursor naming one.
            source = Source.PICKUPS;
            addChain(pickup.index, indexes.firstOfPickupAfter(pickup.index, start));
        }
        else if (customer.length() != 0 && (channel.length() != 0 || scopeCount > 0))
        {
            // The customer's orders in the channel, or in the storefront's channels, merged: nothing of the
            // customer's orders elsewhere is stepped over, so nothing of them shows in the cursor.
            final long customerHash = customer.hash();
            source = Source.CHANNEL_CUSTOMERS;
            if (channel.length() != 0)
            {
                addChannelCustomer(indexes, channelHash, customerHash, start);
            }
            else
            {
                for (int i = 0; i < scopeCount; i++)
                {
                    addChannelCustomer(indexes, scopeHashes[i], customerHash, start);
                }
            }
        }
        else if (customer.length() != 0)
        {
            final long customerHash = customer.hash();
            source = Source.CUSTOMERS;
            addChain(customerHash, indexes.firstOfCustomerAfter(customerHash, start));
        }
        else if (channel.length() != 0)
        {
            source = Source.CHANNELS;
            addChannel(indexes, channelHash, start);
        }
        else if (scopeCount > 0)
        {
            source = Source.CHANNELS;
            for (int i = 0; i < scopeCount; i++)
            {
                addChannel(indexes, scopeHashes[i], start);
            }
        }
        else
        {
            source = Source.EVERY;
        }
    }

    /** A channel's orders of a customer from the first after {@code after}; once only, if two scope channels hash alike. */
    private void addChannelCustomer(final OrderIndexes indexes, final long channelHash, final long customerHash,
        final long after)
    {
        final long key = OrderIndexes.channelCustomerKey(channelHash, customerHash);
        if (!hasChain(key))
        {
            addChain(key, indexes.firstOfChannelCustomerAfter(key, after));
        }
    }

    /** Whether the page already reads the chain of {@code key} (two of the caller's channels hash alike). */
    private boolean hasChain(final long key)
    {
        for (int i = 0; i < chainCount; i++)
        {
            if (chainHashes[i] == key)
            {
                return true;
            }
        }
        return false;
    }

    /** Adds a chain the page reads, at {@code head}: its next order, {@link OrderIndexes#NONE} when it has none. */
    private void addChain(final long key, final int head)
    {
        chainHashes[chainCount] = key;
        heads[chainCount++] = head;
    }

    /** The next order of the page's kind of chain after order {@code id}. */
    private int nextInChain(final int id)
    {
        final OrderIndexes indexes = orders.indexes();
        return switch (source)
        {
            case CHANNELS -> indexes.nextOfChannel(id);
            case CUSTOMERS -> indexes.nextOfCustomer(id);
            case PICKUPS -> indexes.nextOfPickup(id);
            default -> indexes.nextOfChannelCustomer(id);
        };
    }

    /** A channel's orders from the first after {@code after}; once only, if two scope channels hash alike. */
    private void addChannel(final OrderIndexes indexes, final long channelHash, final long after)
    {
        if (!hasChain(channelHash))
        {
            addChain(channelHash, indexes.firstOfChannelAfter(channelHash, after));
        }
    }

    /** The next order id the page reads, or 0 when there is none (none past {@link #upTo}). */
    private long nextFromSource()
    {
        final long next = nextInSource();
        return next > upTo ? 0 : next;
    }

    private long nextInSource()
    {
        switch (source)
        {
            case EVERY:
                if (nextId >= orders.lastId())
                {
                    return 0;
                }
                return ++nextId;
            case EXTERNAL:
                return nextHit < hitCount ? externalHits[nextHit++] : 0;
            default:
            {
                // The smallest head of the chains (a customer's one; a storefront has few channels).
                int best = -1;
                int bestId = Integer.MAX_VALUE;
                for (int i = 0; i < chainCount; i++)
                {
                    final int head = heads[i];
                    if (head != OrderIndexes.NONE && head < bestId)
                    {
                        bestId = head;
                        best = i;
                    }
                }
                if (best < 0)
                {
                    return 0;
                }
                heads[best] = nextInChain(bestId);
                return bestId;
            }
        }
    }

    /** Whether the source has an order the page has not read. */
    private boolean hasMoreInSource()
    {
        switch (source)
        {
            case EVERY:
                return nextId < Math.min(orders.lastId(), upTo);
            case EXTERNAL:
                return nextHit < hitCount && externalHits[nextHit] <= upTo;
            default:
                for (int i = 0; i < chainCount; i++)
                {
                    if (heads[i] != OrderIndexes.NONE && heads[i] <= upTo)
                    {
                        return true;
                    }
                }
                return false;
        }
    }

    /** Whether the order is the caller's to see and passes the filters. */
    private boolean listed(final Order o, final PayloadReader r, final int scopeStart, final int scopeCount,
        final long channelHash, final int statusCode)
    {
        if (scopeCount > 0)
        {
            boolean hashed = false;
            for (int i = 0; i < scopeCount && !hashed; i++)
            {
                hashed = scopeHashes[i] == o.channelHash;
            }
            if (!hashed)
            {
                return false;
            }
        }
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
        if (pickupId.length() != 0 && (pickup == null || o.pickupLocation != pickup))
        {
            return false;
        }
        if (externalId.length() != 0 && !o.textEquals(Order.EXTERNAL_ID, externalId))
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

    /**
     * For an order query, a CANCEL_ORDER or a MARK_PAID: reads an order id, the caller's channels and the stores it
     * hands pickups over at; the order if it is of one of those channels or to be picked up at one of those stores, else
     * ORDER_NOT_FOUND (or malformed) and null. A store's counter sees the web's click-and-collect orders for it (found
     * in QA), and since rules version 16 cancels one not collected and takes payment for one paid in store (QA-220).
     * The other commands that change an order are bound to channels alone ({@link #findScoped}).
     */
    Order findSeen(final PayloadReader r, final Reply reply)
    {
        return find(r, true, reply);
    }

    /** Whether the order is to be picked up at one of the {@code count} locations the payload lists there. */
    private boolean pickedUpAt(final Order o, final PayloadReader r, final int start, final int count)
    {
        if (o.pickupLocation == null)
        {
            return false;
        }
        r.position(start);
        for (int i = 0; i < count; i++)
        {
            r.readAscii(scopeChannel);
            if (catalog.location(scopeChannel) == o.pickupLocation)
            {
                return true;
            }
        }
        return false;
    }

    /** Reads an order id and the caller's channels; answers ORDER_NOT_FOUND (or malformed) and null if unseen. */
    Order findScoped(final PayloadReader r, final Reply reply)
    {
        return find(r, false, reply);
    }

    /**
     * Reads an order id, the caller's channels and, for a query ({@code withPickups}), the stores whose pickups it
     * sees; the order if the caller may see it, leaving the reader after the lists, where a command's remaining
     * fields start.
     */
    private Order find(final PayloadReader r, final boolean withPickups, final Reply reply)
    {
        final long id = r.readLong();
        final int scopeCount = r.readByte();
        final int scopeStart = r.position();
        skipIds(r, scopeCount);
        final int pickupCount = withPickups ? r.readByte() : 0;
        final int pickupStart = r.position();
        skipIds(r, pickupCount);
        final int end = r.position();
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return null;
        }
        final Order order = orders.get(id);
        if (order == null || !(inScope(order, r, scopeStart, scopeCount) ||
            pickedUpAt(order, r, pickupStart, pickupCount)))
        {
            reply.code(ResultCode.ORDER_NOT_FOUND);
            return null;
        }
        r.position(end);
        return order;
    }

    /** Reads past {@code count} ids (a list of channels or locations). */
    private void skipIds(final PayloadReader r, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            r.readAscii(scopeChannel);
        }
    }
}
