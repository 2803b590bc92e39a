package ordo.engine;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.MutableDirectBuffer;

/**
 * A cursor that appends little-endian fields to a buffer: the one way command payloads and replies are written.
 * Reused per thread (a ring slot, a reply), so it allocates nothing. Strings: ids and short codes as
 * {@code [u8 length][ASCII]}, free text as {@code [u16 length][UTF-8]}.
 */
public final class PayloadWriter
{
    private MutableDirectBuffer buffer;
    private int start;
    private int position;

    public PayloadWriter wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.start = offset;
        this.position = offset;
        return this;
    }

    public int length()
    {
        return position - start;
    }

    public int position()
    {
        return position;
    }

    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    public PayloadWriter putByte(final int value)
    {
        buffer.putByte(position, (byte)value);
        position += 1;
        return this;
    }

    public PayloadWriter putShort(final int value)
    {
        buffer.putShort(position, (short)value, ByteOrder.LITTLE_ENDIAN);
        position += 2;
        return this;
    }

    public PayloadWriter putInt(final int value)
    {
        buffer.putInt(position, value, ByteOrder.LITTLE_ENDIAN);
        position += 4;
        return this;
    }

    public PayloadWriter putLong(final long value)
    {
        buffer.putLong(position, value, ByteOrder.LITTLE_ENDIAN);
        position += 8;
        return this;
    }

    /** An id or short code: at most 255 ASCII bytes. Null is written as empty. */
    public PayloadWriter putAscii(final CharSequence value)
    {
        final int length = value == null ? 0 : value.length();
        if (length > 255)
        {
            throw new IllegalArgumentException("ASCII field longer than 255: " + length);
        }
        buffer.putByte(position, (byte)length);
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(position + 1 + i, (byte)value.charAt(i));
        }
        position += 1 + length;
        return this;
    }

    /** Copy of an id already held as bytes (engine-side replies): no String needed. */
    public PayloadWriter putAscii(final byte[] bytes, final int length)
    {
        buffer.putByte(position, (byte)length);
        if (length > 0) // an order reply has ten or so empty fields: skip the copy call for each
        {
            buffer.putBytes(position + 1, bytes, 0, length);
        }
        position += 1 + length;
        return this;
    }

    /** {@link #putAscii(byte[], int)} of one of an order's texts (ids, references: at most 255 bytes). */
    PayloadWriter putAscii(final Order order, final int field)
    {
        final int length = order.textLength(field);
        if (length > 255)
        {
            throw new IllegalArgumentException("ASCII field longer than 255: " + length);
        }
        buffer.putByte(position, (byte)length);
        order.copyText(field, buffer, position + 1);
        position += 1 + length;
        return this;
    }

    /** Free text (names): at most 65535 UTF-8 bytes. Null is written as empty. Allocates: edge use only. */
    public PayloadWriter putText(final String value)
    {
        final byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF)
        {
            throw new IllegalArgumentException("text field longer than 65535 bytes");
        }
        return putText(bytes, bytes.length);
    }

    public PayloadWriter putText(final byte[] bytes, final int length)
    {
        buffer.putShort(position, (short)length, ByteOrder.LITTLE_ENDIAN);
        if (length > 0)
        {
            buffer.putBytes(position + 2, bytes, 0, length);
        }
        position += 2 + length;
        return this;
    }
}
