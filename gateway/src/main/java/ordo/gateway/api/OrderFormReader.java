package ordo.gateway.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.engine.CommandCodec;
import ordo.engine.Codes;
import ordo.engine.Invisible;
import ordo.engine.OrderForm;
import ordo.engine.SourcingPolicy;
import ordo.gateway.payments.IsoCodes;
import ordo.gateway.payments.StripeProvider;
import ordo.gateway.pipeline.CommandSlot;

/**
 * The body of {@code POST /v1/orders} to an {@link OrderForm}: shapes, lengths and formats are checked here; the
 * business rules (SKUs defined, one currency, coordinates for SHIP, a pickup store) are the engine's, so they hold
 * for every client of the command, not only HTTP.
 */
final class OrderFormReader
{
    static final int MAX_TEXT_CHARS = 200;
    static final int MAX_POSTAL_CODE_CHARS = 32;
    static final int MAX_EMAIL_CHARS = 254;
    static final int MAX_PHONE_CHARS = 32;
    static final int MAX_IP_CHARS = 45;
    static final int MAX_FINGERPRINT_CHARS = 64;
    static final int MAX_QTY = 1_000_000;
    /**
     * Keeps every order total (64 lines of a million units) below 2^63 minor units. The engine takes unit prices up
     * to 2^40, where such a total would overflow.
     */
    static final long MAX_UNIT_PRICE_MINOR = 1L << 36;
    /**
     * The engine's bound on a payment amount (the largest order total: every line of the largest quantity at the
     * largest unit price), so an amount beyond it is refused here, naming the field. It was one line's largest total,
     * so an order of two such lines could never be paid its total (found in review). It once said 2^40 × 10^6 after
     * the engine's price bound fell to 2^36: an amount between the two passed here and the engine refused it as a
     * bare "Invalid field".
     */
    static final long MAX_PAYMENT_MINOR = CommandCodec.MAX_PAYMENT_MINOR;

