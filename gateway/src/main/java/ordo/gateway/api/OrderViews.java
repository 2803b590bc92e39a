package ordo.gateway.api;

import ordo.engine.ByteSlice;
import ordo.engine.Codes;
import ordo.engine.CommandCodec;
import ordo.engine.Ids;
import ordo.engine.PayloadReader;
import ordo.engine.Reply;
import ordo.gateway.auth.Role;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.JsonWriter;

/**
 * JSON renderings of the engine's order views (ORDER, ORDER_EVENTS, SOURCING, ORDER_LIST; layouts in
 * {@code ReplyCodec}). Runs on the reply thread. Where the layout says "none" with an empty string or 0, the JSON
 * says null (or leaves an optional member out), never an empty string.
 */
final class OrderViews
{
    private OrderViews()
    {
    }

    /** The per-thread scratch of {@link #order}: the view's lines and allocations, read before they are written. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * An ORDER view (every answer of {@code POST /v1/orders}, and of the order's queries and actions), written by hand
     * into this thread's {@link JsonWriter}: the bytes Jackson's generator wrote for it (the test keeps that version
     * as the oracle, {@code OrderViewJackson}), without the generator, a String per field, or a record per line and
     * allocation — a Jackson-written view was the reply thread's largest cost in placing an order over HTTP and
     * most of its garbage (docs/BENCHMARKS.md, sixteenth round). The view's payment status comes after its
     * allocations, but the JSON shows it with the payment, before the lines: lines and allocations are read first,
     * into scratch arrays, and their ids read again from the view where they are written.
     */
    static byte[] order(final Reply reply)
    {
        return writeOrder(reply, false).toByteArray();
    }

    /**
     * The order as a store's key sees it ({@link #forCaller}): without what the counter has no use for and the
     * customer would not want it shown — the client's IP address, the payment's fingerprint and the fraud screen's
     * verdict, score, reasons and reviewer's note (QA-272: a store read them of every web order picked up there).
     * Customer, lines, status and payment status stay: the counter hands the order over and may take its payment.
     */
    static byte[] counterOrder(final Reply reply)
    {
        return writeOrder(reply, true).toByteArray();
    }

    /** An order's timeline as a store's key sees it: screening and review events without score, reasons or note. */
    static byte[] counterEvents(final Reply reply)
    {
        return events(reply, true);
    }

    /** The order view for the caller: {@link #counterOrder} for a store's key, else the whole view. */
    static CommandBridge.Renderer forCaller(final HttpExchange ex)
    {
        return ex.principal().role() == Role.STORE ? OrderViews::counterOrder : OrderViews::order;
    }

    /** The timeline for the caller: {@link #counterEvents} for a store's key, else the whole timeline. */
    static CommandBridge.Renderer eventsForCaller(final HttpExchange ex)
    {
        return ex.principal().role() == Role.STORE ? OrderViews::counterEvents : OrderViews::events;
    }

