package ordo.gateway.payments;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import ordo.gateway.payments.PaymentWebhookEvent.Kind;

class StripeWebhookParserTest {

    private final StripeWebhookParser parser = new StripeWebhookParser();

    @Test
    void anAuthorizationReportsTheCapturableAmount() {
        assertThat(parse(intentEvent("evt_1", "payment_intent.amount_capturable_updated",
                "\"amount\":2000,\"amount_capturable\":1999,\"amount_received\":0")))
                .isEqualTo(new PaymentWebhookEvent("evt_1", Kind.AUTHORIZED, "pi_1", 1999, "EUR"));
    }

    @Test
    void aSucceededIntentIsACaptureOfTheAmountReceived() {
        assertThat(parse(intentEvent("evt_2", "payment_intent.succeeded",
                "\"amount\":2000,\"amount_capturable\":0,\"amount_received\":1500")))
                .isEqualTo(new PaymentWebhookEvent("evt_2", Kind.CAPTURED, "pi_1", 1500, "EUR"));
    }

    @Test
    void aFailedIntentIsAFailureAndACanceledOneIsFinal() {
        assertThat(parse(intentEvent("evt_3", "payment_intent.payment_failed", "\"amount\":1999")))
                .isEqualTo(new PaymentWebhookEvent("evt_3", Kind.FAILED, "pi_1", 1999, "EUR"));
        assertThat(parse(intentEvent("evt_4", "payment_intent.canceled", "\"amount\":1999")))
                .isEqualTo(new PaymentWebhookEvent("evt_4", Kind.CANCELED, "pi_1", 1999, "EUR"));
    }

    @Test
    void aRefundedChargeReportsItsPaymentIntentAndTheTotalRefunded() {
        String body = """
                {"id": "evt_5", "object": "event", "type": "charge.refunded", "livemode": false,
                 "data": {"object": {"id": "ch_1", "object": "charge", "amount": 1999, "amount_refunded": 700,
                                     "currency": "sgd", "payment_intent": "pi_9", "refunded": false}}}
                """;

        assertThat(parse(body)).isEqualTo(new PaymentWebhookEvent("evt_5", Kind.REFUNDED, "pi_9", 700, "SGD"));
    }

    /**
     * A refund Stripe accepted may fail or be canceled later: refund.failed, refund.updated and the older
     * charge.refund.updated report it; all are keyed by the refund (it counts once whichever the endpoint gets).
     */
    @Test
    void aFailedRefundIsKeyedByTheRefundWhicheverEventReportsIt() {
        PaymentWebhookEvent failed = new PaymentWebhookEvent("refund_failed:re_1", Kind.REFUND_FAILED, "pi_9", 700,
                "SGD");
        assertThat(parse(refundEvent("evt_8", "refund.failed", "failed", "\"pi_9\""))).isEqualTo(failed);
        assertThat(parse(refundEvent("evt_9", "charge.refund.updated", "failed", "\"pi_9\""))).isEqualTo(failed);
        assertThat(parse(refundEvent("evt_9b", "refund.updated", "failed", "\"pi_9\""))).isEqualTo(failed);
        // A refund that needed action and was canceled did not reach the customer either.
        assertThat(parse(refundEvent("evt_9c", "refund.updated", "canceled", "\"pi_9\""))).isEqualTo(failed);

        // The older event also reports refunds that succeeded or are still pending: nothing to act on.
        assertThat(parse(refundEvent("evt_10", "charge.refund.updated", "succeeded", "\"pi_9\"")))
                .isEqualTo(new PaymentWebhookEvent("evt_10", Kind.IGNORED, null, 0, null));
        assertThat(parse(refundEvent("evt_11", "charge.refund.updated", "pending", "\"pi_9\"")).kind())
                .isEqualTo(Kind.IGNORED);
        // A refund of a charge made without a PaymentIntent is none of Ordo's.
        assertThat(parse(refundEvent("evt_12", "refund.failed", "failed", "null")).kind()).isEqualTo(Kind.IGNORED);

        // Acknowledged, not refused: a 400 would have Stripe send it again for days.
        assertThat(parse(refundEvent("evt_13", "refund.failed", "succeeded", "\"pi_9\"")).kind())
                .isEqualTo(Kind.IGNORED);
        assertMalformed(refundEvent("evt_14", "refund.failed", "failed", "\"pi 9\""), "data.object.payment_intent",
                "data.object.payment_intent: must be 1 to 64 of A-Z a-z 0-9 . _ : -");
        String longRefundId = refundEvent("evt_15", "refund.failed", "failed", "\"pi_9\"")
                .replace("re_1", "re_" + "x".repeat(48));
        assertMalformed(longRefundId, "data.object.id", "data.object.id: must be 1 to 50 of A-Z a-z 0-9 . _ : -");
    }

    /** The engine keeps event ids and references by its id rule: one outside it is refused naming the field. */
    @Test
    void anEventIdOrReferenceTheEngineCannotKeepIsMalformed() {
        assertMalformed(intentEvent("evt 1", "payment_intent.succeeded", "\"amount_received\":1500"), "id",
                "id: must be 1 to 64 of A-Z a-z 0-9 . _ : -");
        assertMalformed(intentEvent("evt_" + "1".repeat(61), "payment_intent.succeeded", "\"amount_received\":1"),
                "id", null);
        assertThat(parse("{\"id\":\"evt 6\",\"type\":\"customer.created\"}").kind())
                .as("an event Ordo does not act on is acknowledged whatever its id").isEqualTo(Kind.IGNORED);
    }

