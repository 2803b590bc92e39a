package ordo.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.InProcessOrdo.line;
import static ordo.gateway.e2e.InProcessOrdo.reserveBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} under load: whatever the server acknowledged (a complete 2xx on the wire) is there after a
 * restart, nothing is oversold, and the restarted state is exactly what an independent replay of the journal
 * ({@code ordo journal verify}) computes.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CrashRecoveryIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    private static final int SKUS = 20;
    private static final long ON_HAND = 500;
    private static final int LOAD_CONNECTIONS = 32;
    private static final Duration LOAD_DURATION = Duration.ofSeconds(3);
    private static final String RESERVATIONS = "/v1/reservations";

    @TempDir
    Path tmp;

    private ChildServers servers;
    private Path config;

    /** An acknowledged hold: its id and the lines the 201 named. */
    private record Acked(String reservationId, String linesJson, Map<String, Integer> qtyBySku) {
    }

    @BeforeAll
    static void needsTheJarBuiltFromTheseClasses() {
        OrdoProcess.assumeJarMatchesClassesUnderTest();
    }

    @BeforeEach
    void setUp() throws IOException {
        servers = new ChildServers(tmp, START_TIMEOUT);
        config = servers.writeConfig("ordo.yaml", ChildServers.e2eConfigText());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        servers.close();
    }

    @Test
    void everyAcknowledgedReservationSurvivesKillDashNine() throws Exception {
        OrdoProcess first = serve();
        Api api = new Api(first.port());
        assertThat(api.put(ADMIN, "/v1/locations/wh-1", "{\"type\":\"WAREHOUSE\",\"name\":\"wh-1\",\"lat\":1.33,"
                + "\"lon\":103.63,\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"]}").status()).isEqualTo(200);
        for (int i = 0; i < SKUS; i++) {
            assertThat(api.put(ADMIN, "/v1/skus/" + sku(i), "{\"name\":\"" + sku(i) + "\"}").status()).isEqualTo(200);
            assertThat(api.put(ADMIN, "/v1/inventory/" + sku(i) + "/wh-1", "{\"onHand\":" + ON_HAND + "}").status())
                    .isEqualTo(200);
        }

        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        AtomicLong answers = new AtomicLong();
        long answersBeforeKill = servers.killUnderLoad(first, LOAD_CONNECTIONS, LOAD_DURATION, answers,
                connection -> reserveUntilTheServerDies(first.port(), connection, acked, answers));
        assertThat(acked).as("acknowledged holds").isNotEmpty();
        System.out.printf("load: %d answers before the kill, %d holds acknowledged%n", answersBeforeKill, acked.size());

        OrdoProcess second = serve();
        Api after = new Api(second.port());

        assertEveryAckedHoldIsHeld(second.port(), new ArrayList<>(acked));
        Map<String, Long> ackedBySku = new HashMap<>();
        for (Acked hold : acked) {
            hold.qtyBySku().forEach((sku, qty) -> ackedBySku.merge(sku, (long) qty, Long::sum));
        }
        for (int i = 0; i < SKUS; i++) {
            Api.Response inventory = after.get(AUDITOR, "/v1/inventory/" + sku(i));
            assertThat(inventory.status()).isEqualTo(200);
            JsonNode network = inventory.json().path("network");
            long reserved = network.path("reserved").asLong();
            assertThat(network.path("onHand").asLong()).as("%s onHand", sku(i)).isEqualTo(ON_HAND);
            assertThat(reserved).as("%s reserved ≤ onHand (not oversold)", sku(i)).isLessThanOrEqualTo(ON_HAND);
            assertThat(reserved).as("%s reserved ≥ acknowledged holds", sku(i))
                    .isGreaterThanOrEqualTo(ackedBySku.getOrDefault(sku(i), 0L));
            assertThat(network.path("atp").asLong()).as("%s atp", sku(i)).isEqualTo(ON_HAND - reserved);
        }

        String stateHash = after.stateHashJson(AUDITOR);
        second.stop();
        servers.assertJournalVerifyGives(stateHash, Duration.ofSeconds(60));
    }

    @Test
    void idempotencyKeyHoldsAcrossKillDashNine() throws Exception {
        OrdoProcess first = serve();
        Api api = new Api(first.port());
        assertThat(api.put(ADMIN, "/v1/locations/wh-1", "{\"type\":\"WAREHOUSE\",\"name\":\"wh-1\",\"lat\":1.33,"
                + "\"lon\":103.63}").status()).isEqualTo(200);
        assertThat(api.put(ADMIN, "/v1/skus/KEYED", "{\"name\":\"keyed\"}").status()).isEqualTo(200);
        assertThat(api.put(ADMIN, "/v1/inventory/KEYED/wh-1", "{\"onHand\":10}").status()).isEqualTo(200);
        String body = "{\"channel\":\"web\",\"customerId\":\"c-1\",\"ttlSeconds\":3600,\"lines\":["
                + line("KEYED", 2) + "]}";
        Api.Response firstAnswer = api.post(WEB, RESERVATIONS, body, "checkout-1");
        assertThat(firstAnswer.status()).isEqualTo(201);

        first.kill();
        Api after = new Api(serve().port());

        Api.Response replay = after.post(WEB, RESERVATIONS, body, "checkout-1");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(firstAnswer.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        Api.Response other = after.post(WEB, RESERVATIONS, reserveBody("web", "c-1", "[" + line("KEYED", 1) + "]"),
                "checkout-1");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.problemCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(after.get(AUDITOR, "/v1/inventory/KEYED").json().path("network").path("reserved").asLong())
                .as("held once").isEqualTo(2);
    }

    private OrdoProcess serve() throws Exception {
        return servers.serve(config);
    }

    private static String sku(int i) {
        return String.format("CRASH-%02d", i);
    }

    /**
     * One load connection: random 1–3-line holds of 1–3 units each (long TTL, so nothing expires), one at a time,
     * until the connection dies. Only a complete 201 counts as acknowledged.
     */
    private static String reserveUntilTheServerDies(int port, int connection, ConcurrentLinkedQueue<Acked> acked,
                                                    AtomicLong answers) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int n = 0;
        try (RawConnection raw = new RawConnection(port, 20_000)) {
            while (true) {
                int lineCount = 1 + random.nextInt(3);
                Map<String, Integer> lines = new LinkedHashMap<>();
                while (lines.size() < lineCount) {
                    lines.put(sku(random.nextInt(SKUS)), 1 + random.nextInt(3));
                }
                StringBuilder linesJson = new StringBuilder("[");
                lines.forEach((sku, qty) -> linesJson.append(linesJson.length() > 1 ? "," : "").append(line(sku, qty)));
                linesJson.append(']');
                String body = "{\"channel\":\"web\",\"customerId\":\"load-" + connection + "-" + (n++)
                        + "\",\"ttlSeconds\":3600,\"lines\":" + linesJson + "}";
                RawConnection.Response response = raw.exchange("POST", RESERVATIONS, WEB, body);
                answers.incrementAndGet();
                if (response.status() == 201) {
                    JsonNode hold = Api.JSON.readTree(response.body());
                    assertThat(hold.path("lines").toString()).isEqualTo(linesJson.toString());
                    acked.add(new Acked(hold.path("reservationId").asText(), linesJson.toString(), lines));
                } else if (response.status() != 409) {
                    return "unexpected answer " + response;
                }
            }
        } catch (IOException died) {
            return "connection died: " + died;
        }
    }

    /** GETs every acknowledged hold over a few connections, pipelined in batches. */
    private static void assertEveryAckedHoldIsHeld(int port, List<Acked> holds) throws Exception {
        int connections = 4;
        int batch = 32;
        ExecutorService readers = Executors.newFixedThreadPool(connections);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int first = c;
                results.add(readers.submit(() -> {
                    List<String> problems = new ArrayList<>();
                    try (RawConnection raw = new RawConnection(port, 20_000)) {
                        List<Acked> mine = new ArrayList<>();
                        for (int i = first; i < holds.size(); i += connections) {
                            mine.add(holds.get(i));
                        }
                        for (int from = 0; from < mine.size(); from += batch) {
                            List<Acked> slice = mine.subList(from, Math.min(mine.size(), from + batch));
                            ByteArrayOutputStream requests = new ByteArrayOutputStream();
                            for (Acked hold : slice) {
                                requests.writeBytes(raw.request("GET", RESERVATIONS + "/" + hold.reservationId(), WEB,
                                        null));
                            }
                            raw.write(requests.toByteArray());
                            for (Acked hold : slice) {
                                RawConnection.Response response = raw.read();
                                JsonNode view = response.status() == 200 ? Api.JSON.readTree(response.body()) : null;
                                if (view == null || !view.path("status").asText().equals("HELD")
                                        || !view.path("lines").toString().equals(hold.linesJson())) {
                                    problems.add(hold + " -> " + response);
                                }
                            }
                        }
                    }
                    return problems;
                }));
            }
            List<String> problems = new ArrayList<>();
            for (Future<List<String>> result : results) {
                problems.addAll(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(problems).as("acknowledged holds missing or changed after the restart (of %d)", holds.size())
                    .isEmpty();
        } finally {
            readers.shutdownNow();
            readers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
