package ordo.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Ids;
import ordo.engine.OrderForm;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.gateway.auth.Principal;
import ordo.gateway.auth.Role;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.Router;
import ordo.gateway.pipeline.CommandSlot;

/**
 * Orders: capture ({@code POST /v1/orders}), read ({@code GET /v1/orders/{id}}, its {@code /events} and
 * {@code /sourcing}), list ({@code GET /v1/orders}) and cancel ({@code POST /v1/orders/{id}/cancel}). Storefront and
 * store keys act for their channels only: they may not place for another channel nor list its orders by name (403,
 * as a reservation for it), and another channel's order answers 404 as if it did not exist.
 */
final class OrderRoutes
{
    /** A hold id the engine never gives (it counts up from 1): a {@code reservationId} no hold of ours has. */
    static final long NO_HOLD_HAS_THIS_ID = Long.MAX_VALUE;
    private static final Set<String> CANCEL_FIELDS = Set.of("lines", "reason");
    private static final Set<String> CANCEL_LINE_FIELDS = Set.of("sku", "qty");
    private static final Set<String> LIST_PARAMS = Set.of("channel", "status", "customerId", "pickupLocationId",
        "externalId", "createdFrom", "createdBefore", "limit", "after");
    /** A scope of one channel id no channel has (ids are 1-64 characters): no order is of it. */
    private static final Set<String> NO_CHANNEL = Set.of("");
    private static final byte[] EMPTY_PAGE = "{\"orders\":[],\"nextCursor\":null}".getBytes(StandardCharsets.UTF_8);

    private final CommandBridge bridge;

    OrderRoutes(final CommandBridge bridge)
    {
        this.bridge = bridge;
    }

    void register(final Router router)
    {
        final EnumSet<Role> writers = EnumSet.of(Role.ADMIN, Role.STOREFRONT, Role.STORE);
        final EnumSet<Role> readers = EnumSet.of(Role.ADMIN, Role.STOREFRONT, Role.STORE, Role.AUDITOR);
        router.route("POST", "/v1/orders", "postOrder", writers, BadRequest.guard(this::place));
        router.route("GET", "/v1/orders", "listOrders", readers, LIST_PARAMS, BadRequest.guard(this::list));
        router.route("GET", "/v1/orders/{orderId}", "getOrder", readers,
            ex -> query(ex, CommandType.QUERY_ORDER, OrderViews.forCaller(ex)));
        router.route("GET", "/v1/orders/{orderId}/events", "getOrderEvents", readers,
            ex -> query(ex, CommandType.QUERY_ORDER_EVENTS, OrderViews.eventsForCaller(ex)));
        router.route("GET", "/v1/orders/{orderId}/sourcing", "getOrderSourcing", readers,
            ex -> query(ex, CommandType.QUERY_ORDER_SOURCING, SourcingViews::sourcing));
        router.route("POST", "/v1/orders/{orderId}/cancel", "cancelOrder", writers, BadRequest.guard(this::cancel));
    }

    private void place(final HttpExchange ex)
    {
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final byte[] body = ex.bodyBytes();
        final OrderFormReader.Parsed plain = OrderBodyParser.read(body);
        final OrderFormReader.Parsed parsed = plain != null ? plain : OrderFormReader.read(JsonBody.parse(body));
        final OrderForm form = parsed.form();
        if (!ChannelAccess.permits(ex, form.channel, "place orders for"))
        {
            return;
        }
        if (parsed.reservationId() != null)
        {
            // Ids in bodies follow API.md's id rule; anything else was answered 404 with the whole text echoed
            // (found in QA).
            if (!Ids.isValid(parsed.reservationId()))
            {
                throw BadRequest.field("reservationId", "must be 1-64 characters of [A-Za-z0-9._:-]");
            }
            if (QueryParams.isDotSegment(parsed.reservationId()))
            {
                // As every other id in a body (QA-235: answered 404 RESERVATION_NOT_FOUND).
                throw BadRequest.field("reservationId", "may not be . or .. (no path could name it)");
            }
            form.reservationId = Ids.parseReservationId(parsed.reservationId());
            if (form.reservationId < 0)
            {
                // No hold of this server has that id. The engine decides, as for a hold this key cannot use:
                // RESERVATION_NOT_FOUND naming the field, or the existing order when channel + externalId name one
                // (a marketplace's re-send answered 404 here; QA-198).
                form.reservationId = NO_HOLD_HAS_THIS_ID;
            }
        }
        bridge.submit(ex, envelope, CommandType.PLACE_ORDER,
            new Requests.PlaceOrder(envelope.keyHash(), envelope.fingerprint(), form), Requests.PlaceOrder::encode,
            OrderRoutes::placedStatus, OrderViews.forCaller(ex));
    }

    /** 201 when the order was created now; 200 when channel + externalId named an order placed before. */
    private static int placedStatus(final Reply reply)
    {
        return reply.a() == 1 ? 201 : 200;
    }

