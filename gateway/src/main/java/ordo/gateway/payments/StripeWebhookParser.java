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
 *   anything else                             IGNORED     only id and type are read
 * </pre>
 * Unknown fields are ignored: Stripe adds fields to its objects without notice.
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

    @Override
    public PaymentWebhookEvent parse(final byte[] rawBody)
    {
        final JsonNode event = WebhookJson.object(rawBody);
        final String id = WebhookJson.string(event, "id", "id");
        final String type = WebhookJson.string(event, "type", "type");
        final EventShape shape = SHAPES.get(type);
        if (shape == null)
        {
            return PaymentWebhookEvent.ignored(id);
        }
        final JsonNode object = WebhookJson.object(WebhookJson.object(event, "data", "data"), "object", "data.object");
        return new PaymentWebhookEvent(id, shape.kind(),
            WebhookJson.string(object, shape.referenceField(), "data.object." + shape.referenceField()),
            WebhookJson.amount(object, shape.amountField(), "data.object." + shape.amountField()),
            WebhookJson.currency(object, "currency", "data.object.currency"));
    }
}
