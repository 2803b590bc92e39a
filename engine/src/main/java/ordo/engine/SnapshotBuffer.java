package ordo.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Where a snapshot is serialised: the bytes {@link DataOutputStream} over a {@link ByteArrayOutputStream} would
 * write, exactly (big-endian, modified UTF-8), into an array that grows by doubling — without their costs. Those
 * two lock the stream for every call, and {@code DataOutputStream.writeInt} makes four calls of it: 29 % of the
 * engine thread's samples in a profile of a server writing its shutdown snapshot went to that locking, and the shadow
 * snapshotter serialises the whole state (60–230 MB in a benchmark run) every million commands the same way.
 *
 * <p>A snapshot larger than {@link #MAX_BYTES} (the largest array) is refused with a
 * {@link SnapshotTooLargeException} before anything past the limit is written. One thread at a time.
 * {@link #chunkWritten} is called after every {@link #CHUNK_BYTES} bytes written, for a
 * writer that paces itself (the shadow snapshotter); the default does nothing.
 */
public class SnapshotBuffer implements DataOutput
{
    /** Bytes written between calls of {@link #chunkWritten}. */
    public static final int CHUNK_BYTES = 256 * 1024;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The most a snapshot can hold: the largest array the JVM makes. */
    public static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private final int maxBytes;
    private byte[] buf;
    private int size;
    private int sinceChunk;

    public SnapshotBuffer(final int initialCapacity)
    {
        this(initialCapacity, MAX_BYTES);
    }

    /** With a smaller limit than {@link #MAX_BYTES} (tests of what happens beyond it). */
    public SnapshotBuffer(final int initialCapacity, final int maxBytes)
    {
        if (initialCapacity < 0 || maxBytes < 0 || maxBytes > MAX_BYTES)
        {
            throw new IllegalArgumentException("capacity " + initialCapacity + ", limit " + maxBytes);
        }
        this.maxBytes = maxBytes;
        buf = new byte[Math.min(initialCapacity, maxBytes)];
    }

    /** Bytes written since the last {@link #reset}. */
    public final int size()
    {
        return size;
    }

    /** The array the bytes are in (its first {@link #size} bytes); it changes when the buffer grows. */
    public final byte[] array()
    {
        return buf;
    }

    /** A copy of the bytes written. */
    public final byte[] toByteArray()
    {
        return Arrays.copyOf(buf, size);
    }

    /** Starts over, keeping the array. */
    public void reset()
    {
        size = 0;
        sinceChunk = 0;
    }

    /** Called after each {@link #CHUNK_BYTES} bytes written. */
    protected void chunkWritten()
    {
    }

    private int claim(final int length)
    {
        final int at = size;
        final long end = (long)at + length;
        if (end > maxBytes)
        {
            throw new SnapshotTooLargeException(maxBytes);
        }
        if (end > buf.length)
        {
            buf = Arrays.copyOf(buf, (int)Math.min(maxBytes, Math.max(end, 2L * buf.length)));
        }
        size = (int)end;
        sinceChunk += length;
        return at;
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
        // claim first: it may replace the array (an argument list would read the old one before the call).
        final int at = claim(1);
        buf[at] = (byte)b;
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
        final int at = claim(len);
        System.arraycopy(b, off, buf, at, len);
        wrote();
    }

    /** Writes {@code length} bytes of memory at {@code address} (an order's texts: see {@code Order#writeText}). */
    final void writeMemory(final long address, final int length)
    {
        final int at = claim(length);
        ByteSlice.copy(null, address, buf, org.agrona.UnsafeApi.arrayBaseOffset(byte[].class) + at, length);
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
        SHORT.set(buf, at, (short)v);
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
        INT.set(buf, at, v);
        wrote();
    }

    @Override
    public final void writeLong(final long v)
    {
        final int at = claim(8);
        LONG.set(buf, at, v);
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
