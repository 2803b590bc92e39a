package ordo.engine;

/**
 * Id rules from API.md and the codec of server-made ids.
 *
 * <p>Reservation ids are engine counters (deterministic on replay) shown as {@code res_} + 16 hex digits of a
 * bijective mix of the counter, so clients don't see a guessable sequence yet the gateway can turn the text back
 * into the counter without a lookup table.
 */
public final class Ids
{
    public static final int MAX_LENGTH = 64;
    public static final String RESERVATION_PREFIX = "res_";
    public static final String ORDER_PREFIX = "ord_";
    /** The length of a reservation or order id: its prefix and 16 hex digits. */
    public static final int SERVER_ID_LENGTH = 20;

    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final long INVERSE = inverseOf(MULTIPLIER);
    private static final long XOR = 0x5DEECE66DL;
    /** Another constant for orders, so res_ and ord_ ids of the same counter don't share their digits. */
    private static final long ORDER_XOR = 0x2545F4914F6CDD1DL;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Ids()
    {
    }

    /** Indexed by byte value (0-255): one load per byte instead of seven comparisons. */
    private static final boolean[] ID_CHARS = new boolean[256];

    static
    {
        for (int c = 0; c < ID_CHARS.length; c++)
        {
            ID_CHARS[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == ':' || c == '-';
        }
    }

    public static boolean isIdChar(final int c)
    {
        return c >= 0 && c < ID_CHARS.length && ID_CHARS[c];
    }

    /** The byte as an id character: {@link #isIdChar} for a byte, without the range check. */
    static boolean isIdByte(final byte b)
    {
        return ID_CHARS[b & 0xFF];
    }

    public static boolean isValid(final CharSequence id)
    {
        if (id == null || id.length() < 1 || id.length() > MAX_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < id.length(); i++)
        {
            if (!isIdChar(id.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    public static String formatReservationId(final long counter)
    {
        return format(RESERVATION_PREFIX, XOR, counter);
    }

    /**
     * {@link #formatReservationId} as {@link #SERVER_ID_LENGTH} ASCII bytes at {@code offset}: a view writes the id
     * without a String of its own.
     */
    public static void writeReservationId(final long counter, final byte[] out, final int offset)
    {
        write(RESERVATION_PREFIX, XOR, counter, out, offset);
    }

    /** @return the counter, or -1 if the text is not a reservation id. */
    public static long parseReservationId(final String text)
    {
        return parse(RESERVATION_PREFIX, XOR, text);
    }

    /** Order ids: {@code ord_} + 16 hex digits, made the same way as reservation ids. */
    public static String formatOrderId(final long counter)
    {
        return format(ORDER_PREFIX, ORDER_XOR, counter);
    }

    /** {@link #formatOrderId} as {@link #SERVER_ID_LENGTH} ASCII bytes at {@code offset}. */
    public static void writeOrderId(final long counter, final byte[] out, final int offset)
    {
        write(ORDER_PREFIX, ORDER_XOR, counter, out, offset);
    }

    /** @return the counter, or -1 if the text is not an order id. */
    public static long parseOrderId(final String text)
    {
        return parse(ORDER_PREFIX, ORDER_XOR, text);
    }

    private static String format(final String prefix, final long xor, final long counter)
    {
        final byte[] out = new byte[SERVER_ID_LENGTH];
        write(prefix, xor, counter, out, 0);
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The prefix and the mixed counter in 16 lower-case hex digits, leading zeros included. */
    private static void write(final String prefix, final long xor, final long counter, final byte[] out,
        final int offset)
    {
        for (int i = 0; i < prefix.length(); i++)
        {
            out[offset + i] = (byte)prefix.charAt(i);
        }
        long mixed = (counter ^ xor) * MULTIPLIER;
        for (int i = offset + SERVER_ID_LENGTH - 1; i >= offset + prefix.length(); i--)
        {
            out[i] = HEX_DIGITS[(int)mixed & 0xF];
            mixed >>>= 4;
        }
    }

    private static long parse(final String prefix, final long xor, final String text)
    {
        if (text == null || text.length() != prefix.length() + 16 || !text.startsWith(prefix))
        {
            return -1;
        }
        long mixed = 0;
        for (int i = prefix.length(); i < text.length(); i++)
        {
            // ASCII 0-9 a-f only: Character.digit also takes fullwidth and other Unicode digits, which made
            // several texts alias one reservation (found by aTextThatIsNotAReservationIdParsesToMinusOne).
            final char c = text.charAt(i);
            final int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0)
            {
                return -1;
            }
            mixed = (mixed << 4) | digit;
        }
        final long counter = (mixed * INVERSE) ^ xor;
        return counter > 0 ? counter : -1;
    }

    private static long inverseOf(final long odd)
    {
        long x = odd;
        for (int i = 0; i < 6; i++)
        {
            x *= 2 - odd * x;
        }
        return x;
    }
}
