package ordo.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where a snapshot is serialised: the bytes {@link DataOutputStream} over a {@link ByteArrayOutputStream} would
 * write, exactly (big-endian, modified UTF-8), without their costs. Those two lock the stream for every call, and
 * {@code DataOutputStream.writeInt} makes four calls of it: 29 % of the engine thread's samples in a profile of a
 * server writing its shutdown snapshot went to that locking, and the shadow snapshotter serialises the whole state
 * (60–230 MB in a benchmark run, ~1.5 GB at a million orders) at every periodic snapshot the same way.
 *
 * <p>The bytes go into blocks ({@link SnapshotBytes}), each made once and kept by {@link #reset}: the first of the
 * initial capacity (or 4 KiB), each next one as large as all before it, up to {@link SnapshotBytes#MAX_BLOCK_BYTES};
 * arrays, or direct memory for a buffer made {@code offHeap} (the shadow snapshotter's: the collector never copies
 * it, where its arrays — ~1.5 GB at a million orders — were copied by the young collections of the snapshot that
 * made them, 100–180 ms each, docs/BENCHMARKS.md, sixteenth round).
 * So a snapshot has no size limit but memory (one array capped it at 2 GiB), and a growing state adds blocks instead
 * of copying everything into an array twice the size, whose old copy the collector then had to reclaim from the old
 * generation (a full collection of ~2 s at ~1 M orders, docs/BENCHMARKS.md, fifteenth round).
 *
 * <p>A snapshot memory has no room for (a block it cannot make) or larger than the limit given (tests) is refused
 * with a {@link SnapshotTooLargeException}, before anything past the limit is written (a value split between blocks
 * may be written in part; {@link #reset} before writing again). One thread at a time. {@link #chunkWritten} is
 * called after every {@link #CHUNK_BYTES} bytes written, for a writer that paces itself (the shadow snapshotter);
 * the default does nothing.
 */
public class SnapshotBuffer implements DataOutput
{
    /** Bytes written between calls of {@link #chunkWritten}. */
    public static final int CHUNK_BYTES = 256 * 1024;
    /** A snapshot is big-endian (as DataOutputStream writes); stores are in the platform's order. */
    private static final boolean SWAP = ByteOrder.nativeOrder() != ByteOrder.BIG_ENDIAN;
    private static final long ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);
    private static final int FIRST_BLOCK_BYTES = 4096;

    /** No limit: a snapshot may be as large as memory allows. */
    public static final long MAX_BYTES = Long.MAX_VALUE;

    private final long maxBytes;
    private final int maxBlockBytes;
    private final boolean offHeap;
    /** The blocks the constructor made (its initial capacity): {@link #release} keeps only these. */
    private final int initialBlocks;
    private UnsafeBuffer[] blocks = new UnsafeBuffer[4];
    private int blockCount;
    /**
     * The block being written ({@code blocks[blockIndex]}, or none yet): its array (null off the heap) and the address
     * of its byte 0, as {@link UnsafeApi} takes them, its length, and where in it.
     */
    private int blockIndex = -1;
    private byte[] array;
    private long address;
    private int blockLength;
    private int position;
    /** Bytes in the blocks before the one being written. */
    private long before;
    private int sinceChunk;

    public SnapshotBuffer(final int initialCapacity)
    {
        this(initialCapacity, MAX_BYTES);
    }

    /** With a limit (tests of what happens beyond it). */
    public SnapshotBuffer(final int initialCapacity, final long maxBytes)
    {
        this(initialCapacity, maxBytes, SnapshotBytes.MAX_BLOCK_BYTES);
    }

    /** With blocks of at most {@code maxBlockBytes} (tests of values split between blocks). */
    public SnapshotBuffer(final int initialCapacity, final long maxBytes, final int maxBlockBytes)
    {
        this(initialCapacity, maxBytes, maxBlockBytes, false);
    }

    /** With blocks in direct memory when {@code offHeap}, made with {@code initialCapacity} of them now. */
    public SnapshotBuffer(final long initialCapacity, final long maxBytes, final int maxBlockBytes,
        final boolean offHeap)
    {
        if (initialCapacity < 0 || maxBytes < 0 || maxBlockBytes < 1 || maxBlockBytes > SnapshotBytes.MAX_BLOCK_BYTES)
        {
            throw new IllegalArgumentException("capacity " + initialCapacity + ", limit " + maxBytes + ", blocks of " +
                maxBlockBytes);
        }
        this.maxBytes = maxBytes;
        this.maxBlockBytes = maxBlockBytes;
        this.offHeap = offHeap;
        long made = 0;
        final long wanted = Math.min(initialCapacity, maxBytes);
        while (made < wanted)
        {
            made += addBlock((int)Math.min(maxBlockBytes, wanted - made));
        }
        initialBlocks = blockCount;
        reset();
    }

    /** Bytes written since the last {@link #reset}. */
    public final long size()
    {
        return before + position;
    }

    /** Bytes the blocks made so far hold (kept by {@link #reset}). */
    public final long capacity()
    {
        long all = 0;
        for (int i = 0; i < blockCount; i++)
        {
            all += blocks[i].capacity();
        }
        return all;
    }

    /** The bytes written, in this buffer's blocks: valid until the next write or {@link #reset}. */
    public final SnapshotBytes bytes()
    {
        return new SnapshotBytes(blocks, size());
    }

    /** A copy of the bytes written (tests and small snapshots). */
    public final byte[] toByteArray()
    {
        return bytes().toByteArray();
    }

    /** Starts over, keeping the blocks. */
    public void reset()
    {
        if (blockCount == 0)
        {
            blockIndex = -1;
            array = null;
            address = 0;
            blockLength = 0;
        }
        else
        {
            enter(0);
        }
        position = 0;
        before = 0;
        sinceChunk = 0;
    }

    /**
     * Starts over with only the blocks of the initial capacity, dropping the ones added since (direct memory is freed
     * once they are collected, and an allocation that finds none left runs a collection first). For a buffer kept
     * after a snapshot refused for want of memory: the blocks it made up to the refusal are all the memory there was,
     * which the rest of the process (the live engine's off-heap pages) needs until the next attempt.
     */
    public void release()
    {
        Arrays.fill(blocks, initialBlocks, blockCount, null);
        blockCount = initialBlocks;
        reset();
    }

    private void enter(final int index)
    {
        final UnsafeBuffer block = blocks[index];
        blockIndex = index;
        array = block.byteArray();
        address = block.addressOffset();
        blockLength = block.capacity();
    }

    /** Called after each {@link #CHUNK_BYTES} bytes written. */
    protected void chunkWritten()
    {
    }

    private int addBlock(final int length)
    {
        final UnsafeBuffer made;
        try
        {
            made = newBlock(length);
        }
        catch (final OutOfMemoryError e)
        {
            // A block is the only large allocation here: name the condition (the caller keeps its engine and backs
            // off) rather than let a heap error end the thread.
            throw new SnapshotTooLargeException(capacity(), length, e);
        }
        if (blockCount == blocks.length)
        {
            blocks = Arrays.copyOf(blocks, 2 * blocks.length);
        }
        blocks[blockCount++] = made;
        return length;
    }

    /** A block of {@code length} bytes (tests: a heap with no room for it). */
    UnsafeBuffer newBlock(final int length)
    {
        return offHeap ? new UnsafeBuffer(ByteBuffer.allocateDirect(length)) : new UnsafeBuffer(new byte[length]);
    }

    /** Moves to the next block, made now if this is the first time the buffer needs it. */
    private void nextBlock()
    {
        final long through = before + blockLength;
        if (blockIndex + 1 == blockCount)
        {
            // Never room past the limit: claim refused any write that would go there.
            addBlock((int)Math.min(Math.min(maxBlockBytes, Math.max(FIRST_BLOCK_BYTES, through)), maxBytes - through));
        }
        before = through;
        enter(blockIndex + 1);
        position = 0;
    }

    /**
     * Claims {@code length} more bytes: where they start in the current block, or -1 when they do not all fit in it
     * (the caller then writes them through {@link #put}).
     */
    private int claim(final int length)
    {
        final int at = position;
        if (before + at + length > maxBytes)
        {
            throw new SnapshotTooLargeException(maxBytes);
        }
        sinceChunk += length;
        if (length <= blockLength - at)
        {
            position = at + length;
            return at;
        }
        return -1;
    }

    /** One byte of a value split between blocks. */
    private void put(final int b)
    {
        if (position == blockLength)
        {
            nextBlock();
        }
        UnsafeApi.putByte(array, address + position++, (byte)b);
    }

    /** The {@code bytes} low bytes of {@code v}, big-endian, split between blocks. */
    private void putSplit(final long v, final int bytes)
    {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8)
        {
            put((int)(v >>> shift));
        }
    }

    private void wrote()
    {
        if (sinceChunk >= CHUNK_BYTES)
        {
            sinceChunk = 0;
            chunkWritten();
        }
    }

    @Override
    public final void write(final int b)
    {
        final int at = claim(1);
        if (at >= 0)
        {
            UnsafeApi.putByte(array, address + at, (byte)b);
        }
        else
        {
            put(b);
        }
        wrote();
    }

    @Override
    public final void write(final byte[] b)
    {
        write(b, 0, b.length);
    }

    @Override
    public final void write(final byte[] b, final int off, final int len)
    {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        copyIn(b, ARRAY_BASE + off, len);
    }

    /** Writes {@code length} bytes of memory at {@code address} (an order's texts: see {@code Order#writeText}). */
    final void writeMemory(final long memory, final int length)
    {
        copyIn(null, memory, length);
    }

    /** {@code length} bytes from an array and its offset, or null and an address (as {@link UnsafeApi} takes them). */
    private void copyIn(final Object from, final long fromOffset, final int length)
    {
        final int at = claim(length);
        if (at >= 0)
        {
            ByteSlice.copy(from, fromOffset, array, address + at, length);
        }
        else
        {
            for (int done = 0; done < length; )
            {
                if (position == blockLength)
                {
                    nextBlock();
                }
                final int n = Math.min(length - done, blockLength - position);
                ByteSlice.copy(from, fromOffset + done, array, address + position, n);
                position += n;
                done += n;
            }
        }
        wrote();
    }

    @Override
    public final void writeBoolean(final boolean v)
    {
        write(v ? 1 : 0);
    }

    @Override
    public final void writeByte(final int v)
    {
        write(v);
    }

    @Override
    public final void writeShort(final int v)
    {
        final int at = claim(2);
        if (at >= 0)
        {
            UnsafeApi.putShort(array, address + at, SWAP ? Short.reverseBytes((short)v) : (short)v);
        }
        else
        {
            putSplit(v, 2);
        }
        wrote();
    }

    @Override
    public final void writeChar(final int v)
    {
        writeShort(v);
    }

    @Override
    public final void writeInt(final int v)
    {
        final int at = claim(4);
        if (at >= 0)
        {
            UnsafeApi.putInt(array, address + at, SWAP ? Integer.reverseBytes(v) : v);
        }
        else
        {
            putSplit(v, 4);
        }
        wrote();
    }

    @Override
    public final void writeLong(final long v)
    {
        final int at = claim(8);
        if (at >= 0)
        {
            UnsafeApi.putLong(array, address + at, SWAP ? Long.reverseBytes(v) : v);
        }
        else
        {
            putSplit(v, 8);
        }
        wrote();
    }

    @Override
    public final void writeFloat(final float v)
    {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public final void writeDouble(final double v)
    {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public final void writeBytes(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            write(s.charAt(i));
        }
    }

    @Override
    public final void writeChars(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            writeChar(s.charAt(i));
        }
    }

    /** As {@link DataOutputStream#writeUTF} (modified UTF-8 with a two-byte length): it writes them. */
    @Override
    public final void writeUTF(final String s) throws IOException
    {
        final ByteArrayOutputStream encoded = new ByteArrayOutputStream(2 + s.length());
        try (DataOutputStream out = new DataOutputStream(encoded))
        {
            out.writeUTF(s); // a string too long for its length fails here, as it would there
        }
        write(encoded.toByteArray());
    }
}
