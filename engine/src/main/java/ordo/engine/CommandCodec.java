package ordo.engine;

/**
 * The byte layout of every command payload, in one place. The gateway, tests and tools encode with these methods;
 * the engine decodes the same layouts field by field with a {@link PayloadReader}. All fields little-endian.
 *
 * <pre>
 * envelope (every journaled command, first 16 bytes)
 *   +-------------------------------+-------------------------------+
 *   | idempotencyKeyHash  i64 (0=none) | requestFingerprint  i64     |
 *   +-------------------------------+-------------------------------+
 * DEFINE_LOCATION  envelope id:ascii type:u8 name:text latMicro:i32 lonMicro:i32 country:ascii
 *                  capabilities:u8 dailyOrderCapacity:i32 handlingCostMinor:i64 currency:ascii active:u8
 *                  shipsToCount:u8 { country:ascii }   (0 = ships anywhere; rules version 15, absent before)
 * DEFINE_SKU       envelope id:ascii name:text weightGrams:i32 perCustomerLimit:i32(0=none)
 *                  saleStartsAt:i64(Long.MIN_VALUE=none) saleEndsAt:i64(Long.MAX_VALUE=none) allowBackorder:u8
 * SET_INVENTORY    envelope sku:ascii location:ascii onHand:i64 safetyStock:i64   (either -1 = KEEP: as it is)
 * ADJUST_INVENTORY envelope sku:ascii location:ascii delta:i64 reason:u8
 * RESERVE          envelope channel:ascii customer:ascii location:ascii(empty=network) ttlMillis:i64
 *                  lineCount:u16 { sku:ascii qty:i32 } * lineCount
 * RELEASE_RESERVATION envelope reservationId:i64 channelCount:u8 { channel:ascii } (0 channels = any)
 * TICK             envelope
 * DEFINE_CHANNEL   envelope id:ascii kind:u8 name:text poolCount:u8 { sku:ascii(empty = every SKU) shareBps:u16 }
 *                  sourceCount:u16 { locationId:ascii }   (0 = every location; rules version 17, absent before)
 * SET_SOURCING_POLICY envelope policy (layout in {@link SourcingPolicy})
 * PLACE_ORDER      envelope order form (layout in {@link OrderForm})
 * CANCEL_ORDER     envelope orderId:i64 channelCount:u8 { channel:ascii } pickupCount:u8 { location:ascii }
 *                  reason:text lineCount:u16 { sku:ascii qty:i32 } (0 lines = everything still open; the pickups: a
 *                  store's, whose counter may cancel the orders to be picked up there, rules version 16)
 * QUERY_INVENTORY  sku:ascii [channel:ascii [country:ascii]] (with a channel: what it may sell, after the stock; with
 *                  a country, a SHIP line's figure counts only the nodes that ship there)
 * QUERY_RESERVATION reservationId:i64 channelCount:u8 { channel:ascii }
 * QUERY_STATE_HASH (empty)
 * QUERY_LOCATION   id:ascii
 * QUERY_SKU        id:ascii
 * SET_FRAUD_RULES  envelope rules (layout in {@link FraudRules})
 * FRAUD_REVIEW     envelope orderId:i64 decision:u8(1 = approve, 2 = reject) reviewer:ascii note:text
 * PAYMENT_ACTION_RESULT envelope actionId:i64 outcome:u8 providerStatus:ascii amountMinor:i64 currency:ascii
 *                  detail:text
 * PAYMENT_EVENT    envelope provider:ascii eventId:ascii kind:u8 reference:ascii amountMinor:i64 currency:ascii
 * CAPTURE_PAYMENT, RETRY_PAYMENT  envelope orderId:i64 channelCount:u8 { channel:ascii }
 * MARK_PAID        envelope orderId:i64 channelCount:u8 { channel:ascii } pickupCount:u8 { location:ascii } note:text
 *                  (as CANCEL_ORDER's, rules version 16)
 * SETTLE_REFUND    envelope orderId:i64 channelCount:u8 { channel:ascii } amountMinor:i64 currency:ascii note:text
 * QUERY_ORDER, QUERY_ORDER_EVENTS, QUERY_ORDER_SOURCING  orderId:i64 channelCount:u8 { channel:ascii }
 *                  pickupCount:u8 { location:ascii }   (also the orders picked up at these: a store's)
 * QUERY_PAYMENT_ACTIONS afterActionId:i64 limit:u16   (outstanding actions)
 * QUERY_FRAUD_RULES (empty)
 * QUERY_ORDERS     channel:ascii(empty=any) status:u8(0=any) customer:ascii(empty=any) afterOrderId:i64(0=first)
 *                  limit:u16 channelCount:u8 { channel:ascii } pickupLocation:ascii(empty=any)
 *                  externalId:ascii(empty=any) createdFrom:i64(MIN=any) createdBefore:i64(MAX=any)
 *                  (orders in creation order, after the cursor, created in [createdFrom, createdBefore))
 * QUERY_CHANNEL    id:ascii
 * QUERY_SOURCING_POLICY (empty)
 * QUERY_LOCATIONS  after:ascii(empty=first) limit:u16 type:u8(0=any) capabilities:u8(all of these; 0=any)
 *                  active:u8(0=any 1=active 2=inactive)   (in the order they were defined, after the cursor)
 * QUERY_SKUS       after:ascii(empty=first) limit:u16
 * QUERY_CHANNELS   after:ascii(empty=first) limit:u16 channelCount:u8 { channel:ascii } (0 = every channel)
 * QUERY_STOCK      after:ascii(empty=first) limit:u16 [channel:ascii [country:ascii]]   (each SKU's network
 *                  figures, in SKU order; with a channel, what it may sell too, for a ship-to country when given)
 * QUERY_LOCATION_STOCK location:ascii after:ascii(sku; empty=first) limit:u16 [channel:ascii]   (a node's stock
 *                  cells, in SKU order; with a channel, what it may take there too)
 * QUERY_STOCK_CHANGES sinceSeq:i64 sinceSku:ascii(empty=none) limit:u16 [channel:ascii [country:ascii]]   (the
 *                  SKUs whose figures changed after the command sinceSeq — after the SKU sinceSku among that
 *                  command's — in order of the command that last changed them, as QUERY_STOCK lists them)
 *
 * actor (after the fields of a journaled command an API key sent, {@link #actor}; none from the server itself)
 *   actor:ascii(1..{@value #MAX_ACTOR_LENGTH}: the key's name)   never read by the engine
 * </pre>
 *
 * <p>Because a record may end with an actor, a journaled command's fields are fixed once released: a field appended
 * to a command would be read from an older record's actor. Add a command type instead, or raise the rules version in
 * the same commit so no build replays older records with the new layout (and have {@link CommandDescriber} tell the
 * two apart).
 *
 * <p>An idempotency key is scoped by the caller (principal) and hashed at the edge; the request fingerprint is a
 * hash of method, path and body, so "same key, other request" is detectable inside the engine after a restart.
 */
