package ordo.engine;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Reads a snapshot body as {@link DataInputStream} over a {@link java.io.ByteArrayInputStream} would — the same
 * values, the same {@link EOFException} past the end — without their costs: those lock the stream for every byte
 * ({@code readInt} is four reads), and restoring 300 000 orders spent seconds there. The counterpart of
 * {@link SnapshotBuffer}: it reads {@link SnapshotBytes}, block after block; a value split between two blocks is
 * gathered into a scratch array first. One thread.
 */
final class SnapshotReader implements DataInput
{
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte[] NO_BLOCK = new byte[0];

    private final SnapshotBytes bytes;
    private final byte[] split = new byte[Long.BYTES];
    /** The block being read ({@code bytes.block(blockIndex)}), its used length, and where in it. */
    private int blockIndex = -1;
    private byte[] block = NO_BLOCK;
    private int limit;
    private int position;
    /** Bytes in the blocks after the one being read. */
    private long after;

    SnapshotReader(final byte[] bytes)
    {
        this(SnapshotBytes.of(Objects.requireNonNull(bytes, "bytes")));
    }

    SnapshotReader(final SnapshotBytes bytes)
    {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.after = bytes.length();
    }

    /** Bytes not read yet. */
    long remaining()
    {
        return limit - position + after;
    }

    private void nextBlock()
    {
        blockIndex++;
        block = bytes.block(blockIndex);
        limit = bytes.blockLength(blockIndex);
        after -= limit;
        position = 0;
    }

    /** Consumes everything left, as a stream would before its EOF. */
    private EOFException end()
    {
        while (after > 0)
        {
            nextBlock();
        }
        position = limit;
        return new EOFException();
    }

    /**
     * The position in {@link #block} of the next {@code length} bytes, which are then read; -1 when they are not all
     * in the block (read them with {@link #gather}).
     */
    private int take(final int length)
    {
        final int at = position;
        if (length <= limit - at)
        {
            position = at + length;
            return at;
        }
        return -1;
    }

    /** The next {@code length} bytes, split between blocks, copied into {@code into}; EOF when fewer are left. */
    private void gather(final byte[] into, final int off, final int length) throws EOFException
    {
        if (length > remaining())
        {
            throw end();
        }
        for (int done = 0; done < length; )
        {
            if (position == limit)
            {
                nextBlock();
            }
            final int n = Math.min(length - done, limit - position);
            System.arraycopy(block, position, into, off + done, n);
            position += n;
            done += n;
        }
    }

    @Override
    public void readFully(final byte[] b) throws IOException
    {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(final byte[] b, final int off, final int len) throws IOException
    {
        Objects.checkFromIndexSize(off, len, b.length);
        final int at = take(len);
        if (at >= 0)
        {
            System.arraycopy(block, at, b, off, len);
        }
        else
        {
            gather(b, off, len);
        }
    }

    @Override
    public int skipBytes(final int n)
    {
        final int skipped = (int)Math.max(0, Math.min(n, remaining()));
        for (int left = skipped; left > 0; )
        {
            if (position == limit)
            {
                nextBlock();
            }
            final int step = Math.min(left, limit - position);
            position += step;
            left -= step;
        }
        return skipped;
    }

    private byte nextByte() throws EOFException
    {
        final int at = take(1);
        if (at >= 0)
        {
            return block[at];
        }
        gather(split, 0, 1);
        return split[0];
    }

    @Override
    public boolean readBoolean() throws IOException
    {
        return nextByte() != 0;
    }

    @Override
    public byte readByte() throws IOException
    {
        return nextByte();
    }

    @Override
    public int readUnsignedByte() throws IOException
    {
        return nextByte() & 0xFF;
    }

    @Override
    public short readShort() throws IOException
    {
        final int at = take(2);
        if (at >= 0)
        {
            return (short)SHORT.get(block, at);
        }
        gather(split, 0, 2);
        return (short)SHORT.get(split, 0);
    }

    @Override
    public int readUnsignedShort() throws IOException
    {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException
    {
        return (char)readShort();
    }

    @Override
    public int readInt() throws IOException
    {
        final int at = take(4);
        if (at >= 0)
        {
            return (int)INT.get(block, at);
        }
        gather(split, 0, 4);
        return (int)INT.get(split, 0);
    }

    @Override
    public long readLong() throws IOException
    {
        final int at = take(8);
        if (at >= 0)
        {
            return (long)LONG.get(block, at);
        }
        gather(split, 0, 8);
        return (long)LONG.get(split, 0);
    }

    @Override
    public float readFloat() throws IOException
    {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException
    {
        return Double.longBitsToDouble(readLong());
    }

    /** Not part of any snapshot (and deprecated in DataInputStream). */
    @Override
    public String readLine()
    {
        throw new UnsupportedOperationException("a snapshot has no lines");
    }

    @Override
    public String readUTF() throws IOException
    {
        return DataInputStream.readUTF(this);
    }
}
