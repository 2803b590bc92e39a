package ordo.engine;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Objects;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * Reads a snapshot body as {@link DataInputStream} over a {@link java.io.ByteArrayInputStream} would — the same
 * values, the same {@link EOFException} past the end — without their costs: those lock the stream for every byte
 * ({@code readInt} is four reads), and restoring 300 000 orders spent seconds there. The counterpart of
 * {@link SnapshotBuffer}: it reads {@link SnapshotBytes}, block after block; a value split between two blocks is
 * gathered into a scratch array first. One thread.
 */
final class SnapshotReader implements DataInput
{
    /** A snapshot is big-endian (as DataInputStream reads); loads are in the platform's order. */
    private static final boolean SWAP = ByteOrder.nativeOrder() != ByteOrder.BIG_ENDIAN;
    private static final long ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);

    private final SnapshotBytes bytes;
    private final byte[] split = new byte[Long.BYTES];
    /**
     * The block being read ({@code bytes.block(blockIndex)}): its array (null off the heap) and the address of its byte
     * 0, as {@link UnsafeApi} takes them, its used length, and where in it.
     */
    private int blockIndex = -1;
    private byte[] array;
    private long address;
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
        final DirectBuffer block = bytes.block(blockIndex);
        array = block.byteArray();
        address = block.addressOffset();
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
     * The position in the current block of the next {@code length} bytes, which are then read; -1 when they are not
     * all in the block (read them with {@link #gather}).
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
            UnsafeApi.copyMemory(array, address + position, into, ARRAY_BASE + off + done, n);
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
            UnsafeApi.copyMemory(array, address + at, b, ARRAY_BASE + off, len);
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
            return UnsafeApi.getByte(array, address + at);
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
            return swap(UnsafeApi.getShort(array, address + at));
        }
        gather(split, 0, 2);
        return swap(UnsafeApi.getShort(split, ARRAY_BASE));
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
            return swap(UnsafeApi.getInt(array, address + at));
        }
        gather(split, 0, 4);
        return swap(UnsafeApi.getInt(split, ARRAY_BASE));
    }

    @Override
    public long readLong() throws IOException
    {
        final int at = take(8);
        if (at >= 0)
        {
            return swap(UnsafeApi.getLong(array, address + at));
        }
        gather(split, 0, 8);
        return swap(UnsafeApi.getLong(split, ARRAY_BASE));
    }

    /**
     * {@link OrderSnapshot#readVarLong}: the same value, the same bytes consumed and the same failure, read where it
     * is when the longest one (10 bytes) fits in the block, else a byte at a time.
     */
    long readVarLong() throws IOException
    {
        int p = position;
        if (limit - p < 10)
        {
            return OrderSnapshot.readVarLongBytes(this);
        }
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            final int b = UnsafeApi.getByte(array, address + p++) & 0xFF;
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (shift == 63 && b > 1)
                {
                    break; // bits past the 64th
                }
                position = p;
                return value;
            }
        }
        position = p;
        throw new IOException("a variable-length integer longer than 64 bits");
    }

    private static short swap(final short v)
    {
        return SWAP ? Short.reverseBytes(v) : v;
    }

    private static int swap(final int v)
    {
        return SWAP ? Integer.reverseBytes(v) : v;
    }

    private static long swap(final long v)
    {
        return SWAP ? Long.reverseBytes(v) : v;
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
