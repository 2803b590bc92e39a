package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import ordo.engine.Codes;
import ordo.engine.CommandCodec;
import ordo.engine.OrderForm;
import ordo.engine.PayloadWriter;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * The order body's own reader ({@link OrderBodyParser}) reads an order exactly as {@link OrderFormReader} over
 * Jackson's tree reads it, or leaves it to that reader: over random bodies — valid ones in any member order and
 * spacing, and each with one random fault or oddity (a member missing, unknown, twice or null; a value of the wrong
 * type, out of range, escaped, non-ASCII, with an exponent or seven decimals; half a coordinate; a rule of the
 * order broken; trailing bytes) — whenever it gives an order, the field-by-field reader gives the same one (the
 * same encoded command), and every plain valid body is read by it.
 */
class OrderBodyParserTest
{
    private static final String[] CHANNELS = {"web", "app", "shopee-sg"};
    private static final String[] SKUS = {"SKU-1", "SKU-22", "sku.a:b_c-9"};
    /** The service levels, then one that is none. */
    private static final String[] SERVICE_LEVELS = serviceLevelsAndABogusOne();

    private static String[] serviceLevelsAndABogusOne()
    {
        final Codes.ServiceLevel[] levels = Codes.ServiceLevel.values();
        final String[] names = new String[levels.length + 1];
        for (int i = 0; i < levels.length; i++)
        {
            names[i] = levels[i].name();
        }
        names[levels.length] = "NEXT_WEEK";
        return names;
    }

