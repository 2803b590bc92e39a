package ordo.gateway.api;

import java.nio.charset.StandardCharsets;

import ordo.engine.Ids;

/**
 * A cursor over a request body's bytes for the hot routes' own readers ({@link ReserveBodyParser},
 * {@link OrderBodyParser}), which read only the plain form of JSON: strings of printable ASCII without escapes,
 * integers as plain digits, decimals without exponents, {@code true}/{@code false}. Every method answers "not plain"
 * (-1, null or false) for anything else, and the reader then leaves the body to {@link JsonBody}, which reads
 * all of JSON and names exactly what is wrong. So a plain body is read alike by both, and nothing else is read here.
 *
 * <p>Not thread-safe: one per reader, re-pointed at each body.
 */
final class PlainJson
{
    /** After a member or an element: the object or array closed. */
    private static final int CLOSED = 0;
    /** After a member or an element: a comma, so another follows. */
    private static final int MORE = 1;
    /** After a member or an element: neither. */
    private static final int BAD = -1;
    /**
     * Below overflow: more digits than this are not plain here, and the request takes the general parser. Every bound
     * the readers check but one has fewer: a payment of 10^18 minor units or more (up to the largest order total,
     * 4 398 046 511 104 000 000) is read there, as exactly, more slowly.
     */
    private static final int MAX_DIGITS = 18;
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    private byte[] bytes;
    private int pos;
    private int end;
    /** The length of the string {@link #stringStart} found last. */
    private int lastStringLength;
    /** The key {@link #nextKey} read last. */
    private int keyStart;
    private int keyLength;
    /** Whether {@link #more} found neither a comma nor the close (sticky until {@link #wrap}). */
    private boolean broken;

    PlainJson wrap(final byte[] bytes, final int start, final int end)
    {
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
        this.broken = false;
        return this;
    }

    /** '{' and the blanks after it: whether it was there. */
    boolean openObject()
    {
        if (take() != '{')
        {
            return false;
        }
        skipSpace();
        return true;
    }

    /** A member's key, its colon and the blanks before its value ({@link #keyIs} then names it); false when not. */
    boolean nextKey()
    {
        final int start = memberKey();
        if (start < 0)
        {
            return false;
        }
        keyStart = start;
        keyLength = lastStringLength;
        return true;
    }

    /**
     * The next member's key as its index in {@code names}; -1 when the key is not plain, is none of them, or is one
     * {@code seen} already has (bit {@code i} for {@code names[i]}): a member unknown or given twice is left to the
     * reader of all of JSON, which names it.
     */
    int member(final byte[][] names, final int seen)
    {
        if (!nextKey())
        {
            return -1;
        }
        for (int i = 0; i < names.length; i++)
        {
            if (keyIs(names[i]))
            {
                return (seen & 1 << i) != 0 ? -1 : i;
            }
        }
        return -1;
    }

    /** Whether the key {@link #nextKey} read is {@code name}. */
    boolean keyIs(final byte[] name)
    {
        return is(keyStart, keyLength, name);
    }

    /**
     * After a member or an element: true after a comma (another follows); false at {@code close}, or when neither
     * came, which {@link #broken} then says.
     */
    boolean more(final char close)
    {
        final int after = separator(close);
        if (after == BAD)
        {
            broken = true;
        }
        return after == MORE;
    }

    /** Whether a {@link #more} found neither a comma nor the close since {@link #wrap}. */
    boolean broken()
    {
        return broken;
    }

    byte[] bytes()
    {
        return bytes;
    }

    /** The length of the string (or id) read last. */
    int lastStringLength()
    {
        return lastStringLength;
    }

    /** Whether everything after the blanks here has been read. */
    boolean atEnd()
    {
        skipSpace();
        return pos == end;
    }

    /**
     * A member's key, its colon and the blanks before its value: the key's start, with its length in
     * {@link #lastStringLength}; or -1.
     */
    private int memberKey()
    {
        final int keyStart = stringStart();
        if (keyStart < 0 || !skipSpaceAndExpect(':'))
        {
            return -1;
        }
        skipSpace();
        return keyStart;
    }

    /** A string of plain printable ASCII (no escapes): its start, with its length in lastStringLength; or -1. */
    int stringStart()
    {
        if (take() != '"')
        {
            return -1;
        }
        final int start = pos;
        while (pos < end)
        {
            final byte b = bytes[pos];
            if (b == '"')
            {
                lastStringLength = pos - start;
                pos++;
                return start;
            }
            if (b == '\\' || b < 0x20 || b > 0x7e)
            {
                return -1;
            }
            pos++;
        }
        return -1;
    }

    /** A valid id (1–64 id characters): its start, with its length in lastStringLength; or -1. */
    int idStart()
    {
        final int start = stringStart();
        if (start < 0 || lastStringLength < 1 || lastStringLength > Ids.MAX_LENGTH)
        {
            return -1;
        }
        boolean dots = lastStringLength <= 2;
        for (int i = start; i < start + lastStringLength; i++)
        {
            if (!Ids.isIdChar(bytes[i]))
            {
                return -1;
            }
            dots &= bytes[i] == '.';
        }
        // "." and "..": JsonBody names them as ids no path could name (QA-216).
        return dots ? -1 : start;
    }

    /** A plain string as a String, or null. */
    String string()
    {
        final int start = stringStart();
        return start < 0 ? null : text(start, lastStringLength);
    }

