package ordo.engine;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayQueue;

/**
 * Idempotency records as engine state, so they are journaled, snapshotted and hold after a restart: a key (hashed
 * with its caller's scope at the edge) maps to the fingerprint of the first request and the compact result tuple
 * the reply is rendered from. Records live in parallel primitive arrays recycled through a free list and expire
 * {@link #RETENTION_MILLIS} after creation (API.md: "kept at least 24 h"), oldest first. Owned by the engine thread.
 */
final class IdempotencyTable
{
    /**
     * The same as the reservations' retention, and it must never be longer: replaying a remembered RESERVE or
     * RELEASE renders the reservation, which must still be there.
     */
    static final long RETENTION_MILLIS = ReservationBook.RETENTION_MILLIS;
    private static final int NONE = -1;

    private final Long2LongHashMap slotByKey = new Long2LongHashMap(NONE);
    private final LongArrayQueue createdOrder = new LongArrayQueue(1024, Long.MIN_VALUE);
    private final LongArrayQueue freeSlots = new LongArrayQueue(64, Long.MIN_VALUE);
    private int used;
    /**
     * When the oldest record expires ({@link Long#MAX_VALUE} when there is none): most commands expire nothing, and
     * then {@link #expireUpTo} is one comparison.
     */
    private long nextExpiryAt = Long.MAX_VALUE;

    private long[] keyHash = new long[1024];
    private long[] fingerprint = new long[1024];
    private long[] createdAt = new long[1024];
    private int[] commandType = new int[1024];
    private int[] resultCode = new int[1024];
    private long[] entityId = new long[1024];
    private long[] a = new long[1024];
    private long[] b = new long[1024];
    private long[] c = new long[1024];
    private long[] d = new long[1024];

    int size()
    {
        return slotByKey.size();
    }

    /** @return the record's slot, or -1. */
    int find(final long key)
    {
        return (int)slotByKey.get(key);
    }

    long fingerprint(final int slot)
    {
        return fingerprint[slot];
    }

    int commandType(final int slot)
    {
        return commandType[slot];
    }

    /** Copies the stored result into the reply, marked as replayed. */
    void replay(final int slot, final Reply reply)
    {
        reply.result(ResultCode.fromCode(resultCode[slot]), entityId[slot], a[slot], b[slot], c[slot], d[slot]);
        reply.replayed(true);
    }

    void store(final long key, final long requestFingerprint, final long nowMillis, final int type, final Reply reply)
    {
        put(key, requestFingerprint, nowMillis, type, reply.code().code(),
            reply.entityId(), reply.a(), reply.b(), reply.c(), reply.d());
    }

    void put(
        final long key, final long requestFingerprint, final long nowMillis, final int type, final int code,
        final long entity, final long va, final long vb, final long vc, final long vd)
    {
        final int slot = freeSlots.isEmpty() ? used++ : (int)freeSlots.pollLong();
        ensureCapacity(slot + 1);
        keyHash[slot] = key;
        fingerprint[slot] = requestFingerprint;
        createdAt[slot] = nowMillis;
        commandType[slot] = type;
        resultCode[slot] = code;
        entityId[slot] = entity;
        a[slot] = va;
        b[slot] = vb;
        c[slot] = vc;
        d[slot] = vd;
        slotByKey.put(key, slot);
        if (createdOrder.isEmpty())
        {
            nextExpiryAt = nowMillis + RETENTION_MILLIS;
        }
        createdOrder.addLong(slot);
    }

    void expireUpTo(final long nowMillis)
    {
        if (nowMillis >= nextExpiryAt)
        {
            expireDue(nowMillis);
        }
    }

    private void expireDue(final long nowMillis)
    {
        while (!createdOrder.isEmpty())
        {
            final int slot = (int)createdOrder.peekLong();
            if (createdAt[slot] + RETENTION_MILLIS > nowMillis)
            {
                nextExpiryAt = createdAt[slot] + RETENTION_MILLIS;
                return;
            }
            createdOrder.pollLong();
            slotByKey.remove(keyHash[slot]);
            freeSlots.addLong(slot);
        }
        nextExpiryAt = Long.MAX_VALUE;
    }

    /** Visits records oldest first: snapshots and state hashes. */
    void forEach(final RecordVisitor visitor)
    {
        final int count = createdOrder.size();
        for (int i = 0; i < count; i++)
        {
            final int slot = (int)createdOrder.pollLong();
            createdOrder.addLong(slot);
            visitor.visit(keyHash[slot], fingerprint[slot], createdAt[slot], commandType[slot], resultCode[slot],
                entityId[slot], a[slot], b[slot], c[slot], d[slot]);
        }
    }

    interface RecordVisitor
    {
        void visit(long key, long fingerprint, long createdAt, int commandType, int resultCode,
            long entityId, long a, long b, long c, long d);
    }

    private void ensureCapacity(final int required)
    {
        if (required <= keyHash.length)
        {
            return;
        }
        final int capacity = Math.max(required, keyHash.length * 2);
        keyHash = Arrays.copyOf(keyHash, capacity);
        fingerprint = Arrays.copyOf(fingerprint, capacity);
        createdAt = Arrays.copyOf(createdAt, capacity);
        commandType = Arrays.copyOf(commandType, capacity);
        resultCode = Arrays.copyOf(resultCode, capacity);
        entityId = Arrays.copyOf(entityId, capacity);
        a = Arrays.copyOf(a, capacity);
        b = Arrays.copyOf(b, capacity);
        c = Arrays.copyOf(c, capacity);
        d = Arrays.copyOf(d, capacity);
    }
}
