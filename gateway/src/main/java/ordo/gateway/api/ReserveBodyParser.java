package ordo.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import ordo.engine.CommandCodec;
import ordo.engine.Ids;

/**
 * The flash-sale request body, read straight from its bytes: {@code {"channel", "customerId", "lines": [{"sku",
 * "qty"}], "ttlSeconds"?, "locationId"?}}. Parsing it into Jackson's tree (and checking it field by field) was the
 * largest single cost on the event loop.
 *
 * <p>This reader only ever says yes to a body that is valid in every respect: each member known and present at most
 * once, ids of 1–64 id characters with no escapes, integers in range written as plain digits. For anything else —
 * a missing or unknown member, a bad id, a float, an escape, a duplicate, trailing bytes, a byte-order mark — it
 * answers null and the route reads the body with {@link JsonBody}, which names exactly what is wrong. So a valid
 * body is read the same way by both, and every invalid one still gets the precise problem it got before.
 *
 * <p>Not thread-safe: one per event-loop thread ({@link #parse} uses a thread-local instance).
 */
final class ReserveBodyParser
{
    private static final ThreadLocal<ReserveBodyParser> LOCAL = ThreadLocal.withInitial(ReserveBodyParser::new);
    private static final int MAX_SCRATCH_BYTES = 16 * 1024;
    private static final byte[] CHANNEL = ascii("channel");
    private static final byte[] CUSTOMER_ID = ascii("customerId");
    private static final byte[] LINES = ascii("lines");
    private static final byte[] TTL_SECONDS = ascii("ttlSeconds");
    private static final byte[] LOCATION_ID = ascii("locationId");
    private static final byte[] SKU = ascii("sku");
    private static final byte[] QTY = ascii("qty");
    private static final byte[] NULL = ascii("null");
    /** Above every bound checked here, below overflow: more digits than this are left to the slow path. */
    private static final int MAX_DIGITS = 9;
    private static final int CLOSED = 0;
    private static final int MORE = 1;
    private static final int BAD = -1;

    /** What a valid body says. */
    record Body(String channel, String customerId, List<Requests.Line> lines, long ttlSeconds, String locationId)
    {
    }

    private byte[] bytes = new byte[1024];
    private int pos;
    private int end;
    /** The length of the string {@link #stringStart} found last. */
    private int lastStringLength;

    private ReserveBodyParser()
    {
    }

    /** The body, or null when it is not plainly valid (then {@link JsonBody} must read it and name the fault). */
    static Body parse(final ByteBuf body)
    {
        final int length = body.readableBytes();
        if (length == 0 || length > MAX_SCRATCH_BYTES)
        {
            return null;
        }
        final ReserveBodyParser parser = LOCAL.get();
        if (parser.bytes.length < length)
        {
            parser.bytes = new byte[Math.max(length, parser.bytes.length * 2)];
        }
        body.getBytes(body.readerIndex(), parser.bytes, 0, length);
        parser.pos = 0;
        parser.end = length;
        return parser.body();
    }

