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
 * {@link SnapshotBuffer}. One thread.
 */
final class SnapshotReader implements DataInput
{
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private int position;

    SnapshotReader(final byte[] bytes)
    {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    /** Bytes not read yet. */
    int remaining()
    {
        return bytes.length - position;
    }

    /** The position of the next {@code length} bytes, which are then read; EOF when fewer are left. */
    private int take(final int length) throws EOFException
    {
        if (length > bytes.length - position)
        {
            position = bytes.length; // as a stream would be: everything before the end consumed
            throw new EOFException();
        }
        final int at = position;
        position += length;
        return at;
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
        System.arraycopy(bytes, take(len), b, off, len);
    }

    @Override
    public int skipBytes(final int n)
    {
        final int skipped = Math.max(0, Math.min(n, remaining()));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException
    {
        return bytes[take(1)] != 0;
    }

    @Override
    public byte readByte() throws IOException
    {
        return bytes[take(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException
    {
        return bytes[take(1)] & 0xFF;
    }

    @Override
    public short readShort() throws IOException
    {
        return (short)SHORT.get(bytes, take(2));
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
        return (int)INT.get(bytes, take(4));
    }

    @Override
    public long readLong() throws IOException
    {
        return (long)LONG.get(bytes, take(8));
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