    @Test
    void everyOrderItReadsIsTheOrderTheFieldByFieldReaderReads()
    {
        final SplittableRandom random = new SplittableRandom(2026_11_29);
        int fast = 0;
        int oddFast = 0;
        int oddLeft = 0;
        int withCharges = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final boolean odd = random.nextInt(3) > 0;
            final Body body = validBody(random);
            if (odd)
            {
                oddity(random, body);
            }
            final byte[] bytes = body.bytes(random);
            final OrderFormReader.Parsed read = OrderBodyParser.read(bytes);
            final String expected = slowReading(bytes);
            final String text = new String(bytes, StandardCharsets.UTF_8);
            if (read != null)
            {
                assertThat(encoded(read)).as("round %d: %s", round, text).isEqualTo(expected);
                fast++;
                withCharges += read.form().charges.isEmpty() ? 0 : 1;
                oddFast += odd ? 1 : 0;
            }
            else
            {
                assertThat(odd).as("round %d: a plain valid body left to Jackson: %s (%s)", round, text, expected)
                    .isTrue();
                oddLeft++;
            }
        }
        assertThat(fast).as("bodies read here").isGreaterThan(6_000);
        assertThat(withCharges).as("bodies with charges read here").isGreaterThan(1_000);
        assertThat(oddFast).as("odd bodies still plainly valid (a null-free optional left out, …)").isPositive();
        assertThat(oddLeft).as("odd bodies left to Jackson").isGreaterThan(5_000);
    }

    @Test
    void whatItCannotReadIsLeftToJackson()
    {
        assertThat(OrderBodyParser.read(new byte[0])).isNull();
        assertThat(OrderBodyParser.read("[]".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(OrderBodyParser.read("{}".getBytes(StandardCharsets.US_ASCII))).isNull();
        final Body plain = validBody(new SplittableRandom(1));
        final byte[] bytes = plain.bytes(new SplittableRandom(1));
        assertThat(OrderBodyParser.read(bytes)).isNotNull();
        final int close = new String(bytes, StandardCharsets.UTF_8).lastIndexOf('}');
        assertThat(OrderBodyParser.read(Arrays.copyOf(bytes, close))).as("cut short").isNull();
        final byte[] trailing = Arrays.copyOf(bytes, bytes.length + 2);
        trailing[bytes.length] = '{';
        trailing[bytes.length + 1] = '}';
        assertThat(OrderBodyParser.read(trailing)).as("a second value").isNull();
    }

    /** A body with any one comma, brace or bracket replaced is not JSON: never read here, whichever object it is in. */
    @Test
    void aBrokenSeparatorAnywhereLeavesTheBodyToJackson()
    {
        final String plain = "{\"channel\":\"web\",\"customer\":{\"id\":\"c1\",\"email\":\"a@b.c\"},"
            + "\"deliveryMethod\":\"SHIP\",\"shipTo\":{\"name\":\"N\",\"line1\":\"L\",\"city\":\"C\","
            + "\"postalCode\":\"1\",\"countryCode\":\"SG\",\"lat\":1.3,\"lon\":103.8},\"lines\":[{\"sku\":\"A\","
            + "\"qty\":1,\"unitPrice\":{\"amountMinor\":5,\"currency\":\"SGD\"}},{\"sku\":\"B\",\"qty\":2,"
            + "\"unitPrice\":{\"amountMinor\":5,\"currency\":\"SGD\"}}],\"payment\":{\"provider\":\"offline\","
            + "\"amount\":{\"amountMinor\":15,\"currency\":\"SGD\"}}}";
        assertThat(OrderBodyParser.read(plain.getBytes(StandardCharsets.US_ASCII))).isNotNull();
        int variants = 0;
        for (int i = 0; i < plain.length(); i++)
        {
            final char c = plain.charAt(i);
            if (c == ',' || c == '}' || c == ']')
            {
                final String broken = plain.substring(0, i) + ';' + plain.substring(i + 1);
                assertThat(OrderBodyParser.read(broken.getBytes(StandardCharsets.US_ASCII))).as(broken).isNull();
                variants++;
            }
        }
        assertThat(variants).isGreaterThan(30);
    }

    /** What the field-by-field reader makes of the body: the encoded command and reservation id, or its problem. */
    static String slowReading(final byte[] bytes)
    {
        try
        {
            return encoded(OrderFormReader.read(JsonBody.parse(bytes)));
        }
        catch (final BadRequest e)
        {
            return "refused: " + e.getMessage();
        }
    }

    static String encoded(final OrderFormReader.Parsed parsed)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        CommandCodec.placeOrder(w, 7, 11, parsed.form());
        final byte[] bytes = new byte[w.length()];
        buffer.getBytes(0, bytes);
        return Arrays.toString(bytes) + " reservation " + parsed.reservationId();
    }

    /** A JSON object as members (name and value text), written in a random order and spacing. */
    private static final class Body
    {
        final List<String[]> members = new ArrayList<>();
        String prefix = "";
        String suffix = "";

        Body put(final String name, final String value)
        {
            members.add(new String[]{name, value});
            return this;
        }

        String get(final String name)
        {
            for (final String[] member : members)
            {
                if (member[0].equals(name))
                {
                    return member[1];
                }
            }
            return null;
        }

        void set(final String name, final String value)
        {
            for (final String[] member : members)
            {
                if (member[0].equals(name))
                {
                    member[1] = value;
                    return;
                }
            }
            put(name, value);
        }

        void remove(final String name)
        {
            members.removeIf(m -> m[0].equals(name));
        }

        byte[] bytes(final SplittableRandom random)
        {
            final List<String[]> shuffled = new ArrayList<>(members);
            for (int i = shuffled.size() - 1; i > 0; i--)
            {
                final int k = random.nextInt(i + 1);
                final String[] t = shuffled.get(i);
                shuffled.set(i, shuffled.get(k));
                shuffled.set(k, t);
            }
            final StringBuilder json = new StringBuilder(prefix).append(space(random)).append('{');
            for (int i = 0; i < shuffled.size(); i++)
            {
                json.append(i == 0 ? "" : ",").append(space(random)).append('"').append(shuffled.get(i)[0])
                    .append('"').append(space(random)).append(':').append(space(random)).append(shuffled.get(i)[1])
                    .append(space(random));
            }
            return json.append('}').append(space(random)).append(suffix).toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String space(final SplittableRandom random)
    {
        return switch (random.nextInt(8))
        {
            case 0 -> " ";
            case 1 -> "\n  ";
            case 2 -> "\t";
            case 3 -> "\r\n";
            default -> "";
        };
    }

    private static String str(final String text)
    {
        return '"' + text + '"';
    }

    private static String object(final String... nameValues)
    {
        final StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < nameValues.length; i += 2)
        {
            if (nameValues[i + 1] != null)
            {
                json.append(json.length() == 1 ? "" : ",").append(str(nameValues[i])).append(':')
                    .append(nameValues[i + 1]);
            }
        }
        return json.append('}').toString();
    }

    private static String money(final SplittableRandom random, final long max, final String currency)
    {
        return random.nextBoolean() ? object("amountMinor", Long.toString(random.nextLong(max + 1)), "currency",
            str(currency)) : object("currency", str(currency), "amountMinor", Long.toString(random.nextLong(1000)));
    }

    private static String degrees(final SplittableRandom random, final int max)
    {
        final long micro = random.nextLong(-max * 1_000_000L, max * 1_000_000L + 1);
        final String plain = java.math.BigDecimal.valueOf(micro, 6).stripTrailingZeros().toPlainString();
        return random.nextInt(4) == 0 ? java.math.BigDecimal.valueOf(micro, 6).toPlainString() : plain;
    }

    private static Body validBody(final SplittableRandom random)
    {
        final Body body = new Body();
        final String currency = random.nextInt(5) == 0 ? "EUR" : "SGD";
        body.put("channel", str(CHANNELS[random.nextInt(CHANNELS.length)]));
        if (random.nextBoolean())
        {
            body.put("externalId", str("EXT-" + random.nextInt(1_000_000)));
        }
        if (random.nextInt(5) == 0)
        {
            body.put("reservationId", str(random.nextBoolean() ? "res_0123456789abcdef" : "not a hold"));
        }
        if (random.nextInt(4) == 0)
        {
            body.put("fallbackToAvailable", random.nextBoolean() ? "true" : "false");
        }
        if (random.nextInt(4) == 0)
        {
            body.put("allowPartial", random.nextBoolean() ? "true" : "false");
        }
        if (random.nextInt(4) == 0)
        {
            // 1 to 63 (an oddity may put a value out of range or of another shape, for both readers alike).
            body.put("maxShipments", Integer.toString(1 + random.nextInt(63)));
        }
        body.put("customer", object("id", str("cust-" + random.nextInt(1000)), "email",
            str("c" + random.nextInt(1000) + "@example.com"), "phone",
            random.nextBoolean() ? str("+65 " + random.nextInt(100_000_000)) : null));
        final boolean pickup = random.nextInt(4) == 0;
        body.put("deliveryMethod", str(pickup ? "PICKUP" : "SHIP"));
        if (pickup)
        {
            body.put("pickupLocationId", str("store-" + random.nextInt(10)));
        }
        if (!pickup || random.nextBoolean())
        {
            final boolean located = random.nextInt(5) > 0;
            body.put("shipTo", object("name", str("Customer " + random.nextInt(100)), "line1",
                str(random.nextInt(999) + " Orchard Road"), "city", str("Singapore"), "postalCode",
                str(Integer.toString(100_000 + random.nextInt(900_000))), "countryCode", str("SG"), "lat",
                located ? degrees(random, 90) : null, "lon", located ? degrees(random, 180) : null));
        }
        if (random.nextInt(3) == 0)
        {
            body.put("billingCountryCode", str("MY"));
        }
        if (random.nextInt(3) == 0)
        {
            body.put("serviceLevel", str(SERVICE_LEVELS[random.nextInt(SERVICE_LEVELS.length - 1)]));
        }
        final int lines = random.nextInt(10) == 0 ? 1 + random.nextInt(64) : 1 + random.nextInt(3);
        final StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < lines; i++)
        {
            array.append(i == 0 ? "" : ",").append(random.nextBoolean()
                ? object("sku", str(SKUS[random.nextInt(SKUS.length)]), "qty", Integer.toString(1 + random.nextInt(9)),
                    "unitPrice", money(random, 1L << 36, currency))
                : object("unitPrice", money(random, 5000, currency), "qty", "1", "sku", str(SKUS[0])));
        }
        body.put("lines", array.append(']').toString());
        final boolean stripe = random.nextInt(4) == 0;
        body.put("payment", object("provider", str(stripe ? "stripe" : "offline"), "reference",
            stripe || random.nextBoolean() ? str("pi_" + random.nextInt(1_000_000)) : null, "amount",
            // A card payment is above 0 (rules version 16; an oddity may make it 0, for both readers alike).
            stripe ? object("amountMinor", Long.toString(1 + random.nextLong(1L << 40)), "currency", str(currency)) :
                money(random, 1L << 40, currency), "fingerprint",
            random.nextBoolean() ? str("fp " + random.nextInt()) : null));
        if (random.nextBoolean())
        {
            body.put("clientIp", str(random.nextBoolean() ? "203.0.113." + random.nextInt(256) : "2001:db8::"
                + Integer.toHexString(random.nextInt(0xFFFF))));
        }
        if (random.nextInt(3) == 0)
        {
            // Charges (rules version 16): none, or a few; a discount within the lines' smallest possible value.
            final int charges = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(random.nextInt(8) == 0 ? 16 : 3);
            final String[] kinds = {"SHIPPING", "FEE", "TAX", "DISCOUNT"};
            final StringBuilder list = new StringBuilder("[");
            for (int i = 0; i < charges; i++)
            {
                final String kind = kinds[random.nextInt(kinds.length)];
                list.append(i == 0 ? "" : ",").append(object("type", str(kind), "name",
                    random.nextBoolean() ? str(random.nextBoolean() ? "" : "Voucher V" + random.nextInt(100)) : null,
                    "amount", kind.equals("DISCOUNT") ? object("amountMinor", "0", "currency", str(currency)) :
                        money(random, 100_000, currency)));
            }
            body.put("charges", list.append(']').toString());
        }
        return body;
    }

    /** One fault or oddity, chosen at random. */
    private static void oddity(final SplittableRandom random, final Body body)
    {
        final String[] names = {"channel", "externalId", "reservationId", "fallbackToAvailable", "allowPartial",
            "customer", "shipTo", "billingCountryCode", "deliveryMethod", "pickupLocationId", "serviceLevel", "lines",
            "payment", "clientIp", "maxShipments", "charges"};
        final String name = names[random.nextInt(names.length)];
        switch (random.nextInt(27))
        {
            case 24 -> body.set("charges", "[" + object("type", str(random.nextBoolean() ? "DISCOUNT" : "POSTAGE"),
                "amount", object("amountMinor", random.nextBoolean() ? "4611686018427387904" : "1099511627776000001",
                    "currency", str("SGD"))) + "]");
            case 25 -> body.set("charges", "[" + object("type", str("FEE"), "name", str(random.nextInt(3) == 0 ? "   " :
                "x".repeat(random.nextBoolean() ? 100 : 101)), "amount", object("amountMinor", "1", "currency",
                str(random.nextBoolean() ? "SGD" : "sgd"))) + "]");
            case 0 -> body.remove(name);
            case 1 -> body.put("unknown", "1");
            case 2 -> body.put(name, body.get(name) == null ? "1" : body.get(name));
            case 3 -> body.set(name, "null");
            case 4 -> body.set(name, "12");
            case 5 -> body.set(name, str("x"));
            case 6 -> body.set(name, "[]");
            case 7 -> body.set(name, "{}");
            case 8 -> body.set("channel", str("w\\u0065b"));
            case 9 -> body.set("customer", object("id", str("c1"), "email", str("caf\u00e9@example.com")));
            case 10 -> body.set("customer", object("id", str("c1"), "email", str(new String[] {"no-at", "a@b@c",
                "a@b.c.", "a@.b.c"}[random.nextInt(4)])));
            case 11 -> body.set("shipTo", object("name", str("N"), "line1", str("L"), "city", str("C"), "postalCode",
                str("1"), "countryCode", str(random.nextBoolean() ? "sg" : "SG"), "lat",
                random.nextBoolean() ? "1.3520831" : "1.352e0", "lon", "103.8"));
            case 12 -> body.set("shipTo", object("name", str("N"), "line1", str("L"), "city", str("C"), "postalCode",
                str("1"), "countryCode", str("SG"), "lat", random.nextBoolean() ? "1.5" : null, "lon",
                random.nextBoolean() ? "-0" : random.nextBoolean() ? "180.000001" : "01.5"));
            case 13 -> body.set("lines", random.nextBoolean() ? "[]" : "[" + object("sku", str("A"), "qty",
                random.nextBoolean() ? "0" : random.nextBoolean() ? "1.0" : "1e0", "unitPrice", object("amountMinor",
                    "1", "currency", str("SGD"))) + "]");
            case 14 -> body.set("payment", object("provider", str(random.nextBoolean() ? "stripe" : "paypal"),
                "reference", random.nextBoolean() ? str("pi_1") : null, "amount", object("amountMinor",
                    new String[] {"-1", "1099511627776000001", "0"}[random.nextInt(3)], "currency", str("SGD"))));
            case 15 -> body.set("deliveryMethod", str(random.nextBoolean() ? "PICKUP" : "ship"));
            case 16 -> body.set("pickupLocationId", str("store-1"));
            case 17 -> body.set("clientIp", str(random.nextBoolean() ? "256.1.1.1" : "::g"));
            case 18 -> body.suffix = random.nextBoolean() ? "x" : "{}";
            case 19 -> body.prefix = "\ufeff";
            case 20 -> body.set("serviceLevel", str(SERVICE_LEVELS[SERVICE_LEVELS.length - 1]));
            case 21 -> body.set("externalId", str("x".repeat(65)));
            case 22 -> body.set("customer", object("id", str("c1"), "email", str("a@b.c"), "phone",
                str(random.nextBoolean() ? "1".repeat(33) : "tab\\there")));
            case 23 -> body.set("maxShipments", new String[] {"0", "64", "-1", "2.0", "2e0", "63", "1"}[
                random.nextInt(7)]);
            default -> body.set("payment", object("provider", str("offline"), "amount", object("amountMinor", "5",
                "currency", str("SGD")), "fingerprint", str(random.nextBoolean() ? "" : "f".repeat(65))));
        }
    }
}
