package ordo.gateway.payments;

import static ordo.gateway.payments.StripeProviderTest.config;
import static ordo.gateway.payments.StripeProviderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * {@link StripeProvider} when Stripe or the network misbehaves: what is retried (5xx, 409, 429, timeouts, dropped
 * connections), with the same idempotency key every time, for a bounded number of attempts; and what is not.
 * Back-off pauses are 5-20 ms; the tests of slow answers time out after 300 ms, so the slowest test takes about a
 * second.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StripeProviderRetryTest {

    private static final String INTENT = "/v1/payment_intents/pi_1";
    private static final String CAPTURE = INTENT + "/capture";
    private static final int SHORT_TIMEOUT_MILLIS = 300;
    /** Three attempts timing out and two pauses of at most 20 ms, with room for a busy machine. */
    private static final long WORST_CASE_MILLIS = 3 * SHORT_TIMEOUT_MILLIS + 2 * 20 + 1_000;

    private final FakeStripe stripe = FakeStripe.start().intent("pi_1", 1999, "EUR", "requires_capture");
    private final StripeConfig config = config(stripe.baseUrl(), FakeStripe.SECRET_KEY);
    private final StripeProvider provider = new StripeProvider(config, Backoff.of(config, new Random(7)));

    @AfterEach
    void stop() {
        provider.close();
        stripe.close();
    }

    @Test
    void serverErrorsAreRetriedWithTheSameIdempotencyKeyUntilStripeAnswers() {
        stripe.script("POST", CAPTURE, FakeStripe.serverError(), FakeStripe.serverError());

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "ord_1:capture"));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(keysSeen("POST", CAPTURE)).as("the action's key and the intent (QA-258)")
                .containsExactly("ord_1:capture_pi_1", "ord_1:capture_pi_1", "ord_1:capture_pi_1");
        assertThat(stripe.intent("pi_1").captures).isEqualTo(1);
    }

    @Test
    void aServerThatKeepsFailingIsAnErrorAfterMaxAttemptsInBoundedTime() {
        stripe.always("POST", CAPTURE, FakeStripe.serverError());

        long start = System.nanoTime();
        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k1"));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.providerStatus()).isEqualTo("http_500");
        assertThat(result.detail())
                .isEqualTo("after 3 attempts: HTTP 500 api_error: Something went wrong on Stripe's end.");
        assertThat(result.amountMinor()).isEqualTo(1999);
        assertThat(stripe.requests()).hasSize(3);
        assertThat(elapsedMillis).as("three prompt answers and two short pauses").isLessThan(1_000);
        assertThat(stripe.intent("pi_1").captures).isZero();
    }

    @Test
    void conflictsAndRateLimitsAreRetried() {
        stripe.script("POST", CAPTURE,
                FakeStripe.error(409, "idempotency_error", "idempotency_key_in_use",
                        "There is currently another in-progress request using this Idempotent Key"),
                FakeStripe.error(429, "invalid_request_error", "rate_limit", "Too many requests"));

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(stripe.requests()).hasSize(3);
    }

    @Test
    void aClientErrorIsNeverRetried() {
        stripe.script("POST", CAPTURE,
                FakeStripe.error(400, "invalid_request_error", "parameter_invalid_integer", "Invalid integer"));

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(result.providerStatus()).isEqualTo("parameter_invalid_integer");
        assertThat(stripe.requests()).hasSize(1);
    }

    @Test
    void aServerErrorStripeSaysNotToRetryIsAnErrorAtOnce() {
        stripe.script("POST", CAPTURE, FakeStripe.answer(500,
                "{\"error\":{\"type\":\"api_error\",\"message\":\"replayed\"}}",
                Map.of("Stripe-Should-Retry", "false")));

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.providerStatus()).isEqualTo("http_500");
        assertThat(stripe.requests()).hasSize(1);
    }

    /**
     * An answer that does not come in time, or (applyThenStall) whose body stalls after its headers, is given up after
     * one timeout and retried; the retry gets the first answer, without a second capture. On Java 17 the request's
     * timeout covers the wait for the headers only: a stalled body held the payment worker, and its action in flight,
     * for as long as the connection stayed open (found in review).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anAnswerTooSlowIsGivenUpAndTheRetryGetsTheFirstAnswerWithoutASecondCapture(boolean bodyStalls) {
        stripe.script("POST", CAPTURE, bodyStalls ? FakeStripe.applyThenStall() : FakeStripe.applyThenHang());

        long start = System.nanoTime();
        ProviderResult result;
        try (StripeProvider impatient = impatient()) {
            result = impatient.capture(request("pi_1", 1999, "EUR", "ord_1:capture"));
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(result).isEqualTo(new ProviderResult(Outcome.SUCCEEDED, "succeeded", 1999, "EUR", "captured"));
        assertThat(elapsedMillis).as("waited out one timeout, not the fake's 10 s stall")
                .isBetween((long) SHORT_TIMEOUT_MILLIS, WORST_CASE_MILLIS);
        assertThat(keysSeen("POST", CAPTURE)).containsExactly("ord_1:capture_pi_1", "ord_1:capture_pi_1");
        assertThat(stripe.intent("pi_1").captures).isEqualTo(1);
    }

    @Test
    void answersThatNeverComeAreAnErrorAfterTheAttemptsTimeOut() {
        stripe.always("GET", INTENT, FakeStripe.hang());

        long start = System.nanoTime();
        ProviderResult result;
        try (StripeProvider impatient = impatient()) {
            result = impatient.verify(request("pi_1", 1999, "EUR", "k1"));
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.providerStatus()).isEqualTo("timeout");
        assertThat(result.detail()).isEqualTo("after 3 attempts: no answer within 300 ms");
        assertThat(stripe.requests()).hasSize(3);
        assertThat(elapsedMillis).isBetween(3L * SHORT_TIMEOUT_MILLIS, WORST_CASE_MILLIS);
    }

    @Test
    void aConnectionDroppedBeforeTheAnswerIsRetried() {
        stripe.script("POST", CAPTURE, FakeStripe.drop());

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(keysSeen("POST", CAPTURE)).containsExactly("k1_pi_1", "k1_pi_1");
        assertThat(stripe.intent("pi_1").captures).isEqualTo(1);
    }

    @Test
    void aCaptureWhoseAnswerWasLostIsReplayedNotMadeAgain() {
        stripe.script("POST", CAPTURE, FakeStripe.applyThenDrop());

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "ord_1:capture"));

        assertThat(result).isEqualTo(new ProviderResult(Outcome.SUCCEEDED, "succeeded", 1999, "EUR", "captured"));
        assertThat(keysSeen("POST", CAPTURE)).containsExactly("ord_1:capture_pi_1", "ord_1:capture_pi_1");
        assertThat(stripe.intent("pi_1").captures).as("applied once, answered twice").isEqualTo(1);
    }

    @Test
    void connectionsThatKeepDroppingAreAnErrorAfterMaxAttempts() {
        stripe.always("POST", "/v1/refunds", FakeStripe.drop());

        ProviderResult result = provider.refund(request("pi_1", 500, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.providerStatus()).isEqualTo("connection_failed");
        assertThat(result.detail()).startsWith("after 3 attempts: ");
        // After the one look for a refund already made with the key.
        assertThat(stripe.requests()).extracting(FakeStripe.Seen::method).containsExactly("GET", "POST", "POST",
                "POST");
        assertThat(stripe.refundsApplied()).isZero();
    }

    @Test
    void aStripeNobodyListensForIsAnErrorAfterMaxAttempts() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        StripeConfig nowhere = config.withBaseUrl("http://127.0.0.1:" + closedPort);
        try (StripeProvider unreachable = new StripeProvider(nowhere, Backoff.of(nowhere, new Random(7)))) {
            ProviderResult result = unreachable.capture(request("pi_1", 1999, "EUR", "k1"));

            assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(result.providerStatus()).isIn("connection_failed", "timeout");
            assertThat(result.detail()).startsWith("after 3 attempts: ");
        }
    }

    @Test
    void anInterruptedWorkerStopsAtOnceAndKeepsItsInterrupt() {
        stripe.always("POST", CAPTURE, FakeStripe.serverError());

        Thread.currentThread().interrupt();
        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k1"));
        boolean stillInterrupted = Thread.interrupted();

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.providerStatus()).isEqualTo("interrupted");
        assertThat(stillInterrupted).isTrue();
        assertThat(stripe.requests()).hasSizeLessThanOrEqualTo(1);
    }

    private StripeProvider impatient() {
        StripeConfig shortTimeouts = config.withTimeouts(SHORT_TIMEOUT_MILLIS, SHORT_TIMEOUT_MILLIS);
        return new StripeProvider(shortTimeouts, Backoff.of(shortTimeouts, new Random(7)));
    }

    private List<String> keysSeen(String method, String path) {
        return stripe.requests(method, path).stream().map(FakeStripe.Seen::idempotencyKey).toList();
    }
}
