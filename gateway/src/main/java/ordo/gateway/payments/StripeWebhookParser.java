package ordo.gateway.payments;

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
    @Override
    public PaymentWebhookEvent parse(final byte[] rawBody)
    {
        final JsonNode event = WebhookJson.object(rawBody);
        final String id = WebhookJson.string(event, "id", "id");
        final String type = WebhookJson.string(event, "type", "type");
        final PaymentWebhookEvent.Kind kind;
        final String amountField;
        final String referenceField;
        switch (type)
        {
            case "payment_intent.amount_capturable_updated":
                kind = PaymentWebhookEvent.Kind.AUTHORIZED;
                amountField = "amount_capturable";
                referenceField = "id";
                break;
            case "payment_intent.succeeded":
                kind = PaymentWebhookEvent.Kind.CAPTURED;
                amountField = "amount_received";
                referenceField = "id";
                break;
            case "payment_intent.payment_failed":
                kind = PaymentWebhookEvent.Kind.FAILED;
                amountField = "amount";
                referenceField = "id";
                break;
            case "payment_intent.canceled":
                kind = PaymentWebhookEvent.Kind.CANCELED;
                amountField = "amount";
                referenceField = "id";
                break;
            case "charge.refunded":
                kind = PaymentWebhookEvent.Kind.REFUNDED;
                amountField = "amount_refunded";
                referenceField = "payment_intent";
                break;
            default:
                return PaymentWebhookEvent.ignored(id);
        }
        final JsonNode object = WebhookJson.object(WebhookJson.object(event, "data", "data"), "object", "data.object");
        return new PaymentWebhookEvent(id, kind,
            WebhookJson.string(object, referenceField, "data.object." + referenceField),
            WebhookJson.amount(object, amountField, "data.object." + amountField),
            WebhookJson.currency(object, "currency", "data.object.currency"));
    }
}
