package ordo.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.APP;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.InProcessOrdo.line;
import static ordo.gateway.e2e.InProcessOrdo.reserveBody;
import static org.assertj.core.api.Assertions.assertThat;

/** A reservation's life over HTTP: hold, look, release, and the rules that refuse one. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReservationLifecycleTest {

    private static final String RESERVATIONS = "/v1/reservations";

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("wh-1");
        ordo.defineLocation("st-1");
        ordo.stockedSku("A", "wh-1", 10);
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void reserveShowReleaseAndReleaseAgain() {
        Api.Response created = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-1", "[" + line("A", 3) + "]"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode reservation = created.json();
        String id = reservation.path("reservationId").asText();
        assertThat(id).matches("res_[0-9a-f]{16}");
        assertThat(reservation.path("status").asText()).isEqualTo("HELD");
        assertThat(reservation.path("lines").toString()).isEqualTo("[{\"sku\":\"A\",\"qty\":3}]");
        assertThat(Duration.between(Instant.parse(reservation.path("createdAt").asText()),
                Instant.parse(reservation.path("expiresAt").asText()))).isEqualTo(Duration.ofSeconds(600));
        assertNetwork("A", 10, 3, 7);

        Api.Response shown = ordo.api.get(WEB, RESERVATIONS + "/" + id);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json()).isEqualTo(reservation);

        Api.Response released = ordo.api.delete(WEB, RESERVATIONS + "/" + id);
        assertThat(released.status()).as("%s", released).isEqualTo(200);
        assertThat(released.json().path("status").asText()).isEqualTo("RELEASED");
        assertThat(released.json().path("endedAt").isTextual()).isTrue();
        assertNetwork("A", 10, 0, 10);

        Api.Response again = ordo.api.delete(WEB, RESERVATIONS + "/" + id);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemCode()).isEqualTo("RESERVATION_NOT_ACTIVE");
        assertThat(again.json().path("reservationStatus").asText()).isEqualTo("RELEASED");
        assertThat(again.json().has("field")).as("the hold's id is the path's, no body member").isFalse();
        assertNetwork("A", 10, 0, 10);
        JsonNode ended = ordo.api.get(WEB, RESERVATIONS + "/" + id).json();
        assertThat(ended.path("status").asText()).isEqualTo("RELEASED");
        assertThat(ended.has("orderId")).as("no order converted it").isFalse();
    }

    @Test
    void nodeHoldTakesStockAtThatLocationOnly() {
        ordo.setStock("A", "st-1", 3);
        Api.Response atStore = ordo.api.post(WEB, RESERVATIONS, "{\"channel\":\"web\",\"customerId\":\"c-1\","
                + "\"locationId\":\"st-1\",\"lines\":[" + line("A", 3) + "]}");
        assertThat(atStore.status()).as("%s", atStore).isEqualTo(201);
        assertThat(atStore.json().path("locationId").asText()).isEqualTo("st-1");

        JsonNode inventory = ordo.inventory("A");
        assertThat(inventory.path("network").path("onHand").asLong()).isEqualTo(13);
        assertThat(inventory.path("network").path("reserved").asLong()).isEqualTo(3);
        assertThat(inventory.path("network").path("atp").asLong()).isEqualTo(10);
        assertThat(inventory.path("network").path("networkHolds").asLong()).as("a node hold is the node's").isZero();
        assertThat(cell(inventory, "st-1").path("reserved").asLong()).isEqualTo(3);
        assertThat(cell(inventory, "st-1").path("atp").asLong()).isEqualTo(0);
        assertThat(cell(inventory, "wh-1").path("reserved").asLong()).isEqualTo(0);
        assertThat(cell(inventory, "wh-1").path("atp").asLong()).isEqualTo(10);

        Api.Response storeEmpty = ordo.api.post(WEB, RESERVATIONS, "{\"channel\":\"web\",\"customerId\":\"c-2\","
                + "\"locationId\":\"st-1\",\"lines\":[" + line("A", 1) + "]}");
        assertThat(storeEmpty.status()).isEqualTo(409);
        assertThat(storeEmpty.problemCode()).isEqualTo("INSUFFICIENT_STOCK");
        assertThat(storeEmpty.json().path("available").asLong()).isEqualTo(0);

        Api.Response network = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-2", "[" + line("A", 10) + "]"));
        assertThat(network.status()).as("the warehouse's 10 are still there for a network hold: %s", network)
                .isEqualTo(201);
        assertNetwork("A", 13, 13, 0);

        Api.Response unknownNode = ordo.api.post(WEB, RESERVATIONS, "{\"channel\":\"web\",\"customerId\":\"c-3\","
                + "\"locationId\":\"st-404\",\"lines\":[" + line("A", 1) + "]}");
        assertThat(unknownNode.status()).isEqualTo(400);
        assertThat(unknownNode.problemCode()).isEqualTo("UNKNOWN_LOCATION");
        assertThat(unknownNode.json().path("field").asText()).isEqualTo("locationId");
    }

    @Test
    void multiLineReservationIsAllOrNothing() {
        ordo.stockedSku("B", "wh-1", 1);
        Api.Response rejected = ordo.api.post(WEB, RESERVATIONS,
                reserveBody("web", "c-1", "[" + line("A", 4) + "," + line("B", 2) + "]"));
        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.problemCode()).isEqualTo("INSUFFICIENT_STOCK");
        assertThat(rejected.json().path("sku").asText()).isEqualTo("B");
        assertThat(rejected.json().path("line").asInt()).isEqualTo(1);
        assertThat(rejected.json().path("available").asLong()).isEqualTo(1);
        assertThat(rejected.json().path("requested").asLong()).isEqualTo(2);
        assertNetwork("A", 10, 0, 10);
        assertNetwork("B", 1, 0, 1);

        Api.Response both = ordo.api.post(WEB, RESERVATIONS,
                reserveBody("web", "c-1", "[" + line("A", 4) + "," + line("B", 1) + "]"));
        assertThat(both.status()).isEqualTo(201);
        assertNetwork("A", 10, 4, 6);
        assertNetwork("B", 1, 1, 0);
    }

    @Test
    void perCustomerLimitAnswers429WithLimitAndHeld() {
        ordo.defineSku("LTD", "\"perCustomerLimit\":2");
        ordo.setStock("LTD", "wh-1", 100);
        assertThat(ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-1", "[" + line("LTD", 2) + "]")).status())
                .isEqualTo(201);

        Api.Response third = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-1", "[" + line("LTD", 1) + "]"));
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.problemCode()).isEqualTo("PER_CUSTOMER_LIMIT");
        assertThat(third.json().path("sku").asText()).isEqualTo("LTD");
        assertThat(third.json().path("limit").asLong()).isEqualTo(2);
        assertThat(third.json().path("held").asLong()).isEqualTo(2);
        assertThat(third.json().path("requested").asLong()).isEqualTo(1);

        assertThat(ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-2", "[" + line("LTD", 2) + "]")).status())
                .isEqualTo(201);
        assertNetwork("LTD", 100, 4, 96);
    }

    @Test
    void saleNotOpenYetIsRefused() {
        ordo.defineSku("LAUNCH", "\"saleStartsAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"");
        ordo.setStock("LAUNCH", "wh-1", 50);
        Api.Response early = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-1", "[" + line("LAUNCH", 1) + "]"));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.problemCode()).isEqualTo("SALE_NOT_OPEN");
        assertThat(early.json().path("sku").asText()).isEqualTo("LAUNCH");
        assertNetwork("LAUNCH", 50, 0, 50);
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody() {
        String body = reserveBody("web", "c-1", "[" + line("A", 2) + "]");
        Api.Response first = ordo.api.post(WEB, RESERVATIONS, body, "cart-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(first.header("Location")).as("where the hold is read (QA-258)")
                .isEqualTo(RESERVATIONS + "/" + first.json().path("reservationId").asText());
        assertThat(ordo.api.get(WEB, first.header("Location")).status()).isEqualTo(200);

        Api.Response replay = ordo.api.post(WEB, RESERVATIONS, body, "cart-1");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertNetwork("A", 10, 2, 8);

        Api.Response other = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-1", "[" + line("A", 3) + "]"),
                "cart-1");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.problemCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertNetwork("A", 10, 2, 8);

        // Keys are scoped by API key: the app storefront's "cart-1" is its own.
        Api.Response appCart = ordo.api.post(APP, RESERVATIONS, reserveBody("app", "c-9", "[" + line("A", 1) + "]"),
                "cart-1");
        assertThat(appCart.status()).isEqualTo(201);
        assertThat(appCart.header("Idempotent-Replayed")).isNull();
        assertNetwork("A", 10, 3, 7);

        // A business reject is remembered as well: the same request answers the same 409 again.
        String tooMany = reserveBody("web", "c-5", "[" + line("A", 50) + "]");
        Api.Response refused = ordo.api.post(WEB, RESERVATIONS, tooMany, "cart-2");
        Api.Response refusedAgain = ordo.api.post(WEB, RESERVATIONS, tooMany, "cart-2");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refusedAgain.status()).isEqualTo(409);
        assertThat(refusedAgain.body()).isEqualTo(refused.body());
        assertThat(refusedAgain.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void retriesRacingTheFirstRequestNeverHoldTwice() throws Exception {
        String body = reserveBody("web", "c-1", "[" + line("A", 2) + "]");
        int copies = 6;
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < copies; i++) {
                batch.writeBytes(RawConnection.request(ordo.port, "POST", RESERVATIONS, WEB, body, "double-click"));
            }
            raw.write(batch.toByteArray());
            RawConnection.Response first = raw.read();
            assertThat(first.status()).as("%s", first).isEqualTo(201);
            assertThat(first.header("Idempotent-Replayed")).isNull();
            for (int i = 1; i < copies; i++) {
                RawConnection.Response retry = raw.read();
                if (retry.status() == 409) {
                    // Still in flight when it arrived (API.md): refused, not run a second time.
                    assertThat(Api.JSON.readTree(retry.body()).path("code").asText())
                            .isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");
                } else {
                    assertThat(retry.status()).as("retry %d: %s", i, retry).isEqualTo(201);
                    assertThat(retry.body()).isEqualTo(first.body());
                    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
                }
            }
        }
        assertNetwork("A", 10, 2, 8);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        int rounds = 12;
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < rounds; i++) {
                // Answered by the engine thread, then on the event loop at once, alternately: a later quick answer
                // must wait for the earlier slow one.
                batch.writeBytes(raw.request("POST", RESERVATIONS, WEB,
                        reserveBody("web", "pipe-" + i, "[" + line("A", 1) + "]")));
                batch.writeBytes(raw.request("GET", "/v1/no-such-thing-" + i, WEB, null));
                batch.writeBytes(raw.request("GET", "/v1/inventory/A", AUDITOR, null));
                batch.writeBytes(raw.request("GET", "/health", null, null));
            }
            raw.write(batch.toByteArray());
            for (int i = 0; i < rounds; i++) {
                RawConnection.Response reserved = raw.read();
                assertThat(reserved.status()).as("round %d reservation: %s", i, reserved).isIn(201, 409);
                if (reserved.status() == 201) {
                    assertThat(Api.JSON.readTree(reserved.body()).path("customerId").asText()).isEqualTo("pipe-" + i);
                }
                RawConnection.Response missing = raw.read();
                assertThat(missing.status()).as("round %d 404: %s", i, missing).isEqualTo(404);
                assertThat(missing.body()).contains("/v1/no-such-thing-" + i);
                RawConnection.Response inventory = raw.read();
                assertThat(inventory.status()).as("round %d inventory: %s", i, inventory).isEqualTo(200);
                long reservedUnits = Api.JSON.readTree(inventory.body()).path("network").path("reserved").asLong();
                assertThat(reservedUnits).as("round %d sees the holds before it", i).isEqualTo(Math.min(i + 1, 10));
                RawConnection.Response health = raw.read();
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.body()).contains("UP");
            }
        }
    }

    /**
     * {@code shortfall} is the held and allocated units that sellable stock does not cover: safety stock not met with
     * nothing committed is none (it showed 2 for {@code onHand 0, safetyStock 2}: QA), and a hold on a node counted
     * below its safety stock is short by the hold's units, not by the hold and the safety stock.
     */
    @Test
    void aShortfallCountsCommittedUnitsOnly() {
        assertThat(ordo.api.put(InProcessOrdo.ADMIN, "/v1/inventory/A/st-1", "{\"onHand\":0,\"safetyStock\":2}")
                .status()).isEqualTo(200);
        JsonNode nothingOwed = cell(ordo.inventory("A"), "st-1");
        assertThat(nothingOwed.path("atp").asLong()).isZero();
        assertThat(nothingOwed.has("shortfall")).as("%s", nothingOwed).isFalse();

        assertThat(ordo.api.put(InProcessOrdo.ADMIN, "/v1/inventory/A/st-1", "{\"onHand\":3,\"safetyStock\":0}")
                .status()).isEqualTo(200);
        Api.Response held = ordo.api.post(WEB, RESERVATIONS, "{\"channel\":\"web\",\"customerId\":\"c-1\","
                + "\"locationId\":\"st-1\",\"lines\":[" + line("A", 1) + "]}");
        assertThat(held.status()).as("%s", held).isEqualTo(201);
        assertThat(ordo.api.put(InProcessOrdo.ADMIN, "/v1/inventory/A/st-1", "{\"onHand\":1,\"safetyStock\":2}")
                .status()).isEqualTo(200);
        JsonNode holdUncovered = cell(ordo.inventory("A"), "st-1");
        assertThat(holdUncovered.path("reserved").asLong()).isEqualTo(1);
        assertThat(holdUncovered.path("shortfall").asLong()).as("%s", holdUncovered).isEqualTo(1);

        assertThat(ordo.api.put(InProcessOrdo.ADMIN, "/v1/inventory/A/st-1", "{\"onHand\":0,\"safetyStock\":0}")
                .status()).isEqualTo(200);
        assertThat(ordo.api.put(InProcessOrdo.ADMIN, "/v1/inventory/A/wh-1", "{\"onHand\":1,\"safetyStock\":0}")
                .status()).isEqualTo(200);
        Api.Response networkHold = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-2", "[" + line("A", 1) + "]"));
        assertThat(networkHold.status()).as("%s", networkHold).isEqualTo(201);
        assertThat(ordo.api.put(InProcessOrdo.ADMIN, "/v1/inventory/A/wh-1", "{\"onHand\":0,\"safetyStock\":3}")
                .status()).isEqualTo(200);
        JsonNode inventory = ordo.inventory("A");
        assertThat(inventory.path("network").path("reserved").asLong()).isEqualTo(2);
        assertThat(inventory.path("network").path("networkHolds").asLong())
                .as("the hold no node shows (QA-211: a planner had to subtract)").isEqualTo(1);
        assertThat(inventory.path("network").path("shortfall").asLong()).as("the network hold; the node's shows there")
                .isEqualTo(1);
        assertThat(cell(inventory, "st-1").path("shortfall").asLong()).isEqualTo(1);
        assertThat(cell(inventory, "wh-1").has("shortfall")).as("network holds are no node's").isFalse();
    }

    private void assertNetwork(String sku, long onHand, long reserved, long atp) {
        JsonNode network = ordo.inventory(sku).path("network");
        assertThat(network.path("onHand").asLong()).as("%s onHand", sku).isEqualTo(onHand);
        assertThat(network.path("reserved").asLong()).as("%s reserved", sku).isEqualTo(reserved);
        assertThat(network.path("atp").asLong()).as("%s atp", sku).isEqualTo(atp);
    }

    private static JsonNode cell(JsonNode inventory, String locationId) {
        for (JsonNode cell : inventory.path("locations")) {
            if (cell.path("locationId").asText().equals(locationId)) {
                return cell;
            }
        }
        throw new AssertionError("no cell at " + locationId + " in " + inventory);
    }
}
