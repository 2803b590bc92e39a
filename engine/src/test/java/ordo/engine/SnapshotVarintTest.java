package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The variable-length integers format 7 writes a decision's candidates in. */
class SnapshotVarintTest
{
    private static long roundTrip(final long value) throws IOException
    {
        final SnapshotBuffer out = new SnapshotBuffer(16);
        OrderSnapshot.writeVarLong(out, OrderSnapshot.zigzag(value));
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(out.toByteArray()));
        final long read = OrderSnapshot.unzigzag(OrderSnapshot.readVarLong(in));
        assertThat(in.available()).as("every byte written is read").isZero();
        return read;
    }

    @Test
    void everyLongComesBackExactly() throws IOException
    {
        for (final long v : new long[]{0, 1, -1, 63, -64, 64, -65, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1})
        {
            assertThat(roundTrip(v)).isEqualTo(v);
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++)
        {
            final long v = random.nextLong() >> random.nextInt(64);
            assertThat(roundTrip(v)).isEqualTo(v);
        }
    }

    @Test
    void smallMagnitudesTakeFewBytes() throws IOException
    {
        final SnapshotBuffer out = new SnapshotBuffer(16);
        OrderSnapshot.writeVarLong(out, OrderSnapshot.zigzag(-1));
        OrderSnapshot.writeVarLong(out, OrderSnapshot.zigzag(63));
        assertThat(out.size()).isEqualTo(2);
        OrderSnapshot.writeVarLong(out, OrderSnapshot.zigzag(Long.MIN_VALUE));
        assertThat(out.size()).isEqualTo(12);
    }

    @Test
    void aCorruptIntegerIsRefusedNotMisread()
    {
        // Eleven bytes each saying "more follows", then an end: longer than 64 bits.
        final byte[] tooLong = {(byte)0x80, (byte)0x80, (byte)0x80, (byte)0x80, (byte)0x80, (byte)0x80, (byte)0x80,
            (byte)0x80, (byte)0x80, (byte)0x80, 0};
        assertThatThrownBy(() -> OrderSnapshot.readVarLong(new DataInputStream(new ByteArrayInputStream(tooLong))))
            .isInstanceOf(IOException.class);
        // A tenth byte with bits past the 64th.
        final byte[] overflow = {(byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF,
            (byte)0xFF, (byte)0xFF, 0x02};
        assertThatThrownBy(() -> OrderSnapshot.readVarLong(new DataInputStream(new ByteArrayInputStream(overflow))))
            .isInstanceOf(IOException.class);
        final byte[] truncated = {(byte)0x80};
        assertThatThrownBy(() -> OrderSnapshot.readVarLong(new DataInputStream(new ByteArrayInputStream(truncated))))
            .isInstanceOf(IOException.class);
    }
}