public final class CommandCodec
{
    public static final int ENVELOPE_LENGTH = 16;
    /**
     * A SET_INVENTORY figure ({@code onHand} or {@code safetyStock}) the cell keeps as it is (rules version 13; an
     * older build refuses it as an invalid quantity).
     */
    public static final long KEEP = -1;
    public static final int MAX_LINES = 64;
    /** The longest actor, an API key's name (an id). */
    public static final int MAX_ACTOR_LENGTH = 64;
    /** What an actor takes after a command's fields at most: its length byte and name. */
    public static final int MAX_ACTOR_BYTES = 1 + MAX_ACTOR_LENGTH;
    /**
     * The largest amount a payment may be, in minor units (an order's largest total: {@link #MAX_LINES} lines of a
     * million units at 2^36 each). A provider's event beyond it is refused at the gateway.
     */
    public static final long MAX_PAYMENT_MINOR = OrderCommands.MAX_TOTAL_MINOR;

    /** Largest stock quantity a command may carry (onHand, safety stock, |delta|): keeps every sum far from overflow. */
    public static final long MAX_UNITS = 1L << 40;

    private CommandCodec()
    {
    }

    public static PayloadWriter envelope(final PayloadWriter w, final long idempotencyKeyHash, final long fingerprint)
    {
        return w.putLong(idempotencyKeyHash).putLong(fingerprint);
    }

    public static void defineLocation(
        final PayloadWriter w, final long keyHash, final long fingerprint,
        final String id, final Codes.LocationType type, final String name, final int latMicro, final int lonMicro,
        final String countryCode, final int capabilities, final int dailyOrderCapacity,
        final long handlingCostMinor, final String currency, final boolean active)
    {
        defineLocation(w, keyHash, fingerprint, id, type, name, latMicro, lonMicro, countryCode, capabilities,
            dailyOrderCapacity, handlingCostMinor, currency, active, java.util.List.of());
    }

