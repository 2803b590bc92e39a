package ordo.gateway.api;

import java.util.EnumSet;
import java.util.Set;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Ids;
import ordo.gateway.auth.Principal;
import ordo.gateway.auth.Role;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.ProblemCode;
import ordo.gateway.http.Router;
import ordo.gateway.payments.IsoCodes;

/**
 * Stock: {@code PUT /v1/inventory/{sku}/{locationId}} (absolute count), {@code POST …/adjustments} (delta with a
 * reason), {@code GET /v1/inventory/{sku}} (per node and network). Stores and warehouses may count and adjust their
 * own locations only.
 */
final class InventoryRoutes
{
    static final long MAX_UNITS = CommandCodec.MAX_UNITS;
    private static final Set<String> SET_FIELDS = Set.of("onHand", "safetyStock");
    private static final Set<String> ADJUST_FIELDS = Set.of("delta", "reason");
    private static final Set<String> QUERY_PARAMS = Set.of("channel", "country");
    private static final Set<String> LIST_PARAMS = Set.of("channel", "country", "limit", "after", "since");

    private final CommandBridge bridge;

    InventoryRoutes(final CommandBridge bridge)
    {
        this.bridge = bridge;
    }

    void register(final Router router)
    {
        final EnumSet<Role> stockWriters = EnumSet.of(Role.ADMIN, Role.WAREHOUSE, Role.STORE);
        router.route("PUT", "/v1/inventory/{sku}/{locationId}", "putInventory", stockWriters, BadRequest.guard(this::put));
        router.route("POST", "/v1/inventory/{sku}/{locationId}/adjustments", "postAdjustment", stockWriters,
            BadRequest.guard(this::adjust));
        router.route("GET", "/v1/inventory/{sku}", "getInventory",
            EnumSet.of(Role.ADMIN, Role.AUDITOR, Role.STOREFRONT, Role.STORE, Role.WAREHOUSE), QUERY_PARAMS,
            BadRequest.guard(this::query));
        router.route("GET", "/v1/inventory", "listInventory",
            EnumSet.of(Role.ADMIN, Role.AUDITOR, Role.STOREFRONT, Role.STORE, Role.WAREHOUSE), LIST_PARAMS,
            BadRequest.guard(this::list));
    }

    /**
     * Every SKU's network figures, in pages in SKU order, and with {@code ?channel=} what that channel may sell of
     * each: a connector's full stock sync, where it read one SKU a request (QA-216).
     */
    private void list(final HttpExchange ex)
    {
        QueryParams.once(ex);
        final String channel = QueryParams.id(ex, "channel");
        final String country = country(ex, channel);
        final int limit = QueryParams.limit(ex);
        final String after = QueryParams.id(ex, "after");
        final String since = ex.queryParam("since");
        if (since != null && after != null)
        {
            throw BadRequest.field("since", "lists what changed since a point; after pages every SKU: give one");
        }
        final Requests.StockChanges changes = since == null ? null : since(since, limit, channel, country);
        if (channel != null && !ChannelAccess.permits(ex, channel, "read the stock of"))
        {
            return;
        }
        if (changes != null)
        {
            bridge.query(ex, CommandType.QUERY_STOCK_CHANGES, changes, Requests.StockChanges::encode,
                reply -> Views.stockChanges(reply, country));
            return;
        }
        bridge.query(ex, CommandType.QUERY_STOCK, new Requests.ListStock(after, limit, channel, country),
            Requests.ListStock::encode, reply -> Views.stock(reply, country));
    }

    /**
     * {@code ?since=}: a journal sequence (a page's {@code asOf}, or 0 for every SKU), or a change page's
     * {@code nextSince}, which may add {@code :} and the SKU the page stopped at.
     */
    private static Requests.StockChanges since(final String since, final int limit, final String channel,
        final String country)
    {
        final int colon = since.indexOf(':');
        final String seqText = colon < 0 ? since : since.substring(0, colon);
        final String sku = colon < 0 ? null : since.substring(colon + 1);
        // As the server writes them: no leading zero.
        final long seq = seqText.length() > 1 && seqText.charAt(0) == '0' ? -1 : QueryParams.digits(seqText, 18);
        if (seq < 0 || (sku != null && (!Ids.isValid(sku) || QueryParams.isDotSegment(sku))))
        {
            throw BadRequest.field("since", "must be a journal sequence such as 1234 (a stock page's asOf, 0 for " +
                "every SKU) or a change page's nextSince, such as 1234:SKU-1");
        }
        return new Requests.StockChanges(seq, sku, limit, channel, country);
    }

