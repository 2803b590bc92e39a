package ordo.gateway.api;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.gateway.auth.Role;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.ProblemCode;
import ordo.gateway.http.Router;
import ordo.gateway.payments.MalformedWebhookException;
import ordo.gateway.payments.PaymentProviders;
import ordo.gateway.payments.PaymentWebhookEvent;
import ordo.gateway.payments.ProviderWebhook;
import ordo.gateway.payments.WebhookSignature;

/**
 * Payments as operators and providers drive them. The engine decides and records; the payment adapter talks to the
 * providers. Here:
 * <ul>
 *   <li>{@code POST /v1/orders/{orderId}/capture} (admin): capture what is still open of an authorized card payment;
 *   {@code /payment/mark-paid} (admin, store for its channels and for the pickups at its locations, rules version
 *   16): an offline payment was received;
 *   {@code /payment/retry} (admin): re-open the payment actions that ended in an error or a mismatch.</li>
 *   <li>{@code GET /v1/payments/actions} (admin, auditor): the outstanding outbox, with each action's idempotency
 *   key.</li>
 *   <li>{@code POST /v1/webhooks/payments/{provider}}: no API key — the provider signs the raw body
 *   ({@code Ordo-Signature}) with a secret configured for it. A verified event becomes a journaled PAYMENT_EVENT,
 *   which the engine applies once per provider event id, so a replayed delivery has no second effect.</li>
 * </ul>
 */
final class PaymentRoutes
{
    private static final String STRIPE_SIGNATURE_HEADER = "Stripe-Signature";
    private static final Set<String> NO_FIELDS = Set.of();
    private static final Set<String> MARK_PAID_FIELDS = Set.of("note");
    private static final Set<String> SETTLE_FIELDS = Set.of("amount", "note");
    private static final Set<String> MONEY_FIELDS = Set.of("amountMinor", "currency");
    private static final Set<String> LIST_PARAMS = Set.of("after", "limit");

    private final CommandBridge bridge;
    private final PaymentProviders providers;

    PaymentRoutes(final CommandBridge bridge, final PaymentProviders providers)
    {
        this.bridge = bridge;
        this.providers = providers;
    }

    void register(final Router router)
    {
        final EnumSet<Role> admin = EnumSet.of(Role.ADMIN);
        router.route("POST", "/v1/orders/{orderId}/capture", "capturePayment", admin,
            BadRequest.guard(ex -> orderCommand(ex, CommandType.CAPTURE_PAYMENT)));
        router.route("POST", "/v1/orders/{orderId}/payment/retry", "retryPayment", admin,
            BadRequest.guard(ex -> orderCommand(ex, CommandType.RETRY_PAYMENT)));
        router.route("POST", "/v1/orders/{orderId}/payment/mark-paid", "markPaymentPaid",
            EnumSet.of(Role.ADMIN, Role.STORE), BadRequest.guard(this::markPaid));
        router.route("POST", "/v1/orders/{orderId}/payment/refund-settled", "settleRefund", admin,
            BadRequest.guard(this::settleRefund));
        router.route("GET", "/v1/payments/actions", "listPaymentActions", EnumSet.of(Role.ADMIN, Role.AUDITOR),
            LIST_PARAMS, BadRequest.guard(this::actions));
        // Public as far as API keys go: the signature over the body is the authentication (checked first thing).
        router.route("POST", "/v1/webhooks/payments/{provider}", "receivePaymentWebhook", null, Router.ANY_QUERY,
            BadRequest.guard(this::webhook));
    }

    /** CAPTURE_PAYMENT or RETRY_PAYMENT: the order is the whole request (an empty body or {@code {}}). */
    private void orderCommand(final HttpExchange ex, final CommandType type)
    {
        final long id = OrderRoutes.orderId(ex);
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        optionalBody(ex, NO_FIELDS);
        final long target = OrderRoutes.target(ex, id, envelope.inFlightKey() != null);
        if (target < 0)
        {
            return;
        }
        bridge.submit(ex, envelope, type, new Requests.OrderCommand(envelope.keyHash(), envelope.fingerprint(),
            target, OrderRoutes.scope(ex)), Requests.OrderCommand::encode, 200, OrderViews.forCaller(ex));
    }

    private void markPaid(final HttpExchange ex)
    {
        final long id = OrderRoutes.orderId(ex);
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final JsonBody body = optionalBody(ex, MARK_PAID_FIELDS);
        final String note = body == null ? null : body.optionalText("note", FraudRoutes.MAX_NOTE_CHARS);
        final OrderRoutes.Acting acting = OrderRoutes.actingFor(ex, id, envelope.inFlightKey() != null);
        if (acting == null)
        {
            return;
        }
        bridge.submit(ex, envelope, CommandType.MARK_PAID, new Requests.MarkPaid(envelope.keyHash(),
            envelope.fingerprint(), acting.id(), acting.channels(), acting.pickups(), note), Requests.MarkPaid::encode,
            200, OrderViews.forCaller(ex));
    }