    /**
     * A location that ships only to the countries {@code shipsTo} lists (ISO 3166-1 alpha-2 codes; empty: anywhere),
     * whose capacity day begins at midnight UTC.
     */
    public static void defineLocation(
        final PayloadWriter w, final long keyHash, final long fingerprint,
        final String id, final Codes.LocationType type, final String name, final int latMicro, final int lonMicro,
        final String countryCode, final int capabilities, final int dailyOrderCapacity,
        final long handlingCostMinor, final String currency, final boolean active,
        final java.util.List<String> shipsTo)
    {
        defineLocation(w, keyHash, fingerprint, id, type, name, latMicro, lonMicro, countryCode, capabilities,
            dailyOrderCapacity, handlingCostMinor, currency, active, shipsTo, 0, 0);
    }

    /**
     * As above, with a capacity day that begins at local minute {@code dayStartsAtMinute} (0–1439) of a day at UTC
     * offset {@code dayStartsAtOffsetMinutes} (rules version 19).
     */
    public static void defineLocation(
        final PayloadWriter w, final long keyHash, final long fingerprint,
        final String id, final Codes.LocationType type, final String name, final int latMicro, final int lonMicro,
        final String countryCode, final int capabilities, final int dailyOrderCapacity,
        final long handlingCostMinor, final String currency, final boolean active,
        final java.util.List<String> shipsTo, final int dayStartsAtMinute, final int dayStartsAtOffsetMinutes)
    {
        envelope(w, keyHash, fingerprint).putAscii(id).putByte(type.code()).putText(name)
            .putInt(latMicro).putInt(lonMicro).putAscii(countryCode).putByte(capabilities)
            .putInt(dailyOrderCapacity).putLong(handlingCostMinor).putAscii(currency).putByte(active ? 1 : 0)
            .putByte(shipsTo.size());
        for (final String country : shipsTo)
        {
            w.putAscii(country);
        }
        w.putShort(dayStartsAtMinute).putShort(dayStartsAtOffsetMinutes);
    }

    public static void defineSku(
        final PayloadWriter w, final long keyHash, final long fingerprint,
        final String id, final String name, final int weightGrams, final int perCustomerLimit,
        final long saleStartsAt, final long saleEndsAt, final boolean allowBackorder)
    {
        envelope(w, keyHash, fingerprint).putAscii(id).putText(name).putInt(weightGrams).putInt(perCustomerLimit)
            .putLong(saleStartsAt).putLong(saleEndsAt).putByte(allowBackorder ? 1 : 0);
    }

    public static void setInventory(
        final PayloadWriter w, final long keyHash, final long fingerprint,
        final CharSequence sku, final CharSequence location, final long onHand, final long safetyStock)
    {
        envelope(w, keyHash, fingerprint).putAscii(sku).putAscii(location).putLong(onHand).putLong(safetyStock);
    }

    public static void adjustInventory(
        final PayloadWriter w, final long keyHash, final long fingerprint,
        final CharSequence sku, final CharSequence location, final long delta, final Codes.AdjustmentReason reason)
    {
        envelope(w, keyHash, fingerprint).putAscii(sku).putAscii(location).putLong(delta).putByte(reason.code());
    }

    /** Starts a RESERVE; follow with {@link #reserveLine} exactly {@code lineCount} times. */
    public static void reserveHeader(
        final PayloadWriter w, final long keyHash, final long fingerprint,
        final CharSequence channel, final CharSequence customer, final CharSequence location, final long ttlMillis,
        final int lineCount)
    {
        envelope(w, keyHash, fingerprint).putAscii(channel).putAscii(customer).putAscii(location)
            .putLong(ttlMillis).putShort(lineCount);
    }

    public static void reserveLine(final PayloadWriter w, final CharSequence sku, final int qty)
    {
        w.putAscii(sku).putInt(qty);
    }

    public static void releaseReservation(
        final PayloadWriter w, final long keyHash, final long fingerprint, final long reservationId,
        final java.util.Collection<String> channels)
    {
        envelope(w, keyHash, fingerprint).putLong(reservationId);
        putChannels(w, channels);
    }

    /**
     * Starts a DEFINE_CHANNEL; follow with {@link #channelPool} exactly {@code poolCount} times, then
     * {@link #channelSources}.
     */
    public static void defineChannel(
        final PayloadWriter w, final long keyHash, final long fingerprint,
        final CharSequence id, final Codes.ChannelKind kind, final String name, final int poolCount)
    {
        envelope(w, keyHash, fingerprint).putAscii(id).putByte(kind.code()).putText(name).putByte(poolCount);
    }

