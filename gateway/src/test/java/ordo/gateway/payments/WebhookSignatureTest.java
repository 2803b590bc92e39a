package ordo.gateway.payments;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import ordo.gateway.payments.WebhookSignature.Result;

class WebhookSignatureTest {

    private static final long NOW = 1_712_345_678L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(UTF_8);
    private static final String CURRENT = "whsec_test_secret";
    private static final String RETIRING = "whsec_old_secret";

    private final WebhookSignature signature = new WebhookSignature(List.of(CURRENT), 300, CLOCK);

    @Test
    void theSignatureIsTheHexHmacSha256OfTimeDotBody() {
        // Computed independently: python3 hmac.new(b"whsec_test_secret", b'1712345678.{"id":"evt_1"}', sha256)
        String expected = "t=1712345678,v1=3e9fef6bb0be1690b1c51c8207fbd277a1f23efc0c150a508e309efc4c1aaad4";

        assertThat(WebhookSignature.header(CURRENT, NOW, BODY)).isEqualTo(expected);
        assertThat(signature.verify(expected, BODY)).isEqualTo(Result.VALID);
        assertThat(signature.verify(expected.toUpperCase().replace("T=", "t=").replace("V1=", "v1="), BODY))
                .as("hex in upper case").isEqualTo(Result.VALID);
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsBad() {
        assertThat(signature.verify(WebhookSignature.header("whsec_someone_else", NOW, BODY), BODY))
                .isEqualTo(Result.BAD_SIGNATURE);
    }

    @Test
    void duringRotationBothSecretsAreAccepted() {
        WebhookSignature rotating = new WebhookSignature(List.of(CURRENT, RETIRING), 300, CLOCK);

        assertThat(rotating.verify(WebhookSignature.header(CURRENT, NOW, BODY), BODY)).isEqualTo(Result.VALID);
        assertThat(rotating.verify(WebhookSignature.header(RETIRING, NOW, BODY), BODY)).isEqualTo(Result.VALID);
        assertThat(signature.verify(WebhookSignature.header(RETIRING, NOW, BODY), BODY))
                .as("once the old secret is dropped").isEqualTo(Result.BAD_SIGNATURE);
    }

    @Test
    void anyOfSeveralV1EntriesMayMatchAndOtherSchemesAreIgnored() {
        String good = WebhookSignature.header(CURRENT, NOW, BODY);
        String goodV1 = good.substring(good.indexOf(",") + 1);
        String otherV1 = WebhookSignature.header("whsec_someone_else", NOW, BODY).substring(good.indexOf(",") + 1);

        assertThat(signature.verify(good + "," + otherV1, BODY)).isEqualTo(Result.VALID);
        assertThat(signature.verify("t=" + NOW + "," + otherV1 + ",v0=deadbeef," + goodV1, BODY))
                .isEqualTo(Result.VALID);
        assertThat(signature.verify(" t=" + NOW + " , " + goodV1 + " ", BODY))
                .as("spaces around entries").isEqualTo(Result.VALID);
    }

    @Test
    void aSignatureOlderThanTheToleranceIsStale() {
        assertThat(signature.verify(WebhookSignature.header(CURRENT, NOW - 300, BODY), BODY)).isEqualTo(Result.VALID);
        assertThat(signature.verify(WebhookSignature.header(CURRENT, NOW - 301, BODY), BODY)).isEqualTo(Result.STALE);
    }

    @Test
    void aSignatureFromFurtherAheadThanTheToleranceIsStale() {
        assertThat(signature.verify(WebhookSignature.header(CURRENT, NOW + 300, BODY), BODY)).isEqualTo(Result.VALID);
        assertThat(signature.verify(WebhookSignature.header(CURRENT, NOW + 301, BODY), BODY)).isEqualTo(Result.STALE);
    }

    @Test
    void aTamperedBodyOrTimeIsABadSignatureEvenWhenStale() {
        String header = WebhookSignature.header(CURRENT, NOW, BODY);

        assertThat(signature.verify(header, "{\"id\":\"evt_2\"}".getBytes(UTF_8))).isEqualTo(Result.BAD_SIGNATURE);
        assertThat(signature.verify(header, "{\"id\":\"evt_1\"} ".getBytes(UTF_8))).isEqualTo(Result.BAD_SIGNATURE);
        assertThat(signature.verify(header.replace("t=" + NOW, "t=" + (NOW + 1)), BODY))
                .isEqualTo(Result.BAD_SIGNATURE);
        assertThat(signature.verify(header.replace("t=" + NOW, "t=" + (NOW - 3600)), BODY))
                .isEqualTo(Result.BAD_SIGNATURE);
    }

    @Test
    void malformedHeadersAreMalformed() {
        String v1 = WebhookSignature.header(CURRENT, NOW, BODY).substring(("t=" + NOW + ",").length());
        String hex = v1.substring(3);

        for (String header : new String[] {
                null, "", "garbage", "t=" + NOW, v1, "t=,"+ v1, "t=abc," + v1, "t=-5," + v1, "t=1234567890123," + v1,
                "t=" + NOW + ",t=" + NOW + "," + v1, "t=" + NOW + ",v1=" + hex.substring(1),
                "t=" + NOW + ",v1=" + hex.substring(1) + "g", "t=" + NOW + ",v1=" + hex + "00",
                "t=" + NOW + ",," + v1, "t=" + NOW + ",=x," + v1, "t=" + NOW + ("," + v1).repeat(9),
                "t=" + NOW + ",v0=" + "a".repeat(WebhookSignature.MAX_HEADER_CHARS) + "," + v1,
                "t=\u0661\u0667\u0661\u0662," + v1, "t=" + NOW + ",v1=" + hex.replace('e', '\u0665')}) {
            assertThat(signature.verify(header, BODY)).as("%s", header).isEqualTo(Result.MALFORMED);
        }
    }

    @Test
    void aMissingBodyIsMalformedAndAnEmptyOneIsSignedLikeAnyOther() {
        String header = WebhookSignature.header(CURRENT, NOW, new byte[0]);

        assertThat(signature.verify(header, null)).isEqualTo(Result.MALFORMED);
        assertThat(signature.verify(header, new byte[0])).isEqualTo(Result.VALID);
    }
}
