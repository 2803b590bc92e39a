package ordo.gateway.api;

import ordo.engine.CommandCodec;
import ordo.engine.Codes;
import ordo.engine.OrderForm;
import ordo.engine.SourcingPolicy;
import ordo.gateway.payments.IsoCodes;
import ordo.gateway.payments.StripeProvider;
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

    /** An order's members, each at the bit of its index in the members read (see {@link #REQUIRED}). */
    private static final byte[][] ORDER = PlainJson.names("channel", "externalId", "reservationId",
        "fallbackToAvailable", "allowPartial", "customer", "shipTo", "billingCountryCode", "deliveryMethod",
        "pickupLocationId", "serviceLevel", "lines", "payment", "clientIp", "maxShipments", "charges");
    private static final int SHIP_TO_MEMBER = 6;
    private static final byte[][] CHARGE = PlainJson.names("type", "name", "amount");
    private static final Codes.ChargeKind[] CHARGE_KINDS = Codes.ChargeKind.values();
    private static final byte[][] CUSTOMER = PlainJson.names("id", "email", "phone");
    private static final byte[][] SHIP_TO = PlainJson.names("name", "line1", "city", "postalCode", "countryCode", "lat",
        "lon");
    private static final byte[][] LINE = PlainJson.names("sku", "qty", "unitPrice");
    private static final byte[][] MONEY = PlainJson.names("amountMinor", "currency");
    private static final byte[][] PAYMENT = PlainJson.names("provider", "reference", "amount", "fingerprint");
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
        do
        {
            final int member = j.member(ORDER, seen);
            final boolean ok = switch (member)
            {
                case 0 -> (form.channel = channel()) != null;
                case 1 -> (form.externalId = j.id()) != null;
                case 2 -> (reservationId = j.string()) != null;
                case 3 ->
                {
                    final int value = j.bool();
                    form.fallbackToAvailable = value == 1;
                    yield value >= 0;
                }
                case 4 ->
                {
                    final int value = j.bool();
                    form.allowPartial = value == 1;
                    yield value >= 0;
                }
                case 5 -> customer(form);
                case 6 -> shipTo(form);
                case 7 -> (form.billingCountryCode = country()) != null;
                case 8 -> (form.deliveryMethod = deliveryMethod()) != null;
                case 9 -> (form.pickupLocationId = j.id()) != null;
                case 10 -> (form.serviceLevel = serviceLevel()) != null;
                case 11 -> lines(form);
                case 12 -> payment(form);
                case 13 -> (form.clientIp = j.string(OrderFormReader.MAX_IP_CHARS)) != null;
                case 14 -> (form.maxShipments = (int)j.integer(1, SourcingPolicy.MAX_SHIPMENTS)) >= 0;
                case 15 -> charges(form);
                default -> false; // not plain, unknown, or given twice
            };
            if (!ok)
            {
                return null;
            }
            seen |= 1 << member;
        }
        while (j.more('}'));
        if (j.broken() || !j.atEnd() || (seen & REQUIRED) != REQUIRED)
        {
            return null;
        }
        return rulesHold(form, (seen & 1 << SHIP_TO_MEMBER) != 0) ? new OrderFormReader.Parsed(form, reservationId) :
            null;
    }

    /** What {@link OrderFormReader#read} checks once the fields are read; false when the reader must name a fault. */
    private static boolean rulesHold(final OrderForm form, final boolean shipTo)
    {
        if (form.deliveryMethod == Codes.DeliveryMethod.PICKUP ? form.pickupLocationId == null :
            form.pickupLocationId != null || !shipTo || OrderFormReader.blankAddressField(form) != null)
        {
            return false;
        }
        if ("stripe".equals(form.paymentProvider) && (form.paymentReference == null || form.paymentAmountMinor == 0 ||
            !StripeProvider.isIntentId(form.paymentReference)))
        {
            return false;
        }
        try
        {
            if (form.clientIp != null)
            {
                OrderFormReader.ipLiteral("clientIp", form.clientIp);
            }
            if (!form.charges.isEmpty())
            {
                OrderFormReader.checkCharges(form);
            }
        }
        catch (final BadRequest e)
        {
            return false;
        }
        return OrderFormReader.encodedBytes(form) <= CommandSlot.REQUEST_CAPACITY;
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
        return lastChannel = j.lastStringOr(start, lastChannel);
    }

    /** An ISO 3166-1 alpha-2 country code ({@link IsoCodes}), or null. */
    private String country()
    {
        final String code = code(2, null);
        return IsoCodes.isCountry(code) ? code : null;
    }

    /**
     * An ISO 4217 currency code ({@link IsoCodes}), or null; the last one read when the bytes are the same (every
     * line names the same few).
     */
    private String currencyCode()
    {
        final String code = code(3, lastCurrency);
        if (!IsoCodes.isCurrency(code))
        {
            return null;
        }
        lastCurrency = code;
        return code;
    }

    /** Upper-case letters, {@code length} of them, as {@code last} when it holds the same letters; or null. */
    private String code(final int length, final String last)
    {
        final PlainJson j = json;
        final int start = j.stringStart();
        if (start < 0 || j.lastStringLength() != length)
        {
            return null;
        }
        if (j.lastStringIs(start, last))
        {
            return last;
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
            if (json.lastStringIs(start, level.name()))
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
        do
        {
            final int member = j.member(CUSTOMER, seen);
            final boolean ok = switch (member)
            {
                case 0 -> (form.customerId = j.id()) != null;
                case 1 -> (form.email = text(OrderFormReader.MAX_EMAIL_CHARS)) != null && isEmail(form.email);
                case 2 -> (form.phone = text(OrderFormReader.MAX_PHONE_CHARS)) != null;
                default -> false;
            };
            if (!ok)
            {
                return false;
            }
            seen |= 1 << member;
        }
        while (j.more('}'));
        return !j.broken() && (seen & 3) == 3;
    }

    /**
     * {@link OrderFormReader#isEmailAddress} over plain printable ASCII, where the only blank is the space: one '@',
     * something on either side, no space, and no dot at either end of the domain.
     */
    private static boolean isEmail(final String email)
    {
        final int at = email.indexOf('@');
        return at > 0 && email.indexOf('@', at + 1) < 0 && email.indexOf(' ') < 0 &&
            OrderFormReader.isPlainDomain(email, at + 1);
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
        do
        {
            final int member = j.member(SHIP_TO, seen);
            final boolean ok = switch (member)
            {
                case 0 -> (form.shipName = text(OrderFormReader.MAX_TEXT_CHARS)) != null;
                case 1 -> (form.line1 = text(OrderFormReader.MAX_TEXT_CHARS)) != null;
                case 2 -> (form.city = text(OrderFormReader.MAX_TEXT_CHARS)) != null;
                case 3 -> (form.postalCode = text(OrderFormReader.MAX_POSTAL_CODE_CHARS)) != null;
                case 4 -> (form.shipCountryCode = country()) != null;
                case 5 -> (lat = j.micro(90)) != Integer.MIN_VALUE;
                case 6 -> (lon = j.micro(180)) != Integer.MIN_VALUE;
                default -> false;
            };
            if (!ok)
            {
                return false;
            }
            seen |= 1 << member;
        }
        while (j.more('}'));
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
        int seen = 0;
        String sku = null;
        long qty = -1;
        long unitPrice = 0;
        String priceCurrency = null;
        do
        {
            final int member = j.member(LINE, seen);
            final boolean ok = switch (member)
            {
                case 0 -> (sku = j.id()) != null;
                case 1 -> (qty = j.integer(1, OrderFormReader.MAX_QTY)) >= 0;
                case 2 -> money(OrderFormReader.MAX_UNIT_PRICE_MINOR);
                default -> false;
            };
            if (!ok)
            {
                return false;
            }
            if (member == 2)
            {
                unitPrice = amountMinor;
                priceCurrency = currency;
            }
            seen |= 1 << member;
        }
        while (j.more('}'));
        if (j.broken() || seen != 7)
        {
            return false;
        }
        form.line(sku, (int)qty, unitPrice, priceCurrency);
        return true;
    }

    /** {@code [{"type", "name"?, "amount": {"amountMinor", "currency"}}, …]} (0 to 16 charges) into the form. */
    private boolean charges(final OrderForm form)
    {
        final PlainJson j = json;
        if (j.take() != '[')
        {
            return false;
        }
        j.skipSpace();
        if (j.peek() == ']')
        {
            j.take();
            return true;
        }
        while (true)
        {
            if (form.charges.size() == OrderForm.MAX_CHARGES || !charge(form))
            {
                return false;
            }
            if (!j.more(']'))
            {
                return !j.broken();
            }
        }
    }

    private boolean charge(final OrderForm form)
    {
        final PlainJson j = json;
        if (!j.openObject())
        {
            return false;
        }
        int seen = 0;
        Codes.ChargeKind kind = null;
        String name = null;
        do
        {
            final int member = j.member(CHARGE, seen);
            final boolean ok = switch (member)
            {
                case 0 -> (kind = chargeKind()) != null;
                // A blank name is refused by the field-by-field reader, which names it.
                case 1 -> (name = text(OrderFormReader.MAX_CHARGE_NAME_CHARS)) != null &&
                    (name.isEmpty() || !name.isBlank());
                case 2 -> money(OrderFormReader.MAX_PAYMENT_MINOR);
                default -> false;
            };
            if (!ok)
            {
                return false;
            }
            seen |= 1 << member;
        }
        while (j.more('}'));
        if (j.broken() || (seen & 5) != 5)
        {
            return false;
        }
        form.charge(kind, name, amountMinor, currency);
        return true;
    }

    private Codes.ChargeKind chargeKind()
    {
        final int start = json.stringStart();
        if (start < 0)
        {
            return null;
        }
        for (final Codes.ChargeKind kind : CHARGE_KINDS)
        {
            if (json.lastStringIs(start, kind.name()))
            {
                return kind;
            }
        }
        return null;
    }

    /** {@code {"amountMinor", "currency"}} into {@link #amountMinor} and {@link #currency}. */
    private boolean money(final long maxMinor)
    {
        final PlainJson j = json;
        if (!j.openObject())
        {
            return false;
        }
        int seen = 0;
        long amount = -1;
        String code = null;
        do
        {
            final int member = j.member(MONEY, seen);
            final boolean ok = switch (member)
            {
                case 0 -> (amount = j.integer(0, maxMinor)) >= 0;
                case 1 -> (code = currencyCode()) != null;
                default -> false;
            };
            if (!ok)
            {
                return false;
            }
            seen |= 1 << member;
        }
        while (j.more('}'));
        if (j.broken() || seen != 3)
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
        do
        {
            final int member = j.member(PAYMENT, seen);
            final boolean ok = switch (member)
            {
                case 0 -> (form.paymentProvider = provider()) != null;
                case 1 -> (form.paymentReference = j.id()) != null;
                case 2 ->
                {
                    final boolean read = money(OrderFormReader.MAX_PAYMENT_MINOR);
                    form.paymentAmountMinor = amountMinor;
                    form.paymentCurrency = currency;
                    yield read;
                }
                case 3 ->
                {
                    final String fingerprint = j.string(OrderFormReader.MAX_FINGERPRINT_CHARS);
                    form.paymentFingerprint = fingerprint;
                    yield fingerprint != null && !fingerprint.isEmpty();
                }
                default -> false;
            };
            if (!ok)
            {
                return false;
            }
            seen |= 1 << member;
        }
        while (j.more('}'));
        return !j.broken() && (seen & 5) == 5;
    }

    /** "stripe" or "offline" (the last body's String when the same), or null. */
    private String provider()
    {
        final int start = json.stringStart();
        if (start < 0)
        {
            return null;
        }
        if (json.lastStringIs(start, lastProvider))
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
