package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The snapshot reader reads what DataInputStream over a ByteArrayInputStream reads, EOF included. */
class SnapshotReaderTest
{
    /** Reads with a random sequence of DataInput methods until the end; what each gave, or "EOF". */
    private static List<String> readAll(final long seed, final DataInput in) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<String> seen = new ArrayList<>();
        while (true)
        {
            try
            {
                switch (random.nextInt(13))
                {
                    case 0 -> seen.add("b" + in.readByte());
                    case 1 -> seen.add("u" + in.readUnsignedByte());
                    case 2 -> seen.add("z" + in.readBoolean());
                    case 3 -> seen.add("s" + in.readShort());
                    case 4 -> seen.add("S" + in.readUnsignedShort());
                    case 5 -> seen.add("c" + (int)in.readChar());
                    case 6 -> seen.add("i" + in.readInt());
                    case 7 -> seen.add("l" + in.readLong());
                    case 8 -> seen.add("f" + Float.floatToRawIntBits(in.readFloat()));
                    case 9 -> seen.add("d" + Double.doubleToRawLongBits(in.readDouble()));
                    case 10 ->
                    {
                        final byte[] b = new byte[random.nextInt(40)];
                        in.readFully(b, 0, b.length);
                        seen.add("F" + java.util.Arrays.toString(b));
                    }
                    case 11 -> seen.add("k" + in.skipBytes(random.nextInt(20)));
                    default -> seen.add("v" + OrderSnapshot.readVarLong(in));
                }
            }
            catch (final EOFException e)
            {
                seen.add("EOF");
                return seen;
            }
            catch (final IOException e)
            {
                seen.add("IOException");
                return seen;
            }
        }
    }

    @Test
    void everyReadGivesWhatDataInputStreamGivesUpToTheEnd() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 200; round++)
        {
            final byte[] bytes = new byte[random.nextInt(600)];
            random.nextBytes(bytes);
            final long seed = random.nextLong();

            final List<String> expected = readAll(seed, new DataInputStream(new ByteArrayInputStream(bytes)));
            assertThat(readAll(seed, new SnapshotReader(bytes))).as("round %d", round).isEqualTo(expected);
        }
    }

    /** What {@code bytes}, read in blocks, gives: the same as DataInputStream over {@code whole}. */
    static void assertReadsAsDataInputStream(final long seed, final byte[] whole, final SnapshotBytes bytes)
        throws IOException
    {
        final List<String> expected = readAll(seed, new DataInputStream(new ByteArrayInputStream(whole)));
        assertThat(readAll(seed, new SnapshotReader(bytes))).as("seed %d", seed).isEqualTo(expected);
    }

    /** Random bytes cut into random blocks (empty ones among them): every read still gives DataInputStream's. */
    @Test
    void everyReadGivesWhatDataInputStreamGivesAcrossBlocks() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(12);
        for (int round = 0; round < 300; round++)
        {
            final byte[] whole = new byte[random.nextInt(600)];
            random.nextBytes(whole);
            final List<byte[]> blocks = new ArrayList<>();
            for (int at = 0; at < whole.length; )
            {
                final int n = Math.min(whole.length - at, random.nextInt(random.nextBoolean() ? 4 : 40));
                blocks.add(java.util.Arrays.copyOfRange(whole, at, at + n));
                at += n;
            }
            final SnapshotBytes bytes = new SnapshotBytes(blocks.toArray(new byte[0][]), whole.length);

            assertThat(bytes.toByteArray()).isEqualTo(whole);
            assertReadsAsDataInputStream(random.nextLong(), whole, bytes);
        }
    }

    @Test
    void blocksShorterThanTheLengthAreRefused()
    {
        assertThatThrownBy(() -> new SnapshotBytes(new byte[][]{new byte[3], new byte[4]}, 8))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 bytes, but the blocks hold 7");
        assertThat(new SnapshotBytes(new byte[][]{new byte[3], new byte[4], new byte[9]}, 5).blocks())
            .as("only the blocks the length needs").isEqualTo(2);
    }

    @Test
    void modifiedUtf8ReadsBackAndATruncatedOneIsAnEof() throws IOException
    {
        final SnapshotBuffer out = new SnapshotBuffer(16);
        out.writeUTF("café \u4e2d \ud83d\ude00");
        out.writeInt(42);
        final SnapshotReader in = new SnapshotReader(out.toByteArray());
        assertThat(in.readUTF()).isEqualTo("café \u4e2d \ud83d\ude00");
        assertThat(in.readInt()).isEqualTo(42);
        assertThat(in.remaining()).isZero();

        final byte[] truncated = java.util.Arrays.copyOf(out.toByteArray(), 5);
        assertThatThrownBy(() -> new SnapshotReader(truncated).readUTF()).isInstanceOf(EOFException.class);
    }

    @Test
    void anEngineRestoresFromWhatItWrote()
    {
        final ordo.engine.testing.EngineDriver driver = new ordo.engine.testing.EngineDriver();
        SgNetwork.define(driver);
        SgNetwork.stock(driver, "A", "wh-sg", 10);
        driver.placeOrder("A:2");
        final byte[] snapshot = driver.snapshot();

        final Engine restored = EngineSnapshot.fromBytes(snapshot, EventSink.NONE);

        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(EngineSnapshot.toBytes(restored)).isEqualTo(snapshot);
    }

    /** Blocks of 7 bytes split ids, counters and an order's texts between blocks: the state comes back the same. */
    @Test
    void anEngineRestoresFromBlocksOfAnySize() throws IOException
    {
        final ordo.engine.testing.EngineDriver driver = new ordo.engine.testing.EngineDriver();
        SgNetwork.define(driver);
        SgNetwork.stock(driver, "A", "wh-sg", 10);
        driver.placeOrder("A:2");
        driver.placeOrder("A:3");
        final byte[] snapshot = driver.snapshot();
        final SnapshotBuffer small = new SnapshotBuffer(0, SnapshotBuffer.MAX_BYTES, 7);
        EngineSnapshot.write(EngineSnapshot.fromBytes(snapshot, EventSink.NONE), small);

        assertThat(small.bytes().blocks()).as("7 bytes a block").isGreaterThanOrEqualTo((snapshot.length + 6) / 7);
        assertThat(small.toByteArray()).isEqualTo(snapshot);
        final Engine restored = EngineSnapshot.fromBytes(small.bytes(), EventSink.NONE);
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(EngineSnapshot.formatOf(small.bytes())).isEqualTo(EngineSnapshot.FORMAT_VERSION);
        assertThat(EngineSnapshot.toBytes(restored)).isEqualTo(snapshot);
    }
}