    private static String refundEvent(String id, String type, String status, String intent) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"data\":{\"object\":"
                + "{\"id\":\"re_1\",\"object\":\"refund\",\"amount\":700,\"currency\":\"sgd\",\"status\":\"" + status
                + "\",\"failure_reason\":\"expired_or_canceled_card\",\"payment_intent\":" + intent + "}}}";
    }

    @Test
    void eventTypesOrdoDoesNotActOnAreIgnoredButKeepTheirId() {
        assertThat(parse("{\"id\":\"evt_6\",\"type\":\"customer.created\",\"data\":{\"object\":{\"id\":\"cus_1\"}}}"))
                .isEqualTo(new PaymentWebhookEvent("evt_6", Kind.IGNORED, null, 0, null));
        assertThat(parse("{\"id\":\"evt_7\",\"type\":\"payment_intent.created\"}").kind()).isEqualTo(Kind.IGNORED);
    }

    @Test
    void malformedEventsNameTheFieldAtFault() {
        assertMalformed("", "body", "body: is empty; a JSON object is required");
        assertMalformed("{\"id\":", "body", "body: is not valid JSON");
        assertMalformed("[1]", "body", "body: must be a JSON object");
        assertMalformed("{\"type\":\"payment_intent.succeeded\"}", "id", "id: is required");
        assertMalformed("{\"id\":7,\"type\":\"payment_intent.succeeded\"}", "id", "id: must be a string");
        assertMalformed("{\"id\":\"evt_1\"}", "type", "type: is required");
        assertMalformed("{\"id\":\"evt_1\",\"id\":\"evt_2\",\"type\":\"x\"}", "body", "body: is not valid JSON");
        assertMalformed("{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}", "data", "data: is required");
        assertMalformed("{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":null}}",
                "data.object", "data.object: must be an object");
        assertMalformed(intentEvent("evt_1", "payment_intent.succeeded", "\"amount_received\":\"1500\""),
                "data.object.amount_received", "data.object.amount_received: must be an integer from 0 to "
                        + "4398046511104000000 (minor units)");
        assertMalformed(intentEvent("evt_1", "payment_intent.succeeded", "\"amount_received\":4398046511104000001"),
                "data.object.amount_received", null);
        // One JSON value: content after it is refused, not ignored (QA-235).
        assertMalformed(intentEvent("evt_1", "payment_intent.succeeded", "\"amount_received\":1500") + " x",
                "body", "body: is not valid JSON");
        assertMalformed(intentEvent("evt_1", "payment_intent.succeeded", "\"amount_received\":15.5"),
                "data.object.amount_received", null);
        assertMalformed(intentEvent("evt_1", "payment_intent.payment_failed", "\"amount\":-1"),
                "data.object.amount", null);
        assertMalformed(intentEvent("evt_1", "payment_intent.payment_failed", "\"amount_received\":1"),
                "data.object.amount", "data.object.amount: is required");
        assertMalformed("{\"id\":\"evt_1\",\"type\":\"payment_intent.canceled\",\"data\":{\"object\":"
                + "{\"id\":\"pi_1\",\"amount\":1,\"currency\":\"euro\"}}}", "data.object.currency",
                "data.object.currency: must be an ISO 4217 code such as EUR");
        // Not only three letters: a code that names no money is refused, in either case (found in QA).
        for (String notMoney : new String[] {"xxq", "XXQ", "xau", "xts", "zzz", "ſgd"}) {
            assertMalformed("{\"id\":\"evt_1\",\"type\":\"payment_intent.amount_capturable_updated\",\"data\":"
                    + "{\"object\":{\"id\":\"pi_1\",\"amount_capturable\":1,\"currency\":\"" + notMoney + "\"}}}",
                    "data.object.currency", "data.object.currency: must be an ISO 4217 code such as EUR");
        }
        assertMalformed("{\"id\":\"evt_1\",\"type\":\"charge.refunded\",\"data\":{\"object\":"
                + "{\"id\":\"ch_1\",\"amount_refunded\":1,\"currency\":\"eur\",\"payment_intent\":null}}}",
                "data.object.payment_intent", "data.object.payment_intent: is required");
    }

    private PaymentWebhookEvent parse(String body) {
        return parser.parse(body.getBytes(UTF_8));
    }

    /** JSON is UTF-8: the same event in UTF-16 is refused, as the API's bodies are, not read as another encoding. */
    @Test
    void aBodyInAnotherEncodingThanUtf8IsMalformed() {
        String body = intentEvent("evt_1", "payment_intent.succeeded", "\"amount_received\":1500");
        assertThat(parse(body).eventId()).as("the event in UTF-8").isEqualTo("evt_1");
        for (java.nio.charset.Charset charset : new java.nio.charset.Charset[] {java.nio.charset.StandardCharsets.UTF_16BE,
                java.nio.charset.StandardCharsets.UTF_16LE}) {
            assertThatThrownBy(() -> parser.parse(body.getBytes(charset)))
                    .isInstanceOfSatisfying(MalformedWebhookException.class, e -> {
                        assertThat(e.field()).isEqualTo("body");
                        assertThat(e.getMessage()).isEqualTo("body: is not valid JSON: it must be UTF-8 (it holds a "
                                + "NUL byte, as UTF-16 and UTF-32 do)");
                    });
        }
    }

    private void assertMalformed(String body, String field, String message) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(MalformedWebhookException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    if (message != null) {
                        assertThat(e.getMessage()).isEqualTo(message);
                    }
                });
    }

    private static String intentEvent(String id, String type, String amounts) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"data\":{\"object\":"
                + "{\"id\":\"pi_1\",\"object\":\"payment_intent\"," + amounts + ",\"currency\":\"eur\","
                + "\"status\":\"whatever\",\"metadata\":{}}}}";
    }
}
