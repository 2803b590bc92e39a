package ordo.gateway.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import ordo.engine.ByteSlice;
import ordo.engine.Codes;
import ordo.engine.Engine;
import ordo.engine.Ids;
import ordo.engine.PayloadReader;
import ordo.engine.Reply;
import ordo.gateway.http.JsonWriter;

/**
 * JSON renderings of the engine's reply views (layouts in {@code ReplyCodec}). Runs on the reply thread.
 */
public final class Views
{
    private static final JsonFactory JSON = JsonFactory.builder()
        .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);
    private static final ThreadLocal<byte[]> TIME_SCRATCH = ThreadLocal.withInitial(() -> new byte[Rfc3339.LENGTH]);
    private static final ThreadLocal<PayloadReader> READER = ThreadLocal.withInitial(PayloadReader::new);
    private static final ThreadLocal<ByteSlice> SLICE = ThreadLocal.withInitial(ByteSlice::new);
    /** An ASCII field is at most 255 bytes (its length is one byte). */
    private static final ThreadLocal<byte[]> ID_SCRATCH = ThreadLocal.withInitial(() -> new byte[255]);
    /** A share of the whole ATP in basis points: no pool (engine Channel.FULL_SHARE_BPS). */
    private static final int FULL_SHARE_BPS = 10_000;

    private Views()
    {
    }

    @FunctionalInterface
    interface Body
    {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * A view written by Jackson into this thread's reused buffer (an order's view is a few KB: a fresh stream grew
     * and copied itself several times per answer), then copied out once.
     */
    static byte[] json(final Body body)
    {
        final Output out = OUTPUT.get();
        out.reset();
        try (JsonGenerator g = JSON.createGenerator(out))
        {
            body.write(g);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        final byte[] bytes = out.toByteArray();
        out.trim();
        return bytes;
    }

    /** A byte stream that is reset rather than reallocated; one per thread, shrunk after an unusually large view. */
    private static final class Output extends ByteArrayOutputStream
    {
        private static final int INITIAL_BYTES = 4096;
        private static final int MAX_KEPT_BYTES = 256 * 1024;

        Output()
        {
            super(INITIAL_BYTES);
        }

        void trim()
        {
            if (buf.length > MAX_KEPT_BYTES)
            {
                buf = new byte[INITIAL_BYTES];
            }
        }
    }

    /** Decimal degrees from micro-degrees, exactly, without trailing zeros. */
    static BigDecimal degrees(final int micro)
    {
        return BigDecimal.valueOf(micro, 6).stripTrailingZeros();
    }

    static PayloadReader reader(final Reply reply)
    {
        return reply.readData(READER.get());
    }

    /** RFC 3339 UTC with milliseconds, as every answer writes times (also for {@code ordo journal dump}). */
    public static String time(final long epochMillis)
    {
        return Rfc3339.format(epochMillis);
    }

    /**
     * The problem the API answers a refused command of {@code type} with: its code, detail and the figures it names
     * (also for {@code ordo journal dump --outcomes}).
     */
    public static ordo.gateway.http.Problem refusal(final Reply reply, final ordo.engine.CommandType type)
    {
        return ResultProblems.of(reply, type);
    }

    /** The hot path's answer (every 201 of {@code POST /v1/reservations}): written by hand, see {@link JsonWriter}. */
    public static byte[] reservation(final Reply reply)
    {
        return writeReservation(reply).toByteArray();
    }

    /**
     * {@link #reservation} in this thread's {@link JsonWriter#local()}, for an answer written straight from it
     * (take the document before the thread writes another).
     */
    static JsonWriter writeReservation(final Reply reply)
    {
        final PayloadReader r = reply.readData(READER.get());
        final JsonWriter w = JsonWriter.local().startObject();
        final byte[] id = ID_SCRATCH.get();
        Ids.writeReservationId(r.readLong(), id, 0);
        w.name("reservationId").asciiString(id, 0, Ids.SERVER_ID_LENGTH);
        final Codes.ReservationStatus status = Codes.ReservationStatus.fromCode(r.readByte());
        w.name("status").string(status.name());
        writeAscii(w.name("channel"), r);
        writeAscii(w.name("customerId"), r);
        if (!writeAsciiUnlessEmpty(w.name("locationId"), r))
        {
            w.nullValue();
        }
        writeTime(w.name("createdAt"), r.readLong());
        writeTime(w.name("expiresAt"), r.readLong());
        final long endedAt = r.readLong();
        if (endedAt != 0)
        {
            writeTime(w.name("endedAt"), endedAt);
        }
        final int lines = r.readShort();
        w.name("lines").startArray();
        for (int i = 0; i < lines; i++)
        {
            w.startObject();
            writeAscii(w.name("sku"), r);
            w.name("qty").number(r.readInt());
            w.endObject();
        }
        w.endArray();
        if (status == Codes.ReservationStatus.CONVERTED)
        {
            // The order the hold became: a client whose order answer was lost finds it here.
            final long orderId = r.readLong();
            if (orderId != 0)
            {
                Ids.writeOrderId(orderId, id, 0);
                w.name("orderId").asciiString(id, 0, Ids.SERVER_ID_LENGTH);
            }
        }
        return w.endObject();
    }

    /** The next ASCII field as a JSON string (what {@code string(r.readAsciiString())} wrote). */
    static void writeAscii(final JsonWriter w, final PayloadReader r)
    {
        if (!writeAsciiUnlessEmpty(w, r))
        {
            w.string("");
        }
    }

    /**
     * The next ASCII field as a JSON string straight from the reply's bytes, when it is not empty: ids need no
     * escaping, so no {@code String} is made per id (a fifth of the reply thread's time on every hold). A field
     * with a byte that would need escaping, or is not ASCII, is read as a string as before, which writes the same.
     * False, with nothing written, when the field is empty.
     */
    static boolean writeAsciiUnlessEmpty(final JsonWriter w, final PayloadReader r)
    {
        final int start = r.position();
        final ByteSlice field = r.readAscii(SLICE.get());
        final int length = field.length();
        if (length == 0)
        {
            return false;
        }
        final byte[] scratch = ID_SCRATCH.get();
        if (copyPlain(field, scratch))
        {
            w.asciiString(scratch, 0, length);
        }
        else
        {
            r.position(start);
            w.string(r.readAsciiString());
        }
        return true;
    }

    /**
     * Copies {@code field}'s bytes into {@code into} when each is ASCII and needs no escaping in JSON, so that they
     * are, as they stand, the string {@code JsonWriter.string} would write: whether they were (and copied).
     */
    static boolean copyPlain(final ByteSlice field, final byte[] into)
    {
        for (int i = 0; i < field.length(); i++)
        {
            final byte b = field.byteAt(i);
            if (b < 0x20 || b == '"' || b == '\\')
            {
                return false;
            }
            into[i] = b;
        }
        return true;
    }

    static void writeTime(final JsonWriter w, final long epochMillis)
    {
        final byte[] scratch = TIME_SCRATCH.get();
        if (Rfc3339.write(epochMillis, scratch, 0))
        {
            w.asciiString(scratch, 0, Rfc3339.LENGTH);
        }
        else
        {
            w.string(Rfc3339.format(epochMillis));
        }
    }

    public static byte[] cell(final Reply reply)
    {
        final PayloadReader r = reply.readData(READER.get());
        return json(g ->
        {
            g.writeStartObject();
            g.writeStringField("sku", r.readAsciiString());
            g.writeStringField("locationId", r.readAsciiString());
            writeCounts(g, r.readLong(), r.readLong(), r.readLong(), r.readLong(), r.readLong());
            g.writeEndObject();
        });
    }

    /** The SOURCING view, as {@code GET /v1/orders/{id}/sourcing} answers it (also for {@code ordo journal replay}). */
    public static byte[] sourcing(final Reply reply)
    {
        return SourcingViews.sourcing(reply);
    }

    /** The HTTP status the API answers a result code with (also for {@code ordo journal dump --outcomes}). */
    public static int httpStatus(final ordo.engine.ResultCode code)
    {
        return ResultProblems.status(code);
    }

    /** The ORDER view, as {@code GET /v1/orders/{id}} answers it (also for {@code ordo journal replay}). */
    public static byte[] order(final Reply reply)
    {
        return OrderViews.order(reply);
    }

    /** The order's timeline, as {@code GET /v1/orders/{id}/events} answers it (also for {@code journal replay}). */
    public static byte[] orderEvents(final Reply reply)
    {
        return OrderViews.events(reply);
    }

    public static byte[] inventory(final Reply reply)
    {
        return inventory(reply, null);
    }

    /**
     * The INVENTORY view; with a channel's figures asked for a ship-to country ({@code ?country=}, null: none), the
     * channel's section names it, so a response kept by a cache says which country its {@code availableToShip} is for
     * (Review-226).
     */
    public static byte[] inventory(final Reply reply, final String country)
    {
        final PayloadReader r = reply.readData(READER.get());
        return json(g ->
        {
            g.writeStartObject();
            writeNetworkStock(g, r);
            final int locations = r.readShort();
            final String[] locationIds = new String[locations];
            g.writeArrayFieldStart("locations");
            for (int i = 0; i < locations; i++)
            {
                g.writeStartObject();
                locationIds[i] = r.readAsciiString();
                g.writeStringField("locationId", locationIds[i]);
                g.writeBooleanField("active", r.readByte() != 0);
                writeCounts(g, r.readLong(), r.readLong(), r.readLong(), r.readLong(), r.readLong());
                // Pickup orders' units waiting for this store (an order shipped waits for any node: network only).
                g.writeNumberField("backordered", r.readLong());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (r.remaining() > 0)
            {
                writeChannelStock(g, r, locationIds, country);
            }
            g.writeEndObject();
        });
    }

    /** A pool's share as the channel's pools give it: basis points as a decimal fraction (5 000 → 0.5, none → 1). */
    private static void writeShareOfAtp(final JsonGenerator g, final int shareBps) throws IOException
    {
        g.writeNumberField("shareOfAtp", BigDecimal.valueOf(shareBps, 4).stripTrailingZeros());
    }

    /** {@code "sku"} and the {@code "network"} figures (engine ReplyCodec.writeNetworkStock). */
    private static void writeNetworkStock(final JsonGenerator g, final PayloadReader r) throws IOException
    {
        g.writeStringField("sku", r.readAsciiString());
        g.writeObjectFieldStart("network");
        g.writeNumberField("onHand", r.readLong());
        final long reserved = r.readLong();
        final long allocated = r.readLong();
        g.writeNumberField("reserved", reserved);
        g.writeNumberField("allocated", allocated);
        final long atp = r.readLong();
        g.writeNumberField("atp", Math.max(0, atp));
        writeShortfall(g, reserved + allocated, atp);
        g.writeNumberField("backordered", r.readLong());
        // Holds placed against the whole network, which no node's figures show (a planner read a node's 30 as
        // available beside a network ATP of 0, and had to subtract: found in QA).
        g.writeNumberField("networkHolds", r.readLong());
        g.writeEndObject();
    }

    /**
     * A page of the stock feed ({@code GET /v1/inventory}): {@code channelId} when asked for one, {@code items} (each
     * SKU's network figures and, with a channel, what it may sell) and {@code nextCursor}.
     */
    public static byte[] stock(final Reply reply)
    {
        return stock(reply, null);
    }

    /**
     * {@link #stock(Reply)}, naming after the channel the ship-to country its figures are for (null: none asked), and
     * ending with {@code asOf}: the journal sequence it was read at, where the change feed ({@code ?since=}) goes on
     * from.
     */
    public static byte[] stock(final Reply reply, final String country)
    {
        final PayloadReader r = reply.readData(READER.get());
        return json(g ->
        {
            g.writeStartObject();
            writeStockItems(g, r, country);
            writeOptional(g, "nextCursor", r.readAsciiString());
            g.writeStringField("asOf", Long.toString(reply.seq()));
            g.writeEndObject();
        });
    }

    /**
     * A page of the stock change feed ({@code GET /v1/inventory?since=}): as {@link #stock}'s items, then
     * {@code nextSince} (where the next poll goes on from: a journal sequence, and after a page cut short the SKU it
     * stopped at, {@code seq:sku}) and {@code more} (whether more changes are there now).
     */
    public static byte[] stockChanges(final Reply reply, final String country)
    {
        final PayloadReader r = reply.readData(READER.get());
        return json(g ->
        {
            g.writeStartObject();
            writeStockItems(g, r, country);
            final long nextSeq = r.readLong();
            final String nextSku = r.readAsciiString();
            g.writeStringField("nextSince", nextSku.isEmpty() ? Long.toString(nextSeq) : nextSeq + ":" + nextSku);
            g.writeBooleanField("more", r.readByte() != 0);
            g.writeEndObject();
        });
    }

    /** The channel asked for (and its country) and the items of a page of the stock feed or of its changes. */
    private static void writeStockItems(final JsonGenerator g, final PayloadReader r, final String country)
        throws IOException
    {
        final String channel = r.readAsciiString();
        if (!channel.isEmpty())
        {
            g.writeStringField("channelId", channel);
            if (country != null)
            {
                g.writeStringField("country", country);
            }
        }
        final int count = r.readShort();
        g.writeArrayFieldStart("items");
        for (int i = 0; i < count; i++)
        {
            g.writeStartObject();
            writeNetworkStock(g, r);
            if (!channel.isEmpty())
            {
                g.writeObjectFieldStart("channel");
                writeShareOfAtp(g, r.readShort());
                g.writeNumberField("availableToSell", r.readLong());
                g.writeNumberField("availableToShip", r.readLong());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * What the channel asked about may sell ({@code ?channel=}; engine ChannelStock): to ship across the network and
     * at each node of the view, with its pool where it has one for the SKU.
     */
    private static void writeChannelStock(final JsonGenerator g, final PayloadReader r, final String[] locationIds,
        final String country) throws IOException
    {
        g.writeObjectFieldStart("channel");
        g.writeStringField("channelId", r.readAsciiString());
        if (country != null)
        {
            g.writeStringField("country", country);
        }
        final int shareBps = r.readShort();
        // The share of the pool for this SKU, as the channel's pools give it (1: no pool, the whole ATP).
        final boolean pooled = shareBps != FULL_SHARE_BPS;
        writeShareOfAtp(g, shareBps);
        g.writeNumberField("availableToSell", r.readLong());
        g.writeNumberField("availableToShip", r.readLong());
        // Its own network holds, which its pooled total gives less: shown where that total bounds it (a pool, or a
        // list of the locations it takes stock from).
        final long networkHolds = r.readLong();
        if (networkHolds >= 0)
        {
            g.writeNumberField("networkHolds", networkHolds);
        }
        g.writeArrayFieldStart("locations");
        for (final String locationId : locationIds)
        {
            g.writeStartObject();
            g.writeStringField("locationId", locationId);
            g.writeNumberField("availableToSell", r.readLong());
            final long poolShare = r.readLong();
            final long taken = r.readLong();
            if (pooled)
            {
                g.writeNumberField("poolShare", poolShare);
                g.writeNumberField("taken", taken);
            }
            // Whether the channel takes stock here: false where it is kept to other locations (sourcesFrom).
            g.writeBooleanField("sourced", r.readByte() != 0);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * A page of a node's stock ({@code GET /v1/locations/{id}/stock}; engine CatalogLists): {@code locationId},
     * {@code active}, {@code items} (each SKU's figures there, as its row of the inventory view) and
     * {@code nextCursor}.
     */
    public static byte[] locationStock(final Reply reply)
    {
        final PayloadReader r = reply.readData(READER.get());
        return json(g ->
        {
            g.writeStartObject();
            g.writeStringField("locationId", r.readAsciiString());
            g.writeBooleanField("active", r.readByte() != 0);
            final String channel = r.readAsciiString();
            if (!channel.isEmpty())
            {
                g.writeStringField("channelId", channel);
            }
            final int count = r.readShort();
            g.writeArrayFieldStart("items");
            for (int i = 0; i < count; i++)
            {
                g.writeStartObject();
                g.writeStringField("sku", r.readAsciiString());
                writeCounts(g, r.readLong(), r.readLong(), r.readLong(), r.readLong(), r.readLong());
                g.writeNumberField("backordered", r.readLong());
                if (!channel.isEmpty())
                {
                    g.writeNumberField("availableToSell", r.readLong());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            writeOptional(g, "nextCursor", r.readAsciiString());
            g.writeEndObject();
        });
    }

    /** ATP is shown never below zero; a node whose stock was counted below its commitments shows a shortfall. */
    private static void writeCounts(final JsonGenerator g, final long onHand, final long reserved,
        final long allocated, final long safetyStock, final long atp) throws IOException
    {
        g.writeNumberField("onHand", onHand);
        g.writeNumberField("reserved", reserved);
        g.writeNumberField("allocated", allocated);
        g.writeNumberField("safetyStock", safetyStock);
        g.writeNumberField("atp", Math.max(0, atp));
        writeShortfall(g, reserved + allocated, atp);
    }

    /**
     * The committed units (held and allocated) that the sellable stock ({@code onHand − safetyStock}, 0 at least)
     * does not cover, when there are any: {@code min(committed, −atp)}. Safety stock not met with nothing committed
     * owes nobody anything: {@code onHand 0, safetyStock 2} showed a shortfall of 2 (found in QA).
     */
    private static void writeShortfall(final JsonGenerator g, final long committed, final long atp)
        throws IOException
    {
        final long shortfall = atp < 0 ? Math.min(committed, -atp) : 0;
        if (shortfall > 0)
        {
            g.writeNumberField("shortfall", shortfall);
        }
    }

    public static byte[] location(final Reply reply)
    {
        final PayloadReader r = reply.readData(READER.get());
        return json(g -> writeLocation(g, r));
    }

    /** A page of locations ({@code GET /v1/locations}): {@code locations} and {@code nextCursor}. */
    public static byte[] locations(final Reply reply)
    {
        return page(reply, "locations", Views::writeLocation);
    }

    /** A page of SKUs ({@code GET /v1/skus}): {@code skus} and {@code nextCursor}. */
    public static byte[] skus(final Reply reply)
    {
        return page(reply, "skus", Views::writeSku);
    }

    /** A page of channels ({@code GET /v1/channels}): {@code channels} and {@code nextCursor}. */
    public static byte[] channels(final Reply reply)
    {
        return page(reply, "channels", Views::writeChannel);
    }

    /** One item of a page, as its own view. */
    private interface Item
    {
        void write(JsonGenerator g, PayloadReader r) throws IOException;
    }

    /** A page of a catalog list (engine CatalogLists): {@code count:u16 { item } next:ascii(empty = no more)}. */
    private static byte[] page(final Reply reply, final String field, final Item item)
    {
        final PayloadReader r = reply.readData(READER.get());
        return json(g ->
        {
            g.writeStartObject();
            final int count = r.readShort();
            g.writeArrayFieldStart(field);
            for (int i = 0; i < count; i++)
            {
                item.write(g, r);
            }
            g.writeEndArray();
            writeOptional(g, "nextCursor", r.readAsciiString());
            g.writeEndObject();
        });
    }

    private static void writeLocation(final JsonGenerator g, final PayloadReader r) throws IOException
    {
        g.writeStartObject();
        g.writeStringField("locationId", r.readAsciiString());
        g.writeStringField("type", Codes.LocationType.fromCode(r.readByte()).name());
        g.writeStringField("name", r.readTextString());
        g.writeNumberField("lat", degrees(r.readInt()));
        g.writeNumberField("lon", degrees(r.readInt()));
        g.writeStringField("countryCode", r.readAsciiString());
        final int caps = r.readByte();
        g.writeArrayFieldStart("capabilities");
        if ((caps & Codes.CAP_SHIP) != 0)
        {
            g.writeString("SHIP");
        }
        if ((caps & Codes.CAP_PICKUP) != 0)
        {
            g.writeString("PICKUP");
        }
        if ((caps & Codes.CAP_SHIP_FROM_STORE) != 0)
        {
            g.writeString("SHIP_FROM_STORE");
        }
        g.writeEndArray();
        g.writeNumberField("dailyOrderCapacity", r.readInt());
        final long cost = r.readLong();
        g.writeObjectFieldStart("handlingCost");
        g.writeNumberField("amountMinor", cost);
        g.writeStringField("currency", r.readAsciiString());
        g.writeEndObject();
        g.writeBooleanField("active", r.readByte() != 0);
        // A view an older build kept for an idempotent replay ends here: that location shipped anywhere.
        final int countries = r.remaining() > 0 ? r.readByte() : 0;
        if (countries == 0)
        {
            g.writeNullField("shipsTo");
        }
        else
        {
            g.writeArrayFieldStart("shipsTo");
            for (int i = 0; i < countries; i++)
            {
                g.writeString(new String(new char[]{(char)r.readByte(), (char)r.readByte()}));
            }
            g.writeEndArray();
        }
        // Likewise a view of a build before rules version 19: that location's day began at midnight UTC.
        final int dayStartsAt = r.remaining() >= 4 ? r.readShort() : 0;
        final int dayOffset = r.remaining() >= 2 ? (short)r.readShort() : 0;
        g.writeStringField("capacityDayStartsAt", Codes.dayStartText(dayStartsAt, dayOffset));
        g.writeEndObject();
    }

    public static byte[] sku(final Reply reply)
    {
        final PayloadReader r = reply.readData(READER.get());
        return json(g -> writeSku(g, r));
    }

    private static void writeSku(final JsonGenerator g, final PayloadReader r) throws IOException
    {
        g.writeStartObject();
        g.writeStringField("sku", r.readAsciiString());
        g.writeStringField("name", r.readTextString());
        g.writeNumberField("weightGrams", r.readInt());
        final int limit = r.readInt();
        if (limit > 0)
        {
            g.writeNumberField("perCustomerLimit", limit);
        }
        else
        {
            g.writeNullField("perCustomerLimit");
        }
        final long start = r.readLong();
        final long end = r.readLong();
        if (start != Long.MIN_VALUE)
        {
            g.writeStringField("saleStartsAt", time(start));
        }
        if (end != Long.MAX_VALUE)
        {
            g.writeStringField("saleEndsAt", time(end));
        }
        g.writeBooleanField("allowBackorders", r.readByte() != 0);
        g.writeEndObject();
    }

    public static byte[] channel(final Reply reply)
    {
        final PayloadReader r = reply.readData(READER.get());
        return json(g -> writeChannel(g, r));
    }

    private static void writeChannel(final JsonGenerator g, final PayloadReader r) throws IOException
    {
        g.writeStartObject();
        g.writeStringField("channelId", r.readAsciiString());
        g.writeStringField("kind", Codes.ChannelKind.fromCode(r.readByte()).name());
        g.writeStringField("name", r.readTextString());
        final int pools = r.readByte();
        g.writeArrayFieldStart("pools");
        for (int i = 0; i < pools; i++)
        {
            g.writeStartObject();
            final String sku = r.readAsciiString();
            g.writeStringField("sku", sku.isEmpty() ? ChannelRoutes.EVERY_SKU : sku);
            writeShareOfAtp(g, r.readShort());
            g.writeEndObject();
        }
        g.writeEndArray();
        // The locations it takes stock from; null: every location (engine Channel.sources).
        final int sources = r.readShort();
        if (sources == 0)
        {
            g.writeNullField("sourcesFrom");
        }
        else
        {
            g.writeArrayFieldStart("sourcesFrom");
            for (int i = 0; i < sources; i++)
            {
                g.writeString(r.readAsciiString());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** The POLICY view: the SET_SOURCING_POLICY body (layout in {@code SourcingPolicy}). */
    public static byte[] sourcingPolicy(final Reply reply)
    {
        final PayloadReader r = reply.readData(READER.get());
        return json(g ->
        {
            g.writeStartObject();
            g.writeNumberField("splitPenaltyMinor", r.readLong());
            g.writeNumberField("pickupReadyMinutes", r.readInt());
            g.writeObjectFieldStart("serviceLevels");
            for (final Codes.ServiceLevel level : Codes.ServiceLevel.values())
            {
                g.writeObjectFieldStart(level.name());
                g.writeNumberField("ratePerKmMinor", r.readLong());
                g.writeNumberField("radiusMetres", r.readLong());
                final int bands = r.readByte();
                g.writeArrayFieldStart("transit");
                for (int i = 0; i < bands; i++)
                {
                    g.writeStartObject();
                    g.writeNumberField("upToMetres", r.readLong());
                    g.writeNumberField("minutes", r.readInt());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            // Last in the policy's bytes; a view an older build kept for an idempotent replay ends before it.
            final int maxShipments = r.remaining() > 0 ? r.readByte() : 0;
            if (maxShipments == 0)
            {
                g.writeNullField("maxShipments");
            }
            else
            {
                g.writeNumberField("maxShipments", maxShipments);
            }
            g.writeEndObject();
        });
    }

    public static byte[] stateHash(final Reply reply)
    {
        return json(g ->
        {
            g.writeStartObject();
            g.writeNumberField("sequence", reply.a());
            g.writeStringField("stateHash", Engine.formatHash(reply.b()));
            g.writeEndObject();
        });
    }

    static void writeMoney(final JsonGenerator g, final String field, final long amountMinor,
        final String currency) throws IOException
    {
        g.writeObjectFieldStart(field);
        g.writeNumberField("amountMinor", amountMinor);
        g.writeStringField("currency", currency);
        g.writeEndObject();
    }

    /** A member that is always there: null when the view has nothing. */
    static void writeOptional(final JsonGenerator g, final String field, final String value)
        throws IOException
    {
        if (value.isEmpty())
        {
            g.writeNullField(field);
        }
        else
        {
            g.writeStringField(field, value);
        }
    }

    /** A member that is left out when the view has nothing. */
    static void writeIfPresent(final JsonGenerator g, final String field, final String value)
        throws IOException
    {
        if (!value.isEmpty())
        {
            g.writeStringField(field, value);
        }
    }

    /**
     * The SKU a refusal names ({@link #rejectedSku}) copied into {@code into} (255 bytes), when no byte of it needs
     * escaping in JSON and each is ASCII (every valid id): its length. -1 when the reply names no SKU or one with
     * such a byte; {@link #rejectedSku} reads those.
     */
    static int rejectedSkuBytes(final Reply reply, final byte[] into)
    {
        if (reply.dataLength() == 0)
        {
            return -1;
        }
        final ByteSlice sku = reply.readData(READER.get()).readAscii(SLICE.get());
        return copyPlain(sku, into) ? sku.length() : -1;
    }

    /** The SKU id a line reject names, or null. */
    static String rejectedSku(final Reply reply)
    {
        if (reply.dataLength() == 0)
        {
            return null;
        }
        return reply.readData(READER.get()).readAsciiString();
    }
}