    /**
     * The stock of a SKU; with {@code ?channel=}, what that channel may sell of it too (a connector publishing stock
     * to a marketplace read the network's ATP, which a pooled channel cannot all take: QA-211). A storefront or store
     * key asks only for its own channels, as it places for them.
     */
    private void query(final HttpExchange ex)
    {
        QueryParams.once(ex);
        final String channel = QueryParams.id(ex, "channel");
        final String country = country(ex, channel);
        if (channel != null && !ChannelAccess.permits(ex, channel, "read the stock of"))
        {
            return;
        }
        bridge.query(ex, CommandType.QUERY_INVENTORY, new Requests.InventoryRef(ex.pathParam("sku"), channel, country),
            Requests.InventoryRef::encode, reply -> Views.inventory(reply, country));
    }

    /**
     * {@code ?country=}: the ship-to country the channel's {@code availableToShip} is for (only the nodes that ship
     * there count, as a location's {@code shipsTo} says), or null for any. It shapes the channel's figures, so it
     * comes with {@code ?channel=}.
     */
    private static String country(final HttpExchange ex, final String channel)
    {
        final String country = ex.queryParam("country");
        if (country == null)
        {
            return null;
        }
        if (!IsoCodes.isCountry(country))
        {
            throw BadRequest.field("country", "must be an ISO 3166-1 alpha-2 code such as SG");
        }
        if (channel == null)
        {
            throw BadRequest.field("country", "shapes what a channel may ship; send channel too");
        }
        return country;
    }

    private void put(final HttpExchange ex)
    {
        final String location = ownLocation(ex);
        if (location == null)
        {
            return;
        }
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final JsonBody body = JsonBody.parse(ex.bodyBytes()).allowOnly(SET_FIELDS);
        // Either figure left out is kept as it is: a store's count left the planner's safety stock at 0, and setting a
        // safety stock meant restating onHand, losing a receipt in between (QA-211).
        final long onHand = body.optionalInteger("onHand", 0, MAX_UNITS, CommandCodec.KEEP);
        final long safetyStock = body.optionalInteger("safetyStock", 0, MAX_UNITS, CommandCodec.KEEP);
        if (onHand == CommandCodec.KEEP && safetyStock == CommandCodec.KEEP)
        {
            throw BadRequest.field("onHand", "give onHand, safetyStock or both (a figure left out is kept)");
        }
        final Requests.SetInventory request = new Requests.SetInventory(envelope.keyHash(), envelope.fingerprint(),
            ex.pathParam("sku"), location, onHand, safetyStock);
        bridge.submit(ex, envelope, CommandType.SET_INVENTORY, request, Requests.SetInventory::encode, 200,
            Views::cell);
    }

    private void adjust(final HttpExchange ex)
    {
        final String location = ownLocation(ex);
        if (location == null)
        {
            return;
        }
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final JsonBody body = JsonBody.parse(ex.bodyBytes()).allowOnly(ADJUST_FIELDS);
        final long delta = body.integer("delta", -MAX_UNITS, MAX_UNITS);
        if (delta == 0)
        {
            throw BadRequest.field("delta", "must not be zero");
        }
        final Codes.AdjustmentReason reason = reason(body.string("reason"));
        // As the engine decides (rules version 3): a receipt adds stock, damage takes it away.
        if (reason == Codes.AdjustmentReason.RECEIPT && delta < 0)
        {
            throw BadRequest.field("delta", "must be positive for a RECEIPT (a correction is a COUNT)");
        }
        if (reason == Codes.AdjustmentReason.DAMAGE && delta > 0)
        {
            throw BadRequest.field("delta", "must be negative for DAMAGE (units written off)");
        }
        final Requests.Adjust request = new Requests.Adjust(envelope.keyHash(), envelope.fingerprint(),
            ex.pathParam("sku"), location, delta, reason);
        bridge.submit(ex, envelope, CommandType.ADJUST_INVENTORY, request, Requests.Adjust::encode, 200,
            Views::cell);
    }

    /** The path's location if the caller may write stock there; otherwise answers 403 and returns null. */
    private static String ownLocation(final HttpExchange ex)
    {
        final String location = ex.pathParam("locationId");
        final Principal principal = ex.principal();
        if (principal.role() != Role.ADMIN && !principal.canUseLocation(location))
        {
            // Names the location, as a channel refusal names its channel: a key bound to several stores (a counter
            // serving two) is told which one it may not count (QA-213).
            ex.respondProblem(ProblemCode.FORBIDDEN.problem("this key may not change stock at " + location)
                .with("locationId", location));
            return null;
        }
        return location;
    }

    private static Codes.AdjustmentReason reason(final String text)
    {
        for (final Codes.AdjustmentReason reason : Codes.AdjustmentReason.values())
        {
            if (reason.name().equals(text))
            {
                return reason;
            }
        }
        throw BadRequest.field("reason", "must be one of RECEIPT, DAMAGE, COUNT, TRANSFER");
    }
}