    /** One pool of a channel: {@code sku} null or empty for every SKU; share in basis points (0..10000). */
    public static void channelPool(final PayloadWriter w, final CharSequence sku, final int shareBps)
    {
        w.putAscii(sku).putShort(shareBps);
    }

    /**
     * Ends a DEFINE_CHANNEL with the locations the channel takes stock from ({@code sourcesFrom}; empty: every
     * location, as before rules version 17).
     */
    public static void channelSources(final PayloadWriter w, final java.util.List<? extends CharSequence> locations)
    {
        w.putShort(locations.size());
        for (final CharSequence location : locations)
        {
            w.putAscii(location);
        }
    }

    public static void setSourcingPolicy(
        final PayloadWriter w, final long keyHash, final long fingerprint, final SourcingPolicy policy)
    {
        policy.writeTo(envelope(w, keyHash, fingerprint));
    }

    public static void placeOrder(
        final PayloadWriter w, final long keyHash, final long fingerprint, final OrderForm order)
    {
        order.writeTo(envelope(w, keyHash, fingerprint));
    }

    /** Starts a CANCEL_ORDER; follow with {@link #cancelLine} exactly {@code lineCount} times (0 = all open). */
    public static void cancelOrderHeader(
        final PayloadWriter w, final long keyHash, final long fingerprint, final long orderId,
        final java.util.Collection<String> channels, final String reason, final int lineCount)
    {
        cancelOrderHeader(w, keyHash, fingerprint, orderId, channels, null, reason, lineCount);
    }

    /**
     * {@link #cancelOrderHeader} by a caller bound to {@code channels} that may also cancel the orders to be picked up
     * at {@code pickupLocations} (a store's counter, whatever their channel); null: none.
     */
    public static void cancelOrderHeader(
        final PayloadWriter w, final long keyHash, final long fingerprint, final long orderId,
        final java.util.Collection<String> channels, final java.util.Collection<String> pickupLocations,
        final String reason, final int lineCount)
    {
        envelope(w, keyHash, fingerprint).putLong(orderId);
        putChannels(w, channels);
        putChannels(w, pickupLocations);
        w.putText(reason).putShort(lineCount);
    }

    public static void cancelLine(final PayloadWriter w, final CharSequence sku, final int qty)
    {
        w.putAscii(sku).putInt(qty);
    }

    /** QUERY_ORDER, QUERY_ORDER_EVENTS and QUERY_ORDER_SOURCING share this layout. */
    public static void queryOrder(
        final PayloadWriter w, final long orderId, final java.util.Collection<String> channels)
    {
        queryOrder(w, orderId, channels, null);
    }

    /**
     * An order query by a caller bound to {@code channels} that also sees the orders to be picked up at
     * {@code pickupLocations} (a store's key: the click-and-collect orders it hands over); null: none.
     */
    public static void queryOrder(
        final PayloadWriter w, final long orderId, final java.util.Collection<String> channels,
        final java.util.Collection<String> pickupLocations)
    {
        w.putLong(orderId);
        putChannels(w, channels);
        putChannels(w, pickupLocations);
    }

