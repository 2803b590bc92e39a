package ordo.engine;

import java.util.ArrayList;
import java.util.List;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The payment outbox (every {@link PaymentAction}, and which are outstanding), the provider
 * webhook events already applied (by provider + event id, compared by bytes: a duplicate has no second effect), and
 * the index from provider + payment reference to the order it pays for. Owned by the engine thread.
 */
final class PaymentBook
{
    private final List<PaymentAction> actions = new ArrayList<>();
    /**
     * The outstanding actions' indexes: what the payment adapter asks for is found a word of 64 actions at a time. A
     * low-water mark walked every action resolved since the oldest outstanding one, so one action left outstanding (a
     * capture in error awaiting its retry) made every later scan, one per card order, as slow as the actions since
     * (20 000: 0.5 ms; found in an audit); a sorted list of them shifted on every resolve, quadratic in a backlog
     * drained oldest first (review). Derived: rebuilt on restore, not hashed.
     */
    private final java.util.BitSet outstandingAt = new java.util.BitSet();
    private int outstanding;
    private final Long2ObjectHashMap<byte[]> seenEvents = new Long2ObjectHashMap<>();
    private final List<byte[]> seenEventOrder = new ArrayList<>();
    private final Long2ObjectHashMap<Order> byReference = new Long2ObjectHashMap<>();

    PaymentAction add(final long orderId, final Codes.PaymentActionKind kind, final long amountMinor, final long now)
    {
        final PaymentAction action = new PaymentAction();
        action.id = actions.size() + 1;
        action.orderId = orderId;
        action.kind = kind;
        action.status = Codes.PaymentActionStatus.OUTSTANDING;
        action.amountMinor = amountMinor;
        action.createdAt = now;
        actions.add(action);
        outstandingAt.set(actions.size() - 1);
        outstanding++;
        return action;
    }

    PaymentAction get(final long id)
    {
        return id >= 1 && id <= actions.size() ? actions.get((int)(id - 1)) : null;
    }

    int size()
    {
        return actions.size();
    }

    int outstanding()
    {
        return outstanding;
    }

    void resolve(final PaymentAction action, final Codes.PaymentActionStatus status, final long now, final byte[] detail)
    {
        if (action.isOutstanding())
        {
            outstandingAt.clear((int)(action.id - 1));
            outstanding--;
        }
        action.status = status;
        action.resolvedAt = now;
        action.detail = detail;
    }

    void reopen(final PaymentAction action)
    {
        if (!action.isOutstanding())
        {
            outstandingAt.set((int)(action.id - 1));
            outstanding++;
        }
        action.status = Codes.PaymentActionStatus.OUTSTANDING;
        action.resolvedAt = 0;
    }

    /** The first outstanding action with an id above {@code afterId}, or null. */
    PaymentAction nextOutstanding(final long afterId)
    {
        // Index afterId is id afterId + 1: the first index at or above it.
        if (afterId >= actions.size())
        {
            return null;
        }
        final int at = outstandingAt.nextSetBit((int)Math.max(afterId, 0));
        return at < 0 ? null : actions.get(at);
    }

    // ------------------------------------------------------------------------------------------------ webhooks

    static long eventKey(final ByteSlice provider, final ByteSlice eventId)
    {
        return Hashing.combine(provider.hash(), eventId.hash());
    }

    /** What a provider event is to the book: never seen, applied before, or a different id with the same key. */
    enum EventState
    {
        NEW, SEEN, COLLISION
    }

    /** One lookup: a 64-bit key match is told apart from the same event by its bytes. */
    EventState eventState(final ByteSlice provider, final ByteSlice eventId)
    {
        final byte[] stored = seenEvents.get(eventKey(provider, eventId));
        if (stored == null)
        {
            return EventState.NEW;
        }
        return java.util.Arrays.equals(stored, eventBytes(provider, eventId)) ? EventState.SEEN : EventState.COLLISION;
    }

    /** Records an event {@link #eventState} called NEW. */
    void markSeen(final ByteSlice provider, final ByteSlice eventId)
    {
        final byte[] id = eventBytes(provider, eventId);
        seenEvents.put(eventKey(provider, eventId), id);
        seenEventOrder.add(id);
    }

    private static byte[] eventBytes(final ByteSlice provider, final ByteSlice eventId)
    {
        final byte[] id = new byte[provider.length() + 1 + eventId.length()];
        final byte[] p = provider.toBytes();
        final byte[] e = eventId.toBytes();
        System.arraycopy(p, 0, id, 0, p.length);
        id[p.length] = '\n';
        System.arraycopy(e, 0, id, p.length + 1, e.length);
        return id;
    }

    List<byte[]> seenEventsInOrder()
    {
        return seenEventOrder;
    }

    void restoreSeen(final byte[] providerNewlineEventId)
    {
        final int nl = indexOf(providerNewlineEventId);
        final long key = Hashing.combine(Hashing.hash(providerNewlineEventId, 0, nl),
            Hashing.hash(providerNewlineEventId, nl + 1, providerNewlineEventId.length - nl - 1));
        seenEvents.put(key, providerNewlineEventId);
        seenEventOrder.add(providerNewlineEventId);
    }

    private static int indexOf(final byte[] bytes)
    {
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] == '\n')
            {
                return i;
            }
        }
        throw new IllegalArgumentException("not a provider event id");
    }

    // ------------------------------------------------------------------------------------------------ references

    void indexReference(final Order order)
    {
        if (order.textLength(Order.PAYMENT_REFERENCE) > 0)
        {
            byReference.put(Hashing.combine(Hashing.hash(order.paymentProvider),
                order.textHash(Order.PAYMENT_REFERENCE)), order);
        }
    }

    /** The order paid by this provider reference (compared by bytes), or null. */
    Order byReference(final ByteSlice provider, final ByteSlice reference)
    {
        final Order order = byReference.get(Hashing.combine(provider.hash(), reference.hash()));
        return order != null && provider.contentEquals(order.paymentProvider) &&
            order.textEquals(Order.PAYMENT_REFERENCE, reference) ? order : null;
    }

    // ------------------------------------------------------------------------------------------------ restore

    PaymentAction restoreNext()
    {
        final PaymentAction action = new PaymentAction();
        action.id = actions.size() + 1;
        actions.add(action);
        return action;
    }

    /** After restoring actions: find the outstanding ones again. */
    void restoreCounts()
    {
        outstanding = 0;
        outstandingAt.clear();
        for (int i = 0; i < actions.size(); i++)
        {
            if (actions.get(i).isOutstanding())
            {
                outstandingAt.set(i);
                outstanding++;
            }
        }
    }

    long hash()
    {
        long h = Hashing.combine(Hashing.SEED, actions.size());
        for (final PaymentAction action : actions)
        {
            h = Hashing.combine(h, action.hash());
        }
        for (final byte[] event : seenEventOrder)
        {
            h = Hashing.combine(h, Hashing.hash(event));
        }
        return h;
    }
}