    private Body body()
    {
        String channel = null;
        String customer = null;
        List<Requests.Line> lines = null;
        long ttlSeconds = -1;
        String location = null;
        boolean locationSeen = false;
        if (!skipSpaceAndExpect('{'))
        {
            return null;
        }
        skipSpace();
        if (peek() == '}')
        {
            return null; // required members missing
        }
        while (true)
        {
            final int keyStart = memberKey();
            if (keyStart < 0)
            {
                return null;
            }
            final int keyLength = lastStringLength;
            if (is(keyStart, keyLength, CHANNEL))
            {
                if (channel != null || (channel = id()) == null)
                {
                    return null;
                }
            }
            else if (is(keyStart, keyLength, CUSTOMER_ID))
            {
                if (customer != null || (customer = id()) == null)
                {
                    return null;
                }
            }
            else if (is(keyStart, keyLength, LINES))
            {
                if (lines != null || (lines = lines()) == null)
                {
                    return null;
                }
            }
            else if (is(keyStart, keyLength, TTL_SECONDS))
            {
                if (ttlSeconds != -1)
                {
                    return null;
                }
                ttlSeconds = literalNull() ? 0 : integer(1, ReservationRoutes.MAX_TTL_SECONDS);
                if (ttlSeconds < 0)
                {
                    return null;
                }
            }
            else if (is(keyStart, keyLength, LOCATION_ID))
            {
                if (locationSeen)
                {
                    return null;
                }
                locationSeen = true;
                if (!literalNull() && (location = id()) == null)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
            final int after = separator('}');
            if (after == BAD)
            {
                return null;
            }
            if (after == CLOSED)
            {
                break;
            }
        }
        skipSpace();
        if (pos != end || channel == null || customer == null || lines == null)
        {
            return null;
        }
        final long ttl = ttlSeconds <= 0 ? ReservationRoutes.DEFAULT_TTL_SECONDS : ttlSeconds;
        return new Body(channel, customer, lines, ttl, location);
    }

    private List<Requests.Line> lines()
    {
        if (take() != '[')
        {
            return null;
        }
        final List<Requests.Line> lines = new ArrayList<>(2);
        skipSpace();
        if (peek() == ']')
        {
            return null; // at least one line
        }
        while (true)
        {
            final Requests.Line line = line();
            if (line == null || lines.size() == CommandCodec.MAX_LINES)
            {
                return null;
            }
            lines.add(line);
            final int after = separator(']');
            if (after == BAD)
            {
                return null;
            }
            if (after == CLOSED)
            {
                return lines;
            }
        }
    }

    private Requests.Line line()
    {
        if (take() != '{')
        {
            return null;
        }
        String sku = null;
        long qty = -1;
        skipSpace();
        while (true)
        {
            final int keyStart = memberKey();
            if (keyStart < 0)
            {
                return null;
            }
            final int keyLength = lastStringLength;
            if (is(keyStart, keyLength, SKU))
            {
                if (sku != null || (sku = id()) == null)
                {
                    return null;
                }
            }
            else if (is(keyStart, keyLength, QTY))
            {
                if (qty != -1 || (qty = integer(1, 1_000_000)) < 0)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
            final int after = separator('}');
            if (after == BAD)
            {
                return null;
            }
            if (after == CLOSED)
            {
                break;
            }
        }
        return sku == null || qty < 0 ? null : new Requests.Line(sku, (int)qty);
    }

    /**
     * A member's key, its colon and the blanks before its value: the key's start, with its length in
     * lastStringLength; or -1.
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

    /** A string of plain printable ASCII (no escapes); its start, with its length in lastStringLength; or -1. */
    private int stringStart()
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

    /** A valid id, or null. */
    private String id()
    {
        final int start = stringStart();
        if (start < 0 || lastStringLength < 1 || lastStringLength > Ids.MAX_LENGTH)
        {
            return null;
        }
        for (int i = start; i < start + lastStringLength; i++)
        {
            if (!Ids.isIdChar(bytes[i]))
            {
                return null;
            }
        }
        return new String(bytes, start, lastStringLength, StandardCharsets.US_ASCII);
    }

    /** Plain digits (no sign, fraction or exponent, no leading zero) within [min, max], or -1. */
    private long integer(final long min, final long max)
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

    private boolean literalNull()
    {
        if (end - pos >= NULL.length && is(pos, NULL.length, NULL))
        {
            pos += NULL.length;
            return true;
        }
        return false;
    }

    private boolean is(final int start, final int length, final byte[] name)
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

    private boolean skipSpaceAndExpect(final char c)
    {
        skipSpace();
        return take() == c;
    }

    private void skipSpace()
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

    private int peek()
    {
        return pos < end ? bytes[pos] : -1;
    }

    private int take()
    {
        return pos < end ? bytes[pos++] : -1;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
