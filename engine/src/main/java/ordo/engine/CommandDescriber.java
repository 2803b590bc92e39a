package ordo.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;

/**
 * Turns a command payload into named fields for people: {@code ordo journal dump} and audit tools. Allocates
 * freely; never used by the engine. Mirrors the layouts in {@link CommandCodec}.
 */
public final class CommandDescriber
{
    private CommandDescriber()
    {
    }

    public static Map<String, Object> describe(final CommandType type, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final PayloadReader r = new PayloadReader().wrap(buffer, offset, length);
        final Map<String, Object> fields = new LinkedHashMap<>();
        if (type.isJournaled())
        {
            final long key = r.readLong();
            final long fingerprint = r.readLong();
            if (key != 0)
            {
                fields.put("idempotencyKeyHash", Engine.formatHash(key));
                fields.put("requestFingerprint", Engine.formatHash(fingerprint));
            }
        }
        switch (type)
        {
            case DEFINE_LOCATION ->
            {
                fields.put("locationId", r.readAsciiString());
                final Codes.LocationType locationType = Codes.LocationType.fromCode(r.readByte());
                fields.put("type", locationType == null ? null : locationType.name());
                fields.put("name", r.readTextString());
                fields.put("latMicro", r.readInt());
                fields.put("lonMicro", r.readInt());
                fields.put("countryCode", r.readAsciiString());
                fields.put("capabilities", r.readByte());
                fields.put("dailyOrderCapacity", r.readInt());
                fields.put("handlingCostMinor", r.readLong());
                fields.put("currency", r.readAsciiString());
                fields.put("active", r.readByte() != 0);
            }
            case DEFINE_SKU ->
            {
                fields.put("sku", r.readAsciiString());
                fields.put("name", r.readTextString());
                fields.put("weightGrams", r.readInt());
                fields.put("perCustomerLimit", r.readInt());
                fields.put("saleStartsAt", r.readLong());
                fields.put("saleEndsAt", r.readLong());
                fields.put("allowBackorders", r.readByte() != 0);
            }
            case SET_INVENTORY ->
            {
                fields.put("sku", r.readAsciiString());
                fields.put("locationId", r.readAsciiString());
                fields.put("onHand", r.readLong());
                fields.put("safetyStock", r.readLong());
            }
            case ADJUST_INVENTORY ->
            {
                fields.put("sku", r.readAsciiString());
                fields.put("locationId", r.readAsciiString());
                fields.put("delta", r.readLong());
                final Codes.AdjustmentReason reason = Codes.AdjustmentReason.fromCode(r.readByte());
                fields.put("reason", reason == null ? null : reason.name());
            }
            case RESERVE ->
            {
                fields.put("channel", r.readAsciiString());
                fields.put("customerId", r.readAsciiString());
                final String location = r.readAsciiString();
                fields.put("locationId", location.isEmpty() ? null : location);
                fields.put("ttlMillis", r.readLong());
                final int lines = r.readShort();
                final List<Map<String, Object>> list = new ArrayList<>();
                for (int i = 0; i < lines && r.ok(); i++)
                {
                    final Map<String, Object> line = new LinkedHashMap<>();
                    line.put("sku", r.readAsciiString());
                    line.put("qty", r.readInt());
                    list.add(line);
                }
                fields.put("lines", list);
            }
            case RELEASE_RESERVATION, QUERY_RESERVATION ->
            {
                fields.put("reservationId", Ids.formatReservationId(r.readLong()));
                final int channels = r.readByte();
                final List<String> list = new ArrayList<>();
                for (int i = 0; i < channels && r.ok(); i++)
                {
                    list.add(r.readAsciiString());
                }
                fields.put("channels", list);
            }
            case QUERY_INVENTORY, QUERY_LOCATION, QUERY_SKU -> fields.put("id", r.readAsciiString());
            default ->
            {
            }
        }
        if (!r.ok())
        {
            fields.put("malformed", true);
        }
        return fields;
    }
}
