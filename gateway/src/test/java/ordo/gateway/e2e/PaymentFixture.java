package ordo.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ordo.gateway.config.OrdoConfig;
import ordo.gateway.payments.FakeStripe;
import ordo.gateway.payments.PaymentAdapterConfig;
import ordo.gateway.payments.PaymentsConfig;
import ordo.gateway.payments.StripeConfig;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the payment and fraud end-to-end tests share: an Ordo whose Stripe is a {@link FakeStripe} on loopback (short
 * timeouts, quick retries), signed webhooks for {@code stripe} with a current and a retiring secret, a small network
 * (warehouse {@code wh-1} near Singapore, channels {@code web} and {@code pos}, SKU {@code A} with 10 units), card
 * orders, and a way to await what the payment adapter does in the background.
 */
final class PaymentFixture {

    static final String WEBHOOK_SECRET = "whsec_current_5c1e0d9b7a";
    static final String RETIRING_WEBHOOK_SECRET = "whsec_retiring_3f8a2b6c4e";
    /** Stripe answer timeout: the timeout test makes the first attempt hang past it. */
    static final int STRIPE_TIMEOUT_MILLIS = 400;
    static final int STRIPE_ATTEMPTS = 3;
    static final Duration AWAIT = Duration.ofSeconds(10);

    private PaymentFixture() {
    }

    /** Stripe at {@code stripe} (null: Stripe not configured) and the adapter as given. */
    static OrdoConfig config(Path dataDir, FakeStripe stripe, boolean adapter) {
        StripeConfig stripeConfig = StripeConfig.defaults();
        if (stripe != null) {
            stripeConfig = stripeConfig.withBaseUrl(stripe.baseUrl()).withSecretKey(FakeStripe.SECRET_KEY)
                    .withTimeouts(1_000, STRIPE_TIMEOUT_MILLIS).withRetries(STRIPE_ATTEMPTS, 10, 40);
        }
        PaymentsConfig payments = PaymentsConfig.defaults().withStripe(stripeConfig)
                .withWebhookSecrets("stripe", List.of(WEBHOOK_SECRET, RETIRING_WEBHOOK_SECRET))
                .withAdapter(PaymentAdapterConfig.defaults().withEnabled(adapter).withScanIntervalMillis(200));
        return InProcessOrdo.config(dataDir).withPayments(payments);
    }

    static InProcessOrdo start(Path dataDir, FakeStripe stripe, boolean adapter) {
        InProcessOrdo ordo = InProcessOrdo.start(config(dataDir, stripe, adapter));
        ordo.defineLocation("wh-1", "{\"type\":\"WAREHOUSE\",\"name\":\"Tuas DC\",\"lat\":1.3294,\"lon\":103.6367,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"],\"dailyOrderCapacity\":1000,"
                + "\"handlingCost\":{\"amountMinor\":250,\"currency\":\"SGD\"}}");
        ordo.defineChannel("web", "WEB");
        ordo.defineChannel("pos", "STORE");
        ordo.stockedSku("A", "wh-1", 10);
        return ordo;
    }

    /** A SHIP order of {@code qty} × A at 1999 SGD cents, paid by card: the Stripe PaymentIntent {@code reference}. */
    static ObjectNode cardOrder(String customerId, String reference, int qty) {
        ObjectNode order = OrderBodies.ship("web", customerId, "A", qty);
        ((ObjectNode) order.path("payment")).put("provider", "stripe").put("reference", reference);
        return order;
    }

    static long total(int qty) {
        return 1999L * qty;
    }

    /** Places an order as {@code key}, checks the 201, and answers the order. */
    static JsonNode place(InProcessOrdo ordo, String key, ObjectNode body) {
        Api.Response placed = ordo.api.post(key, "/v1/orders", body.toString());
        assertThat(placed.status()).as("place: %s", placed).isEqualTo(201);
        return placed.json();
    }

    static JsonNode order(InProcessOrdo ordo, String orderId) {
        Api.Response shown = ordo.api.get(AUDITOR, "/v1/orders/" + orderId);
        assertThat(shown.status()).as("order %s: %s", orderId, shown).isEqualTo(200);
        return shown.json();
    }

    /** The order once {@code condition} holds, read every 20 ms for at most {@link #AWAIT}. */
    static JsonNode awaitOrder(InProcessOrdo ordo, String orderId, String what, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        JsonNode order = order(ordo, orderId);
        while (!condition.test(order)) {
            assertThat(System.nanoTime() < deadline).as("order %s %s within %s; last seen %s", orderId, what, AWAIT,
                    order).isTrue();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            order = order(ordo, orderId);
        }
        return order;
    }

    static JsonNode awaitStatus(InProcessOrdo ordo, String orderId, String status) {
        return awaitOrder(ordo, orderId, "becomes " + status, o -> o.path("status").asText().equals(status));
    }

    /** The data of the order's timeline events of one type. */
    static List<JsonNode> events(InProcessOrdo ordo, String orderId, String type) {
        return events(ordo.api, orderId, type);
    }

    /** The data of the order's timeline events of one type, from any server (e.g. a child process). */
    static List<JsonNode> events(Api api, String orderId, String type) {
        Api.Response timeline = api.get(ADMIN, "/v1/orders/" + orderId + "/events");
        assertThat(timeline.status()).as("events of %s: %s", orderId, timeline).isEqualTo(200);
        List<JsonNode> events = new java.util.ArrayList<>();
        timeline.json().path("events").forEach(e -> {
            if (e.path("type").asText().equals(type)) {
                events.add(e.path("data"));
            }
        });
        return events;
    }

    /** The outstanding payment actions (first page), as the admin sees them. */
    static JsonNode actions(InProcessOrdo ordo) {
        Api.Response actions = ordo.api.get(ADMIN, "/v1/payments/actions");
        assertThat(actions.status()).as("payment actions: %s", actions).isEqualTo(200);
        return actions.json();
    }

    /** No payment adapter thread may outlive its server. */
    static void assertNoPaymentThreadsLeft() {
        List<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith("ordo-payments")).toList();
        assertThat(left).as("payment adapter threads after close").isEmpty();
    }
}
