package ordo.gateway.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.gateway.payments.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.PaymentFixture.RETIRING_WEBHOOK_SECRET;
import static ordo.gateway.e2e.PaymentFixture.WEBHOOK_SECRET;
import static ordo.gateway.e2e.PaymentFixture.cardOrder;
import static ordo.gateway.e2e.PaymentFixture.order;
import static ordo.gateway.e2e.PaymentFixture.place;
import static ordo.gateway.e2e.PaymentFixture.total;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/webhooks/payments/{provider}}: Stripe events signed with {@code Ordo-Signature} move card orders.
 * The payment adapter is off here, so the webhook is the only thing that changes an order's payment.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PaymentWebhookTest {

    private static final String STRIPE_HOOK = "/v1/webhooks/payments/stripe";

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;
    private HttpClient client;
    private String orderId;

    @BeforeEach
    void start() {
        ordo = PaymentFixture.start(tmp.resolve("data"), null, false);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        JsonNode placed = place(ordo, WEB, cardOrder("c-1", "pi_hook", 2));
        assertThat(placed.path("status").asText()).isEqualTo("PAYMENT_PENDING");
        orderId = placed.path("orderId").asText();
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
        PaymentFixture.assertNoPaymentThreadsLeft();
    }

    @Test
    void aSignedAuthorizationLetsTheOrderGoOn() {
        Api.Response received = deliver(authorized("evt_1", total(2)), WEBHOOK_SECRET, now());
        assertThat(received.status()).as("%s", received).isEqualTo(200);
        assertThat(received.body())
                .isEqualTo("{\"received\":true,\"duplicate\":false,\"orderId\":\"" + orderId + "\"}");

        JsonNode order = order(ordo, orderId);
        assertThat(order.path("status").asText()).isEqualTo("READY_TO_RELEASE");
        assertThat(order.path("payment").path("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(order.path("payment").path("authorized").path("amountMinor").asLong()).isEqualTo(total(2));
        assertThat(PaymentFixture.events(ordo, orderId, "PAYMENT_UPDATED").get(0).path("note").asText())
                .isEqualTo("webhook evt_1: AUTHORIZED " + total(2));
    }

    @Test
    void aReplayedEventHasNoSecondEffect() {
        String captured = event("evt_cap", "payment_intent.succeeded", "\"id\":\"pi_hook\",\"amount_received\":"
                + total(2) + ",\"currency\":\"sgd\"");
        assertThat(deliver(captured, WEBHOOK_SECRET, now()).json().path("duplicate").asBoolean()).isFalse();
        String stateAfterFirst = ordo.api.stateHash(InProcessOrdo.AUDITOR);
        JsonNode orderAfterFirst = order(ordo, orderId);

        Api.Response replay = deliver(captured, WEBHOOK_SECRET, now());
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body()).as("the order the first delivery named")
                .isEqualTo("{\"received\":true,\"duplicate\":true,\"orderId\":\"" + orderId + "\"}");
        assertThat(order(ordo, orderId)).isEqualTo(orderAfterFirst);
        assertThat(ordo.api.stateHash(InProcessOrdo.AUDITOR)).as("no state changed").isEqualTo(stateAfterFirst);
        assertThat(PaymentFixture.events(ordo, orderId, "PAYMENT_UPDATED")).hasSize(1);
        assertThat(orderAfterFirst.path("payment").path("status").asText()).isEqualTo("CAPTURED");

        // dump --outcomes says what the webhook answered: applied, then a duplicate naming the same order (QA: the
        // duplicate read as a plain OK, like an event for a reference no order has).
        JournalToolsTest.Run dump = JournalToolsTest.cli("journal", "dump", "--outcomes", "--type", "PAYMENT_EVENT",
                "--data", tmp.resolve("data").toString());
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        assertThat(dump.out().lines().map(l -> {
            try {
                return Api.JSON.readTree(l).path("outcome").toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList()).containsExactly(
                "{\"code\":\"OK\",\"replayed\":false,\"orderId\":\"" + orderId
                        + "\",\"orderStatus\":\"READY_TO_RELEASE\"}",
                "{\"code\":\"OK\",\"replayed\":false,\"duplicate\":true,\"orderId\":\"" + orderId + "\"}");
    }

    @Test
    void aSignatureUnderTheRetiringSecretIsStillAccepted() {
        assertThat(deliver(authorized("evt_old", total(2)), RETIRING_WEBHOOK_SECRET, now()).status()).isEqualTo(200);
        assertThat(deliver(authorized("evt_new", total(2)), WEBHOOK_SECRET, now()).status()).isEqualTo(200);
        assertThat(order(ordo, orderId).path("status").asText()).isEqualTo("READY_TO_RELEASE");
    }

    @Test
    void aForgedOrAlteredSignatureIsRefusedAndChangesNothing() {
        String body = authorized("evt_forged", total(2));
        assertUnauthorized(deliver(body, "whsec_someone_else", now()), "BAD_SIGNATURE");
        String signature = WebhookSignature.header(WEBHOOK_SECRET, now(), body.getBytes(StandardCharsets.UTF_8));
        assertUnauthorized(send(STRIPE_HOOK, body.replace(String.valueOf(total(2)), "1"), signature),
                "BAD_SIGNATURE");
        assertUnauthorized(send(STRIPE_HOOK, body, null), "MALFORMED");
        assertUnauthorized(send(STRIPE_HOOK, body, "t=123"), "MALFORMED");
        assertThat(order(ordo, orderId).path("status").asText()).isEqualTo("PAYMENT_PENDING");

        assertThat(deliver(body, WEBHOOK_SECRET, now()).status()).as("the genuine event is still taken")
                .isEqualTo(200);
    }

    @Test
    void aStaleSignatureIsRefused() {
        // Margins of whole seconds: the test's clock and the server's may read seconds one apart (a boundary between
        // the two reads), which turned "301 s ahead" into the server's 300 s, within the tolerance.
        long sixMinutesAgo = now() - 360;
        assertUnauthorized(deliver(authorized("evt_stale", total(2)), WEBHOOK_SECRET, sixMinutesAgo), "STALE");
        assertUnauthorized(deliver(authorized("evt_future", total(2)), WEBHOOK_SECRET, now() + 310), "STALE");
        assertThat(deliver(authorized("evt_edge", total(2)), WEBHOOK_SECRET, now() - 290).status())
                .as("within the 300 s tolerance").isEqualTo(200);
    }

    @Test
    void aProviderWithoutWebhookSecretsIsNotFound() {
        String body = authorized("evt_x", total(2));
        Api.Response unknown = send("/v1/webhooks/payments/paypal", body,
                WebhookSignature.header(WEBHOOK_SECRET, now(), body.getBytes(StandardCharsets.UTF_8)));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemCode()).isEqualTo("NOT_FOUND");
        assertThat(send("/v1/webhooks/payments/offline", body, null).status()).as("offline has no secrets here")
                .isEqualTo(404);
    }

    @Test
    void aSignedEventThatCannotBeReadIs400() {
        Api.Response unreadable = deliver("{\"id\":\"evt_bad\",\"type\":\"payment_intent.succeeded\"}",
                WEBHOOK_SECRET, now());
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.problemCode()).isEqualTo("INVALID_REQUEST");
        assertThat(unreadable.json().path("field").asText()).isEqualTo("data");
        assertThat(deliver("not json", WEBHOOK_SECRET, now()).status()).isEqualTo(400);
    }

    /**
     * A currency of the right shape that is no ISO 4217 money (XXQ, XTS, XAU) is refused before the engine, so the
     * event id stays free: the engine had journaled it as a currency mismatch, and the provider's real event with
     * that id was then a duplicate that could never apply (found in QA).
     */
    @Test
    void anEventInACurrencyThatIsNoMoneyIs400AndLeavesItsIdFree() {
        String stateBefore = ordo.api.stateHash(InProcessOrdo.AUDITOR);
        for (String currency : new String[] {"xxq", "XTS", "xau", "zzz"}) {
            Api.Response refused = deliver(event("evt_cur", "payment_intent.amount_capturable_updated",
                    "\"id\":\"pi_hook\",\"amount_capturable\":" + total(2) + ",\"currency\":\"" + currency + "\""),
                    WEBHOOK_SECRET, now());
            assertThat(refused.status()).as("%s: %s", currency, refused).isEqualTo(400);
            assertThat(refused.problemCode()).isEqualTo("INVALID_REQUEST");
            assertThat(refused.json().path("field").asText()).isEqualTo("data.object.currency");
        }
        assertThat(ordo.api.stateHash(InProcessOrdo.AUDITOR)).as("nothing journaled").isEqualTo(stateBefore);
        assertThat(order(ordo, orderId).path("payment").path("problem").isNull()).isTrue();

        Api.Response real = deliver(authorized("evt_cur", total(2)), WEBHOOK_SECRET, now());
        assertThat(real.body()).as("the id was not used up")
                .isEqualTo("{\"received\":true,\"duplicate\":false,\"orderId\":\"" + orderId + "\"}");
        assertThat(order(ordo, orderId).path("status").asText()).isEqualTo("READY_TO_RELEASE");
    }

    /**
     * An event is one JSON value, as every other body, and its amounts no more than a payment may be (QA-235:
     * "{…}garbage" was read up to its first value and applied, and 2^63 - 1 was recorded as captured).
     */
    @Test
    void aSignedEventWithContentAfterItOrAnAmountPastAnyPaymentIs400AndChangesNothing() {
        String stateBefore = ordo.api.stateHash(InProcessOrdo.AUDITOR);
        for (String after : new String[] {"garbage", "{\"x\":", authorized("evt_second", total(2))}) {
            Api.Response refused = deliver(authorized("evt_trail", total(2)) + after, WEBHOOK_SECRET, now());
            assertThat(refused.status()).as("%s: %s", after, refused).isEqualTo(400);
            assertThat(refused.problemCode()).isEqualTo("INVALID_REQUEST");
            assertThat(refused.json().path("field").asText()).isEqualTo("body");
        }
        Api.Response huge = deliver(authorized("evt_huge", Long.MAX_VALUE), WEBHOOK_SECRET, now());
        assertThat(huge.status()).as("%s", huge).isEqualTo(400);
        assertThat(huge.json().path("field").asText()).isEqualTo("data.object.amount_capturable");
        assertThat(ordo.api.stateHash(InProcessOrdo.AUDITOR)).as("nothing journaled").isEqualTo(stateBefore);

        assertThat(deliver(authorized("evt_trail", total(2)), WEBHOOK_SECRET, now()).status())
                .as("the id was not used up").isEqualTo(200);
        assertThat(order(ordo, orderId).path("status").asText()).isEqualTo("READY_TO_RELEASE");
    }

    /** The webhook URL reads no query, so one that is not percent-encoding is ignored, not answered 400 (QA). */
    @Test
    void aQueryOnTheWebhookUrlIsIgnoredWhateverItHolds() throws Exception {
        String body = authorized("evt_query", total(2));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String request = "POST " + STRIPE_HOOK + "?x=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n"
                + WebhookSignature.HEADER + ": " + WebhookSignature.header(WEBHOOK_SECRET, now(), bytes) + "\r\n\r\n";
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            raw.write((request + body).getBytes(StandardCharsets.UTF_8));
            RawConnection.Response received = raw.read();
            assertThat(received.status()).as("%s", received).isEqualTo(200);
            assertThat(received.body())
                    .isEqualTo("{\"received\":true,\"duplicate\":false,\"orderId\":\"" + orderId + "\"}");
        }
    }

    @Test
    void eventsOrdoDoesNotActOnAreAcknowledged() {
        Api.Response ignored = deliver("{\"id\":\"evt_cust\",\"type\":\"customer.created\",\"data\":{}}",
                WEBHOOK_SECRET, now());
        assertThat(ignored.status()).isEqualTo(200);
        assertThat(ignored.body()).isEqualTo("{\"received\":true,\"duplicate\":false,\"orderId\":null}");

        Api.Response notOurs = deliver(event("evt_other", "payment_intent.amount_capturable_updated",
                "\"id\":\"pi_not_ours\",\"amount_capturable\":100,\"currency\":\"sgd\""), WEBHOOK_SECRET, now());
        assertThat(notOurs.status()).isEqualTo(200);
        assertThat(notOurs.json().path("orderId").isNull()).isTrue();
        assertThat(order(ordo, orderId).path("status").asText()).isEqualTo("PAYMENT_PENDING");
    }

    @Test
    void aFailedPaymentAttemptIsRecordedButACanceledIntentHoldsTheOrder() {
        // payment_intent.payment_failed is not final: the customer may pay with another card.
        Api.Response failed = deliver(event("evt_fail", "payment_intent.payment_failed",
                "\"id\":\"pi_hook\",\"amount\":" + total(2) + ",\"currency\":\"sgd\""), WEBHOOK_SECRET, now());
        assertThat(failed.status()).isEqualTo(200);
        JsonNode order = order(ordo, orderId);
        assertThat(order.path("status").asText()).isEqualTo("PAYMENT_PENDING");
        assertThat(order.path("payment").path("status").asText()).isEqualTo("PENDING");
        assertThat(ordo.inventory("A").path("network").path("atp").asInt()).isEqualTo(8);

        Api.Response canceled = deliver(event("evt_cancel", "payment_intent.canceled",
                "\"id\":\"pi_hook\",\"amount\":" + total(2) + ",\"currency\":\"sgd\""), WEBHOOK_SECRET, now());
        assertThat(canceled.status()).isEqualTo(200);
        order = order(ordo, orderId);
        assertThat(order.path("status").asText()).isEqualTo("PAYMENT_PENDING");
        assertThat(order.path("payment").path("status").asText()).isEqualTo("VOIDED");
        assertThat(order.path("payment").path("problem").asText()).startsWith("CANCELED at the provider");
    }

    /** A refund beyond what was captured is kept as reported and explained on the order's payment view. */
    @Test
    void aRefundBeyondTheCaptureHoldsTheOrderAndSaysWhy() {
        deliver(authorized("evt_auth", total(2)), WEBHOOK_SECRET, now());
        deliver(event("evt_cap", "payment_intent.succeeded", "\"id\":\"pi_hook\",\"amount_received\":"
                + total(2) + ",\"currency\":\"sgd\""), WEBHOOK_SECRET, now());

        Api.Response refunded = deliver(event("evt_ref", "charge.refunded", "\"id\":\"ch_1\",\"payment_intent\":"
                + "\"pi_hook\",\"amount_refunded\":" + (total(2) + 1) + ",\"currency\":\"sgd\""), WEBHOOK_SECRET,
                now());

        assertThat(refunded.status()).as("%s", refunded).isEqualTo(200);
        JsonNode order = order(ordo, orderId);
        assertThat(order.path("status").asText()).isEqualTo("PAYMENT_PENDING");
        assertThat(order.path("payment").path("status").asText()).isEqualTo("REFUNDED");
        assertThat(order.path("payment").path("refunded").path("amountMinor").asLong()).isEqualTo(total(2) + 1);
        assertThat(order.path("payment").path("problem").asText()).isEqualTo("REFUND_EXCEEDS_CAPTURE: the provider "
                + "reports " + (total(2) + 1) + " SGD refunded but " + total(2) + " SGD captured; held until the "
                + "capture is learnt or the payment is settled at the provider");
        assertThat(PaymentFixture.events(ordo, orderId, "PAYMENT_UPDATED")).extracting(e -> e.path("note").asText())
                .contains(order.path("payment").path("problem").asText());
        assertThat(ordo.api.get(InProcessOrdo.ADMIN, "/v1/payments/actions").json().path("actions"))
                .as("no refund asked of money never captured")
                .noneMatch(a -> a.path("kind").asText().equals("REFUND") || a.path("kind").asText().equals("VOID"));
    }

    /** A capture refused while a payment problem holds the order names the problem as the reason. */
    @Test
    void aCaptureRefusedForAPaymentProblemSaysSo() {
        deliver(authorized("evt_short", total(2) - 1), WEBHOOK_SECRET, now());

        Api.Response refused = ordo.api.post(InProcessOrdo.ADMIN, "/v1/orders/" + orderId + "/capture", "");

        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.problemCode()).isEqualTo("PAYMENT_NOT_CAPTURABLE");
        assertThat(refused.json().path("detail").asText()).isEqualTo("the payment is AUTHORIZED but a payment "
                + "problem holds the order (see payment.problem on GET /v1/orders/{id}): settle it first");
    }

    /**
     * A refund Stripe accepted and then failed (a closed card): the order says what the customer is owed, and the
     * failure counts once whether refund.failed, charge.refund.updated or both report it (rules version 9).
     */
    @Test
    void aRefundThatFailedAtTheProviderSaysWhatTheCustomerIsOwed() {
        deliver(authorized("evt_auth", total(2)), WEBHOOK_SECRET, now());
        deliver(event("evt_cap", "payment_intent.succeeded", "\"id\":\"pi_hook\",\"amount_received\":"
                + total(2) + ",\"currency\":\"sgd\""), WEBHOOK_SECRET, now());
        assertThat(ordo.api.post(WEB, "/v1/orders/" + orderId + "/cancel", "{\"reason\":\"changed mind\"}").status())
                .isEqualTo(200);
        assertThat(ordo.api.get(InProcessOrdo.ADMIN, "/v1/payments/actions").json().path("actions"))
                .as("the refund Ordo asked for").anyMatch(a -> a.path("kind").asText().equals("REFUND"));

        String refund = "\"id\":\"re_1\",\"object\":\"refund\",\"amount\":" + total(2) + ",\"currency\":\"sgd\","
                + "\"status\":\"failed\",\"failure_reason\":\"expired_or_canceled_card\","
                + "\"payment_intent\":\"pi_hook\"";
        Api.Response failed = deliver(event("evt_rf", "refund.failed", refund), WEBHOOK_SECRET, now());

        assertThat(failed.status()).as("%s", failed).isEqualTo(200);
        assertThat(failed.json().path("duplicate").asBoolean()).isFalse();
        JsonNode order = order(ordo, orderId);
        assertThat(order.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(order.path("payment").path("problem").asText()).isEqualTo("REFUND_FAILED: the provider reports "
                + total(2) + " SGD of refunds failed (the money went back to the merchant); the customer is owed "
                + total(2) + " SGD by Ordo's reckoning (a refund made at the provider since is not in it: check "
                + "there): pay it back outside Ordo and record it (POST /v1/orders/{id}/payment/refund-settled)");
        String state = ordo.api.stateHash(InProcessOrdo.AUDITOR);

        Api.Response again = deliver(event("evt_ru", "charge.refund.updated", refund), WEBHOOK_SECRET, now());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asBoolean()).as("the same refund's failure").isTrue();
        assertThat(ordo.api.stateHash(InProcessOrdo.AUDITOR)).isEqualTo(state);

        // Paid back by bank transfer, recorded by an operator; refusals name what is wrong and change nothing.
        String settle = "/v1/orders/" + orderId + "/payment/refund-settled";
        ordo.refusedWithoutChange(() -> ordo.api.post(InProcessOrdo.ADMIN, settle, "{\"note\":\"x\"}"), 400,
                "INVALID_REQUEST");
        Api.Response otherCurrency = ordo.refusedWithoutChange(() -> ordo.api.post(InProcessOrdo.ADMIN, settle,
                "{\"amount\":{\"amountMinor\":100,\"currency\":\"USD\"}}"), 400, "CURRENCY_MISMATCH");
        assertThat(otherCurrency.json().path("field").asText()).isEqualTo("amount.currency");
        Api.Response tooMuch = ordo.refusedWithoutChange(() -> ordo.api.post(InProcessOrdo.ADMIN, settle,
                "{\"amount\":{\"amountMinor\":" + (total(2) + 1) + ",\"currency\":\"SGD\"}}"), 409,
                "REFUND_NOT_OWED");
        assertThat(tooMuch.json().path("owedMinor").asLong()).isEqualTo(total(2));
        assertThat(tooMuch.json().path("field").asText()).isEqualTo("amount.amountMinor");
        assertThat(ordo.api.post(WEB, settle, "{\"amount\":{\"amountMinor\":1,\"currency\":\"SGD\"}}").status())
                .as("operators only").isEqualTo(403);

        Api.Response settled = ordo.api.post(InProcessOrdo.ADMIN, settle, "{\"amount\":{\"amountMinor\":"
                + total(2) + ",\"currency\":\"SGD\"},\"note\":\"bank transfer 77\"}");
        assertThat(settled.status()).as("%s", settled).isEqualTo(200);
        assertThat(settled.json().path("payment").path("problem").isNull()).as("%s", settled).isTrue();
        assertThat(PaymentFixture.events(ordo, orderId, "PAYMENT_UPDATED")).extracting(e -> e.path("note").asText())
                .contains("refund of " + total(2) + " SGD paid back outside Ordo; 0 SGD still owed: bank transfer 77");
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String authorized(String eventId, long amountMinor) {
        return event(eventId, "payment_intent.amount_capturable_updated",
                "\"id\":\"pi_hook\",\"amount_capturable\":" + amountMinor + ",\"currency\":\"sgd\"");
    }

    private static String event(String eventId, String type, String object) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"data\":{\"object\":{"
                + object + "}}}";
    }

    private Api.Response deliver(String body, String secret, long unixSeconds) {
        return send(STRIPE_HOOK, body,
                WebhookSignature.header(secret, unixSeconds, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** As the provider sends it: no API key, the signature header (null: none). */
    private Api.Response send(String path, String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ordo.port + path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Api.Response(response.statusCode(), response.headers(), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertUnauthorized(Api.Response response, String why) {
        assertThat(response.status()).as("%s", response).isEqualTo(401);
        assertThat(response.problemCode()).isEqualTo("UNAUTHORIZED");
        assertThat(response.json().path("signature").asText()).isEqualTo(why);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Ordo-Signature");
    }
}
