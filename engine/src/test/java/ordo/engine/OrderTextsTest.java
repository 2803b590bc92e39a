package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * An order's free texts, kept in one record off the heap ({@link Order#texts}, {@link Order#putText}): every way
 * they are read gives back exactly the bytes put, fields left out are empty, and a text put out of order or past
 * the record's room is refused before anything is written.
 */
class OrderTextsTest
{
    private static Order order()
    {
        return new Order(new OrderTimeline(new Catalog()));
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteSlice slice(final byte[] bytes)
    {
        return new ByteSlice().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /** Puts {@code texts[f]} for every non-null one, in field order, into a record sized for them. */
    private static Order withTexts(final byte[][] texts)
    {
        final Order o = order();
        int total = 0;
        for (final byte[] text : texts)
        {
            total += text == null ? 0 : text.length;
        }
        o.texts(total);
        for (int f = 0; f < Order.TEXT_COUNT; f++)
        {
            if (texts[f] != null)
            {
                if (f % 2 == 0)
                {
                    o.putText(f, texts[f]);
                }
                else
                {
                    o.putText(f, slice(texts[f]));
                }
            }
        }
        return o;
    }

    /** Every read of every field against the bytes put (null: left out, so empty). */
    private static void assertReadsBack(final Order o, final byte[][] texts) throws IOException
    {
        int total = 0;
        for (int f = 0; f < Order.TEXT_COUNT; f++)
        {
            final byte[] expected = texts[f] == null ? new byte[0] : texts[f];
            total += expected.length;
            assertThat(o.textLength(f)).as("length of %d", f).isEqualTo(expected.length);
            assertThat(o.textBytes(f)).as("bytes of %d", f).isEqualTo(expected);
            assertThat(o.textHash(f)).as("hash of %d", f).isEqualTo(Hashing.hash(expected));
            assertThat(o.textEquals(f, slice(expected))).as("equals %d", f).isTrue();
            final ByteSlice read = o.text(f, new ByteSlice());
            assertThat(read.length()).isEqualTo(expected.length);
            assertThat(read.hash()).isEqualTo(Hashing.hash(expected));
            assertThat(read.contentEquals(expected)).isTrue();
            final byte[] copy = new byte[expected.length];
            read.copyTo(copy);
            assertThat(copy).isEqualTo(expected);
            if (expected.length > 0)
            {
                final byte[] longer = Arrays.copyOf(expected, expected.length + 1);
                assertThat(o.textEquals(f, slice(longer))).isFalse();
                final byte[] changed = expected.clone();
                changed[changed.length - 1] ^= 1;
                assertThat(o.textEquals(f, slice(changed))).isFalse();
                assertThat(o.textEquals(f, slice(new byte[0]))).isFalse();
            }

            // Into an array at an offset, leaving the bytes around it alone.
            final byte[] into = new byte[expected.length + 6];
            Arrays.fill(into, (byte)'#');
            assertThat(o.copyText(f, into, 3)).isEqualTo(expected.length);
            assertThat(Arrays.copyOfRange(into, 3, 3 + expected.length)).isEqualTo(expected);
            assertThat(into[0]).isEqualTo((byte)'#');
            assertThat(into[into.length - 1]).isEqualTo((byte)'#');

            // Into an expandable buffer past its capacity: it grows, as putBytes would make it.
            final ExpandableArrayBuffer grows = new ExpandableArrayBuffer(4);
            assertThat(o.copyText(f, grows, 10)).isEqualTo(expected.length);
            if (expected.length > 0)
            {
                assertThat(grows.capacity()).isGreaterThanOrEqualTo(10 + expected.length);
                final byte[] back = new byte[expected.length];
                grows.getBytes(10, back);
                assertThat(back).isEqualTo(expected);
            }

            // A snapshot's bytes: the same through the snapshot buffer's memory copy and through any DataOutput.
            final SnapshotBuffer snapshot = new SnapshotBuffer(16);
            o.writeText(f, snapshot);
            final ByteArrayOutputStream stream = new ByteArrayOutputStream();
            o.writeText(f, new DataOutputStream(stream));
            final ByteArrayOutputStream blob = new ByteArrayOutputStream();
            final DataOutputStream expectedBlob = new DataOutputStream(blob);
            expectedBlob.writeInt(expected.length);
            expectedBlob.write(expected);
            assertThat(snapshot.toByteArray()).isEqualTo(blob.toByteArray());
            assertThat(stream.toByteArray()).isEqualTo(blob.toByteArray());
        }
        assertThat(o.textsLength()).isEqualTo(total);
    }

    @Test
    void everyTextReadsBackAsPutAndFieldsLeftOutAreEmpty() throws IOException
    {
        final byte[][] texts = new byte[Order.TEXT_COUNT][];
        texts[Order.EXTERNAL_ID] = bytes("shopee-88812");
        texts[Order.EMAIL] = bytes("Someone@Example.com");
        texts[Order.SHIP_NAME] = bytes("Zoë Tan");
        texts[Order.LINE1] = bytes("1 Orchard Road, #12-34, a line long enough for the copy of more than 64 bytes");
        texts[Order.POSTAL_CODE] = bytes("238801");
        texts[Order.PAYMENT_FINGERPRINT] = bytes("fp_abc");
        assertReadsBack(withTexts(texts), texts);
    }

    @Test
    void randomTextsOfEveryLengthReadBackExactly() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 200; round++)
        {
            final byte[][] texts = new byte[Order.TEXT_COUNT][];
            for (int f = 0; f < Order.TEXT_COUNT; f++)
            {
                if (random.nextInt(4) == 0)
                {
                    continue; // left out
                }
                final int length = random.nextInt(10) == 0 ? random.nextInt(300) : random.nextInt(24);
                texts[f] = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    texts[f][i] = (byte)random.nextInt(256);
                }
            }
            assertReadsBack(withTexts(texts), texts);
        }
    }

    @Test
    void allTextsAtOnceAsASnapshotRestoresThem() throws IOException
    {
        final byte[][] texts = new byte[Order.TEXT_COUNT][];
        texts[Order.CUSTOMER] = bytes("c-1");
        texts[Order.CITY] = bytes("Johor Bahru");
        texts[Order.PAYMENT_REFERENCE] = new byte[0];
        final Order o = order();
        o.texts(texts);
        assertReadsBack(o, texts);
        assertThatThrownBy(() -> order().texts(new byte[Order.TEXT_COUNT - 1][]))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theLongestTextFitsAndOneByteMoreIsRefused() throws IOException
    {
        final byte[] longest = new byte[Order.MAX_TEXT_BYTES];
        Arrays.fill(longest, (byte)'x');
        final byte[][] texts = new byte[Order.TEXT_COUNT][];
        texts[Order.LINE1] = longest;
        assertReadsBack(withTexts(texts), texts);

        final Order o = order();
        o.texts(Order.MAX_TEXT_BYTES + 1);
        assertThatThrownBy(() -> o.putText(Order.LINE1, new byte[Order.MAX_TEXT_BYTES + 1]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(o.textLength(Order.LINE1)).isZero();
    }

    @Test
    void anOrderWithoutARecordHasEmptyTexts() throws IOException
    {
        assertReadsBack(order(), new byte[Order.TEXT_COUNT][]);
    }

    @Test
    void textsOutOfOrderTwiceOrPastTheRoomAreRefusedAndChangeNothing()
    {
        final Order noRecord = order();
        assertThatThrownBy(() -> noRecord.putText(Order.EMAIL, bytes("a@b.c")))
            .isInstanceOf(IllegalStateException.class);

        final Order o = order();
        o.texts(8);
        assertThatThrownBy(() -> o.texts(8)).isInstanceOf(IllegalStateException.class);
        o.putText(Order.EMAIL, bytes("a@b.c"));
        assertThatThrownBy(() -> o.putText(Order.CUSTOMER, bytes("c"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> o.putText(Order.EMAIL, bytes("x"))).isInstanceOf(IllegalStateException.class);
        // Three bytes of room left: four are refused, and the refused put leaves the field empty.
        assertThatThrownBy(() -> o.putText(Order.CITY, bytes("Ipoh"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(o.textLength(Order.CITY)).isZero();
        o.putText(Order.POSTAL_CODE, bytes("123"));
        assertThat(o.textBytes(Order.EMAIL)).isEqualTo(bytes("a@b.c"));
        assertThat(o.textBytes(Order.POSTAL_CODE)).isEqualTo(bytes("123"));
        assertThat(o.textLength(Order.CITY)).isZero();
        assertThat(o.textsLength()).isEqualTo(8);
        assertThatThrownBy(() -> o.textLength(Order.TEXT_COUNT)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> o.texts(-1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> order().texts(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryHashAndSliceComparisonsAgreeWithTheArrayOnes()
    {
        final SplittableRandom random = new SplittableRandom(5);
        final OrderTimeline memory = new OrderTimeline(new Catalog());
        for (int round = 0; round < 500; round++)
        {
            final byte[] bytes = new byte[random.nextInt(100)];
            for (int i = 0; i < bytes.length; i++)
            {
                bytes[i] = (byte)random.nextInt(256);
            }
            // At an odd address too: words are read unaligned.
            final int skew = random.nextInt(8);
            final long at = memory.allocate(bytes.length + skew) + skew;
            ByteSlice.copy(bytes, org.agrona.UnsafeApi.arrayBaseOffset(byte[].class), null, at, bytes.length);
            assertThat(Hashing.hashMemory(at, bytes.length)).isEqualTo(Hashing.hash(bytes));
            final ByteSlice inMemory = new ByteSlice().wrapMemory(at, bytes.length);
            assertThat(inMemory.contentEquals(slice(bytes))).isTrue();
            assertThat(slice(bytes).contentEquals(inMemory)).isTrue();
            assertThat(slice(bytes).contentEqualsMemory(at, bytes.length)).isTrue();
            assertThat(inMemory.toBytes()).isEqualTo(bytes);
            if (bytes.length > 0)
            {
                final byte[] other = bytes.clone();
                other[random.nextInt(other.length)] ^= (byte)(1 + random.nextInt(255));
                assertThat(inMemory.contentEquals(slice(other))).isFalse();
                assertThat(slice(other).contentEqualsMemory(at, bytes.length)).isFalse();
                assertThat(slice(bytes).contentEqualsMemory(at, bytes.length - 1)).isFalse();
            }
        }
    }
}
