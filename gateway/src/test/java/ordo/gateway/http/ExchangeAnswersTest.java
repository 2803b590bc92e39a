package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import ordo.gateway.auth.Authenticator;

/**
 * An oversized HTTP/1.0 keep-alive body; answers racing on one exchange give exactly one response. (The answer
 * before the pipelining bound is pinned in {@code HttpConnectionHandlerTest}.)
 */
class ExchangeAnswersTest {

    private final List<HttpExchange> held = new ArrayList<>();
    private final Router router = new Router()
            .route("GET", "/hold", "hold", null, held::add)
            .route("GET", "/now", "now", null, ex -> ex.respond(200, TestServer.json("{\"now\":true}")));
    private EmbeddedChannel channel;
    private final Metrics metrics = new Metrics();

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void anOversizedHttp10KeepAliveBodyThatIsSkipped() {
        channel = new EmbeddedChannel(new Http1Decoder(4096, 8192, 4, 10_000_000_000L),
                new HttpConnectionHandler(new HttpDispatcher(router, new Authenticator(List.of()), new Metrics()),
                        HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH));
        channel.writeInbound(ascii("POST /now HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 10\r\n\r\n"
                + "0123456789"));
        assertThat(readWhole()).startsWith("HTTP/1.0 413 Request Entity Too Large\r\n")
                .contains("\r\ncontent-length: 181\r\nconnection: keep-alive\r\n\r\n{");
        assertThat(channel.isOpen()).isTrue();
    }

    /**
     * An exchange that cannot be answered at all (its thread ran out of memory making the response) closes the
     * connection once the answers before it are written: the client is not left waiting for it, nor for the requests
     * pipelined behind it, which are dropped as after any broken request.
     */
    @Test
    void anAbandonedExchangeClosesTheConnectionAfterTheAnswersBeforeIt() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(ascii("GET /now HTTP/1.1\r\nHost: h\r\n\r\nGET /hold HTTP/1.1\r\nHost: h\r\n\r\nGET /now HTTP/1.1\r\nHost: h\r\n\r\n"));
        HttpExchange abandoned = held.get(0);

        abandoned.abandon(new OutOfMemoryError("no direct memory for the response (a test)"));
        abandoned.respondInternalError(new IllegalStateException("a later attempt changes nothing"));
        channel.runPendingTasks();

        String written = readWhole();
        assertThat(written).startsWith("HTTP/1.1 200 OK\r\n").contains("{\"now\":true}");
        assertThat(written.split("HTTP/1.1 ", -1)).as("only the answer before the abandoned one").hasSize(2);
        assertThat(channel.isOpen()).isFalse();
        String scrape = metrics.render();
        assertThat(scrape).contains("ordo_http_answers_abandoned_total{route=\"hold\"} 1\n")
                .as("nothing was sent for it: not counted as an answer")
                .doesNotContain("ordo_http_requests_total{route=\"hold\"");
    }

    /**
     * Out of heap, writing the log line (the cause's stack trace) may be what fails: the exchange is answered, or its
     * connection closed, before it is logged, so the client is never left waiting on a log line.
     */
    @Test
    void anExchangeIsAnsweredOrAbandonedEvenWhenItsFailureCannotBeLogged() {
        channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
        channel.writeInbound(ascii("GET /hold HTTP/1.1\r\nHost: h\r\n\r\nGET /hold HTTP/1.1\r\nHost: h\r\n\r\n"));

        assertThatCode(() -> held.get(0).respondInternalError(new UnprintableFailure())).doesNotThrowAnyException();
        assertThatCode(() -> held.get(1).abandon(new UnprintableFailure())).doesNotThrowAnyException();
        channel.runPendingTasks();

        String written = readWhole();
        assertThat(written).startsWith("HTTP/1.1 500 Internal Server Error\r\n");
        assertThat(written.split("HTTP/1.1 ", -1)).as("the 500, then the abandoned one closes").hasSize(2);
        assertThat(channel.isOpen()).isFalse();
    }

    /** A failure whose log line finds no memory: rendering its message runs out, as a stack trace can out of heap. */
    private static final class UnprintableFailure extends IllegalStateException {
        @Override
        public String getMessage() {
            throw new OutOfMemoryError("no heap left to render the log line (a test)");
        }
    }

    @Test
    void concurrentAnswersGiveExactlyOneResponse() throws Exception {
        for (int round = 0; round < 200; round++) {
            held.clear();
            channel = channel(HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH);
            channel.writeInbound(ascii("GET /hold HTTP/1.1\r\nHost: h\r\n\r\n"));
            HttpExchange ex = held.get(0);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger wins = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int n = t;
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        ex.respond(200, ("{\"t\":" + n + "}").getBytes(StandardCharsets.US_ASCII));
                        wins.incrementAndGet();
                    } catch (IllegalStateException lost) {
                        // refused
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                thread.start();
                threads.add(thread);
            }
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(wins.get()).isEqualTo(1);
            String written = readWhole();
            assertThat(written).matches("HTTP/1\\.1 200 OK\r\ncontent-type: application/json\r\n"
                    + "content-length: 7\r\n\r\n\\{\"t\":[0-3]\\}");
            channel.finishAndReleaseAll();
            channel = null;
        }
    }

    private String readWhole() {
        return TestServer.readWritten(channel);
    }

    private EmbeddedChannel channel(int depth) {
        return TestServer.embedded(router, metrics, depth);
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
