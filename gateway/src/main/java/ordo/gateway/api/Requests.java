package ordo.gateway.api;

import java.util.List;
import java.util.Set;

import ordo.engine.CommandCodec;
import ordo.engine.Codes;
import ordo.engine.FraudRules;
import ordo.engine.OrderForm;
import ordo.engine.PayloadWriter;
import ordo.engine.SourcingPolicy;

/**
 * Decoded, validated requests and the static encoders that write each into a ring slot (they capture nothing).
 * {@code keyHash}/{@code fingerprint} are the idempotency envelope: 0/0 when the caller sent no key.
 */
final class Requests
{
    private Requests()
    {
    }

    /**
     * The bytes a request encodes to ({@code encode}, envelope included): what a route checks against a command
     * slot's room before publishing, so a body within every stated limit that would not fit is refused with a 400,
     * not failed with a 500 at the publish.
     */
    static <R> int encodedBytes(final R request, final java.util.function.BiConsumer<R, PayloadWriter> encode)
    {
        final PayloadWriter writer = new PayloadWriter().wrap(new org.agrona.ExpandableArrayBuffer(1024), 0);
        encode.accept(request, writer);
        return writer.length();
    }

    record DefineLocation(long keyHash, long fingerprint, String id, Codes.LocationType type, String name, int latMicro,
        int lonMicro, String countryCode, int capabilities, int dailyOrderCapacity, long handlingCostMinor,
        String currency, boolean active, java.util.List<String> shipsTo, Rfc3339.DayStart dayStart)
    {
        static void encode(final DefineLocation r, final PayloadWriter w)
        {
            CommandCodec.defineLocation(w, r.keyHash, r.fingerprint, r.id, r.type, r.name, r.latMicro, r.lonMicro,
                r.countryCode, r.capabilities, r.dailyOrderCapacity, r.handlingCostMinor, r.currency, r.active,
                r.shipsTo, r.dayStart.minute(), r.dayStart.offsetMinutes());
        }
    }

    record DefineSku(long keyHash, long fingerprint, String id, String name, int weightGrams, int perCustomerLimit,
        long saleStartsAt, long saleEndsAt, boolean allowBackorder)
    {
        static void encode(final DefineSku r, final PayloadWriter w)
        {
            CommandCodec.defineSku(w, r.keyHash, r.fingerprint, r.id, r.name, r.weightGrams, r.perCustomerLimit,
                r.saleStartsAt, r.saleEndsAt, r.allowBackorder);
        }
    }

    record SetInventory(long keyHash, long fingerprint, String sku, String location, long onHand, long safetyStock)
    {
        static void encode(final SetInventory r, final PayloadWriter w)
        {
            CommandCodec.setInventory(w, r.keyHash, r.fingerprint, r.sku, r.location, r.onHand, r.safetyStock);
        }
    }

    record Adjust(long keyHash, long fingerprint, String sku, String location, long delta,
        Codes.AdjustmentReason reason)
    {
        static void encode(final Adjust r, final PayloadWriter w)
        {
            CommandCodec.adjustInventory(w, r.keyHash, r.fingerprint, r.sku, r.location, r.delta, r.reason);
        }
    }

    record Line(String sku, int qty)
    {
    }

    record Reserve(long keyHash, long fingerprint, String channel, String customerId, String locationId,
        long ttlMillis, List<Line> lines)
    {
        static void encode(final Reserve r, final PayloadWriter w)
        {
            CommandCodec.reserveHeader(w, r.keyHash, r.fingerprint, r.channel, r.customerId, r.locationId,
                r.ttlMillis, r.lines.size());
            for (int i = 0; i < r.lines.size(); i++)
            {
                final Line line = r.lines.get(i);
                CommandCodec.reserveLine(w, line.sku, line.qty);
            }
        }
    }

    /** A reservation addressed by id, seen through the caller's channels (null: every channel). */
    record ReservationRef(long keyHash, long fingerprint, long reservationId, Set<String> channels)
    {
        static void encodeRelease(final ReservationRef r, final PayloadWriter w)
        {
            CommandCodec.releaseReservation(w, r.keyHash, r.fingerprint, r.reservationId, r.channels);
        }

        static void encodeQuery(final ReservationRef r, final PayloadWriter w)
        {
            CommandCodec.queryReservation(w, r.reservationId, r.channels);
        }
    }

    /** One pool of a channel: {@code sku} empty for every SKU. */
    record Pool(String sku, int shareBps)
    {
    }

