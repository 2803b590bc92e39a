package ordo.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} while orders pour in with idempotency keys and marketplace ids: after a restart every order the
 * server acknowledged is there as it was answered; each request sent again with its key gets the same answer,
 * marked replayed; each marketplace order sent again with a fresh key gets the existing order (200); none of that
 * allocates a unit; and the state is exactly what an independent replay of the journal computes.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class OrderCrashRecoveryIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    private static final String ORDERS = "/v1/orders";
    /** No backorders: runs out during the load, so some answers are 409 INSUFFICIENT_STOCK. */
    private static final String SCARCE = "SCARCE";
    /** Backorderable: every order for it alone is captured, allocated or backordered. */
    private static final String PLENTY = "PLENTY";
    private static final Map<String, Long> SCARCE_STOCK = Map.of("wh-tuas", 30L, "wh-woodlands", 20L, "wh-changi",
            10L);
    private static final Map<String, Long> PLENTY_STOCK = Map.of("wh-tuas", 100L, "wh-woodlands", 60L, "wh-changi",
            40L);
    private static final int MARKETPLACE_ORDERS = 40;
    private static final int MARKETPLACE_SENDERS = 3;
    private static final int LOAD_CONNECTIONS = 8;
    private static final Duration LOAD_DURATION = Duration.ofMillis(2_500);
    private static final int CHECK_CONNECTIONS = 4;
    private static final int CHECK_BATCH = 32;

    @TempDir
    Path tmp;

    private ChildServers servers;
    private Path config;

    /** One request that got a complete answer before the kill. */
    private record Answered(String idempotencyKey, String body, String externalId, int status, String answer) {

        JsonNode answerJson() {
            try {
                return Api.JSON.readTree(answer);
            } catch (IOException e) {
                throw new AssertionError("answer is not JSON: " + answer, e);
            }
        }

        boolean placedOrFound() {
            return status == 200 || status == 201;
        }
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
    void everyAcknowledgedOrderSurvivesKillDashNineAndRetriesNeverAllocateTwice() throws Exception {
        OrdoProcess first = serve();
        Api api = new Api(first.port());
        defineNetwork(api);

        List<Answered> answered = new ArrayList<>(placeMarketplaceOrdersFromSeveralConnections(first.port()));

        ConcurrentLinkedQueue<Answered> loadAnswers = new ConcurrentLinkedQueue<>();
        AtomicLong answers = new AtomicLong();
        long answersBeforeKill = servers.killUnderLoad(first, LOAD_CONNECTIONS, LOAD_DURATION, answers,
                connection -> orderUntilTheServerDies(first.port(), connection, loadAnswers, answers));
        answered.addAll(loadAnswers);
        Map<Integer, Integer> byStatus = new HashMap<>();
        answered.forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
        System.out.printf("load: %d answers before the kill; acknowledged answers by status: %s%n", answersBeforeKill,
                byStatus);
        assertThat(byStatus).as("the load met both outcomes").containsKeys(201, 409);

        OrdoProcess second = serve();
        Api after = new Api(second.port());
        JsonNode scarceBefore = inventory(after, SCARCE);
        JsonNode plentyBefore = inventory(after, PLENTY);
        int ordersBefore = countOrders(after);
        assertAcknowledgedAllocationsFit(answered, scarceBefore, plentyBefore);

        List<Answered> orders = answered.stream().filter(Answered::placedOrFound).toList();
        List<RawConnection.Response> shown = exchangeAll(second.port(), orders.stream()
                .map(a -> RawConnection.request(second.port(), "GET",
                        ORDERS + "/" + a.answerJson().path("orderId").asText(), WEB, null, null))
                .toList());
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            if (shown.get(i).status() != 200 || !shown.get(i).body().equals(orders.get(i).answer())) {
                changed.add(orders.get(i) + " -> " + shown.get(i));
            }
        }
        assertThat(changed).as("acknowledged orders missing or changed after the restart (of %d)", orders.size())
                .isEmpty();

        List<RawConnection.Response> replays = exchangeAll(second.port(), answered.stream()
                .map(a -> RawConnection.request(second.port(), "POST", ORDERS, WEB, a.body(), a.idempotencyKey()))
                .toList());
        List<String> notReplayed = new ArrayList<>();
        for (int i = 0; i < answered.size(); i++) {
            Answered original = answered.get(i);
            RawConnection.Response replay = replays.get(i);
            if (replay.status() != original.status() || !replay.body().equals(original.answer())
                    || !"true".equals(replay.header("Idempotent-Replayed"))) {
                notReplayed.add(original + " -> " + replay + " " + replay.headers());
            }
        }
        assertThat(notReplayed).as("requests sent again with their key whose answer was not the first one, replayed "
                + "(of %d)", answered.size()).isEmpty();

        List<Answered> marketplace = orders.stream().filter(a -> a.externalId() != null).toList();
        List<RawConnection.Response> recaptures = exchangeAll(second.port(), marketplace.stream()
                .map(a -> RawConnection.request(second.port(), "POST", ORDERS, WEB, a.body(),
                        "after-restart-" + a.idempotencyKey()))
                .toList());
        List<String> duplicated = new ArrayList<>();
        for (int i = 0; i < marketplace.size(); i++) {
            RawConnection.Response recapture = recaptures.get(i);
            if (recapture.status() != 200 || !recapture.body().equals(marketplace.get(i).answer())
                    || recapture.header("Idempotent-Replayed") != null) {
                duplicated.add(marketplace.get(i) + " -> " + recapture + " " + recapture.headers());
            }
        }
        assertThat(marketplace).as("acknowledged marketplace orders").hasSizeGreaterThan(MARKETPLACE_ORDERS);
        assertThat(duplicated).as("marketplace orders captured again with a fresh key that did not answer the existing "
                + "order with 200 (of %d)", marketplace.size()).isEmpty();

        assertThat(inventory(after, SCARCE)).as("%s after the retries: nothing allocated again", SCARCE)
                .isEqualTo(scarceBefore);
        assertThat(inventory(after, PLENTY)).as("%s after the retries: nothing allocated again", PLENTY)
                .isEqualTo(plentyBefore);
        assertThat(countOrders(after)).as("orders after the retries: none created").isEqualTo(ordersBefore);

        String stateHash = after.stateHashJson(AUDITOR);
        second.stop();
        servers.assertJournalVerifyGives(stateHash, Duration.ofSeconds(60));
    }

    // ------------------------------------------------------------------------------------------------ before the kill

    /**
     * The same marketplace orders captured by several workers at once: each of {@link #MARKETPLACE_SENDERS}
     * connections pipelines all of them, each with its own idempotency key, released by one latch. Each marketplace
     * order is created once (201) and found by the other senders (200, same order).
     */
    private List<Answered> placeMarketplaceOrdersFromSeveralConnections(int port) throws Exception {
        CountDownLatch ready = new CountDownLatch(MARKETPLACE_SENDERS);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService senders = Executors.newFixedThreadPool(MARKETPLACE_SENDERS);
        List<Answered> answered = new ArrayList<>();
        try {
            List<Future<List<Answered>>> results = new ArrayList<>();
            for (int s = 0; s < MARKETPLACE_SENDERS; s++) {
                int sender = s;
                results.add(senders.submit(() -> {
                    try (RawConnection raw = new RawConnection(port, 20_000)) {
                        List<String[]> sent = new ArrayList<>();
                        ByteArrayOutputStream batch = new ByteArrayOutputStream();
                        for (int k = 0; k < MARKETPLACE_ORDERS; k++) {
                            String externalId = "shopee-" + k;
                            String body = OrderBodies.ship("web", "buyer-" + k, PLENTY, 1 + k % 2)
                                    .put("externalId", externalId).toString();
                            String key = "worker-" + sender + "-" + externalId;
                            sent.add(new String[] {key, body, externalId});
                            batch.writeBytes(RawConnection.request(port, "POST", ORDERS, WEB, body, key));
                        }
                        ready.countDown();
                        go.await();
                        raw.write(batch.toByteArray());
                        List<Answered> mine = new ArrayList<>();
                        for (String[] request : sent) {
                            RawConnection.Response response = raw.read();
                            mine.add(new Answered(request[0], request[1], request[2], response.status(),
                                    response.body()));
                        }
                        return mine;
                    }
                }));
            }
            assertThat(ready.await(20, TimeUnit.SECONDS)).as("senders ready").isTrue();
            go.countDown();
            for (Future<List<Answered>> result : results) {
                answered.addAll(result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            senders.shutdownNow();
            assertThat(senders.awaitTermination(10, TimeUnit.SECONDS)).as("sender threads ended").isTrue();
        }

        Map<String, List<Answered>> byExternalId = new HashMap<>();
        answered.forEach(a -> byExternalId.computeIfAbsent(a.externalId(), id -> new ArrayList<>()).add(a));
        assertThat(byExternalId).hasSize(MARKETPLACE_ORDERS);
        byExternalId.forEach((externalId, captures) -> {
            assertThat(captures.stream().map(Answered::status).sorted().toList()).as("answers for %s", externalId)
                    .containsExactly(200, 200, 201);
            assertThat(captures.stream().map(a -> a.answerJson().path("orderId").asText()).distinct().toList())
                    .as("order ids answered for %s", externalId).hasSize(1);
            assertThat(captures.stream().map(Answered::answer).distinct().toList())
                    .as("bodies answered for %s", externalId).hasSize(1);
        });
        return answered;
    }

    /**
     * One load connection: orders of 1–2 lines (the scarce SKU, the backorderable one, or both), each with its own
     * idempotency key and every other one with a marketplace id, one at a time, until the connection dies. Only a
     * complete answer counts; anything but 201 or 409 INSUFFICIENT_STOCK ends the connection's load.
     */
    private static String orderUntilTheServerDies(int port, int connection, ConcurrentLinkedQueue<Answered> answered,
                                                  AtomicLong answers) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (RawConnection raw = new RawConnection(port, 20_000)) {
            for (int n = 0; ; n++) {
                int shape = random.nextInt(3);
                ObjectNode order = switch (shape) {
                    case 0 -> OrderBodies.ship("web", "load-" + connection + "-" + n, SCARCE, 1 + random.nextInt(2));
                    case 1 -> OrderBodies.ship("web", "load-" + connection + "-" + n, PLENTY, 1 + random.nextInt(3));
                    default -> OrderBodies.ship("web", "load-" + connection + "-" + n, SCARCE, 1, PLENTY,
                            1 + random.nextInt(3));
                };
                String externalId = n % 2 == 0 ? "lazada-" + connection + "-" + n : null;
                if (externalId != null) {
                    order.put("externalId", externalId);
                }
                String key = "checkout-" + connection + "-" + n;
                String body = order.toString();
                raw.write(RawConnection.request(port, "POST", ORDERS, WEB, body, key));
                RawConnection.Response response = raw.read();
                answers.incrementAndGet();
                boolean refused = response.status() == 409 && response.body().contains("\"INSUFFICIENT_STOCK\"");
                if (response.status() != 201 && !refused) {
                    return "unexpected answer " + response;
                }
                answered.add(new Answered(key, body, externalId, response.status(), response.body()));
            }
        } catch (IOException died) {
            return "connection died: " + died;
        }
    }

    // ------------------------------------------------------------------------------------------------ after the restart

    /** What the acknowledged orders allocated is allocated (at least: unacknowledged ones may be there too). */
    private static void assertAcknowledgedAllocationsFit(List<Answered> answered, JsonNode scarce, JsonNode plenty) {
        Map<String, Long> allocated = new HashMap<>();
        Set<String> counted = new HashSet<>();
        for (Answered a : answered) {
            JsonNode order = a.answerJson();
            if (a.placedOrFound() && counted.add(order.path("orderId").asText())) {
                for (JsonNode allocation : order.path("allocations")) {
                    allocated.merge(allocation.path("sku").asText(), allocation.path("qty").asLong(), Long::sum);
                }
            }
        }
        for (JsonNode inventory : List.of(scarce, plenty)) {
            String sku = inventory.path("sku").asText();
            JsonNode network = inventory.path("network");
            assertThat(network.path("allocated").asLong()).as("%s allocated ≤ onHand (not oversold)", sku)
                    .isLessThanOrEqualTo(network.path("onHand").asLong());
            assertThat(network.path("allocated").asLong()).as("%s allocated ≥ acknowledged allocations", sku)
                    .isGreaterThanOrEqualTo(allocated.getOrDefault(sku, 0L));
            for (JsonNode location : inventory.path("locations")) {
                assertThat(location.path("allocated").asLong()).as("%s at %s", sku, location.path("locationId"))
                        .isLessThanOrEqualTo(location.path("onHand").asLong());
            }
        }
    }

    /**
     * Sends every request and returns the answers in the same order: spread over a few connections, each pipelining
     * its share in batches.
     */
    private static List<RawConnection.Response> exchangeAll(int port, List<byte[]> requests) throws Exception {
        RawConnection.Response[] answers = new RawConnection.Response[requests.size()];
        ExecutorService senders = Executors.newFixedThreadPool(CHECK_CONNECTIONS);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int c = 0; c < CHECK_CONNECTIONS; c++) {
                int firstIndex = c;
                results.add(senders.submit(() -> {
                    try (RawConnection raw = new RawConnection(port, 20_000)) {
                        List<Integer> mine = new ArrayList<>();
                        for (int i = firstIndex; i < requests.size(); i += CHECK_CONNECTIONS) {
                            mine.add(i);
                        }
                        for (int from = 0; from < mine.size(); from += CHECK_BATCH) {
                            List<Integer> slice = mine.subList(from, Math.min(mine.size(), from + CHECK_BATCH));
                            ByteArrayOutputStream batch = new ByteArrayOutputStream();
                            slice.forEach(i -> batch.writeBytes(requests.get(i)));
                            raw.write(batch.toByteArray());
                            for (int i : slice) {
                                answers[i] = raw.read();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
            assertThat(senders.awaitTermination(10, TimeUnit.SECONDS)).as("sender threads ended").isTrue();
        }
        return List.of(answers);
    }

    private static JsonNode inventory(Api api, String sku) {
        Api.Response response = api.get(AUDITOR, "/v1/inventory/" + sku);
        assertThat(response.status()).as("inventory of %s: %s", sku, response).isEqualTo(200);
        return response.json();
    }

    /** All orders, walked page by page. */
    private static int countOrders(Api api) {
        int count = 0;
        String after = null;
        for (int pages = 0; pages < 1_000; pages++) {
            Api.Response response = api.get(AUDITOR, ORDERS + "?limit=200" + (after == null ? "" : "&after=" + after));
            assertThat(response.status()).as("%s", response).isEqualTo(200);
            JsonNode page = response.json();
            count += page.path("orders").size();
            if (page.path("nextCursor").isNull() || page.path("orders").isEmpty()) {
                return count;
            }
            after = page.path("nextCursor").asText();
        }
        throw new AssertionError("the order list did not end after " + count + " orders");
    }

    // ------------------------------------------------------------------------------------------------ set-up

    private static void defineNetwork(Api api) {
        Map<String, String[]> warehouses = Map.of("wh-tuas", new String[] {"1.3294", "103.6367"},
                "wh-woodlands", new String[] {"1.4382", "103.7890"}, "wh-changi", new String[] {"1.3644", "103.9915"});
        warehouses.forEach((id, at) -> assertThat(api.put(ADMIN, "/v1/locations/" + id, "{\"type\":\"WAREHOUSE\","
                + "\"name\":\"" + id + "\",\"lat\":" + at[0] + ",\"lon\":" + at[1] + ",\"countryCode\":\"SG\","
                + "\"capabilities\":[\"SHIP\"],\"dailyOrderCapacity\":0,"
                + "\"handlingCost\":{\"amountMinor\":100,\"currency\":\"SGD\"}}").status()).as(id).isEqualTo(200));
        assertThat(api.put(ADMIN, "/v1/skus/" + SCARCE, "{\"name\":\"scarce\",\"allowBackorders\":false}").status())
                .isEqualTo(200);
        assertThat(api.put(ADMIN, "/v1/skus/" + PLENTY, "{\"name\":\"plenty\",\"allowBackorders\":true}").status())
                .isEqualTo(200);
        SCARCE_STOCK.forEach((location, units) -> assertThat(api.put(ADMIN, "/v1/inventory/" + SCARCE + "/" + location,
                "{\"onHand\":" + units + ",\"safetyStock\":0}").status()).isEqualTo(200));
        PLENTY_STOCK.forEach((location, units) -> assertThat(api.put(ADMIN, "/v1/inventory/" + PLENTY + "/" + location,
                "{\"onHand\":" + units + ",\"safetyStock\":0}").status()).isEqualTo(200));
    }

    private OrdoProcess serve() throws Exception {
        return servers.serve(config);
    }
}
