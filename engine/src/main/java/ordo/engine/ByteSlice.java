package ordo.engine;

import java.nio.ByteOrder;
import java.util.Objects;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A reusable view of bytes inside a buffer: how the engine reads ids without turning them into Strings.
 *
 * <p>The slice's bounds are checked once, when it is wrapped (a {@link PayloadReader} has checked them already);
 * the hot loops (validation, hashing, comparison) then read the bytes directly, at the address taken then, instead
 * of a bounds check per read. So a slice is read before its buffer is wrapped around other memory, as the engine
 * does: it points a slice at a command's id and reads it while handling that command.
 */
public final class ByteSlice
{
    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);
    private static final long TABLE_K = 0x9E3779B97F4A7C15L;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    /** The buffer's array (null off-heap) and the address of the slice's first byte, as {@link UnsafeApi} takes them. */
    private byte[] array;
    private long address;
    /** Eight bytes can be read from the slice's start: a short id reads as one word. */
    private boolean wordReadable;

    /** @throws IndexOutOfBoundsException when the range is not inside the buffer */
    public ByteSlice wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        buffer.boundsCheck(offset, length);
        return wrapChecked(buffer, offset, length);
    }

    /** {@link #wrap} of a range the caller checked is inside the buffer. */
    ByteSlice wrapChecked(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.array = buffer.byteArray();
        this.address = buffer.addressOffset() + offset;
        this.wordReadable = offset <= buffer.capacity() - 8;
        return this;
    }

    /** What a slice of no bytes in memory reads through (never written). */
    private static final UnsafeBuffer NO_MEMORY = new UnsafeBuffer(new byte[0]);
    /** The view {@link #wrapMemory} reads through, made at its first use and then rewrapped. */
    private UnsafeBuffer memory;

    /**
     * Points the slice at {@code length} bytes of memory outside any buffer, at {@code address} (a record of an
     * order's, which lives as long as the engine): the caller vouches that they are there.
     */
    ByteSlice wrapMemory(final long address, final int length)
    {
        if (length == 0)
        {
            return wrapChecked(NO_MEMORY, 0, 0);
        }
        if (memory == null)
        {
            memory = new UnsafeBuffer(address, length);
        }
        else
        {
            memory.wrap(address, length);
        }
        return wrapChecked(memory, 0, length);
    }

    /** Copies the slice's bytes to memory at {@code target}, which must have room for them. */
    void copyToMemory(final long target)
    {
        copy(array, address, null, target, length);
    }

    /**
     * Copies {@code length} bytes, each side an array and its offset or null and an address (as {@link UnsafeApi}
     * takes them), a word at a time: for an order's short texts that is cheaper than the copy stub, which costs a
     * call however few the bytes. Bounds are the caller's.
     */
    static void copy(final Object from, final long fromOffset, final Object to, final long toOffset, final int length)
    {
        if (length > 64)
        {
            UnsafeApi.copyMemory(from, fromOffset, to, toOffset, length);
            return;
        }
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            UnsafeApi.putLong(to, toOffset + i, UnsafeApi.getLong(from, fromOffset + i));
        }
        for (; i < length; i++)
        {
            UnsafeApi.putByte(to, toOffset + i, UnsafeApi.getByte(from, fromOffset + i));
        }
    }

    /** Whether both slices hold the same bytes. */
    public boolean contentEquals(final ByteSlice other)
    {
        return equal(array, address, length, other.array, other.address, other.length);
    }

    /** Whether the slice holds the {@code otherLength} bytes of memory at {@code otherAddress}. */
    boolean contentEqualsMemory(final long otherAddress, final int otherLength)
    {
        return equal(array, address, length, null, otherAddress, otherLength);
    }

    private static boolean equal(final byte[] a, final long aAddress, final int aLength, final byte[] b,
        final long bAddress, final int bLength)
    {
        if (aLength != bLength)
        {
            return false;
        }
        int i = 0;
        for (; i + 8 <= aLength; i += 8)
        {
            if (UnsafeApi.getLong(a, aAddress + i) != UnsafeApi.getLong(b, bAddress + i))
            {
                return false;
            }
        }
        for (; i < aLength; i++)
        {
            if (UnsafeApi.getByte(a, aAddress + i) != UnsafeApi.getByte(b, bAddress + i))
            {
                return false;
            }
        }
        return true;
    }

    public int length()
    {
        return length;
    }

    public byte byteAt(final int index)
    {
        return buffer.getByte(offset + index);
    }

    /** {@link Hashing#hash(DirectBuffer, int, int)} of the slice: the same value, read word by word unchecked. */
    public long hash()
    {
        if (length == 0)
        {
            return Hashing.mix(Hashing.combine(Hashing.SEED, 0));
        }
        long h = Hashing.SEED ^ (length * Hashing.P1);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            long word = UnsafeApi.getLong(array, address + i);
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN)
            {
                word = Long.reverseBytes(word);
            }
            h = Hashing.combine(h, word);
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8)
        {
            tail |= (UnsafeApi.getByte(array, address + i) & 0xFFL) << shift;
        }
        return Hashing.mix(Hashing.combine(h, tail));
    }

    /**
     * A cheap hash of every byte for in-memory tables (one multiply per word, not {@link #hash}'s three mixes): not
     * state, never persisted, may change between versions. Take its high bits: they depend on every byte.
     */
    public long tableHash()
    {
        if (length == 0)
        {
            return 0;
        }
        return tableHash(array, address, length);
    }

    /** {@link #tableHash()} of the first {@code length} bytes of an array: the same value for the same bytes. */
    public static long tableHash(final byte[] bytes, final int length)
    {
        if (length == 0)
        {
            return 0;
        }
        Objects.checkFromIndexSize(0, length, bytes.length);
        return tableHash(bytes, BYTE_ARRAY_BASE, length);
    }

    /** Bounds already checked: {@code array} (null for off-heap) at {@code address} holds {@code length} bytes. */
    private static long tableHash(final byte[] array, final long address, final int length)
    {
        long h = length * TABLE_K;
        if (length < 8)
        {
            long word = 0;
            for (int i = 0; i < length; i++)
            {
                word = (word << 8) | (UnsafeApi.getByte(array, address + i) & 0xFFL);
            }
            return (Long.rotateLeft(h, 26) ^ word) * TABLE_K;
        }
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = (Long.rotateLeft(h, 26) ^ UnsafeApi.getLong(array, address + i)) * TABLE_K;
        }
        if (i < length)
        {
            // The last eight bytes, overlapping the last whole word: no byte loop for the tail.
            h = (Long.rotateLeft(h, 26) ^ UnsafeApi.getLong(array, address + length - 8)) * TABLE_K;
        }
        return h;
    }

    public boolean contentEquals(final byte[] bytes)
    {
        return contentEquals(bytes, bytes.length);
    }

    /** Equal to the first {@code length} bytes of {@code bytes}. */
    public boolean contentEquals(final byte[] bytes, final int bytesLength)
    {
        if (bytesLength != length)
        {
            return false;
        }
        if (length == 0)
        {
            return true;
        }
        Objects.checkFromIndexSize(0, length, bytes.length);
        int i = 0;
        // Eight bytes at a time: ids are mostly longer than a word.
        for (; i + 8 <= length; i += 8)
        {
            if (UnsafeApi.getLong(array, address + i) != UnsafeApi.getLong(bytes, BYTE_ARRAY_BASE + i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (bytes[i] != UnsafeApi.getByte(array, address + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Equal to an id given by its length, its first sixteen bytes as two words ({@link #word}) and its array: ids of
     * up to sixteen bytes compare without reading the array (one cache line fewer per lookup), which may then be
     * null (a {@code Reservation} keeps no array for them).
     */
    public boolean contentEquals(final int idLength, final long word0, final long word1, final byte[] bytes)
    {
        if (idLength != length)
        {
            return false;
        }
        if (length == 0)
        {
            return true;
        }
        if (length < 8)
        {
            return shortWord() == word0;
        }
        if (littleEndian(UnsafeApi.getLong(array, address)) != word0)
        {
            return false;
        }
        if (length < 16)
        {
            // Bytes 8.. as a zero-padded word: the last eight bytes, shifted past the ones already compared.
            final long tail = length == 8 ? 0 : littleEndian(UnsafeApi.getLong(array, address + length - 8)) >>>
                ((16 - length) << 3);
            return tail == word1;
        }
        if (littleEndian(UnsafeApi.getLong(array, address + 8)) != word1)
        {
            return false;
        }
        if (length == 16)
        {
            // Both words compared: the whole id. Holders of an id this short keep no array (Reservation).
            return true;
        }
        Objects.checkFromIndexSize(0, length, bytes.length);
        for (int i = 16; i < length; i++)
        {
            if (bytes[i] != UnsafeApi.getByte(array, address + i))
            {
                return false;
            }
        }
        return true;
    }

    /** Bytes {@code from .. from + 7} of the slice (zero past its end) as a little-endian word. Not for hot paths. */
    public long word(final int from)
    {
        long word = 0;
        for (int i = from, shift = 0; i < from + 8 && i < length; i++, shift += 8)
        {
            word |= (buffer.getByte(offset + i) & 0xFFL) << shift;
        }
        return word;
    }

    /** {@link #word word(0)} read as one word once the slice is that long: for a hot path. */
    public long word0()
    {
        if (length == 0)
        {
            return 0;
        }
        return length < 8 ? shortWord() : littleEndian(UnsafeApi.getLong(array, address));
    }

    /**
     * The slice's 1..7 bytes as a little-endian word, zero above them (bounds checked at wrap): one read of
     * eight bytes when the buffer has them from the slice's start (ids are mostly followed by more of the command),
     * else byte by byte.
     */
    private long shortWord()
    {
        if (wordReadable)
        {
            return littleEndian(UnsafeApi.getLong(array, address)) & (-1L >>> ((8 - length) << 3));
        }
        long word = 0;
        for (int i = 0, shift = 0; i < length; i++, shift += 8)
        {
            word |= (UnsafeApi.getByte(array, address + i) & 0xFFL) << shift;
        }
        return word;
    }

    /** Bytes {@code from .. from + 7} of an array (zero past {@code length}) as a little-endian word. */
    static long word(final byte[] bytes, final int from, final int length)
    {
        long word = 0;
        for (int i = from, shift = 0; i < from + 8 && i < length; i++, shift += 8)
        {
            word |= (bytes[i] & 0xFFL) << shift;
        }
        return word;
    }

    /** {@link #word word(8)} read as one word: the last eight bytes shifted past the first word when shorter. */
    public long word1()
    {
        if (length <= 8)
        {
            return 0;
        }
        if (length >= 16)
        {
            return littleEndian(UnsafeApi.getLong(array, address + 8));
        }
        return littleEndian(UnsafeApi.getLong(array, address + length - 8)) >>> ((16 - length) << 3);
    }

    private static long littleEndian(final long nativeWord)
    {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? nativeWord : Long.reverseBytes(nativeWord);
    }

    /** API.md ids: 1–64 chars of {@code [A-Za-z0-9._:-]}. */
    public boolean isValidId()
    {
        if (length < 1 || length > Ids.MAX_LENGTH)
        {
            return false;
        }
        if (length < 8)
        {
            // The bytes above the id are filled with a valid id character, so the word test covers only the id.
            final long mask = -1L >>> ((8 - length) << 3);
            return idWord((shortWord() & mask) | ('a' * ONES & ~mask));
        }
        // Eight bytes at a time; the last word overlaps the one before it when the length is not a multiple of 8.
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            if (!idWord(UnsafeApi.getLong(array, address + i)))
            {
                return false;
            }
        }
        return i == length || idWord(UnsafeApi.getLong(array, address + length - 8));
    }

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    /**
     * Every byte of the word is an id character ({@code [A-Za-z0-9._:-]}), tested on all eight at once: for bytes
     * below 0x80, adding {@code 0x80 - lo} sets a byte's top bit when it is at least {@code lo}, and adding
     * {@code 0x7F - hi} leaves it clear when it is at most {@code hi}, with no carry between bytes.
     */
    private static boolean idWord(final long word)
    {
        if ((word & HIGH) != 0)
        {
            return false;
        }
        final long digitsAndColon = between(word, '0', ':');
        final long dashAndDot = between(word, '-', '.');
        final long letters = between(word | 0x20 * ONES, 'a', 'z');
        final long underscore = between(word, '_', '_');
        return (digitsAndColon | dashAndDot | letters | underscore) == HIGH;
    }

    private static long between(final long word, final int lo, final int hi)
    {
        return (word + (0x80 - lo) * ONES) & ~(word + (0x7F - hi) * ONES) & HIGH;
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
        Objects.checkFromIndexSize(0, length, target.length);
        copy(array, address, target, BYTE_ARRAY_BASE, length);
    }

    @Override
    public String toString()
    {
        return buffer == null ? "" : buffer.getStringWithoutLengthAscii(offset, length);
    }
}
