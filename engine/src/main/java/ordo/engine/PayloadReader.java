package ordo.engine;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

/**
 * A cursor that reads what {@link PayloadWriter} wrote. A read past the end does not throw: it returns zero and
 * makes {@link #ok()} false for good, so a command handler can decode every field, check {@code ok()} once and
 * reject with {@code MALFORMED_COMMAND} before it mutates anything.
 *
 * <p>Strings are not materialised: {@link #readAscii(ByteSlice)} points a reusable slice at the bytes in place.
 */
public final class PayloadReader
{
    private DirectBuffer buffer;
    private int position;
    private int limit;
    private boolean ok;

    public PayloadReader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
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

    public PayloadReader position(final int position)
    {
        this.position = position;
        return this;
    }

    public int remaining()
    {
        return limit - position;
    }

    private boolean has(final int bytes)
    {
        if (!ok || position + bytes > limit)
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
        final int value = buffer.getByte(position) & 0xFF;
        position += 1;
        return value;
    }

    public int readShort()
    {
        if (!has(2))
        {
            return 0;
        }
        final int value = buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        position += 2;
        return value;
    }

    public int readInt()
    {
        if (!has(4))
        {
            return 0;
        }
        final int value = buffer.getInt(position, ByteOrder.LITTLE_ENDIAN);
        position += 4;
        return value;
    }

    public long readLong()
    {
        if (!has(8))
        {
            return 0;
        }
        final long value = buffer.getLong(position, ByteOrder.LITTLE_ENDIAN);
        position += 8;
        return value;
    }

    public ByteSlice readAscii(final ByteSlice into)
    {
        final int length = readByte();
        if (!has(length))
        {
            return into.wrap(buffer, position, 0);
        }
        into.wrap(buffer, position, length);
        position += length;
        return into;
    }

    public ByteSlice readText(final ByteSlice into)
    {
        final int length = readShort();
        if (!has(length))
        {
            return into.wrap(buffer, position, 0);
        }
        into.wrap(buffer, position, length);
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