    /**
     * Records money a failed refund left owed as paid back outside Ordo (a bank transfer, cash at the store): the
     * amount is required, at most what is owed ({@code REFUND_NOT_OWED} otherwise), in the order's currency.
     */
    private void settleRefund(final HttpExchange ex)
    {
        final long id = OrderRoutes.orderId(ex);
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final JsonBody body = JsonBody.parse(ex.bodyBytes()).allowOnly(SETTLE_FIELDS);
        final JsonBody amount = body.object("amount").allowOnly(MONEY_FIELDS);
        final long amountMinor = amount.integer("amountMinor", 1, OrderFormReader.MAX_PAYMENT_MINOR);
        final String currency = OrderFormReader.currency(amount);
        final String note = body.optionalText("note", FraudRoutes.MAX_NOTE_CHARS);
        final long target = OrderRoutes.target(ex, id, envelope.inFlightKey() != null);
        if (target < 0)
        {
            return;
        }
        bridge.submit(ex, envelope, CommandType.SETTLE_REFUND, new Requests.SettleRefund(envelope.keyHash(),
            envelope.fingerprint(), target, OrderRoutes.scope(ex), amountMinor, currency, note),
            Requests.SettleRefund::encode, 200, OrderViews::order);
    }

    /** No body is the same as {@code {}}; a body must be a JSON object with only {@code fields}. */
    private static JsonBody optionalBody(final HttpExchange ex, final Set<String> fields)
    {
        return JsonBody.optional(ex.bodyBytes(), fields);
    }

    private void actions(final HttpExchange ex)
    {
        QueryParams.once(ex);
        final long after = QueryParams.number(ex, "after", 0, Long.MAX_VALUE, 0);
        final int limit = QueryParams.limit(ex);
        bridge.query(ex, CommandType.QUERY_PAYMENT_ACTIONS, new Requests.PaymentActions(after, limit),
            Requests.PaymentActions::encode, PaymentViews::actions);
    }

    private void webhook(final HttpExchange ex)
    {
        final String provider = ex.pathParam("provider");
        final Optional<ProviderWebhook> endpoint = providers.webhook(provider);
        if (endpoint.isEmpty())
        {
            ex.respondProblem(ProblemCode.NOT_FOUND.problem("no payment provider '" + provider +
                "' takes webhooks here: it is unknown or has no webhook secrets configured"));
            return;
        }
        final byte[] body = ex.bodyBytes();
        // Ordo-Signature (API.md); Stripe signs the same t=…,v1=… format as Stripe-Signature, so a Stripe endpoint
        // can post here directly with its signing secret configured.
        final String signature = ex.header(WebhookSignature.HEADER) != null ? ex.header(WebhookSignature.HEADER) :
            ex.header(STRIPE_SIGNATURE_HEADER);
        final WebhookSignature.Result verified = endpoint.get().signature().verify(signature, body);
        if (verified != WebhookSignature.Result.VALID)
        {
            ex.respondProblem(ProblemCode.UNAUTHORIZED.problem(signatureDetail(verified))
                .with("signature", verified.name())
                .header("WWW-Authenticate", WebhookSignature.HEADER));
            return;
        }
        final PaymentWebhookEvent event;
        try
        {
            event = endpoint.get().parser().parse(body);
        }
        catch (final MalformedWebhookException e)
        {
            throw new BadRequest(ProblemCode.INVALID_REQUEST.problem(e.getMessage()).with("field", e.field()));
        }
        if (event.kind() == PaymentWebhookEvent.Kind.IGNORED)
        {
            ex.respond(200, PaymentViews.received(false, 0));
            return;
        }
        bridge.submit(ex, CommandBridge.Envelope.NONE, CommandType.PAYMENT_EVENT, new Requests.PaymentEvent(provider,
            event.eventId(), Codes.PaymentEventKind.valueOf(event.kind().name()), event.reference(),
            event.amountMinor(), event.currency()), Requests.PaymentEvent::encode, 200,
            PaymentViews::webhookReceived);
    }

    private static String signatureDetail(final WebhookSignature.Result result)
    {
        return switch (result)
        {
            case MALFORMED -> "send '" + WebhookSignature.HEADER + ": t=<unix seconds>,v1=<hex HMAC-SHA256 of " +
                "\"t.body\">' signed with this provider's webhook secret";
            case BAD_SIGNATURE -> "the " + WebhookSignature.HEADER + " header does not match the body under any " +
                "webhook secret configured for this provider";
            case STALE -> "the signed time is too far from the server's clock (a replay, or clock skew)";
            case VALID -> "valid";
        };
    }
}
