package ordo.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
    private static final long LOAD_MILLIS = 3_000;
    private static final String RESERVATIONS = "/v1/reservations";

    @TempDir
    Path tmp;

    private Path data;
    private Path config;
    private final List<OrdoProcess> children = new ArrayList<>();
    private ExecutorService load;

    /** An acknowledged hold: its id and the lines the 201 named. */
    private record Acked(String reservationId, String linesJson, Map<String, Integer> qtyBySku) {
    }

    @BeforeEach
    void setUp() throws IOException {
        OrdoProcess.assumeJarMatchesClassesUnderTest();
        data = tmp.resolve("data");
        config = tmp.resolve("ordo.yaml");
        try (InputStream in = CrashRecoveryIT.class.getResourceAsStream("/e2e/ordo-e2e.yaml")) {
            assertThat(in).as("test resource e2e/ordo-e2e.yaml").isNotNull();
            Files.write(config, in.readAllBytes());
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        // Servers first: their death is what ends the load threads (blocked in socket reads, deaf to interrupts).
        for (OrdoProcess child : children) {
            child.close();
            System.out.println(child.describe());
        }
        if (load != null) {
            load.shutdownNow();
            load.awaitTermination(30, TimeUnit.SECONDS);
        }
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
        load = Executors.newFixedThreadPool(LOAD_CONNECTIONS);
        List<Future<String>> clients = new ArrayList<>();
        for (int c = 0; c < LOAD_CONNECTIONS; c++) {
            int connection = c;
            clients.add(load.submit(() -> reserveUntilTheServerDies(first.port(), connection, acked, answers)));
        }
        Thread.sleep(LOAD_MILLIS);
        long answersBeforeKill = answers.get();
        first.kill();
        List<String> endings = new ArrayList<>();
        for (Future<String> client : clients) {
            endings.add(client.get(30, TimeUnit.SECONDS));
        }
        assertThat(answersBeforeKill).as("answers before the kill (the load really ran)").isGreaterThan(100);
        assertThat(endings).as("how each load connection ended: by the kill, mid-load")
                .allMatch(ending -> ending.startsWith("connection died"));
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
        OrdoProcess.Result verify = OrdoProcess.run(tmp, Duration.ofSeconds(60), "journal", "verify",
                "--data", data.toString());
        assertThat(verify.exitCode()).as("journal verify exit code; stderr: %s", verify.stderr()).isEqualTo(0);
        assertThat(lastLine(verify.stdout())).as("journal verify output vs the server's state hash")
                .isEqualTo(stateHash.trim());
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
        OrdoProcess child = OrdoProcess.start(tmp, "serve", "--config", config.toString(), "--data", data.toString(),
                "--port", "0");
        children.add(child);
        child.awaitListening(START_TIMEOUT);
        child.awaitReady(START_TIMEOUT);
        return child;
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

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].trim();
    }
}
