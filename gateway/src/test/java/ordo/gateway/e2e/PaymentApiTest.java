package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ordo.gateway.payments.FakeStripe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.STORE;
import static ordo.gateway.e2e.InProcessOrdo.STORE_WITHOUT_CHANNEL;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.PaymentFixture.awaitOrder;
import static ordo.gateway.e2e.PaymentFixture.awaitStatus;
import static ordo.gateway.e2e.PaymentFixture.cardOrder;
import static ordo.gateway.e2e.PaymentFixture.place;
import static ordo.gateway.e2e.PaymentFixture.total;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Card payments end to end: Ordo's payment adapter verifies and captures against a fake Stripe on loopback, with its
 * faults scripted (declines, mismatches, timeouts, 5xx), and operators capture, retry and mark paid over HTTP.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PaymentApiTest {

    private static final String INTENTS = "/v1/payment_intents/";

    @TempDir
    Path tmp;

    private FakeStripe stripe;
    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        stripe = FakeStripe.start();
        ordo = PaymentFixture.start(tmp.resolve("data"), stripe, true);
    }

    @AfterEach
    void stop() {
        try {
            if (ordo != null) {
                ordo.close();
            }
        } finally {
            stripe.close();
        }
        PaymentFixture.assertNoPaymentThreadsLeft();
    }

    @Test
    void aVerifiedCardOrderBecomesReadyToRelease() {
        stripe.intent("pi_ok", total(2), "SGD", "requires_capture");
        JsonNode placed = place(ordo, WEB, cardOrder("c-1", "pi_ok", 2));
        assertThat(placed.path("status").asText()).as("answered before the provider is asked")
                .isEqualTo("PAYMENT_PENDING");
        assertThat(placed.path("payment").path("status").asText()).isEqualTo("PENDING");
        String id = placed.path("orderId").asText();

        JsonNode ready = awaitStatus(ordo, id, "READY_TO_RELEASE");
        JsonNode payment = ready.path("payment");
        assertThat(payment.path("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(payment.path("authorized").path("amountMinor").asLong()).isEqualTo(total(2));
        assertThat(payment.path("captured").path("amountMinor").asLong()).isZero();
        assertThat(payment.path("problem").isNull()).isTrue();
        assertThat(stripe.requests("GET", INTENTS + "pi_ok")).hasSize(1);
        assertThat(stripe.intent("pi_ok").captures).as("verification captures nothing").isZero();
        assertThat(PaymentFixture.events(ordo, id, "PAYMENT_REQUESTED").get(0).path("note").asText())
                .startsWith("VERIFY " + total(2) + " SGD");
        assertThat(PaymentFixture.events(ordo, id, "PAYMENT_UPDATED").get(0).path("note").asText())
                .startsWith("VERIFY SUCCEEDED");
    }

    @Test
    void aDeclinedCardRejectsTheOrderAndGivesItsStockBack() {
        stripe.intent("pi_canceled", total(3), "SGD", "canceled");
        String id = place(ordo, WEB, cardOrder("c-1", "pi_canceled", 3)).path("orderId").asText();

        JsonNode rejected = awaitStatus(ordo, id, "REJECTED");
        assertThat(rejected.path("payment").path("status").asText()).isEqualTo("FAILED");
        assertThat(rejected.path("payment").path("problem").asText()).startsWith("DECLINED:")
                .contains("canceled");
        assertThat(rejected.path("lines").get(0).path("cancelled").asInt()).isEqualTo(3);
        assertThat(rejected.path("allocations")).isEmpty();
        assertThat(ordo.inventory("A").path("network").path("atp").asInt()).as("stock back at once").isEqualTo(10);
        assertThat(PaymentFixture.actions(ordo).path("actions")).as("nothing to void on a failed payment").isEmpty();
    }

    @Test
    void aPaymentIntentForAnotherAmountHoldsTheOrderWithTheReason() {
        stripe.intent("pi_short", 1_000, "SGD", "requires_capture");
        String id = place(ordo, WEB, cardOrder("c-1", "pi_short", 2)).path("orderId").asText();

        JsonNode held = awaitOrder(ordo, id, "has a payment problem", o -> !o.path("payment").path("problem").isNull());
        assertThat(held.path("status").asText()).isEqualTo("PAYMENT_PENDING");
        assertThat(held.path("payment").path("problem").asText()).startsWith("MISMATCH on VERIFY")
                .contains("the PaymentIntent is for 1000 SGD, the order for " + total(2) + " SGD");
        assertThat(held.path("allocations")).as("the stock stays held for the order").hasSize(1);
        assertThat(stripe.intent("pi_short").captures).isZero();
    }

    @Test
    void anOrderWhosePaymentDoesNotCoverItIsHeldWithoutAskingTheProvider() {
        stripe.intent("pi_any", total(2), "SGD", "requires_capture");
        ObjectNode body = cardOrder("c-1", "pi_any", 2);
        ((ObjectNode) body.path("payment").path("amount")).put("amountMinor", total(2) - 1);

        JsonNode held = place(ordo, WEB, body);
        assertThat(held.path("status").asText()).isEqualTo("PAYMENT_PENDING");
        assertThat(held.path("payment").path("problem").asText())
                .isEqualTo("AMOUNT_MISMATCH: payment " + (total(2) - 1) + " but the order totals " + total(2) + " SGD");
        assertThat(PaymentFixture.actions(ordo).path("outstanding").asInt()).isZero();
        assertThat(stripe.requests()).isEmpty();
    }

    @Test
    void oneAuthorizationPaysForOneOrder() {
        stripe.intent("pi_once", total(1), "SGD", "requires_capture");
        String first = place(ordo, WEB, cardOrder("c-1", "pi_once", 1)).path("orderId").asText();

        Api.Response second = ordo.api.post(WEB, "/v1/orders", cardOrder("c-2", "pi_once", 1).toString());
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.problemCode()).isEqualTo("PAYMENT_REFERENCE_IN_USE");
        assertThat(second.json().path("field").asText()).isEqualTo("payment.reference");
        // The order it pays may be another channel's: the problem does not name it.
        assertThat(second.json().has("orderId")).isFalse();
        assertThat(first).startsWith("ord_");

        ObjectNode noReference = cardOrder("c-3", "pi_x", 1);
        ((ObjectNode) noReference.path("payment")).remove("reference");
        Api.Response missing = ordo.api.post(WEB, "/v1/orders", noReference.toString());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("field").asText()).isEqualTo("payment.reference");
        Api.Response notAnId = ordo.api.post(WEB, "/v1/orders", cardOrder("c-3", "pi x", 1).toString());
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(notAnId.json().path("field").asText()).isEqualTo("payment.reference");
        // An id, but no PaymentIntent's: refused at once, before any stock is taken (QA-268: taken, then rejected).
        String before = ordo.api.get(WEB, "/v1/inventory/A").body();
        Api.Response charge = ordo.api.post(WEB, "/v1/orders", cardOrder("c-3", "ch_123", 1).toString());
        assertThat(charge.status()).as("%s", charge).isEqualTo(400);
        assertThat(charge.json().path("field").asText()).isEqualTo("payment.reference");
        assertThat(charge.json().path("detail").asText()).contains("PaymentIntent").contains("ch_123");
        assertThat(ordo.api.get(WEB, "/v1/inventory/A").body()).isEqualTo(before);
        assertThat(stripe.requests()).as("nothing asked of the provider for it")
                .noneMatch(r -> r.toString().contains("ch_123"));
        // Its client secret, which a storefront's browser holds: the id is named, the secret not echoed.
        Api.Response secret = ordo.api.post(WEB, "/v1/orders", cardOrder("c-3", "pi_abc_secret_xyz", 1).toString());
        assertThat(secret.status()).as("%s", secret).isEqualTo(400);
        assertThat(secret.json().path("field").asText()).isEqualTo("payment.reference");
        assertThat(secret.json().path("detail").asText()).contains("client secret").contains("pi_abc")
                .doesNotContain("xyz");
    }

    @Test
    void aProviderTimeoutIsRetriedWithinTheProviderPolicy() {
        stripe.intent("pi_slow", total(1), "SGD", "requires_capture")
                .script("GET", INTENTS + "pi_slow", FakeStripe.hang());
        String id = place(ordo, WEB, cardOrder("c-1", "pi_slow", 1)).path("orderId").asText();

        JsonNode ready = awaitStatus(ordo, id, "READY_TO_RELEASE");
        assertThat(ready.path("payment").path("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(stripe.requests("GET", INTENTS + "pi_slow")).as("the hung attempt, then the retry").hasSize(2);
        assertThat(PaymentFixture.events(ordo, id, "PAYMENT_UPDATED")).as("one result reported").hasSize(1);
    }

    @Test
    void exhaustedServerErrorsHoldTheOrderUntilAnOperatorRetriesWithTheSameKey() {
        String path = INTENTS + "pi_flaky/capture";
        stripe.intent("pi_flaky", total(2), "SGD", "requires_capture");
        String id = place(ordo, WEB, cardOrder("c-1", "pi_flaky", 2)).path("orderId").asText();
        awaitStatus(ordo, id, "READY_TO_RELEASE");
        FakeStripe.Fault[] outage = new FakeStripe.Fault[PaymentFixture.STRIPE_ATTEMPTS];
        java.util.Arrays.fill(outage, FakeStripe.serverError());
        stripe.script("POST", path, outage);

        Api.Response capture = ordo.api.post(ADMIN, "/v1/orders/" + id + "/capture", "");
        assertThat(capture.status()).as("%s", capture).isEqualTo(200);
        JsonNode held = awaitOrder(ordo, id, "has a payment problem", o -> !o.path("payment").path("problem").isNull());
        assertThat(held.path("status").asText()).isEqualTo("PAYMENT_PENDING");
        assertThat(held.path("payment").path("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(held.path("payment").path("problem").asText()).startsWith("ERROR on CAPTURE")
                .contains("retry: POST /v1/orders/{id}/payment/retry");
        assertThat(stripe.requests("POST", path)).hasSize(PaymentFixture.STRIPE_ATTEMPTS);
        assertThat(stripe.intent("pi_flaky").captures).isZero();
        assertThat(PaymentFixture.actions(ordo).path("actions")).as("an action in ERROR waits for an operator")
                .isEmpty();

        Api.Response retry = ordo.api.post(ADMIN, "/v1/orders/" + id + "/payment/retry", "{}");
        assertThat(retry.status()).as("%s", retry).isEqualTo(200);
        assertThat(retry.json().path("payment").path("problem").isNull()).isTrue();
        JsonNode captured = awaitOrder(ordo, id, "is captured",
                o -> o.path("payment").path("status").asText().equals("CAPTURED"));
        assertThat(captured.path("status").asText()).isEqualTo("READY_TO_RELEASE");
        assertThat(captured.path("payment").path("captured").path("amountMinor").asLong()).isEqualTo(total(2));
        assertThat(stripe.intent("pi_flaky").captures).isEqualTo(1);

        List<String> keys = stripe.requests("POST", path).stream().map(FakeStripe.Seen::idempotencyKey).toList();
        assertThat(keys).hasSize(PaymentFixture.STRIPE_ATTEMPTS + 1);
        assertThat(keys).as("every attempt, before and after the retry, with one key").containsOnly(keys.get(0));
        assertThat(keys.get(0)).startsWith("ordo_" + id + "_");

        Api.Response nothingLeft = ordo.api.post(ADMIN, "/v1/orders/" + id + "/payment/retry", "");
        assertThat(nothingLeft.status()).isEqualTo(409);
        assertThat(nothingLeft.problemCode()).isEqualTo("NOTHING_TO_RETRY");
        assertThat(nothingLeft.json().path("paymentStatus").asText()).isEqualTo("CAPTURED");
    }

    @Test
    void aCaptureReachesTheProviderExactlyOnce() {
        stripe.intent("pi_cap", total(2), "SGD", "requires_capture");
        String id = place(ordo, WEB, cardOrder("c-1", "pi_cap", 2)).path("orderId").asText();
        awaitStatus(ordo, id, "READY_TO_RELEASE");

        Api.Response capture = ordo.api.post(ADMIN, "/v1/orders/" + id + "/capture", "", "capture-1");
        assertThat(capture.status()).as("%s", capture).isEqualTo(200);
        Api.Response again = ordo.api.post(ADMIN, "/v1/orders/" + id + "/capture", "", "capture-1");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        JsonNode captured = awaitOrder(ordo, id, "is captured",
                o -> o.path("payment").path("status").asText().equals("CAPTURED"));
        assertThat(captured.path("payment").path("captured").path("amountMinor").asLong()).isEqualTo(total(2));

        Api.Response twice = ordo.api.post(ADMIN, "/v1/orders/" + id + "/capture", "");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.problemCode()).isEqualTo("PAYMENT_NOT_CAPTURABLE");
        assertThat(twice.json().path("paymentStatus").asText()).isEqualTo("CAPTURED");
        assertThat(stripe.requests("POST", INTENTS + "pi_cap/capture")).hasSize(1);
        assertThat(stripe.intent("pi_cap").captures).isEqualTo(1);
        assertThat(stripe.intent("pi_cap").amountReceived).isEqualTo(total(2));
    }

    /**
     * A capture refused for an authorized payment with something left to capture says what can hold it: a card order
     * in fraud review is AUTHORIZED (its verification runs beside the screen), and the refusal read "the payment is
     * AUTHORIZED; only an authorized card payment … can be captured" (found in QA). Said from the reply alone, so a
     * replay says it again word for word.
     */
    @Test
    void aCaptureRefusedForAnAuthorizedPaymentSaysWhatCanHoldIt() throws InterruptedException {
        ObjectNode rules = (ObjectNode) ordo.api.get(ADMIN, "/v1/fraud/rules").json();
        rules.withArray("amountBands").removeAll().add(Api.JSON.createObjectNode().put("overMinor", 0)
                .put("points", 60));
        assertThat(ordo.api.put(ADMIN, "/v1/fraud/rules", rules.toString()).status()).isEqualTo(200);
        stripe.intent("pi_rev", total(1), "SGD", "requires_capture");
        String id = place(ordo, WEB, cardOrder("c-1", "pi_rev", 1)).path("orderId").asText();
        awaitOrder(ordo, id, "is authorized in review", o -> o.path("payment").path("status").asText()
                .equals("AUTHORIZED") && o.path("status").asText().equals("FRAUD_REVIEW"));

        Api.Response inReview = ordo.api.post(ADMIN, "/v1/orders/" + id + "/capture", "", "capture-in-review");
        assertThat(inReview.status()).isEqualTo(409);
        assertThat(inReview.problemCode()).isEqualTo("PAYMENT_NOT_CAPTURABLE");
        assertThat(inReview.json().path("paymentStatus").asText()).isEqualTo("AUTHORIZED");
        // Which of its reasons, by name (QA-268: every reason it might have was listed).
        assertThat(inReview.json().path("detail").asText()).isEqualTo("the order is in fraud review: approve it first "
                + "(POST /v1/orders/{id}/fraud-review); the payment is AUTHORIZED");
        Api.Response replayed = ordo.api.post(ADMIN, "/v1/orders/" + id + "/capture", "", "capture-in-review");
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.body()).isEqualTo(inReview.body());
    }

    @Test
    void outstandingActionsAreListedWithTheKeyTheProviderSees() throws InterruptedException {
        FakeStripe.Hold hold = FakeStripe.holdRequest();
        stripe.intent("pi_held", total(1), "SGD", "requires_capture").script("GET", INTENTS + "pi_held", hold);
        String id = place(ordo, WEB, cardOrder("c-1", "pi_held", 1)).path("orderId").asText();
        assertThat(hold.awaitArrival(10, TimeUnit.SECONDS)).as("verification reached the provider").isTrue();

        JsonNode page = PaymentFixture.actions(ordo);
        assertThat(page.path("outstanding").asInt()).isEqualTo(1);
        assertThat(page.path("nextCursor").isNull()).isTrue();
        JsonNode action = page.path("actions").get(0);
        long actionId = action.path("actionId").asLong();
        assertThat(action.path("orderId").asText()).isEqualTo(id);
        assertThat(action.path("kind").asText()).isEqualTo("VERIFY");
        assertThat(action.path("status").asText()).isEqualTo("OUTSTANDING");
        assertThat(action.path("provider").asText()).isEqualTo("stripe");
        assertThat(action.path("reference").asText()).isEqualTo("pi_held");
        assertThat(action.path("amount").toString()).isEqualTo("{\"amountMinor\":1999,\"currency\":\"SGD\"}");
        assertThat(action.path("attempts").asInt()).isZero();
        assertThat(action.path("idempotencyKey").asText()).isEqualTo("ordo_" + id + "_" + actionId);
        assertThat(ordo.api.get(AUDITOR, "/v1/payments/actions").status()).isEqualTo(200);
        assertThat(ordo.api.get(AUDITOR, "/v1/payments/actions?after=" + actionId).json().path("actions")).isEmpty();
        Api.Response badCursor = ordo.api.get(ADMIN, "/v1/payments/actions?after=x");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.json().path("field").asText()).isEqualTo("after");
        // A cursor names an action: one beyond the last was an empty last page, and one past 2^31 stopped the engine.
        for (long cursor : new long[] {actionId + 1, 1L << 31, Long.MAX_VALUE}) {
            Api.Response unknown = ordo.api.get(ADMIN, "/v1/payments/actions?after=" + cursor);
            assertThat(unknown.status()).as("after=%d: %s", cursor, unknown).isEqualTo(400);
            assertThat(unknown.problemCode()).isEqualTo("UNKNOWN_CURSOR");
            assertThat(unknown.json().path("field").asText()).isEqualTo("after");
        }
        assertThat(ordo.api.get(ADMIN, "/v1/payments/actions?limit=0").status()).isEqualTo(400);
        assertThat(ordo.api.get(ADMIN, "/v1/payments/actions?page=2").status()).isEqualTo(400);

        hold.release();
        awaitStatus(ordo, id, "READY_TO_RELEASE");
        assertThat(PaymentFixture.actions(ordo).path("outstanding").asInt()).isZero();
    }

    @Test
    void storefrontKeysMayNotReviewCaptureRetryOrSetRules() {
        stripe.intent("pi_sf", total(1), "SGD", "requires_capture");
        String id = place(ordo, WEB, cardOrder("c-1", "pi_sf", 1)).path("orderId").asText();
        String order = "/v1/orders/" + id;

        assertForbidden(ordo.api.post(WEB, order + "/fraud-review", "{\"decision\":\"APPROVE\",\"note\":\"mine\"}"));
        assertForbidden(ordo.api.post(WEB, order + "/capture", ""));
        assertForbidden(ordo.api.post(WEB, order + "/payment/retry", ""));
        assertForbidden(ordo.api.post(WEB, order + "/payment/mark-paid", ""));
        assertForbidden(ordo.api.put(WEB, "/v1/fraud/rules", "{}"));
        assertForbidden(ordo.api.get(WEB, "/v1/fraud/rules"));
        assertForbidden(ordo.api.get(WEB, "/v1/payments/actions"));
        assertForbidden(ordo.api.post(STORE, order + "/capture", ""));
        assertForbidden(ordo.api.post(AUDITOR, order + "/payment/retry", ""));
        assertThat(ordo.api.post(null, order + "/capture", "").status()).isEqualTo(401);
    }

    @Test
    void anOfflineOrderIsMarkedPaidByItsStoreAndACardOrderIsNot() {
        JsonNode offline = place(ordo, STORE, OrderBodies.ship("pos", "c-9", "A", 2));
        String id = offline.path("orderId").asText();
        assertThat(offline.path("status").asText()).as("an offline payment never holds an order")
                .isEqualTo("READY_TO_RELEASE");
        Api.Response capture = ordo.api.post(ADMIN, "/v1/orders/" + id + "/capture", "");
        assertThat(capture.status()).isEqualTo(409);
        assertThat(capture.problemCode()).isEqualTo("PAYMENT_PROVIDER_MISMATCH");
        Api.Response unseen = ordo.api.post(STORE_WITHOUT_CHANNEL, "/v1/orders/" + id + "/payment/mark-paid", "");
        assertThat(unseen.status()).as("a store bound to no channel sees no order").isEqualTo(404);
        // The code any other key gets for an order it may not see (it was NOT_FOUND, found in QA).
        assertThat(unseen.problemCode()).isEqualTo("ORDER_NOT_FOUND");
        assertThat(ordo.api.get(STORE_WITHOUT_CHANNEL, "/v1/orders/" + id).problemCode()).isEqualTo("ORDER_NOT_FOUND");
        assertThat(ordo.api.get(STORE_WITHOUT_CHANNEL, "/v1/orders/ord_0000000000000000").problemCode())
                .isEqualTo(ordo.api.get(STORE, "/v1/orders/ord_0000000000000000").problemCode());
        Api.Response badBody = ordo.api.post(STORE, "/v1/orders/" + id + "/payment/mark-paid", "{\"amount\":1}");
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(badBody.json().path("field").asText()).isEqualTo("amount");

        Api.Response paid = ordo.api.post(STORE, "/v1/orders/" + id + "/payment/mark-paid",
                "{\"note\":\"cash at the counter\"}");
        assertThat(paid.status()).as("%s", paid).isEqualTo(200);
        assertThat(paid.json().path("payment").path("status").asText()).isEqualTo("CAPTURED");
        assertThat(paid.json().path("payment").path("captured").toString())
                .isEqualTo("{\"amountMinor\":" + total(2) + ",\"currency\":\"SGD\"}");
        assertThat(PaymentFixture.events(ordo, id, "PAYMENT_UPDATED").get(0).path("note").asText())
                .isEqualTo("offline payment of " + total(2) + " received: cash at the counter");
        Api.Response twice = ordo.api.post(STORE, "/v1/orders/" + id + "/payment/mark-paid", "");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.problemCode()).isEqualTo("PAYMENT_NOT_CAPTURABLE");

        stripe.intent("pi_card", total(1), "SGD", "requires_capture");
        String card = place(ordo, WEB, cardOrder("c-1", "pi_card", 1)).path("orderId").asText();
        Api.Response wrongProvider = ordo.api.post(ADMIN, "/v1/orders/" + card + "/payment/mark-paid", "");
        assertThat(wrongProvider.status()).isEqualTo(409);
        assertThat(wrongProvider.problemCode()).isEqualTo("PAYMENT_PROVIDER_MISMATCH");
        assertThat(ordo.api.post(STORE, "/v1/orders/" + card + "/payment/mark-paid", "").status())
                .as("not one of the store's channels").isEqualTo(404);
    }

    @Test
    void aCardOrderWithoutStripeConfiguredIsHeldWithTheReason() {
        ordo.close();
        ordo = PaymentFixture.start(tmp.resolve("no-stripe"), null, true);
        String id = place(ordo, WEB, cardOrder("c-1", "pi_nowhere", 1)).path("orderId").asText();

        JsonNode held = awaitOrder(ordo, id, "has a payment problem", o -> !o.path("payment").path("problem").isNull());
        assertThat(held.path("status").asText()).isEqualTo("PAYMENT_PENDING");
        assertThat(held.path("payment").path("problem").asText()).startsWith("ERROR on VERIFY")
                .contains("payment provider 'stripe' is not configured");
    }

    private static void assertForbidden(Api.Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(403);
        assertThat(response.problemCode()).isEqualTo("FORBIDDEN");
    }
}
