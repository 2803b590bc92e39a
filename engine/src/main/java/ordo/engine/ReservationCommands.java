package ordo.engine;

/**
 * Reserve (all lines or none), release, and the reservation query. Checks run in a fixed order — shape of the
 * command, then every line's input, then sale windows, then stock, then per-customer limits (stock first since rules
 * version 2) — and nothing is
 * changed until all of them pass (the engine has no rollback).
 */
final class ReservationCommands
{
    static final long MIN_TTL_MILLIS = 1_000;
    static final long MAX_TTL_MILLIS = 7L * 24 * 60 * 60 * 1000;
    private static final int MAX_QTY_PER_LINE = 1_000_000;

    private final Catalog catalog;
    private final ReservationBook book;
    private final EventSink events;
    private final CustomerLedger ordered;
    private final ByteSlice channel = new ByteSlice();
    private final ByteSlice customer = new ByteSlice();
    private final ByteSlice locationId = new ByteSlice();
    private final ByteSlice skuId = new ByteSlice();
    private final Sku[] lineSkus = new Sku[CommandCodec.MAX_LINES];
    private final int[] lineQty = new int[CommandCodec.MAX_LINES];

    ReservationCommands(final Catalog catalog, final ReservationBook book, final CustomerLedger ordered,
        final EventSink events)
    {
        this.catalog = catalog;
        this.book = book;
        this.ordered = ordered;
        this.events = events;
    }

    void reserve(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        final int idsAt = r.position();
        r.readAscii(channel);
        r.readAscii(customer);
        r.readAscii(locationId);
        final int idsEnd = r.position();
        final long ttlMillis = r.readLong();
        final int linesAt = r.position();
        final int lineCount = r.readShort();
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        // The channel of the last command, as a rule: one comparison stands for its validation (only valid ids are
        // interned), the collision check and interning.
        final boolean lastChannel = catalog.isLastChannel(channel);
        if ((!lastChannel && !channel.isValidId()) || !customer.isValidId() ||
            (locationId.length() != 0 && !locationId.isValidId()))
        {
            reply.code(ResultCode.INVALID_ID);
            return;
        }
        if (lineCount == 0)
        {
            reply.code(ResultCode.INVALID_FIELD);
            return;
        }
        if (lineCount > CommandCodec.MAX_LINES)
        {
            reply.code(ResultCode.TOO_MANY_LINES);
            return;
        }
        if (ttlMillis < MIN_TTL_MILLIS || ttlMillis > MAX_TTL_MILLIS)
        {
            reply.code(ResultCode.INVALID_TTL);
            return;
        }
        final Location location = locationId.length() == 0 ? null : catalog.location(locationId);
        if (locationId.length() != 0 && location == null)
        {
            reply.code(ResultCode.UNKNOWN_LOCATION);
            return;
        }
        for (int i = 0; i < lineCount; i++)
        {
            r.readAscii(skuId);
            final int qty = r.readInt();
            final Sku sku = r.ok() ? catalog.sku(skuId) : null;
            if (!r.ok())
            {
                reply.code(ResultCode.MALFORMED_COMMAND);
                return;
            }
            if (sku == null)
            {
                LineChecks.unresolved(reply, ResultCode.UNKNOWN_SKU, skuId, i);
                return;
            }
            if (!LineChecks.quantityAndUniqueness(reply, sku, qty, MAX_QTY_PER_LINE, lineSkus, i))
            {
                return;
            }
            lineSkus[i] = sku;
            lineQty[i] = qty;
        }
        final int linesEnd = r.position();
        final boolean collides = !lastChannel && catalog.channelHashTaken(channel);
        final Channel defined = collides ? null : definedChannel(lastChannel);
        // entityId -1: these name no SKU, so neither the answer nor its idempotent replay carries one. A location
        // the channel does not take stock from is refused before whether it is active, as an order's pickup store is.
        if (location != null && defined != null && !defined.sourcesFrom(location))
        {
            reply.result(ResultCode.CHANNEL_NOT_SERVED, -1, 0, 0, 0, 0);
            return;
        }
        if (location != null && !location.active)
        {
            reply.result(ResultCode.LOCATION_INACTIVE, -1, 0, 0, 0, 0);
            return;
        }
        if (collides)
        {
            reply.result(ResultCode.ID_HASH_COLLISION, -1, 0, 0, 0, 0);
            return;
        }
        final long customerKey = customer.tableHash();
        // Stock before the customer's limits (since rules version 2): a hold of a sold-out SKU is refused for stock
        // whoever asks, so the gateway can give that answer from what the engine publishes (SoldOutBoard), limited
        // SKUs included; a flash sale's SKUs usually have a limit.
        if (!checkSaleWindows(lineCount, now, reply) ||
            !checkStock(lineCount, location, defined, reply) ||
            !checkCustomerLimits(lineCount, customerKey, reply))
        {
            return;
        }

        final Reservation reservation = book.newReservation();
        reservation.channelHash = lastChannel ? catalog.lastChannelHash() : catalog.internChannel(channel);
        reservation.customer(customer);
        reservation.customerKey = customerKey;
        reservation.location(location);
        reservation.createdAt = now;
        reservation.expiresAt = now + ttlMillis;
        reservation.ensureLines(lineCount);
        reservation.lineCount = lineCount;
        for (int i = 0; i < lineCount; i++)
        {
            reservation.line(i, lineSkus[i], lineQty[i]);
        }
        book.hold(reservation);
        reply.result(ResultCode.OK, reservation.id, reservation.expiresAt, 0, 0, 0);
        // The command's ids and lines are laid out as in the view and were checked equal to what the hold names; the
        // view is written from them when the reply is read.
        reply.heldView(r.buffer(), idsAt, idsEnd - idsAt, linesAt, linesEnd - linesAt, reservation.id,
            reservation.createdAt, reservation.expiresAt);
        events.onEvent(EventType.RESERVATION_CREATED, seq, now, reservation.id);
    }