    private void query(final HttpExchange ex, final CommandType type, final CommandBridge.Renderer renderer)
    {
        // A store key bound to no channel (a counter's) reads the pickups at its locations and nothing else: it sends
        // a channel no order has, as an empty list would mean every channel (it read none: QA-209).
        final Acting acting = actingFor(ex, orderId(ex), false);
        if (acting != null)
        {
            bridge.query(ex, type, new Requests.OrderRef(acting.id(), acting.channels(), acting.pickups()),
                Requests.OrderRef::encode, renderer);
        }
    }

    private void cancel(final HttpExchange ex)
    {
        final long id = orderId(ex);
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final JsonBody body = JsonBody.parse(ex.bodyBytes()).allowOnly(CANCEL_FIELDS);
        final List<Requests.Line> lines = new ArrayList<>();
        if (body.isExplicitNull("lines"))
        {
            // The one null that does not count as absent: absent cancels every open unit, and a client that writes
            // an empty selection as null would cancel the whole order (found by QA-208 and QA-209).
            throw BadRequest.field("lines", "must list the lines to cancel; leave it out to cancel every open unit");
        }
        if (body.has("lines"))
        {
            final JsonNode nodes = body.array("lines", 1, CommandCodec.MAX_LINES);
            for (int i = 0; i < nodes.size(); i++)
            {
                final JsonBody line = body.element("lines", nodes, i).allowOnly(CANCEL_LINE_FIELDS);
                lines.add(new Requests.Line(line.id("sku"), (int)line.integer("qty", 1, OrderFormReader.MAX_QTY)));
            }
        }
        final String reason = body.text("reason", OrderFormReader.MAX_TEXT_CHARS);
        if (OrderFormReader.showsNothing(reason))
        {
            throw BadRequest.field("reason", "must not be blank");
        }
        final Acting acting = actingFor(ex, id, envelope.inFlightKey() != null);
        if (acting == null)
        {
            return;
        }
        final Requests.CancelOrder request = new Requests.CancelOrder(envelope.keyHash(), envelope.fingerprint(),
            acting.id(), acting.channels(), acting.pickups(), reason, lines);
        // A store's key carries its channels and its stores (up to 32 ids of 64 characters each): with 64 lines of
        // long SKUs and a long reason that is more than a command holds. Refused, not failed with a 500.
        final int bytes = Requests.encodedBytes(request, Requests.CancelOrder::encode);
        if (bytes > CommandSlot.REQUEST_CAPACITY)
        {
            throw BadRequest.field("lines", "the cancellation is " + bytes + " bytes encoded with this key's "
                + "channels and stores, more than a command holds (" + CommandSlot.REQUEST_CAPACITY + "); cancel "
                + "fewer lines at a time, or give a shorter reason");
        }
        bridge.submit(ex, envelope, CommandType.CANCEL_ORDER, request, Requests.CancelOrder::encode, 200,
            OrderViews.forCaller(ex));
    }

    private void list(final HttpExchange ex)
    {
        // Unknown names are refused before the route runs (Router: the route is registered with LIST_PARAMS).
        QueryParams.once(ex);
        final String channel = QueryParams.id(ex, "channel");
        final String customer = QueryParams.id(ex, "customerId");
        final String pickup = QueryParams.id(ex, "pickupLocationId");
        final String externalId = QueryParams.id(ex, "externalId");
        final Codes.OrderStatus status = statusParam(ex);
        // The orders created in [createdFrom, createdBefore): a day's orders, or those since a point (QA-217: no
        // list could be narrowed by time).
        final Rfc3339.Time from = windowBound(ex, "createdFrom");
        final Rfc3339.Time before = windowBound(ex, "createdBefore");
        // Compared as written: two bounds in one millisecond are a window, empty (rounded first, they were refused:
        // QA-256).
        if (from != null && before != null && !before.instant().isAfter(from.instant()))
        {
            throw BadRequest.field("createdBefore", "must be after createdFrom");
        }
        final long createdFrom = from == null ? Long.MIN_VALUE : from.millisRoundedUp();
        final long createdBefore = before == null ? Long.MAX_VALUE : before.millisRoundedUp();
        final int limit = QueryParams.limit(ex);
        final String cursor = ex.queryParam("after");
        final long after = cursor == null ? 0 : Ids.parseOrderId(cursor);
        if (after < 0 && !ServerIds.hasShape(cursor, Ids.ORDER_PREFIX))
        {
            throw BadRequest.field("after", "must be an order id (ord_…) from a previous page");
        }
        // A store's counter lists the click-and-collect orders it hands over at one of its locations whatever their
        // channel, as it reads them one by one (it could not list them: found in QA).
        final Set<String> pickups = pickups(ex);
        final boolean handsOver = pickup != null && pickups != null && pickups.contains(pickup);
        // As placing for it: naming a channel the key is not bound to is refused, rather than answered with a page
        // that is empty only because the key may not see it.
        if (channel != null && !handsOver && !ChannelAccess.permits(ex, channel, "list orders of"))
        {
            return;
        }
        // The engine refuses a cursor naming no order as UNKNOWN_CURSOR; the same answer here, after the same checks,
        // for an id of that shape no counter mixes to and for any cursor of a key bound to no channel (it may see no
        // order, so no page of it gave one).
        final Set<String> scope = handsOver ? null : scope(ex);
        final boolean seesNone = scope != null && scope.isEmpty();
        if (after < 0 || (cursor != null && seesNone))
        {
            ex.respondProblem(ResultProblems.of(new Reply().code(ResultCode.UNKNOWN_CURSOR)));
            return;
        }
        if (seesNone)
        {
            ex.respond(200, EMPTY_PAGE);
            return;
        }
        bridge.query(ex, CommandType.QUERY_ORDERS, new Requests.ListOrders(channel, status, customer, after, limit,
            scope, pickup, externalId, createdFrom, createdBefore), Requests.ListOrders::encode, OrderViews::list);
    }

