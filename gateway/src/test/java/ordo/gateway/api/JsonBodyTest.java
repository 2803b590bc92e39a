package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The typed getters of {@link JsonBody}: coordinates read exactly, whatever form the number takes. */
class JsonBodyTest
{
    private static int microDegrees(final String number)
    {
        return JsonBody.parse(("{\"lat\":" + number + "}").getBytes(StandardCharsets.US_ASCII)).microDegrees("lat", 90);
    }

    /**
     * A coordinate with an extreme exponent is read at once: "1e-999999999" was scaled to six decimals through a power
     * of ten of a billion digits (a 500), and smaller exponents held an event loop for minutes.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aCoordinateWithAnExtremeExponentIsReadAtOnce()
    {
        assertThat(microDegrees("1e-999999999")).isZero();
        assertThat(microDegrees("-5e-300000000")).isZero();
        assertThat(microDegrees("0e-999999999")).isZero();
        assertThat(microDegrees("1.3e-2147483600")).isZero();
        assertThatThrownBy(() -> microDegrees("1e999999999")).isInstanceOf(BadRequest.class)
            .hasMessageContaining("must be between -90 and 90");
        assertThatThrownBy(() -> microDegrees("-1e999999999")).isInstanceOf(BadRequest.class)
            .hasMessageContaining("must be between -90 and 90");
    }

    /**
     * A number whose exponent puts its scale beyond an int is no BigDecimal: the parser threw NumberFormatException,
     * not an IOException, and every JSON route answered 500 (QA-209: {@code "shareOfAtp": 0e-2147483648},
     * {@code "qty": 0.1e-2147483647}). It is a 400 naming the bound, as any body the parser cannot read.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aNumberWhoseScaleIsBeyondAnIntIsRefusedNotA500()
    {
        for (final String number : new String[] {"0e-2147483648", "1e-2147483648", "0.1e-2147483647",
            "-0.5e-2147483647", "0e-9223372036854775808", "1E-99999999999", "1E+2000000000000000000000000000000",
            "0e5000000000000000000000000000000"})
        {
            assertThatThrownBy(() -> JsonBody.parse(("{\"pools\":[{\"shareOfAtp\":" + number + "}]}")
                .getBytes(StandardCharsets.US_ASCII)))
                .as(number).isInstanceOf(BadRequest.class)
                .hasMessageStartingWith("request body holds a number this API cannot read")
                .hasMessageNotContaining("`").hasMessageNotContaining("java.");
        }
        assertThat(microDegrees("0e-2147483647")).isZero();
    }

    /**
     * A whole number written with trailing zeros and an exponent at the edge of a scale ({@code 100e2147483647}) is
     * out of range, not a 500: stripping its zeros took its scale below an int's and threw ArithmeticException
     * (found in review, beside QA-209).
     */
    @Test
    void aWholeNumberWhoseZerosCannotBeStrippedIsOutOfRangeNotA500()
    {
        for (final String number : new String[] {"100e2147483647", "100E+2147483647", "1000e2147483646",
            "-100e2147483647"})
        {
            assertThatThrownBy(() -> JsonBody.parse(("{\"qty\":" + number + "}").getBytes(StandardCharsets.US_ASCII))
                .integer("qty", 1, 100)).as(number).isInstanceOf(BadRequest.class)
                .hasMessageContaining("must be between 1 and 100");
        }
        assertThat(JsonBody.parse("{\"qty\":100e0}".getBytes(StandardCharsets.US_ASCII)).integer("qty", 1, 100))
            .isEqualTo(100);
        assertThat(JsonBody.parse("{\"qty\":0.5e2}".getBytes(StandardCharsets.US_ASCII)).integer("qty", 1, 100))
            .isEqualTo(50);
    }

