package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import ordo.engine.PayloadWriter;
import ordo.gateway.pipeline.CommandSlot;
import ordo.gateway.pipeline.PayloadEncoder;
import org.agrona.concurrent.UnsafeBuffer;

class ReserveBodyParserTest
{
    private static final String VALID =
        "{\"channel\":\"web\",\"customerId\":\"c-1\",\"ttlSeconds\":3600,\"lines\":[{\"sku\":\"SKU-0001\",\"qty\":2}]}";

    @Test
    void readsAPlainBodyAsTheFieldByFieldReaderDoes()
    {
        final ReserveBodyParser.Body fast = fast(VALID);

        assertThat(fast).isEqualTo(ReservationRoutes.readWithJackson(bytes(VALID)));
        assertThat(fast.ttlSeconds()).isEqualTo(3600);
        assertThat(fast.lines()).containsExactly(new Requests.Line("SKU-0001", 2));
        assertThat(fast.locationId()).isNull();
    }

    @Test
    void readsOptionalMembersSpacesAndNullsAsTheFieldByFieldReaderDoes()
    {
        for (final String body : List.of(
            " {\n\t\"lines\" : [ {\"qty\":1000000, \"sku\":\"A\"} , {\"sku\":\"b.c:d_e-f\",\"qty\":1} ],"
                + " \"customerId\":\"x\", \"channel\":\"web\", \"locationId\": \"store-7\" } \r\n",
            "{\"channel\":\"web\",\"customerId\":\"c\",\"lines\":[{\"sku\":\"A\",\"qty\":1}],\"ttlSeconds\":null,"
                + "\"locationId\":null}",
            "{\"channel\":\"web\",\"customerId\":\"c\",\"lines\":[{\"sku\":\"A\",\"qty\":1}],\"ttlSeconds\":604800}"))
        {
            assertThat(fast(body)).as(body).isNotNull().isEqualTo(ReservationRoutes.readWithJackson(bytes(body)));
        }
        assertThat(fast("{\"channel\":\"web\",\"customerId\":\"c\",\"lines\":[{\"sku\":\"A\",\"qty\":1}]}")
            .ttlSeconds()).isEqualTo(ReservationRoutes.DEFAULT_TTL_SECONDS);
    }

    @Test
    void publishesTheSameCommandAsTheFieldByFieldReader()
    {
        for (final String body : List.of(VALID, linesBody(64),
            " {\n\t\"lines\" : [ {\"qty\":1000000, \"sku\":\"A\"} , {\"sku\":\"b.c:d_e-f\",\"qty\":1} ],"
                + " \"customerId\":\"x\", \"channel\":\"web\", \"locationId\": \"store-7\" } \r\n",
            "{\"channel\":\"app\",\"customerId\":\"c\",\"lines\":[{\"sku\":\"A\",\"qty\":1}],\"ttlSeconds\":null,"
                + "\"locationId\":null}",
            "{\"channel\":\"web\",\"customerId\":\"c\",\"lines\":[{\"sku\":\"A\",\"qty\":1}]}"))
        {
            assertThat(encodedInPlace(body, 7, 9)).as(body).isEqualTo(encodedFromRecords(body, 7, 9));
        }
    }

    @Test
    void aBodyReadAfterALongerOneIsItsOwn()
    {
        final String longer = linesBody(40).replace("\"c\"", "\"" + "c".repeat(60) + "\"");

        assertThat(fast(longer)).isNotNull();
        assertThat(encodedInPlace(VALID, 0, 0)).isEqualTo(encodedFromRecords(VALID, 0, 0));
        assertThat(fast(VALID)).isEqualTo(ReservationRoutes.readWithJackson(bytes(VALID)));
    }

