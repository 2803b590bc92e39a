package ordo.journal;

/**
 * The 64-bit mix that links journal records into a hash chain.
 *
 * <p>{@link #chain} is exactly xxHash64 (seed 0) of the 20-byte little-endian message
 * {@code [previousChain i64][seq i64][crc u32]}, unrolled for that one shape so it costs a few
 * multiplies and allocates nothing. Using a published function rather than an ad-hoc mix means an
 * outside auditor can recompute the chain with any xxHash64 library; {@code Hash64Test} pins the
 * unrolled form to a general implementation checked against the reference test vectors.
 *
 * <p>The CRC already detects torn and flipped bytes; the chain exists to detect <em>edits</em>: a
 * record changed and its CRC recomputed still breaks the link to the next record's chain.
 */
public final class Hash64 {
    static final long PRIME64_1 = 0x9E3779B185EBCA87L;
    static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
    static final long PRIME64_3 = 0x165667B19E3779F9L;
    static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
    static final long PRIME64_5 = 0x27D4EB2F165667C5L;

    /** Bytes hashed per link: previous chain (8) + seq (8) + crc (4). */
    static final int LINK_LENGTH = 20;

    private Hash64() {
    }

    /** The chain value of a record given the chain of the record before it. */
    public static long chain(final long previousChain, final int crc, final long seq) {
        long h = PRIME64_5 + LINK_LENGTH;
        h = mixLane(h, previousChain);
        h = mixLane(h, seq);
        h ^= (crc & 0xFFFF_FFFFL) * PRIME64_1;
        h = Long.rotateLeft(h, 23) * PRIME64_2 + PRIME64_3;
        return avalanche(h);
    }

    static long mixLane(final long h, final long lane) {
        final long k = Long.rotateLeft(lane * PRIME64_2, 31) * PRIME64_1;
        return Long.rotateLeft(h ^ k, 27) * PRIME64_1 + PRIME64_4;
    }

    static long avalanche(long h) {
        h ^= h >>> 33;
        h *= PRIME64_2;
        h ^= h >>> 29;
        h *= PRIME64_3;
        h ^= h >>> 32;
        return h;
    }
}
