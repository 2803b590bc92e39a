package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A header value offered by the connection is reused exactly when it is the same text. */
class Http1HeadTest {

    @Test
    void theConnectionsLastValueIsReturnedItselfOnlyWhenTheTextIsTheSame() {
        Http1Head head = head("Authorization: Bearer bench-web\r\nContent-Type: application/json\r\n");
        String remembered = new String("Bearer bench-web");

        assertThat(head.header("authorization", remembered)).isSameAs(remembered);
        for (String other : new String[] {"Bearer bench-wex", "Bearer bench-we", "Bearer bench-webb", "", "B"}) {
            assertThat(head.header("Authorization", other)).as(other).isNotSameAs(other).isEqualTo("Bearer bench-web");
        }
        assertThat(head.header("Authorization", null)).isEqualTo("Bearer bench-web");
        assertThat(head.header("Idempotency-Key", remembered)).isNull();
    }

    @Test
    void anEmptyValueIsTheEmptyStringWhateverWasOffered() {
        Http1Head head = head("X-Empty:\r\n");

        assertThat(head.header("x-empty", "")).isEmpty();
        assertThat(head.header("x-empty", "something")).isEmpty();
    }

    @Test
    void aValueBeyondAsciiIsComparedAsTheIso88591TextItIs() {
        Http1Head head = head("X-Name: caf\u00e9\r\n");
        String cafe = "caf\u00e9";

        assertThat(head.header("X-Name", cafe)).isSameAs(cafe);
        assertThat(head.header("X-Name", "cafe")).isEqualTo(cafe);
    }

    private static Http1Head head(String fields) {
        String request = "POST /v1/reservations HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        Http1Head head = new Http1Head();
        assertThat(head.parse(bytes, request.indexOf('\n'))).isNull();
        return head;
    }
}
