package ordo.engine;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayQueue;

/**
 * Idempotency records as engine state, so they are journaled, snapshotted and hold after a restart: a key (hashed
 * with its caller's scope at the edge) maps to the fingerprint of the first request and the compact result tuple
 * the reply is rendered from. Records live in parallel primitive arrays recycled through a free list and expire
 * {@link #RETENTION_MILLIS} after creation (API.md: "kept at least 24 h"), oldest first. Owned by the engine thread.
 *
 * <p>A replay must answer the first response (API.md), so a record whose view could not be rendered again from the
 * tuple (an order, a definition: they change later) also keeps a copy of the first reply's view bytes; see
 * {@link #keepsView}. Records of the other commands keep none and allocate nothing.
 */
final class IdempotencyTable
{
    /**
     * The same as the reservations' retention, and it must never be longer: replaying a remembered RESERVE or
     * RELEASE renders the reservation, which must still be there.
     */
    static final long RETENTION_MILLIS = ReservationBook.RETENTION_MILLIS;
    private static final int NONE = -1;
    private static final byte[] EMPTY_VIEW = new byte[0];

    private Long2LongHashMap slotByKey = new Long2LongHashMap(NONE);
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
    /** The first reply's view bytes for records that keep one ({@link #keepsView}), else null; null once freed. */
    private byte[][] view = new byte[1024][];

    /**
     * Whether a record of this command keeps the first reply's view bytes. Not for the reservation and stock-cell
     * commands: their view is rendered from the tuple and the reservation's fields that never change (RESERVE
     * answers HELD, RELEASE answers RELEASED at its end time), so the record stays small and the flash-sale reserve
     * path copies nothing. Every other command answers a view of state that later commands change (an order, a
     * definition, the policy or rules), which the tuple cannot render as it was.
     */
    static boolean keepsView(final CommandType type)
    {
        return type != CommandType.RESERVE && type != CommandType.RELEASE_RESERVATION &&
            type != CommandType.SET_INVENTORY && type != CommandType.ADJUST_INVENTORY;
    }

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

    /**
     * Copies the stored result into the reply, marked as replayed, and the first reply's view bytes when the record
     * keeps them ({@link #keepsView}).
     *
     * @return whether the view was answered from the record; if not, the caller renders it from the tuple
     */
    boolean replay(final int slot, final Reply reply)
    {
        reply.result(ResultCode.fromCode(resultCode[slot]), entityId[slot], a[slot], b[slot], c[slot], d[slot]);
        reply.replayed(true);
        final byte[] bytes = view[slot];
        if (bytes == null)
        {
            return false;
        }
        System.arraycopy(bytes, 0, reply.dataArray(bytes.length), 0, bytes.length);
        reply.dataLength(bytes.length);
        return true;
    }

    /** Remembers a reply: its result tuple, and a copy of its view bytes when {@code type} {@link #keepsView}. */
    void store(final long key, final long requestFingerprint, final long nowMillis, final CommandType type,
        final Reply reply)
    {
        final int slot = put(key, requestFingerprint, nowMillis, type.code(), reply.code().code(),
            reply.entityId(), reply.a(), reply.b(), reply.c(), reply.d());
        if (keepsView(type))
        {
            final int length = reply.dataLength();
            view[slot] = length == 0 ? EMPTY_VIEW : Arrays.copyOf(reply.data().byteArray(), length);
        }
    }

    /** Restores a record's view (snapshots); {@code bytes} null for a record without one. */
    void view(final int slot, final byte[] bytes)
    {
        view[slot] = bytes != null && bytes.length == 0 ? EMPTY_VIEW : bytes;
    }

    /**
     * Room for {@code records} more records before a table grows: a restore, which knows how many it is about to add
     * (grown by doubling, each table copied every record again).
     */
    void roomFor(final int records)
    {
        final long total = (long)used + records;
        if (total > keyHash.length)
        {
            ensureCapacity((int)Math.min(Integer.MAX_VALUE - 8, total));
        }
        slotByKey = Hashing.withRoomFor(slotByKey, total);
    }

    /** @return the record's slot. */
    int put(
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
        return slot;
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
            view[slot] = null;
            freeSlots.addLong(slot);
        }
        nextExpiryAt = Long.MAX_VALUE;
    }

    /** Visits records oldest first: snapshots and state hashes. */
    void forEach(final RecordVisitor visitor)
    {
        final int count = createdOrder.size();
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                final int slot = (int)createdOrder.pollLong();
                createdOrder.addLong(slot);
                visitor.visit(keyHash[slot], fingerprint[slot], createdAt[slot], commandType[slot], resultCode[slot],
                    entityId[slot], a[slot], b[slot], c[slot], d[slot], view[slot]);
            }
        }
        finally
        {
            // A visitor that threw (a snapshot refused as too large) must not leave the queue rotated: expiry takes
            // its head as the oldest record.
            for (i++; i < count; i++)
            {
                createdOrder.addLong(createdOrder.pollLong());
            }
        }
    }

    interface RecordVisitor
    {
        /** @param view the first reply's view bytes, null for a record without one; not to be changed. */
        void visit(long key, long fingerprint, long createdAt, int commandType, int resultCode,
            long entityId, long a, long b, long c, long d, byte[] view);
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
        view = Arrays.copyOf(view, capacity);
    }
}
