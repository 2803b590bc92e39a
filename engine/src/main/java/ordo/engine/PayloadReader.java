package ordo.engine;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * A cursor that reads what {@link PayloadWriter} wrote. A read past the end does not throw: it returns zero and
 * makes {@link #ok()} false for good, so a command handler can decode every field, check {@code ok()} once and
 * reject with {@code MALFORMED_COMMAND} before it mutates anything.
 *
 * <p>Strings are not materialised: {@link #readAscii(ByteSlice)} points a reusable slice at the bytes in place.
 *
 * <p>The wrapped range is checked against the buffer once, in {@link #wrap}: a range reaching past the buffer reads
 * as if it ended there. Reads then check only the reader's own limit and read the memory directly, instead of the
 * buffer checking its bounds again on every field.
 */
public final class PayloadReader
{
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    /** The buffer's array (null off-heap) and the address of its byte 0, as {@link UnsafeApi} takes them. */
    private byte[] array;
    private long address;
    private int start;
    private int position;
    private int limit;
    private boolean ok;

    public PayloadReader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        final int capacity = buffer.capacity();
        this.buffer = buffer;
        this.array = buffer.byteArray();
        this.address = buffer.addressOffset();
        if (offset < 0 || length < 0 || offset > capacity)
        {
            // Nothing of it is in the buffer: every read fails.
            this.start = 0;
            this.position = 0;
            this.limit = 0;
            this.ok = false;
            return this;
        }
        this.start = offset;
        this.position = offset;
        this.limit = length > capacity - offset ? capacity : offset + length;
        this.ok = true;
        return this;
    }

    /** The buffer being read, to copy a run of fields whose layout a view repeats. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    public boolean ok()
    {
        return ok;
    }

    /** The read position, to come back to a field list and read it again (no copy). */
    public int position()
    {
        return position;
    }

    /** Back to a position {@link #position()} gave; one outside the wrapped range fails the reader. */
    public PayloadReader position(final int position)
    {
        if (position < start || position > limit)
        {
            ok = false;
            return this;
        }
        this.position = position;
        return this;
    }

    public int remaining()
    {
        return limit - position;
    }

    private boolean has(final int bytes)
    {
        // limit - position never overflows: the position stays within [start, limit].
        if (!ok || bytes > limit - position)
        {
            ok = false;
            return false;
        }
        return true;
    }

    public int readByte()
    {
        if (!has(1))
        {
            return 0;
        }
        final int value = UnsafeApi.getByte(array, address + position) & 0xFF;
        position += 1;
        return value;
    }

    public int readShort()
    {
        if (!has(2))
        {
            return 0;
        }
        final short raw = UnsafeApi.getShort(array, address + position);
        final int value = (NATIVE_LITTLE_ENDIAN ? raw : Short.reverseBytes(raw)) & 0xFFFF;
        position += 2;
        return value;
    }

    public int readInt()
    {
        if (!has(4))
        {
            return 0;
        }
        final int raw = UnsafeApi.getInt(array, address + position);
        final int value = NATIVE_LITTLE_ENDIAN ? raw : Integer.reverseBytes(raw);
        position += 4;
        return value;
    }

    public long readLong()
    {
        if (!has(8))
        {
            return 0;
        }
        final long raw = UnsafeApi.getLong(array, address + position);
        final long value = NATIVE_LITTLE_ENDIAN ? raw : Long.reverseBytes(raw);
        position += 8;
        return value;
    }

    public ByteSlice readAscii(final ByteSlice into)
    {
        final int length = readByte();
        if (!has(length))
        {
            return into.wrapChecked(buffer, position, 0);
        }
        into.wrapChecked(buffer, position, length);
        position += length;
        return into;
    }

    public ByteSlice readText(final ByteSlice into)
    {
        final int length = readShort();
        if (!has(length))
        {
            return into.wrapChecked(buffer, position, 0);
        }
        into.wrapChecked(buffer, position, length);
        position += length;
        return into;
    }

    /** Allocates: for the gateway and tools, never on the engine's hot path. */
    public String readAsciiString()
    {
        final int length = readByte();
        if (!has(length))
        {
            return "";
        }
        final String value = buffer.getStringWithoutLengthAscii(position, length);
        position += length;
        return value;
    }

    /** Allocates: for the gateway and tools, never on the engine's hot path. */
    public String readTextString()
    {
        final int length = readShort();
        if (!has(length))
        {
            return "";
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