    /** A plain string of at most {@code maxChars} as a String, or null. */
    String string(final int maxChars)
    {
        final int start = stringStart();
        return start < 0 || lastStringLength > maxChars ? null : text(start, lastStringLength);
    }

    /** A valid id as a String, or null. */
    String id()
    {
        final int start = idStart();
        return start < 0 ? null : text(start, lastStringLength);
    }

    /** Whether the string read last, at {@code start}, holds the characters of {@code text} (null: it does not). */
    boolean lastStringIs(final int start, final String text)
    {
        if (text == null || text.length() != lastStringLength)
        {
            return false;
        }
        for (int i = 0; i < lastStringLength; i++)
        {
            if (bytes[start + i] != text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The string read last, at {@code start}: {@code last} when it holds the same characters (a body names the same
     * channel or currency as the one before), else a String of its own.
     */
    String lastStringOr(final int start, final String last)
    {
        return lastStringIs(start, last) ? last : text(start, lastStringLength);
    }

    String text(final int start, final int length)
    {
        return new String(bytes, start, length, StandardCharsets.US_ASCII);
    }

    /** Plain digits (no sign, fraction or exponent, no leading zero) within [min, max] (min ≥ 0), or -1. */
    long integer(final long min, final long max)
    {
        final int start = pos;
        long value = 0;
        while (pos < end && bytes[pos] >= '0' && bytes[pos] <= '9')
        {
            value = value * 10 + (bytes[pos] - '0');
            pos++;
            if (pos - start > MAX_DIGITS)
            {
                return -1;
            }
        }
        final int digits = pos - start;
        if (digits == 0 || (digits > 1 && bytes[start] == '0'))
        {
            return -1;
        }
        if (pos < end && (bytes[pos] == '.' || bytes[pos] == 'e' || bytes[pos] == 'E'))
        {
            return -1;
        }
        return value < min || value > max ? -1 : value;
    }

    /**
     * A decimal number of at most {@code maxAbs} (a sign, up to three integer digits, up to six fraction digits, no
     * exponent) in millionths, exactly; or {@code Integer.MIN_VALUE}.
     */
    int micro(final int maxAbs)
    {
        final boolean negative = pos < end && bytes[pos] == '-';
        if (negative)
        {
            pos++;
        }
        final int start = pos;
        int whole = 0;
        while (pos < end && bytes[pos] >= '0' && bytes[pos] <= '9')
        {
            whole = whole * 10 + (bytes[pos] - '0');
            pos++;
            if (pos - start > 3)
            {
                return Integer.MIN_VALUE;
            }
        }
        final int digits = pos - start;
        if (digits == 0 || (digits > 1 && bytes[start] == '0'))
        {
            return Integer.MIN_VALUE;
        }
        int fraction = 0;
        int scale = 1_000_000;
        if (pos < end && bytes[pos] == '.')
        {
            pos++;
            final int fractionStart = pos;
            while (pos < end && bytes[pos] >= '0' && bytes[pos] <= '9')
            {
                if (pos - fractionStart == 6)
                {
                    return Integer.MIN_VALUE; // rounding: left to the reader of all of JSON
                }
                scale /= 10;
                fraction += (bytes[pos] - '0') * scale;
                pos++;
            }
            if (pos == fractionStart)
            {
                return Integer.MIN_VALUE;
            }
        }
        if (pos < end && (bytes[pos] == 'e' || bytes[pos] == 'E'))
        {
            return Integer.MIN_VALUE;
        }
        final long micro = (long)whole * 1_000_000 + fraction;
        if (micro > (long)maxAbs * 1_000_000)
        {
            return Integer.MIN_VALUE;
        }
        return (int)(negative ? -micro : micro);
    }

    /** {@code true} or {@code false}: 1 or 0; -1 for anything else. */
    int bool()
    {
        if (literal(TRUE))
        {
            return 1;
        }
        return literal(FALSE) ? 0 : -1;
    }

    boolean literalNull()
    {
        return literal(NULL);
    }

    private boolean literal(final byte[] word)
    {
        if (end - pos >= word.length && is(pos, word.length, word))
        {
            pos += word.length;
            return true;
        }
        return false;
    }

    /** Whether the {@code length} bytes at {@code start} are {@code name}. */
    boolean is(final int start, final int length, final byte[] name)
    {
        if (length != name.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (bytes[start + i] != name[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * After a member or an element: {@link #CLOSED} at {@code close}, {@link #MORE} after a comma (and the space
     * after it), {@link #BAD} otherwise.
     */
    private int separator(final char close)
    {
        skipSpace();
        final int next = take();
        if (next == close)
        {
            return CLOSED;
        }
        if (next != ',')
        {
            return BAD;
        }
        skipSpace();
        return MORE;
    }

    /** Blanks, then {@code c}: whether it was there (consumed). */
    boolean skipSpaceAndExpect(final char c)
    {
        skipSpace();
        return take() == c;
    }

    void skipSpace()
    {
        while (pos < end)
        {
            final byte b = bytes[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t')
            {
                return;
            }
            pos++;
        }
    }

    int peek()
    {
        return pos < end ? bytes[pos] : -1;
    }

    int take()
    {
        return pos < end ? bytes[pos++] : -1;
    }

    /** Member names as their ASCII bytes, in order (for {@link #member}). */
    static byte[][] names(final String... names)
    {
        final byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++)
        {
            bytes[i] = ascii(names[i]);
        }
        return bytes;
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
