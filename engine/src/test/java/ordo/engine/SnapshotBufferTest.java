package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The snapshot buffer writes exactly what DataOutputStream over a ByteArrayOutputStream writes. */
class SnapshotBufferTest
{
    /** The same random writes (every DataOutput method, edge values among them) to any DataOutput. */
    private static void randomWrites(final long seed, final int count, final DataOutput out) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] edges = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x80, 0xFF,
            0x8000, 0xFFFF};
        for (int i = 0; i < count; i++)
        {
            final long v = random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
            switch (random.nextInt(14))
            {
                case 0 -> out.write((int)v);
                case 1 -> out.writeByte((int)v);
                case 2 -> out.writeBoolean((v & 1) != 0);
                case 3 -> out.writeShort((int)v);
                case 4 -> out.writeChar((int)v);
                case 5 -> out.writeInt((int)v);
                case 6 -> out.writeLong(v);
                case 7 -> out.writeFloat(Float.intBitsToFloat((int)v));
                case 8 -> out.writeDouble(Double.longBitsToDouble(v));
                case 9 ->
                {
                    final byte[] bytes = new byte[random.nextInt(300)];
                    random.nextBytes(bytes);
                    final int off = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
                    out.write(bytes, off, random.nextInt(bytes.length - off + 1));
                }
                case 10 -> out.write(new byte[]{(byte)v, (byte)(v >> 8)});
                case 11 -> out.writeBytes("bytes é " + v);
                case 12 -> out.writeChars("chars \u00e9\u4e2d " + v);
                default -> out.writeUTF("utf \u0000 \u00e9 \u4e2d \ud83d\ude00 " + v);
            }
        }
    }

    @Test
    void everyWriteGivesTheBytesDataOutputStreamGivesAcrossGrowth() throws IOException
    {
        for (final int initial : new int[]{0, 1, 7, 1 << 16})
        {
            for (long seed = 1; seed <= 20; seed++)
            {
                final ByteArrayOutputStream expected = new ByteArrayOutputStream();
                randomWrites(seed, 2_000, new DataOutputStream(expected));
                final SnapshotBuffer buffer = new SnapshotBuffer(initial);
                randomWrites(seed, 2_000, buffer);

                assertThat(buffer.size()).isEqualTo(expected.size());
                assertThat(buffer.toByteArray()).as("seed %d, initial capacity %d", seed, initial)
                    .isEqualTo(expected.toByteArray());
            }
        }
    }

    /**
     * Blocks of 1 to 13 bytes split every kind of value between blocks (a long over up to eight of them): the bytes
     * are still DataOutputStream's, and the reader reads back what DataInputStream reads from them.
     */
    @Test
    void valuesSplitBetweenBlocksAreWrittenAndReadWhole() throws IOException
    {
        for (int blockBytes = 1; blockBytes <= 13; blockBytes++)
        {
            for (long seed = 1; seed <= 6; seed++)
            {
                final ByteArrayOutputStream expected = new ByteArrayOutputStream();
                randomWrites(seed, 400, new DataOutputStream(expected));
                final boolean offHeap = seed % 2 == 0;
                final SnapshotBuffer buffer = new SnapshotBuffer(blockBytes == 1 ? 0 : 3, SnapshotBuffer.MAX_BYTES,
                    blockBytes, offHeap);
                randomWrites(seed, 400, buffer);

                final SnapshotBytes bytes = buffer.bytes();
                assertThat(bytes.length()).isEqualTo(expected.size());
                assertThat(bytes.blocks()).as("blocks of %d", blockBytes)
                    .isGreaterThanOrEqualTo(expected.size() / blockBytes);
                for (int b = 0; b < bytes.blocks() - 1; b++)
                {
                    assertThat(bytes.blockLength(b)).as("every block but the last is used whole")
                        .isEqualTo(bytes.block(b).capacity()).isLessThanOrEqualTo(blockBytes);
                    assertThat(bytes.block(b).byteArray() == null).as("off the heap").isEqualTo(offHeap);
                }
                assertThat(bytes.toByteArray()).as("seed %d, blocks of %d", seed, blockBytes)
                    .isEqualTo(expected.toByteArray());
                SnapshotReaderTest.assertReadsAsDataInputStream(seed, expected.toByteArray(), bytes);
            }
        }
    }

    @Test
    void resetStartsOverInTheSameBlocks() throws IOException
    {
        final SnapshotBuffer buffer = new SnapshotBuffer(64);
        randomWrites(3, 500, buffer);
        final SnapshotBytes grown = buffer.bytes();
        final long capacity = buffer.capacity();
        buffer.reset();
        buffer.writeLong(0x0102030405060708L);

        assertThat(buffer.size()).isEqualTo(8);
        assertThat(buffer.bytes().block(0)).isSameAs(grown.block(0));
        assertThat(buffer.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        randomWrites(3, 500, buffer);
        assertThat(buffer.capacity()).as("the same writes again need no new block").isEqualTo(capacity);
    }

    /**
     * Past its first block a buffer adds blocks as large as everything before them (so a large state takes few), up
     * to the largest block; the initial capacity is made at once.
     */
    @Test
    void blocksDoubleUpToTheLargestBlock() throws IOException
    {
        final SnapshotBuffer buffer = new SnapshotBuffer(0, SnapshotBuffer.MAX_BYTES, 40_000);
        buffer.write(new byte[100_000]);
        final SnapshotBytes bytes = buffer.bytes();
        final int[] lengths = new int[bytes.blocks()];
        for (int b = 0; b < lengths.length; b++)
        {
            lengths[b] = bytes.block(b).capacity();
        }
        assertThat(lengths).containsExactly(4096, 4096, 8192, 16_384, 32_768, 40_000);
        assertThat(bytes.blockLength(5)).isEqualTo(100_000 - 65_536);

        final SnapshotBuffer made = new SnapshotBuffer(100_000, SnapshotBuffer.MAX_BYTES, 40_000);
        assertThat(made.capacity()).isEqualTo(100_000);
        assertThat(made.size()).isZero();
    }

    @Test
    void aChunkIsReportedEveryChunkOfBytes() throws IOException
    {
        final int[] chunks = new int[1];
        final SnapshotBuffer buffer = new SnapshotBuffer(0)
        {
            @Override
            protected void chunkWritten()
            {
                chunks[0]++;
            }
        };
        final int longs = 3 * SnapshotBuffer.CHUNK_BYTES / Long.BYTES;
        for (int i = 0; i < longs; i++)
        {
            buffer.writeLong(i);
        }
        assertThat(chunks[0]).isEqualTo(3);
        buffer.write(new byte[SnapshotBuffer.CHUNK_BYTES - 1]);
        assertThat(chunks[0]).isEqualTo(3);
        buffer.writeByte(0);
        assertThat(chunks[0]).isEqualTo(4);
    }

    @Test
    void aSnapshotPastTheLimitIsRefusedBeforeAnyOfItIsWritten() throws IOException
    {
        final SnapshotBuffer buffer = new SnapshotBuffer(4, 20);
        buffer.writeLong(1);
        buffer.writeLong(2);
        assertThatThrownBy(() -> buffer.writeLong(3)).isInstanceOf(SnapshotTooLargeException.class)
            .hasMessageContaining("20 bytes");
        assertThatThrownBy(() -> buffer.write(new byte[5])).isInstanceOf(SnapshotTooLargeException.class);
        assertThat(buffer.size()).isEqualTo(16);
        buffer.writeInt(4);
        assertThat(buffer.size()).as("exactly the limit fits").isEqualTo(20);
        assertThat(buffer.capacity()).as("no block past the limit").isEqualTo(20);
        assertThatThrownBy(() -> buffer.write(0)).isInstanceOf(SnapshotTooLargeException.class);
    }

    /** A block memory has no room for refuses the snapshot by name; the blocks made so far stay for a retry. */
    @Test
    void aHeapWithNoRoomForTheNextBlockRefusesTheSnapshot() throws IOException
    {
        final boolean[] full = {false};
        final SnapshotBuffer buffer = new SnapshotBuffer(16, SnapshotBuffer.MAX_BYTES, 16)
        {
            @Override
            org.agrona.concurrent.UnsafeBuffer newBlock(final int length)
            {
                if (full[0])
                {
                    throw new OutOfMemoryError("Direct buffer memory");
                }
                return super.newBlock(length);
            }
        };
        buffer.write(new byte[30]);
        full[0] = true;
        assertThatThrownBy(() -> buffer.writeLong(7)).isInstanceOf(SnapshotTooLargeException.class)
            .hasMessageContaining("no memory for the state's snapshot past 32 bytes")
            .hasMessageContaining("Direct buffer memory")
            .hasCauseInstanceOf(OutOfMemoryError.class);

        buffer.reset();
        buffer.write(new byte[32]);
        assertThat(buffer.size()).as("the blocks made before are written again").isEqualTo(32);
        full[0] = false;
        buffer.writeLong(0x0102030405060708L);
        assertThat(buffer.bytes().blocks()).isEqualTo(3);
        assertThat(java.util.Arrays.copyOfRange(buffer.toByteArray(), 32, 40)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    /** After a refusal for want of memory, release gives back every block but the initial capacity's. */
    @Test
    void releaseKeepsOnlyTheInitialBlocks() throws IOException
    {
        final boolean[] full = {false};
        final SnapshotBuffer buffer = new SnapshotBuffer(16, SnapshotBuffer.MAX_BYTES, 16, true)
        {
            @Override
            org.agrona.concurrent.UnsafeBuffer newBlock(final int length)
            {
                if (full[0])
                {
                    throw new OutOfMemoryError("Cannot reserve " + length + " bytes of direct buffer memory");
                }
                return super.newBlock(length);
            }
        };
        buffer.write(new byte[60]);
        full[0] = true;
        assertThatThrownBy(() -> buffer.write(new byte[20])).isInstanceOf(SnapshotTooLargeException.class);
        assertThat(buffer.capacity()).as("the refused snapshot's blocks").isEqualTo(64);

        buffer.release();
        assertThat(buffer.capacity()).as("only the initial capacity kept").isEqualTo(16);
        assertThat(buffer.size()).isZero();
        full[0] = false;
        randomWrites(4, 200, buffer);
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        randomWrites(4, 200, new DataOutputStream(expected));
        assertThat(buffer.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void aStringTooLongForModifiedUtf8FailsAsItDoesInDataOutputStream()
    {
        final String tooLong = "é".repeat(40_000);
        final SnapshotBuffer buffer = new SnapshotBuffer(16);
        assertThatThrownBy(() -> buffer.writeUTF(tooLong)).isInstanceOf(UTFDataFormatException.class);
        assertThat(buffer.size()).isZero();
    }
}
