package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.gateway.payments.FakeStripe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.PaymentFixture.awaitOrder;
import static ordo.gateway.e2e.PaymentFixture.awaitStatus;
import static ordo.gateway.e2e.PaymentFixture.cardOrder;
import static ordo.gateway.e2e.PaymentFixture.place;
import static ordo.gateway.e2e.PaymentFixture.total;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment outbox across a clean restart of an in-process server: what was outstanding at the stop is issued at
 * the next start, with the same idempotency key, and the provider applies it once.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PaymentRestartTest {

    @TempDir
    Path tmp;

    private FakeStripe stripe;
    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        stripe = FakeStripe.start();
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
    void anActionLeftOutstandingIsIssuedAtTheNextStart() {
        Path data = tmp.resolve("data");
        stripe.intent("pi_later", total(1), "SGD", "requires_capture");
        ordo = PaymentFixture.start(data, stripe, false);
        String id = place(ordo, WEB, cardOrder("c-1", "pi_later", 1)).path("orderId").asText();
        assertThat(PaymentFixture.actions(ordo).path("outstanding").asInt()).isEqualTo(1);
        ordo.close();
        assertThat(stripe.requests()).as("the adapter was off").isEmpty();

        ordo = InProcessOrdo.start(PaymentFixture.config(data, stripe, true));
        awaitStatus(ordo, id, "READY_TO_RELEASE");
        assertThat(stripe.requests("GET", "/v1/payment_intents/pi_later")).hasSize(1);
    }

    @Test
    void aCaptureCutShortByTheStopIsAppliedOnceAfterTheRestart() throws InterruptedException {
        Path data = tmp.resolve("data");
        String capturePath = "/v1/payment_intents/pi_cut/capture";
        stripe.intent("pi_cut", total(2), "SGD", "requires_capture");
        ordo = PaymentFixture.start(data, stripe, true);
        String id = place(ordo, WEB, cardOrder("c-1", "pi_cut", 2)).path("orderId").asText();
        awaitStatus(ordo, id, "READY_TO_RELEASE");
        FakeStripe.Hold hold = FakeStripe.holdAnswer();
        stripe.script("POST", capturePath, hold);

        assertThat(ordo.api.post(ADMIN, "/v1/orders/" + id + "/capture", "").status()).isEqualTo(200);
        assertThat(hold.awaitArrival(10, TimeUnit.SECONDS)).as("the capture reached Stripe").isTrue();
        assertThat(stripe.intent("pi_cut").captures).as("Stripe captured; its answer is held").isEqualTo(1);
        ordo.close();
        ordo = null;
        hold.release();

        ordo = InProcessOrdo.start(PaymentFixture.config(data, stripe, true));
        JsonNode captured = awaitOrder(ordo, id, "is captured",
                o -> o.path("payment").path("status").asText().equals("CAPTURED"));
        assertThat(captured.path("payment").path("captured").path("amountMinor").asLong()).isEqualTo(total(2));
        assertThat(stripe.intent("pi_cut").captures).as("applied once").isEqualTo(1);
        List<String> keys = stripe.requests("POST", capturePath).stream().map(FakeStripe.Seen::idempotencyKey)
                .toList();
        assertThat(keys).as("issued before the stop and again after the start").hasSize(2);
        assertThat(keys.get(1)).isEqualTo(keys.get(0)).startsWith("ordo_" + id + "_");
        assertThat(PaymentFixture.events(ordo, id, "PAYMENT_UPDATED").stream()
                .filter(e -> e.path("note").asText().startsWith("CAPTURE")).count())
                .as("one result reported: the interrupted call was not").isEqualTo(1);
    }
}
