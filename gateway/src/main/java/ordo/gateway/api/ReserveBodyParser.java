package ordo.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import ordo.engine.CommandCodec;
import ordo.engine.Ids;
import ordo.engine.PayloadWriter;

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
 * <p>What it read stays in place: where each id is in the body's bytes, which {@link #encode} copies into the ring
 * slot. No String per id, no line objects, no list (they were a third of the event loop's garbage per hold); the
 * channel, which every key sends the same again and again, is the String of the last body when its bytes are the
 * same.
 *
 * <p>Not thread-safe: one per event-loop thread ({@link #read} uses a thread-local instance), holding the last body
 * it read until it reads the next.
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

    /** What a valid body says, as the field-by-field reader gives it. */
    record Body(String channel, String customerId, List<Requests.Line> lines, long ttlSeconds, String locationId)
    {
    }

    private byte[] bytes = new byte[1024];
    private int pos;
    private int end;
    /** The length of the string {@link #stringStart} found last. */
    private int lastStringLength;

    // The body read last: ids as start and length in bytes; locationStart -1 for none.
    private String channel;
    private int customerStart;
    private int customerLength;
    private int locationStart;
    private int locationLength;
    private long ttlSeconds;
    private int lineCount;
    private final int[] skuStarts = new int[CommandCodec.MAX_LINES];
    private final int[] skuLengths = new int[CommandCodec.MAX_LINES];
    private final int[] quantities = new int[CommandCodec.MAX_LINES];
    /** The idempotency envelope {@link #encode} writes, set by the route for the body it publishes. */
    private long keyHash;
    private long fingerprint;
    private final Ascii customerText = new Ascii();
    private final Ascii locationText = new Ascii();
    private final Ascii skuText = new Ascii();

    private ReserveBodyParser()
    {
    }

    /**
     * This thread's reader holding the body, or null when it is not plainly valid (then {@link JsonBody} must read it
     * and name the fault). Valid until the thread reads another body.
     */
    static ReserveBodyParser read(final ByteBuf body)
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
        return parser.body() ? parser : null;
    }

    /** The channel named by the body. */
    String channel()
    {
        return channel;
    }

    /** The body read, as Strings and records (what {@link ReservationRoutes#readWithJackson} gives for it). */
    Body toBody()
    {
        final List<Requests.Line> lines = new ArrayList<>(lineCount);
        for (int i = 0; i < lineCount; i++)
        {
            lines.add(new Requests.Line(text(skuStarts[i], skuLengths[i]), quantities[i]));
        }
        return new Body(channel, text(customerStart, customerLength), lines, ttlSeconds,
            locationStart < 0 ? null : text(locationStart, locationLength));
    }

    /** Sets the idempotency envelope of the command {@link #encode} writes next. */
    ReserveBodyParser envelope(final long keyHash, final long fingerprint)
    {
        this.keyHash = keyHash;
        this.fingerprint = fingerprint;
        return this;
    }

    /**
     * The RESERVE payload of the body read last: what {@link Requests.Reserve#encode} writes for the same body. The
     * publisher calls it on this thread, before it returns (the body is still the one read).
     */
    static void encode(final ReserveBodyParser body, final PayloadWriter w)
    {
        final byte[] bytes = body.bytes;
        CommandCodec.reserveHeader(w, body.keyHash, body.fingerprint, body.channel,
            body.customerText.wrap(bytes, body.customerStart, body.customerLength),
            body.locationStart < 0 ? null : body.locationText.wrap(bytes, body.locationStart, body.locationLength),
            body.ttlSeconds * 1000, body.lineCount);
        for (int i = 0; i < body.lineCount; i++)
        {
            CommandCodec.reserveLine(w, body.skuText.wrap(bytes, body.skuStarts[i], body.skuLengths[i]),
                body.quantities[i]);
        }
    }

    private boolean body()
    {
        String channel = null;
        int customer = -1;
        boolean lines = false;
        long ttlSeconds = -1;
        int location = -1;
        boolean locationSeen = false;
        lineCount = 0;
        if (!skipSpaceAndExpect('{'))
        {
            return false;
        }
        skipSpace();
        if (peek() == '}')
        {
            return false; // required members missing
        }
        while (true)
        {
            final int keyStart = memberKey();
            if (keyStart < 0)
            {
                return false;
            }
            final int keyLength = lastStringLength;
            if (is(keyStart, keyLength, CHANNEL))
            {
                if (channel != null || (channel = channelId()) == null)
                {
                    return false;
                }
            }
            else if (is(keyStart, keyLength, CUSTOMER_ID))
            {
                if (customer >= 0 || (customer = idStart()) < 0)
                {
                    return false;
                }
                customerLength = lastStringLength;
            }
            else if (is(keyStart, keyLength, LINES))
            {
                if (lines || !(lines = lines()))
                {
                    return false;
                }
            }
            else if (is(keyStart, keyLength, TTL_SECONDS))
            {
                if (ttlSeconds != -1)
                {
                    return false;
                }
                ttlSeconds = literalNull() ? 0 : integer(1, ReservationRoutes.MAX_TTL_SECONDS);
                if (ttlSeconds < 0)
                {
                    return false;
                }
            }
            else if (is(keyStart, keyLength, LOCATION_ID))
            {
                if (locationSeen)
                {
                    return false;
                }
                locationSeen = true;
                if (!literalNull())
                {
                    if ((location = idStart()) < 0)
                    {
                        return false;
                    }
                    locationLength = lastStringLength;
                }
            }
            else
            {
                return false;
            }
            final int after = separator('}');
            if (after == BAD)
            {
                return false;
            }
            if (after == CLOSED)
            {
                break;
            }
        }
        skipSpace();
        if (pos != end || channel == null || customer < 0 || !lines)
        {
            return false;
        }
        this.channel = channel;
        customerStart = customer;
        locationStart = location;
        this.ttlSeconds = ttlSeconds <= 0 ? ReservationRoutes.DEFAULT_TTL_SECONDS : ttlSeconds;
        return true;
    }

    /** The lines, into the line arrays; false when they are not plainly valid. */
    private boolean lines()
    {
        if (take() != '[')
        {
            return false;
        }
        skipSpace();
        if (peek() == ']')
        {
            return false; // at least one line
        }
        while (true)
        {
            if (lineCount == CommandCodec.MAX_LINES || !line(lineCount))
            {
                return false;
            }
            lineCount++;
            final int after = separator(']');
            if (after == BAD)
            {
                return false;
            }
            if (after == CLOSED)
            {
                return true;
            }
        }
    }

    /** One line, at {@code index} of the line arrays; false when it is not plainly valid. */
    private boolean line(final int index)
    {
        if (take() != '{')
        {
            return false;
        }
        int sku = -1;
        long qty = -1;
        skipSpace();
        while (true)
        {
            final int keyStart = memberKey();
            if (keyStart < 0)
            {
                return false;
            }
            final int keyLength = lastStringLength;
            if (is(keyStart, keyLength, SKU))
            {
                if (sku >= 0 || (sku = idStart()) < 0)
                {
                    return false;
                }
                skuLengths[index] = lastStringLength;
            }
            else if (is(keyStart, keyLength, QTY))
            {
                if (qty != -1 || (qty = integer(1, 1_000_000)) < 0)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
            final int after = separator('}');
            if (after == BAD)
            {
                return false;
            }
            if (after == CLOSED)
            {
                break;
            }
        }
        if (sku < 0 || qty < 0)
        {
            return false;
        }
        skuStarts[index] = sku;
        quantities[index] = (int)qty;
        return true;
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

    /** A valid id: its start, with its length in lastStringLength; or -1. */
    private int idStart()
    {
        final int start = stringStart();
        if (start < 0 || lastStringLength < 1 || lastStringLength > Ids.MAX_LENGTH)
        {
            return -1;
        }
        for (int i = start; i < start + lastStringLength; i++)
        {
            if (!Ids.isIdChar(bytes[i]))
            {
                return -1;
            }
        }
        return start;
    }

    /** A valid id as a String: the last body's channel when the bytes are the same; or null. */
    private String channelId()
    {
        final int start = idStart();
        if (start < 0)
        {
            return null;
        }
        final String last = channel;
        if (last != null && last.length() == lastStringLength)
        {
            int i = 0;
            while (i < lastStringLength && bytes[start + i] == last.charAt(i))
            {
                i++;
            }
            if (i == lastStringLength)
            {
                return last;
            }
        }
        return text(start, lastStringLength);
    }

    private String text(final int start, final int length)
    {
        return new String(bytes, start, length, StandardCharsets.US_ASCII);
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

    /** Id bytes as the characters the codec copies (ids are ASCII); re-pointed for each id written. */
    private static final class Ascii implements CharSequence
    {
        private byte[] bytes;
        private int start;
        private int length;

        Ascii wrap(final byte[] bytes, final int start, final int length)
        {
            this.bytes = bytes;
            this.start = start;
            this.length = length;
            return this;
        }

        @Override
        public int length()
        {
            return length;
        }

        @Override
        public char charAt(final int index)
        {
            return (char)bytes[start + index];
        }

        @Override
        public CharSequence subSequence(final int from, final int to)
        {
            return toString().subSequence(from, to);
        }

        @Override
        public String toString()
        {
            return new String(bytes, start, length, StandardCharsets.US_ASCII);
        }
    }
}
