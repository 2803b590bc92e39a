package ordo.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.APP;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.InProcessOrdo.line;
import static ordo.gateway.e2e.InProcessOrdo.reserveBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad request answers its documented status with a stable {@code code} in an
 * {@code application/problem+json} body, and leaves the state exactly as it was (same state hash before and after).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadInputTest {

    private static final String RESERVATIONS = "/v1/reservations";

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;
    /** A reservation of channel web that exists before each bad request. */
    private String webReservationId;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("wh-1");
        ordo.stockedSku("A", "wh-1", 10);
        Api.Response held = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-1", "[" + line("A", 2) + "]"));
        assertThat(held.status()).as("setup reservation: %s", held).isEqualTo(201);
        webReservationId = held.json().path("reservationId").asText();
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    /**
     * The probes read no query, so they ignore one whatever it holds: a liveness probe answered 400 for
     * {@code ?x=%ZZ} (found in QA). The routes that read a query still check its encoding.
     */
    @Test
    void theProbesIgnoreAQueryThatIsNotValidPercentEncoding() throws Exception {
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            for (String path : new String[] {"/health?x=%ZZ", "/ready?x=%ZZ", "/metrics?%", "/health?%"}) {
                assertThat(raw.exchange("GET", path, null, null).status()).as(path).isEqualTo(200);
            }
            RawConnection.Response strict = raw.exchange("GET", "/v1/orders?x=%ZZ", WEB, null);
            assertThat(strict.status()).as("%s", strict).isEqualTo(400);
            assertThat(Api.JSON.readTree(strict.body()).path("code").asText()).isEqualTo("INVALID_REQUEST");
        }
    }

    @Test
    void malformedJsonIsRejected() {
        assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS, "{\"channel\":\"web\",\"lines\":["),
                400, "MALFORMED_JSON");
    }

    /**
     * JSON in UTF-16 or UTF-32 (parseable, and so a second spelling of one request) is refused: UTF-8 only. Labelled
     * with its charset it is refused 415 before it is read; unlabelled, the parser finds it out (400).
     */
    @Test
    void aBodyInAnotherEncodingThanUtf8IsRejected() {
        final String body = reserveBody("web", "c-2", "[" + line("A", 1) + "]");
        for (java.nio.charset.Charset charset : new java.nio.charset.Charset[] {StandardCharsets.UTF_16BE,
                StandardCharsets.UTF_16LE, StandardCharsets.UTF_16, java.nio.charset.Charset.forName("UTF-32")}) {
            Api.Response unlabelled = assertRejectedWithoutStateChange(() -> ordo.api.send(WEB, "POST", RESERVATIONS,
                    "application/json", body.getBytes(charset)), 400, "MALFORMED_JSON");
            assertThat(unlabelled.json().path("detail").asText()).as(charset.name()).contains("must be UTF-8");
            Api.Response labelled = assertRejectedWithoutStateChange(() -> ordo.api.send(WEB, "POST", RESERVATIONS,
                    "application/json; charset=" + charset.name(), body.getBytes(charset)), 415,
                    "UNSUPPORTED_MEDIA_TYPE");
            assertThat(labelled.json().path("detail").asText()).as(charset.name()).contains("must be UTF-8");
        }
        assertThat(ordo.api.send(WEB, "POST", RESERVATIONS, "application/json", body.getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(201);
    }

    @Test
    void aSecondJsonValueAfterTheBodyIsRejected() {
        final String body = reserveBody("web", "c-2", "[" + line("A", 1) + "]");
        Api.Response second = assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS,
                body + "{\"channel\":\"evil\"}"), 400, "MALFORMED_JSON");
        assertThat(second.json().path("detail").asText()).as("no parser internals")
                .doesNotContain("`").doesNotContain("fasterxml");
        assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS, body + "x"), 400, "MALFORMED_JSON");
        Api.Response huge = ordo.api.post(WEB, RESERVATIONS,
                "{\"channel\":\"web\",\"customerId\":\"c-2\",\"ttlSeconds\":1e400,\"lines\":[" + line("A", 1) + "]}");
        assertThat(huge.status()).as(huge.body()).isEqualTo(400);
        assertThat(huge.json().path("detail").asText()).as(huge.body()).doesNotContain("`").doesNotContain("enable");
        Api.Response nan = ordo.api.post(WEB, RESERVATIONS,
                "{\"channel\":\"web\",\"customerId\":\"c-2\",\"ttlSeconds\":NaN,\"lines\":[" + line("A", 1) + "]}");
        assertThat(nan.status()).as(nan.body()).isEqualTo(400);
        assertThat(nan.json().path("detail").asText()).as(nan.body()).doesNotContain("`").doesNotContain("enable");
    }

    /** A member sent twice is named, at its place in the body, as any refused member is (QA-235: no field). */
    @Test
    void aMemberSentTwiceIsNamed() {
        Api.Response top = assertRejectedWithoutStateChange(() -> ordo.api.put(ADMIN, "/v1/skus/A",
                "{\"name\":\"x\",\"name\":\"y\"}"), 400, "MALFORMED_JSON");
        assertThat(top.json().path("field").asText()).isEqualTo("name");
        Api.Response nested = assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS,
                "{\"channel\":\"web\",\"customerId\":\"c-2\",\"lines\":[{\"sku\":\"A\",\"qty\":1},"
                + "{\"sku\":\"A\",\"qty\":1,\"qty\":2}]}"), 400, "MALFORMED_JSON");
        assertThat(nested.json().path("field").asText()).isEqualTo("lines[1].qty");
        assertThat(nested.json().path("detail").asText()).contains("Duplicate field 'qty'");
    }

    /**
     * A hold's release is its path: a body, if any, is {@code {}} (QA-235: "{" and {"x":1} released the hold, where
     * capture and retry refuse them).
     */
    @Test
    void aReleaseWithABodyOtherThanAnEmptyObjectIsRefused() {
        String path = RESERVATIONS + "/" + webReservationId;
        assertRejectedWithoutStateChange(() -> ordo.api.send(WEB, "DELETE", path, "application/json",
                "{".getBytes(StandardCharsets.UTF_8)), 400, "MALFORMED_JSON");
        Api.Response unknown = assertRejectedWithoutStateChange(() -> ordo.api.send(WEB, "DELETE", path,
                "application/json", "{\"x\":1}".getBytes(StandardCharsets.UTF_8)), 400, "INVALID_REQUEST");
        assertThat(unknown.json().path("field").asText()).isEqualTo("x");
        assertThat(ordo.api.get(WEB, path).json().path("status").asText()).isEqualTo("HELD");
        Api.Response released = ordo.api.send(WEB, "DELETE", path, "application/json",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(released.status()).as("%s", released).isEqualTo(200);
        assertThat(released.json().path("status").asText()).isEqualTo("RELEASED");
    }

    @Test
    void zeroQuantityIsRejected() {
        assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS,
                reserveBody("web", "c-2", "[" + line("A", 0) + "]")), 400, "INVALID_REQUEST");
    }

    @Test
    void negativeQuantityIsRejected() {
        assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS,
                reserveBody("web", "c-2", "[" + line("A", -1) + "]")), 400, "INVALID_REQUEST");
    }

    @Test
    void unknownSkuIsRejected() {
        Api.Response response = assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS,
                reserveBody("web", "c-2", "[" + line("A", 1) + "," + line("NO-SUCH-SKU", 1) + "]")), 400, "UNKNOWN_SKU");
        assertThat(response.json().path("sku").asText()).isEqualTo("NO-SUCH-SKU");
        assertThat(response.json().path("line").asInt()).isEqualTo(1);
        assertThat(response.json().path("field").asText()).isEqualTo("lines[1].sku");
    }

    /** A SKU or location the path names that is not defined: the answer names it (it said only "SKU not found"). */
    @Test
    void aSkuOrLocationThePathNamesThatIsNotDefinedIsNamedInTheAnswer() {
        Api.Response sku = assertRejectedWithoutStateChange(() -> ordo.api.put(InProcessOrdo.ADMIN,
                "/v1/inventory/NOPE/wh-1", "{\"onHand\":1}"), 404, "SKU_NOT_FOUND");
        assertThat(sku.json().path("sku").asText()).isEqualTo("NOPE");
        assertThat(sku.json().path("detail").asText()).isEqualTo("no SKU NOPE is defined");

        Api.Response location = assertRejectedWithoutStateChange(() -> ordo.api.put(InProcessOrdo.ADMIN,
                "/v1/inventory/A/wh-nope", "{\"onHand\":1}"), 404, "LOCATION_NOT_FOUND");
        assertThat(location.json().path("locationId").asText()).isEqualTo("wh-nope");
        assertThat(location.json().path("detail").asText()).isEqualTo("no location wh-nope is defined");

        assertThat(assertRejectedWithoutStateChange(() -> ordo.api.get(InProcessOrdo.AUDITOR, "/v1/inventory/NOPE"),
                404, "SKU_NOT_FOUND").json().path("sku").asText()).isEqualTo("NOPE");
        assertThat(assertRejectedWithoutStateChange(() -> ordo.api.get(InProcessOrdo.AUDITOR, "/v1/locations/x-1"),
                404, "LOCATION_NOT_FOUND").json().path("locationId").asText()).isEqualTo("x-1");
    }

    /**
     * An id of {@code .} or {@code ..} in a path is refused, naming the field: valid ids by the rule, but clients and
     * proxies remove such segments (RFC 3986 §5.2.4), so {@code PUT /v1/skus/%2e%2e} defined a SKU that
     * {@code GET /v1/skus/..} never reached (QA-209).
     */
    @Test
    void aDotOrDotDotIdInAPathIsRefused() {
        for (String dots : List.of("%2e%2e", "%2E", ".%2e")) {
            Api.Response sku = assertRejectedWithoutStateChange(() -> ordo.api.put(InProcessOrdo.ADMIN,
                    "/v1/skus/" + dots, "{\"name\":\"dots\"}"), 400, "INVALID_REQUEST");
            assertThat(sku.json().path("field").asText()).isEqualTo("sku");
            assertThat(sku.json().path("detail").asText()).contains("may not be . or ..");
            assertThat(assertRejectedWithoutStateChange(() -> ordo.api.put(InProcessOrdo.ADMIN,
                    "/v1/inventory/A/" + dots, "{\"onHand\":1}"), 400, "INVALID_REQUEST").json().path("field")
                    .asText()).isEqualTo("locationId");
        }
        assertThat(ordo.api.put(InProcessOrdo.ADMIN, "/v1/skus/a..b", "{\"name\":\"dots inside\"}").status())
                .as("dots within an id are fine").isEqualTo(200);
    }

    /**
     * Nor in a body or a query: a channel {@code ..} took orders and holds but could never be defined, so never have a
     * pool or a name (QA-216).
     */
    @Test
    void aDotOrDotDotIdInABodyOrAQueryIsRefused() {
        for (String dots : List.of(".", "..")) {
            Api.Response hold = assertRejectedWithoutStateChange(() -> ordo.api.post(InProcessOrdo.ADMIN, RESERVATIONS,
                    "{\"channel\":\"" + dots + "\",\"customerId\":\"c-2\",\"lines\":[" + line("A", 1) + "]}"),
                    400, "INVALID_REQUEST");
            assertThat(hold.json().path("field").asText()).isEqualTo("channel");
            assertThat(hold.json().path("detail").asText()).contains("may not be . or ..");
            Api.Response line = assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS,
                    "{\"channel\":\"web\",\"customerId\":\"c-2\",\"lines\":[" + line(dots, 1) + "]}"),
                    400, "INVALID_REQUEST");
            assertThat(line.json().path("field").asText()).isEqualTo("lines[0].sku");
            Api.Response query = ordo.api.get(InProcessOrdo.ADMIN, "/v1/inventory/A?channel=" + dots);
            assertThat(query.status()).isEqualTo(400);
            assertThat(query.json().path("field").asText()).isEqualTo("channel");
        }
    }

    @Test
    void unknownFieldIsRejected() {
        Api.Response response = assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS,
                "{\"channel\":\"web\",\"customerId\":\"c-2\",\"lines\":[" + line("A", 1) + "],\"priority\":true}"),
                400, "INVALID_REQUEST");
        assertThat(response.json().path("field").asText()).isEqualTo("priority");
    }

    @Test
    void oneMebibyteBodyIsTooLarge() {
        byte[] body = new byte[1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        assertRejectedWithoutStateChange(() -> ordo.api.send(WEB, "POST", RESERVATIONS, "application/json", body),
                413, "BODY_TOO_LARGE");
    }

    @Test
    void missingAuthorizationIsUnauthorized() {
        Api.Response response = assertRejectedWithoutStateChange(() -> ordo.api.post(null, RESERVATIONS,
                reserveBody("web", "c-2", "[" + line("A", 1) + "]")), 401, "UNAUTHORIZED");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void wrongKeyIsUnauthorized() {
        assertRejectedWithoutStateChange(() -> ordo.api.post("not-a-configured-key", RESERVATIONS,
                reserveBody("web", "c-2", "[" + line("A", 1) + "]")), 401, "UNAUTHORIZED");
    }

    @Test
    void skuAndLocationNamesWithControlCharactersAreRejectedLikeChannelNames() {
        Api.Response sku = assertRejectedWithoutStateChange(() -> ordo.api.put(ADMIN, "/v1/skus/A",
                "{\"name\":\"Earbuds\\u0007\\n\",\"weightGrams\":250}"), 400, "INVALID_REQUEST");
        assertThat(sku.json().path("field").asText()).isEqualTo("name");
        Api.Response location = assertRejectedWithoutStateChange(() -> ordo.api.put(ADMIN, "/v1/locations/wh-1",
                "{\"type\":\"WAREHOUSE\",\"name\":\"Tuas\\u0000DC\",\"lat\":1.3294,\"lon\":103.6367}"), 400,
                "INVALID_REQUEST");
        assertThat(location.json().path("field").asText()).isEqualTo("name");
        assertRejectedWithoutStateChange(() -> ordo.api.put(ADMIN, "/v1/channels/web",
                "{\"kind\":\"WEB\",\"name\":\"Web\\u0007\"}"), 400, "INVALID_REQUEST");
    }

    /** A location's country and handling currency are ISO codes, not only of their shape (XX and XXQ were taken). */
    @Test
    void aLocationsCountryAndCurrencyMustBeIsoCodes() {
        String location = "{\"type\":\"WAREHOUSE\",\"lat\":1.3294,\"lon\":103.6367,\"countryCode\":\"%s\","
                + "\"handlingCost\":{\"amountMinor\":250,\"currency\":\"%s\"}}";
        Api.Response country = assertRejectedWithoutStateChange(() -> ordo.api.put(ADMIN, "/v1/locations/wh-2",
                String.format(location, "XX", "SGD")), 400, "INVALID_REQUEST");
        assertThat(country.json().path("field").asText()).isEqualTo("countryCode");
        assertThat(country.json().path("detail").asText())
                .isEqualTo("countryCode: must be an ISO 3166-1 alpha-2 code such as SG");
        Api.Response currency = assertRejectedWithoutStateChange(() -> ordo.api.put(ADMIN, "/v1/locations/wh-2",
                String.format(location, "SG", "XXQ")), 400, "INVALID_REQUEST");
        assertThat(currency.json().path("field").asText()).isEqualTo("handlingCost.currency");
        assertThat(currency.json().path("detail").asText())
                .isEqualTo("handlingCost.currency: must be an ISO 4217 code such as EUR");
        assertThat(ordo.api.put(ADMIN, "/v1/locations/wh-2", String.format(location, "MY", "MYR")).status())
                .isEqualTo(200);
    }

    /** A capability listed twice is refused naming it, as a country twice in shipsTo is (it was taken once: QA-258). */
    @Test
    void aCapabilityListedTwiceIsRefused() {
        Api.Response twice = assertRejectedWithoutStateChange(() -> ordo.api.put(ADMIN, "/v1/locations/wh-2",
                "{\"type\":\"WAREHOUSE\",\"lat\":1.3294,\"lon\":103.6367,\"countryCode\":\"SG\","
                + "\"capabilities\":[\"SHIP\",\"PICKUP\",\"SHIP\"]}"), 400, "INVALID_REQUEST");
        assertThat(twice.json().path("field").asText()).isEqualTo("capabilities[2]");
        assertThat(twice.json().path("detail").asText()).isEqualTo("capabilities[2]: names SHIP a second time");
    }

    /**
     * SHIP_FROM_STORE on a warehouse or a DC is refused naming it: one with it alone was taken and could never ship,
     * its stock stranded (QA-272). A store takes it, and a warehouse SHIP.
     */
    @Test
    void shipFromStoreIsAStoresCapabilityOnly() {
        for (String type : new String[] {"WAREHOUSE", "DC"}) {
            Api.Response refused = assertRejectedWithoutStateChange(() -> ordo.api.put(ADMIN, "/v1/locations/wh-2",
                    "{\"type\":\"" + type + "\",\"lat\":1.3294,\"lon\":103.6367,\"countryCode\":\"SG\","
                    + "\"capabilities\":[\"PICKUP\",\"SHIP_FROM_STORE\"]}"), 400, "INVALID_REQUEST");
            assertThat(refused.json().path("field").asText()).isEqualTo("capabilities[1]");
            assertThat(refused.json().path("detail").asText()).isEqualTo("capabilities[1]: SHIP_FROM_STORE is a "
                    + "store's capability: a " + type + " ships with SHIP");
        }
        assertThat(ordo.api.put(ADMIN, "/v1/locations/st-2", "{\"type\":\"STORE\",\"lat\":1.3294,\"lon\":103.6367,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\",\"SHIP_FROM_STORE\"]}").status()).isEqualTo(200);
    }

    /** 255 pools of 64-character SKUs are within every body limit but past a command slot: a 400, not a 500. */
    @Test
    void aChannelWithMorePoolsThanACommandHoldsIsRejectedNamingPools() {
        StringBuilder body = new StringBuilder("{\"kind\":\"MARKETPLACE\",\"pools\":[");
        for (int i = 0; i < 255; i++) {
            String sku = String.format("%064d", i);
            assertThat(ordo.api.put(ADMIN, "/v1/skus/" + sku, "{\"name\":\"s\"}").status()).isIn(200, 201);
            body.append(i == 0 ? "" : ",").append("{\"sku\":\"").append(sku).append("\",\"shareOfAtp\":0.5}");
        }
        body.append("]}");
        Api.Response refused = assertRejectedWithoutStateChange(
                () -> ordo.api.put(ADMIN, "/v1/channels/market", body.toString()), 400, "INVALID_REQUEST");
        assertThat(refused.json().path("field").asText()).isEqualTo("pools");
        assertThat(refused.json().path("detail").asText()).contains("more than a command holds");
    }

    @Test
    void saleTimesBeyondWhatRfc3339WritesAreRejectedNamingTheField() {
        for (String time : new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "-1000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            Api.Response sku = assertRejectedWithoutStateChange(() -> ordo.api.put(ADMIN, "/v1/skus/A",
                    "{\"name\":\"Earbuds\",\"saleStartsAt\":\"" + time + "\"}"), 400, "INVALID_REQUEST");
            assertThat(sku.json().path("field").asText()).as(time).isEqualTo("saleStartsAt");
        }
        Api.Response last = ordo.api.put(ADMIN, "/v1/skus/LAST",
                "{\"name\":\"Earbuds\",\"saleEndsAt\":\"9999-12-31T23:59:59.999Z\"}");
        assertThat(last.status()).as(last.body()).isIn(200, 201);
    }

    /**
     * A sale that ends before it starts is the engine's INVALID_SALE_WINDOW at the gateway too (was INVALID_REQUEST;
     * QA). Times are read in whole milliseconds, a finer fraction rounded up as an order list's bounds are (it was
     * truncated: a sale opened up to a millisecond before the time written; QA-258), so two within one millisecond
     * are no window.
     */
    @Test
    void aSaleWindowEndingBeforeItStartsIsAnInvalidSaleWindowNamingTheField() {
        String[][] windows = {{"2026-01-01T00:00:00Z", "2025-12-31T23:59:59.999Z", "must be after saleStartsAt"},
            {"2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "must be after saleStartsAt, by a millisecond at least"},
            {"2026-01-01T00:00:00.0001Z", "2026-01-01T00:00:00.0009Z",
                "must be after saleStartsAt, by a millisecond at least"}};
        for (String[] window : windows) {
            Api.Response sku = assertRejectedWithoutStateChange(() -> ordo.api.put(ADMIN, "/v1/skus/A",
                    "{\"name\":\"Earbuds\",\"saleStartsAt\":\"" + window[0] + "\",\"saleEndsAt\":\"" + window[1]
                    + "\"}"), 400, "INVALID_SALE_WINDOW");
            assertThat(sku.json().path("field").asText()).isEqualTo("saleEndsAt");
            assertThat(sku.json().path("detail").asText()).isEqualTo("saleEndsAt: " + window[2]);
        }
        Api.Response rounded = ordo.api.put(ADMIN, "/v1/skus/A",
                "{\"name\":\"Earbuds\",\"saleStartsAt\":\"2030-01-01T00:00:00.0001Z\"}");
        assertThat(rounded.json().path("saleStartsAt").asText()).as("%s", rounded)
                .isEqualTo("2030-01-01T00:00:00.001Z");
    }

    @Test
    void storefrontMayNotDefineSkus() {
        assertRejectedWithoutStateChange(() -> ordo.api.put(WEB, "/v1/skus/A", "{\"name\":\"renamed\"}"),
                403, "FORBIDDEN");
    }

    @Test
    void storefrontMayNotReserveForAnotherChannel() {
        assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS,
                reserveBody("app", "c-2", "[" + line("A", 1) + "]")), 403, "FORBIDDEN");
    }

    @Test
    void anotherStorefrontsReservationIsNotFound() {
        assertRejectedWithoutStateChange(() -> ordo.api.get(APP, "/v1/reservations/" + webReservationId),
                404, "RESERVATION_NOT_FOUND");
        assertRejectedWithoutStateChange(() -> ordo.api.delete(APP, "/v1/reservations/" + webReservationId),
                404, "RESERVATION_NOT_FOUND");
        // Still held for its owner: the failed release by the other storefront did not touch it.
        Api.Response own = ordo.api.get(WEB, "/v1/reservations/" + webReservationId);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("status").asText()).isEqualTo("HELD");
    }

    @Test
    void badReservationIdIsNotFound() {
        assertRejectedWithoutStateChange(() -> ordo.api.get(WEB, "/v1/reservations/res_nope"), 404, "NOT_FOUND");
        assertRejectedWithoutStateChange(() -> ordo.api.delete(WEB, "/v1/reservations/nope"), 404, "NOT_FOUND");
        // Well-formed, but no reservation has that id.
        assertRejectedWithoutStateChange(() -> ordo.api.get(WEB, "/v1/reservations/res_0000000000000000"),
                404, "RESERVATION_NOT_FOUND");
    }

    @Test
    void everyWellFormedReservationIdThatNamesNoReservationIsReservationNotFound() {
        // res_ + 16 lowercase hex digits is a reservation id (OpenAPI ReservationId); about half of them decode to
        // no possible counter, and those answered the generic NOT_FOUND of "not a reservation id at all".
        for (String id : new String[] {"res_0000000000000000", "res_8000000000000000", "res_7fffffffffffffff",
                "res_0000000000000001"}) {
            assertRejectedWithoutStateChange(() -> ordo.api.get(WEB, "/v1/reservations/" + id), 404,
                    "RESERVATION_NOT_FOUND");
            assertRejectedWithoutStateChange(() -> ordo.api.delete(WEB, "/v1/reservations/" + id), 404,
                    "RESERVATION_NOT_FOUND");
        }
    }

    /** As for orders: a bad Idempotency-Key is a 400 whichever unused reservation the path names. */
    @Test
    void aBadIdempotencyKeyIsRefusedAsSuchWhicheverUnusedReservationThePathNames() {
        // res_0000000000000000 decodes to a counter no reservation has; res_8000000000000000 decodes to none.
        for (String id : new String[] {"res_0000000000000000", "res_8000000000000000", "nope"}) {
            Api.Response response = assertRejectedWithoutStateChange(() -> ordo.api.delete(WEB,
                    "/v1/reservations/" + id, "k".repeat(256)), 400, "INVALID_REQUEST");
            assertThat(response.json().path("field").asText()).isEqualTo("Idempotency-Key");
        }
    }

    /** As for orders (QA-258): a key used on another request answers 422 whichever unused reservation the path names. */
    @Test
    void aKeyUsedOnAnotherRequestIsRefusedWhicheverUnusedReservationThePathNames() {
        assertThat(ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-2", "[" + line("A", 1) + "]"), "k-hold")
                .status()).isEqualTo(201);
        // res_0000000000000000 decodes to a counter no reservation has; res_8000000000000000 decodes to none.
        for (String id : new String[] {"res_0000000000000000", "res_8000000000000000"}) {
            assertRejectedWithoutStateChange(() -> ordo.api.delete(WEB, "/v1/reservations/" + id, "k-hold"), 422,
                    "IDEMPOTENCY_KEY_REUSED");
            assertRejectedWithoutStateChange(() -> ordo.api.delete(WEB, "/v1/reservations/" + id, "k-fresh"), 404,
                    "RESERVATION_NOT_FOUND");
        }
        assertRejectedWithoutStateChange(() -> ordo.api.delete(WEB, "/v1/reservations/nope", "k-hold"), 404,
                "NOT_FOUND");
    }

    @Test
    void negativeTtlIsRejected() {
        Api.Response response = assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS,
                "{\"channel\":\"web\",\"customerId\":\"c-2\",\"ttlSeconds\":-5,\"lines\":[" + line("A", 1) + "]}"),
                400, "INVALID_REQUEST");
        assertThat(response.json().path("field").asText()).isEqualTo("ttlSeconds");
    }

    @Test
    void moreThanSixtyFourLinesAreRejected() {
        StringJoiner lines = new StringJoiner(",", "[", "]");
        for (int i = 0; i < 65; i++) {
            lines.add(line("SKU-" + i, 1));
        }
        Api.Response response = assertRejectedWithoutStateChange(() -> ordo.api.post(WEB, RESERVATIONS,
                reserveBody("web", "c-2", lines.toString())), 400, "INVALID_REQUEST");
        assertThat(response.json().path("field").asText()).isEqualTo("lines");
    }

    @Test
    void wrongContentTypeIsUnsupported() {
        byte[] body = reserveBody("web", "c-2", "[" + line("A", 1) + "]").getBytes(StandardCharsets.UTF_8);
        assertRejectedWithoutStateChange(() -> ordo.api.send(WEB, "POST", RESERVATIONS, "text/plain", body),
                415, "UNSUPPORTED_MEDIA_TYPE");
    }

    /**
     * A body said to be in another charset, or in a content coding, is refused 415 and changes nothing: both were
     * read as plain UTF-8 JSON (found in QA).
     */
    @Test
    void aBodyInAnotherCharsetOrAContentCodingIsUnsupported() throws Exception {
        String json = reserveBody("web", "c-2", "[" + line("A", 1) + "]");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        assertRejectedWithoutStateChange(() -> ordo.api.send(WEB, "POST", RESERVATIONS,
                "application/json; charset=utf-16", body), 415, "UNSUPPORTED_MEDIA_TYPE");
        String before = ordo.api.stateHash(AUDITOR);
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            String head = "POST " + RESERVATIONS + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + WEB
                    + "\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
                    + body.length + "\r\n\r\n";
            raw.write((head + json).getBytes(StandardCharsets.UTF_8));
            RawConnection.Response response = raw.read();
            assertThat(response.status()).as("%s", response).isEqualTo(415);
            assertThat(Api.JSON.readTree(response.body()).path("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
            assertThat(response.header("Accept-Encoding")).isEqualTo("identity");
        }
        assertThat(ordo.api.stateHash(AUDITOR)).isEqualTo(before);
    }

    @Test
    void auditorMayNotReserve() {
        assertRejectedWithoutStateChange(() -> ordo.api.post(AUDITOR, RESERVATIONS,
                reserveBody("web", "c-2", "[" + line("A", 1) + "]")), 403, "FORBIDDEN");
        assertThat(ordo.inventory("A").path("network").path("reserved").asLong()).isEqualTo(2);
        assertThat(ordo.api.get(ADMIN, "/ready").status()).isEqualTo(200);
    }

    private Api.Response assertRejectedWithoutStateChange(Supplier<Api.Response> call, int status, String code) {
        return ordo.refusedWithoutChange(call, status, code);
    }
}
