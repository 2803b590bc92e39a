package ordo.gateway.payments;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads events from store or back-office systems for {@code offline} payments (cash on delivery, pay in store),
 * posted to {@code /v1/webhooks/payments/offline} and signed like every payment webhook:
 * <pre>
 *   {"id": "pos-7-000123",              the sender's unique event id (dedupe key), 1-64 of A-Z a-z 0-9 . _ : -
 *    "type": "captured",                authorized | captured | failed | canceled | refunded
 *    "reference": "pos-2024-000123",   the payment reference the order was placed with (orders placed without one
 *                                       are settled with POST /v1/orders/{id}/payment/mark-paid instead)
 *    "amount": {"amountMinor": 1999, "currency": "EUR"}}
 * </pre>
 * Ordo defines this format, so it is read strictly: unknown fields and types are refused, a currency is an ISO 4217
 * code ({@link IsoCodes}) in upper case.
 * For {@code refunded} the amount is the total refunded so far, as with Stripe.
 */
public final class OfflineWebhookParser implements WebhookParser
{
    private static final Set<String> FIELDS = Set.of("id", "type", "reference", "amount");
    private static final Set<String> AMOUNT_FIELDS = Set.of("amountMinor", "currency");

    @Override
    public PaymentWebhookEvent parse(final byte[] rawBody)
    {
        final JsonNode event = WebhookJson.object(rawBody);
        allowOnly(event, FIELDS, "");
        final String id = WebhookJson.id(event, "id", "id");
        final PaymentWebhookEvent.Kind kind = kind(WebhookJson.string(event, "type", "type"));
        final String reference = WebhookJson.id(event, "reference", "reference");
        final JsonNode amount = WebhookJson.object(event, "amount", "amount");
        allowOnly(amount, AMOUNT_FIELDS, "amount.");
        final long amountMinor = WebhookJson.amount(amount, "amountMinor", "amount.amountMinor");
        final String currency = WebhookJson.currency(amount, "currency", "amount.currency");
        if (!currency.equals(amount.path("currency").textValue()))
        {
            throw new MalformedWebhookException("amount.currency", "must be upper case (ISO 4217)");
        }
        return new PaymentWebhookEvent(id, kind, reference, amountMinor, currency);
    }

    private static PaymentWebhookEvent.Kind kind(final String type)
    {
        switch (type)
        {
            case "authorized":
                return PaymentWebhookEvent.Kind.AUTHORIZED;
            case "captured":
                return PaymentWebhookEvent.Kind.CAPTURED;
            case "failed":
                return PaymentWebhookEvent.Kind.FAILED;
            case "canceled":
                return PaymentWebhookEvent.Kind.CANCELED;
            case "refunded":
                return PaymentWebhookEvent.Kind.REFUNDED;
            default:
                throw new MalformedWebhookException("type", "must be one of authorized, captured, failed, canceled, refunded");
        }
    }

    private static void allowOnly(final JsonNode object, final Set<String> fields, final String path)
    {
        for (final Iterator<String> names = object.fieldNames(); names.hasNext(); )
        {
            final String name = names.next();
            if (!fields.contains(name))
            {
                throw new MalformedWebhookException(path + name, "unknown field");
            }
        }
    }
}