    private static final Set<String> FIELDS = Set.of("channel", "externalId", "reservationId",
        "fallbackToAvailable", "allowPartial", "customer", "shipTo", "billingCountryCode", "deliveryMethod",
        "pickupLocationId", "serviceLevel", "lines", "payment", "clientIp", "maxShipments", "charges");
    private static final Set<String> CHARGE_FIELDS = Set.of("type", "name", "amount");
    /** A charge's name (a voucher's code and title), in characters; the engine takes up to 400 UTF-8 bytes. */
    static final int MAX_CHARGE_NAME_CHARS = 100;
    private static final Set<String> CUSTOMER_FIELDS = Set.of("id", "email", "phone");
    private static final Set<String> SHIP_TO_FIELDS = Set.of("name", "line1", "city", "postalCode", "countryCode",
        "lat", "lon");
    private static final Set<String> LINE_FIELDS = Set.of("sku", "qty", "unitPrice");
    private static final Set<String> PAYMENT_FIELDS = Set.of("provider", "reference", "amount", "fingerprint");
    private static final Set<String> MONEY_FIELDS = Set.of("amountMinor", "currency");
    private static final Set<String> PROVIDERS = Set.of("stripe", "offline");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern IPV4 = Pattern.compile(
        "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    /**
     * One {@code @} with text on both sides, a domain that neither starts nor ends with a dot, and no space or
     * invisible character anywhere ({@link #hasBlank}): a zero-width or no-break space in an email made it another key
     * for the fraud screen's blocklists and velocity rule while it read as the same address (found in review), and
     * "x@bad.example." passed a blocked bad.example (found in QA; a blocklist's domain may not end with a dot either).
     */
    static boolean isEmailAddress(final String text)
    {
        if (!EMAIL.matcher(text).matches() || hasBlank(text))
        {
            return false;
        }
        return isPlainDomain(text, text.indexOf('@') + 1);
    }

    /**
     * A domain that neither starts nor ends with a dot and writes its dots as '.': IDNA reads the ideographic and
     * full-width full stops (U+3002, U+FF0E, U+FF61) as dots, so "bad.example。" is the domain "bad.example." and
     * "bad。example" is bad.example, yet neither matched a blocked bad.example (found in QA).
     */
    static boolean isPlainDomain(final String domain)
    {
        return isPlainDomain(domain, 0);
    }

    /** {@link #isPlainDomain(String)} of the domain from index {@code from} to the end (an email's, after its @). */
    static boolean isPlainDomain(final String text, final int from)
    {
        return from < text.length() && text.charAt(from) != '.' && text.charAt(text.length() - 1) != '.' &&
            text.indexOf('\u3002', from) < 0 && text.indexOf('\uFF0E', from) < 0 && text.indexOf('\uFF61', from) < 0;
    }

    /**
     * Whether the text holds a space of any kind (Unicode space separators, whitespace) or a character that shows
     * nothing: format characters (zero-width spaces and joiners, the byte-order mark, direction marks) and the other
     * default-ignorable code points and blank letters (combining grapheme joiner, variation selectors, Hangul and
     * Khmer fillers, Mongolian free variation selectors, the blank Braille pattern). An email with U+3164 or U+FE0F in
     * it passed, and was another key for the blocklists and the velocity rule while it read as the same address
     * (found in QA).
     */
    static boolean hasBlank(final String text)
    {
        for (int i = 0; i < text.length(); )
        {
            final int c = text.codePointAt(i);
            if (isBlank(c))
            {
                return true;
            }
            i += Character.charCount(c);
        }
        return false;
    }

    /**
     * Whether the text has no character a reader sees: empty, or only the spaces and invisible characters
     * {@link #hasBlank} looks for. {@link String#isBlank} refuses "   " and U+3000 but not a note of no-break or
     * zero-width spaces (U+00A0, U+200B, U+2060), which then passed for "say why" (found in QA). Every free text that
     * must not be blank (a review's note, a cancellation's reason, a blocklist entry) asks this; no-break spaces
     * (U+00A0, U+2007, U+202F) are space characters, U+180E a format one. Not a SHIP order's postal code: an empty
     * or blank one is what a connector sends for an address with none (Hong Kong's), and a blocklist entry can no
     * longer fold to it.
     */
    static boolean showsNothing(final String text)
    {
        for (int i = 0; i < text.length(); )
        {
            final int c = text.codePointAt(i);
            if (!isBlank(c))
            {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static boolean isBlank(final int c)
    {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT ||
            showsNothing(c);
    }

    /**
     * {@link Invisible}'s code points — Unicode's Default_Ignorable_Code_Point ranges by number (reserved code points
     * in them too: U+2065 is unassigned, so not a format character to this JDK, and showed nothing and passed; found in
     * QA), the blank Braille cell and private use — and lone surrogates. By number, not by "unassigned": that would
     * refuse every letter or emoji newer than the JDK's Unicode, and change with the JDK (found in review). The fraud
     * screen leaves the same characters out of an address's key.
     */
    private static boolean showsNothing(final int c)
    {
        return Character.getType(c) == Character.SURROGATE || Invisible.codePoint(c);
    }

    /** A parsed order: the form, and the reservation id as sent (resolved by the route, after the channel check). */
    record Parsed(OrderForm form, String reservationId)
    {
    }

    private OrderFormReader()
    {
    }

    static Parsed read(final JsonBody body)
    {
        body.allowOnly(FIELDS);
        final OrderForm form = new OrderForm();
        form.channel = body.id("channel");
        form.externalId = body.optionalId("externalId");
        final String reservationId = body.optionalString("reservationId");
        form.fallbackToAvailable = body.bool("fallbackToAvailable", false);
        form.allowPartial = body.bool("allowPartial", false);
        // Absent or null: no limit of its own (the policy's may still apply).
        form.maxShipments = body.has("maxShipments") ?
            (int)body.integer("maxShipments", 1, SourcingPolicy.MAX_SHIPMENTS) : 0;

        final JsonBody customer = body.object("customer").allowOnly(CUSTOMER_FIELDS);
        form.customerId = customer.id("id");
        form.email = customer.text("email", MAX_EMAIL_CHARS);
        if (!isEmailAddress(form.email))
        {
            throw BadRequest.field("customer.email", "must be an email address, without spaces or invisible characters, " +
                "its domain's dots written '.' and none at either end");
        }
        form.phone = customer.optionalText("phone", MAX_PHONE_CHARS);

        form.deliveryMethod = body.enumValue("deliveryMethod", Codes.DeliveryMethod.class);
        form.serviceLevel = body.has("serviceLevel") ?
            body.enumValue("serviceLevel", Codes.ServiceLevel.class) : Codes.ServiceLevel.STANDARD;
        form.pickupLocationId = body.optionalId("pickupLocationId");
        if (form.deliveryMethod == Codes.DeliveryMethod.PICKUP && form.pickupLocationId == null)
        {
            throw BadRequest.field("pickupLocationId", "is required for PICKUP");
        }
        if (form.deliveryMethod == Codes.DeliveryMethod.SHIP && form.pickupLocationId != null)
        {
            throw BadRequest.field("pickupLocationId", "is only for PICKUP");
        }
        final JsonBody shipTo = body.optionalObject("shipTo");
        if (shipTo != null)
        {
            readShipTo(shipTo.allowOnly(SHIP_TO_FIELDS), form);
        }
        else if (form.deliveryMethod == Codes.DeliveryMethod.SHIP)
        {
            throw BadRequest.field("shipTo", "is required for SHIP");
        }
        final String blank = form.deliveryMethod == Codes.DeliveryMethod.SHIP ? blankAddressField(form) : null;
        if (blank != null)
        {
            throw BadRequest.field(blank, "must not be blank for SHIP: a carrier cannot label a parcel without it");
        }
        form.billingCountryCode = optionalCountry(body, "billingCountryCode");

        final JsonNode lines = body.array("lines", 1, CommandCodec.MAX_LINES);
        for (int i = 0; i < lines.size(); i++)
        {
            final JsonBody line = body.element("lines", lines, i).allowOnly(LINE_FIELDS);
            final String sku = line.id("sku");
            final int qty = (int)line.integer("qty", 1, MAX_QTY);
            final JsonBody price = line.object("unitPrice").allowOnly(MONEY_FIELDS);
            form.line(sku, qty, price.integer("amountMinor", 0, MAX_UNIT_PRICE_MINOR), currency(price));
        }

        readCharges(body, form);

        final JsonBody payment = body.object("payment").allowOnly(PAYMENT_FIELDS);
        form.paymentProvider = payment.string("provider");
        if (!PROVIDERS.contains(form.paymentProvider))
        {
            throw BadRequest.field("payment.provider", "must be one of stripe, offline");
        }
        // The provider's id of the authorization (a Stripe PaymentIntent pi_…): the engine keys payments and
        // webhooks by it, so it has the shape of an id, and a card payment cannot do without one.
        form.paymentReference = payment.optionalId("reference");
        if (form.paymentReference == null && "stripe".equals(form.paymentProvider))
        {
            throw BadRequest.field("payment.reference", "is required for stripe (the PaymentIntent id, pi_…)");
        }
        if ("stripe".equals(form.paymentProvider) && !StripeProvider.isIntentId(form.paymentReference))
        {
            // The adapter reads, captures and cancels PaymentIntents only: another id (a charge's ch_…, a setup
            // intent's) was taken with its stock, then declined invalid_reference and the order rejected (QA-268).
            final int secret = form.paymentReference.indexOf(StripeProvider.CLIENT_SECRET);
            throw BadRequest.field("payment.reference", secret > 0 ? "is a PaymentIntent's client secret: send its " +
                "id, " + form.paymentReference.substring(0, secret) + ", and keep the secret out of the order" :
                "must be a PaymentIntent id for stripe (pi_ then letters, digits or _), got " + form.paymentReference);
        }
        final JsonBody amount = payment.object("amount").allowOnly(MONEY_FIELDS);
        form.paymentAmountMinor = amount.integer("amountMinor", 0, MAX_PAYMENT_MINOR);
        if (form.paymentAmountMinor == 0 && "stripe".equals(form.paymentProvider))
        {
            // A card cannot authorize nothing: the verification could only fail, and the order hold its stock.
            throw BadRequest.field("payment.amount.amountMinor", "must be above 0 for stripe: an order with nothing " +
                "to pay (a voucher covers it all) is paid offline");
        }
        form.paymentCurrency = currency(amount);
        // A card fingerprint (the same card across accounts) feeds the fraud screen's velocity rule.
        form.paymentFingerprint = payment.optionalAscii("fingerprint", MAX_FINGERPRINT_CHARS);

        form.clientIp = body.has("clientIp") ? ipLiteral("clientIp", body.string("clientIp")) : null;
        final int bytes = encodedBytes(form);
        if (bytes > CommandSlot.REQUEST_CAPACITY)
        {
            throw BadRequest.field(largestPart(form), "the order is " + bytes + " bytes encoded, more than a command " +
                "holds (" + CommandSlot.REQUEST_CAPACITY + "); shorten its text fields or split it");
        }
        return new Parsed(form, reservationId);
    }

    /**
     * The order's charges beside its lines (absent or null: none): shipping, fees, tax and discounts in the lines'
     * currency (the engine refuses another, naming the charge). Discounts may not exceed the lines' value (a discount
     * on shipping is a lower SHIPPING charge), and the order's total stays within what a payment may be.
     */
    private static void readCharges(final JsonBody body, final OrderForm form)
    {
        if (!body.has("charges"))
        {
            return;
        }
        final JsonNode charges = body.array("charges", 0, OrderForm.MAX_CHARGES);
        for (int i = 0; i < charges.size(); i++)
        {
            final JsonBody charge = body.element("charges", charges, i).allowOnly(CHARGE_FIELDS);
            final Codes.ChargeKind kind = charge.enumValue("type", Codes.ChargeKind.class);
            final String name = charge.optionalText("name", MAX_CHARGE_NAME_CHARS);
            if (name != null && !name.isEmpty() && showsNothing(name))
            {
                throw BadRequest.field(charge.pathOf("name"),
                    "must not be blank (leave it out, or send \"\", for none)");
            }
            final JsonBody amount = charge.object("amount").allowOnly(MONEY_FIELDS);
            final long minor = amount.integer("amountMinor", 0, MAX_PAYMENT_MINOR);
            form.charge(kind, name, minor, currency(amount));
        }
        checkCharges(form);
    }

    /**
     * The rules over an order's charges once read (the engine checks them again): the charges, and the discounts,
     * each come to at most what an order may total, so no sum overflows; the discounts are at most the lines' value;
     * the order's total is at most what a payment may be.
     */
    static void checkCharges(final OrderForm form)
    {
        long linesValue = 0;
        for (final OrderForm.Line line : form.lines)
        {
            linesValue += line.qty() * line.unitPriceMinor();
        }
        long added = 0;
        long discounts = 0;
        for (int i = 0; i < form.charges.size(); i++)
        {
            final OrderForm.Charge charge = form.charges.get(i);
            final boolean discount = charge.kind() == Codes.ChargeKind.DISCOUNT;
            if (charge.amountMinor() > MAX_PAYMENT_MINOR - (discount ? discounts : added))
            {
                throw BadRequest.field("charges[" + i + "].amount.amountMinor", "the order's " +
                    (discount ? "discounts" : "charges") + " come to more than an order may total (" +
                    MAX_PAYMENT_MINOR + ")");
            }
            if (discount)
            {
                discounts += charge.amountMinor();
            }
            else
            {
                added += charge.amountMinor();
            }
        }
        if (discounts > linesValue)
        {
            throw BadRequest.field("charges", "the discounts come to " + discounts + ", more than the lines' value (" +
                linesValue + "): a discount on shipping is a lower SHIPPING charge");
        }
        if (linesValue + added - discounts > MAX_PAYMENT_MINOR)
        {
            throw BadRequest.field("charges", "the order would total " + (linesValue + added - discounts) +
                ", more than an order may (" + MAX_PAYMENT_MINOR + ")");
        }
    }

    /**
     * The first of a SHIP order's recipient, street and city that {@link #showsNothing}, or null: an order to
     * {@code "name": ""} was taken, and no carrier can label its parcel (found in QA). Not the postal code: an address
     * in Hong Kong has none, and a connector sends it empty.
     */
    static String blankAddressField(final OrderForm form)
    {
        return showsNothing(form.shipName) ? "shipTo.name" : showsNothing(form.line1) ? "shipTo.line1" :
            showsNothing(form.city) ? "shipTo.city" : null;
    }

    private static void readShipTo(final JsonBody shipTo, final OrderForm form)
    {
        form.shipName = shipTo.text("name", MAX_TEXT_CHARS);
        form.line1 = shipTo.text("line1", MAX_TEXT_CHARS);
        form.city = shipTo.text("city", MAX_TEXT_CHARS);
        form.postalCode = shipTo.text("postalCode", MAX_POSTAL_CODE_CHARS);
        form.shipCountryCode = shipTo.string("countryCode");
        if (!IsoCodes.isCountry(form.shipCountryCode))
        {
            throw BadRequest.field("shipTo.countryCode", "must be an ISO 3166-1 alpha-2 code such as SG");
        }
        // Coordinates are optional here: whether an order can do without them is the engine's rule
        // (MISSING_COORDINATES for SHIP). Half a coordinate is malformed input, though.
        if (shipTo.has("lat") || shipTo.has("lon"))
        {
            form.shipTo(shipTo.microDegrees("lat", 90), shipTo.microDegrees("lon", 180));
        }
    }

    private static String optionalCountry(final JsonBody body, final String field)
    {
        final String country = body.optionalString(field);
        if (country != null && !IsoCodes.isCountry(country))
        {
            throw BadRequest.field(field, "must be an ISO 3166-1 alpha-2 code such as SG");
        }
        return country;
    }

    static String currency(final JsonBody money)
    {
        final String currency = money.string("currency");
        if (!IsoCodes.isCurrency(currency))
        {
            throw BadRequest.field(money.pathOf("currency"), "must be an ISO 4217 code such as EUR");
        }
        return currency;
    }

    /**
     * A literal IPv4 or IPv6 address, as sent. {@link InetAddress#getByName} is only reached for text that starts
     * with a hex digit or ':' and contains a ':': the JDK parses that as an IPv6 literal and never asks DNS.
     */
    static String ipLiteral(final String field, final String text)
    {
        if (text.length() <= MAX_IP_CHARS)
        {
            if (IPV4.matcher(text).matches())
            {
                return text;
            }
            if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches())
            {
                try
                {
                    InetAddress.getByName(text);
                    return text;
                }
                catch (final UnknownHostException e)
                {
                    // Not a valid IPv6 literal: refused below.
                }
            }
        }
        throw BadRequest.field(field, "must be a literal IPv4 or IPv6 address");
    }

    /** The PLACE_ORDER payload length of this form (layout in {@link OrderForm}), envelope included. */
    static int encodedBytes(final OrderForm f)
    {
        return CommandCodec.ENVELOPE_LENGTH + ascii(f.channel) + ascii(f.externalId) + 8 + 1 + customerBytes(f) + 2 +
            ascii(f.pickupLocationId) + shipToBytes(f) + ascii(f.shipCountryCode) + 9 + ascii(f.billingCountryCode) +
            ascii(f.clientIp) + ascii(f.paymentProvider) + ascii(f.paymentReference) + 8 + ascii(f.paymentCurrency) +
            2 + ascii(f.paymentFingerprint) + linesBytes(f) + 1 + chargesBytes(f);
    }

    /**
     * The member of an order too large to encode that takes the most of it: {@code lines}, {@code charges},
     * {@code shipTo} or {@code customer} (every other member is a few bytes), the first of them on a tie. It always
     * named the lines, where 16 charges with long names and a long address had filled the command (QA-251).
     */
    static String largestPart(final OrderForm f)
    {
        final int lines = linesBytes(f);
        final int charges = chargesBytes(f);
        final int shipTo = shipToBytes(f);
        final int customer = customerBytes(f);
        final int most = Math.max(Math.max(lines, charges), Math.max(shipTo, customer));
        return most == lines ? "lines" : most == charges ? "charges" : most == shipTo ? "shipTo" : "customer";
    }

    private static int linesBytes(final OrderForm f)
    {
        int bytes = 0;
        for (final OrderForm.Line line : f.lines)
        {
            bytes += ascii(line.sku()) + 4 + 8 + ascii(line.currency());
        }
        return bytes;
    }

    private static int chargesBytes(final OrderForm f)
    {
        int bytes = 0;
        for (final OrderForm.Charge charge : f.charges)
        {
            bytes += 1 + 8 + ascii(charge.currency()) + text(charge.name());
        }
        return bytes;
    }

    private static int shipToBytes(final OrderForm f)
    {
        return text(f.shipName) + text(f.line1) + text(f.city) + text(f.postalCode);
    }

    private static int customerBytes(final OrderForm f)
    {
        return ascii(f.customerId) + text(f.email) + text(f.phone);
    }

    private static int ascii(final String value)
    {
        return 1 + (value == null ? 0 : value.length());
    }

    private static int text(final String value)
    {
        return 2 + (value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length);
    }
}
