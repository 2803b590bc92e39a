package ordo.gateway.payments;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads Stripe events: {@code {"id": "evt_…", "type": "…", "data": {"object": {…}}}}.
 *
 * <pre>
 *   payment_intent.amount_capturable_updated  AUTHORIZED  object: PaymentIntent, amount_capturable
 *   payment_intent.succeeded                  CAPTURED    object: PaymentIntent, amount_received
 *   payment_intent.payment_failed             FAILED      object: PaymentIntent, amount
 *   payment_intent.canceled                   CANCELED    object: PaymentIntent, amount
 *   charge.refunded                           REFUNDED    object: Charge, payment_intent, amount_refunded (total)
 *   refund.failed, refund.updated,            REFUND_FAILED  object: Refund, id, payment_intent, amount; status
 *   charge.refund.updated                                    failed or canceled (any other status: IGNORED)
 *   anything else                             IGNORED     only id and type are read
 * </pre>
 * Unknown fields are ignored: Stripe adds fields to its objects without notice. A refund that failed or was canceled
 * after Stripe accepted it (pending, requires_action, even succeeded) did not reach the customer. Its end is keyed by
 * the refund's id, not the event's ({@code refund_failed:re_…}): an endpoint subscribed to several of these events
 * hears of it more than once, and it counts once. A refund of a charge made without a PaymentIntent (none of Ordo's)
 * is ignored.
 */
public final class StripeWebhookParser implements WebhookParser
{
    /** What one event type means: the payment state it reports, and which of its object's fields carry what. */
    private record EventShape(PaymentWebhookEvent.Kind kind, String amountField, String referenceField)
    {
    }

    private static final Map<String, EventShape> SHAPES = Map.of(
        "payment_intent.amount_capturable_updated",
        new EventShape(PaymentWebhookEvent.Kind.AUTHORIZED, "amount_capturable", "id"),
        "payment_intent.succeeded", new EventShape(PaymentWebhookEvent.Kind.CAPTURED, "amount_received", "id"),
        "payment_intent.payment_failed", new EventShape(PaymentWebhookEvent.Kind.FAILED, "amount", "id"),
        "payment_intent.canceled", new EventShape(PaymentWebhookEvent.Kind.CANCELED, "amount", "id"),
        "charge.refunded", new EventShape(PaymentWebhookEvent.Kind.REFUNDED, "amount_refunded", "payment_intent"));

    /** The prefix of a refund failure's dedupe key, before the refund's id. */
    static final String REFUND_FAILED_KEY = "refund_failed:";

    @Override
    public PaymentWebhookEvent parse(final byte[] rawBody)
    {
        final JsonNode event = WebhookJson.object(rawBody);
        final String id = WebhookJson.string(event, "id", "id");
        final String type = WebhookJson.string(event, "type", "type");
        if ("refund.failed".equals(type) || "refund.updated".equals(type) || "charge.refund.updated".equals(type))
        {
            return refundFailure(id, type, event);
        }
        final EventShape shape = SHAPES.get(type);
        if (shape == null)
        {
            return PaymentWebhookEvent.ignored(id);
        }
        final JsonNode object = WebhookJson.object(WebhookJson.object(event, "data", "data"), "object", "data.object");
        return new PaymentWebhookEvent(WebhookJson.checkedId(id, "id"), shape.kind(),
            WebhookJson.id(object, shape.referenceField(), "data.object." + shape.referenceField()),
            WebhookJson.amount(object, shape.amountField(), "data.object." + shape.amountField()),
            WebhookJson.currency(object, "currency", "data.object.currency"));
    }

    private static PaymentWebhookEvent refundFailure(final String id, final String type, final JsonNode event)
    {
        final JsonNode refund = WebhookJson.object(WebhookJson.object(event, "data", "data"), "object", "data.object");
        final String status = WebhookJson.string(refund, "status", "data.object.status");
        final JsonNode intent = refund.path("payment_intent");
        if (!("failed".equals(status) || "canceled".equals(status)) || intent.isMissingNode() || intent.isNull())
        {
            // The updates also report a refund that succeeded or is still pending: nothing to act on. (Acknowledged
            // even for refund.failed: a 400 would have Stripe send it again for days.)
            return PaymentWebhookEvent.ignored(id);
        }
        final String refundId = WebhookJson.string(refund, "id", "data.object.id");
        final String key = REFUND_FAILED_KEY + refundId;
        if (!ordo.engine.Ids.isValid(key))
        {
            throw new MalformedWebhookException("data.object.id", "must be 1 to " +
                (ordo.engine.Ids.MAX_LENGTH - REFUND_FAILED_KEY.length()) + " of A-Z a-z 0-9 . _ : -");
        }
        return new PaymentWebhookEvent(key, PaymentWebhookEvent.Kind.REFUND_FAILED,
            WebhookJson.id(refund, "payment_intent", "data.object.payment_intent"),
            WebhookJson.amount(refund, "amount", "data.object.amount"),
            WebhookJson.currency(refund, "currency", "data.object.currency"));
    }
}
