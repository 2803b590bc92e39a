package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The content-type check every request with a body passes. */
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
