package ordo.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A new engine-time day gives every node its daily capacity back, and the orders waiting for it are filled then, at
 * midnight UTC, by a TICK the server sends itself: not by whatever command comes next, which on a quiet night may be
 * hours later (found in QA: an order stayed BACKORDERED past midnight and its promise counted from the next command).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NewDayFillTest {

    private static final long BEFORE_MIDNIGHT = Instant.parse("2026-12-01T23:59:00Z").toEpochMilli();
    private static final long MIDNIGHT = Instant.parse("2026-12-02T00:00:00Z").toEpochMilli();

    @TempDir
    Path dataDir;

    private final CachedEpochClock clock = new CachedEpochClock();

    @Test
    void anOrderWaitingForANodesCapacityIsFilledAtMidnightWithoutAnotherCommand() {
        try (InProcessOrdo ordo = aNodeThatTookItsOneOrderToday()) {
            JsonNode waiting = place(ordo, "c-2");
            assertThat(waiting.get("status").asText()).as("the node took its one order today").isEqualTo("BACKORDERED");
            String id = waiting.get("orderId").asText();
            long seq = sequence(ordo);

            clock.update(MIDNIGHT + 1);

            JsonNode filled = awaitStatus(ordo, id, "READY_TO_RELEASE");
            assertThat(sequence(ordo)).as("one command: the server's TICK").isEqualTo(seq + 1);
            JsonNode fill = ordo.api.get(InProcessOrdo.AUDITOR, "/v1/orders/" + id + "/sourcing").json()
                    .get("fills").get(0);
            assertThat(fill.get("trigger").asText()).isEqualTo("ENGINE_TIME");
            assertThat(fill.get("decidedAt").asText()).as("at midnight").isEqualTo("2026-12-02T00:00:00.001Z");
            assertThat(filled.get("promisedDeliveryBy").asText()).as("counted from midnight: STANDARD's two days")
                    .isEqualTo("2026-12-04T00:00:00.001Z");
        }
    }

    /** With nothing waiting, a new day has nothing to do: the server journals no TICK for it. */
    @Test
    void withNothingWaitingMidnightPassesWithoutACommand() {
        try (InProcessOrdo ordo = aNodeThatTookItsOneOrderToday()) {
            long seq = sequence(ordo);

            clock.update(MIDNIGHT + 1);
            // The housekeeper looks every 5 ms: forty of its rounds.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));

            assertThat(sequence(ordo)).isEqualTo(seq);
        }
    }

    /** A minute before midnight: a warehouse of one order a day with 10 units, and that order placed. */
    private InProcessOrdo aNodeThatTookItsOneOrderToday() {
        clock.update(BEFORE_MIDNIGHT);
        InProcessOrdo ordo = InProcessOrdo.start(dataDir, clock);
        ordo.defineLocation("wh-day", "{\"type\":\"WAREHOUSE\",\"name\":\"Day\",\"lat\":1.3294,\"lon\":103.6367,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"],\"dailyOrderCapacity\":1}");
        ordo.defineSku("DAY-1", "\"allowBackorders\":true");
        ordo.setStock("DAY-1", "wh-day", 10);
        assertThat(place(ordo, "c-1").get("status").asText()).isEqualTo("READY_TO_RELEASE");
        return ordo;
    }

    private static JsonNode place(InProcessOrdo ordo, String customer) {
        Api.Response response = ordo.api.post(InProcessOrdo.WEB, "/v1/orders",
                OrderBodies.ship("web", customer, "DAY-1", 1).toString());
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json();
    }

    private static long sequence(InProcessOrdo ordo) {
        return ordo.api.get(InProcessOrdo.AUDITOR, "/v1/journal/state-hash").json().get("sequence").asLong();
    }

    private static JsonNode awaitStatus(InProcessOrdo ordo, String id, String status) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonNode order = ordo.api.get(InProcessOrdo.AUDITOR, "/v1/orders/" + id).json();
            if (order.get("status").asText().equals(status) || System.nanoTime() > deadline) {
                assertThat(order.get("status").asText()).as("%s", order).isEqualTo(status);
                return order;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
