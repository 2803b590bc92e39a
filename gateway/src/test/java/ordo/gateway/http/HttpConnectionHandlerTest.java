package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import ordo.gateway.auth.Authenticator;

/**
 * The ordered response queue on an {@link EmbeddedChannel}, where the test decides exactly when each
 * answer arrives and when the event loop runs.
 */
class HttpConnectionHandlerTest {

    private final List<HttpExchange> held = new ArrayList<>();
    private final List<ByteBuf> kept = new ArrayList<>();
    private final Router router = new Router()
            .route("GET", "/hold", "hold", null, held::add)
            .route("POST", "/hold", "holdPost", null, held::add)
            .route("GET", "/now", "now", null, ex -> ex.respond(200, TestServer.json("{\"now\":true}")))
            .route("POST", "/keep", "keep", null, ex -> {
                kept.add(ex.body().retain());
                ex.respond(204, (byte[]) null);
            })
            .route("GET", "/writer", "writer", null,
                    ex -> ex.respond(200, JsonWriter.local().startObject().name("now").bool(true).endObject()))
            .route("GET", "/empty", "empty", null,
                    ex -> ex.setResponseHeader("Retry-After", "1").respond(503, (byte[]) null))
            .route("GET", "/big", "big", null, ex -> ex.respond(200, new byte[12_345]))
            .route("GET", "/problem", "problem", null,
                    ex -> ex.respondProblem(ProblemCode.IDEMPOTENCY_KEY_IN_FLIGHT.problem("taken").with("sku", "A").with("qty", 2)));
    private final Metrics metrics = new Metrics();
    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        // Every exchange owns its request until answered; answer the ones a test left waiting.
        for (HttpExchange exchange : held) {
            if (!exchange.isResponded()) {
                exchange.respond(200, TestServer.json("{}"));
            }
        }
        channel.runPendingTasks();
        channel.finishAndReleaseAll();
        kept.forEach(ByteBuf::release);
    }

    @Test
    void answersWaitForEveryEarlierAnswerWhateverThreadGivesThem() throws Exception {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(requests("/hold", "/now", "/hold", "/now"));

        assertThat(readResponses()).isEmpty();

        Thread other = new Thread(() -> held.get(1).respond(202, TestServer.json("{\"held\":2}")));
        other.start();
        other.join();
        channel.runPendingTasks();
        assertThat(readResponses()).isEmpty();

        held.get(0).respond(201, TestServer.json("{\"held\":1}"));
        channel.runPendingTasks();
        assertThat(readResponses()).containsExactly("HTTP/1.1 201 Created", "HTTP/1.1 200 OK",
                "HTTP/1.1 202 Accepted", "HTTP/1.1 200 OK");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aClientPipeliningPastTheCodecBoundGetsWhatIsOwedUntilTheCodecClosesTheConnection() {
        channel = channel(4);
        channel.writeInbound(requests("/hold", "/hold", "/hold", "/hold", "/hold", "/hold"));

        assertThat(channel.isOpen()).isTrue();
        assertThat(held).hasSize(4);

        held.get(0).respond(200, TestServer.json("{}"));
        channel.runPendingTasks();

        assertThat(readResponses()).containsExactly("HTTP/1.1 200 OK");
        assertThat(channel.isOpen()).isFalse();
        held.get(1).respond(200, TestServer.json("{}")); // dropped quietly: the connection is gone
    }

    @Test
    void answersForAClosedConnectionAreDroppedWithoutLeaks() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(requests("/hold"));
        ByteBuf body = Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8);

        channel.close();
        held.get(0).respond(200, body);
        channel.runPendingTasks();

        assertThat(body.refCnt()).isZero();
        assertThat(metrics.render()).doesNotContain("route=\"hold\",status");
    }

    @Test
    void aResponseIsWrittenAsOneBufferWithTheHeadersNettyWrote() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(Unpooled.copiedBuffer("GET /now HTTP/1.1\r\nHost: h\r\n\r\nGET /now HTTP/1.0\r\n"
                + "Connection: keep-alive\r\n\r\nGET /now HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
                StandardCharsets.US_ASCII));

        assertThat(readWhole()).isEqualTo("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + "content-length: 12\r\n\r\n{\"now\":true}"
                + "HTTP/1.0 200 OK\r\ncontent-type: application/json\r\ncontent-length: 12\r\n"
                + "connection: keep-alive\r\n\r\n{\"now\":true}"
                + "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 12\r\n"
                + "connection: close\r\n\r\n{\"now\":true}");
    }

    @Test
    void aHeadRequestIsAnsweredWithTheLengthOfTheBodyItDoesNotGet() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(Unpooled.copiedBuffer("HEAD /now HTTP/1.1\r\nHost: h\r\n\r\nGET /now HTTP/1.1\r\nHost: h\r\n\r\n",
                StandardCharsets.US_ASCII));

        // HEAD runs the GET route (RFC 9110 §9.3.2): the same head, the GET's content-length, and no content.
        assertThat(readWhole()).isEqualTo("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + "content-length: 12\r\n\r\n"
                + "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 12\r\n\r\n{\"now\":true}");
    }

    @Test
    void anAnswerWrittenFromTheJsonWriterIsTheSameResponseAsOneFromItsBytes() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(Unpooled.copiedBuffer("GET /writer HTTP/1.1\r\nHost: h\r\n\r\nHEAD /writer HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /writer HTTP/1.0\r\n\r\n", StandardCharsets.US_ASCII));

        assertThat(readWhole()).isEqualTo("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + "content-length: 12\r\n\r\n{\"now\":true}"
                + "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 12\r\n\r\n"
                + "HTTP/1.0 200 OK\r\ncontent-type: application/json\r\ncontent-length: 12\r\n\r\n{\"now\":true}");
    }

    @Test
    void routeHeadersComeFirstAnEmptyBodyHasNoTypeAndALengthIsWrittenInFull() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(requests("/empty", "/big"));

        String written = readWhole();
        assertThat(written).startsWith("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                + "content-length: 0\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + "content-length: 12345\r\n\r\n");
        assertThat(written).hasSize(written.indexOf("content-length: 12345\r\n\r\n") + 25 + 12_345);
    }

    @Test
    void aProblemIsAnsweredWithTheBytesOfItsJson() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(requests("/problem"));
        String json = new String(ProblemCode.IDEMPOTENCY_KEY_IN_FLIGHT.problem("taken").with("sku", "A").with("qty", 2).toJson(),
                StandardCharsets.UTF_8);

        assertThat(readWhole()).isEqualTo("HTTP/1.1 409 Conflict\r\ncontent-type: application/problem+json\r\n"
                + "content-length: " + json.length() + "\r\n\r\n" + json);
    }

    /**
     * A response encoded while the connection was to stay open, after which it must close all the same: because its
     * deadline expired while the answer was pending, or because the next request passed the pipelining bound. An
     * HTTP/1.1 answer then says {@code connection: close}; an HTTP/1.0 one no longer promises keep-alive.
     */
    @ParameterizedTest(name = "HTTP/1.{0}, closing because {1}")
    @CsvSource({"1, deadline", "1, bound", "0, deadline", "0, bound"})
    void aResponseForAKeptConnectionThatMustCloseAfterItSaysSo(int minor, String reason) {
        String keepAlive = minor == 0 ? "Connection: keep-alive\r\n" : "";
        String hold = "GET /hold HTTP/1." + minor + "\r\nHost: h\r\n" + keepAlive + "\r\n";
        if (reason.equals("bound")) {
            channel = channel(1);
            channel.writeInbound(Unpooled.copiedBuffer(hold + "GET /now HTTP/1." + minor + "\r\nHost: h\r\n\r\n",
                    StandardCharsets.US_ASCII));
        } else {
            channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
            channel.writeInbound(Unpooled.copiedBuffer(hold, StandardCharsets.US_ASCII));
            channel.pipeline().fireUserEventTriggered(Http1Decoder.EXPIRED_AFTER_ANSWER);
        }

        held.get(0).respond(200, TestServer.json("{\"a\":1}"));
        channel.runPendingTasks();

        assertThat(readWhole()).isEqualTo("HTTP/1." + minor + " 200 OK\r\ncontent-type: application/json\r\n"
                + "content-length: 7\r\n" + (minor == 1 ? "connection: close\r\n" : "") + "\r\n{\"a\":1}");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aSecondAnswerIsRefusedAndLeavesTheFirstAsItWas() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(requests("/hold", "/now"));
        held.get(0).respond(201, TestServer.json("{\"first\":1}"));
        ByteBuf second = Unpooled.copiedBuffer("{\"second\":2}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> held.get(0).respond(200, second)).isInstanceOf(IllegalStateException.class);
        channel.runPendingTasks();

        assertThat(second.refCnt()).isZero();
        assertThat(readWhole()).startsWith("HTTP/1.1 201 Created\r\ncontent-type: application/json\r\n"
                + "content-length: 11\r\n\r\n{\"first\":1}HTTP/1.1 200 OK");
    }

    @Test
    void aSkippedBodyMissingItsDeadlineEndsTheConnectionAfterTheAnswersOwedWithNoAnswerOfItsOwn() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(requests("/hold"));
        channel.writeInbound(Unpooled.copiedBuffer("POST /now HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\nabc",
                StandardCharsets.US_ASCII));
        channel.pipeline().fireUserEventTriggered(Http1Decoder.EXPIRED_AFTER_ANSWER);

        held.get(0).respond(200, TestServer.json("{}"));
        channel.runPendingTasks();

        String written = readWhole();
        assertThat(written).startsWith("HTTP/1.1 200 OK").doesNotContain("HTTP/1.1 408");
        assertThat(written.substring(written.lastIndexOf("HTTP/1.1 "))).startsWith("HTTP/1.1 413 ")
                .contains("connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aBodyItsRouteRetainedStaysItsOwnAfterTheAnswerWhileTheConnectionReadsMoreRequests() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        for (String body : new String[] {"{\"n\":1}", "{\"n\":2}", "{\"n\":3}"}) {
            channel.writeInbound(Unpooled.copiedBuffer("POST /keep HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body, StandardCharsets.US_ASCII));
        }

        assertThat(readResponses()).containsExactly("HTTP/1.1 204 No Content", "HTTP/1.1 204 No Content",
                "HTTP/1.1 204 No Content");
        assertThat(kept).extracting(body -> body.toString(StandardCharsets.UTF_8))
                .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    @Test
    void aRequestWaitingForItsAnswerKeepsItsHeadersAndBodyWhileLaterOnesAreAnsweredAndMoreAreRead() throws Exception {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(post("/hold", "first", "{\"n\":1}"));
        for (int i = 2; i <= 9; i++) {
            channel.writeInbound(post("/keep", "later-" + i, "{\"n\":" + i + "}"));
        }
        HttpExchange slow = held.get(0);

        String[] seen = new String[2];
        Thread replier = new Thread(() -> {
            seen[0] = slow.header("X-Tag");
            seen[1] = slow.body().toString(StandardCharsets.UTF_8);
            slow.respond(200, TestServer.json("{}"));
        });
        replier.start();
        replier.join();
        channel.runPendingTasks();

        assertThat(seen).containsExactly("first", "{\"n\":1}");
        assertThat(readResponses()).hasSize(9).first().isEqualTo("HTTP/1.1 200 OK");
        assertThat(kept).extracting(body -> body.toString(StandardCharsets.UTF_8)).containsExactly(
                "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}", "{\"n\":6}", "{\"n\":7}", "{\"n\":8}",
                "{\"n\":9}");
    }

    private static ByteBuf post(String path, String tag, String body) {
        return Unpooled.copiedBuffer("POST " + path + " HTTP/1.1\r\nHost: h\r\nX-Tag: " + tag
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
                StandardCharsets.US_ASCII);
    }

    private String readWhole() {
        return TestServer.readWritten(channel);
    }

    private EmbeddedChannel channel(int codecDepth) {
        return TestServer.embedded(router, metrics, codecDepth);
    }

    private static ByteBuf requests(String... paths) {
        StringBuilder text = new StringBuilder();
        for (String path : paths) {
            text.append("GET ").append(path).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /** The status lines of everything written so far. */
    private List<String> readResponses() {
        List<String> statusLines = new ArrayList<>();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            String text = out.toString(StandardCharsets.UTF_8);
            out.release();
            for (String line : text.split("\r\n")) {
                if (line.startsWith("HTTP/1.1 ")) {
                    statusLines.add(line);
                }
            }
        }
        return statusLines;
    }
}
