package ordo.gateway.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import ordo.engine.Codes;
import ordo.engine.Ids;
import ordo.engine.PayloadReader;
import ordo.engine.Reply;

/**
 * The ORDER view as Jackson's generator wrote it until {@link OrderViews#order} wrote it by hand: kept as the oracle
 * the hand-written one must match byte for byte ({@code OrderViewJsonTest}).
 */
final class OrderViewJackson
{
    private OrderViewJackson()
    {
    }

    /** One order line as read from the view, to total and group after the whole view is read. */
    private record Line(String sku, int qty, long unitPriceMinor, int allocated, int backordered, int cancelled)
    {
    }

    private record Allocation(int line, String locationId, int qty, long allocatedAt)
    {
    }

    private record Payment(String provider, String reference, long amountMinor, String currency,
        Codes.PaymentStatus status, long authorizedMinor, long capturedMinor, long refundedMinor, String problem,
        String fingerprint)
    {
    }

    static byte[] order(final Reply reply)
    {
        final PayloadReader r = Views.reader(reply);
        return Views.json(g ->
        {
            g.writeStartObject();
            g.writeStringField("orderId", Ids.formatOrderId(r.readLong()));
            g.writeStringField("status", OrderViews.orderStatus(r.readByte()));
            g.writeStringField("channel", r.readAsciiString());
            Views.writeOptional(g, "externalId", r.readAsciiString());
            g.writeObjectFieldStart("customer");
            g.writeStringField("id", r.readAsciiString());
            g.writeStringField("email", r.readTextString());
            Views.writeIfPresent(g, "phone", r.readTextString());
            g.writeEndObject();
            g.writeStringField("deliveryMethod", Codes.DeliveryMethod.fromCode(r.readByte()).name());
            g.writeStringField("serviceLevel", Codes.ServiceLevel.fromCode(r.readByte()).name());
            Views.writeOptional(g, "pickupLocationId", r.readAsciiString());
            writeShipTo(g, r);
            Views.writeIfPresent(g, "billingCountryCode", r.readAsciiString());
            Views.writeIfPresent(g, "clientIp", r.readAsciiString());
            final String provider = r.readAsciiString();
            final String reference = r.readAsciiString();
            final long paymentAmountMinor = r.readLong();
            final String paymentCurrency = r.readAsciiString();
            final String currency = r.readAsciiString();
            final long reservation = r.readLong();
            final long createdAt = r.readLong();
            final long updatedAt = r.readLong();
            final long promised = r.readLong();
            final List<Line> lines = readLines(r);
            final List<Allocation> allocations = readAllocations(r);
            // Where the payment stands comes after the allocations in the view, but reads best next to the payment.
            final Payment payment = new Payment(provider, reference, paymentAmountMinor, paymentCurrency,
                Codes.PaymentStatus.fromCode(r.readByte()), r.readLong(), r.readLong(), r.readLong(),
                r.readTextString(), r.readAsciiString());
            writePayment(g, payment, currency);
            g.writeStringField("currency", currency);
            Views.writeOptional(g, "reservationId",
                reservation == 0 ? "" : Ids.formatReservationId(reservation));
            g.writeStringField("createdAt", Views.time(createdAt));
            g.writeStringField("updatedAt", Views.time(updatedAt));
            Views.writeOptional(g, "promisedDeliveryBy", promised == 0 ? "" : Views.time(promised));
            g.writeArrayFieldStart("lines");
            long units = 0;
            long amountMinor = 0;
            for (final Line line : lines)
            {
                g.writeStartObject();
                g.writeStringField("sku", line.sku);
                g.writeNumberField("qty", line.qty);
                Views.writeMoney(g, "unitPrice", line.unitPriceMinor, currency);
                g.writeNumberField("allocated", line.allocated);
                g.writeNumberField("backordered", line.backordered);
                g.writeNumberField("cancelled", line.cancelled);
                g.writeEndObject();
                units += line.qty - line.cancelled;
                amountMinor += (line.qty - line.cancelled) * line.unitPriceMinor;
            }
            g.writeEndArray();
            g.writeArrayFieldStart("allocations");
            for (final Allocation allocation : merged(allocations))
            {
                g.writeStartObject();
                g.writeStringField("sku", lines.get(allocation.line).sku);
                g.writeStringField("locationId", allocation.locationId);
                g.writeNumberField("qty", allocation.qty);
                g.writeStringField("allocatedAt", Views.time(allocation.allocatedAt));
                g.writeEndObject();
            }
            g.writeEndArray();
            writeShipments(g, lines, allocations);
            // The view ends with the fraud screen, the shipment limit, the charges and the totals (an older one
            // sooner): read them all, then write the charges and totals before the screen.
            final Fraud fraud = readFraud(r);
            final int maxShipments = r.remaining() > 0 ? r.readByte() : 0;
            long orderedMinor = 0;
            for (final Line line : lines)
            {
                orderedMinor += line.qty * line.unitPriceMinor;
            }
            g.writeArrayFieldStart("charges");
            if (r.remaining() > 0)
            {
                final int count = r.readByte();
                for (int i = 0; i < count; i++)
                {
                    g.writeStartObject();
                    final Codes.ChargeKind kind = Codes.ChargeKind.fromCode(r.readByte());
                    g.writeStringField("type", kind == null ? "UNKNOWN" : kind.name());
                    final long chargeMinor = r.readLong();
                    Views.writeIfPresent(g, "name", r.readTextString());
                    Views.writeMoney(g, "amount", chargeMinor, currency);
                    g.writeEndObject();
                }
                orderedMinor = r.readLong();
                amountMinor = r.readLong();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("totals");
            g.writeNumberField("units", units);
            Views.writeMoney(g, "amount", amountMinor, currency);
            Views.writeMoney(g, "ordered", orderedMinor, currency);
            g.writeEndObject();
            writeFraud(g, fraud);
            if (maxShipments != 0)
            {
                g.writeNumberField("maxShipments", maxShipments);
            }
            g.writeEndObject();
        });
    }

    /** The payment as captured with the order, then where it stands (the view's payment/fraud part). */
    private static void writePayment(final JsonGenerator g, final Payment p, final String currency) throws IOException
    {
        g.writeObjectFieldStart("payment");
        g.writeStringField("provider", p.provider);
        Views.writeIfPresent(g, "reference", p.reference);
        Views.writeMoney(g, "amount", p.amountMinor, p.currency);
        g.writeStringField("status", p.status == null ? "UNKNOWN" : p.status.name());
        Views.writeMoney(g, "authorized", p.authorizedMinor, currency);
        Views.writeMoney(g, "captured", p.capturedMinor, currency);
        Views.writeMoney(g, "refunded", p.refundedMinor, currency);
        Views.writeOptional(g, "problem", p.problem);
        Views.writeIfPresent(g, "fingerprint", p.fingerprint);
        g.writeEndObject();
    }

    private record Fraud(Codes.FraudDecision decision, int score, List<Codes.FraudReason> reasons, List<Integer> points,
        String reviewer, String note)
    {
    }

    private static Fraud readFraud(final PayloadReader r)
    {
        final Codes.FraudDecision decision = Codes.FraudDecision.fromCode(r.readByte());
        final int score = r.readInt();
        final int count = r.readByte();
        final List<Codes.FraudReason> reasons = new java.util.ArrayList<>();
        final List<Integer> points = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            reasons.add(Codes.FraudReason.fromCode(r.readByte()));
            points.add(r.readInt());
        }
        return new Fraud(decision, score, reasons, points, r.readAsciiString(), r.readTextString());
    }

