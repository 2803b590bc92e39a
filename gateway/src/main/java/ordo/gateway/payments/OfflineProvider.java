package ordo.gateway.payments;

/**
 * Cash on delivery and pay in store (BOPIS): no provider to call. Money changes hands outside Ordo; a store or admin
 * call (or a signed {@code offline} webhook) records that it did. Every call therefore succeeds at once and only
 * records the step: verify answers {@code offline_pending} (nothing has been paid yet), capture
 * {@code offline_captured}, void {@code offline_voided}, refund {@code offline_refunded}. Stateless and thread-safe.
 */
public final class OfflineProvider implements PaymentProvider
{
    public static final String NAME = "offline";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public ProviderResult verify(final PaymentRequest request)
    {
        return ProviderResult.of(Outcome.SUCCEEDED, "offline_pending", request, "to be paid on delivery or in store");
    }

    @Override
    public ProviderResult capture(final PaymentRequest request)
    {
        return ProviderResult.of(Outcome.SUCCEEDED, "offline_captured", request, "recorded as paid");
    }

    @Override
    public ProviderResult voidAuthorization(final PaymentRequest request)
    {
        return ProviderResult.of(Outcome.SUCCEEDED, "offline_voided", request, "recorded as not to be paid");
    }

    @Override
    public ProviderResult refund(final PaymentRequest request)
    {
        return ProviderResult.of(Outcome.SUCCEEDED, "offline_refunded", request, "recorded as refunded");
    }
}