    /** {@code sourcesFrom}: the locations the channel takes stock from, empty for every location. */
    record DefineChannel(long keyHash, long fingerprint, String id, Codes.ChannelKind kind, String name,
        List<Pool> pools, List<String> sourcesFrom)
    {
        static void encode(final DefineChannel r, final PayloadWriter w)
        {
            CommandCodec.defineChannel(w, r.keyHash, r.fingerprint, r.id, r.kind, r.name, r.pools.size());
            for (int i = 0; i < r.pools.size(); i++)
            {
                final Pool pool = r.pools.get(i);
                CommandCodec.channelPool(w, pool.sku, pool.shareBps);
            }
            CommandCodec.channelSources(w, r.sourcesFrom);
        }
    }

    record SetPolicy(long keyHash, long fingerprint, SourcingPolicy policy)
    {
        static void encode(final SetPolicy r, final PayloadWriter w)
        {
            CommandCodec.setSourcingPolicy(w, r.keyHash, r.fingerprint, r.policy);
        }
    }

    /** The form is built by the route and not touched after publishing. */
    record PlaceOrder(long keyHash, long fingerprint, OrderForm form)
    {
        static void encode(final PlaceOrder r, final PayloadWriter w)
        {
            CommandCodec.placeOrder(w, r.keyHash, r.fingerprint, r.form);
        }
    }

    /**
     * Cancels the listed units (no lines: every open unit), seen through the caller's channels (null: all) and the
     * stores whose pickups it hands over (null: none).
     */
    record CancelOrder(long keyHash, long fingerprint, long orderId, Set<String> channels, Set<String> pickups,
        String reason, List<Line> lines)
    {
        static void encode(final CancelOrder r, final PayloadWriter w)
        {
            CommandCodec.cancelOrderHeader(w, r.keyHash, r.fingerprint, r.orderId, r.channels, r.pickups, r.reason,
                r.lines.size());
            for (int i = 0; i < r.lines.size(); i++)
            {
                final Line line = r.lines.get(i);
                CommandCodec.cancelLine(w, line.sku, line.qty);
            }
        }
    }

    /** An order addressed by id, seen through the caller's channels (null: every channel). */
    /** An order read by a caller bound to {@code channels} (null: any) that hands over pickups at {@code pickups}. */
    record OrderRef(long orderId, Set<String> channels, Set<String> pickups)
    {
        static void encode(final OrderRef r, final PayloadWriter w)
        {
            CommandCodec.queryOrder(w, r.orderId, r.channels, r.pickups);
        }
    }

    /**
     * A page of orders: empty filters match any; {@code afterOrderId} 0 starts at the first order; created in
     * [{@code createdFrom}, {@code createdBefore}) (engine ms; {@link Long#MIN_VALUE}, {@link Long#MAX_VALUE}: any).
     */
    record ListOrders(String channel, Codes.OrderStatus status, String customerId, long afterOrderId, int limit,
        Set<String> channels, String pickupLocationId, String externalId, long createdFrom, long createdBefore)
    {
        static void encode(final ListOrders r, final PayloadWriter w)
        {
            CommandCodec.queryOrders(w, r.channel, r.status, r.customerId, r.afterOrderId, r.limit, r.channels,
                r.pickupLocationId, r.externalId, r.createdFrom, r.createdBefore);
        }
    }

    record SetFraudRules(long keyHash, long fingerprint, FraudRules rules)
    {
        static void encode(final SetFraudRules r, final PayloadWriter w)
        {
            CommandCodec.setFraudRules(w, r.keyHash, r.fingerprint, r.rules);
        }
    }

    record FraudReview(long keyHash, long fingerprint, long orderId, boolean approve, String reviewer, String note)
    {
        static void encode(final FraudReview r, final PayloadWriter w)
        {
            CommandCodec.fraudReview(w, r.keyHash, r.fingerprint, r.orderId, r.approve, r.reviewer, r.note);
        }
    }

    /** CAPTURE_PAYMENT or RETRY_PAYMENT of an order, seen through the caller's channels (null: all). */
    record OrderCommand(long keyHash, long fingerprint, long orderId, Set<String> channels)
    {
        static void encode(final OrderCommand r, final PayloadWriter w)
        {
            CommandCodec.orderCommand(w, r.keyHash, r.fingerprint, r.orderId, r.channels);
        }
    }