    /** A text's length is counted in characters as a reader counts them: an emoji is one, not two UTF-16 units. */
    @Test
    void aTextsLengthIsCountedInCharactersNotUtf16Units()
    {
        final String emoji = "\uD83D\uDE00";
        assertThat(text(emoji.repeat(200))).isEqualTo(emoji.repeat(200));
        assertThatThrownBy(() -> text(emoji.repeat(201))).isInstanceOf(BadRequest.class)
            .hasMessageContaining("must be at most 200 characters");
        assertThatThrownBy(() -> text("x".repeat(201))).isInstanceOf(BadRequest.class)
            .hasMessageContaining("must be at most 200 characters");
    }

    /**
     * A malformed body is refused in the parser's words about the body, never its settings: Jackson's locations say
     * "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]", its limits
     * "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)", and a comment "(… since Feature 'ALLOW_COMMENTS' not
     * enabled for parser)" (QA, review).
     */
    @Test
    void aMalformedBodyIsRefusedWithoutTheParsersInternals()
    {
        final String[] bodies = {"{", "{\"reason\":", "{\"lines\":[{\"sku\":\"A\"", "[1,", "[".repeat(1001),
            "{\"qty\":" + "9".repeat(1001) + "}", "{\"qty\":1." + "5".repeat(1001) + "}", "/* c */ {}",
            "{\"a\":1 // c\n}", "{\"a\":NaN}", "{'a':1}", "{a:1}", "{\"a\":01}", "{\"a\":\"\t\"}", "{\"a\":1,}",
            "{\"a\":[1,]}", "{\"a\":+1}", "{\"a\":.5}", "{\"a\":\"\\x\"}", "{\"a\":tru}", "{\"a\":1}x",
            "{\"[Source: x\":1,\"[Source: x\":2}", "{\"a\":\"" + "x".repeat(100) + "\\u00\"}", "{\"a\":\"abc", "{\"ab", "{\"a\":12", "{\"a\":1.5e"};
        for (final String body : bodies)
        {
            final String shown = body.length() > 40 ? body.substring(0, 40) + "…" : body;
            assertThatThrownBy(() -> JsonBody.parse(body.getBytes(StandardCharsets.UTF_8)))
                .as(shown).isInstanceOf(BadRequest.class)
                .hasMessageStartingWith("request body is not valid JSON: ")
                .hasMessageNotContaining("REDACTED").hasMessageNotContaining("`")
                .hasMessageNotContaining("StreamRead").hasMessageNotContaining("JsonRead")
                .hasMessageNotContaining("Feature").hasMessageNotContaining("enable")
                .hasMessageNotContaining("jackson").hasMessageNotContaining("Constraints")
                .satisfies(e -> assertThat(e.getMessage()).as("a token name").doesNotContainPattern("[A-Z]+_[A-Z]+"));
        }
        assertThatThrownBy(() -> JsonBody.parse("\n {\"lines\":[\n".getBytes(StandardCharsets.US_ASCII)))
            .isInstanceOf(BadRequest.class).hasMessage("request body is not valid JSON: Unexpected end-of-input: " +
                "expected close marker for Array (start marker at [line: 2, column: 11])");
        assertThatThrownBy(() -> JsonBody.parse("{\"[Source: x\":1,\"[Source: x\":2}".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(BadRequest.class).hasMessageContaining("'[Source: x'");
        assertThatThrownBy(() -> JsonBody.parse("{\"in VALUE_STRING\":1,\"in VALUE_STRING\":2}"
            .getBytes(StandardCharsets.UTF_8))).isInstanceOf(BadRequest.class)
            .hasMessageContaining("'in VALUE_STRING'");
    }

    /** An integer beyond a long is refused for its range, like any other integer out of range, not as "no integer". */
    @Test
    void anIntegerBeyondALongIsRefusedForItsRange()
    {
        final JsonBody body = JsonBody.parse("{\"qty\":99999999999999999999,\"half\":1.5}".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> body.integer("qty", 1, 1_000_000)).isInstanceOf(BadRequest.class)
            .hasMessageContaining("must be between 1 and 1000000");
        assertThatThrownBy(() -> body.integer("half", 1, 1_000_000)).isInstanceOf(BadRequest.class)
            .hasMessageContaining("must be an integer");
    }

    /**
     * An integer is a JSON number with no fractional part, as JSON Schema's {@code integer} (the OpenAPI document's)
     * says: {@code 1.0}, {@code 1e0} and {@code 100E-2} are 1 (a client serialising floats sends {@code 1.0}: found in
     * QA), {@code 1.5} and {@code 1e-1} are not integers, and a whole number written with a huge exponent is out of
     * range at once, never expanded. An amount in minor units is written as an integer: {@code "amountMinor": 20.0} is
     * refused (a client writing major units as decimals would otherwise pay 20 cents for 20.00).
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aWholeNumberWrittenWithADecimalPointOrAnExponentIsAnInteger()
    {
        for (final String one : new String[] {"1", "1.0", "1.000", "1e0", "1E+0", "0.1e1", "100E-2", "10e-1"})
        {
            assertThat(integer(one)).as(one).isEqualTo(1);
        }
        assertThat(integer("-0.0")).isZero();
        assertThat(integer("5900.00")).isEqualTo(5900);
        assertThat(integer("1e6")).isEqualTo(1_000_000);
        for (final String notWhole : new String[] {"1.5", "1e-1", "0.999999999999999999999", "\"1\"", "true"})
        {
            assertThatThrownBy(() -> integer(notWhole)).as(notWhole).isInstanceOf(BadRequest.class)
                .hasMessageContaining("must be an integer");
        }
        for (final String huge : new String[] {"1e7", "1e19", "1e999999999", "-1e999999999", "9223372036854775808.0"})
        {
            assertThatThrownBy(() -> integer(huge)).as(huge).isInstanceOf(BadRequest.class)
                .hasMessageContaining("must be between 0 and 1000000");
        }
        final JsonBody money = JsonBody.parse("{\"amountMinor\":20.0,\"ratePerKmMinor\":2e1,\"cents\":2000}"
            .getBytes(StandardCharsets.US_ASCII));
        for (final String field : new String[] {"amountMinor", "ratePerKmMinor"})
        {
            assertThatThrownBy(() -> money.integer(field, 0, 1_000_000)).as("money in minor units: %s", field)
                .isInstanceOf(BadRequest.class).hasMessageContaining("must be an integer number of minor units");
        }
        assertThat(money.integer("cents", 0, 1_000_000)).isEqualTo(2000);
        final JsonBody big = JsonBody.parse("{\"n\":1e999999999,\"m\":1.0}".getBytes(StandardCharsets.US_ASCII));
        assertThat(big.integerBeyondLong("n")).isEqualTo("1E+999999999");
        assertThat(big.integerBeyondLong("m")).isNull();
    }

    private static long integer(final String number)
    {
        return JsonBody.parse(("{\"n\":" + number + "}").getBytes(StandardCharsets.US_ASCII)).integer("n", 0, 1_000_000);
    }

    private static String text(final String value)
    {
        return JsonBody.parse(("{\"name\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8)).text("name", 200);
    }

    /** Half a micro-degree and less rounds to 0 (half to even), more to 1: the same as the scaling for larger values. */
    @Test
    void coordinatesRoundHalfToEvenAtTheMicroDegree()
    {
        assertThat(microDegrees("5e-7")).isZero();
        assertThat(microDegrees("-5e-7")).isZero();
        assertThat(microDegrees("0.0000005")).isZero();
        assertThat(microDegrees("4.99e-7")).isZero();
        assertThat(microDegrees("5.0000001e-7")).isEqualTo(1);
        assertThat(microDegrees("-5.0000001e-7")).isEqualTo(-1);
        assertThat(microDegrees("1.5e-6")).isEqualTo(2);
        assertThat(microDegrees("-1.5e-6")).isEqualTo(-2);
        assertThat(microDegrees("2.5e-6")).isEqualTo(2);
        assertThat(microDegrees("45.1234565")).isEqualTo(45_123_456);
        assertThat(microDegrees("45.1234575")).isEqualTo(45_123_458);
        assertThat(microDegrees("9e1")).isEqualTo(90_000_000);
        assertThat(microDegrees("-90")).isEqualTo(-90_000_000);
        assertThat(microDegrees("1.3521")).isEqualTo(1_352_100);
    }
}