    static JsonWriter writeOrder(final Reply reply, final boolean counter)
    {
        final PayloadReader r = Views.reader(reply);
        final Scratch s = SCRATCH.get();
        final JsonWriter w = JsonWriter.local().startObject();
        Ids.writeOrderId(r.readLong(), s.id, 0);
        w.name("orderId").asciiString(s.id, 0, Ids.SERVER_ID_LENGTH);
        w.name("status").string(orderStatus(r.readByte()));
        Views.writeAscii(w.name("channel"), r);
        optionalAscii(w, "externalId", r, s);
        w.name("customer").startObject();
        Views.writeAscii(w.name("id"), r);
        writeText(w.name("email"), r, s);
        textIfPresent(w, "phone", r, s);
        w.endObject();
        w.name("deliveryMethod").string(Codes.DeliveryMethod.fromCode(r.readByte()).name());
        w.name("serviceLevel").string(Codes.ServiceLevel.fromCode(r.readByte()).name());
        optionalAscii(w, "pickupLocationId", r, s);
        writeShipTo(w, r, s);
        asciiIfPresent(w, "billingCountryCode", r, s);
        if (counter)
        {
            skipAscii(r, s);
        }
        else
        {
            asciiIfPresent(w, "clientIp", r, s);
        }
        final int provider = skipAscii(r, s);
        final int reference = skipAscii(r, s);
        final long paymentAmountMinor = r.readLong();
        final int paymentCurrency = skipAscii(r, s);
        final int currency = skipAscii(r, s);
        final long reservation = r.readLong();
        final long createdAt = r.readLong();
        final long updatedAt = r.readLong();
        final long promised = r.readLong();
        final int lines = readLines(r, s);
        final int allocations = readAllocations(r, s);

        // Where the payment stands comes after the allocations in the view, but reads best next to the payment.
        w.name("payment").startObject();
        asciiAt(w.name("provider"), r, provider);
        if (asciiLength(r, reference) > 0)
        {
            asciiAt(w.name("reference"), r, reference);
        }
        writeMoney(w, "amount", paymentAmountMinor, r, paymentCurrency);
        final Codes.PaymentStatus status = Codes.PaymentStatus.fromCode(r.readByte());
        w.name("status").string(status == null ? "UNKNOWN" : status.name());
        writeMoney(w, "authorized", r.readLong(), r, currency);
        writeMoney(w, "captured", r.readLong(), r, currency);
        writeMoney(w, "refunded", r.readLong(), r, currency);
        optionalText(w, "problem", r, s);
        if (counter)
        {
            skipAscii(r, s);
        }
        else
        {
            asciiIfPresent(w, "fingerprint", r, s);
        }
        w.endObject();
        final int fraud = r.position();
        // Read ahead past the fraud screen: the view ends with the shipment limit (rules version 14), then the
        // charges and the totals (16). A view an older build kept for an idempotent replay ends sooner: its order had
        // no limit and no charges.
        skipFraud(r, s);
        final int maxShipments = r.remaining() > 0 ? r.readByte() : 0;
        final int charges = r.remaining() > 0 ? r.position() : -1;

        asciiAt(w.name("currency"), r, currency);
        if (reservation == 0)
        {
            w.name("reservationId").nullValue();
        }
        else
        {
            Ids.writeReservationId(reservation, s.id, 0);
            w.name("reservationId").asciiString(s.id, 0, Ids.SERVER_ID_LENGTH);
        }
        Views.writeTime(w.name("createdAt"), createdAt);
        Views.writeTime(w.name("updatedAt"), updatedAt);
        if (promised == 0)
        {
            w.name("promisedDeliveryBy").nullValue();
        }
        else
        {
            Views.writeTime(w.name("promisedDeliveryBy"), promised);
        }
        w.name("lines").startArray();
        long units = 0;
        long amountMinor = 0;
        for (int i = 0; i < lines; i++)
        {
            w.startObject();
            asciiAt(w.name("sku"), r, s.sku[i]);
            w.name("qty").number(s.qty[i]);
            writeMoney(w, "unitPrice", s.unitPrice[i], r, currency);
            w.name("allocated").number(s.allocated[i]);
            w.name("backordered").number(s.backordered[i]);
            w.name("cancelled").number(s.cancelled[i]);
            w.endObject();
            units += s.qty[i] - s.cancelled[i];
            amountMinor += (s.qty[i] - s.cancelled[i]) * s.unitPrice[i];
        }
        w.endArray();
        writeAllocations(w, r, s, allocations);
        writeShipments(w, r, s, allocations);
        long orderedMinor = 0;
        for (int i = 0; i < lines; i++)
        {
            orderedMinor += s.qty[i] * s.unitPrice[i];
        }
        w.name("charges").startArray();
        if (charges >= 0)
        {
            r.position(charges);
            final int count = r.readByte();
            for (int i = 0; i < count; i++)
            {
                w.startObject();
                final Codes.ChargeKind kind = Codes.ChargeKind.fromCode(r.readByte());
                w.name("type").string(kind == null ? "UNKNOWN" : kind.name());
                final long chargeMinor = r.readLong();
                textIfPresent(w, "name", r, s);
                writeMoney(w, "amount", chargeMinor, r, currency);
                w.endObject();
            }
            orderedMinor = r.readLong();
            amountMinor = r.readLong();
        }
        w.endArray();
        w.name("totals").startObject();
        w.name("units").number(units);
        writeMoney(w, "amount", amountMinor, r, currency);
        writeMoney(w, "ordered", orderedMinor, r, currency);
        w.endObject();
        if (!counter)
        {
            r.position(fraud);
            writeFraud(w, r, s);
        }
        if (maxShipments != 0)
        {
            w.name("maxShipments").number(maxShipments);
        }
        return w.endObject();
    }

