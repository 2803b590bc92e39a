package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * A hold's customer id is kept as two words (up to 16 bytes) or an array; the snapshot writes it and the state hash
 * hashes it from there without copying. Both must give exactly the bytes and the hash of the id itself, at every
 * length, however the id reached the hold (a command or a snapshot).
 */
class ReservationCustomerTest
{
    @Test
    void writesAndHashesTheIdsOwnBytesAtEveryLength() throws Exception
    {
        final Random random = new Random(20261129);
        for (int length = 1; length <= Ids.MAX_LENGTH; length++)
        {
            for (int round = 0; round < 20; round++)
            {
                final byte[] id = new byte[length];
                random.nextBytes(id);
                final byte[] padded = Arrays.copyOf(id, length + 7);
                padded[length] = 'x';
                final ByteSlice slice = new ByteSlice().wrap(new UnsafeBuffer(padded), 0, length);

                final Reservation fromCommand = new Reservation();
                fromCommand.customer(slice);
                final Reservation fromSnapshot = new Reservation();
                fromSnapshot.customer(padded, length);

                assertIs(fromCommand, id);
                assertIs(fromSnapshot, id);
            }
        }
    }

    /**
     * From a command whose id ends its buffer (a short id is then read byte by byte, not as one word) at an odd
     * offset, into one instance per path reused from the longest id down: nothing of a longer id stays in the words.
     */
    @Test
    void idsEndingTheirBufferIntoReusedInstancesAreThemselves() throws Exception
    {
        final Random random = new Random(20261130);
        final Reservation fromCommand = new Reservation();
        final Reservation fromSnapshot = new Reservation();
        final byte[] longer = new byte[Ids.MAX_LENGTH + 8];
        for (int length = Ids.MAX_LENGTH; length >= 1; length--)
        {
            final byte[] id = new byte[length];
            random.nextBytes(id);
            final byte[] buffer = new byte[3 + length];
            System.arraycopy(id, 0, buffer, 3, length);
            fromCommand.customer(new ByteSlice().wrap(new UnsafeBuffer(buffer), 3, length));
            random.nextBytes(longer);
            System.arraycopy(id, 0, longer, 0, length);
            fromSnapshot.customer(longer, length);

            assertIs(fromCommand, id);
            assertIs(fromSnapshot, id);
        }
    }

    @Test
    void aShorterIdAfterALongerOneInTheSameInstanceIsItself() throws Exception
    {
        final Reservation r = new Reservation();
        final byte[] longId = new byte[40];
        Arrays.fill(longId, (byte)'L');
        r.customer(longId, longId.length);
        final byte[] shortId = "c-7".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        r.customer(shortId, shortId.length);

        assertIs(r, shortId);
    }

    /** The hold hashes and writes exactly {@code id}. */
    private static void assertIs(final Reservation r, final byte[] id) throws java.io.IOException
    {
        assertThat(r.customerHash()).as("length %d", id.length).isEqualTo(Hashing.hash(id));
        final SnapshotBuffer out = new SnapshotBuffer(4);
        r.writeCustomer(out);
        assertThat(out.toByteArray()).as("length %d", id.length).isEqualTo(id);
    }
}
