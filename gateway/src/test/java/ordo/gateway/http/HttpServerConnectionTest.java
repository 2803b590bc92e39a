package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import ordo.gateway.auth.Authenticator;
import ordo.gateway.config.HttpTransport;

/** Keep-alive, pipelining order, connection close rules, metrics and shutdown. */
@Timeout(30)
class HttpServerConnectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pipelinedResponsesComeBackInRequestOrderWhenTheFirstIsAnsweredLastFromAnotherThread() throws Exception {
        try (TestServer server = new TestServer(); RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /bad HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");

            RawHttp.Response first = raw.read();
            RawHttp.Response second = raw.read();
            RawHttp.Response third = raw.read();

            assertThat(first.status()).isEqualTo(200);
            JsonNode slow = JSON.readTree(first.body());
            assertThat(slow.get("answer").asText()).isEqualTo("slow");
            assertThat(slow.get("thread").asText()).isEqualTo("test-worker");
            assertThat(second.status()).isEqualTo(400);
            assertThat(JSON.readTree(second.body()).get("code").asText()).isEqualTo("INVALID_REQUEST");
            assertThat(third.status()).isEqualTo(200);
            assertThat(JSON.readTree(third.body()).get("answer").asText()).isEqualTo("fast");
        }
    }

    @Test
    void answersTheGatewayMakesItselfKeepTheirPlaceInThePipeline() throws Exception {
        try (TestServer server = new TestServer(); RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /v1/things/t-1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n" + "0".repeat(100_000)
                    + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(raw.read().status()).isEqualTo(200);
            assertThat(raw.read().status()).isEqualTo(413);
            assertThat(raw.read().status()).isEqualTo(404);
            assertThat(JSON.readTree(raw.read().body()).get("answer").asText()).isEqualTo("fast");
        }
    }

    @Test
    void aTimedOutRequestIsAnswered408AfterTheAnswersOwedBeforeIt() throws Exception {
        try (TestServer server = new TestServer(TestServer.testConfig().withRequestTimeoutSeconds(1));
             RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET /slow?millis=1500 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /v1/things/t-1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789");

            assertThat(JSON.readTree(raw.read().body()).get("answer").asText()).isEqualTo("slow");
            assertThat(raw.read().status()).isEqualTo(408);
            assertThat(raw.closedWithin(5_000)).isTrue();
        }
    }

    @Test
    void manyPipelinedRequestsMixingSlowAndFastAllComeBackInOrder() throws Exception {
        try (TestServer server = new TestServer(); RawHttp raw = new RawHttp(server.port)) {
            StringBuilder requests = new StringBuilder();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                boolean slow = i % 10 == 0;
                requests.append(slow ? "GET /slow?millis=20" : "GET /v1/things/t-" + i)
                        .append(" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ")
                        .append(TestServer.ADMIN_KEY).append("\r\n\r\n");
                expected.add(slow ? "slow" : "t-" + i);
            }
            raw.send(requests.toString());

            List<String> answers = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                JsonNode body = JSON.readTree(raw.read().body());
                answers.add(body.has("answer") ? body.get("answer").asText() : body.get("thingId").asText());
            }

            assertThat(answers).isEqualTo(expected);
        }
    }

    @Test
    void aDeepPipelineBehindASlowAnswerIsServedInFullAndInOrder() throws Exception {
        try (TestServer server = new TestServer(); RawHttp raw = new RawHttp(server.port)) {
            int count = 1_500;
            StringBuilder requests = new StringBuilder("GET /slow?millis=200 HTTP/1.1\r\nHost: x\r\n\r\n");
            for (int i = 1; i < count; i++) {
                requests.append("GET /v1/things/t-").append(i).append(" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ")
                        .append(TestServer.ADMIN_KEY).append("\r\n\r\n");
            }
            raw.send(requests.toString());

            assertThat(JSON.readTree(raw.read().body()).get("answer").asText()).isEqualTo("slow");
            for (int i = 1; i < count; i++) {
                assertThat(JSON.readTree(raw.read().body()).get("thingId").asText()).isEqualTo("t-" + i);
            }
        }
    }

    /**
     * Tiny requests (24 bytes) pipelined behind a slow one, once the connection's reads have grown to hold thousands
     * of them at a time: every one is answered, in order. The decoder once decoded a whole read while the connection
     * was paused, past the hard bound of requests in flight, and the ones beyond it — run already — never answered.
     */
    @Test
    void thousandsOfTinyPipelinedRequestsBehindASlowAnswerAreAllAnswered() throws Exception {
        try (TestServer server = new TestServer(); RawHttp raw = new RawHttp(server.port)) {
            String tiny = "GET /health HTTP/1.1\r\nHost: h\r\n\r\n";
            // Large reads first, so the server's reads grow to their largest.
            raw.send(tiny.repeat(4_000));
            for (int i = 0; i < 4_000; i++) {
                assertThat(raw.read().status()).isEqualTo(200);
            }
            int count = 5_000;
            raw.send("GET /slow?millis=200 HTTP/1.1\r\nHost: x\r\n\r\n" + tiny.repeat(count));

            assertThat(JSON.readTree(raw.read().body()).get("answer").asText()).isEqualTo("slow");
            for (int i = 0; i < count; i++) {
                assertThat(raw.read().status()).as("answer %d", i).isEqualTo(200);
            }
        }
    }

    /**
     * A request expecting 100-continue behind one still unanswered gets no interim 100 ahead of that answer (the client
     * would take it for the earlier request's); it sends its body after its own wait, and both are answered in order.
     */
    @Test
    void noContinueGoesOutAheadOfAnEarlierRequestsAnswer() throws Exception {
        try (TestServer server = new TestServer(); RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET /slow?millis=300 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /v1/things/t-1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServer.ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");

            RawHttp.Response first = raw.read();
            assertThat(first.status()).as("the slow GET's answer comes first, no 100 before it").isEqualTo(200);
            assertThat(JSON.readTree(first.body()).get("answer").asText()).isEqualTo("slow");
            raw.send("{}");
            assertThat(raw.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aKeepAliveConnectionIsReusedAcrossRequests() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (TestServer server = new TestServer()) {
            HttpRequest whoami = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + "/whoami"))
                    .timeout(Duration.ofSeconds(10)).build();

            int firstPort = JSON.readTree(client.send(whoami, HttpResponse.BodyHandlers.ofString()).body())
                    .get("port").asInt();
            int secondPort = JSON.readTree(client.send(whoami, HttpResponse.BodyHandlers.ofString()).body())
                    .get("port").asInt();

            assertThat(secondPort).isEqualTo(firstPort);
            assertThat(server.server.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void sequentialRequestsOnOneSocketAreAllAnswered() throws Exception {
        try (TestServer server = new TestServer(); RawHttp raw = new RawHttp(server.port)) {
            for (int i = 0; i < 3; i++) {
                raw.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response response = raw.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("connection")).isNull();
            }
        }
    }

    @Test
    void connectionCloseIsHonouredAfterTheResponse() throws Exception {
        try (TestServer server = new TestServer(); RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    + "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");

            RawHttp.Response response = raw.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(raw.closedWithin(5_000)).isTrue();
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        try (TestServer server = new TestServer()) {
            try (RawHttp raw = new RawHttp(server.port)) {
                raw.send("GET /health HTTP/1.0\r\n\r\n");
                RawHttp.Response response = raw.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(raw.closedWithin(5_000)).isTrue();
            }
            try (RawHttp raw = new RawHttp(server.port)) {
                raw.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                RawHttp.Response response = raw.read();
                assertThat(response.header("connection")).isEqualToIgnoringCase("keep-alive");
                raw.send("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                assertThat(raw.read().status()).isEqualTo(200);
            }
        }
    }

    @Test
    void metricsCountRequestsByRouteAndStatusWithALatencyHistogram() throws Exception {
        try (TestServer server = new TestServer(); RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /bad HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
            for (int i = 0; i < 4; i++) {
                raw.read();
            }
            raw.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response metrics = raw.read();

            assertThat(metrics.header("content-type")).startsWith("text/plain; version=0.0.4");
            assertThat(metrics.body()).contains(
                    "# TYPE ordo_http_requests_total counter\n",
                    "ordo_http_requests_total{route=\"health\",status=\"200\"} 2\n",
                    "ordo_http_requests_total{route=\"bad\",status=\"400\"} 1\n",
                    "ordo_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n",
                    "# TYPE ordo_http_request_duration_seconds histogram\n",
                    "ordo_http_request_duration_seconds_bucket{route=\"health\",le=\"+Inf\"} 2\n",
                    "ordo_http_request_duration_seconds_count{route=\"health\"} 2\n",
                    "ordo_http_request_duration_seconds_sum{route=\"health\"} ",
                    "ordo_http_request_duration_seconds_bucket{route=\"getThing\",le=\"0.0001\"} 0\n");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void everyTransportServesInRequestOrderOrRefusesToStartWhereItCannotRun(HttpTransport transport)
            throws Exception {
        String runnable = switch (transport) {
            case AUTO -> Epoll.isAvailable() ? "epoll" : "nio";
            case IO_URING -> IoUring.isAvailable() ? "io_uring" : null;
            case EPOLL -> Epoll.isAvailable() ? "epoll" : null;
            case NIO -> "nio";
        };
        if (runnable == null) {
            assertThatThrownBy(() -> new TestServer(TestServer.testConfig().withTransport(transport)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("http.transport " + transport.configName() + " is not available");
            return;
        }
        try (TestServer server = new TestServer(TestServer.testConfig().withTransport(transport));
                RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(server.server.transport()).isEqualTo(runnable);
            assertThat(JSON.readTree(raw.read().body()).get("answer").asText()).isEqualTo("slow");
            assertThat(JSON.readTree(raw.read().body()).get("answer").asText()).isEqualTo("fast");
        }
    }

    /**
     * Many keep-alive connections, each pipelining bursts of requests whose answers come from the event loop and
     * from another thread in turn: every answer arrives, in request order, on every transport this machine runs (a
     * read that is not re-armed after a burst would stall a connection until the socket timeout).
     */
    @ParameterizedTest
    @MethodSource("ordo.gateway.http.TestServer#runnableTransports")
    void everyTransportAnswersEveryPipelinedRequestOnManyConnectionsInOrder(HttpTransport transport)
            throws Exception {
        int connections = 32;
        int bursts = 40;
        int depth = 8;
        try (TestServer server = new TestServer(TestServer.testConfig().withTransport(transport))) {
            List<Callable<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int client = c;
                clients.add(() -> {
                    int answered = 0;
                    try (RawHttp raw = new RawHttp(server.port)) {
                        for (int b = 0; b < bursts; b++) {
                            StringBuilder burst = new StringBuilder();
                            for (int i = 0; i < depth; i++) {
                                burst.append(i % 2 == 0
                                        ? "GET /slow?millis=0 HTTP/1.1\r\nHost: x\r\n\r\n"
                                        : "GET /v1/things/t-" + client + "-" + b + "-" + i
                                                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                                + TestServer.ADMIN_KEY + "\r\n\r\n");
                            }
                            raw.send(burst.toString());
                            for (int i = 0; i < depth; i++) {
                                RawHttp.Response response = raw.read();
                                assertThat(response.status()).isEqualTo(200);
                                JsonNode body = JSON.readTree(response.body());
                                if (i % 2 == 0) {
                                    assertThat(body.get("answer").asText()).isEqualTo("slow");
                                } else {
                                    assertThat(body.get("thingId").asText()).isEqualTo("t-" + client + "-" + b + "-" + i);
                                }
                                answered++;
                            }
                        }
                    }
                    return answered;
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(connections);
            try {
                int total = 0;
                for (Future<Integer> answered : pool.invokeAll(clients)) {
                    total += answered.get();
                }
                assertThat(total).isEqualTo(connections * bursts * depth);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("ordo.gateway.http.TestServer#runnableTransports")
    void closeStopsEveryEventLoopThread(HttpTransport transport) throws Exception {
        TestServer server = new TestServer(TestServer.testConfig().withIoThreads(2).withTransport(transport));
        try (RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
            assertThat(eventLoopThreads()).isNotEmpty();

            server.close();

            assertThat(raw.closedWithin(5_000)).isTrue();
        }
        assertThat(eventLoopThreadsAfterStop()).isEmpty();
    }

    /**
     * The set-up hook (the server's: hold the pipeline's wake-ups to the end of each turn) runs once on each event
     * loop, on that loop's own thread, before the loop serves a request: every answer below comes from a thread whose
     * set-up has run, over several connections spread across the loops.
     */
    @ParameterizedTest
    @MethodSource("ordo.gateway.http.TestServer#runnableTransports")
    void eventLoopSetUpRunsOnceOnEachLoopsOwnThreadBeforeItServes(HttpTransport transport) throws Exception {
        List<String> setUps = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<Thread> setUpThreads = ConcurrentHashMap.newKeySet();
        Router router = new Router().route("GET", "/who", "who", null, ex -> ex.respond(200, TestServer.json(
                "{\"thread\":\"" + Thread.currentThread().getName() + "\",\"setUp\":"
                        + setUpThreads.contains(Thread.currentThread()) + "}")));
        HttpServer server = new HttpServer(TestServer.testConfig().withIoThreads(3).withTransport(transport),
                new HttpDispatcher(router, new Authenticator(List.of()), new Metrics()), loop -> {
                    setUps.add(Thread.currentThread().getName() + (loop.inEventLoop() ? "" : " (not its loop)"));
                    setUpThreads.add(Thread.currentThread());
                });
        try {
            int port = server.start();
            Set<String> answeredBy = ConcurrentHashMap.newKeySet();
            for (int connection = 0; connection < 6; connection++) {
                try (RawHttp raw = new RawHttp(port)) {
                    raw.send("GET /who HTTP/1.1\r\nHost: x\r\n\r\n");
                    JsonNode answer = JSON.readTree(raw.read().body());
                    assertThat(answer.get("setUp").asBoolean()).as(answer.toString()).isTrue();
                    answeredBy.add(answer.get("thread").asText());
                }
            }
            assertThat(setUps).hasSize(3).doesNotHaveDuplicates().allMatch(name -> name.startsWith("ordo-http-"));
            assertThat(answeredBy).isSubsetOf(setUps).hasSizeGreaterThan(1);
        } finally {
            server.close();
        }
    }

    @Test
    void startReportsAPortInUse() throws Exception {
        try (TestServer first = new TestServer()) {
            HttpServer second = new HttpServer(TestServer.testConfig().withPort(first.port),
                    new HttpDispatcher(new Router(), new Authenticator(List.of()), new Metrics()));
            try {
                assertThatThrownBy(second::start)
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port);
            } finally {
                second.close();
            }
        }
    }

    private static List<String> eventLoopThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("ordo-http") && thread.isAlive()) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    /** Threads end a moment after their executor reports termination. */
    private static List<String> eventLoopThreadsAfterStop() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> names = eventLoopThreads();
        while (!names.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            names = eventLoopThreads();
        }
        return names;
    }
}
