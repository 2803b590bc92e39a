package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reservation id texts and the hashing the engine keys everything by. */
class IdsAndHashingTest
{
    @Property(tries = 300)
    void aReservationIdTextRoundTrips(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) final long counter)
    {
        final String text = Ids.formatReservationId(counter);

        assertThat(text).matches("res_[0-9a-f]{16}");
        assertThat(Ids.parseReservationId(text)).isEqualTo(counter);
    }

    @Test
    void serverIdsAreTheirPrefixAndSixteenHexDigitsAsEverWritten()
    {
        // Ids already handed out must keep their text: these are what the first implementation (Long.toHexString,
        // zero-padded) wrote, a leading zero included.
        assertThat(Ids.formatReservationId(1)).isEqualTo("res_269c5f4c384336dc");
        assertThat(Ids.formatReservationId(42)).isEqualTo("res_4897c77cd27f47d3");
        assertThat(Ids.formatReservationId(Long.MAX_VALUE)).isEqualTo("res_1cf4ad40c927d0fa");
        assertThat(Ids.formatOrderId(1)).isEqualTo("ord_5ccd6ec90d1fb34c");
        assertThat(Ids.formatOrderId(42)).isEqualTo("ord_0ca7455979fac983");
    }

    @Property(tries = 300)
    void aReservationIdWrittenAsBytesIsItsText(@ForAll final long counter)
    {
        final byte[] out = new byte[Ids.SERVER_ID_LENGTH + 3];

        Ids.writeReservationId(counter, out, 3);

        assertThat(new String(out, 3, Ids.SERVER_ID_LENGTH, java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo(Ids.formatReservationId(counter));
    }

    @Test
    void smallCountersRoundTripAndLookUnrelated()
    {
        for (long counter = 1; counter <= 1_000; counter++)
        {
            assertThat(Ids.parseReservationId(Ids.formatReservationId(counter))).isEqualTo(counter);
        }
        assertThat(Ids.formatReservationId(1)).isNotEqualTo(Ids.formatReservationId(2));
        assertThat(Ids.formatReservationId(1).substring(4, 12)).isNotEqualTo(Ids.formatReservationId(2).substring(4, 12));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"res_", "res_0123", "res_0123456789abcdef0", "rez_0123456789abcdef", "RES_0123456789abcdef",
        "res_0123456789ABCDEF", "res_0123456789abcdeg", "res_0123456789abcd-f", "res_+123456789abcdef",
        "res_０１２３４５６７８９ａｂｃｄｅｆ", "res_٠١٢٣٤٥٦٧٨٩abcdef", " res_0123456789abcde"})
    void aTextThatIsNotAReservationIdParsesToMinusOne(final String text)
    {
        assertThat(Ids.parseReservationId(text)).isEqualTo(-1);
    }

    @Test
    void theTextsOfCountersZeroAndBelowAreNotReservationIds()
    {
        assertThat(Ids.parseReservationId(Ids.formatReservationId(0))).isEqualTo(-1);
        assertThat(Ids.parseReservationId(Ids.formatReservationId(-1))).isEqualTo(-1);
        assertThat(Ids.parseReservationId(Ids.formatReservationId(Long.MIN_VALUE))).isEqualTo(-1);
    }

    /** Every accepted text is the canonical one: one reservation, one id text (no aliases for caches or logs). */
    @Property(tries = 300)
    void everyAcceptedTextIsTheCanonicalText(@ForAll("hexLookalikes") final String digits)
    {
        final String text = "res_" + digits;
        final long counter = Ids.parseReservationId(text);
        if (counter != -1)
        {
            assertThat(Ids.formatReservationId(counter)).isEqualTo(text);
        }
    }

    /** Mostly lower-case hex, with upper case and Unicode digits that {@code Character.digit} would also take. */
    @Provide
    Arbitrary<String> hexLookalikes()
    {
        return Arbitraries.strings().withChars("0123456789abcdef0123456789abcdefA\uFF10\uFF41\u0663").ofLength(16);
    }

    @Test
    void idsFollowTheApiRules()
    {
        assertThat(Ids.isValid("A-z.0_9:x")).isTrue();
        assertThat(Ids.isValid("x".repeat(64))).isTrue();
        assertThat(Ids.isValid("x".repeat(65))).isFalse();
        assertThat(Ids.isValid("")).isFalse();
        assertThat(Ids.isValid(null)).isFalse();
        assertThat(Ids.isValid("a b")).isFalse();
        assertThat(Ids.isValid("a/b")).isFalse();
        assertThat(Ids.isValid("é")).isFalse();
    }

    @Test
    void hashingBytesAndABufferGivesTheSameHash()
    {
        final Random random = new Random(7);
        for (int length = 0; length <= 40; length++)
        {
            for (int offset = 0; offset < 4; offset++)
            {
                final byte[] bytes = new byte[offset + length + 3];
                random.nextBytes(bytes);
                final byte[] exact = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
                final long expected = Hashing.hash(exact);

                assertThat(Hashing.hash(new UnsafeBuffer(bytes), offset, length))
                    .as("length %d at offset %d", length, offset).isEqualTo(expected);
                assertThat(Hashing.hash(bytes, offset, length)).isEqualTo(expected);
                assertThat(new ByteSlice().wrap(new UnsafeBuffer(bytes), offset, length).hash()).isEqualTo(expected);
                final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length));
                offHeap.putBytes(0, bytes);
                assertThat(new ByteSlice().wrap(offHeap, offset, length).hash()).isEqualTo(expected);
                assertThat(new ByteSlice().wrap(offHeap, offset, length).contentEquals(exact)).isTrue();
                for (int i = 0; i < length; i++)
                {
                    final byte[] differing = exact.clone();
                    differing[i]++;
                    assertThat(new ByteSlice().wrap(offHeap, offset, length).contentEquals(differing)).isFalse();
                    assertThat(new ByteSlice().wrap(new UnsafeBuffer(bytes), offset, length).contentEquals(differing))
                        .isFalse();
                }
            }
        }
    }

    @Test
    void aSliceOutsideItsBufferIsRefusedWhenWrapped()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[8]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ByteSlice().wrap(small, 4, 5))
            .isInstanceOf(IndexOutOfBoundsException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ByteSlice().wrap(small, -1, 2))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(new ByteSlice().wrap(small, 8, 0).length()).isZero();
    }

    @Test
    void aSliceIsAValidIdExactlyWhenItsTextIs()
    {
        final byte[] bytes = new byte[3];
        for (int b = 0; b < 256; b++)
        {
            bytes[0] = 'a';
            bytes[1] = (byte)b;
            bytes[2] = 'z';
            final String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(new ByteSlice().wrap(new UnsafeBuffer(bytes), 0, 3).isValidId()).as("byte %d", b)
                .isEqualTo(Ids.isValid(text));
        }
        assertThat(new ByteSlice().wrap(new UnsafeBuffer(new byte[65]), 0, 0).isValidId()).isFalse();
        assertThat(new ByteSlice().wrap(new UnsafeBuffer("x".repeat(65).getBytes()), 0, 65).isValidId()).isFalse();
        assertThat(new ByteSlice().wrap(new UnsafeBuffer("x".repeat(64).getBytes()), 0, 64).isValidId()).isTrue();
    }

    @Test
    void aSliceIsAValidIdExactlyWhenItsTextIsWhateverTheLengthAndWhereverTheByte()
    {
        // Ids of eight bytes and more are checked a word at a time, the last word overlapping.
        for (int length = 1; length <= 20; length++)
        {
            for (int at = 0; at < length; at++)
            {
                for (int b = 0; b < 256; b++)
                {
                    final byte[] bytes = ("#" + "Az09._:-".repeat(3).substring(0, length) + "#")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    bytes[1 + at] = (byte)b;
                    final String text = new String(bytes, 1, length, java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertThat(new ByteSlice().wrap(new UnsafeBuffer(bytes), 1, length).isValidId())
                        .as("length %d, byte %d at %d", length, b, at).isEqualTo(Ids.isValid(text));
                }
            }
        }
    }

    @Test
    void aShortIdIsJudgedByItsOwnBytesNotByTheOnesAfterIt()
    {
        // Ids under eight bytes are read as one word when the buffer has eight bytes from their start: the bytes
        // after the id, valid id characters or not, must change nothing.
        for (final byte after : new byte[] {'#', 'a', 0})
        {
            for (int length = 1; length < 8; length++)
            {
                for (int at = 0; at < length; at++)
                {
                    for (int b = 0; b < 256; b++)
                    {
                        final byte[] bytes = new byte[32];
                        java.util.Arrays.fill(bytes, after);
                        final byte[] id =
                            "Az09._:".substring(0, length).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                        id[at] = (byte)b;
                        System.arraycopy(id, 0, bytes, 3, length);
                        final ByteSlice slice = new ByteSlice().wrap(new UnsafeBuffer(bytes), 3, length);
                        final String text = new String(id, java.nio.charset.StandardCharsets.ISO_8859_1);
                        assertThat(slice.isValidId()).as("length %d, byte %d at %d", length, b, at)
                            .isEqualTo(Ids.isValid(text));
                        assertThat(slice.word0()).isEqualTo(slice.word(0));
                        assertThat(slice.contentEquals(length, ByteSlice.word(id, 0, length), 0, id)).isTrue();
                        final byte[] other = id.clone();
                        other[at] ^= 1;
                        assertThat(slice.contentEquals(length, ByteSlice.word(other, 0, length), 0, other)).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void aSliceHashesAndComparesAsItsBytesWhetherValidatedFirstOrNot()
    {
        // Lookups hash and compare a slice after validating it (customers) or without (SKUs): the same answers.
        final java.util.Random random = new java.util.Random(7);
        final byte[] alphabet = "ABCxyz0189._:-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int length = 0; length <= Ids.MAX_LENGTH; length++)
        {
            for (int offset = 0; offset < 3; offset++)
            {
                final byte[] id = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    id[i] = alphabet[random.nextInt(alphabet.length)];
                }
                final byte[] bytes = new byte[offset + length + random.nextInt(9)];
                random.nextBytes(bytes);
                System.arraycopy(id, 0, bytes, offset, length);
                final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length));
                offHeap.putBytes(0, bytes);
                for (final UnsafeBuffer buffer : new UnsafeBuffer[] {new UnsafeBuffer(bytes), offHeap})
                {
                    final ByteSlice validated = new ByteSlice().wrap(buffer, offset, length);
                    assertThat(validated.isValidId()).isEqualTo(length > 0);
                    final ByteSlice plain = new ByteSlice().wrap(buffer, offset, length);
                    final String as = "length " + length + " at " + offset;
                    assertThat(validated.tableHash()).as(as).isEqualTo(ByteSlice.tableHash(id, length))
                        .isEqualTo(plain.tableHash());
                    assertThat(validated.word0()).as(as).isEqualTo(ByteSlice.word(id, 0, length));
                    assertThat(validated.word1()).as(as).isEqualTo(ByteSlice.word(id, 8, length));
                    final long word0 = ByteSlice.word(id, 0, length);
                    final long word1 = ByteSlice.word(id, 8, length);
                    assertThat(validated.contentEquals(length, word0, word1, id)).as(as).isTrue();
                    assertThat(plain.contentEquals(length, word0, word1, id)).as(as).isTrue();
                    for (int i = 0; i < length; i++)
                    {
                        final byte[] other = id.clone();
                        other[i] ^= 1;
                        final long otherWord0 = ByteSlice.word(other, 0, length);
                        final long otherWord1 = ByteSlice.word(other, 8, length);
                        assertThat(validated.contentEquals(length, otherWord0, otherWord1, other)).as(as).isFalse();
                        assertThat(validated.tableHash()).as("%s, byte %d", as, i)
                            .isNotEqualTo(ByteSlice.tableHash(other, length));
                    }
                }
            }
        }
    }

    @Test
    void hashesDependOnLengthAndEveryByte()
    {
        assertThat(Hashing.hash(new byte[0])).isNotEqualTo(Hashing.hash(new byte[1]));
        assertThat(Hashing.hash(new byte[8])).isNotEqualTo(Hashing.hash(new byte[9]));
        final byte[] bytes = new byte[20];
        final long base = Hashing.hash(bytes);
        for (int i = 0; i < bytes.length; i++)
        {
            final byte[] flipped = bytes.clone();
            flipped[i] = 1;
            assertThat(Hashing.hash(flipped)).as("byte %d", i).isNotEqualTo(base);
        }
        assertThat(Hashing.combine(Hashing.combine(1, 2), 3)).as("order-sensitive")
            .isNotEqualTo(Hashing.combine(Hashing.combine(1, 3), 2));
    }

    @Test
    void hashingIsPinned()
    {
        // The mixing must never change: state hashes are compared across versions and machines.
        assertThat(Hashing.hashAscii("wh-1")).isEqualTo(Hashing.hash("wh-1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(Hashing.hashText(null)).isEqualTo(Hashing.hash(new byte[0]));
        assertThat(Engine.formatHash(Hashing.hash("ordo".getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
            .isEqualTo(PINNED_ORDO_HASH);
    }

    private static final String PINNED_ORDO_HASH = "d00a1d9446795649";
}
