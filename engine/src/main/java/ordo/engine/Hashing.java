package ordo.engine;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * 64-bit hashing used for compact keys (ids, idempotency keys, request fingerprints) and for the state hash.
 *
 * <p>Ids are strings at the edge and 64-bit hashes inside the engine: the gateway encodes the id's ASCII bytes
 * into the command, the engine hashes those bytes (no String, no garbage) and finds the entity in a primitive
 * map keyed by the hash, then compares the bytes with the entity's stored id, so a collision can never
 * silently alias two ids: defining a second id with the same hash is rejected with {@code ID_HASH_COLLISION}.
 * The mixing is a 64-bit variant of the murmur3/xxHash finalisers; it must never change, because hashes of
 * state are compared across versions and machines.
 */
public final class Hashing
{
    public static final long SEED = 0x9E3779B97F4A7C15L;
    static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;

    private Hashing()
    {
    }

    public static long mix(final long value)
    {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** Combine an accumulated hash with one more value (order-sensitive). */
    public static long combine(final long hash, final long value)
    {
        return mix(hash * P1 + value + P2);
    }

    public static long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        long h = SEED ^ (length * P1);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = combine(h, buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN));
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8)
        {
            tail |= (buffer.getByte(offset + i) & 0xFFL) << shift;
        }
        return mix(combine(h, tail));
    }

    public static long hash(final byte[] bytes, final int offset, final int length)
    {
        long h = SEED ^ (length * P1);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            long word = 0;
            for (int b = 7; b >= 0; b--)
            {
                word = (word << 8) | (bytes[offset + i + b] & 0xFFL);
            }
            h = combine(h, word);
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8)
        {
            tail |= (bytes[offset + i] & 0xFFL) << shift;
        }
        return mix(combine(h, tail));
    }

    /**
     * {@link #hash(byte[], int, int)} of {@code length} (at most 16) bytes given as two little-endian words that are
     * zero past the end: the same value, computed without the bytes.
     */
    static long hashInlineWords(final int length, final long word0, final long word1)
    {
        long h = SEED ^ (length * P1);
        if (length < 8)
        {
            return mix(combine(h, word0));
        }
        h = combine(h, word0);
        if (length < 16)
        {
            return mix(combine(h, word1));
        }
        return mix(combine(combine(h, word1), 0));
    }

    /**
     * A proposed capacity for an Agrona hash table that holds {@code entries} below its load factor (0.65), so that it
     * is not rehashed before it has that many: how the engine presizes its tables ({@code preallocateOrders}).
     */
    static int tableCapacity(final long entries)
    {
        return (int)Math.min(1 << 30, (long)(entries / org.agrona.collections.Hashing.DEFAULT_LOAD_FACTOR) + 1);
    }

    /** Whether an Agrona hash table of {@code capacity} takes {@code entries} without a rehash. */
    /**
     * {@code map}, or a copy of it (the same entries, the same missing value) sized for {@code entries} keys without a
     * rehash: how the engine presizes a table it is about to fill (preallocation, a restore).
     */
    static org.agrona.collections.Long2LongHashMap withRoomFor(final org.agrona.collections.Long2LongHashMap map,
        final long entries)
    {
        if (tableHolds(map.capacity(), entries))
        {
            return map;
        }
        final org.agrona.collections.Long2LongHashMap larger = new org.agrona.collections.Long2LongHashMap(
            tableCapacity(entries), org.agrona.collections.Hashing.DEFAULT_LOAD_FACTOR, map.missingValue());
        larger.putAll(map);
        return larger;
    }

    static boolean tableHolds(final int capacity, final long entries)
    {
        return capacity * (double)org.agrona.collections.Hashing.DEFAULT_LOAD_FACTOR >= entries;
    }

    /** {@link #hash(byte[], int, int)} of {@code length} bytes of memory at {@code address}: the same value. */
    static long hashMemory(final long address, final int length)
    {
        long h = SEED ^ (length * P1);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            long word = org.agrona.UnsafeApi.getLong(address + i);
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN)
            {
                word = Long.reverseBytes(word);
            }
            h = combine(h, word);
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8)
        {
            tail |= (org.agrona.UnsafeApi.getByte(address + i) & 0xFFL) << shift;
        }
        return mix(combine(h, tail));
    }

    public static long hash(final byte[] bytes)
    {
        return hash(bytes, 0, bytes.length);
    }

    /** Free text as UTF-8; null hashes like the empty string. Allocates: state hashing only. */
    public static long hashText(final String text)
    {
        return hash(text == null ? new byte[0] : text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static long hashAscii(final CharSequence text)
    {
        final byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)text.charAt(i);
        }
        return hash(bytes);
    }
}