    /** The order's lines and allocations as read from an ORDER view; ids as their places in the view. */
    private static final class Scratch
    {
        final ByteSlice slice = new ByteSlice();
        final byte[] id = new byte[Ids.SERVER_ID_LENGTH];
        byte[] text = new byte[256];
        final int[] sku = new int[CommandCodec.MAX_LINES];
        final int[] qty = new int[CommandCodec.MAX_LINES];
        final long[] unitPrice = new long[CommandCodec.MAX_LINES];
        final int[] allocated = new int[CommandCodec.MAX_LINES];
        final int[] backordered = new int[CommandCodec.MAX_LINES];
        final int[] cancelled = new int[CommandCodec.MAX_LINES];
        int[] allocationLine = new int[16];
        int[] location = new int[16];
        int[] allocationQty = new int[16];
        long[] allocatedAt = new long[16];
        /**
         * Per allocation: the first allocation of its line at its location (its row), and the first allocation at its
         * location (its shipment); per row, its units and latest time (kept at the row's first allocation); per
         * shipment, its rows in order ({@link #groupAllocations}). The hash tables hold allocation indexes + 1.
         */
        int[] row = new int[16];
        int[] shipment = new int[16];
        int[] rowQty = new int[16];
        long[] rowLatest = new long[16];
        int[] nextRowAtShipment = new int[16];
        int[] lastRowAtShipment = new int[16];
        int[] rowTable = new int[32];
        int[] shipmentTable = new int[32];

        byte[] text(final int length)
        {
            if (text.length < length)
            {
                text = new byte[Math.max(length, 2 * text.length)];
            }
            return text;
        }

        void allocations(final int count)
        {
            if (allocationLine.length < count)
            {
                final int size = Math.max(count, 2 * allocationLine.length);
                allocationLine = new int[size];
                location = new int[size];
                allocationQty = new int[size];
                allocatedAt = new long[size];
                row = new int[size];
                shipment = new int[size];
                rowQty = new int[size];
                rowLatest = new long[size];
                nextRowAtShipment = new int[size];
                lastRowAtShipment = new int[size];
            }
            final int tableSize = Math.max(32, Integer.highestOneBit(Math.max(1, 2 * count - 1)) << 1);
            if (rowTable.length < tableSize)
            {
                rowTable = new int[tableSize];
                shipmentTable = new int[tableSize];
            }
        }
    }

    private static int readLines(final PayloadReader r, final Scratch s)
    {
        final int count = r.readShort();
        if (count > CommandCodec.MAX_LINES)
        {
            throw new IllegalStateException("an order view with " + count + " lines");
        }
        for (int i = 0; i < count; i++)
        {
            s.sku[i] = skipAscii(r, s);
            s.qty[i] = r.readInt();
            s.unitPrice[i] = r.readLong();
            s.allocated[i] = r.readInt();
            s.backordered[i] = r.readInt();
            s.cancelled[i] = r.readInt();
        }
        return count;
    }

    private static int readAllocations(final PayloadReader r, final Scratch s)
    {
        final int count = r.readInt();
        if (count < 0 || count > r.remaining())
        {
            throw new IllegalStateException("an order view with " + count + " allocations");
        }
        s.allocations(count);
        for (int a = 0; a < count; a++)
        {
            s.allocationLine[a] = r.readShort();
            s.location[a] = skipAscii(r, s);
            s.allocationQty[a] = r.readInt();
            s.allocatedAt[a] = r.readLong();
        }
        return count;
    }

