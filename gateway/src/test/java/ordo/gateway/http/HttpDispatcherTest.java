package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The content-type checks every request with a body passes. */
class HttpDispatcherTest {

    @Test
    void jsonMediaTypesAreRecognisedInAnyCaseWithParametersAndBlanks() {
        assertThat(HttpDispatcher.isJson("application/json")).isTrue();
        assertThat(HttpDispatcher.isJson(" Application/JSON ; charset=utf-8")).isTrue();
        assertThat(HttpDispatcher.isJson("application/problem+json")).isTrue();
        assertThat(HttpDispatcher.isJson("APPLICATION/+JSON")).isTrue();
        assertThat(HttpDispatcher.isJson("text/json")).isFalse();
        assertThat(HttpDispatcher.isJson("application/jsonx")).isFalse();
        assertThat(HttpDispatcher.isJson("application/json\u00a0")).isFalse();
        assertThat(HttpDispatcher.isJson("")).isFalse();
        assertThat(HttpDispatcher.isJson(null)).isFalse();
    }

    /** A charset other than utf-8 is named (unquoted) for the 415; none, or utf-8 in any case and quoting, is null. */
    @Test
    void aCharsetOtherThanUtf8IsNamedAndUtf8OrNoneIsNot() {
        for (String fine : new String[] {"application/json", "application/json; charset=utf-8",
                "application/json;charset=UTF-8", "application/json; CharSet=\"Utf-8\"",
                "application/json ; charset = utf-8 ",
                "application/json; profile=x; charset=utf-8", "application/json;", "application/json; charsets=utf-16",
                "application/json; x=charset"}) {
            assertThat(HttpDispatcher.unsupportedCharset(fine)).as("'%s'", fine).isNull();
        }
        assertThat(HttpDispatcher.unsupportedCharset("application/json; charset=utf-16")).isEqualTo("utf-16");
        assertThat(HttpDispatcher.unsupportedCharset("application/json;CHARSET=\"ISO-8859-1\""))
                .isEqualTo("ISO-8859-1");
        assertThat(HttpDispatcher.unsupportedCharset("application/json; a=b; charset=utf-32")).isEqualTo("utf-32");
        // UTF-8's other labels, and US-ASCII (a subset of it), read as UTF-8: they were refused (found in review).
        for (String label : new String[] {"utf8", "UTF8", "unicode-1-1-utf-8", "US-ASCII", "ascii", "\"us-ascii\""}) {
            assertThat(HttpDispatcher.unsupportedCharset("application/json; a=b; charset=" + label)).as(label).isNull();
        }
        assertThat(HttpDispatcher.unsupportedCharset("application/json; charset=utf-8x")).isEqualTo("utf-8x");
        assertThat(HttpDispatcher.unsupportedCharset("application/json; charset=latin1")).isEqualTo("latin1");
        // Every charset parameter counts: the first alone let a second one through (found in QA).
        assertThat(HttpDispatcher.unsupportedCharset("application/json; charset=utf-8; charset=utf-16"))
                .isEqualTo("utf-16");
        assertThat(HttpDispatcher.unsupportedCharset("application/json; charset=utf-8; charset=UTF8")).isNull();
        assertThat(HttpDispatcher.unsupportedCharset("application/json; charset=")).isEmpty();
    }

    /** The check compares in place; it must say what lower-casing, trimming and comparing said, for any value. */
    @Test
    void theInPlaceCheckAgreesWithLowerCasingAndComparingOnEveryValue() {
        String[] pieces = {"application/", "APPLICATION/", "Application/", "json", "JSON", "+json", "+JSON", "+",
            "/", ";", " ", "\t", "\u00a0", "\u00e9", "\u00c9", "x", "problem", "charset=utf-8", "text/", "j", "son"};
        Random random = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder value = new StringBuilder();
            int count = random.nextInt(6);
            for (int p = 0; p < count; p++) {
                value.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = value.toString();
            assertThat(HttpDispatcher.isJson(text)).as("'%s'", text).isEqualTo(lowerCasedAndCompared(text));
        }
    }

    /** What the check did before it compared in place. */
    private static boolean lowerCasedAndCompared(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }
}