    /**
     * A creation window's bound, an RFC 3339 time, or null. A query string decodes {@code +} as a space, and an offset
     * such as {@code +08:00} sent unescaped came as {@code " 08:00"}, refused (found in review): a space, which no RFC
     * 3339 time holds, is read as a {@code +} (an escaped one, {@code %20}, too: the two cannot be told apart).
     */
    private static Rfc3339.Time windowBound(final HttpExchange ex, final String name)
    {
        final String text = ex.queryParam(name);
        return text == null ? null : Rfc3339.read(name, text.replace(' ', '+'));
    }

    private static Codes.OrderStatus statusParam(final HttpExchange ex)
    {
        final String value = ex.queryParam("status");
        if (value == null)
        {
            return null;
        }
        for (final Codes.OrderStatus status : Codes.OrderStatus.values())
        {
            if (status.name().equals(value))
            {
                return status;
            }
        }
        throw BadRequest.field("status", "must be an order status such as ALLOCATED or BACKORDERED");
    }

    /** The order a query, a cancellation or a payment marked paid is sent for, and for whom ({@link #actingFor}). */
    record Acting(long id, Set<String> channels, Set<String> pickups)
    {
    }

    /**
     * Whom a query, a cancellation or a payment marked paid acts for: the caller's channels (null: every channel), and
     * a store's locations, whose click-and-collect orders of any channel it reads, and its counter cancels when not
     * collected and takes payment for when paid in store (rules version 16; QA-220: it could read them and do
     * neither). A store key bound to no channel (a counter's) acts on those alone. The order as {@link #target} sends
     * it ({@code keyed}: a command with an {@code Idempotency-Key}); null once a 404 is answered.
     */
    static Acting actingFor(final HttpExchange ex, final long id, final boolean keyed)
    {
        final Set<String> pickups = pickups(ex);
        final Set<String> scope = scope(ex);
        final boolean counterOnly = scope != null && scope.isEmpty() && pickups != null && !pickups.isEmpty();
        final long target = target(ex, id, counterOnly || scope == null || !scope.isEmpty(), keyed);
        return target < 0 ? null : new Acting(target, counterOnly ? NO_CHANNEL : scope, pickups);
    }

    /**
     * The stores whose click-and-collect orders a store's key may read, whatever their channel (the counter hands
     * them over; found in QA), and cancel or mark paid (rules version 16): its locations; none for other keys.
     */
    private static Set<String> pickups(final HttpExchange ex)
    {
        final Principal principal = ex.principal();
        return principal.role() == Role.STORE ? principal.locations() : null;
    }

    /** Storefront and store keys see their channels' orders only; admin and auditor see all (null). */
    static Set<String> scope(final HttpExchange ex)
    {
        final Principal principal = ex.principal();
        return principal.role() == Role.STOREFRONT || principal.role() == Role.STORE ? principal.channels() : null;
    }

    /**
     * The order a command of the caller's channels is sent for ({@link ServerIds#target}), or -1 once 404 is
     * answered: a key bound to no channel sees no order (an empty scope would otherwise mean "all"), and its 404 is
     * ORDER_NOT_FOUND for an id of the server's shape, as any other key's for an order it may not see (it was
     * NOT_FOUND, found in QA). {@code keyed}: the command carries an {@code Idempotency-Key}.
     */
    static long target(final HttpExchange ex, final long id, final boolean keyed)
    {
        final Set<String> scope = scope(ex);
        return target(ex, id, scope == null || !scope.isEmpty(), keyed);
    }

    private static long target(final HttpExchange ex, final long id, final boolean visible, final boolean keyed)
    {
        return ServerIds.target(ex, id, visible, keyed, ex.pathParam("orderId"), Ids.ORDER_PREFIX,
            ResultCode.ORDER_NOT_FOUND, "order");
    }

    /** The path's order id, or -1 when the text can be no order of ours; {@link #target} answers that. */
    static long orderId(final HttpExchange ex)
    {
        return Ids.parseOrderId(ex.pathParam("orderId"));
    }
}
