package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import ordo.engine.Codes;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import org.junit.jupiter.api.Test;

/**
 * The hand-written ORDER view ({@link OrderViews#order}) is byte for byte what Jackson's generator wrote for the
 * same view ({@link OrderViewJackson}, the version it replaced, its allocations one row per line and location as
 * the view has shown them since QA-225), over random views: every optional field present
 * and absent, texts with quotes, backslashes, control characters, non-ASCII and surrogate pairs, ASCII fields with
 * bytes that need escaping, coordinates of every sign and scale, a location's allocations spread over the list (the
 * shipments group them), payment and fraud codes this build does not know.
 */
class OrderViewJsonTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TEXT_PARTS = {"a", "Zz 9", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f",
        "\u007f", "é", "中", "\ud83d\ude00", "\u2028", " ", "Orchard Road", "<script>"};
    private static final String[] ASCII_PARTS = {"a", "SKU-1", "-", "_", ".", ":", "9", "\"", "\\", "\u0001",
        "\u00e9", "\u007f", " "};

    @Test
    void randomViewsAreWrittenAsJacksonWroteThem() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(20261129);
        final Reply reply = new Reply();
        for (int round = 0; round < 3_000; round++)
        {
            reply.reset(1, 1);
            final PayloadWriter w = reply.beginData();
            writeRandomView(random, w);
            reply.endData();

            final byte[] expected = OrderViewJackson.order(reply);
            final byte[] actual = OrderViews.order(reply);
            assertThat(new String(actual, StandardCharsets.UTF_8)).as("round %d", round)
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(actual).as("round %d", round).isEqualTo(expected);
            JSON.readTree(actual); // and it is JSON
        }
    }

    /**
     * The order's shipment limit is shown when it has one; a view an older build kept for an idempotent replay ends
     * before the limit's byte, and reads as an order without one (its order had none).
     */
    @Test
    void theShipmentLimitIsShownWhenSetAndAViewWithoutItsByteHasNone() throws Exception
    {
        final Reply reply = new Reply();
        for (final int limit : new int[] {-1, 0, 2, 63})
        {
            reply.reset(1, 1);
            final PayloadWriter w = reply.beginData();
            writeRandomViewBeforeTheLimit(new SplittableRandom(7), w);
            if (limit >= 0)
            {
                w.putByte(limit);
            }
            reply.endData();
            final com.fasterxml.jackson.databind.JsonNode json = JSON.readTree(OrderViews.order(reply));
            if (limit > 0)
            {
                assertThat(json.path("maxShipments").asInt()).isEqualTo(limit);
            }
            else
            {
                assertThat(json.has("maxShipments")).as("limit byte %d", limit).isFalse();
            }
            assertThat(json.path("fraud").isObject()).isTrue();
        }
    }

    /** An ORDER view's fields in ReplyCodec's layout, each drawn at random. */
    private static void writeRandomView(final SplittableRandom random, final PayloadWriter w)
    {
        writeRandomViewBeforeTheLimit(random, w);
        // The shipment limit (rules version 14): none, none kept (a view an older build kept for a replay ends
        // before it), or a limit.
        final int limit = random.nextInt(4);
        if (limit > 0)
        {
            w.putByte(limit == 1 ? 0 : 1 + random.nextInt(63));
            // The charges and totals (rules version 16), after the limit: none kept (an older view), none, or some
            // (kinds this build does not know among them).
            if (random.nextInt(3) > 0)
            {
                final int charges = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(16);
                w.putByte(charges);
                for (int i = 0; i < charges; i++)
                {
                    w.putByte(random.nextInt(8) == 0 ? 9 : pick(random, Codes.ChargeKind.values()).code());
                    w.putLong(random.nextLong(1L << 40));
                    w.putText(text(random, true));
                }
                w.putLong(random.nextLong(1L << 50));
                w.putLong(random.nextLong(1L << 50));
            }
        }
    }

    /** {@link #writeRandomView} up to the shipment limit's byte: the view as builds before rules version 14 wrote. */
    private static void writeRandomViewBeforeTheLimit(final SplittableRandom random, final PayloadWriter w)
    {
        w.putLong(random.nextLong());
        w.putByte(pick(random, Codes.OrderStatus.values()).code());
        w.putAscii(ascii(random, false));
        w.putAscii(ascii(random, true));
        w.putAscii(ascii(random, false));
        w.putText(text(random, false));
        w.putText(text(random, true));
        w.putByte(pick(random, Codes.DeliveryMethod.values()).code());
        w.putByte(pick(random, Codes.ServiceLevel.values()).code());
        w.putAscii(ascii(random, true));
        final boolean noAddress = random.nextInt(4) == 0;
        for (int i = 0; i < 4; i++)
        {
            w.putText(noAddress ? "" : text(random, true));
        }
        w.putAscii(noAddress ? "" : ascii(random, true));
        w.putByte(noAddress ? 0 : random.nextInt(2));
        w.putInt(micro(random, 90));
        w.putInt(micro(random, 180));
        w.putAscii(ascii(random, true));
        w.putAscii(ascii(random, true));
        w.putAscii(ascii(random, false));
        w.putAscii(ascii(random, true));
        w.putLong(random.nextLong(1L << 50));
        w.putAscii(ascii(random, false));
        w.putAscii(ascii(random, false));
        w.putLong(random.nextInt(3) == 0 ? 0 : random.nextLong(1, Long.MAX_VALUE));
        w.putLong(time(random, false));
        w.putLong(time(random, false));
        w.putLong(time(random, true));
        final int lines = 1 + random.nextInt(random.nextBoolean() ? 3 : 64);
        final String[] skus = new String[Math.max(1, lines / 2)];
        for (int i = 0; i < skus.length; i++)
        {
            skus[i] = ascii(random, false);
        }
        w.putShort(lines);
        for (int i = 0; i < lines; i++)
        {
            w.putAscii(skus[random.nextInt(skus.length)]);
            w.putInt(random.nextInt(1_000_000));
            w.putLong(random.nextLong(1L << 36));
            w.putInt(random.nextInt(1_000));
            w.putInt(random.nextInt(1_000));
            w.putInt(random.nextInt(1_000));
        }
        // Now and then many locations and allocations: the rows and shipments are grouped through hash tables that
        // grow with the view and are reused by the next (Review-226).
        final boolean large = random.nextInt(12) == 0;
        final String[] locations = new String[large ? 2 + random.nextInt(400) : 4];
        locations[0] = "wh-sg";
        locations[1] = "store-1";
        for (int i = 2; i < locations.length; i++)
        {
            locations[i] = ascii(random, false) + (large ? "-" + i : "");
        }
        final int allocations = random.nextInt(4) == 0 ? 0 : large ? random.nextInt(3_000) :
            random.nextInt(1 + random.nextInt(60));
        w.putInt(allocations);
        for (int i = 0; i < allocations; i++)
        {
            w.putShort(random.nextInt(lines));
            w.putAscii(locations[random.nextInt(locations.length)]);
            w.putInt(random.nextInt(100));
            w.putLong(time(random, false));
        }
        w.putByte(random.nextInt(8));
        w.putLong(random.nextLong(1L << 40));
        w.putLong(random.nextLong(1L << 40));
        w.putLong(random.nextLong(1L << 40));
        w.putText(text(random, true));
        w.putAscii(ascii(random, true));
        w.putByte(random.nextInt(6));
        w.putInt(random.nextInt(200) - 20);
        final int reasons = random.nextInt(4);
        w.putByte(reasons);
        for (int i = 0; i < reasons; i++)
        {
            w.putByte(random.nextInt(12));
            w.putInt(random.nextInt(100));
        }
        w.putAscii(ascii(random, true));
        w.putText(text(random, true));
    }

    private static <T> T pick(final SplittableRandom random, final T[] values)
    {
        return values[random.nextInt(values.length)];
    }

    private static String text(final SplittableRandom random, final boolean mayBeEmpty)
    {
        final int parts = (mayBeEmpty && random.nextInt(3) == 0) ? 0 : 1 + random.nextInt(6);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts; i++)
        {
            // Mostly plain text (the fast path), sometimes a part that needs escaping or is not ASCII.
            text.append(random.nextInt(3) == 0 ? pick(random, TEXT_PARTS) : TEXT_PARTS[random.nextInt(2)]);
        }
        return text.toString();
    }

    private static String ascii(final SplittableRandom random, final boolean mayBeEmpty)
    {
        final int parts = (mayBeEmpty && random.nextInt(3) == 0) ? 0 : 1 + random.nextInt(5);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts; i++)
        {
            text.append(random.nextInt(6) == 0 ? pick(random, ASCII_PARTS) : ASCII_PARTS[random.nextInt(2)]);
        }
        return text.toString();
    }

    /** Micro-degrees of every kind: 0, whole degrees, trailing zeros, negative, the bounds. */
    private static int micro(final SplittableRandom random, final int bound)
    {
        return switch (random.nextInt(6))
        {
            case 0 -> 0;
            case 1 -> (random.nextInt(2 * bound + 1) - bound) * 1_000_000;
            case 2 -> (random.nextInt(2 * bound * 100 + 1) - bound * 100) * 10_000;
            case 3 -> random.nextBoolean() ? bound * 1_000_000 : -bound * 1_000_000;
            case 4 -> random.nextInt(2_000_001) - 1_000_000;
            default -> random.nextInt(2 * bound * 1_000_000 + 1) - bound * 1_000_000;
        };
    }

    private static long time(final SplittableRandom random, final boolean mayBeNone)
    {
        if (mayBeNone && random.nextInt(3) == 0)
        {
            return 0;
        }
        return random.nextInt(10) == 0 ? random.nextLong(0, 253_402_300_800_000L) : 1_764_000_000_000L +
            random.nextLong(100_000_000_000L);
    }
}
