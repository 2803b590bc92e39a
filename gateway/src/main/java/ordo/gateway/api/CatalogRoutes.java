package ordo.gateway.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.ResultCode;
import ordo.gateway.auth.Role;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.Router;
import ordo.gateway.payments.IsoCodes;

/**
 * Network and catalog (admin): {@code PUT/GET /v1/locations/{locationId}}, {@code PUT/GET /v1/skus/{sku}}, and the
 * pages of both ({@code GET /v1/locations}, {@code GET /v1/skus}) and of a node's stock
 * ({@code GET /v1/locations/{locationId}/stock}).
 */
final class CatalogRoutes
{
    private static final Set<String> LOCATION_FIELDS = Set.of("locationId", "type", "name", "lat", "lon",
        "countryCode", "capabilities", "dailyOrderCapacity", "handlingCost", "active", "shipsTo",
        "capacityDayStartsAt");
    private static final Set<String> SKU_FIELDS = Set.of("sku", "name", "weightGrams", "perCustomerLimit",
        "saleStartsAt", "saleEndsAt", "allowBackorders");
    private static final Set<String> MONEY_FIELDS = Set.of("amountMinor", "currency");
    private static final Set<String> PAGE_PARAMS = Set.of("limit", "after");
    private static final Set<String> STOCK_PARAMS = Set.of("limit", "after", "channel");
    /** The most countries {@code shipsTo} may name: every ISO 3166-1 country has room. */
    static final int MAX_SHIPS_TO = 255;
    private static final Set<String> LOCATION_LIST_PARAMS = Set.of("type", "capability", "active", "limit", "after");

    private final CommandBridge bridge;

    CatalogRoutes(final CommandBridge bridge)
    {
        this.bridge = bridge;
    }

    void register(final Router router)
    {
        final EnumSet<Role> readers = EnumSet.of(Role.ADMIN, Role.AUDITOR, Role.STOREFRONT, Role.STORE, Role.WAREHOUSE);
        router.route("PUT", "/v1/locations/{locationId}", "putLocation", EnumSet.of(Role.ADMIN),
            BadRequest.guard(this::putLocation));
        router.route("GET", "/v1/locations/{locationId}", "getLocation", readers, ex -> bridge.query(ex,
            CommandType.QUERY_LOCATION, ex.pathParam("locationId"), Requests::encodeQueryById, Views::location));
        router.route("PUT", "/v1/skus/{sku}", "putSku", EnumSet.of(Role.ADMIN), BadRequest.guard(this::putSku));
        router.route("GET", "/v1/skus/{sku}", "getSku", readers, ex -> bridge.query(ex,
            CommandType.QUERY_SKU, ex.pathParam("sku"), Requests::encodeQueryById, Views::sku));
        router.route("GET", "/v1/locations", "listLocations", readers, LOCATION_LIST_PARAMS,
            BadRequest.guard(this::listLocations));
        router.route("GET", "/v1/skus", "listSkus", readers, PAGE_PARAMS, BadRequest.guard(this::listSkus));
        router.route("GET", "/v1/locations/{locationId}/stock", "listLocationStock", readers, STOCK_PARAMS,
            BadRequest.guard(this::listLocationStock));
    }

    /** A page of a node's stock, SKU by SKU in the order they were defined: a store's screen of what it holds. */
    private void listLocationStock(final HttpExchange ex)
    {
        QueryParams.once(ex);
        final int limit = QueryParams.limit(ex);
        final String after = QueryParams.id(ex, "after");
        // With ?channel=, what that channel may take at the node, row by row: its atp is not that when the network's
        // holds or a pool leave less (QA-220). A key asks for its own channels only, as for a SKU's view.
        final String channel = QueryParams.id(ex, "channel");
        if (channel != null && !ChannelAccess.permits(ex, channel, "read the stock of"))
        {
            return;
        }
        bridge.query(ex, CommandType.QUERY_LOCATION_STOCK, new Requests.ListLocationStock(ex.pathParam("locationId"),
            after, limit, channel), Requests.ListLocationStock::encode, Views::locationStock);
    }