    /** The fraud screen's verdict (null before screening), its score and reasons, and a reviewer's word. */
    private static void writeFraud(final JsonGenerator g, final Fraud f) throws IOException
    {
        g.writeObjectFieldStart("fraud");
        if (f.decision == null)
        {
            g.writeNullField("decision");
        }
        else
        {
            g.writeStringField("decision", f.decision.name());
        }
        g.writeNumberField("score", f.score);
        g.writeArrayFieldStart("reasons");
        for (int i = 0; i < f.reasons.size(); i++)
        {
            g.writeStartObject();
            g.writeStringField("reason", f.reasons.get(i) == null ? "UNKNOWN" : f.reasons.get(i).name());
            g.writeNumberField("points", f.points.get(i));
            g.writeEndObject();
        }
        g.writeEndArray();
        Views.writeIfPresent(g, "reviewer", f.reviewer);
        Views.writeIfPresent(g, "note", f.note);
        g.writeEndObject();
    }

    private static void writeShipTo(final JsonGenerator g, final PayloadReader r) throws IOException
    {
        final String name = r.readTextString();
        final String line1 = r.readTextString();
        final String city = r.readTextString();
        final String postalCode = r.readTextString();
        final String country = r.readAsciiString();
        final boolean located = r.readByte() != 0;
        final int lat = r.readInt();
        final int lon = r.readInt();
        if (name.isEmpty() && line1.isEmpty() && city.isEmpty() && postalCode.isEmpty() && country.isEmpty() &&
            !located)
        {
            // A pickup order sent no address.
            g.writeNullField("shipTo");
            return;
        }
        g.writeObjectFieldStart("shipTo");
        g.writeStringField("name", name);
        g.writeStringField("line1", line1);
        g.writeStringField("city", city);
        g.writeStringField("postalCode", postalCode);
        g.writeStringField("countryCode", country);
        if (located)
        {
            g.writeNumberField("lat", Views.degrees(lat));
            g.writeNumberField("lon", Views.degrees(lon));
        }
        g.writeEndObject();
    }

