package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class Hash64Test {
    /** Plain xxHash64 over any input (seed 0), written from the specification for this test. */
    static long xxHash64(final byte[] in) {
        final ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
        final int length = in.length;
        int i = 0;
        long h;
        if (length >= 32) {
            long v1 = Hash64.PRIME64_1 + Hash64.PRIME64_2;
            long v2 = Hash64.PRIME64_2;
            long v3 = 0;
            long v4 = -Hash64.PRIME64_1;
            for (; i <= length - 32; i += 32) {
                v1 = round(v1, b.getLong(i));
                v2 = round(v2, b.getLong(i + 8));
                v3 = round(v3, b.getLong(i + 16));
                v4 = round(v4, b.getLong(i + 24));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = Hash64.PRIME64_5;
        }
        h += length;
        for (; i + 8 <= length; i += 8) {
            h ^= round(0, b.getLong(i));
            h = Long.rotateLeft(h, 27) * Hash64.PRIME64_1 + Hash64.PRIME64_4;
        }
        if (i + 4 <= length) {
            h ^= (b.getInt(i) & 0xFFFF_FFFFL) * Hash64.PRIME64_1;
            h = Long.rotateLeft(h, 23) * Hash64.PRIME64_2 + Hash64.PRIME64_3;
            i += 4;
        }
        for (; i < length; i++) {
            h ^= (in[i] & 0xFF) * Hash64.PRIME64_5;
            h = Long.rotateLeft(h, 11) * Hash64.PRIME64_1;
        }
        return Hash64.avalanche(h);
    }

    private static long round(final long acc, final long lane) {
        return Long.rotateLeft(acc + lane * Hash64.PRIME64_2, 31) * Hash64.PRIME64_1;
    }

    private static long merge(final long acc, final long v) {
        return (acc ^ round(0, v)) * Hash64.PRIME64_1 + Hash64.PRIME64_4;
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void referenceImplementationMatchesPublishedXxHash64Vectors() {
        assertThat(xxHash64(new byte[0])).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(xxHash64(ascii("a"))).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(xxHash64(ascii("abc"))).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(xxHash64(ascii("Nobody inspects the spammish repetition"))).isEqualTo(0xFBCEA83C8A378BF1L);
    }

    @Test
    void chainIsXxHash64OfPreviousChainSeqAndCrcLittleEndian() {
        final SplittableRandom random = new SplittableRandom(20_240_601);
        for (int i = 0; i < 10_000; i++) {
            final long previous = random.nextLong();
            final long seq = i < 100 ? i : random.nextLong();
            final int crc = random.nextInt();
            final byte[] link = ByteBuffer.allocate(Hash64.LINK_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(previous).putLong(seq).putInt(crc).array();
            assertThat(Hash64.chain(previous, crc, seq)).isEqualTo(xxHash64(link));
        }
    }

    @Test
    void chainDependsOnEveryInput() {
        final long chain = Hash64.chain(JournalRecord.GENESIS_CHAIN, 42, 1);
        assertThat(Hash64.chain(JournalRecord.GENESIS_CHAIN + 1, 42, 1)).isNotEqualTo(chain);
        assertThat(Hash64.chain(JournalRecord.GENESIS_CHAIN, 43, 1)).isNotEqualTo(chain);
        assertThat(Hash64.chain(JournalRecord.GENESIS_CHAIN, 42, 2)).isNotEqualTo(chain);
    }
}
