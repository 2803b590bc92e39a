package ordo.gateway.payments;

/**
 * A provider's answer to one {@link PaymentProvider} call, after any retries.
 *
 * @param outcome        what the adapter acts on
 * @param providerStatus the provider's own word for where things stand: the object's status when the provider
 *                       answered with one ({@code requires_capture}, {@code succeeded}, {@code canceled}, a refund's
 *                       {@code pending}), else its error code ({@code card_declined}), else the condition that ended
 *                       the call ({@code http_503}, {@code timeout}, {@code connection_failed}, {@code interrupted},
 *                       {@code invalid_reference}); for logs and the order's payment view, never parsed
 * @param amountMinor    the amount the provider reported (an intent's {@code amount} on verify, the amount received
 *                       on capture, the refund's amount); the request's when it reported none
 * @param currency       ISO 4217 upper case; as reported, else the request's
 * @param detail         a sentence for people (operators, the order timeline); declines carry the provider's code;
 *                       never a secret
 */
public record ProviderResult(Outcome outcome, String providerStatus, long amountMinor, String currency,
    String detail)
{
    public ProviderResult
    {
        if (outcome == null || providerStatus == null || currency == null || detail == null)
        {
            throw new IllegalArgumentException("outcome, providerStatus, currency and detail are required");
        }
    }

    static ProviderResult of(final Outcome outcome, final String providerStatus, final PaymentRequest request,
        final String detail)
    {
        return new ProviderResult(outcome, providerStatus, request.amountMinor(), request.currency(), detail);
    }

    public boolean succeeded()
    {
        return outcome == Outcome.SUCCEEDED;
    }
}
