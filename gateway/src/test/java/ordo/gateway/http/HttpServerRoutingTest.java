package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Routing, authentication, authorisation and content checks, over real HTTP. */
@Timeout(30)
class HttpServerRoutingTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void publicRoutesNeedNoKey() throws Exception {
        HttpResponse<String> response = get("/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void aMissingKeyIsAnswered401WithABearerChallenge() throws Exception {
        HttpResponse<String> response = get("/v1/things/t-1", null);

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer");
    }

    @Test
    void aWrongKeyIsAnswered401() throws Exception {
        assertProblem(get("/v1/things/t-1", "Bearer not-a-key"), 401, "UNAUTHORIZED");
        assertProblem(get("/v1/things/t-1", "Basic dGVzdDp0ZXN0"), 401, "UNAUTHORIZED");
    }

    @Test
    void aRoleTheRouteDoesNotAdmitIsAnswered403() throws Exception {
        JsonNode problem = assertProblem(get("/v1/things/t-1", "Bearer " + TestServer.AUDIT_KEY), 403, "FORBIDDEN");

        assertThat(problem.get("detail").asText()).contains("auditor", "getThing");
    }

    @Test
    void theRefusalOfARoleReadsAsASentence() throws Exception {
        JsonNode problem = assertProblem(get("/v1/things/t-1", "Bearer " + TestServer.AUDIT_KEY), 403, "FORBIDDEN");

        assertThat(problem.get("detail").asText()).isEqualTo("an auditor key may not call getThing");
    }

    @Test
    void anAdmittedRoleReachesTheRouteWithItsPrincipalAndParams() throws Exception {
        HttpResponse<String> response = get("/v1/things/sku-1.A:b_c?q=x%20y&q=second", "Bearer " + TestServer.WEB_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.readTree("{\"thingId\":\"sku-1.A:b_c\",\"principal\":\"webshop\",\"q\":\"x y\"}"));
    }

    @Test
    void percentEncodedPathParamsAreDecoded() throws Exception {
        HttpResponse<String> response = get("/v1/pairs/a%2Db/c%3Ad", "Bearer " + TestServer.ADMIN_KEY);

        assertThat(JSON.readTree(response.body()).get("left").asText()).isEqualTo("a-b");
        assertThat(JSON.readTree(response.body()).get("right").asText()).isEqualTo("c:d");
    }

    @Test
    void aLiteralSegmentWinsOverAParameter() throws Exception {
        HttpResponse<String> response = get("/v1/things/search", "Bearer " + TestServer.ADMIN_KEY);

        assertThat(response.body()).isEqualTo("{\"route\":\"search\"}");
    }

    @Test
    void anInvalidIdIsAnswered400NamingTheParameter() throws Exception {
        JsonNode tooLong = assertProblem(get("/v1/pairs/ok/" + "x".repeat(65), "Bearer " + TestServer.ADMIN_KEY),
                400, "INVALID_REQUEST");
        JsonNode badChar = assertProblem(get("/v1/pairs/a%20b/ok", "Bearer " + TestServer.ADMIN_KEY),
                400, "INVALID_REQUEST");

        assertThat(tooLong.get("field").asText()).isEqualTo("right");
        assertThat(tooLong.get("detail").asText()).contains("right");
        assertThat(badChar.get("field").asText()).isEqualTo("left");
    }

    @Test
    void aQueryThatIsNotValidPercentEncodingIsAnswered400() throws Exception {
        try (RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET /v1/things/t-1?q=%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServer.ADMIN_KEY
                    + "\r\n\r\n");
            RawHttp.Response response = raw.read();

            assertThat(response.status()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("INVALID_REQUEST");
        }
    }

