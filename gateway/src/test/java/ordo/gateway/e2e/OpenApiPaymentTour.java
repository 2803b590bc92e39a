package ordo.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ordo.gateway.payments.FakeStripe;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.STORE;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.PaymentFixture.WEBHOOK_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second half of {@link OpenApiResponsesTest}'s tour, after {@link OpenApiTour}: payments offline and by card
 * (verified, captured, refunded, voided, declined, a mismatch retried, a failed refund settled) against the
 * {@link FakeStripe}, Stripe's webhooks, and what the gateway refuses alike on every operation.
 */
final class OpenApiPaymentTour extends TourSteps {

    private static final String INTENTS = "/v1/payment_intents/";

    private final String offlineOrder;
    private final String pickupOrder;
    private final String backorder;

    /** With three orders of the first half: paid offline, picked up in store, and one that waited for stock. */
    OpenApiPaymentTour(OpenApiResponsesTest test, String offlineOrder, String pickupOrder, String backorder) {
        super(test);
        this.offlineOrder = offlineOrder;
        this.pickupOrder = pickupOrder;
        this.backorder = backorder;
    }

    /** Offline payments marked paid, then card payments through every status the adapter and Stripe bring. */
    void payments() {
        FakeStripe stripe = test.stripe();
        String markPaid = "/v1/orders/" + offlineOrder + "/payment/mark-paid";
        post(200, ADMIN, markPaid, "{\"note\":\"cash on delivery\"}");
        post(409, ADMIN, markPaid, "{}");
        post(200, STORE, "/v1/orders/" + pickupOrder + "/payment/mark-paid", null);
        post(409, ADMIN, "/v1/orders/" + offlineOrder + "/capture", null);
        post(409, ADMIN, "/v1/orders/" + backorder + "/payment/retry", "{}");
        post(404, ADMIN, NO_ORDER + "/capture", "{}");
        post(400, ADMIN, "/v1/orders/" + offlineOrder + "/capture", "{\"amount\":1}");
        post(403, WEB, "/v1/orders/" + offlineOrder + "/capture", "{}");

        // A card authorized at verification, captured while the test holds Stripe's answer (the action outstanding).
        stripe.intent("pi_cap", 1999, "SGD", "requires_capture");
        String card = placeCard("c-8", "pi_cap");
        test.await("/v1/orders/" + card, "is authorized",
                o -> o.path("payment").path("status").asText().equals("AUTHORIZED"));
        FakeStripe.Hold capture = FakeStripe.holdRequest();
        stripe.script("POST", INTENTS + "pi_cap/capture", capture);
        post(200, ADMIN, "/v1/orders/" + card + "/capture", "{}");
        try {
            assertThat(capture.awaitArrival(10, TimeUnit.SECONDS)).as("the capture reached Stripe").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String next = get(200, ADMIN, "/v1/payments/actions?limit=1").json().path("nextCursor").asText();
        get(200, AUDITOR, "/v1/payments/actions?after=" + (next.equals("null") ? "0" : next));
        get(400, ADMIN, "/v1/payments/actions?after=999999");
        get(400, ADMIN, "/v1/payments/actions?limit=0");
        capture.release();
        test.await("/v1/orders/" + card, "is captured",
                o -> o.path("payment").path("status").asText().equals("CAPTURED"));
        post(409, ADMIN, "/v1/orders/" + card + "/capture", "{}");
        post(409, ADMIN, "/v1/orders/" + card + "/payment/mark-paid", "{}");

        // Cancelled after capture: Ordo refunds; the refund then fails at Stripe and the customer is owed it.
        post(200, WEB, "/v1/orders/" + card + "/cancel", "{\"reason\":\"changed mind\"}");
        test.await("/v1/orders/" + card, "is refunded",
                o -> o.path("payment").path("status").asText().equals("REFUNDED"));
        String settle = "/v1/orders/" + card + "/payment/refund-settled";
        post(409, ADMIN, settle, "{\"amount\":{\"amountMinor\":1,\"currency\":\"SGD\"}}");
        test.webhook(200, "stripe", event("evt_rf", "refund.failed", "\"id\":\"re_1\",\"object\":\"refund\","
                + "\"amount\":1999,\"currency\":\"sgd\",\"status\":\"failed\","
                + "\"failure_reason\":\"expired_or_canceled_card\",\"payment_intent\":\"pi_cap\""), WEBHOOK_SECRET);
        post(409, ADMIN, settle, "{\"amount\":{\"amountMinor\":2000,\"currency\":\"SGD\"}}");
        post(400, ADMIN, settle, "{\"amount\":{\"amountMinor\":100,\"currency\":\"USD\"}}");
        post(200, ADMIN, settle, "{\"amount\":{\"amountMinor\":999,\"currency\":\"SGD\"},\"note\":\"bank 77\"}");
        post(200, ADMIN, settle, "{\"amount\":{\"amountMinor\":1000,\"currency\":\"SGD\"}}");
        get(200, ADMIN, "/v1/orders/" + card + "/events");

        // A PaymentIntent for another amount: the verification ends in a mismatch, which an operator retries.
        stripe.intent("pi_short", 1000, "SGD", "requires_capture");
        String mismatched = placeCard("c-9", "pi_short");
        test.await("/v1/orders/" + mismatched, "has a payment problem",
                o -> !o.path("payment").path("problem").isNull());
        post(200, ADMIN, "/v1/orders/" + mismatched + "/payment/retry", null);
        get(200, ADMIN, "/v1/orders/" + mismatched + "/events");

        // One reference pays one order; a declined card rejects its order; a cancelled authorization is voided; a
        // captured order cancelled in part is refunded in part.
        post(409, WEB, "/v1/orders", PaymentFixture.cardOrder("c-8", "pi_cap", 1).toString());
        stripe.intent("pi_dead", 1999, "SGD", "canceled");
        String declined = placeCard("c-17", "pi_dead");
        test.await("/v1/orders/" + declined, "is rejected", o -> o.path("status").asText().equals("REJECTED"));
        stripe.intent("pi_void", 1999, "SGD", "requires_capture");
        String voided = placeCard("c-18", "pi_void");
        test.await("/v1/orders/" + voided, "is authorized",
                o -> o.path("payment").path("status").asText().equals("AUTHORIZED"));
        post(200, WEB, "/v1/orders/" + voided + "/cancel", "{\"reason\":\"changed mind\"}");
        test.await("/v1/orders/" + voided, "is voided",
                o -> o.path("payment").path("status").asText().equals("VOIDED"));
        stripe.intent("pi_two", 3998, "SGD", "requires_capture");
        ObjectNode two = PaymentFixture.cardOrder("c-19", "pi_two", 2);
        String halved = post(201, WEB, "/v1/orders", two.toString()).json().path("orderId").asText();
        test.await("/v1/orders/" + halved, "is authorized",
                o -> o.path("payment").path("status").asText().equals("AUTHORIZED"));
        post(200, ADMIN, "/v1/orders/" + halved + "/capture", null);
        test.await("/v1/orders/" + halved, "is captured",
                o -> o.path("payment").path("status").asText().equals("CAPTURED"));
        post(200, WEB, "/v1/orders/" + halved + "/cancel",
                "{\"lines\":[{\"sku\":\"A\",\"qty\":1}],\"reason\":\"one\"}");
        test.await("/v1/orders/" + halved, "is refunded in part",
                o -> o.path("payment").path("status").asText().equals("PARTIALLY_REFUNDED"));
        get(200, ADMIN, "/v1/payments/actions");
        for (String id : new String[] {declined, voided, halved}) {
            get(200, ADMIN, "/v1/orders/" + id + "/events");
        }
    }

    /**
     * Stripe's events, signed: applied, again (a duplicate), one Ordo does not act on, a forged one (401), a provider
     * without secrets (404), one that cannot be read (400). The PaymentIntent is not capturable when the adapter
     * verifies it, so only the webhook authorizes the order.
     */
    void webhooks() {
        test.stripe().intent("pi_hook", 1999, "SGD", "requires_payment_method");
        String order = placeCard("c-10", "pi_hook");
        String authorized = event("evt_auth", "payment_intent.amount_capturable_updated",
                "\"id\":\"pi_hook\",\"amount_capturable\":1999,\"currency\":\"sgd\"");
        test.webhook(200, "stripe", authorized, WEBHOOK_SECRET);
        test.webhook(200, "stripe", authorized, WEBHOOK_SECRET);
        test.webhook(200, "stripe", "{\"id\":\"evt_cust\",\"type\":\"customer.created\",\"data\":{}}",
                WEBHOOK_SECRET);
        test.webhook(401, "stripe", authorized, "whsec_someone_else");
        test.webhook(404, "paypal", authorized, WEBHOOK_SECRET);
        test.webhook(400, "stripe", "{\"id\":\"evt_bad\",\"type\":\"payment_intent.succeeded\"}", WEBHOOK_SECRET);
        get(200, AUDITOR, "/v1/orders/" + order);
    }

    /** 413 and 415 come before any route reads the body (a content coding is 415 too); a body cut short is 400. */
    void bodiesTheGatewayRefuses() {
        byte[] large = ("{\"reason\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        test.callRaw(413, WEB, "POST", "/v1/orders/" + backorder + "/cancel", "application/json", large);
        test.callRaw(415, WEB, "POST", "/v1/reservations", "application/xml",
                "<reservation/>".getBytes(StandardCharsets.UTF_8));
        test.callRaw(415, ADMIN, "PUT", "/v1/skus/A", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                "Content-Encoding", "gzip");
        post(400, WEB, "/v1/reservations", "{\"channel\":");
    }

    /**
     * What the gateway answers alike on every operation, driven from the document itself: no key (401) and a key of
     * a role the operation does not admit (403, a carrier's), then for one that takes a body a body too large (413)
     * and one not JSON (415); the webhooks, which take no key, the last two. None of them changes anything.
     */
    void everyOperationsRefusals(DocumentedResponses contract) {
        byte[] large = ("{\"note\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] text = "{}".getBytes(StandardCharsets.UTF_8);
        for (DocumentedResponses.Route route : contract.routes()) {
            String path = route.template().replace("{sku}", "A").replace("{locationId}", "wh-1")
                    .replace("{reservationId}", "res_0000000000000000").replace("{orderId}", offlineOrder)
                    .replace("{channelId}", "web").replace("{provider}", "stripe");
            if (route.roles().isEmpty()) {
                continue;
            }
            test.callRaw(401, null, route.method(), path, null, null);
            assertThat(route.roles()).as("roles of %s", route.id()).doesNotContain("carrier");
            test.callRaw(403, OpenApiResponsesTest.CARRIER, route.method(), path, null, null);
            if (!route.method().equals("GET")) {
                test.callRaw(413, ADMIN, route.method(), path, "application/json", large);
                test.callRaw(415, ADMIN, route.method(), path, "text/plain", text);
            }
        }
        test.callRaw(413, null, "POST", "/v1/webhooks/payments/stripe", "application/json", large);
        test.callRaw(415, null, "POST", "/v1/webhooks/payments/stripe", "text/plain", text);
        post(404, ADMIN, NO_ORDER + "/payment/mark-paid", "{}");
        post(404, ADMIN, NO_ORDER + "/payment/retry", "{}");
        post(404, ADMIN, NO_ORDER + "/payment/refund-settled",
                "{\"amount\":{\"amountMinor\":1,\"currency\":\"SGD\"}}");
        post(400, ADMIN, "/v1/orders/" + offlineOrder + "/payment/mark-paid", "{\"paid\":true}");
        post(400, ADMIN, "/v1/orders/" + offlineOrder + "/payment/retry", "{\"now\":true}");
        get(400, ADMIN, "/v1/orders/" + NOT_AN_ID + "/events");
        get(400, ADMIN, "/v1/orders/" + NOT_AN_ID + "/sourcing");
        get(400, ADMIN, "/v1/skus/" + NOT_AN_ID);
        get(400, ADMIN, "/v1/channels/" + NOT_AN_ID);
        delete(400, WEB, "/v1/reservations/" + NOT_AN_ID);
        for (int i = 0; i < 2; i++) {
            test.call(i == 0 ? 200 : 422, ADMIN, "PUT", "/v1/skus/A",
                    "{\"name\":\"Tee" + i + "\",\"weightGrams\":250}", "Idempotency-Key", "sku-a");
        }
    }
}
