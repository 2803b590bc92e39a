package ordo.engine.testing;

import java.util.Random;
import java.util.function.IntPredicate;
import ordo.engine.Hashing;

/**
 * Bytes that {@link Hashing#hash(byte[])} hashes to a chosen value: the hash is a multiply-xorshift mix whose every
 * step can be undone, so the last word that makes it come out follows from the ones before it. Tests of what a
 * collision does (an id refused, a key not taken over) make theirs here, as QA-262 made them by hand.
 */
public final class HashCollisions
{
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;

    private HashCollisions()
    {
    }

    /**
     * Bytes beginning with {@code prefix} whose hash is {@code target}, every byte after the prefix one {@code allowed}
     * takes: random ones, then the last word the hash needs, kept when {@code allowed} takes its bytes too.
     */
    public static byte[] hashingTo(final long target, final byte[] prefix, final IntPredicate allowed)
    {
        final int length = ((prefix.length + 16 + 7) / 8) * 8 + 8;
        // The hash ends mix(combine(h, 0)) (no tail: a whole number of words): undo both mixes and the last combine.
        final long lastState = (unmix(unmix(target)) - P2) * inverse(P1);
        final long need = unmix(lastState);
        final int[] alphabet = java.util.stream.IntStream.range(0x21, 0x7f).filter(allowed).toArray();
        final Random random = new Random(1);
        final byte[] bytes = new byte[length];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        for (int tries = 0; tries < 50_000_000; tries++)
        {
            for (int i = prefix.length; i < length - 8; i++)
            {
                bytes[i] = (byte)alphabet[random.nextInt(alphabet.length)];
            }
            long h = SEED ^ (length * P1);
            for (int i = 0; i < length - 8; i += 8)
            {
                h = Hashing.combine(h, word(bytes, i));
            }
            final long last = need - h * P1 - P2;
            boolean taken = true;
            for (int b = 0; b < 8; b++)
            {
                final int c = (int)(last >>> (8 * b)) & 0xFF;
                taken &= allowed.test(c);
                bytes[length - 8 + b] = (byte)c;
            }
            if (taken)
            {
                return bytes;
            }
        }
        throw new AssertionError("no bytes found");
    }

    private static long word(final byte[] bytes, final int at)
    {
        long w = 0;
        for (int b = 7; b >= 0; b--)
        {
            w = (w << 8) | (bytes[at + b] & 0xFFL);
        }
        return w;
    }

    private static long unmix(final long value)
    {
        long h = value ^ (value >>> 33);
        h *= inverse(0xC4CEB9FE1A85EC53L);
        h ^= h >>> 33;
        h *= inverse(0xFF51AFD7ED558CCDL);
        return h ^ (h >>> 33);
    }

    /** The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration). */
    private static long inverse(final long odd)
    {
        long x = odd;
        for (int i = 0; i < 6; i++)
        {
            x *= 2 - odd * x;
        }
        return x;
    }
}
