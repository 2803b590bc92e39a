package ordo.gateway.api;

import ordo.engine.CommandCodec;
import ordo.engine.Codes;
import ordo.engine.OrderForm;
import ordo.gateway.pipeline.CommandSlot;

/**
 * The body of {@code POST /v1/orders}, read straight from its bytes when it is plainly valid: every member known and
 * present at most once, strings of printable ASCII without escapes, integers as plain digits, coordinates with at
 * most six decimals and no exponent, no {@code null}. Parsing the order into Jackson's tree and reading it field by
 * field ({@link OrderFormReader}) was most of the event loop's work and garbage per order over HTTP
 * (docs/BENCHMARKS.md, fifteenth round).
 *
 * <p>It answers null for anything else — a member missing, unknown or twice, a value of the wrong shape or out of
 * range, any rule {@link OrderFormReader#read} enforces (an email address, PICKUP and SHIP's fields, a provider and
 * its reference, a country or currency code, a client IP, the encoded size) — and the route then reads the body
 * with {@link OrderFormReader}, which names exactly what is wrong (or, for JSON this reader does not take, such as
 * an escaped character or a non-ASCII name, reads it). So an order is read the same way by both: a test compares
 * them over random bodies.
 *
 * <p>Not thread-safe: one per event-loop thread ({@link #read} uses a thread-local instance).
 */
final class OrderBodyParser
{
    private static final ThreadLocal<OrderBodyParser> LOCAL = ThreadLocal.withInitial(OrderBodyParser::new);
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private static final byte[] CHANNEL = PlainJson.ascii("channel");
    private static final byte[] EXTERNAL_ID = PlainJson.ascii("externalId");
    private static final byte[] RESERVATION_ID = PlainJson.ascii("reservationId");
    private static final byte[] FALLBACK_TO_AVAILABLE = PlainJson.ascii("fallbackToAvailable");
    private static final byte[] ALLOW_PARTIAL = PlainJson.ascii("allowPartial");
    private static final byte[] CUSTOMER = PlainJson.ascii("customer");
    private static final byte[] SHIP_TO = PlainJson.ascii("shipTo");
    private static final byte[] BILLING_COUNTRY_CODE = PlainJson.ascii("billingCountryCode");
    private static final byte[] DELIVERY_METHOD = PlainJson.ascii("deliveryMethod");
    private static final byte[] PICKUP_LOCATION_ID = PlainJson.ascii("pickupLocationId");
    private static final byte[] SERVICE_LEVEL = PlainJson.ascii("serviceLevel");
    private static final byte[] LINES = PlainJson.ascii("lines");
    private static final byte[] PAYMENT = PlainJson.ascii("payment");
    private static final byte[] CLIENT_IP = PlainJson.ascii("clientIp");
    private static final byte[] ID = PlainJson.ascii("id");
    private static final byte[] EMAIL = PlainJson.ascii("email");
    private static final byte[] PHONE = PlainJson.ascii("phone");
    private static final byte[] NAME = PlainJson.ascii("name");
    private static final byte[] LINE1 = PlainJson.ascii("line1");
    private static final byte[] CITY = PlainJson.ascii("city");
    private static final byte[] POSTAL_CODE = PlainJson.ascii("postalCode");
    private static final byte[] COUNTRY_CODE = PlainJson.ascii("countryCode");
    private static final byte[] LAT = PlainJson.ascii("lat");
    private static final byte[] LON = PlainJson.ascii("lon");
    private static final byte[] SKU = PlainJson.ascii("sku");
    private static final byte[] QTY = PlainJson.ascii("qty");
    private static final byte[] UNIT_PRICE = PlainJson.ascii("unitPrice");
    private static final byte[] AMOUNT_MINOR = PlainJson.ascii("amountMinor");
    private static final byte[] CURRENCY = PlainJson.ascii("currency");
    private static final byte[] PROVIDER = PlainJson.ascii("provider");
    private static final byte[] REFERENCE = PlainJson.ascii("reference");
    private static final byte[] AMOUNT = PlainJson.ascii("amount");
    private static final byte[] FINGERPRINT = PlainJson.ascii("fingerprint");
    private static final byte[] SHIP = PlainJson.ascii("SHIP");
    private static final byte[] PICKUP = PlainJson.ascii("PICKUP");
    private static final byte[] STRIPE = PlainJson.ascii("stripe");
    private static final byte[] OFFLINE = PlainJson.ascii("offline");
    private static final Codes.ServiceLevel[] SERVICE_LEVELS = Codes.ServiceLevel.values();
    /** channel, customer, deliveryMethod, lines, payment: the members an order must have. */
    private static final int REQUIRED = 1 | 1 << 5 | 1 << 8 | 1 << 11 | 1 << 12;