    /**
     * Groups the view's allocations, in one pass over them: each one's row (its line at its location) and shipment
     * (its location), both named by their first allocation, found through open-addressing tables keyed by the
     * location's bytes (and the line); each row's units summed and latest time kept; each shipment's rows chained in
     * the order they first appear. Scanning the later allocations for each one made an order of 12 800 allocations
     * take 0.2 s to show (Review-226).
     */
    private static void groupAllocations(final PayloadReader r, final Scratch s, final int allocations)
    {
        // A table of twice the allocations or more (a power of two), cleared as far as it is used: a thread's scratch
        // keeps the tables a large order grew, and clearing all of them for every small one cost as much.
        final int size = Math.max(32, Integer.highestOneBit(Math.max(1, 2 * allocations - 1)) << 1);
        final int mask = size - 1;
        java.util.Arrays.fill(s.rowTable, 0, size, 0);
        java.util.Arrays.fill(s.shipmentTable, 0, size, 0);
        for (int a = 0; a < allocations; a++)
        {
            final int locationHash = hashAscii(r, s.location[a]);
            int slot = locationHash & mask;
            while (s.shipmentTable[slot] != 0 && !sameAscii(r, s.location[s.shipmentTable[slot] - 1], s.location[a]))
            {
                slot = (slot + 1) & mask;
            }
            if (s.shipmentTable[slot] == 0)
            {
                s.shipmentTable[slot] = a + 1;
                s.lastRowAtShipment[a] = -1;
            }
            final int shipment = s.shipmentTable[slot] - 1;
            s.shipment[a] = shipment;
            slot = (locationHash * 31 + s.allocationLine[a]) * 0x9E3779B9 >>> 7 & mask;
            while (s.rowTable[slot] != 0 && !(s.allocationLine[s.rowTable[slot] - 1] == s.allocationLine[a] &&
                s.shipment[s.rowTable[slot] - 1] == shipment))
            {
                slot = (slot + 1) & mask;
            }
            if (s.rowTable[slot] == 0)
            {
                s.rowTable[slot] = a + 1;
                s.rowQty[a] = 0;
                s.rowLatest[a] = Long.MIN_VALUE;
                // The row joins its shipment's chain, after the rows there before it; a shipment's first row is its
                // first allocation, which starts the chain.
                s.nextRowAtShipment[a] = -1;
                if (s.lastRowAtShipment[shipment] >= 0)
                {
                    s.nextRowAtShipment[s.lastRowAtShipment[shipment]] = a;
                }
                s.lastRowAtShipment[shipment] = a;
            }
            final int row = s.rowTable[slot] - 1;
            s.row[a] = row;
            s.rowQty[row] += s.allocationQty[a];
            s.rowLatest[row] = Math.max(s.rowLatest[row], s.allocatedAt[a]);
        }
    }