    /**
     * A page of the network's locations in the order they were defined, filtered by {@code type}, {@code capability}
     * and {@code active}: a store locator lists the active stores offering PICKUP, and an admin every node, where
     * each could be read only by its id (QA-211).
     */
    private void listLocations(final HttpExchange ex)
    {
        QueryParams.once(ex);
        final String typeName = ex.queryParam("type");
        final Codes.LocationType type = typeName == null ? null : locationType(typeName);
        final String capabilityName = ex.queryParam("capability");
        final int capability = capabilityName == null ? 0 : capability(capabilityName, "capability");
        final String activeText = ex.queryParam("active");
        if (activeText != null && !activeText.equals("true") && !activeText.equals("false"))
        {
            throw BadRequest.field("active", "must be true or false");
        }
        final Boolean active = activeText == null ? null : Boolean.valueOf(activeText);
        final int limit = QueryParams.limit(ex);
        final String after = QueryParams.id(ex, "after");
        bridge.query(ex, CommandType.QUERY_LOCATIONS, new Requests.ListLocations(after, limit, type, capability,
            active), Requests.ListLocations::encode, Views::locations);
    }

    /** A page of the catalog's SKUs in the order they were defined. */
    private void listSkus(final HttpExchange ex)
    {
        QueryParams.once(ex);
        final int limit = QueryParams.limit(ex);
        final String after = QueryParams.id(ex, "after");
        bridge.query(ex, CommandType.QUERY_SKUS, new Requests.ListSkus(after, limit), Requests.ListSkus::encode,
            Views::skus);
    }

    private void putLocation(final HttpExchange ex)
    {
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final JsonBody body = JsonBody.parse(ex.bodyBytes()).allowOnly(LOCATION_FIELDS);
        body.sameIdAsPath("locationId", ex.pathParam("locationId"));
        final Codes.LocationType type = locationType(body.string("type"));
        final String name = body.optionalText("name", 200);
        final int lat = body.microDegrees("lat", 90);
        final int lon = body.microDegrees("lon", 180);
        // "" is how a location without one reads back (GET): none, as when left out (QA-217).
        final String country = body.optionalString("countryCode");
        if (country != null && !country.isEmpty() && !IsoCodes.isCountry(country))
        {
            throw BadRequest.field("countryCode", "must be an ISO 3166-1 alpha-2 code such as SG");
        }
        int capabilities = 0;
        if (body.has("capabilities"))
        {
            final JsonNode caps = body.array("capabilities", 0, 3);
            for (int i = 0; i < caps.size(); i++)
            {
                final String text = body.elementString("capabilities", caps, i);
                final int capability = capability(text, "capabilities[" + i + "]");
                if ((capabilities & capability) != 0)
                {
                    // As shipsTo, sourcesFrom and pools refuse an item twice (it was taken once: QA-258).
                    throw BadRequest.field("capabilities[" + i + "]", "names " + text + " a second time");
                }
                if (capability == Codes.CAP_SHIP_FROM_STORE && type != Codes.LocationType.STORE)
                {
                    // A warehouse or DC ships with SHIP: one with SHIP_FROM_STORE alone was taken and could never
                    // ship, its stock stranded (QA-272).
                    throw BadRequest.field("capabilities[" + i + "]", "SHIP_FROM_STORE is a store's capability: a " +
                        type.name() + " ships with SHIP");
                }
                capabilities |= capability;
            }
        }
        final int capacity = (int)body.optionalInteger("dailyOrderCapacity", 0, Integer.MAX_VALUE, 0);
        long cost = 0;
        String currency = "";
        if (body.has("handlingCost"))
        {
            final JsonBody money = body.object("handlingCost").allowOnly(MONEY_FIELDS);
            cost = money.integer("amountMinor", 0, ordo.engine.SourcingPolicy.MAX_COST_MINOR);
            currency = money.string("currency");
            // {"amountMinor": 0, "currency": ""} is how a location without a handling cost reads back (QA-217).
            if (!IsoCodes.isCurrency(currency) && !(cost == 0 && currency.isEmpty()))
            {
                throw BadRequest.field("handlingCost.currency", "must be an ISO 4217 code such as EUR");
            }
        }
        final boolean active = body.bool("active", true);
        final Requests.DefineLocation request = new Requests.DefineLocation(envelope.keyHash(),
            envelope.fingerprint(), ex.pathParam("locationId"), type, name, lat, lon, country, capabilities,
            capacity, cost, currency, active, shipsTo(body), dayStart(body));
        bridge.submit(ex, envelope, CommandType.DEFINE_LOCATION, request, Requests.DefineLocation::encode, 200,
            Views::location);
    }

