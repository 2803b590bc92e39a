package ordo.engine;

import org.agrona.DirectBuffer;

/**
 * A reusable view of bytes inside a buffer: how the engine reads ids without turning them into Strings.
 */
public final class ByteSlice
{
    private DirectBuffer buffer;
    private int offset;
    private int length;

    public ByteSlice wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public int length()
    {
        return length;
    }

    public byte byteAt(final int index)
    {
        return buffer.getByte(offset + index);
    }

    public long hash()
    {
        return Hashing.hash(buffer, offset, length);
    }

    public boolean contentEquals(final byte[] bytes)
    {
        if (bytes.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    /** Equal to the first {@code length} bytes of {@code bytes}. */
    public boolean contentEquals(final byte[] bytes, final int bytesLength)
    {
        if (bytesLength != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    /** API.md ids: 1–64 chars of {@code [A-Za-z0-9._:-]}. */
    public boolean isValidId()
    {
        if (length < 1 || length > Ids.MAX_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (!Ids.isIdChar(buffer.getByte(offset + i)))
            {
                return false;
            }
        }
        return true;
    }

    /** Allocates: used when an entity is first defined, never per hot-path command. */
    public byte[] toBytes()
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    public void copyTo(final byte[] target)
    {
        buffer.getBytes(offset, target, 0, length);
    }

    @Override
    public String toString()
    {
        return buffer == null ? "" : buffer.getStringWithoutLengthAscii(offset, length);
    }
}