    /**
     * A route that reads no query ignores it whole, even one that is not percent-encoding: a liveness probe answered
     * 400 for {@code ?x=%ZZ} (found in QA). A route that reads one still refuses it.
     */
    @Test
    void aRouteThatReadsNoQueryIgnoresOneThatIsNotValidPercentEncoding() throws Exception {
        try (RawHttp raw = new RawHttp(server.port)) {
            for (String query : new String[] {"x=%ZZ", "%", "a=%E9", "=%zz&&"}) {
                raw.send("GET /health?" + query + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response response = raw.read();

                assertThat(response.status()).as(query).isEqualTo(200);
                assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
            }
            // Percent-encoded bytes that are not UTF-8 too: %ff read as U+FFFD, a parameter named "\uFFFD" (QA-217).
            // The refusal names the parameter when its name decodes (QA-273: it named none), the first bad one.
            String[][] cases = {{"x=%ZZ", "x"}, {"%ff=1", null}, {"after=%ff", "after"}, {"x=%E9", "x"},
                {"x=%C3%28", "x"}, {"q=1&after=ok;%ZZ", null}, {"q=1;a%2Bb+c=%E9&after=%ff", "a+b c"}, {"=%zz", null}};
            for (String[] c : cases) {
                raw.send("GET /v1/things/search?" + c[0] + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + TestServer.ADMIN_KEY + "\r\n\r\n");
                RawHttp.Response strict = raw.read();

                assertThat(strict.status()).as("a route that takes a query checks it: %s", c[0]).isEqualTo(400);
                JsonNode problem = JSON.readTree(strict.body());
                assertThat(problem.get("detail").asText()).as(c[0]).isEqualTo(c[1] == null
                        ? "the query string is not valid percent-encoded UTF-8 (send non-ASCII characters percent-encoded)"
                        : c[1] + ": not valid percent-encoded UTF-8 (send non-ASCII characters percent-encoded)");
                assertThat(problem.path("field").isMissingNode() ? null : problem.get("field").asText()).as(c[0])
                        .isEqualTo(c[1]);
            }
        }
        assertThat(HttpExchange.isUtf8PercentEncoding("q=%E2%82%AC&r=caf%C3%A9+x;y")).as("€ and é").isTrue();
        assertThat(HttpExchange.isUtf8PercentEncoding("q=caf\u00c3\u00a9")).as("raw bytes, read as Latin-1").isFalse();
    }

    /**
     * A query parameter the route does not read is refused before the route runs, naming it and what the route takes:
     * ignored, {@code POST /v1/orders?dryRun=true} placed a real order (found in QA).
     */
    @Test
    void aQueryParameterTheRouteDoesNotReadIsAnswered400NamingIt() throws Exception {
        String admin = "Bearer " + TestServer.ADMIN_KEY;
        JsonNode none = assertProblem(get("/v1/things/search?dryRun=true", admin), 400, "INVALID_REQUEST");
        JsonNode other = assertProblem(get("/v1/things/t-1?q=a&dryRun=true", admin), 400, "INVALID_REQUEST");
        JsonNode empty = assertProblem(get("/fast?x", null), 400, "INVALID_REQUEST");

        assertThat(none.get("field").asText()).isEqualTo("dryRun");
        assertThat(none.get("detail").asText()).isEqualTo("dryRun: unknown query parameter; this route takes none");
        assertThat(other.get("field").asText()).isEqualTo("dryRun");
        assertThat(other.get("detail").asText()).isEqualTo("dryRun: unknown query parameter; this route takes q");
        assertThat(empty.get("field").asText()).isEqualTo("x");
        assertThat(get("/v1/things/t-1?q=a", admin).body()).contains("\"q\":\"a\"");
        assertThat(get("/v1/things/search?", admin).statusCode()).isEqualTo(200);
        assertThat(get("/health?from=lb&x", null).statusCode()).as("a probe takes any query").isEqualTo(200);
    }

    /** A parameter without a name is named as such: Netty reads {@code =1} as one named "1" (found in QA). */
    @Test
    void aQueryParameterWithoutANameIsAnswered400SayingSo() throws Exception {
        String admin = "Bearer " + TestServer.ADMIN_KEY;
        for (String query : new String[] {"=1", "q=a&=1", "q=a;=1", "&=x"}) {
            JsonNode nameless = assertProblem(get("/v1/things/t-1?" + query, admin), 400, "INVALID_REQUEST");

            assertThat(nameless.get("field").asText()).as(query).isEmpty();
            assertThat(nameless.get("detail").asText()).as(query)
                    .isEqualTo("\"\": unknown query parameter (one without a name); this route takes q");
        }
        assertThat(get("/v1/things/t-1?q==1", admin).body()).as("'=' in a value").contains("\"q\":\"=1\"");
        // No name and no value: the decoder drops it, and so does the route, as before (found in review).
        for (String query : new String[] {"=", "q=a&=", "q=a;=&", "=&q=a"}) {
            assertThat(get("/v1/things/t-1?" + query, admin).statusCode()).as(query).isEqualTo(200);
        }
    }

    /**
     * In absolute-form the authority ends at '/', '?' or '#': a query right after it is the query of "/", not part
     * of a path (read up to '/' alone, {@code http://x?a=/health} reached /health and {@code http://x?dryRun=1}
     * lost its query).
     */
    @Test
    void anAbsoluteFormTargetsAuthorityEndsAtItsQuery() throws Exception {
        try (RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET http://x?a=/health HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response query = raw.read();
            raw.send("GET HTTP://x:1/health?from=lb HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response path = raw.read();

            assertThat(query.status()).isEqualTo(404);
            assertThat(JSON.readTree(query.body()).get("detail").asText()).isEqualTo("no resource at /");
            assertThat(path.status()).isEqualTo(200);
        }
    }

    @Test
    void eachRequestOnAKeepAliveConnectionIsAuthenticatedByTheKeyItCarries() throws Exception {
        try (RawHttp raw = new RawHttp(server.port)) {
            String[] keys = {TestServer.ADMIN_KEY, TestServer.ADMIN_KEY, TestServer.AUDIT_KEY, "test-admin-key-2",
                    "test-admin-key-1 ", TestServer.ADMIN_KEY.substring(1), TestServer.ADMIN_KEY};
            int[] expected = {200, 200, 403, 401, 200, 401, 200};
            for (int i = 0; i < keys.length; i++) {
                raw.send("GET /v1/things/search HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + keys[i] + "\r\n\r\n");
                assertThat(raw.read().status()).as("request %d with key '%s'", i, keys[i]).isEqualTo(expected[i]);
            }
            raw.send("GET /v1/things/search HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(401);
        }
    }

    @Test
    void anInvalidIdFromAnAnonymousCallerIsStill401() throws Exception {
        assertProblem(get("/v1/pairs/a%20b/ok", null), 401, "UNAUTHORIZED");
    }

    @Test
    void anUnknownPathIsAnswered404() throws Exception {
        JsonNode problem = assertProblem(get("/v1/nothing/here", "Bearer " + TestServer.ADMIN_KEY), 404, "NOT_FOUND");

        assertThat(problem.get("type").asText()).isEqualTo("https://ordo.dev/problems/not-found");
        assertThat(problem.get("title").asText()).isEqualTo("Not found");
        assertThat(problem.get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aKnownPathWithAnotherMethodIsAnswered405WithAllow() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/things/t-1"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY));

        assertProblem(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(response.headers().firstValue("allow")).hasValue("DELETE, GET, HEAD");
    }

    @Test
    void aNonJsonBodyIsAnswered415() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/things/t-1/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY));

        assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    /**
     * A body in another charset than UTF-8, or in a content coding, is answered 415 (RFC 9110 §15.5.16, with
     * Accept-Encoding for the coding): both were read as plain UTF-8 JSON (found in QA).
     */
    @Test
    void aBodyInAnotherCharsetOrAContentCodingIsAnswered415() throws Exception {
        for (String[] header : new String[][] {{"Content-Type", "application/json; charset=utf-16"},
                {"Content-Encoding", "gzip"}, {"Content-Encoding", "identity, br"}, {"Content-Encoding", "X-Custom"}}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/things/t-1/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"world\"}"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_KEY);
            if (!header[0].equals("Content-Type")) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = send(request.header(header[0], header[1]));

            JsonNode problem = assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
            assertThat(response.headers().firstValue("accept-encoding")).as(header[1])
                    .isEqualTo(header[0].equals("Content-Encoding") ? java.util.Optional.of("identity")
                            : java.util.Optional.empty());
            assertThat(problem.get("detail").asText()).as(header[1]).isEqualTo(header[0].equals("Content-Type")
                    ? "request bodies must be UTF-8: charset utf-16 is not supported"
                    : "Content-Encoding " + header[1].replace("identity, ", "")
                            + " is not supported: send the body as it is (identity)");
        }
        HttpResponse<String> identity = send(HttpRequest.newBuilder(uri("/v1/things/t-1/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json; charset=\"UTF-8\"")
                .header("Content-Encoding", "identity")
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY));
        assertThat(identity.statusCode()).as("identity and utf-8 are the body as sent").isEqualTo(200);
    }

    @Test
    void aJsonBodyReachesTheRoute() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/things/t-1/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"wörld\"}"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"hello\":\"wörld\"}");
    }

    @Test
    void aNoContentAnswerHasNoBody() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/things/t-1"))
                .DELETE()
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aThrowingRouteIsAnswered500AndTheConnectionLivesOn() throws Exception {
        try (RawHttp raw = new RawHttp(server.port)) {
            raw.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response boom = raw.read();
            raw.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response health = raw.read();

            assertThat(boom.status()).isEqualTo(500);
            assertThat(boom.header("content-type")).isEqualTo("application/problem+json");
            JsonNode problem = JSON.readTree(boom.body());
            assertThat(problem.get("code").asText()).isEqualTo("INTERNAL");
            assertThat(problem.toString()).doesNotContain("boom on purpose");
            assertThat(health.status()).isEqualTo(200);
        }
    }

    @Test
    void aSecondAnswerIsRefusedAndTheFirstStands() throws Exception {
        HttpResponse<String> response = get("/twice", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"answer\":\"first\"}");
        assertThat(server.secondAnswer.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already answered");
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port + path);
    }

    static JsonNode assertProblem(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("type").asText()).startsWith("https://ordo.dev/problems/");
        assertThat(problem.get("title").asText()).isNotEmpty();
        return problem;
    }
}