    /**
     * A hash of the ASCII field at {@code at}: FNV-1a over its length and bytes, then mixed (a multiply-by-31 hash gave
     * whole families of ids one value, "Aa" and "BB" alike: Review-228).
     */
    private static int hashAscii(final PayloadReader r, final int at)
    {
        final org.agrona.DirectBuffer buffer = r.buffer();
        final int length = buffer.getByte(at) & 0xFF;
        int h = 0x811C9DC5 ^ length;
        for (int i = 1; i <= length; i++)
        {
            h = (h ^ (buffer.getByte(at + i) & 0xFF)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }

    /**
     * One row per line and location, as the contract has it ({@code line → location, qty}), in first-allocation
     * order: the order keeps each allocation it was given (a placement's, each backorder fill's, a converted hold's
     * beside fresh units at its node), and a backorder filled a unit at a time showed 19 rows of one unit each for one
     * SKU at one node, which a connector keying rows by SKU and node under-picked (QA-225). {@code qty} sums the
     * open units; {@code allocatedAt} is when the row last took units.
     */
    private static void writeAllocations(final JsonWriter w, final PayloadReader r, final Scratch s,
        final int allocations)
    {
        groupAllocations(r, s, allocations);
        w.name("allocations").startArray();
        for (int a = 0; a < allocations; a++)
        {
            if (s.row[a] != a)
            {
                continue;
            }
            w.startObject();
            asciiAt(w.name("sku"), r, s.sku[s.allocationLine[a]]);
            asciiAt(w.name("locationId"), r, s.location[a]);
            w.name("qty").number(s.rowQty[a]);
            Views.writeTime(w.name("allocatedAt"), s.rowLatest[a]);
            w.endObject();
        }
        w.endArray();
    }

    /**
     * One planned shipment per location, in first-allocation order, each line's units there summed, lines in the
     * order they first appear there (what grouping into linked maps gave): the rows {@link #groupAllocations} chained.
     */
    private static void writeShipments(final JsonWriter w, final PayloadReader r, final Scratch s,
        final int allocations)
    {
        w.name("shipments").startArray();
        for (int first = 0; first < allocations; first++)
        {
            if (s.shipment[first] != first)
            {
                continue;
            }
            w.startObject();
            asciiAt(w.name("locationId"), r, s.location[first]);
            w.name("status").string("PLANNED");
            w.name("lines").startArray();
            for (int row = first; row >= 0; row = s.nextRowAtShipment[row])
            {
                w.startObject();
                asciiAt(w.name("sku"), r, s.sku[s.allocationLine[row]]);
                w.name("qty").number(s.rowQty[row]);
                w.endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
    }

    /** Steps over the view's fraud screen (as {@link #writeFraud} reads it). */
    private static void skipFraud(final PayloadReader r, final Scratch s)
    {
        r.readByte();
        r.readInt();
        final int reasons = r.readByte();
        for (int i = 0; i < reasons; i++)
        {
            r.readByte();
            r.readInt();
        }
        r.readAscii(s.slice);
        r.readText(s.slice);
    }

    /** The fraud screen's verdict (null before screening), its score and reasons, and a reviewer's word. */
    private static void writeFraud(final JsonWriter w, final PayloadReader r, final Scratch s)
    {
        w.name("fraud").startObject();
        final Codes.FraudDecision decision = Codes.FraudDecision.fromCode(r.readByte());
        if (decision == null)
        {
            w.name("decision").nullValue();
        }
        else
        {
            w.name("decision").string(decision.name());
        }
        w.name("score").number(r.readInt());
        final int reasons = r.readByte();
        w.name("reasons").startArray();
        for (int i = 0; i < reasons; i++)
        {
            w.startObject();
            final Codes.FraudReason reason = Codes.FraudReason.fromCode(r.readByte());
            w.name("reason").string(reason == null ? "UNKNOWN" : reason.name());
            w.name("points").number(r.readInt());
            w.endObject();
        }
        w.endArray();
        asciiIfPresent(w, "reviewer", r, s);
        textIfPresent(w, "note", r, s);
        w.endObject();
    }

    private static void writeShipTo(final JsonWriter w, final PayloadReader r, final Scratch s)
    {
        final int name = r.position();
        final boolean empty = textEmpty(r, s) & textEmpty(r, s) & textEmpty(r, s) & textEmpty(r, s) &
            r.readAscii(s.slice).length() == 0;
        final boolean located = r.readByte() != 0;
        final int lat = r.readInt();
        final int lon = r.readInt();
        final int after = r.position();
        if (empty && !located)
        {
            // A pickup order sent no address.
            w.name("shipTo").nullValue();
            return;
        }
        r.position(name);
        w.name("shipTo").startObject();
        writeText(w.name("name"), r, s);
        writeText(w.name("line1"), r, s);
        writeText(w.name("city"), r, s);
        writeText(w.name("postalCode"), r, s);
        Views.writeAscii(w.name("countryCode"), r);
        if (located)
        {
            w.name("lat").decimal(lat, 6);
            w.name("lon").decimal(lon, 6);
        }
        w.endObject();
        r.position(after);
    }

    private static void writeMoney(final JsonWriter w, final String field, final long amountMinor,
        final PayloadReader r, final int currency)
    {
        w.name(field).startObject();
        w.name("amountMinor").number(amountMinor);
        asciiAt(w.name("currency"), r, currency);
        w.endObject();
    }

    /** Steps over an ASCII field: its place in the view, to write it from there later ({@link #asciiAt}). */
    private static int skipAscii(final PayloadReader r, final Scratch s)
    {
        final int at = r.position();
        r.readAscii(s.slice);
        return at;
    }

    private static int asciiLength(final PayloadReader r, final int at)
    {
        return r.buffer().getByte(at) & 0xFF;
    }

    /** The ASCII field at {@code at} as a JSON string (as {@code string(readAsciiString())} there wrote it). */
    private static void asciiAt(final JsonWriter w, final PayloadReader r, final int at)
    {
        final int back = r.position();
        r.position(at);
        Views.writeAscii(w, r);
        r.position(back);
    }

    /** Whether the ASCII fields at {@code a} and {@code b} hold the same bytes. */
    private static boolean sameAscii(final PayloadReader r, final int a, final int b)
    {
        if (a == b)
        {
            return true;
        }
        final org.agrona.DirectBuffer buffer = r.buffer();
        final int length = buffer.getByte(a) & 0xFF;
        if ((buffer.getByte(b) & 0xFF) != length)
        {
            return false;
        }
        for (int i = 1; i <= length; i++)
        {
            if (buffer.getByte(a + i) != buffer.getByte(b + i))
            {
                return false;
            }
        }
        return true;
    }

    /** A member always there: the next ASCII field, or null when it is empty. */
    private static void optionalAscii(final JsonWriter w, final String field, final PayloadReader r,
        final Scratch s)
    {
        final int at = skipAscii(r, s);
        if (s.slice.length() == 0)
        {
            w.name(field).nullValue();
        }
        else
        {
            asciiAt(w.name(field), r, at);
        }
    }

    /** A member left out when the next ASCII field is empty. */
    private static void asciiIfPresent(final JsonWriter w, final String field, final PayloadReader r,
        final Scratch s)
    {
        final int at = skipAscii(r, s);
        if (s.slice.length() > 0)
        {
            asciiAt(w.name(field), r, at);
        }
    }

    /** Steps over a text field: whether it is empty. */
    private static boolean textEmpty(final PayloadReader r, final Scratch s)
    {
        return r.readText(s.slice).length() == 0;
    }

    /** A member always there: the next text field, or null when it is empty. */
    private static void optionalText(final JsonWriter w, final String field, final PayloadReader r, final Scratch s)
    {
        final int at = r.position();
        if (textEmpty(r, s))
        {
            w.name(field).nullValue();
            return;
        }
        r.position(at);
        writeText(w.name(field), r, s);
    }

    /** A member left out when the next text field is empty. */
    private static void textIfPresent(final JsonWriter w, final String field, final PayloadReader r,
        final Scratch s)
    {
        final int at = r.position();
        if (!textEmpty(r, s))
        {
            r.position(at);
            writeText(w.name(field), r, s);
        }
    }

    /**
     * The next text field (UTF-8) as a JSON string: its bytes as they are when each is ASCII and needs no escaping
     * (what {@code string(readTextString())} writes then), through a String otherwise.
     */
    private static void writeText(final JsonWriter w, final PayloadReader r, final Scratch s)
    {
        final int at = r.position();
        final ByteSlice text = r.readText(s.slice);
        final byte[] bytes = s.text(text.length());
        if (Views.copyPlain(text, bytes))
        {
            w.asciiString(bytes, 0, text.length());
        }
        else
        {
            r.position(at);
            w.string(r.readTextString());
        }
    }

    static byte[] events(final Reply reply)
    {
        return events(reply, false);
    }

    private static byte[] events(final Reply reply, final boolean counter)
    {
        final PayloadReader r = Views.reader(reply);
        return Views.json(g ->
        {
            g.writeStartObject();
            g.writeStringField("orderId", Ids.formatOrderId(r.readLong()));
            g.writeStringField("status", orderStatus(r.readByte()));
            final long reservationId = r.readLong();
            final int count = r.readInt();
            g.writeArrayFieldStart("events");
            for (int i = 0; i < count; i++)
            {
                g.writeStartObject();
                g.writeNumberField("sequence", r.readLong());
                g.writeStringField("time", Views.time(r.readLong()));
                final Codes.OrderEventType type = Codes.OrderEventType.fromCode(r.readByte());
                g.writeStringField("type", type.name());
                final int statusAfter = r.readByte();
                final int line = (short)r.readShort();
                final String sku = r.readAsciiString();
                final String location = r.readAsciiString();
                final int qty = r.readInt();
                final String note = r.readTextString();
                // API.md: every event with sequence, time, type, data — what the event's type carries is in data.
                g.writeObjectFieldStart("data");
                if (type == Codes.OrderEventType.STATUS_CHANGED)
                {
                    g.writeStringField("status", orderStatus(statusAfter));
                }
                Views.writeIfPresent(g, "sku", sku);
                if (line >= 0)
                {
                    g.writeNumberField("line", line);
                }
                Views.writeIfPresent(g, "locationId", location);
                if (type == Codes.OrderEventType.RESERVATION_CONVERTED)
                {
                    // The hold the order converted (an order converts at most one, when it is placed).
                    g.writeStringField("reservationId", Ids.formatReservationId(reservationId));
                }
                if (carriesUnits(type))
                {
                    g.writeNumberField("qty", qty);
                }
                final boolean fraudEvent = type == Codes.OrderEventType.FRAUD_SCREENED ||
                    type == Codes.OrderEventType.FRAUD_REVIEWED;
                if (fraudEvent && !counter)
                {
                    g.writeNumberField("score", qty);
                }
                if (!(fraudEvent && counter))
                {
                    Views.writeIfPresent(g, "note", note);
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static boolean carriesUnits(final Codes.OrderEventType type)
    {
        return switch (type)
        {
            case RESERVATION_CONVERTED, ALLOCATED, BACKORDERED, SHORTFALL_CANCELLED, BACKORDER_ALLOCATED,
                UNITS_CANCELLED -> true;
            case CREATED, STATUS_CHANGED, FRAUD_SCREENED, FRAUD_REVIEWED, PAYMENT_REQUESTED, PAYMENT_UPDATED -> false;
        };
    }

    static byte[] list(final Reply reply)
    {
        final PayloadReader r = Views.reader(reply);
        return Views.json(g ->
        {
            g.writeStartObject();
            final int count = r.readShort();
            g.writeArrayFieldStart("orders");
            for (int i = 0; i < count; i++)
            {
                g.writeStartObject();
                g.writeStringField("orderId", Ids.formatOrderId(r.readLong()));
                g.writeStringField("status", orderStatus(r.readByte()));
                g.writeStringField("channel", r.readAsciiString());
                Views.writeOptional(g, "externalId", r.readAsciiString());
                g.writeStringField("customerId", r.readAsciiString());
                g.writeStringField("createdAt", Views.time(r.readLong()));
                g.writeStringField("updatedAt", Views.time(r.readLong()));
                g.writeNumberField("units", r.readLong());
                final long total = r.readLong();
                Views.writeMoney(g, "total", total, r.readAsciiString());
                g.writeStringField("deliveryMethod", Codes.DeliveryMethod.fromCode(r.readByte()).name());
                Views.writeOptional(g, "pickupLocationId", r.readAsciiString());
                g.writeEndObject();
            }
            g.writeEndArray();
            final long next = r.readLong();
            Views.writeOptional(g, "nextCursor", next == 0 ? "" : Ids.formatOrderId(next));
            g.writeEndObject();
        });
    }

    static String orderStatus(final int code)
    {
        return Codes.OrderStatus.fromCode(code).name();
    }
}