    private final PlainJson json = new PlainJson();
    /** The money object read last ({@link #money}). */
    private long amountMinor;
    private String currency;
    /** The last body's currency, kept: every line of every order names the same few. */
    private String lastCurrency = "";
    private String lastProvider;
    private String lastChannel = "";

    private OrderBodyParser()
    {
    }

    /** The order, when the body is plainly valid; null when {@link OrderFormReader} must read it. */
    static OrderFormReader.Parsed read(final byte[] body)
    {
        if (body == null || body.length == 0 || body.length > MAX_BODY_BYTES)
        {
            return null;
        }
        return LOCAL.get().parse(body);
    }

    private OrderFormReader.Parsed parse(final byte[] body)
    {
        final PlainJson j = json.wrap(body, 0, body.length);
        final OrderForm form = new OrderForm();
        j.skipSpace();
        if (!j.openObject())
        {
            return null;
        }
        int seen = 0;
        String reservationId = null;
        while (true)
        {
            if (!j.nextKey())
            {
                return null;
            }
            final int bit;
            final boolean ok;
            if (j.keyIs(CHANNEL))
            {
                bit = 1;
                ok = (form.channel = channel()) != null;
            }
            else if (j.keyIs(EXTERNAL_ID))
            {
                bit = 1 << 1;
                ok = (form.externalId = j.id()) != null;
            }
            else if (j.keyIs(RESERVATION_ID))
            {
                bit = 1 << 2;
                ok = (reservationId = j.string()) != null;
            }
            else if (j.keyIs(FALLBACK_TO_AVAILABLE))
            {
                bit = 1 << 3;
                final int value = j.bool();
                form.fallbackToAvailable = value == 1;
                ok = value >= 0;
            }
            else if (j.keyIs(ALLOW_PARTIAL))
            {
                bit = 1 << 4;
                final int value = j.bool();
                form.allowPartial = value == 1;
                ok = value >= 0;
            }
            else if (j.keyIs(CUSTOMER))
            {
                bit = 1 << 5;
                ok = customer(form);
            }
            else if (j.keyIs(SHIP_TO))
            {
                bit = 1 << 6;
                ok = shipTo(form);
            }
            else if (j.keyIs(BILLING_COUNTRY_CODE))
            {
                bit = 1 << 7;
                ok = (form.billingCountryCode = code(2)) != null;
            }
            else if (j.keyIs(DELIVERY_METHOD))
            {
                bit = 1 << 8;
                ok = (form.deliveryMethod = deliveryMethod()) != null;
            }
            else if (j.keyIs(PICKUP_LOCATION_ID))
            {
                bit = 1 << 9;
                ok = (form.pickupLocationId = j.id()) != null;
            }
            else if (j.keyIs(SERVICE_LEVEL))
            {
                bit = 1 << 10;
                ok = (form.serviceLevel = serviceLevel()) != null;
            }
            else if (j.keyIs(LINES))
            {
                bit = 1 << 11;
                ok = lines(form);
            }
            else if (j.keyIs(PAYMENT))
            {
                bit = 1 << 12;
                ok = payment(form);
            }
            else if (j.keyIs(CLIENT_IP))
            {
                bit = 1 << 13;
                ok = (form.clientIp = j.string(OrderFormReader.MAX_IP_CHARS)) != null;
            }
            else
            {
                return null; // an unknown member
            }
            if (!ok || (seen & bit) != 0)
            {
                return null; // a value not plainly valid, or a member given twice
            }
            seen |= bit;
            if (!j.more('}'))
            {
                break;
            }
        }
        if (j.broken() || !j.atEnd() || (seen & REQUIRED) != REQUIRED)
        {
            return null;
        }
        return rulesHold(form, (seen & 1 << 6) != 0) ? new OrderFormReader.Parsed(form, reservationId) : null;
    }

