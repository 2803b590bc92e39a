package ordo.gateway.payments;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import ordo.gateway.payments.PaymentWebhookEvent.Kind;

class OfflineWebhookParserTest {

    private final OfflineWebhookParser parser = new OfflineWebhookParser();

    @Test
    void eachTypeIsReadWithItsReferenceAndAmount() {
        assertThat(parse(event("authorized", 1999, "EUR")))
                .isEqualTo(new PaymentWebhookEvent("pos-7-000123", Kind.AUTHORIZED, "ord_00000000000000a1", 1999,
                        "EUR"));
        assertThat(parse(event("captured", 1999, "EUR")).kind()).isEqualTo(Kind.CAPTURED);
        assertThat(parse(event("failed", 1999, "EUR")).kind()).isEqualTo(Kind.FAILED);
        assertThat(parse(event("refunded", 500, "SGD")))
                .isEqualTo(new PaymentWebhookEvent("pos-7-000123", Kind.REFUNDED, "ord_00000000000000a1", 500, "SGD"));
    }

    @Test
    void theFormatIsReadStrictly() {
        assertMalformed(event("paid", 1999, "EUR"), "type");
        assertMalformed(event("captured", 1999, "eur"), "amount.currency");
        // ISO 4217 codes, as every other money input takes them: not only three letters (found in QA).
        for (String notMoney : new String[] {"ZZZ", "XXQ", "XAU", "XTS", "XXX", "EU", "EURO"}) {
            assertMalformed(event("captured", 1999, notMoney), "amount.currency");
        }
        assertMalformed(event("captured", -1, "EUR"), "amount.amountMinor");
        assertMalformed("{\"id\":\"e1\",\"type\":\"captured\",\"reference\":\"r1\",\"amount\":{\"amountMinor\":1,"
                + "\"currency\":\"EUR\"},\"note\":\"x\"}", "note");
        assertMalformed("{\"id\":\"e1\",\"type\":\"captured\",\"reference\":\"r1\",\"amount\":{\"amountMinor\":1,"
                + "\"currency\":\"EUR\",\"cents\":1}}", "amount.cents");
        assertMalformed("{\"id\":\"e1\",\"type\":\"captured\",\"amount\":{\"amountMinor\":1,\"currency\":\"EUR\"}}",
                "reference");
        assertMalformed("{\"id\":\"e1\",\"type\":\"captured\",\"reference\":\"r1\",\"amount\":1999}", "amount");
        assertMalformed("{\"id\":\"\",\"type\":\"captured\",\"reference\":\"r1\",\"amount\":{\"amountMinor\":1,"
                + "\"currency\":\"EUR\"}}", "id");
        // The engine's id rule, named here (the engine answered INVALID_FIELD naming no field).
        assertMalformed("{\"id\":\"pos 7\",\"type\":\"captured\",\"reference\":\"r1\",\"amount\":{\"amountMinor\":1,"
                + "\"currency\":\"EUR\"}}", "id");
        assertMalformed("{\"id\":\"e1\",\"type\":\"captured\",\"reference\":\"" + "r".repeat(65) + "\",\"amount\":"
                + "{\"amountMinor\":1,\"currency\":\"EUR\"}}", "reference");
    }

    private PaymentWebhookEvent parse(String body) {
        return parser.parse(body.getBytes(UTF_8));
    }

    private void assertMalformed(String body, String field) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(MalformedWebhookException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private static String event(String type, long amountMinor, String currency) {
        return "{\"id\":\"pos-7-000123\",\"type\":\"" + type + "\",\"reference\":\"ord_00000000000000a1\","
                + "\"amount\":{\"amountMinor\":" + amountMinor + ",\"currency\":\"" + currency + "\"}}";
    }
}