    private boolean checkSaleWindows(final int lineCount, final long now, final Reply reply)
    {
        for (int i = 0; i < lineCount; i++)
        {
            if (!LineChecks.saleOpen(reply, lineSkus[i], now, lineQty[i], i))
            {
                return false;
            }
        }
        return true;
    }

    private boolean checkCustomerLimits(final int lineCount, final long customerKey, final Reply reply)
    {
        // The ordered-units ledger is keyed by the id's state hash: computed once per reserve, and only when a
        // limited line meets a ledger that has entries (once any order was placed it always has).
        long orderedKey = 0;
        boolean orderedKeyKnown = false;
        for (int i = 0; i < lineCount; i++)
        {
            final Sku sku = lineSkus[i];
            if (sku.perCustomerLimit > 0)
            {
                // Live holds and ordered units (not cancelled) both count against the limit.
                long held = book.held(customer, customerKey, sku);
                if (!ordered.isEmpty())
                {
                    if (!orderedKeyKnown)
                    {
                        orderedKey = customer.hash();
                        orderedKeyKnown = true;
                    }
                    held += ordered.held(customer, orderedKey, sku);
                }
                if (held + lineQty[i] > sku.perCustomerLimit)
                {
                    LineChecks.reject(reply, ResultCode.PER_CUSTOMER_LIMIT, sku, held, sku.perCustomerLimit, lineQty[i], i);
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The channel being reserved for when an admin defined it, else null (a channel never defined may hold all of the
     * ATP, anywhere). Without any defined channel this costs one comparison. Its id's hash names no other channel's.
     */
    private Channel definedChannel(final boolean lastChannel)
    {
        if (catalog.definedChannelCount() == 0)
        {
            return null;
        }
        return catalog.definedChannel(lastChannel ? catalog.lastChannelHash() : channel.hash());
    }

    /**
     * A network hold needs network ATP; a node hold needs ATP at the node and in the network (the node's units
     * may already back network holds). A channel with a pool for the SKU may hold no more than its share, as its
     * orders may take (ORDERS.md): at a node what {@link Channel#pooledLeft} leaves it there, and in all the sum of
     * that over the active nodes less what the channel already holds against the network. Holds once ignored
     * pools, so a channel fenced to 80 % could hold all of it and convert the hold into an order of all of it (found
     * in QA); a node hold once ignored the channel's network holds, so half held against the network and the other
     * half at a node took it all (found in review; rules version 4). A channel kept to some locations
     * ({@link Channel#sources}) holds against the network no more than those have for it (rules version 17), whatever
     * its pool; and no hold takes units set aside for another kept channel's network holds ({@link KeptHolds}).
     * {@code defined}: the channel's definition, null for one never defined.
     */
    private boolean checkStock(final int lineCount, final Location location, final Channel defined, final Reply reply)
    {
        final KeptHolds holds = catalog.keptHolds();
        for (int i = 0; i < lineCount; i++)
        {
            final Sku sku = lineSkus[i];
            final int position = location == null ? -1 : sku.findPosition(location);
            final StockCell cell = position < 0 ? null : sku.cell(position);
            // Units set aside for other kept channels' network holds are not this hold's (KeptHolds).
            final boolean aside = holds.place(sku, defined);
            long available = sku.networkAtp();
            if (location != null)
            {
                available = Math.min(available, cell == null ? 0 : cell.atp() - (aside ? holds.others(position) : 0));
            }
            if (defined != null && defined.limits(sku))
            {
                final int shareBps = defined.shareBps(sku);
                // A network hold does not lower any node's ATP: the channel's own network holds of the SKU are
                // taken off its share here, or hold after hold could each take the whole share (found in review).
                available = Math.min(available, pooledNetwork(sku, shareBps, defined, aside ? holds : null)
                    - sku.networkHeldBy(defined.idHash));
                if (location != null)
                {
                    available = Math.min(available,
                        cell == null ? 0 : Channel.pooledLeft(cell, defined.idHash, shareBps));
                }
            }
            if (available < lineQty[i])
            {
                LineChecks.reject(reply, ResultCode.INSUFFICIENT_STOCK, sku, Math.max(0, available), 0, lineQty[i], i);
                return false;
            }
        }
        return true;
    }

    /**
     * The units of a SKU a pooled or kept channel may still take across the network, before its network holds: its
     * share at every active node it sources from less what it has there (no more than the node's ATP, less what
     * {@code aside}, when not null, sets aside there for other kept channels), where more than its share at one node
     * counts against the others ({@link Channel#pooledPart}). May be negative.
     */
    private static long pooledNetwork(final Sku sku, final int shareBps, final Channel channel, final KeptHolds aside)
    {
        long total = 0;
        final StockCell[] cells = sku.cells();
        for (int c = 0; c < sku.cellCount(); c++)
        {
            final StockCell cell = cells[c];
            if (cell.location.active && channel.sourcesFrom(cell.location))
            {
                total += Channel.pooledPart(cell, cell.atp() - (aside == null ? 0 : aside.others(c)), channel.idHash,
                    shareBps);
            }
        }
        return total;
    }

    void release(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        final Reservation reservation = findScoped(r, reply);
        if (reservation == null)
        {
            return;
        }
        if (!reservation.isHeld())
        {
            reply.result(ResultCode.RESERVATION_NOT_ACTIVE, reservation.id, reservation.statusCode(), 0, 0, 0);
            return;
        }
        book.end(reservation, Codes.ReservationStatus.RELEASED, now);
        reply.result(ResultCode.OK, reservation.id, 0, 0, 0, 0);
        ReplyCodec.reservationView(reply, reservation, catalog, reservation.status(), reservation.endedAt);
        events.onEvent(EventType.RESERVATION_RELEASED, seq, now, reservation.id);
    }

    void query(final PayloadReader r, final long queryTime, final Reply reply)
    {
        final Reservation reservation = findScoped(r, reply);
        if (reservation == null)
        {
            return;
        }
        reply.result(ResultCode.OK, reservation.id, 0, 0, 0, 0);
        if (reservation.isHeld() && reservation.expiresAt <= queryTime)
        {
            // Due but not yet swept by a command: show what the next command will see.
            ReplyCodec.reservation(reply, reservation, catalog, Codes.ReservationStatus.EXPIRED, reservation.expiresAt);
        }
        else
        {
            ReplyCodec.reservation(reply, reservation, catalog, reservation.status(), reservation.endedAt);
        }
    }

    void render(final CommandType type, final Reply reply)
    {
        final ResultCode code = reply.code();
        if (code.isOk())
        {
            final Reservation reservation = book.get(reply.entityId());
            if (type == CommandType.RESERVE)
            {
                ReplyCodec.reservation(reply, reservation, catalog, Codes.ReservationStatus.HELD, 0);
            }
            else
            {
                ReplyCodec.reservation(reply, reservation, catalog, Codes.ReservationStatus.RELEASED,
                    reservation.endedAt);
            }
        }
        else if (type == CommandType.RESERVE && reply.entityId() >= 0 && code.isRemembered())
        {
            ReplyCodec.skuId(reply, catalog.sku((int)reply.entityId()));
        }
    }

    /**
     * Whether a release replayed under its idempotency key may be answered to a caller sending these channels: its
     * hold is of one of them, or has left the book. A release of a hold that had already ended is remembered for
     * 24 h from the release, past the hold's own 24 h from its end; its answer names only the hold's status, nothing
     * the caller's key did not once see (found in review). Else answers RESERVATION_NOT_FOUND.
     */
    boolean replayMayAnswer(final PayloadReader r, final Reply reply)
    {
        final int start = r.position();
        if (book.get(r.readLong()) == null && r.ok())
        {
            return true;
        }
        r.position(start);
        return findScoped(r, reply) != null;
    }

    /** Reads a hold id and the caller's channels; answers RESERVATION_NOT_FOUND (or malformed) and null if unseen. */
    private Reservation findScoped(final PayloadReader r, final Reply reply)
    {
        final long id = r.readLong();
        final int channelCount = r.readByte();
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return null;
        }
        final Reservation reservation = book.get(id);
        boolean visible = reservation != null && channelCount == 0;
        for (int i = 0; i < channelCount; i++)
        {
            r.readAscii(channel);
            // Compare the bytes, not just the hash: ids hash without a key, so a hash match alone proves nothing.
            if (reservation != null && r.ok() && channel.hash() == reservation.channelHash &&
                channel.contentEquals(catalog.channel(reservation.channelHash)))
            {
                visible = true;
            }
        }
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return null;
        }
        if (!visible)
        {
            reply.code(ResultCode.RESERVATION_NOT_FOUND);
            return null;
        }
        return reservation;
    }
}
