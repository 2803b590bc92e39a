package ordo.gateway.payments;

/**
 * One payment provider as the payment adapter sees it: four blocking calls on an authorisation the storefront made
 * with the provider beforehand. Implementations are thread-safe and are called from payment worker threads, never
 * from an event loop (a call may take several request timeouts plus back-off pauses).
 *
 * <p>Every call answers a {@link ProviderResult}; none throws for anything the provider or the network does. The
 * adapter owns the idempotency keys: it derives one per order and action, persists it before the first call and
 * uses it for every retry, also after a restart, so that a capture is never made twice.
 */
public interface PaymentProvider
{
    /** The name orders and webhook paths use: {@code stripe}, {@code offline}. */
    String name();

    /**
     * Checks that the authorisation named by {@code request.reference()} exists, is ready to be captured and is for
     * exactly the request's amount and currency.
     */
    ProviderResult verify(PaymentRequest request);

    /** Captures {@code request.amountMinor()} of the authorisation (at most what it holds). */
    ProviderResult capture(PaymentRequest request);

    /** Releases an authorisation that has not been captured. */
    ProviderResult voidAuthorization(PaymentRequest request);

    /** Gives back {@code request.amountMinor()} of a captured payment. */
    ProviderResult refund(PaymentRequest request);
}
