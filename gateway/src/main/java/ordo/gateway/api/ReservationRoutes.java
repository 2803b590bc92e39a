package ordo.gateway.api;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Ids;
import ordo.engine.ResultCode;
import ordo.gateway.auth.Principal;
import ordo.gateway.auth.Role;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.Router;

/**
 * The flash-sale hot path: {@code POST /v1/reservations}, {@code GET|DELETE /v1/reservations/{id}}. A storefront
 * key may only reserve for, see and release reservations of its own channels; others answer 404.
 */
final class ReservationRoutes
{
    static final int MAX_TTL_SECONDS = 7 * 24 * 60 * 60;
    static final int DEFAULT_TTL_SECONDS = 600;
    private static final Set<String> FIELDS = Set.of("channel", "customerId", "lines", "ttlSeconds", "locationId");
    private static final Set<String> LINE_FIELDS = Set.of("sku", "qty");

    private final CommandBridge bridge;
    private final SoldOutRefusals soldOut;
    private final CommandBridge.Answer created;
    private final CommandBridge.Answer found;

    ReservationRoutes(final CommandBridge bridge, final SoldOutRefusals soldOut)
    {
        this.bridge = bridge;
        this.soldOut = soldOut;
        this.created = bridge.answer(201, CommandBridge.RESERVATION);
        this.found = bridge.answer(200, CommandBridge.RESERVATION);
    }

    void register(final Router router)
    {
        router.route("POST", "/v1/reservations", "postReservation", EnumSet.of(Role.ADMIN, Role.STOREFRONT),
            BadRequest.guard(this::reserve));
        router.route("GET", "/v1/reservations/{reservationId}", "getReservation",
            EnumSet.of(Role.ADMIN, Role.STOREFRONT, Role.AUDITOR), BadRequest.guard(this::get));
        router.route("DELETE", "/v1/reservations/{reservationId}", "deleteReservation",
            EnumSet.of(Role.ADMIN, Role.STOREFRONT), BadRequest.guard(this::release));
    }

    private void reserve(final HttpExchange ex)
    {
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final ReserveBodyParser plain = ReserveBodyParser.read(ex.body());
        if (plain != null)
        {
            // Published from where the reader holds it: submit encodes it before it returns, on this thread.
            if (ChannelAccess.permits(ex, plain.channel(), "reserve for") && !soldOut.answer(ex, envelope, plain))
            {
                bridge.submit(ex, envelope, CommandType.RESERVE, plain.envelope(envelope.keyHash(),
                    envelope.fingerprint()), ReserveBodyParser::encode, created);
            }
            return;
        }
        final ReserveBodyParser.Body body = readWithJackson(ex.bodyBytes());
        if (ChannelAccess.permits(ex, body.channel(), "reserve for"))
        {
            final Requests.Reserve request = new Requests.Reserve(envelope.keyHash(), envelope.fingerprint(),
                body.channel(), body.customerId(), body.locationId(), body.ttlSeconds() * 1000, body.lines());
            bridge.submit(ex, envelope, CommandType.RESERVE, request, Requests.Reserve::encode, created);
        }
    }

    /**
     * The body the fast reader did not take: read field by field, so that whatever is wrong is named exactly
     * (it throws {@link BadRequest}); a valid body the fast reader merely did not expect is read here all the same.
     */
    static ReserveBodyParser.Body readWithJackson(final byte[] bytes)
    {
        final JsonBody body = JsonBody.parse(bytes).allowOnly(FIELDS);
        final String channel = body.id("channel");
        final String customer = body.id("customerId");
        final JsonNode lineNodes = body.array("lines", 1, CommandCodec.MAX_LINES);
        final List<Requests.Line> lines = new ArrayList<>(lineNodes.size());
        for (int i = 0; i < lineNodes.size(); i++)
        {
            final JsonBody line = body.element("lines", lineNodes, i).allowOnly(LINE_FIELDS);
            lines.add(new Requests.Line(line.id("sku"), (int)line.integer("qty", 1, 1_000_000)));
        }
        final long ttlSeconds = body.optionalInteger("ttlSeconds", 1, MAX_TTL_SECONDS, DEFAULT_TTL_SECONDS);
        final String location = body.optionalId("locationId");
        return new ReserveBodyParser.Body(channel, customer, lines, ttlSeconds, location);
    }

    private void get(final HttpExchange ex)
    {
        final long id = target(ex, reservationId(ex), false);
        if (id >= 0)
        {
            bridge.query(ex, CommandType.QUERY_RESERVATION, new Requests.ReservationRef(0, 0, id, scope(ex)),
                Requests.ReservationRef::encodeQuery, found);
        }
    }

    private void release(final HttpExchange ex)
    {
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        // The path is the whole request: a body, if any, is {} (QA-235: "{" released the hold).
        JsonBody.optional(ex.bodyBytes(), Set.of());
        final long id = target(ex, reservationId(ex), envelope.inFlightKey() != null);
        if (id >= 0)
        {
            bridge.submit(ex, envelope, CommandType.RELEASE_RESERVATION,
                new Requests.ReservationRef(envelope.keyHash(), envelope.fingerprint(), id, scope(ex)),
                Requests.ReservationRef::encodeRelease, found);
        }
    }

    /** Storefronts see their channels only; every other admitted role sees all. */
    private static Set<String> scope(final HttpExchange ex)
    {
        final Principal principal = ex.principal();
        return principal.role() == Role.STOREFRONT ? principal.channels() : null;
    }

    /**
     * The hold a request is sent for ({@link ServerIds#target}), or -1 once 404 is answered. A storefront key bound to
     * no channel (the configuration refuses one) would see no hold: an empty scope would otherwise mean "all".
     * {@code keyed}: a command with an {@code Idempotency-Key}.
     */
    private static long target(final HttpExchange ex, final long id, final boolean keyed)
    {
        final Set<String> scope = scope(ex);
        return ServerIds.target(ex, id, scope == null || !scope.isEmpty(), keyed, ex.pathParam("reservationId"),
            Ids.RESERVATION_PREFIX, ResultCode.RESERVATION_NOT_FOUND, "reservation");
    }

    /** The path's reservation id, or -1 when the text can be no reservation of ours; {@link #target} answers that. */
    private static long reservationId(final HttpExchange ex)
    {
        return Ids.parseReservationId(ex.pathParam("reservationId"));
    }
}
