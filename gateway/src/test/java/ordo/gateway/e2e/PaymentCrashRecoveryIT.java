package ordo.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ordo.gateway.payments.FakeStripe;
import ordo.gateway.payments.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.PaymentFixture.cardOrder;
import static ordo.gateway.e2e.PaymentFixture.total;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of a real {@code ordo.jar} while two captures are at Stripe (a {@link FakeStripe} in the test JVM):
 * one that Stripe applied but whose answer never came back, one that Stripe has not applied yet. After the restart
 * the payment adapter re-issues both under the keys it used before, Stripe applies each capture once, and no other
 * provider call is repeated. The journal, holding verifications, a void, fraud verdicts, a review and a webhook,
 * then replays ({@code ordo journal verify}, and a restart from the journal alone with Stripe unreachable) to the
 * state the server served, without a single provider call.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PaymentCrashRecoveryIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final String INTENTS = "/v1/payment_intents/";
    private static final String WEBHOOK_SECRET = "whsec_crash_it_8d2f6a1c9e";
    /** Scores 60 (review) for any order above 50.00 SGD: three units or more of A. */
    private static final long REVIEW_ABOVE_MINOR = 5_000;

    @TempDir
    Path tmp;

    private ChildServers servers;
    private FakeStripe stripe;
    private final List<FakeStripe.Hold> holds = new ArrayList<>();
    private final HttpClient webhooks = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void needsTheJarBuiltFromTheseClasses() {
        OrdoProcess.assumeJarMatchesClassesUnderTest();
    }

    @BeforeEach
    void setUp() {
        servers = new ChildServers(tmp, START_TIMEOUT);
        stripe = FakeStripe.start();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        try {
            servers.close();
        } finally {
            // Lets held requests go before closing, so none waits out its hold limit in a handler thread.
            holds.forEach(FakeStripe.Hold::release);
            stripe.close();
        }
    }

    @Test
    void capturesOutstandingAtAKillAreAppliedOnceAndTheJournalReplaysWithoutTheProvider() throws Exception {
        Path config = writeConfig("ordo.yaml", stripe.baseUrl());
        stripe.intent("pi_answer_lost", total(2), "SGD", "requires_capture")
                .intent("pi_not_yet_applied", total(1), "SGD", "requires_capture")
                .intent("pi_reviewed", total(3), "SGD", "requires_capture")
                .intent("pi_blocked", total(1), "SGD", "requires_capture")
                .intent("pi_hooked", total(1), "SGD", "requires_capture");

        // ---- before the crash: verifications, fraud verdicts, a review, a capture, a void, a webhook
        OrdoProcess first = serve(config);
        Api api = new Api(first.port());
        defineNetwork(api);
        setFraudRules(api);

        String answerLost = placeCard(api, "c-1", "pi_answer_lost", 2, "PAYMENT_PENDING");
        String notYetApplied = placeCard(api, "c-2", "pi_not_yet_applied", 1, "PAYMENT_PENDING");
        String hooked = placeCard(api, "c-5", "pi_hooked", 1, "PAYMENT_PENDING");
        String reviewed = placeCard(api, "c-3", "pi_reviewed", 3, "FRAUD_REVIEW");
        String blocked = placeCard(api, "c-blocked", "pi_blocked", 1, "REJECTED");
        for (String id : List.of(answerLost, notYetApplied, hooked)) {
            awaitOrder(api, id, "is verified", o -> o.path("status").asText().equals("READY_TO_RELEASE")
                    && o.path("payment").path("status").asText().equals("AUTHORIZED"));
        }
        awaitOrder(api, reviewed, "is verified while in review",
                o -> o.path("payment").path("status").asText().equals("AUTHORIZED"));
        assertThat(order(api, reviewed).path("status").asText()).isEqualTo("FRAUD_REVIEW");
        JsonNode rejected = awaitOrder(api, blocked, "has its authorization voided",
                o -> o.path("payment").path("status").asText().equals("VOIDED"));
        assertThat(rejected.path("fraud").path("decision").asText()).isEqualTo("REJECTED");

        Api.Response approved = api.post(ADMIN, "/v1/orders/" + reviewed + "/fraud-review",
                "{\"decision\":\"APPROVE\",\"note\":\"known customer\"}");
        assertThat(approved.status()).as("%s", approved).isEqualTo(200);
        assertThat(approved.json().path("status").asText()).isEqualTo("READY_TO_RELEASE");
        capture(api, reviewed);
        awaitCaptured(api, reviewed, total(3));

        String event = authorizedEvent("evt_crash_1", "pi_hooked", total(1));
        Api.Response delivered = deliverWebhook(first.port(), event);
        assertThat(delivered.status()).as("%s", delivered).isEqualTo(200);
        assertThat(delivered.body())
                .isEqualTo("{\"received\":true,\"duplicate\":false,\"orderId\":\"" + hooked + "\"}");
        assertThat(PaymentFixture.events(api, hooked, "PAYMENT_UPDATED").stream()
                .map(e -> e.path("note").asText())).contains("webhook evt_crash_1: AUTHORIZED " + total(1));

        // ---- the crash: one capture applied at Stripe with its answer held, one held before Stripe applies it
        FakeStripe.Hold answerHeld = hold(FakeStripe.holdAnswer());
        FakeStripe.Hold requestHeld = hold(FakeStripe.holdRequest());
        stripe.script("POST", capturePath("pi_answer_lost"), answerHeld)
                .script("POST", capturePath("pi_not_yet_applied"), requestHeld);
        capture(api, answerLost);
        capture(api, notYetApplied);
        assertThat(answerHeld.awaitArrival(10, TimeUnit.SECONDS)).as("capture of %s reached Stripe", answerLost)
                .isTrue();
        assertThat(requestHeld.awaitArrival(10, TimeUnit.SECONDS)).as("capture of %s reached Stripe", notYetApplied)
                .isTrue();
        assertThat(stripe.intent("pi_answer_lost").captures).as("applied; its answer is held").isEqualTo(1);
        assertThat(stripe.intent("pi_not_yet_applied").captures).as("held before it is applied").isZero();
        Map<String, String> keyByOrder = outstandingCaptureKeys(api);
        assertThat(keyByOrder).as("captures outstanding at the kill").containsOnlyKeys(answerLost, notYetApplied);
        first.kill();

        // ---- restart on the same data: the start-up scan re-issues both captures under their keys
        OrdoProcess second = serve(config);
        Api after = new Api(second.port());
        awaitCaptured(after, answerLost, total(2));
        awaitCaptured(after, notYetApplied, total(1));
        // The request held before the kill now reaches Stripe's processing, after the re-issue: it must not capture
        // again (Stripe answers it from the key).
        answerHeld.release();
        requestHeld.release();
        assertThat(answerHeld.awaitFinished(10, TimeUnit.SECONDS)).as("the held answer was sent").isTrue();
        assertThat(requestHeld.awaitFinished(10, TimeUnit.SECONDS)).as("the held request was processed").isTrue();

        for (String intent : List.of("pi_answer_lost", "pi_not_yet_applied")) {
            assertThat(stripe.intent(intent).captures).as("captures of %s applied", intent).isEqualTo(1);
            assertThat(stripe.intent(intent).status).isEqualTo("succeeded");
        }
        assertThat(stripe.intent("pi_answer_lost").amountReceived).isEqualTo(total(2));
        assertThat(stripe.intent("pi_not_yet_applied").amountReceived).isEqualTo(total(1));
        assertCaptureAttempts("pi_answer_lost", keyByOrder.get(answerLost), answerLost);
        assertCaptureAttempts("pi_not_yet_applied", keyByOrder.get(notYetApplied), notYetApplied);
        for (String id : List.of(answerLost, notYetApplied)) {
            assertThat(order(after, id).path("status").asText()).isEqualTo("READY_TO_RELEASE");
            assertThat(PaymentFixture.events(after, id, "PAYMENT_UPDATED").stream()
                    .filter(e -> e.path("note").asText().startsWith("CAPTURE")).count())
                    .as("capture results recorded for %s: the one cut short by the kill was never reported", id)
                    .isEqualTo(1);
        }
        assertThat(order(after, reviewed).path("payment").path("status").asText()).isEqualTo("CAPTURED");
        assertThat(order(after, hooked).path("payment").path("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(order(after, blocked).path("status").asText()).isEqualTo("REJECTED");
        assertThat(outstanding(after)).as("outstanding payment actions after the re-issue").isZero();

        assertThat(requestCounts()).as("every call Stripe saw, by method and path: only the two captures twice")
                .isEqualTo(new TreeMap<>(Map.of(
                        "GET " + INTENTS + "pi_answer_lost", 1,
                        "GET " + INTENTS + "pi_not_yet_applied", 1,
                        "GET " + INTENTS + "pi_hooked", 1,
                        "GET " + INTENTS + "pi_reviewed", 1,
                        "POST " + INTENTS + "pi_blocked/cancel", 1,
                        "POST " + capturePath("pi_reviewed"), 1,
                        "POST " + capturePath("pi_answer_lost"), 2,
                        "POST " + capturePath("pi_not_yet_applied"), 2)));
        assertThat(stripe.intent("pi_reviewed").captures).isEqualTo(1);
        assertThat(stripe.intent("pi_blocked").cancels).isEqualTo(1);
        assertThat(stripe.refundsApplied()).isZero();

        Api.Response redelivered = deliverWebhook(second.port(), event);
        assertThat(redelivered.status()).isEqualTo(200);
        assertThat(redelivered.json().path("duplicate").asBoolean()).as("the event id was remembered across the kill")
                .isTrue();

        // ---- replay: journal verify, then a start with Stripe unreachable, both without a provider call
        String served = after.stateHashJson(AUDITOR).trim();
        int callsBeforeReplay = stripe.requests().size();
        second.stop();
        servers.assertJournalVerifyGives(served, Duration.ofSeconds(40));

        // Without the snapshot the clean stop wrote, the start replays every command, results and webhooks
        // included, with the payment adapter listening to the engine.
        deleteSnapshots();
        OrdoProcess third = serve(writeConfig("ordo-stripe-unreachable.yaml", "http://127.0.0.1:" + deadPort()));
        long sequence = Api.JSON.readTree(served).path("sequence").asLong();
        assertThat(third.stderr()).as("the start-up replayed the whole journal")
                .contains("replayed " + sequence + " journaled commands after seq 0");
        Api replayed = new Api(third.port());
        assertThat(outstanding(replayed)).as("outstanding payment actions after a replay").isZero();
        assertThat(replayed.stateHashJson(AUDITOR).trim()).as("state after a replay at start-up").isEqualTo(served);
        assertThat(order(replayed, answerLost).path("payment").path("captured").path("amountMinor").asLong())
                .isEqualTo(total(2));
        assertThat(order(replayed, notYetApplied).path("payment").path("captured").path("amountMinor").asLong())
                .isEqualTo(total(1));
        third.stop();
        assertThat(stripe.requests()).as("calls Stripe saw after the last capture (verify, replay)")
                .hasSize(callsBeforeReplay);
    }

    // ------------------------------------------------------------------------------------------------ set-up

    /** The e2e keys, and payments: Stripe at {@code stripeBaseUrl}, signed webhooks, two adapter workers. */
    private Path writeConfig(String name, String stripeBaseUrl) throws IOException {
        // The answer timeout outlasts the time from a held capture's arrival to the kill: a timed-out attempt
        // would be retried (same key) and answered before the kill, and nothing would be outstanding.
        String payments = """
                payments:
                  stripe:
                    baseUrl: "%s"
                    secretKey: "%s"
                    connectTimeoutMillis: 1000
                    timeoutMillis: 5000
                    maxAttempts: 3
                    initialBackoffMillis: 10
                    maxBackoffMillis: 40
                  webhookSecrets:
                    stripe: ["%s"]
                  adapter:
                    enabled: true
                    workers: 2
                    scanIntervalMillis: 200
                """.formatted(stripeBaseUrl, FakeStripe.SECRET_KEY, WEBHOOK_SECRET);
        return servers.writeConfig(name, ChildServers.e2eConfigText() + "\n" + payments);
    }

    private OrdoProcess serve(Path config) throws Exception {
        return servers.serve(config);
    }

    private FakeStripe.Hold hold(FakeStripe.Hold hold) {
        holds.add(hold);
        return hold;
    }

    private void deleteSnapshots() throws IOException {
        Path snapshots = servers.data().resolve("snapshots");
        if (Files.isDirectory(snapshots)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(snapshots, "snapshot-*.snap")) {
                for (Path file : files) {
                    Files.delete(file);
                }
            }
        }
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void defineNetwork(Api api) {
        put(api, "/v1/locations/wh-1", "{\"type\":\"WAREHOUSE\",\"name\":\"Tuas DC\",\"lat\":1.3294,"
                + "\"lon\":103.6367,\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"],\"dailyOrderCapacity\":1000,"
                + "\"handlingCost\":{\"amountMinor\":250,\"currency\":\"SGD\"}}");
        put(api, "/v1/channels/web", "{\"kind\":\"WEB\"}");
        put(api, "/v1/skus/A", "{\"name\":\"A\",\"weightGrams\":250}");
        put(api, "/v1/inventory/A/wh-1", "{\"onHand\":20,\"safetyStock\":0}");
    }

    /** The defaults, but any order above 50.00 is held for review and customer c-blocked's email is blocked. */
    private static void setFraudRules(Api api) {
        Api.Response current = api.get(ADMIN, "/v1/fraud/rules");
        assertThat(current.status()).as("%s", current).isEqualTo(200);
        ObjectNode rules = (ObjectNode) current.json();
        rules.withArray("amountBands").removeAll()
                .add(Api.JSON.createObjectNode().put("overMinor", REVIEW_ABOVE_MINOR).put("points", 60));
        rules.with("blocklists").withArray("emails").add("c-blocked@example.com");
        put(api, "/v1/fraud/rules", rules.toString());
    }

    private static void put(Api api, String path, String body) {
        Api.Response response = api.put(ADMIN, path, body);
        assertThat(response.status()).as("PUT %s: %s", path, response).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------------ orders

    /** Places a card order of {@code qty} × A paid by {@code intent}; checks its status in the 201. */
    private static String placeCard(Api api, String customerId, String intent, int qty, String expectedStatus) {
        Api.Response placed = api.post(WEB, "/v1/orders", cardOrder(customerId, intent, qty).toString());
        assertThat(placed.status()).as("place %s: %s", intent, placed).isEqualTo(201);
        assertThat(placed.json().path("status").asText()).as("status of the order paid by %s", intent)
                .isEqualTo(expectedStatus);
        return placed.json().path("orderId").asText();
    }

    private static void capture(Api api, String orderId) {
        Api.Response capture = api.post(ADMIN, "/v1/orders/" + orderId + "/capture", "");
        assertThat(capture.status()).as("capture %s: %s", orderId, capture).isEqualTo(200);
    }

    private static JsonNode order(Api api, String orderId) {
        Api.Response shown = api.get(AUDITOR, "/v1/orders/" + orderId);
        assertThat(shown.status()).as("order %s: %s", orderId, shown).isEqualTo(200);
        return shown.json();
    }

    /** The order once {@code condition} holds, read every 20 ms for at most {@link #AWAIT}. */
    private static JsonNode awaitOrder(Api api, String orderId, String what, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        JsonNode order = order(api, orderId);
        while (!condition.test(order)) {
            assertThat(System.nanoTime() < deadline).as("order %s %s within %s; last seen %s", orderId, what, AWAIT,
                    order).isTrue();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            order = order(api, orderId);
        }
        return order;
    }

    private static void awaitCaptured(Api api, String orderId, long amountMinor) {
        JsonNode captured = awaitOrder(api, orderId, "is captured",
                o -> o.path("payment").path("status").asText().equals("CAPTURED"));
        assertThat(captured.path("payment").path("captured").toString()).as("captured on %s", orderId)
                .isEqualTo("{\"amountMinor\":" + amountMinor + ",\"currency\":\"SGD\"}");
    }

    // ------------------------------------------------------------------------------------------------ payments

    /** Order id → idempotency key of its outstanding CAPTURE action, as {@code GET /v1/payments/actions} lists it. */
    private static Map<String, String> outstandingCaptureKeys(Api api) {
        Api.Response page = api.get(ADMIN, "/v1/payments/actions");
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        Map<String, String> keys = new TreeMap<>();
        for (JsonNode action : page.json().path("actions")) {
            assertThat(action.path("kind").asText()).as("outstanding %s", action).isEqualTo("CAPTURE");
            keys.put(action.path("orderId").asText(), action.path("idempotencyKey").asText());
        }
        return keys;
    }

    private static int outstanding(Api api) {
        Api.Response page = api.get(ADMIN, "/v1/payments/actions");
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        assertThat(page.json().path("actions")).as("outstanding actions listed").isEmpty();
        return page.json().path("outstanding").asInt();
    }

    /**
     * Before the kill and after the restart, under the key listed for the outstanding action followed by the intent's
     * id (Stripe's keys are per account: QA-258).
     */
    private void assertCaptureAttempts(String intent, String listedKey, String orderId) {
        List<FakeStripe.Seen> attempts = stripe.requests("POST", capturePath(intent));
        assertThat(attempts).as("capture attempts for %s", intent).hasSize(2);
        assertThat(attempts).as("Idempotency-Key of every capture attempt for %s", intent)
                .extracting(FakeStripe.Seen::idempotencyKey).containsOnly(listedKey + "_" + intent);
        assertThat(listedKey).startsWith("ordo_" + orderId + "_");
        assertThat(attempts).extracting(s -> s.form().get("amount_to_capture"))
                .containsOnly(String.valueOf(stripe.intent(intent).amount));
    }

    private Map<String, Integer> requestCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        stripe.requests().forEach(s -> counts.merge(s.method() + " " + s.path(), 1, Integer::sum));
        return counts;
    }

    private static String capturePath(String intent) {
        return INTENTS + intent + "/capture";
    }

    private static String authorizedEvent(String eventId, String intent, long amountMinor) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"payment_intent.amount_capturable_updated\","
                + "\"data\":{\"object\":{\"id\":\"" + intent + "\",\"amount_capturable\":" + amountMinor
                + ",\"currency\":\"sgd\"}}}";
    }

    /** As Stripe sends it: no API key, the body signed now with the configured secret. */
    private Api.Response deliverWebhook(int port, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/webhooks/payments/stripe"))
                .timeout(Api.REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(WebhookSignature.HEADER,
                        WebhookSignature.header(WEBHOOK_SECRET, System.currentTimeMillis() / 1000, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            HttpResponse<String> response = webhooks.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Api.Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
