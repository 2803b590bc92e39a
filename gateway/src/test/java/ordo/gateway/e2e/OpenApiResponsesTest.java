package ordo.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.engine.Codes;
import ordo.engine.CommandType;
import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Role;
import ordo.gateway.payments.FakeStripe;
import ordo.gateway.payments.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer of a tour of the whole API matches the schema {@code docs/openapi.yaml} documents for its operation,
 * status and content type ({@link DocumentedResponses}); and the tour reaches every operation of the document with a
 * success at least, so a route added to the document cannot go unchecked. The server is a whole in-process Ordo with
 * its payment adapter on, Stripe being a {@link FakeStripe} on loopback (Stripe's test mode, as it were), and signed
 * webhooks for {@code stripe}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenApiResponsesTest {

    /**
     * Operations the tour need not reach, each with why. Keep it short: a new operation belongs in the tour.
     * (Empty: every operation, the provider webhooks included, can be driven in-process.)
     */
    private static final Map<String, String> NOT_TOURED = Map.of();

    /** A key of a role no operation admits yet: every operation with a key answers it 403. */
    static final String CARRIER = "e2e-carrier-key";
    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");
    private static final Map<String, String> PROBLEM = Map.of("content-type", "application/problem+json");

    @TempDir
    Path tmp;

    private final DocumentedResponses contract = DocumentedResponses.load();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private FakeStripe stripe;
    private InProcessOrdo ordo;

    @AfterEach
    void stop() {
        try {
            if (ordo != null) {
                ordo.close();
            }
        } finally {
            if (stripe != null) {
                stripe.close();
            }
        }
        PaymentFixture.assertNoPaymentThreadsLeft();
    }

    @Test
    void everyAnswerOfTheTourIsAsDocumentedAndEveryOperationIsToured() {
        stripe = FakeStripe.start();
        List<ApiKey> keys = new ArrayList<>(InProcessOrdo.KEYS);
        keys.add(new ApiKey("carrier", CARRIER, Role.CARRIER, Set.of(), Set.of(), "dhl"));
        ordo = InProcessOrdo.start(PaymentFixture.config(tmp.resolve("data"), stripe, true).withApiKeys(keys));

        OpenApiTour tour = new OpenApiTour(this);
        tour.operations();
        tour.catalog();
        tour.stock();
        tour.reservations();
        tour.orders();
        tour.fraud();
        OpenApiPaymentTour payments = tour.payments();
        payments.payments();
        payments.webhooks();
        payments.bodiesTheGatewayRefuses();
        payments.everyOperationsRefusals(contract);

        assertThat(contract.mismatches()).as("answers that differ from docs/openapi.yaml (operation status: "
                + "pointer: message)").isEmpty();
        SortedSet<String> untoured = new TreeSet<>();
        for (String id : contract.operationIds()) {
            boolean succeeded = contract.answered().getOrDefault(id, new TreeSet<>()).stream()
                    .anyMatch(s -> s >= 200 && s < 300);
            if (!succeeded && !NOT_TOURED.containsKey(id)) {
                untoured.add(id);
            }
        }
        assertThat(untoured).as("operations the tour never answered with a success (add them to OpenApiTour); "
                + "answered: %s", contract.answered()).isEmpty();
        assertThat(NOT_TOURED.keySet()).as("exclusions naming no operation").isSubsetOf(contract.operationIds());
    }

    /**
     * The engine's enums that answers carry are the document's, value for value: the tour meets only the values its
     * orders reach, and a generated client breaks on any other (a status added to the engine and not listed).
     */
    @Test
    void everyEngineEnumAnAnswerCarriesIsTheDocumentsEnum() {
        Map<String, Class<? extends Enum<?>>> enums = new LinkedHashMap<>();
        enums.put("/components/schemas/OrderStatus", Codes.OrderStatus.class);
        enums.put("/components/schemas/ReservationStatus", Codes.ReservationStatus.class);
        enums.put("/components/schemas/PaymentStatus", Codes.PaymentStatus.class);
        enums.put("/components/schemas/SourcingReason", Codes.SourcingReason.class);
        enums.put("/components/schemas/OrderEventType", Codes.OrderEventType.class);
        enums.put("/components/schemas/FraudDecision", Codes.FraudDecision.class);
        enums.put("/components/schemas/FraudReason", Codes.FraudReason.class);
        enums.put("/components/schemas/LocationType", Codes.LocationType.class);
        enums.put("/components/schemas/ChannelKind", Codes.ChannelKind.class);
        enums.put("/components/schemas/DeliveryMethod", Codes.DeliveryMethod.class);
        enums.put("/components/schemas/ServiceLevel", Codes.ServiceLevel.class);
        enums.put("/components/schemas/PaymentActions/properties/actions/items/properties/kind",
                Codes.PaymentActionKind.class);
        enums.forEach((pointer, type) -> assertThat(contract.enumAt(pointer)).as(pointer)
                .containsExactly(Arrays.stream(type.getEnumConstants()).map(Enum::name)
                        .toArray(String[]::new)));

        List<String> triggers = new ArrayList<>(List.of("ENGINE_TIME"));
        for (CommandType type : CommandType.values()) {
            if (type.isJournaled()) {
                triggers.add(type.name());
            }
        }
        assertThat(contract.enumAt("/components/schemas/SourcingFill/properties/trigger"))
                .as("a fill's trigger: ENGINE_TIME or a journaled command").containsExactlyElementsOf(triggers);
    }

    /** The checker itself: a body off its schema is named with the operation, status, pointer and message. */
    @Test
    void anAnswerOffItsSchemaIsNamedWithOperationStatusPointerAndMessage() {
        List<String> wrongType = contract.check("GET", "/v1/journal/state-hash", 200, JSON,
                "{\"sequence\":\"7\",\"stateHash\":\"00000000000000ff\"}");
        assertThat(wrongType).singleElement().asString()
                .startsWith("getStateHash (GET /v1/journal/state-hash) 200: /sequence: ").contains("integer");

        List<String> undocumented = contract.check("GET", "/v1/journal/state-hash", 200, JSON,
                "{\"sequence\":7,\"stateHash\":\"00000000000000ff\",\"extra\":1}");
        assertThat(undocumented).singleElement().asString().contains("extra");

        assertThat(contract.check("GET", "/v1/journal/state-hash", 418, JSON, "{}"))
                .singleElement().asString().contains("418: status not documented");
        assertThat(contract.check("GET", "/v1/journal/state-hash", 200, PROBLEM, "{}"))
                .singleElement().asString().contains("content type application/problem+json");
        assertThat(contract.check("GET", "/v1/journal/state-hash", 200,
                Map.of("content-type", "application/json", "idempotent-replayed", "true"),
                "{\"sequence\":7,\"stateHash\":\"00000000000000ff\"}"))
                .as("a declared header where this response does not declare it").singleElement().asString()
                .contains("header idempotent-replayed: true sent, not documented");
        assertThat(contract.check("GET", "/v1/orders/ord_0000000000000001?x=1", 404, PROBLEM,
                "{\"type\":\"https://ordo.dev/problems/order-not-found\",\"title\":\"Order not found\","
                        + "\"status\":404,\"code\":\"ORDER_NOT_FOUND\",\"extra\":true}"))
                .as("a problem member the document does not name").singleElement().asString().contains("extra");
        assertThat(contract.check("GET", "/v1/journal/state-hash", 200, JSON,
                "{\"sequence\":7,\"stateHash\":\"00000000000000ff\"}")).isEmpty();
    }

    // ---- what the tour uses -------------------------------------------------------------------------------------

    FakeStripe stripe() {
        return stripe;
    }

    /** Sends a request, judges the answer against the document, and checks it has the status the tour meant. */
    Api.Response call(int expected, String key, String method, String path, String json, String... headers) {
        Api.Response response = send(key, method, path, json == null ? null : "application/json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), headers);
        judge(expected, method, path, response);
        return response;
    }

    /** As {@link #call} with any content type and bytes. */
    Api.Response callRaw(int expected, String key, String method, String path, String contentType, byte[] body,
            String... headers) {
        Api.Response response = send(key, method, path, contentType, body, headers);
        judge(expected, method, path, response);
        return response;
    }

    /** A signed Stripe event, as Stripe posts it (no API key). */
    Api.Response webhook(int expected, String provider, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        return callRaw(expected, null, "POST", "/v1/webhooks/payments/" + provider, "application/json", bytes,
                WebhookSignature.HEADER, WebhookSignature.header(secret, now, bytes));
    }

    /** GETs {@code path} as the auditor every 20 ms (each answer judged) until {@code condition} holds. */
    JsonNode await(String path, String what, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        JsonNode seen = call(200, AUDITOR, "GET", path, null).json();
        while (!condition.test(seen)) {
            assertThat(System.nanoTime() < deadline).as("%s %s within %s; last seen %s", path, what, AWAIT, seen)
                    .isTrue();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            seen = call(200, AUDITOR, "GET", path, null).json();
        }
        return seen;
    }

    private void judge(int expected, String method, String path, Api.Response response) {
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(", ", values)));
        contract.check(method, path, response.status(), headers, response.body());
        if (response.status() != expected) {
            contract.mismatch("tour: " + method + " " + path + " meant " + expected + ", answered " + response);
        }
    }

    private Api.Response send(String key, String method, String path, String contentType, byte[] body,
            String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ordo.port + path))
                .timeout(Api.REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(builder.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Api.Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
