package ordo.engine;

import java.util.Objects;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A snapshot body of any length, as a run of blocks: the bytes are the blocks' bytes in order, each block used
 * whole but the last, up to {@link #length}. One array would cap a snapshot at 2 GiB (~1.4 million orders sourced
 * over 50 nodes), and a growing one is copied whole each time it doubles; blocks are never copied and a writer can
 * keep them from one snapshot to the next ({@link SnapshotBuffer}). A block is an array or direct memory (the shadow
 * snapshotter's, which the collector never copies). Read with {@link SnapshotReader}; written and read as files by
 * the journal's snapshot store, which reads a body back in arrays of {@link #MAX_BLOCK_BYTES}.
 *
 * <p>It does not copy the blocks it is given: whoever made it keeps them unchanged while it is read.
 */
public final class SnapshotBytes
{
    /**
     * The largest block a writer or reader makes: 16 MiB less room for the array's header, so that under G1 a block
     * fills whole regions (a humongous object takes whole regions) rather than one more for the header's few bytes.
     */
    public static final int MAX_BLOCK_BYTES = (1 << 24) - 64;
    private static final DirectBuffer[] NO_BLOCKS = new DirectBuffer[0];

    private final DirectBuffer[] blocks;
    private final int[] lengths;
    private final long length;

    /**
     * The first {@code length} bytes of {@code blocks}, taken in order.
     *
     * @throws IllegalArgumentException when the blocks hold fewer than {@code length} bytes
     */
    public SnapshotBytes(final DirectBuffer[] blocks, final long length)
    {
        Objects.requireNonNull(blocks, "blocks");
        if (length < 0)
        {
            throw new IllegalArgumentException("length " + length);
        }
        long left = length;
        int used = 0;
        while (left > 0)
        {
            if (used == blocks.length)
            {
                throw new IllegalArgumentException(length + " bytes, but the blocks hold " + (length - left));
            }
            left -= Math.min(left, blocks[used].capacity());
            used++;
        }
        this.blocks = used == 0 ? NO_BLOCKS : java.util.Arrays.copyOf(blocks, used);
        this.lengths = new int[used];
        left = length;
        for (int i = 0; i < used; i++)
        {
            lengths[i] = (int)Math.min(left, this.blocks[i].capacity());
            left -= lengths[i];
        }
        this.length = length;
    }

    /** The first {@code length} bytes of arrays taken in order (not copied). */
    public SnapshotBytes(final byte[][] blocks, final long length)
    {
        this(wrap(blocks), length);
    }

    private static DirectBuffer[] wrap(final byte[][] arrays)
    {
        final DirectBuffer[] wrapped = new DirectBuffer[arrays.length];
        for (int i = 0; i < arrays.length; i++)
        {
            wrapped[i] = new UnsafeBuffer(arrays[i]);
        }
        return wrapped;
    }

    /** The whole of {@code bytes} (not copied). */
    public static SnapshotBytes of(final byte[] bytes)
    {
        return new SnapshotBytes(new DirectBuffer[]{new UnsafeBuffer(bytes)}, bytes.length);
    }

    public long length()
    {
        return length;
    }

    /** How many blocks the bytes are in (none when empty). */
    public int blocks()
    {
        return blocks.length;
    }

    /** Block {@code i}; its first {@link #blockLength} bytes are part of the body. */
    public DirectBuffer block(final int i)
    {
        return blocks[i];
    }

    /** How many bytes of block {@code i} are part of the body: all of them but in the last block. */
    public int blockLength(final int i)
    {
        return lengths[i];
    }

    /**
     * The bytes in one array (tests and small bodies).
     *
     * @throws IllegalStateException when they are more than an array holds
     */
    public byte[] toByteArray()
    {
        if (length > Integer.MAX_VALUE - 8)
        {
            throw new IllegalStateException(length + " bytes do not fit one array");
        }
        final byte[] all = new byte[(int)length];
        int at = 0;
        for (int i = 0; i < blocks.length; i++)
        {
            blocks[i].getBytes(0, all, at, lengths[i]);
            at += lengths[i];
        }
        return all;
    }
}
