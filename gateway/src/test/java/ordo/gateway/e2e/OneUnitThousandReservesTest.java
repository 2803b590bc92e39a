package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.gateway.config.StagesKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flash-sale race: one unit, a thousand carts at once over fifty connections. Each connection pipelines its
 * twenty requests in a single write, all connections released by one latch, so the requests really do meet in
 * the ring together.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OneUnitThousandReservesTest {

    private static final int CONNECTIONS = 50;
    private static final int REQUESTS_PER_CONNECTION = 20;
    private static final String SKU = "FLASH-ONE";

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    private void start(StagesKind stages) {
        ordo = InProcessOrdo.start(InProcessOrdo.config(tmp.resolve("data")).withStages(stages));
        ordo.defineLocation("wh-1");
        ordo.stockedSku(SKU, "wh-1", 1);
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    /** Both stage layouts: the journaller ∥ engine → replier threads, and the three on one thread. */
    @ParameterizedTest(name = "stages {0}")
    @EnumSource(StagesKind.class)
    void exactlyOneOfAThousandConcurrentReservesWins(StagesKind stages) throws Exception {
        start(stages);
        ConcurrentLinkedQueue<RawConnection.Response> answers = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                clients.add(pool.submit(() -> {
                    try (RawConnection raw = new RawConnection(ordo.port, 20_000)) {
                        java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
                        for (int r = 0; r < REQUESTS_PER_CONNECTION; r++) {
                            String customer = "c-" + connection + "-" + r;
                            batch.writeBytes(raw.request("POST", "/v1/reservations", WEB,
                                    InProcessOrdo.reserveBody("web", customer, "[" + InProcessOrdo.line(SKU, 1) + "]")));
                        }
                        go.await();
                        raw.write(batch.toByteArray());
                        for (int r = 0; r < REQUESTS_PER_CONNECTION; r++) {
                            answers.add(raw.read());
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> client : clients) {
                client.get(45, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("client threads ended").isTrue();
        }

        assertThat(answers).hasSize(CONNECTIONS * REQUESTS_PER_CONNECTION);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<JsonNode> winners = new ArrayList<>();
        for (RawConnection.Response answer : answers) {
            JsonNode body = Api.JSON.readTree(answer.body());
            String outcome = answer.status() + " " + body.path("code").asText("");
            outcomes.merge(outcome, 1, Integer::sum);
            if (answer.status() == 201) {
                winners.add(body);
            }
        }
        assertThat(outcomes).as("status and code of every answer")
                .isEqualTo(Map.of("201 ", 1, "409 INSUFFICIENT_STOCK", CONNECTIONS * REQUESTS_PER_CONNECTION - 1));

        JsonNode network = ordo.inventory(SKU).path("network");
        assertThat(network.path("onHand").asLong()).isEqualTo(1);
        assertThat(network.path("reserved").asLong()).isEqualTo(1);
        assertThat(network.path("atp").asLong()).isEqualTo(0);

        String winnerId = winners.get(0).path("reservationId").asText();
        Api.Response held = ordo.api.get(WEB, "/v1/reservations/" + winnerId);
        assertThat(held.status()).isEqualTo(200);
        assertThat(held.json().path("status").asText()).isEqualTo("HELD");
        assertThat(held.json().path("customerId").asText()).isEqualTo(winners.get(0).path("customerId").asText());
    }
}
