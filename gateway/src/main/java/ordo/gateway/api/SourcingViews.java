package ordo.gateway.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import ordo.engine.Codes;
import ordo.engine.CommandType;
import ordo.engine.Ids;
import ordo.engine.PayloadReader;
import ordo.engine.Reply;

/**
 * JSON rendering of an order's SOURCING view (layout in {@code ReplyCodec}): the decision as it was made at
 * placement, every candidate node with why it won or lost, then each later backorder fill the same way (its
 * trigger named as {@code ordo journal dump} names the command at that sequence), then each line still waiting, as
 * a fill would plan it. Runs on the reply thread.
 */
final class SourcingViews
{
    private SourcingViews()
    {
    }

    static byte[] sourcing(final Reply reply)
    {
        final PayloadReader r = Views.reader(reply);
        return Views.json(g ->
        {
            g.writeStartObject();
            g.writeStringField("orderId", Ids.formatOrderId(r.readLong()));
            g.writeStringField("deliveryMethod", Codes.DeliveryMethod.fromCode(r.readByte()).name());
            g.writeStringField("serviceLevel", Codes.ServiceLevel.fromCode(r.readByte()).name());
            g.writeStringField("decidedAt", Views.time(r.readLong()));
            g.writeNumberField("sequence", r.readLong());
            final boolean located = r.readByte() != 0;
            final int lat = r.readInt();
            final int lon = r.readInt();
            if (located)
            {
                g.writeObjectFieldStart("shipTo");
                g.writeNumberField("lat", Views.degrees(lat));
                g.writeNumberField("lon", Views.degrees(lon));
                g.writeEndObject();
            }
            else
            {
                g.writeNullField("shipTo");
            }
            g.writeStringField("search", r.readByte() == 1 ? "EXACT" : "GREEDY");
            g.writeObjectFieldStart("plan");
            g.writeNumberField("shipments", r.readShort());
            g.writeNumberField("costMinor", r.readLong());
            final int maxShipments = r.readByte();
            if (maxShipments != 0)
            {
                g.writeNumberField("maxShipments", maxShipments);
            }
            g.writeEndObject();
            final int lineCount = r.readShort();
            final String[] skus = new String[lineCount];
            g.writeArrayFieldStart("lines");
            for (int i = 0; i < lineCount; i++)
            {
                skus[i] = r.readAsciiString();
                g.writeStartObject();
                g.writeStringField("sku", skus[i]);
                g.writeNumberField("requested", r.readInt());
                g.writeNumberField("fromReservation", r.readInt());
                g.writeNumberField("allocated", r.readInt());
                g.writeNumberField("backordered", r.readInt());
                g.writeNumberField("cancelled", r.readInt());
                g.writeEndObject();
            }
            g.writeEndArray();
            writeCandidates(g, r, skus);
            final int fills = r.readShort();
            g.writeArrayFieldStart("fills");
            for (int f = 0; f < fills; f++)
            {
                writeFill(g, r);
            }
            g.writeEndArray();
            g.writeNumberField("moreFills", r.readInt());
            g.writeNumberField("moreFillUnits", r.readLong());
            final int waiting = r.readShort();
            g.writeArrayFieldStart("waiting");
            for (int i = 0; i < waiting; i++)
            {
                writeWaiting(g, r);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeFill(final JsonGenerator g, final PayloadReader r) throws IOException
    {
        g.writeStartObject();
        g.writeStringField("decidedAt", Views.time(r.readLong()));
        g.writeNumberField("sequence", r.readLong());
        g.writeStringField("trigger", trigger(r.readByte()));
        g.writeStringField("search", r.readByte() == 1 ? "EXACT" : "GREEDY");
        g.writeObjectFieldStart("plan");
        g.writeNumberField("shipments", r.readShort());
        g.writeNumberField("costMinor", r.readLong());
        g.writeEndObject();
        final String sku = r.readAsciiString();
        g.writeStringField("sku", sku);
        g.writeNumberField("backorderedBefore", r.readInt());
        g.writeNumberField("allocated", r.readInt());
        g.writeNumberField("backorderedAfter", r.readInt());
        writeCandidates(g, r, new String[] {sku});
        g.writeEndObject();
    }

    /**
     * A line still backordered, planned as of the last command as a fill would plan it first in line: every candidate
     * with the reason it gives nothing (or what {@code aFillWouldGive} counts), and the waiting lines of older orders
     * a fill serves first.
     */
    private static void writeWaiting(final JsonGenerator g, final PayloadReader r) throws IOException
    {
        g.writeStartObject();
        final String sku = r.readAsciiString();
        g.writeStringField("sku", sku);
        g.writeNumberField("line", r.readShort());
        g.writeNumberField("backordered", r.readInt());
        g.writeNumberField("linesAhead", r.readInt());
        g.writeNumberField("aFillWouldGive", r.readInt());
        writeCandidates(g, r, new String[] {sku});
        g.writeEndObject();
    }

    /** The journaled command a fill ran in, or ENGINE_TIME: time moving on (an expired hold, a new day) before it. */
    private static String trigger(final int code)
    {
        if (code == 0)
        {
            return "ENGINE_TIME";
        }
        final CommandType type = CommandType.fromCode(code);
        return type == null ? "UNKNOWN_" + code : type.name();
    }

    private static void writeCandidates(final JsonGenerator g, final PayloadReader r, final String[] skus)
        throws IOException
    {
        final int candidates = r.readShort();
        g.writeArrayFieldStart("candidates");
        for (int i = 0; i < candidates; i++)
        {
            writeCandidate(g, r, skus);
        }
        g.writeEndArray();
    }

    private static void writeCandidate(final JsonGenerator g, final PayloadReader r, final String[] skus)
        throws IOException
    {
        g.writeStartObject();
        g.writeStringField("locationId", r.readAsciiString());
        g.writeStringField("type", Codes.LocationType.fromCode(r.readByte()).name());
        final Codes.SourcingReason reason = Codes.SourcingReason.fromCode(r.readByte());
        g.writeStringField("reason", reason.name());
        g.writeBooleanField("won", reason == Codes.SourcingReason.SELECTED ||
            reason == Codes.SourcingReason.RESERVED_HERE);
        writeKnown(g, "distanceMetres", r.readLong());
        writeKnown(g, "costMinor", r.readLong());
        writeKnown(g, "capacityLeft", r.readInt());
        g.writeNumberField("allocatedUnits", r.readInt());
        g.writeArrayFieldStart("atp");
        for (final String sku : skus)
        {
            g.writeStartObject();
            g.writeStringField("sku", sku);
            g.writeNumberField("units", r.readLong());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A count or amount where -1 means not known (or unlimited): null. */
    private static void writeKnown(final JsonGenerator g, final String field, final long value) throws IOException
    {
        if (value == -1)
        {
            g.writeNullField(field);
        }
        else
        {
            g.writeNumberField(field, value);
        }
    }
}
