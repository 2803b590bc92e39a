package ordo.engine;

/**
 * One entry of the payment outbox: something the payment adapter must do at the provider for an order. The engine
 * never calls a provider; it records the intent, the adapter (outside, in the gateway) performs it with the
 * provider idempotency key {@code ordo_<orderId>_<actionId>} and reports the outcome as a journaled command.
 * Outstanding actions are state, so after a restart the adapter finds them and re-issues them with the same key:
 * at least once on the wire, exactly once in effect. Owned by the engine thread.
 */
final class PaymentAction
{
    long id;
    long orderId;
    Codes.PaymentActionKind kind;
    Codes.PaymentActionStatus status;
    long amountMinor;
    int attempts;
    long createdAt;
    long resolvedAt;
    byte[] detail = Order.EMPTY;

    boolean isOutstanding()
    {
        return status == Codes.PaymentActionStatus.OUTSTANDING;
    }

    long hash()
    {
        long h = Hashing.combine(Hashing.SEED, id);
        h = Hashing.combine(h, orderId);
        h = Hashing.combine(h, kind.code());
        h = Hashing.combine(h, status.code());
        h = Hashing.combine(h, amountMinor);
        h = Hashing.combine(h, attempts);
        h = Hashing.combine(h, createdAt);
        h = Hashing.combine(h, resolvedAt);
        return Hashing.combine(h, Hashing.hash(detail));
    }
}
