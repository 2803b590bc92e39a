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

    /** {@link #describe(CommandType, DirectBuffer, int, int, int)} of a command written under this build's rules. */
    public static Map<String, Object> describe(final CommandType type, final DirectBuffer buffer, final int offset,
        final int length)
    {
        return describe(type, buffer, offset, length, Engine.RULES_VERSION);
    }

    /**
     * The fields of a command journaled under rules version {@code rules} (0: unrecorded, version 1): a layout that
     * changed with the rules is read as that version wrote it (a sourcing policy ends with its shipment limit from
     * {@link Engine#SHIPMENT_LIMIT_RULES}, a location with the countries it ships to from
     * {@link Engine#SHIPS_TO_RULES}, an order with its charges from {@link Engine#CHARGES_RULES}, a cancellation and a
     * payment marked paid list the caller's pickup stores from {@link Engine#PICKUP_ACTIONS_RULES}, a channel the
     * locations it takes stock from from {@link Engine#CHANNEL_SOURCES_RULES}).
     */
    public static Map<String, Object> describe(final CommandType type, final DirectBuffer buffer, final int offset,
        final int length, final int rules)
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
                // As the API names them (QA-277: a bit set was shown as a number).
                fields.put("capabilities", Codes.capabilityNames(r.readByte() & 0xFF));
                fields.put("dailyOrderCapacity", r.readInt());
                fields.put("handlingCostMinor", r.readLong());
                fields.put("currency", r.readAsciiString());
                fields.put("active", r.readByte() != 0);
                if (rules >= Engine.SHIPS_TO_RULES)
                {
                    // As the API shows it: null for anywhere.
                    final int count = r.readByte();
                    final List<String> countries = new ArrayList<>();
                    for (int i = 0; i < count && r.ok(); i++)
                    {
                        countries.add(r.readAsciiString());
                    }
                    fields.put("shipsTo", count == 0 ? null : countries);
                }
                if (rules >= Engine.CAPACITY_DAY_RULES)
                {
                    final int minute = r.readShort();
                    final int utcOffset = (short)r.readShort();
                    // As the API shows it; a time no request could send as its numbers.
                    fields.put("capacityDayStartsAt", Codes.isDayStart(minute, utcOffset) ?
                        Codes.dayStartText(minute, utcOffset) : minute + "/" + utcOffset);
                }
            }
            case DEFINE_SKU ->
            {
                fields.put("sku", r.readAsciiString());
                fields.put("name", r.readTextString());
                fields.put("weightGrams", r.readInt());
                // As the API shows them: no limit (0) and an open sale window (±2^63, which JSON readers such as jq
                // round) are null (found in QA).
                final int limit = r.readInt();
                fields.put("perCustomerLimit", limit > 0 ? limit : null);
                final long starts = r.readLong();
                fields.put("saleStartsAt", starts == Long.MIN_VALUE ? null : starts);
                final long ends = r.readLong();
                fields.put("saleEndsAt", ends == Long.MAX_VALUE ? null : ends);
                fields.put("allowBackorders", r.readByte() != 0);
            }
            case SET_INVENTORY ->
            {
                fields.put("sku", r.readAsciiString());
                fields.put("locationId", r.readAsciiString());
                fields.put("onHand", kept(r.readLong()));
                fields.put("safetyStock", kept(r.readLong()));
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
                fields.put("lines", skuQtyLines(r, r.readShort()));
            }
            case RELEASE_RESERVATION, QUERY_RESERVATION ->
            {
                reservationId(fields, r.readLong());
                fields.put("channels", channels(r));
            }
            case QUERY_INVENTORY ->
            {
                fields.put("id", r.readAsciiString());
                if (r.remaining() > 0)
                {
                    fields.put("channel", r.readAsciiString());
                }
            }
            case QUERY_LOCATION, QUERY_SKU, QUERY_CHANNEL -> fields.put("id", r.readAsciiString());
            case DEFINE_CHANNEL ->
            {
                fields.put("channelId", r.readAsciiString());
                final Codes.ChannelKind kind = Codes.ChannelKind.fromCode(r.readByte());
                fields.put("kind", kind == null ? null : kind.name());
                fields.put("name", r.readTextString());
                final int pools = r.readByte();
                final List<Map<String, Object>> list = new ArrayList<>();
                for (int i = 0; i < pools && r.ok(); i++)
                {
                    final Map<String, Object> pool = new LinkedHashMap<>();
                    final String sku = r.readAsciiString();
                    pool.put("sku", sku.isEmpty() ? "*" : sku);
                    pool.put("shareBps", r.readShort());
                    list.add(pool);
                }
                fields.put("pools", list);
                if (rules >= Engine.CHANNEL_SOURCES_RULES)
                {
                    final int sources = r.readShort();
                    final List<String> locations = new ArrayList<>();
                    for (int i = 0; i < sources && r.ok(); i++)
                    {
                        locations.add(r.readAsciiString());
                    }
                    fields.put("sourcesFrom", sources == 0 ? null : locations);
                }
            }
            case SET_SOURCING_POLICY -> describePolicy(r, fields, rules >= Engine.SHIPMENT_LIMIT_RULES);
            case PLACE_ORDER -> describeOrder(r, fields, rules);
            case CANCEL_ORDER ->
            {
                orderId(fields, r.readLong());
                fields.put("channels", channels(r));
                if (rules >= Engine.PICKUP_ACTIONS_RULES)
                {
                    fields.put("pickupLocations", channels(r));
                }
                fields.put("reason", r.readTextString());
                fields.put("lines", skuQtyLines(r, r.readShort()));
            }
            case SET_FRAUD_RULES -> describeFraudRules(r, fields);
            case FRAUD_REVIEW ->
            {
                orderId(fields, r.readLong());
                fields.put("decision", r.readByte() == 1 ? "APPROVE" : "REJECT");
                fields.put("reviewer", r.readAsciiString());
                fields.put("note", r.readTextString());
            }
            case PAYMENT_ACTION_RESULT ->
            {
                fields.put("actionId", r.readLong());
                final Codes.PaymentOutcome outcome = Codes.PaymentOutcome.fromCode(r.readByte());
                fields.put("outcome", outcome == null ? null : outcome.name());
                fields.put("providerStatus", r.readAsciiString());
                fields.put("amountMinor", r.readLong());
                fields.put("currency", r.readAsciiString());
                fields.put("detail", r.readTextString());
            }
            case PAYMENT_EVENT ->
            {
                fields.put("provider", r.readAsciiString());
                fields.put("eventId", r.readAsciiString());
                final Codes.PaymentEventKind kind = Codes.PaymentEventKind.fromCode(r.readByte());
                fields.put("kind", kind == null ? null : kind.name());
                fields.put("reference", r.readAsciiString());
                fields.put("amountMinor", r.readLong());
                fields.put("currency", r.readAsciiString());
            }
            case CAPTURE_PAYMENT, RETRY_PAYMENT ->
            {
                orderId(fields, r.readLong());
                fields.put("channels", channels(r));
            }
            case MARK_PAID ->
            {
                orderId(fields, r.readLong());
                fields.put("channels", channels(r));
                if (rules >= Engine.PICKUP_ACTIONS_RULES)
                {
                    fields.put("pickupLocations", channels(r));
                }
                fields.put("note", r.readTextString());
            }
            case SETTLE_REFUND ->
            {
                orderId(fields, r.readLong());
                fields.put("channels", channels(r));
                fields.put("amountMinor", r.readLong());
                fields.put("currency", r.readAsciiString());
                fields.put("note", r.readTextString());
            }
            case QUERY_PAYMENT_ACTIONS ->
            {
                fields.put("afterActionId", r.readLong());
                fields.put("limit", r.readShort());
            }
            case QUERY_ORDER, QUERY_ORDER_EVENTS, QUERY_ORDER_SOURCING ->
            {
                orderId(fields, r.readLong());
                fields.put("channels", channels(r));
                fields.put("pickupLocations", channels(r));
            }
            case QUERY_ORDERS ->
            {
                fields.put("channel", r.readAsciiString());
                final Codes.OrderStatus status = Codes.OrderStatus.fromCode(r.readByte());
                fields.put("status", status == null ? null : status.name());
                fields.put("customerId", r.readAsciiString());
                final long after = r.readLong();
                fields.put("after", after == 0 ? null : Ids.formatOrderId(after));
                fields.put("limit", r.readShort());
                fields.put("channels", channels(r));
                fields.put("pickupLocationId", r.readAsciiString());
                fields.put("externalId", r.readAsciiString());
                final long createdFrom = r.readLong();
                final long createdBefore = r.readLong();
                fields.put("createdFrom", createdFrom == Long.MIN_VALUE ? null : createdFrom);
                fields.put("createdBefore", createdBefore == Long.MAX_VALUE ? null : createdBefore);
            }
            default ->
            {
            }
        }
        if (!r.ok())
        {
            fields.put("malformed", true);
        }
        else if (type.isJournaled() && r.remaining() > 0)
        {
            describeActor(r, fields);
        }
        return fields;
    }

    /**
     * What the gateway writes after a command's own fields: the name of the API key that sent it (an id), which the
     * engine never reads. Commands of older builds, the server's own (a TICK, a payment adapter's report) and a
     * provider's webhooks have none.
     */
    private static void describeActor(final PayloadReader r, final Map<String, Object> fields)
    {
        final int left = r.remaining();
        final ByteSlice actor = new ByteSlice();
        r.readAscii(actor);
        if (r.ok() && r.remaining() == 0 && actor.isValidId())
        {
            fields.put("actor", actor.toString());
        }
        else
        {
            fields.put("unreadBytes", left);
        }
    }

    /** A SET_INVENTORY figure, or "KEPT" for {@link CommandCodec#KEEP}. */
    private static Object kept(final long units)
    {
        return units == CommandCodec.KEEP ? "KEPT" : units;
    }

    private static List<String> channels(final PayloadReader r)
    {
        final int count = r.readByte();
        final List<String> list = new ArrayList<>();
        for (int i = 0; i < count && r.ok(); i++)
        {
            list.add(r.readAsciiString());
        }
        return list;
    }

    private static List<Map<String, Object>> skuQtyLines(final PayloadReader r, final int count)
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < count && r.ok(); i++)
        {
            final Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", r.readAsciiString());
            line.put("qty", r.readInt());
            list.add(line);
        }
        return list;
    }

    private static void describePolicy(final PayloadReader r, final Map<String, Object> fields,
        final boolean withLimit)
    {
        fields.put("splitPenaltyMinor", r.readLong());
        fields.put("pickupReadyMinutes", r.readInt());
        for (final Codes.ServiceLevel level : Codes.ServiceLevel.values())
        {
            final Map<String, Object> l = new LinkedHashMap<>();
            l.put("ratePerKmMinor", r.readLong());
            l.put("radiusMetres", r.readLong());
            final int bands = r.readByte();
            final List<Map<String, Object>> list = new ArrayList<>();
            for (int i = 0; i < bands && r.ok(); i++)
            {
                final Map<String, Object> band = new LinkedHashMap<>();
                band.put("upToMetres", r.readLong());
                band.put("minutes", r.readInt());
                list.add(band);
            }
            l.put("transit", list);
            fields.put(level.name(), l);
        }
        if (withLimit)
        {
            final int limit = r.readByte();
            fields.put("maxShipments", limit == 0 ? null : limit);
        }
    }

    /**
     * The whole rules, in the names and shape of {@code GET /v1/fraud/rules} (gateway {@code PaymentViews.rules}), so
     * an auditor can tell which rules screened an order; the dump showed only the two thresholds (found in QA). Read
     * from the layout in {@link FraudRules} as journaled, not through {@link FraudRules#readFrom}: rules the engine
     * refused (its outcome says INVALID_FRAUD_RULES) are shown as they were sent, not left out.
     */
    private static void describeFraudRules(final PayloadReader r, final Map<String, Object> fields)
    {
        final Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("reviewAt", r.readInt());
        thresholds.put("rejectAt", r.readInt());
        fields.put("thresholds", thresholds);
        final int bands = r.readByte();
        final List<Map<String, Object>> amountBands = new ArrayList<>();
        for (int i = 0; i < bands && r.ok(); i++)
        {
            final Map<String, Object> band = new LinkedHashMap<>();
            band.put("overMinor", r.readLong());
            band.put("points", r.readInt());
            amountBands.add(band);
        }
        fields.put("amountBands", amountBands);
        final Map<String, Object> velocity = new LinkedHashMap<>();
        for (final String kind : FraudRules.VELOCITY_NAMES)
        {
            final Map<String, Object> window = new LinkedHashMap<>();
            window.put("windowMinutes", r.readInt());
            window.put("maxOrders", r.readInt());
            window.put("points", r.readInt());
            velocity.put(kind, window);
        }
        fields.put("velocity", velocity);
        fields.put("countryMismatchPoints", r.readInt());
        final Map<String, Object> skuQuantity = new LinkedHashMap<>();
        skuQuantity.put("maxUnits", r.readInt());
        skuQuantity.put("points", r.readInt());
        fields.put("skuQuantity", skuQuantity);
        final Map<String, Object> newCustomer = new LinkedHashMap<>();
        newCustomer.put("overMinor", r.readLong());
        newCustomer.put("points", r.readInt());
        fields.put("newCustomer", newCustomer);
        fields.put("blockedPoints", r.readInt());
        final Map<String, Object> blocklists = new LinkedHashMap<>();
        blocklists.put("emails", texts(r));
        blocklists.put("domains", texts(r));
        blocklists.put("postalCodes", texts(r));
        final int ips = r.readShort();
        final List<String> ipList = new ArrayList<>();
        for (int i = 0; i < ips && r.ok(); i++)
        {
            ipList.add(r.readAsciiString());
        }
        blocklists.put("ips", ipList);
        fields.put("blocklists", blocklists);
    }

    private static List<String> texts(final PayloadReader r)
    {
        final int count = r.readShort();
        final List<String> list = new ArrayList<>();
        for (int i = 0; i < count && r.ok(); i++)
        {
            list.add(r.readTextString());
        }
        return list;
    }

    private static void describeOrder(final PayloadReader r, final Map<String, Object> fields, final int rules)
    {
        fields.put("channel", r.readAsciiString());
        fields.put("externalId", r.readAsciiString());
        final long reservation = r.readLong();
        // Long.MAX_VALUE: the gateway's stand-in for an id no hold of the server has (the engine refuses it); shown
        // as no id, or an auditor would look for a hold that never was (review).
        putId(fields, "reservationId", reservation == 0 ? null : Ids.formatReservationId(reservation),
            reservation == Long.MAX_VALUE);
        final int flags = r.readByte();
        fields.put("fallbackToAvailable", (flags & OrderForm.FLAG_FALLBACK_TO_AVAILABLE) != 0);
        fields.put("allowPartial", (flags & OrderForm.FLAG_ALLOW_PARTIAL) != 0);
        // Six bits no build before rules version 14 set.
        final int limit = flags >>> OrderForm.MAX_SHIPMENTS_SHIFT;
        if (limit != 0)
        {
            fields.put("maxShipments", limit);
        }
        fields.put("customerId", r.readAsciiString());
        fields.put("email", r.readTextString());
        fields.put("phone", r.readTextString());
        final Codes.DeliveryMethod method = Codes.DeliveryMethod.fromCode(r.readByte());
        fields.put("deliveryMethod", method == null ? null : method.name());
        final Codes.ServiceLevel level = Codes.ServiceLevel.fromCode(r.readByte());
        fields.put("serviceLevel", level == null ? null : level.name());
        fields.put("pickupLocationId", r.readAsciiString());
        fields.put("shipName", r.readTextString());
        fields.put("line1", r.readTextString());
        fields.put("city", r.readTextString());
        fields.put("postalCode", r.readTextString());
        fields.put("shipCountryCode", r.readAsciiString());
        fields.put("hasCoordinates", r.readByte() != 0);
        fields.put("latMicro", r.readInt());
        fields.put("lonMicro", r.readInt());
        fields.put("billingCountryCode", r.readAsciiString());
        fields.put("clientIp", r.readAsciiString());
        fields.put("paymentProvider", r.readAsciiString());
        fields.put("paymentReference", r.readAsciiString());
        fields.put("paymentAmountMinor", r.readLong());
        fields.put("paymentCurrency", r.readAsciiString());
        final int lines = r.readShort();
        final List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < lines && r.ok(); i++)
        {
            final Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", r.readAsciiString());
            line.put("qty", r.readInt());
            line.put("unitPriceMinor", r.readLong());
            line.put("currency", r.readAsciiString());
            list.add(line);
        }
        fields.put("lines", list);
        fields.put("paymentFingerprint", r.readAsciiString());
        if (rules >= Engine.CHARGES_RULES)
        {
            final int count = r.readByte();
            final List<Map<String, Object>> charges = new ArrayList<>();
            for (int i = 0; i < count && r.ok(); i++)
            {
                final Map<String, Object> charge = new LinkedHashMap<>();
                final int code = r.readByte();
                final Codes.ChargeKind kind = Codes.ChargeKind.fromCode(code);
                charge.put("kind", kind == null ? code : kind.name());
                charge.put("amountMinor", r.readLong());
                charge.put("currency", r.readAsciiString());
                final String name = r.readTextString();
                charge.put("name", name.isEmpty() ? null : name);
                charges.add(charge);
            }
            fields.put("charges", charges);
        }
    }

    /**
     * An order id as the API writes it, or for 0 null and {@code orderIdNeverIssued}: the gateway sends 0 for a
     * command with an Idempotency-Key on an id no order can have, so the engine judges the key (QA-258); written as
     * an id, it looked like one the client sent.
     */
    private static void orderId(final Map<String, Object> fields, final long id)
    {
        putId(fields, "orderId", Ids.formatOrderId(id), id == 0);
    }

    /** A reservation id as the API writes it, or for 0 null and {@code reservationIdNeverIssued}, as {@link #orderId}. */
    private static void reservationId(final Map<String, Object> fields, final long id)
    {
        putId(fields, "reservationId", Ids.formatReservationId(id), id == 0);
    }

    /**
     * {@code name}: {@code id} (null for none), or, for the gateway's stand-in for an id the server never issued
     * ({@code neverIssued}), null and {@code <name>NeverIssued}: an auditor would look for an order or hold that never
     * was (review).
     */
    private static void putId(final Map<String, Object> fields, final String name, final String id,
        final boolean neverIssued)
    {
        fields.put(name, neverIssued ? null : id);
        if (neverIssued)
        {
            fields.put(name + "NeverIssued", true);
        }
    }
}
