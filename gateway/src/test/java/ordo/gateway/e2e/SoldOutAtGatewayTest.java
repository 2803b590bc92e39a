package ordo.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.APP;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.InProcessOrdo.line;
import static ordo.gateway.e2e.InProcessOrdo.reserveBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reservations refused as sold out by the event loop (http.soldOutAtGateway, on by default): the same answer as the
 * engine's, never a refusal the engine would not give now, and only for requests nothing else decides.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SoldOutAtGatewayTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String RESERVATIONS = "/v1/reservations";
    private static final String COUNTER = "ordo_reservations_sold_out_at_gateway_total";
    private static final String SOLD_OUT_S = "{\"type\":\"https://ordo.dev/problems/insufficient-stock\","
            + "\"title\":\"Insufficient stock\",\"status\":409,\"code\":\"INSUFFICIENT_STOCK\","
            + "\"detail\":\"only 0 of S available, 2 requested\",\"sku\":\"S\",\"available\":0,\"requested\":2,"
            + "\"line\":0}";

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    /** One SKU S with {@code units} at one warehouse, and channel web in use (one hold made and released). */
    private void startWithSoldOutSku(boolean soldOutAtGateway, int units) {
        ordo = InProcessOrdo.start(InProcessOrdo.config(tmp.resolve("data"))
                .withHttp(InProcessOrdo.config(tmp.resolve("data")).http().withPort(0).withBind("127.0.0.1")
                        .withSoldOutAtGateway(soldOutAtGateway)));
        ordo.defineLocation("wh-1");
        ordo.stockedSku("S", "wh-1", units);
        ordo.stockedSku("OTHER", "wh-1", 1_000_000);
        String hold = reserve(WEB, "web", "warm-up", "OTHER", 1).json().get("reservationId").asText();
        assertThat(ordo.api.delete(WEB, RESERVATIONS + "/" + hold).status()).isEqualTo(200);
    }

    @Test
    void theRefusalIsTheEnginesByteForByteAndIsNotJournaled() throws Exception {
        startWithSoldOutSku(true, 3);
        assertThat(reserve(WEB, "web", "c-1", "S", 3).status()).isEqualTo(201);
        String expected = "HTTP/1.1 409 Conflict\r\ncontent-type: application/problem+json\r\ncontent-length: "
                + SOLD_OUT_S.length() + "\r\n\r\n" + SOLD_OUT_S;

        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            // The gateway answers only when engine time is less than a second old: a stall of the test's thread
            // sends the request to the engine, which answers the same; so ask until the gateway has answered once.
            long journaled = -1;
            for (int attempt = 0; attempt < 5 && metric(COUNTER) == 0; attempt++) {
                assertThat(reserve(WEB, "web", "c-1", "OTHER", 1).status()).isEqualTo(201); // engine time now
                journaled = metric("ordo_journal_sequence");
                raw.write(raw.request("POST", RESERVATIONS, WEB, reserveBody("web", "c-2", "[" + line("S", 2) + "]")));
                assertThat(raw.readExactly()).isEqualTo(expected);
            }
            assertThat(metric(COUNTER)).isEqualTo(1);
            assertThat(metric("ordo_journal_sequence")).as("the refusal was not journaled").isEqualTo(journaled);

            // With an idempotency key the request goes to the engine, which remembers the refusal.
            raw.write(RawConnection.request(ordo.port, "POST", RESERVATIONS, WEB,
                    reserveBody("web", "c-2", "[" + line("S", 2) + "]"), "cart-9"));
            assertThat(raw.readExactly()).isEqualTo(expected);
            assertThat(metric(COUNTER)).isEqualTo(1);
            assertThat(metric("ordo_journal_sequence")).isEqualTo(journaled + 1);
        }
    }

    @Test
    void withTheSettingOffEveryRefusalGoesThroughTheJournal() {
        startWithSoldOutSku(false, 1);
        assertThat(reserve(WEB, "web", "c-1", "S", 1).status()).isEqualTo(201);
        long journaled = metric("ordo_journal_sequence");
        for (int i = 0; i < 5; i++) {
            Api.Response refused = reserve(WEB, "web", "c-2", "S", 2);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body()).isEqualTo(SOLD_OUT_S);
        }
        assertThat(metric(COUNTER)).isZero();
        assertThat(metric("ordo_journal_sequence")).isEqualTo(journaled + 5);
    }

    @Test
    void aReleaseAnsweredIsSeenByTheNextReservationOnAnyConnection() throws Exception {
        startWithSoldOutSku(true, 1);
        try (RawConnection a = new RawConnection(ordo.port, 10_000);
             RawConnection b = new RawConnection(ordo.port, 10_000)) {
            RawConnection holder = a;
            RawConnection other = b;
            for (int round = 0; round < 300; round++) {
                RawConnection.Response held = holder.exchange("POST", RESERVATIONS, WEB,
                        reserveBody("web", "c-" + round, "[" + line("S", 1) + "]"));
                assertThat(held.status()).as("round %d: %s", round, held).isEqualTo(201);
                assertThat(other.exchange("POST", RESERVATIONS, WEB,
                        reserveBody("web", "d-" + round, "[" + line("S", 1) + "]")).status()).isEqualTo(409);
                String id = JSON.readTree(held.body()).get("reservationId").asText();
                assertThat(holder.exchange("DELETE", RESERVATIONS + "/" + id, WEB, null).status()).isEqualTo(200);
                RawConnection swap = holder;
                holder = other;
                other = swap;
            }
        }
        // Each refusal came from the gateway unless engine time was a second old (a stall of this thread).
        assertThat(metric(COUNTER)).isPositive().isLessThanOrEqualTo(300);
    }

    @Test
    void aReservationPipelinedBehindARelease() throws Exception {
        startWithSoldOutSku(true, 1);
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            for (int round = 0; round < 100; round++) {
                RawConnection.Response held = raw.exchange("POST", RESERVATIONS, WEB,
                        reserveBody("web", "c-" + round, "[" + line("S", 1) + "]"));
                assertThat(held.status()).isEqualTo(201);
                String id = JSON.readTree(held.body()).get("reservationId").asText();
                byte[] release = raw.request("DELETE", RESERVATIONS + "/" + id, WEB, null);
                byte[] again = raw.request("POST", RESERVATIONS, WEB,
                        reserveBody("web", "d-" + round, "[" + line("S", 1) + "]"));
                byte[] both = new byte[release.length + again.length];
                System.arraycopy(release, 0, both, 0, release.length);
                System.arraycopy(again, 0, both, release.length, again.length);
                raw.write(both);
                assertThat(raw.read().status()).isEqualTo(200);
                RawConnection.Response second = raw.read();
                assertThat(second.status()).as("round %d: %s", round, second).isEqualTo(201);
                String secondId = JSON.readTree(second.body()).get("reservationId").asText();
                assertThat(raw.exchange("DELETE", RESERVATIONS + "/" + secondId, WEB, null).status())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void theUnitOfAnExpiredHoldIsSoldAgain() throws Exception {
        startWithSoldOutSku(true, 1);
        Api.Response shortHold = ordo.api.post(WEB, RESERVATIONS,
                "{\"channel\":\"web\",\"customerId\":\"c-1\",\"ttlSeconds\":3,\"lines\":[" + line("S", 1) + "]}");
        assertThat(shortHold.status()).isEqualTo(201);
        Instant expires = Instant.parse(shortHold.json().get("expiresAt").asText());
        assertThat(reserve(WEB, "web", "c-2", "S", 1).status()).isEqualTo(409);
        // Other commands keep engine time fresh, so the gateway would answer if it ignored the expiry; which of the
        // housekeeper's tick, another command or the expiry check sends this request to the engine depends on timing
        // (SoldOutBoardTest checks the expiry rule itself).
        while (Instant.now().isBefore(expires.plusMillis(50))) {
            assertThat(reserve(WEB, "web", "c-3", "OTHER", 1).status()).isEqualTo(201);
            Thread.sleep(20);
        }
        Api.Response after = reserve(WEB, "web", "c-2", "S", 1);
        assertThat(after.status()).as("%s", after).isEqualTo(201);
    }

    @Test
    void whatTheEngineChecksBeforeStockIsLeftToTheEngine() {
        startWithSoldOutSku(true, 2);
        Instant now = Instant.now();
        ordo.defineSku("LATER", "\"saleStartsAt\":\"" + now.plus(Duration.ofDays(1)) + "\"");
        assertThat(reserve(WEB, "web", "c-1", "S", 2).status()).isEqualTo(201);

        // The sale window comes before stock (LATER has none at all).
        Api.Response notOpen = reserve(WEB, "web", "c-1", "LATER", 1);
        assertThat(notOpen.json().get("code").asText()).isEqualTo("SALE_NOT_OPEN");
        // A node hold: its location is checked first.
        Api.Response nowhere = ordo.api.post(WEB, RESERVATIONS, "{\"channel\":\"web\",\"customerId\":\"c-1\","
                + "\"locationId\":\"nowhere\",\"lines\":[" + line("S", 1) + "]}");
        assertThat(nowhere.json().get("code").asText()).isEqualTo("UNKNOWN_LOCATION");
        // A second line: the engine resolves every line before it checks stock.
        Api.Response unknownLine = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-1",
                "[" + line("S", 1) + "," + line("NO-SUCH-SKU", 1) + "]"));
        assertThat(unknownLine.json().get("code").asText()).isEqualTo("UNKNOWN_SKU");
        // A channel no command has used yet goes to the engine once (its refusal is the same).
        Api.Response firstForApp = reserve(APP, "app", "c-1", "S", 1);
        assertThat(firstForApp.json().get("code").asText()).isEqualTo("INSUFFICIENT_STOCK");
        assertThat(metric(COUNTER)).isZero();

        for (int attempt = 0; attempt < 5 && metric(COUNTER) == 0; attempt++) {
            assertThat(reserve(WEB, "web", "c-1", "OTHER", 1).status()).isEqualTo(201); // engine time now
            assertThat(reserve(WEB, "web", "c-1", "S", 1).json().get("code").asText())
                    .isEqualTo("INSUFFICIENT_STOCK");
        }
        assertThat(metric(COUNTER)).as("the same request of a channel in use").isEqualTo(1);
    }

    @Test
    void aSoldOutSkuWithAPerCustomerLimitIsRefusedForStockAtTheGatewayEvenToACustomerAtTheLimit() {
        startWithSoldOutSku(true, 2);
        ordo.defineSku("LTD", "\"perCustomerLimit\":1");
        ordo.setStock("LTD", "wh-1", 1);
        assertThat(reserve(WEB, "web", "c-1", "LTD", 1).status()).isEqualTo(201);

        // Stock is checked before the customer's holdings (rules version 2): sold out, whoever asks.
        for (int attempt = 0; attempt < 5 && metric(COUNTER) == 0; attempt++) {
            assertThat(reserve(WEB, "web", "c-2", "OTHER", 1).status()).isEqualTo(201); // engine time now
            Api.Response atTheLimit = reserve(WEB, "web", "c-1", "LTD", 1);
            assertThat(atTheLimit.status()).isEqualTo(409);
            assertThat(atTheLimit.json().get("code").asText()).isEqualTo("INSUFFICIENT_STOCK");
        }
        assertThat(metric(COUNTER)).as("answered at the gateway").isEqualTo(1);
        assertThat(reserve(WEB, "web", "c-3", "LTD", 1).json().get("code").asText()).isEqualTo("INSUFFICIENT_STOCK");

        // With stock again, the limit is the engine's to check.
        ordo.setStock("LTD", "wh-1", 5);
        Api.Response limited = reserve(WEB, "web", "c-1", "LTD", 1);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("code").asText()).isEqualTo("PER_CUSTOMER_LIMIT");
    }

    @Test
    void aStoppedServerSaysSoRatherThanSoldOut() {
        startWithSoldOutSku(true, 1);
        assertThat(reserve(WEB, "web", "c-1", "S", 1).status()).isEqualTo(201);

        ordo.server.core().close();

        Api.Response refused = reserve(WEB, "web", "c-2", "S", 1);
        assertThat(refused.status()).as("%s", refused).isEqualTo(503);
        assertThat(refused.problemCode()).isEqualTo("NOT_READY");
        assertThat(metric(COUNTER)).isZero();
    }

    @Test
    void stockArrivingOrAFreedNodeEndsTheSellOut() {
        startWithSoldOutSku(true, 1);
        assertThat(reserve(WEB, "web", "c-1", "S", 1).status()).isEqualTo(201);
        assertThat(reserve(WEB, "web", "c-2", "S", 1).status()).isEqualTo(409);
        ordo.setStock("S", "wh-1", 2);
        assertThat(reserve(WEB, "web", "c-2", "S", 1).status()).isEqualTo(201);
        assertThat(reserve(WEB, "web", "c-3", "S", 1).status()).isEqualTo(409);

        // A second warehouse with stock, switched off and on.
        ordo.defineLocation("wh-2");
        ordo.setStock("S", "wh-2", 1);
        Api.Response off = ordo.api.put(ADMIN, "/v1/locations/wh-2", "{\"type\":\"WAREHOUSE\",\"name\":\"wh-2\","
                + "\"lat\":1.3294,\"lon\":103.6367,\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"],"
                + "\"active\":false}");
        assertThat(off.status()).as("%s", off).isEqualTo(200);
        assertThat(reserve(WEB, "web", "c-3", "S", 1).status()).isEqualTo(409);
        ordo.defineLocation("wh-2");
        assertThat(reserve(WEB, "web", "c-3", "S", 1).status()).isEqualTo(201);
        JsonNode network = ordo.inventory("S").get("network");
        assertThat(network.get("onHand").asLong()).isEqualTo(3);
        assertThat(network.get("atp").asLong()).isZero();
    }

    private Api.Response reserve(String key, String channel, String customer, String sku, int qty) {
        return ordo.api.post(key, RESERVATIONS, reserveBody(channel, customer, "[" + line(sku, qty) + "]"));
    }

    private long metric(String name) {
        String text = ordo.api.get(null, "/metrics").body();
        for (String row : text.split("\n")) {
            if (row.startsWith(name + " ")) {
                return Long.parseLong(row.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name + " in " + text);
    }
}