    /** As {@link CancelOrder}'s, the caller's channels and the stores whose pickups it hands over. */
    record MarkPaid(long keyHash, long fingerprint, long orderId, Set<String> channels, Set<String> pickups,
        String note)
    {
        static void encode(final MarkPaid r, final PayloadWriter w)
        {
            CommandCodec.markPaid(w, r.keyHash, r.fingerprint, r.orderId, r.channels, r.pickups, r.note);
        }
    }

    record SettleRefund(long keyHash, long fingerprint, long orderId, Set<String> channels, long amountMinor,
        String currency, String note)
    {
        static void encode(final SettleRefund r, final PayloadWriter w)
        {
            CommandCodec.settleRefund(w, r.keyHash, r.fingerprint, r.orderId, r.channels, r.amountMinor, r.currency,
                r.note);
        }
    }

    /** A page of outstanding payment actions after {@code afterActionId} (0: from the first). */
    record PaymentActions(long afterActionId, int limit)
    {
        static void encode(final PaymentActions r, final PayloadWriter w)
        {
            CommandCodec.queryPaymentActions(w, r.afterActionId, r.limit);
        }
    }

    /** A verified provider webhook event; the engine applies each (provider, eventId) once. */
    record PaymentEvent(String provider, String eventId, Codes.PaymentEventKind kind, String reference,
        long amountMinor, String currency)
    {
        static void encode(final PaymentEvent r, final PayloadWriter w)
        {
            CommandCodec.paymentEvent(w, 0, 0, r.provider, r.eventId, r.kind, r.reference, r.amountMinor,
                r.currency);
        }
    }

    /** A page of locations ({@code after}: null from the first; {@code type}, {@code active}: null for any). */
    record ListLocations(String after, int limit, Codes.LocationType type, int capability, Boolean active)
    {
        static void encode(final ListLocations list, final PayloadWriter w)
        {
            CommandCodec.queryLocations(w, list.after, list.limit, list.type, list.capability, list.active);
        }
    }

    /** A page of a node's stock after the SKU {@code after} (null: first), with {@code channel}'s (or null). */
    record ListLocationStock(String location, String after, int limit, String channel)
    {
        static void encode(final ListLocationStock list, final PayloadWriter w)
        {
            CommandCodec.queryLocationStock(w, list.location, list.after, list.limit, list.channel);
        }
    }

    /** A page of SKUs ({@code after}: null from the first). */
    record ListSkus(String after, int limit)
    {
        static void encode(final ListSkus list, final PayloadWriter w)
        {
            CommandCodec.querySkus(w, list.after, list.limit);
        }
    }

    /** A page of the SKUs' stock ({@code after}: null from the first), with what {@code channel} may sell (or null). */
    /** A page of the stock feed; {@code country} (null: any) only with a {@code channel}. */
    record ListStock(String after, int limit, String channel, String country)
    {
        static void encode(final ListStock list, final PayloadWriter w)
        {
            CommandCodec.queryStock(w, list.after, list.limit, list.channel, list.country);
        }
    }

    /**
     * A page of the stock change feed: the SKUs changed after the command {@code sinceSeq} (after the SKU
     * {@code sinceSku} among its own; null: all of them).
     */
    record StockChanges(long sinceSeq, String sinceSku, int limit, String channel, String country)
    {
        static void encode(final StockChanges list, final PayloadWriter w)
        {
            CommandCodec.queryStockChanges(w, list.sinceSeq, list.sinceSku, list.limit, list.channel, list.country);
        }
    }

    /** A page of defined channels ({@code after}: null from the first), of {@code scope} only (null: all). */
    record ListChannels(String after, int limit, Set<String> scope)
    {
        static void encode(final ListChannels list, final PayloadWriter w)
        {
            CommandCodec.queryChannels(w, list.after, list.limit, list.scope);
        }
    }

    /** A SKU's stock, and with a {@code channel} (else null) what that channel may sell of it. */
    /** A SKU's view; {@code country} (null: any) only with a {@code channel}. */
    record InventoryRef(String sku, String channel, String country)
    {
        static void encode(final InventoryRef ref, final PayloadWriter w)
        {
            if (ref.channel == null)
            {
                CommandCodec.queryInventory(w, ref.sku);
            }
            else
            {
                CommandCodec.queryInventory(w, ref.sku, ref.channel, ref.country);
            }
        }
    }

    static void encodeQueryById(final String id, final PayloadWriter w)
    {
        CommandCodec.queryById(w, id);
    }

    static void encodeNothing(final Object ignored, final PayloadWriter w)
    {
        // QUERY_STATE_HASH carries no payload.
    }
}