    /** What {@link OrderFormReader#read} checks once the fields are read; false when the reader must name a fault. */
    private static boolean rulesHold(final OrderForm form, final boolean shipTo)
    {
        if (form.deliveryMethod == Codes.DeliveryMethod.PICKUP ? form.pickupLocationId == null :
            form.pickupLocationId != null || !shipTo)
        {
            return false;
        }
        if (form.paymentReference == null && "stripe".equals(form.paymentProvider))
        {
            return false;
        }
        if (form.clientIp != null)
        {
            try
            {
                OrderFormReader.ipLiteral("clientIp", form.clientIp);
            }
            catch (final BadRequest e)
            {
                return false;
            }
        }
        return OrderFormReader.encodedBytes(form) <= CommandSlot.PAYLOAD_CAPACITY;
    }

    /** The channel id; the last body's String when the bytes are the same (every key sends one channel). */
    private String channel()
    {
        final PlainJson j = json;
        final int start = j.idStart();
        if (start < 0)
        {
            return null;
        }
        return same(start, lastChannel) ? lastChannel : (lastChannel = j.text(start, j.lastStringLength()));
    }

    private boolean same(final int start, final String last)
    {
        final int length = json.lastStringLength();
        if (last == null || last.length() != length)
        {
            return false;
        }
        final byte[] bytes = json.bytes();
        for (int i = 0; i < length; i++)
        {
            if (bytes[start + i] != last.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** Upper-case letters, {@code length} of them (a country or currency code), or null. */
    private String code(final int length)
    {
        final PlainJson j = json;
        final int start = j.stringStart();
        if (start < 0 || j.lastStringLength() != length)
        {
            return null;
        }
        final byte[] bytes = j.bytes();
        for (int i = start; i < start + length; i++)
        {
            if (bytes[i] < 'A' || bytes[i] > 'Z')
            {
                return null;
            }
        }
        return j.text(start, length);
    }

    /** A currency code; the last one read when the bytes are the same. */
    private String currencyCode()
    {
        final PlainJson j = json;
        final int start = j.stringStart();
        if (start < 0 || j.lastStringLength() != 3)
        {
            return null;
        }
        if (same(start, lastCurrency))
        {
            return lastCurrency;
        }
        final byte[] bytes = j.bytes();
        for (int i = start; i < start + 3; i++)
        {
            if (bytes[i] < 'A' || bytes[i] > 'Z')
            {
                return null;
            }
        }
        return lastCurrency = j.text(start, 3);
    }

    private Codes.DeliveryMethod deliveryMethod()
    {
        final int start = json.stringStart();
        if (start < 0)
        {
            return null;
        }
        if (json.is(start, json.lastStringLength(), SHIP))
        {
            return Codes.DeliveryMethod.SHIP;
        }
        return json.is(start, json.lastStringLength(), PICKUP) ? Codes.DeliveryMethod.PICKUP : null;
    }

    private Codes.ServiceLevel serviceLevel()
    {
        final int start = json.stringStart();
        if (start < 0)
        {
            return null;
        }
        for (final Codes.ServiceLevel level : SERVICE_LEVELS)
        {
            if (same(start, level.name()))
            {
                return level;
            }
        }
        return null;
    }

    /** Free text: plain, at most {@code maxChars} (plain text holds no control character), or null. */
    private String text(final int maxChars)
    {
        return json.string(maxChars);
    }

    /** {@code {"id", "email", "phone"?}} into the form. */
    private boolean customer(final OrderForm form)
    {
        final PlainJson j = json;
        if (!j.openObject())
        {
            return false;
        }
        int seen = 0;
        while (true)
        {
            if (!j.nextKey())
            {
                return false;
            }
            final int bit;
            final String value;
            if (j.keyIs(ID))
            {
                bit = 1;
                value = form.customerId = j.id();
            }
            else if (j.keyIs(EMAIL))
            {
                bit = 2;
                value = form.email = text(OrderFormReader.MAX_EMAIL_CHARS);
                if (value != null && !isEmail(value))
                {
                    return false;
                }
            }
            else if (j.keyIs(PHONE))
            {
                bit = 4;
                value = form.phone = text(OrderFormReader.MAX_PHONE_CHARS);
            }
            else
            {
                return false;
            }
            if (value == null || (seen & bit) != 0)
            {
                return false;
            }
            seen |= bit;
            if (!j.more('}'))
            {
                return !j.broken() && (seen & 3) == 3;
            }
        }
    }

    /**
     * {@code [^@\s]+@[^@\s]+} over plain printable ASCII, where the only blank is the space: one '@', something on
     * either side, no space.
     */
    private static boolean isEmail(final String email)
    {
        final int at = email.indexOf('@');
        return at > 0 && at < email.length() - 1 && email.indexOf('@', at + 1) < 0 && email.indexOf(' ') < 0;
    }

    /** {@code {"name", "line1", "city", "postalCode", "countryCode", "lat"?, "lon"?}} into the form. */
    private boolean shipTo(final OrderForm form)
    {
        final PlainJson j = json;
        if (!j.openObject())
        {
            return false;
        }
        int seen = 0;
        int lat = 0;
        int lon = 0;
        while (true)
        {
            if (!j.nextKey())
            {
                return false;
            }
            final int bit;
            boolean ok;
            if (j.keyIs(NAME))
            {
                bit = 1;
                ok = (form.shipName = text(OrderFormReader.MAX_TEXT_CHARS)) != null;
            }
            else if (j.keyIs(LINE1))
            {
                bit = 2;
                ok = (form.line1 = text(OrderFormReader.MAX_TEXT_CHARS)) != null;
            }
            else if (j.keyIs(CITY))
            {
                bit = 4;
                ok = (form.city = text(OrderFormReader.MAX_TEXT_CHARS)) != null;
            }
            else if (j.keyIs(POSTAL_CODE))
            {
                bit = 8;
                ok = (form.postalCode = text(OrderFormReader.MAX_POSTAL_CODE_CHARS)) != null;
            }
            else if (j.keyIs(COUNTRY_CODE))
            {
                bit = 16;
                ok = (form.shipCountryCode = code(2)) != null;
            }
            else if (j.keyIs(LAT))
            {
                bit = 32;
                lat = j.micro(90);
                ok = lat != Integer.MIN_VALUE;
            }
            else if (j.keyIs(LON))
            {
                bit = 64;
                lon = j.micro(180);
                ok = lon != Integer.MIN_VALUE;
            }
            else
            {
                return false;
            }
            if (!ok || (seen & bit) != 0)
            {
                return false;
            }
            seen |= bit;
            if (!j.more('}'))
            {
                break;
            }
        }
        if (j.broken() || (seen & 31) != 31 || (seen & 96) == 32 || (seen & 96) == 64)
        {
            return false; // a text missing, or half a coordinate
        }
        if ((seen & 96) == 96)
        {
            form.shipTo(lat, lon);
        }
        return true;
    }

    /** {@code [{"sku", "qty", "unitPrice": {"amountMinor", "currency"}}, …]} (1 to 64 lines) into the form. */
    private boolean lines(final OrderForm form)
    {
        final PlainJson j = json;
        if (j.take() != '[')
        {
            return false;
        }
        j.skipSpace();
        if (j.peek() == ']')
        {
            return false;
        }
        while (true)
        {
            if (form.lines.size() == CommandCodec.MAX_LINES || !line(form))
            {
                return false;
            }
            if (!j.more(']'))
            {
                return !j.broken();
            }
        }
    }

    private boolean line(final OrderForm form)
    {
        final PlainJson j = json;
        if (!j.openObject())
        {
            return false;
        }
        String sku = null;
        long qty = -1;
        boolean price = false;
        long unitPrice = 0;
        String priceCurrency = null;
        while (true)
        {
            if (!j.nextKey())
            {
                return false;
            }
            if (j.keyIs(SKU))
            {
                if (sku != null || (sku = j.id()) == null)
                {
                    return false;
                }
            }
            else if (j.keyIs(QTY))
            {
                if (qty != -1 || (qty = j.integer(1, OrderFormReader.MAX_QTY)) < 0)
                {
                    return false;
                }
            }
            else if (j.keyIs(UNIT_PRICE))
            {
                if (price || !money(OrderFormReader.MAX_UNIT_PRICE_MINOR))
                {
                    return false;
                }
                price = true;
                unitPrice = amountMinor;
                priceCurrency = currency;
            }
            else
            {
                return false;
            }
            if (!j.more('}'))
            {
                break;
            }
        }
        if (j.broken() || sku == null || qty < 0 || !price)
        {
            return false;
        }
        form.line(sku, (int)qty, unitPrice, priceCurrency);
        return true;
    }

    /** {@code {"amountMinor", "currency"}} into {@link #amountMinor} and {@link #currency}. */
    private boolean money(final long maxMinor)
    {
        final PlainJson j = json;
        if (!j.openObject())
        {
            return false;
        }
        long amount = -1;
        String code = null;
        while (true)
        {
            if (!j.nextKey())
            {
                return false;
            }
            if (j.keyIs(AMOUNT_MINOR))
            {
                if (amount != -1 || (amount = j.integer(0, maxMinor)) < 0)
                {
                    return false;
                }
            }
            else if (j.keyIs(CURRENCY))
            {
                if (code != null || (code = currencyCode()) == null)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
            if (!j.more('}'))
            {
                break;
            }
        }
        if (j.broken() || amount < 0 || code == null)
        {
            return false;
        }
        amountMinor = amount;
        currency = code;
        return true;
    }

    /** {@code {"provider", "reference"?, "amount": {…}, "fingerprint"?}} into the form. */
    private boolean payment(final OrderForm form)
    {
        final PlainJson j = json;
        if (!j.openObject())
        {
            return false;
        }
        int seen = 0;
        while (true)
        {
            if (!j.nextKey())
            {
                return false;
            }
            final int bit;
            final boolean ok;
            if (j.keyIs(PROVIDER))
            {
                bit = 1;
                ok = (form.paymentProvider = provider()) != null;
            }
            else if (j.keyIs(REFERENCE))
            {
                bit = 2;
                ok = (form.paymentReference = j.id()) != null;
            }
            else if (j.keyIs(AMOUNT))
            {
                bit = 4;
                ok = money(OrderFormReader.MAX_PAYMENT_MINOR);
                form.paymentAmountMinor = amountMinor;
                form.paymentCurrency = currency;
            }
            else if (j.keyIs(FINGERPRINT))
            {
                bit = 8;
                final String fingerprint = j.string(OrderFormReader.MAX_FINGERPRINT_CHARS);
                ok = fingerprint != null && !fingerprint.isEmpty();
                form.paymentFingerprint = fingerprint;
            }
            else
            {
                return false;
            }
            if (!ok || (seen & bit) != 0)
            {
                return false;
            }
            seen |= bit;
            if (!j.more('}'))
            {
                return !j.broken() && (seen & 5) == 5;
            }
        }
    }

    /** "stripe" or "offline" (the last body's String when the same), or null. */
    private String provider()
    {
        final int start = json.stringStart();
        if (start < 0)
        {
            return null;
        }
        if (same(start, lastProvider))
        {
            return lastProvider;
        }
        if (json.is(start, json.lastStringLength(), STRIPE) || json.is(start, json.lastStringLength(), OFFLINE))
        {
            return lastProvider = json.text(start, json.lastStringLength());
        }
        return null;
    }
}