    @Test
    void leavesEveryBodyItDoesNotPlainlyAcceptToTheReaderThatNamesTheFault()
    {
        for (final String body : List.of("", "[]", "{}", "null", "{\"channel\":\"web\"}",
            VALID.replace("\"web\"", "\"w\\u0065b\""), VALID.replace("3600", "3600.0"),
            VALID.replace("3600", "36e2"), VALID.replace("3600", "-1"), VALID.replace("3600", "0"),
            VALID.replace("3600", "604801"), VALID.replace("3600", "03600"), VALID.replace("\"qty\":2", "\"qty\":0"),
            VALID.replace("\"qty\":2", "\"qty\":1000001"), VALID.replace("\"qty\":2", "\"qty\":\"2\""),
            VALID.replace("c-1", "c 1"), VALID.replace("c-1", "c/1"), VALID.replace("c-1", ""),
            VALID.replace("c-1", "c".repeat(65)), VALID.replace("SKU-0001", "é"),
            VALID.replace("\"ttlSeconds\"", "\"ttl\""), VALID.replace("}]}", "}],\"channel\":\"web\"}"),
            VALID.replace("\"qty\":2}", "\"qty\":2,\"qty\":3}"), VALID.replace("\"qty\":2}", "\"qty\":2,\"note\":1}"),
            VALID.replace("[{", "[ ]").replace("]}", ""), VALID.replace("[{\"sku\":\"SKU-0001\",\"qty\":2}]", "[]"),
            VALID + "x", VALID + "{}", "\uFEFF" + VALID, VALID.substring(0, VALID.length() - 1),
            VALID.replace("\"channel\":\"web\"", "\"channel\":null"), VALID.replace(",\"ttlSeconds\":3600", ""
                + ",\"ttlSeconds\":3600,\"ttlSeconds\":60"), linesBody(65),
            VALID.replace(",\"lines\":[{\"sku\":\"SKU-0001\",\"qty\":2}]", ""),
            VALID.replace("\"customerId\":\"c-1\",", ""), VALID.replace("\"channel\":\"web\",", ""),
            VALID.replace("{\"sku\":\"SKU-0001\",", "{")))
        {
            assertThat(fast(body)).as(body).isNull();
        }
        assertThat(fast(linesBody(64))).isNotNull();
    }

    @Test
    void neverAcceptsWhatTheFieldByFieldReaderRefusesNorReadsItDifferently()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final String alphabet = "{}[]\":,. -0129eE\\nulsqtykcahinedrTISKw_\t";
        for (int i = 0; i < 50_000; i++)
        {
            final StringBuilder body = new StringBuilder(VALID);
            final int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++)
            {
                final int at = random.nextInt(body.length());
                switch (random.nextInt(3))
                {
                    case 0 -> body.deleteCharAt(at);
                    case 1 -> body.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> body.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            final String text = body.toString();
            final ReserveBodyParser.Body fast = fast(text);
            if (fast != null)
            {
                assertThat(ReservationRoutes.readWithJackson(bytes(text))).as(text).isEqualTo(fast);
            }
        }
    }

    @Test
    void theFieldByFieldReaderStillNamesTheFault()
    {
        assertThatThrownBy(() -> ReservationRoutes.readWithJackson(bytes(VALID.replace("3600", "3600.5"))))
            .isInstanceOf(BadRequest.class).hasMessage("ttlSeconds: must be an integer");
    }

    private static String linesBody(final int count)
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            lines.add("{\"sku\":\"S" + i + "\",\"qty\":1}");
        }
        return "{\"channel\":\"web\",\"customerId\":\"c\",\"lines\":[" + String.join(",", lines) + "]}";
    }

    private static ReserveBodyParser.Body fast(final String body)
    {
        final ReserveBodyParser read = ReserveBodyParser.read(Unpooled.wrappedBuffer(bytes(body)));
        return read == null ? null : read.toBody();
    }

    /** The RESERVE payload the route publishes for a body read in place. */
    private static byte[] encodedInPlace(final String body, final long keyHash, final long fingerprint)
    {
        final ReserveBodyParser read = ReserveBodyParser.read(Unpooled.wrappedBuffer(bytes(body)));
        assertThat(read).as(body).isNotNull();
        return encoded(read.envelope(keyHash, fingerprint), ReserveBodyParser::encode);
    }

    /** The RESERVE payload the route publishes for a body the field-by-field reader read. */
    private static byte[] encodedFromRecords(final String body, final long keyHash, final long fingerprint)
    {
        final ReserveBodyParser.Body read = ReservationRoutes.readWithJackson(bytes(body));
        return encoded(new Requests.Reserve(keyHash, fingerprint, read.channel(), read.customerId(),
            read.locationId(), read.ttlSeconds() * 1000, read.lines()), Requests.Reserve::encode);
    }

    private static <T> byte[] encoded(final T request, final PayloadEncoder<T> encoder)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandSlot.PAYLOAD_CAPACITY]);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        encoder.encode(request, w);
        final byte[] payload = new byte[w.position()];
        buffer.getBytes(0, payload);
        return payload;
    }

    private static byte[] bytes(final String body)
    {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