    public static void queryOrders(
        final PayloadWriter w, final CharSequence channel, final Codes.OrderStatus status, final CharSequence customer,
        final long afterOrderId, final int limit, final java.util.Collection<String> channels,
        final CharSequence pickupLocation, final CharSequence externalId)
    {
        queryOrders(w, channel, status, customer, afterOrderId, limit, channels, pickupLocation, externalId,
            Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** As above, of the orders created at or after {@code createdFrom} and before {@code createdBefore} (ms). */
    public static void queryOrders(
        final PayloadWriter w, final CharSequence channel, final Codes.OrderStatus status, final CharSequence customer,
        final long afterOrderId, final int limit, final java.util.Collection<String> channels,
        final CharSequence pickupLocation, final CharSequence externalId, final long createdFrom,
        final long createdBefore)
    {
        w.putAscii(channel).putByte(status == null ? 0 : status.code()).putAscii(customer).putLong(afterOrderId)
            .putShort(limit);
        putChannels(w, channels);
        w.putAscii(pickupLocation).putAscii(externalId).putLong(createdFrom).putLong(createdBefore);
    }

    public static void setFraudRules(
        final PayloadWriter w, final long keyHash, final long fingerprint, final FraudRules rules)
    {
        rules.writeTo(envelope(w, keyHash, fingerprint));
    }

    /** @param approve true to approve, false to reject. */
    public static void fraudReview(
        final PayloadWriter w, final long keyHash, final long fingerprint, final long orderId, final boolean approve,
        final CharSequence reviewer, final String note)
    {
        envelope(w, keyHash, fingerprint).putLong(orderId).putByte(approve ? 1 : 2).putAscii(reviewer).putText(note);
    }

    public static void paymentActionResult(
        final PayloadWriter w, final long keyHash, final long fingerprint, final long actionId,
        final Codes.PaymentOutcome outcome, final CharSequence providerStatus, final long amountMinor,
        final CharSequence currency, final String detail)
    {
        envelope(w, keyHash, fingerprint).putLong(actionId).putByte(outcome.code()).putAscii(providerStatus)
            .putLong(amountMinor).putAscii(currency).putText(detail);
    }

    public static void paymentEvent(
        final PayloadWriter w, final long keyHash, final long fingerprint, final CharSequence provider,
        final CharSequence eventId, final Codes.PaymentEventKind kind, final CharSequence reference,
        final long amountMinor, final CharSequence currency)
    {
        envelope(w, keyHash, fingerprint).putAscii(provider).putAscii(eventId).putByte(kind.code())
            .putAscii(reference).putLong(amountMinor).putAscii(currency);
    }

    /** CAPTURE_PAYMENT or RETRY_PAYMENT (same layout). */
    public static void orderCommand(
        final PayloadWriter w, final long keyHash, final long fingerprint, final long orderId,
        final java.util.Collection<String> channels)
    {
        envelope(w, keyHash, fingerprint).putLong(orderId);
        putChannels(w, channels);
    }

    public static void markPaid(
        final PayloadWriter w, final long keyHash, final long fingerprint, final long orderId,
        final java.util.Collection<String> channels, final String note)
    {
        markPaid(w, keyHash, fingerprint, orderId, channels, null, note);
    }

    /** {@link #markPaid} by a caller that may also mark paid the orders to be picked up at {@code pickupLocations}. */
    public static void markPaid(
        final PayloadWriter w, final long keyHash, final long fingerprint, final long orderId,
        final java.util.Collection<String> channels, final java.util.Collection<String> pickupLocations,
        final String note)
    {
        envelope(w, keyHash, fingerprint).putLong(orderId);
        putChannels(w, channels);
        putChannels(w, pickupLocations);
        w.putText(note);
    }

    public static void settleRefund(
        final PayloadWriter w, final long keyHash, final long fingerprint, final long orderId,
        final java.util.Collection<String> channels, final long amountMinor, final String currency, final String note)
    {
        envelope(w, keyHash, fingerprint).putLong(orderId);
        putChannels(w, channels);
        w.putLong(amountMinor).putAscii(currency);
        w.putText(note);
    }

    public static void queryPaymentActions(final PayloadWriter w, final long afterActionId, final int limit)
    {
        w.putLong(afterActionId).putShort(limit);
    }

    public static void tick(final PayloadWriter w)
    {
        envelope(w, 0, 0);
    }

    public static void queryInventory(final PayloadWriter w, final CharSequence sku)
    {
        w.putAscii(sku);
    }

    /** QUERY_INVENTORY asking as well what {@code channel} may sell of the SKU (its pool, per node and to ship). */
    public static void queryInventory(final PayloadWriter w, final CharSequence sku, final CharSequence channel)
    {
        w.putAscii(sku).putAscii(channel);
    }

    /**
     * {@link #queryInventory(PayloadWriter, CharSequence, CharSequence)} for SHIP lines to {@code country} (null: any):
     * the channel's {@code toShip} counts only the nodes that ship there.
     */
    public static void queryInventory(final PayloadWriter w, final CharSequence sku, final CharSequence channel,
        final CharSequence country)
    {
        w.putAscii(sku).putAscii(channel);
        if (country != null)
        {
            w.putAscii(country);
        }
    }

    public static void queryReservation(
        final PayloadWriter w, final long reservationId, final java.util.Collection<String> channels)
    {
        w.putLong(reservationId);
        putChannels(w, channels);
    }

    public static void queryById(final PayloadWriter w, final CharSequence id)
    {
        w.putAscii(id);
    }

    /**
     * A page of locations after the one named {@code after} (null or empty: from the first).
     *
     * @param type         null for every type.
     * @param capabilities {@link Codes#CAP_SHIP} and the like, all of which a location must have; 0 for any.
     * @param active       null for both, else only active or only inactive locations.
     */
    public static void queryLocations(final PayloadWriter w, final CharSequence after, final int limit,
        final Codes.LocationType type, final int capabilities, final Boolean active)
    {
        w.putAscii(after).putShort(limit).putByte(type == null ? 0 : type.code()).putByte(capabilities)
            .putByte(active == null ? 0 : active ? 1 : 2);
    }

    /** A page of SKUs after the one named {@code after} (null or empty: from the first). */
    public static void querySkus(final PayloadWriter w, final CharSequence after, final int limit)
    {
        w.putAscii(after).putShort(limit);
    }

    /**
     * A page of the SKUs' network figures after the SKU {@code after} (null or empty: from the first), and what
     * {@code channel} may sell of each (null: no channel).
     */
    public static void queryStock(final PayloadWriter w, final CharSequence after, final int limit,
        final CharSequence channel)
    {
        queryStock(w, after, limit, channel, null);
    }

    /** QUERY_STOCK with a channel's figures for SHIP lines to {@code country} (null: any; only with a channel). */
    public static void queryStock(final PayloadWriter w, final CharSequence after, final int limit,
        final CharSequence channel, final CharSequence country)
    {
        w.putAscii(after).putShort(limit);
        channelAndCountry(w, channel, country);
    }

    /** A stock page's optional tail: the channel (null: none), then the ship-to country (null: any; only with one). */
    private static void channelAndCountry(final PayloadWriter w, final CharSequence channel,
        final CharSequence country)
    {
        if (channel != null)
        {
            w.putAscii(channel);
            if (country != null)
            {
                w.putAscii(country);
            }
        }
    }

    /**
     * A page of the stock change feed: the SKUs whose figures changed after the command {@code sinceSeq} (after the
     * SKU {@code sinceSku} among that command's; null or empty: after all of them), as {@link #queryStock} lists
     * them, with {@code channel}'s figures (null: none) for SHIP lines to {@code country} (null: any).
     */
    public static void queryStockChanges(final PayloadWriter w, final long sinceSeq, final CharSequence sinceSku,
        final int limit, final CharSequence channel, final CharSequence country)
    {
        w.putLong(sinceSeq).putAscii(sinceSku).putShort(limit);
        channelAndCountry(w, channel, country);
    }

    /** A page of {@code location}'s stock, SKU by SKU, after the SKU {@code after} (null or empty: from the first). */
    public static void queryLocationStock(final PayloadWriter w, final CharSequence location, final CharSequence after,
        final int limit)
    {
        queryLocationStock(w, location, after, limit, null);
    }

    /** A page of {@code location}'s stock with what {@code channel} may take there (null: no channel). */
    public static void queryLocationStock(final PayloadWriter w, final CharSequence location, final CharSequence after,
        final int limit, final CharSequence channel)
    {
        w.putAscii(location).putAscii(after).putShort(limit);
        if (channel != null)
        {
            w.putAscii(channel);
        }
    }

    /** A page of defined channels after {@code after} (null or empty: from the first), of {@code channels} only. */
    public static void queryChannels(final PayloadWriter w, final CharSequence after, final int limit,
        final java.util.Collection<String> channels)
    {
        w.putAscii(after).putShort(limit);
        putChannels(w, channels);
    }

    /**
     * Writes the actor, the name of the API key that sent the command, after the command's own fields (the last
     * thing in its payload): the journal's record of who asked. Null: nothing.
     */
    public static void actor(final PayloadWriter w, final CharSequence name)
    {
        if (name == null)
        {
            return;
        }
        if (name.length() == 0 || name.length() > MAX_ACTOR_LENGTH)
        {
            throw new IllegalArgumentException("an actor is 1-" + MAX_ACTOR_LENGTH + " characters: " + name.length());
        }
        w.putAscii(name);
    }

    private static void putChannels(final PayloadWriter w, final java.util.Collection<String> channels)
    {
        if (channels == null)
        {
            w.putByte(0);
            return;
        }
        if (channels.size() > 255)
        {
            throw new IllegalArgumentException("at most 255 channels");
        }
        w.putByte(channels.size());
        for (final String channel : channels)
        {
            w.putAscii(channel);
        }
    }
}