    /**
     * {@code shipsTo}: the countries the location's shipments may go to, as ISO 3166-1 alpha-2 codes, each once; left
     * out or null, anywhere (as the location reads back without a list). An empty list would read as "nowhere", which
     * a location says by leaving out SHIP, so it is refused.
     */
    private static List<String> shipsTo(final JsonBody body)
    {
        return body.distinctStrings("shipsTo", "country", "countries", MAX_SHIPS_TO, "a location that ships anywhere",
            country -> IsoCodes.isCountry(country) ? null : "must be an ISO 3166-1 alpha-2 code such as SG");
    }

    /**
     * {@code capacityDayStartsAt}: when the location's daily order capacity starts counting afresh, its local time and
     * UTC offset ({@code 14:00:00+07:00}); left out or null, midnight UTC.
     */
    private static Rfc3339.DayStart dayStart(final JsonBody body)
    {
        final String text = body.optionalString("capacityDayStartsAt");
        return text == null ? Rfc3339.DayStart.MIDNIGHT_UTC : Rfc3339.dayStart("capacityDayStartsAt", text);
    }

    private void putSku(final HttpExchange ex)
    {
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final JsonBody body = JsonBody.parse(ex.bodyBytes()).allowOnly(SKU_FIELDS);
        body.sameIdAsPath("sku", ex.pathParam("sku"));
        final String name = body.optionalText("name", 200);
        final int weight = (int)body.optionalInteger("weightGrams", 0, Integer.MAX_VALUE, 0);
        final int limit = (int)body.optionalInteger("perCustomerLimit", 1, 1_000_000, 0);
        final long start = body.optionalTime("saleStartsAt", Long.MIN_VALUE);
        final long end = body.optionalTime("saleEndsAt", Long.MAX_VALUE);
        if (start >= end)
        {
            // The code the engine gives the same fault, which openapi lists for it (was INVALID_REQUEST; QA).
            // Times are engine milliseconds, a finer fraction rounded up: two within one are no window.
            throw BadRequest.field(ResultCode.INVALID_SALE_WINDOW, "saleEndsAt",
                start == end ? "must be after saleStartsAt, by a millisecond at least" : "must be after saleStartsAt");
        }
        final Requests.DefineSku request = new Requests.DefineSku(envelope.keyHash(), envelope.fingerprint(),
            ex.pathParam("sku"), name, weight, limit, start, end, body.bool("allowBackorders", false));
        bridge.submit(ex, envelope, CommandType.DEFINE_SKU, request, Requests.DefineSku::encode, 200, Views::sku);
    }

    private static Codes.LocationType locationType(final String text)
    {
        for (final Codes.LocationType type : Codes.LocationType.values())
        {
            if (type.name().equals(text))
            {
                return type;
            }
        }
        throw BadRequest.field("type", "must be one of WAREHOUSE, STORE, DC");
    }

    private static int capability(final String text, final String field)
    {
        return switch (text)
        {
            case "SHIP" -> Codes.CAP_SHIP;
            case "PICKUP" -> Codes.CAP_PICKUP;
            case "SHIP_FROM_STORE" -> Codes.CAP_SHIP_FROM_STORE;
            default -> throw BadRequest.field(field, "must be one of SHIP, PICKUP, SHIP_FROM_STORE");
        };
    }
}