    private static List<Line> readLines(final PayloadReader r)
    {
        final int count = r.readShort();
        final List<Line> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            lines.add(new Line(r.readAsciiString(), r.readInt(), r.readLong(), r.readInt(), r.readInt(), r.readInt()));
        }
        return lines;
    }

    private static List<Allocation> readAllocations(final PayloadReader r)
    {
        final int count = r.readInt();
        final List<Allocation> allocations = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            allocations.add(new Allocation(r.readShort(), r.readAsciiString(), r.readInt(), r.readLong()));
        }
        return allocations;
    }

    /**
     * One row per line and location, in first-allocation order: units summed, the latest time (the view shows them
     * so since QA-225; Jackson's version showed every allocation).
     */
    private static List<Allocation> merged(final List<Allocation> allocations)
    {
        final Map<String, Allocation> rows = new LinkedHashMap<>();
        for (final Allocation a : allocations)
        {
            rows.merge(a.line + "@" + a.locationId, a, (x, y) -> new Allocation(x.line, x.locationId, x.qty + y.qty,
                Math.max(x.allocatedAt, y.allocatedAt)));
        }
        return new ArrayList<>(rows.values());
    }

    /** One planned shipment per location, in first-allocation order; each line's units there summed. */
    private static void writeShipments(final JsonGenerator g, final List<Line> lines,
        final List<Allocation> allocations) throws IOException
    {
        final Map<String, Map<Integer, Integer>> byLocation = new LinkedHashMap<>();
        for (final Allocation allocation : allocations)
        {
            byLocation.computeIfAbsent(allocation.locationId, l -> new LinkedHashMap<>())
                .merge(allocation.line, allocation.qty, Integer::sum);
        }
        g.writeArrayFieldStart("shipments");
        for (final Map.Entry<String, Map<Integer, Integer>> shipment : byLocation.entrySet())
        {
            g.writeStartObject();
            g.writeStringField("locationId", shipment.getKey());
            g.writeStringField("status", "PLANNED");
            g.writeArrayFieldStart("lines");
            for (final Map.Entry<Integer, Integer> line : shipment.getValue().entrySet())
            {
                g.writeStartObject();
                g.writeStringField("sku", lines.get(line.getKey()).sku);
                g.writeNumberField("qty", line.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

}
