package ordo.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import ordo.engine.CommandCodec;
import ordo.engine.Ids;
import ordo.engine.PayloadWriter;
import ordo.engine.SoldOutBoard;
import ordo.gateway.http.JsonWriter;
import org.agrona.concurrent.EpochClock;

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
    private static final byte[] CHANNEL = PlainJson.ascii("channel");
    private static final byte[] CUSTOMER_ID = PlainJson.ascii("customerId");
    private static final byte[] LINES = PlainJson.ascii("lines");
    private static final byte[] TTL_SECONDS = PlainJson.ascii("ttlSeconds");
    private static final byte[] LOCATION_ID = PlainJson.ascii("locationId");
    private static final byte[] SKU = PlainJson.ascii("sku");
    private static final byte[] QTY = PlainJson.ascii("qty");

    /** What a valid body says, as the field-by-field reader gives it. */
    record Body(String channel, String customerId, List<Requests.Line> lines, long ttlSeconds, String locationId)
    {
    }

    private byte[] bytes = new byte[1024];
    private final PlainJson json = new PlainJson();

    // The body read last: ids as start and length in bytes; locationStart -1 for none.
    private String channel;
    private int channelStart;
    private int channelLength;
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
        parser.json.wrap(parser.bytes, 0, length);
        return parser.body() ? parser : null;
    }

    /** The channel named by the body. */
    String channel()
    {
        return channel;
    }

    /**
     * The seq as of which the engine would refuse this body, as a hold without an idempotency key, for stock alone,
     * as {@code board} shows it now (one line, no location, its SKU sold out: {@link SoldOutBoard#soldOutAsOf}), or
     * {@link SoldOutBoard#NOT_CERTAIN}. Every other check of the engine this body passes: a plainly valid body has
     * valid ids, a hold time and a quantity in the engine's ranges.
     */
    long soldOutAsOf(final SoldOutBoard board, final EpochClock clock)
    {
        return lineCount == 1 && locationStart < 0 ?
            board.soldOutAsOf(bytes, skuStarts[0], skuLengths[0], channelStart, channelLength, clock) :
            SoldOutBoard.NOT_CERTAIN;
    }

    /** The answer the engine gives a body {@link #soldOutAsOf} names a seq for, in this thread's JSON writer. */
    JsonWriter writeSoldOut()
    {
        return ResultProblems.writeInsufficientStock(bytes, skuStarts[0], skuLengths[0], 0, quantities[0], 0);
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
        if (!json.skipSpaceAndExpect('{'))
        {
            return false;
        }
        json.skipSpace();
        if (json.peek() == '}')
        {
            return false; // required members missing
        }
        while (true)
        {
            if (!json.nextKey())
            {
                return false;
            }
            if (json.keyIs(CHANNEL))
            {
                if (channel != null || (channel = channelId()) == null)
                {
                    return false;
                }
            }
            else if (json.keyIs(CUSTOMER_ID))
            {
                if (customer >= 0 || (customer = json.idStart()) < 0)
                {
                    return false;
                }
                customerLength = json.lastStringLength();
            }
            else if (json.keyIs(LINES))
            {
                if (lines || !(lines = lines()))
                {
                    return false;
                }
            }
            else if (json.keyIs(TTL_SECONDS))
            {
                if (ttlSeconds != -1)
                {
                    return false;
                }
                ttlSeconds = json.literalNull() ? 0 : json.integer(1, ReservationRoutes.MAX_TTL_SECONDS);
                if (ttlSeconds < 0)
                {
                    return false;
                }
            }
            else if (json.keyIs(LOCATION_ID))
            {
                if (locationSeen)
                {
                    return false;
                }
                locationSeen = true;
                if (!json.literalNull())
                {
                    if ((location = json.idStart()) < 0)
                    {
                        return false;
                    }
                    locationLength = json.lastStringLength();
                }
            }
            else
            {
                return false;
            }
            if (!json.more('}'))
            {
                break;
            }
        }
        if (json.broken() || !json.atEnd() || channel == null || customer < 0 || !lines)
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
        if (json.take() != '[')
        {
            return false;
        }
        json.skipSpace();
        if (json.peek() == ']')
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
            if (!json.more(']'))
            {
                return !json.broken();
            }
        }
    }

    /** One line, at {@code index} of the line arrays; false when it is not plainly valid. */
    private boolean line(final int index)
    {
        if (json.take() != '{')
        {
            return false;
        }
        int sku = -1;
        long qty = -1;
        json.skipSpace();
        while (true)
        {
            if (!json.nextKey())
            {
                return false;
            }
            if (json.keyIs(SKU))
            {
                if (sku >= 0 || (sku = json.idStart()) < 0)
                {
                    return false;
                }
                skuLengths[index] = json.lastStringLength();
            }
            else if (json.keyIs(QTY))
            {
                if (qty != -1 || (qty = json.integer(1, 1_000_000)) < 0)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
            if (!json.more('}'))
            {
                break;
            }
        }
        if (json.broken() || sku < 0 || qty < 0)
        {
            return false;
        }
        skuStarts[index] = sku;
        quantities[index] = (int)qty;
        return true;
    }

    /** A valid id as a String: the last body's channel when the bytes are the same; or null. */
    private String channelId()
    {
        final int start = json.idStart();
        if (start < 0)
        {
            return null;
        }
        channelStart = start;
        channelLength = json.lastStringLength();
        return json.lastStringOr(start, channel);
    }

    private String text(final int start, final int length)
    {
        return json.text(start, length);
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
