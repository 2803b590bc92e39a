package ordo.gateway.payments;

import java.util.regex.Pattern;

/**
 * One call to a provider, as the payment adapter builds it from the order.
 *
 * @param reference      the provider's id of the authorisation ({@code pi_…} for Stripe); may be null for offline
 *                       payments, which have none. At most 255 printable ASCII characters
 * @param amountMinor    the amount in minor units, at least 0
 * @param currency       ISO 4217, upper case ({@code EUR})
 * @param idempotencyKey sent as the provider's idempotency key on every attempt of this call; the same key for every
 *                       retry, also after a restart. 1–255 printable ASCII characters
 * @param orderId        the order this payment belongs to; for logs
 */
public record PaymentRequest(String reference, long amountMinor, String currency, String idempotencyKey,
    String orderId)
{
    /** Stripe's limit on idempotency keys, which also suits the payment references of the orders API. */
    public static final int MAX_KEY_CHARS = 255;

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]{1," + MAX_KEY_CHARS + "}");

    public PaymentRequest
    {
        if (reference != null && !PRINTABLE.matcher(reference).matches())
        {
            throw new IllegalArgumentException("reference must be 1-255 printable ASCII characters");
        }
        if (amountMinor < 0)
        {
            throw new IllegalArgumentException("amountMinor must not be negative, got " + amountMinor);
        }
        if (currency == null || !CURRENCY.matcher(currency).matches())
        {
            throw new IllegalArgumentException("currency must be three upper-case letters, got " + currency);
        }
        if (idempotencyKey == null || !PRINTABLE.matcher(idempotencyKey).matches())
        {
            throw new IllegalArgumentException("idempotencyKey must be 1-255 printable ASCII characters");
        }
        if (orderId == null || orderId.isBlank())
        {
            throw new IllegalArgumentException("orderId is required");
        }
    }
}
