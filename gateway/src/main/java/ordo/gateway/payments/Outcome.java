package ordo.gateway.payments;

/**
 * What a provider call came to, as the payment adapter acts on it. Only {@link #ERROR} invites a retry, and a retry
 * is always made with the same idempotency key, so that the provider applies the call at most once.
 */
public enum Outcome
{
    /** The provider did it (or had already done it: a replayed or lost answer). */
    SUCCEEDED,
    /** A definitive no from the provider: a card error, another 4xx, a canceled intent. Retrying will not help. */
    DECLINED,
    /**
     * The provider's object is not what the order expects: on verify, another amount or currency, or a status other
     * than {@code requires_capture}; on capture, an intent already captured for another amount.
     */
    MISMATCH,
    /**
     * No definitive answer: 5xx, timeouts, dropped connections once the bounded retries are spent, or a provider
     * that refused our own credentials. Retrying later with the same idempotency key is safe.
     */
    ERROR
}
