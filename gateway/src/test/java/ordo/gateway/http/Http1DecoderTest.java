package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpVersion;

/** The request decoder alone on an {@link EmbeddedChannel}: what it passes on for the bytes it is given. */
class Http1DecoderTest {

    private static final int MAX_BODY = 64;
    private final EmbeddedChannel channel = new EmbeddedChannel(new Http1Decoder(256, 512, MAX_BODY, 10_000_000_000L));
    private final List<Object> decoded = new ArrayList<>();

    @AfterEach
    void finish() {
        for (Object message : decoded) {
            if (message instanceof Http1Head request) {
                request.body.release();
            }
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void aRequestSentOneByteAtATimeIsReadExactlyAsOneSentWhole() {
        String text = "POST /v1/reservations?x=1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                + "Authorization:   Bearer k-1  \r\nContent-Length: 7\r\n\r\n{\"a\":1}";
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        Http1Head request = onlyRequest();
        assertThat(request.method).isEqualTo("POST");
        assertThat(request.uri).isEqualTo("/v1/reservations?x=1");
        assertThat(request.version).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(request.keepAlive).isTrue();
        assertThat(request.header("authorization")).isEqualTo("Bearer k-1");
        assertThat(request.header("CONTENT-TYPE")).isEqualTo("application/json");
        assertThat(request.header("Idempotency-Key")).isNull();
        assertThat(request.body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void aTargetSentAgainIsTheSameStringAndAnotherOneIsReadAfresh() {
        write("GET /v1/x?a=\u00e9 HTTP/1.1\r\nHost: h\r\n\r\nGET /v1/x?a=\u00e9 HTTP/1.1\r\nHost: h\r\n\r\nGET /v1/y?a=\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /v1/x?a=\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n");

        List<Http1Head> requests = requests();
        assertThat(requests).extracting(r -> r.uri)
                .containsExactly("/v1/x?a=\u00e9", "/v1/x?a=\u00e9", "/v1/y?a=\u00e9", "/v1/x?a=\u00e9");
        assertThat(requests.get(1).uri).isSameAs(requests.get(0).uri);
        assertThat(requests.get(3).uri).isNotSameAs(requests.get(0).uri);
    }

    @Test
    void aHeadItsExchangeIsDoneWithReadsTheNextRequestAsItsOwn() {
        write("POST /a HTTP/1.1\r\nHost: h\r\nX-Only-First: yes\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "Expect: 100-continue\r\n\r\n{}");
        Http1Head first = onlyRequest();
        assertThat(first.expectContinue).isTrue();
        first.body.release();
        decoded.clear();
        first.recycle();

        write("GET /b HTTP/1.0\r\nHost: h\r\n\r\n");

        Http1Head second = onlyRequest();
        assertThat(second).isSameAs(first);
        assertThat(second.method + " " + second.uri + " " + second.version).isEqualTo("GET /b HTTP/1.0");
        assertThat(second.contentLength).isEqualTo(-1);
        assertThat(second.expectContinue).isFalse();
        assertThat(second.keepAlive).isFalse();
        assertThat(second.body.isReadable()).isFalse();
        assertThat(second.header("Host")).isEqualTo("h");
        assertThat(second.header("X-Only-First")).isNull();
        assertThat(second.header("Content-Type")).isNull();
    }

    @Test
    void aSmallBodyIsCopiedIntoItsHeadsOwnBufferWhichTheNextRequestOfTheHeadReuses() {
        write("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
        Http1Head first = onlyRequest();
        assertThat(first.ownsBody()).isTrue();
        assertThat(first.body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        ByteBuf firstBody = first.body;
        decoded.clear();
        first.recycle();

        write("POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n[1]");

        Http1Head second = onlyRequest();
        assertThat(second).isSameAs(first);
        assertThat(second.body).isSameAs(firstBody);
        assertThat(second.body.toString(StandardCharsets.UTF_8)).isEqualTo("[1]");
    }

    @Test
    void aHeadWithALargerHeaderBlockThanTheLastGetsArraysLargeEnough() {
        write("GET /a HTTP/1.1\r\nHost: h\r\n\r\n");
        Http1Head first = onlyRequest();
        decoded.clear();
        first.recycle();

        write("GET /b HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: " + "3".repeat(300) + "\r\n\r\n");

        Http1Head second = onlyRequest();
        assertThat(second.header("a") + second.header("b") + second.header("c")).isEqualTo("12" + "3".repeat(300));
    }

    @Test
    void pipelinedRequestsInOneReadAreEachPassedOnWithTheirOwnBody() {
        write("\r\nPOST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}"
                + "GET /b HTTP/1.1\r\nHost: h\r\nX-Twice: one\r\nx-twice: two\r\n\r\n"
                + "POST /c HTTP/1.1\r\nHost: h\r\ncontent-length: 3\r\n\r\n[1]");

        List<Http1Head> requests = requests();
        assertThat(requests).extracting(r -> r.method + " " + r.uri).containsExactly("POST /a", "GET /b", "POST /c");
        assertThat(requests.get(0).body.toString(StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(requests.get(1).body.isReadable()).isFalse();
        assertThat(requests.get(1).header("X-TWICE")).isEqualTo("one");
        assertThat(requests.get(2).body.toString(StandardCharsets.UTF_8)).isEqualTo("[1]");
    }

    @Test
    void aChunkedBodyIsAssembledWithExtensionsAndTrailersDropped() {
        write("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\n{\"a\r\n4\r\n\":1}\r\n0\r\nX-T: 1\r\n\r\n"
                + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");

        List<Http1Head> requests = requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(requests.get(0).keepAlive).isTrue();
        assertThat(requests.get(1).uri).isEqualTo("/next");
    }

    @Test
    void bothChunkedAndContentLengthAreRejected400WithoutReadingTheRequest() {
        assertRejected("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 50\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\n{}\r\n0\r\n\r\n", 400);
        assertRejected("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n0\r\n\r\n", 400);
    }

    @Test
    void aFieldThatMayAppearOnceGivenTwiceIsRejected400AndNothingAfterItIsRead() {
        String post = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n";
        assertRejected(post + "Authorization: Bearer a\r\nauthorization: Bearer b\r\n\r\n{}", 400);
        assertRejected(post + "Idempotency-Key: k-1\r\nIdempotency-Key: k-2\r\n\r\n{}", 400);
        assertRejected(post + "Content-Type: application/json\r\nContent-Type: text/plain\r\n\r\n{}", 400);
        assertRejected(post + "Host: b\r\n\r\n{}", 400);
        assertRejected(post + "Content-Length: 2\r\n\r\n{}", 400);

        write(post + "Authorization: Bearer a\r\nIdempotency-Key: k-1\r\nContent-Type: application/json\r\n"
                + "Accept: a\r\nAccept: b\r\n\r\n{}");
        Http1Head once = onlyRequest();
        assertThat(once.method).as("each once, and a list field twice, is a request").isEqualTo("POST");
    }

    @Test
    void aTransferEncodingOtherThanChunkedAloneIsRejected400AndNothingAfterItIsRead() {
        String post = "POST /a HTTP/1.1\r\nHost: h\r\n";
        assertRejected(post + "Transfer-Encoding: gzip\r\n\r\n", 400);
        assertRejected(post + "Transfer-Encoding: xchunked\r\nContent-Length: 9\r\n\r\n0\r\n\r\nX", 400);
        assertRejected(post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400);
        assertRejected(post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n", 400);
        assertRejected(post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400);
        assertRejected(post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        assertRejected(post + "Transfer-Encoding: \r\nContent-Length: 2\r\n\r\n{}", 400);
        assertRejected(post + "Transfer-Encoding: gzip,,chunked\r\n\r\n0\r\n\r\n", 400);
        assertRejected(post + "Transfer-Encoding: chunked, chunked\r\nTransfer-Encoding: , chunked\r\n\r\n0\r\n\r\n",
                400);
        assertRejected("POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n"
                + "2\r\n{}\r\n0\r\n\r\n", 400);
        // Content codings before chunked: nothing here decodes them, so the body would reach a route still encoded.
        assertRejected(post + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400);
        assertRejected(post + "Transfer-Encoding: identity, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400);
        assertRejected(post + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                400);
    }

    @Test
    void aTransferEncodingOfChunkedInAnyCaseFramesTheBody() {
        write("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:  Chunked \r\n\r\n"
                + "2\r\n{}\r\n0\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n");

        List<Http1Head> requests = requests();
        assertThat(requests).extracting(r -> r.uri).containsExactly("/a", "/b");
        assertThat(requests.get(0).body.toString(StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void aLineEndingInABareLfOrHoldingABareCrIsRejected400() {
        assertRejected("GET /health HTTP/1.1\r\nHost: h\r\nX: y\nContent-Length: 22\r\n\r\nGET /fast HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        assertRejected("GET /a HTTP/1.1\nHost: h\r\n\r\n", 400);
        assertRejected("GET /a HTTP/1.1\r\nHost: h\r\n\n", 400);
        assertRejected("GET /a HTTP/1.1\n\n", 400);
        assertRejected("GET /a HTTP/1.1\rX\r\n\r\n", 400);
        assertRejected("GET /a HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", 400);
        assertRejected("GET /a HTTP/1.1\r\nHost: h\r\nX\r: a\r\n\r\n", 400);
        String chunked = "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertRejected(chunked + "2\n{}\r\n0\r\n\r\n", 400);
        assertRejected(chunked + "2\r\n{}\n0\r\n\r\n", 400);
        assertRejected(chunked + "2\r\n{}\rX0\r\n\r\n", 400);
        assertRejected(chunked + "0\n\r\n", 400);
        assertRejected(chunked + "0\r\nX-T: 1\n\r\n", 400);
        assertRejected(chunked + "0\r\n\n", 400);
    }

    @Test
    void aChunkSizeLineHoldsASizeAndChunkExtensionsAndNothingElse() {
        String chunked = "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertRejected(chunked + "9 junk\r\n123456789\r\n0\r\n\r\n", 400);
        assertRejected(chunked + "9\rjunk\n123456789\r\n0\r\n\r\n", 400);
        assertRejected(chunked + "9;a=\u0001\r\n123456789\r\n0\r\n\r\n", 400);
        assertRejected(chunked + "9;a=\"b\u0001\"\r\n123456789\r\n0\r\n\r\n", 400);
        assertRejected(chunked + "9;a=\"open\r\n123456789\r\n0\r\n\r\n", 400);
        assertRejected(chunked + "9;\r\n123456789\r\n0\r\n\r\n", 400);
        assertRejected(chunked + "9;a=\r\n123456789\r\n0\r\n\r\n", 400);
        assertRejected(chunked + "9 \r\n123456789\r\n0\r\n\r\n", 400);
        assertRejected(chunked + "9;a b\r\n123456789\r\n0\r\n\r\n", 400);
        assertRejected(chunked + ";a\r\n123456789\r\n0\r\n\r\n", 400);
        assertRejected(chunked + "0x9\r\n123456789\r\n0\r\n\r\n", 400);

        write(chunked + "2 ; a ; b = c;d=\"q \\\" \u00e9\"\t;e\r\n{}\r\n0;f=g\r\n\r\n");
        assertThat(onlyRequest().body.toString(StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void trailerFieldsAreCheckedLikeHeaderFields() {
        String chunked = "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n";
        assertRejected(chunked + "X: a\u0001b\r\n\r\n", 400);
        assertRejected(chunked + "X a: 1\r\n\r\n", 400);
        assertRejected(chunked + "X: 1\r\n folded\r\n\r\n", 400);
        assertRejected(chunked + "no colon\r\n\r\n", 400);
    }

    @Test
    void leadingZerosOfAChunkSizeDoNotCountTowardsItsDigits() {
        write("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n000000009\r\n123456789\r\n0000000000\r\n\r\n");

        assertThat(onlyRequest().body.toString(StandardCharsets.UTF_8)).isEqualTo("123456789");
        assertRejected("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0100000000\r\n", 400);
    }

    @Test
    void fourEmptyLinesBeforeARequestAreSkippedAndAFifthIsRejected400() {
        write("\r\n\r\n\r\n\r\nGET /a HTTP/1.1\r\nHost: h\r\n\r\n\n\n\n\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(requests()).extracting(r -> r.uri).containsExactly("/a", "/b");

        for (int i = 0; i < 5; i++) {
            write("\r\n");
        }
        Object rejected = channel.readInbound();
        assertThat(rejected).isInstanceOf(Http1Decoder.Rejected.class);
        assertThat(((Http1Decoder.Rejected) rejected).problem().status()).isEqualTo(400);
        write("GET /c HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void aTargetWithBytesBeyondAsciiIsPassedOnForTheRouterToJudge() {
        write("GET /v1/skus/caf\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(onlyRequest().uri).isEqualTo("/v1/skus/caf\u00e9");
    }

    /**
     * A target that is neither a path nor an absolute http(s) URI names no resource here (CONNECT's authority-form,
     * OPTIONS' asterisk-form, a bare word): 400, where it was routed as "/" and answered 404 about a path never sent.
     */
    @Test
    void aTargetThatIsNeitherAPathNorAnAbsoluteHttpUriIsRejected400() {
        assertRejected("CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        assertRejected("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        assertRejected("GET health HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        assertRejected("GET ftp://h/health HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        assertRejected("GET http:/h/health HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        assertRejected("GET httpx://h/health HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        EmbeddedChannel own = new EmbeddedChannel(new Http1Decoder(256, 512, MAX_BODY, 10_000_000_000L));
        own.writeInbound(Unpooled.copiedBuffer("GET * HTTP/1.1\r\nHost: h\r\n\r\n", StandardCharsets.ISO_8859_1));
        Http1Decoder.Rejected rejected = own.readInbound();
        assertThat(rejected.problem().detail()).isEqualTo("the request is not valid HTTP/1.1: the request target " +
            "must be a path starting with / or an absolute http(s) URI");
        own.finishAndReleaseAll();
        EmbeddedChannel preface = new EmbeddedChannel(new Http1Decoder(256, 512, MAX_BODY, 10_000_000_000L));
        preface.writeInbound(Unpooled.copiedBuffer("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", StandardCharsets.ISO_8859_1));
        Http1Decoder.Rejected http2 = preface.readInbound();
        assertThat(http2.problem().detail()).as("an HTTP/2 preface is told about its version")
            .isEqualTo("the request is not valid HTTP/1.1: the version must be HTTP/1.1 or HTTP/1.0");
        preface.finishAndReleaseAll();

        write("GET http://h/a HTTP/1.1\r\nHost: h\r\n\r\nGET HTTPS://h:8080/b?c=d HTTP/1.1\r\nHost: h\r\n\r\n" +
            "GET /c HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(requests()).extracting(r -> r.uri).containsExactly("http://h/a", "HTTPS://h:8080/b?c=d", "/c");
    }

    @Test
    void keepAliveFollowsTheVersionAndTheConnectionHeader() {
        write("GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"
                + "GET /c HTTP/1.1\r\nHost: h\r\nConnection: foo, close\r\n\r\n");

        assertThat(requests()).extracting(r -> r.keepAlive).containsExactly(false, true, false);
    }

    /** A 100-continue in any Expect field counts, beside other expectations too. */
    @ParameterizedTest
    @ValueSource(strings = {"Expect: 100-continue\r\n", "Expect: 100-continue\r\nExpect: foo\r\n"})
    void expectContinueWithinTheLimitIsAnswered100BeforeTheBodyIsRead(String expect) {
        write("POST /a HTTP/1.1\r\nHost: h\r\n" + expect + "Content-Length: 2\r\n\r\n");

        ByteBuf interim = channel.readOutbound();
        assertThat(interim.toString(StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        interim.release();
        write("{}");
        assertThat(onlyRequest().body.toString(StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void anAnnouncedBodyOverTheLimitIsSkippedAndTheNextRequestRead() {
        write("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n" + "x".repeat(100) + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");

        readAll();
        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0)).isEqualTo(new OversizedRequest(HttpVersion.HTTP_1_1, false, MAX_BODY, false));
        assertThat(((Http1Head) decoded.get(1)).uri).isEqualTo("/b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Expect: 100-continue\r\n", "Expect: 100-continue\r\nExpect: foo\r\n"})
    void anAnnouncedBodyOverTheLimitWithExpectContinueEndsTheConnectionSoABodySentAnywayIsNotRead(String expect) {
        write("POST /a HTTP/1.1\r\nHost: h\r\n" + expect + "Content-Length: 100\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n" + "x".repeat(75));

        readAll();
        assertThat(decoded).containsExactly(new OversizedRequest(HttpVersion.HTTP_1_1, true, MAX_BODY, false));
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void aChunkedBodyOverTheLimitEndsTheConnection() {
        write("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + "x".repeat(64) + "\r\n1\r\nx\r\n0\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");

        readAll();
        assertThat(decoded).containsExactly(new OversizedRequest(HttpVersion.HTTP_1_1, true, MAX_BODY, false));
    }

    @Test
    void whatIsNotHttp11IsRejected400AndNothingAfterItIsRead() {
        assertRejected("GET /a HTTP/2.0\r\n\r\n", 400);
        assertRejected("GET /a\r\n\r\n", 400);
        assertRejected("GET  HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        assertRejected("G(T /a HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        assertRejected("GET /a HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n folded\r\n\r\n", 400);
        assertRejected("GET /a HTTP/1.1\r\nHost: h\r\nX A: 1\r\n\r\n", 400);
        assertRejected("GET /a HTTP/1.1\r\nHost: h\r\nX-A: a\u0001b\r\n\r\n", 400);
        assertRejected("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400);
        assertRejected("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", 400);
        assertRejected("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
        assertRejected("GET /" + "a".repeat(300) + " HTTP/1.1\r\nHost: h\r\n\r\n", 414);
        assertRejected("GET /a HTTP/1.1\r\nHost: h\r\nX-Big: " + "b".repeat(600) + "\r\n\r\n", 431);
    }

    @Test
    void anHttp11RequestWithoutHostIsRejected400AndAnHttp10OneIsNot() {
        // RFC 9112 §3.2.
        assertRejected("GET /a HTTP/1.1\r\nX-A: 1\r\n\r\n", 400);
        assertRejected("GET /a HTTP/1.1\r\nHost: h\r\nhost: h\r\n\r\n", 400);
        EmbeddedChannel own = new EmbeddedChannel(new Http1Decoder(256, 512, MAX_BODY, 10_000_000_000L));
        own.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nX-A: 1\r\n\r\n", StandardCharsets.ISO_8859_1));
        Http1Decoder.Rejected rejected = own.readInbound();
        assertThat(rejected.problem().detail()).isEqualTo("the request is not valid HTTP/1.1: it carries no Host");
        own.finishAndReleaseAll();
        write("GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.1\r\nHOST: h\r\n\r\n");
        assertThat(requests()).extracting(r -> r.uri).containsExactly("/a", "/b");
    }

    private void assertRejected(String text, int status) {
        EmbeddedChannel own = new EmbeddedChannel(new Http1Decoder(256, 512, MAX_BODY, 10_000_000_000L));
        own.writeInbound(Unpooled.copiedBuffer(text + "GET /after HTTP/1.1\r\nHost: h\r\n\r\n", StandardCharsets.ISO_8859_1));
        Object first = own.readInbound();
        assertThat(first).as(text).isInstanceOf(Http1Decoder.Rejected.class);
        assertThat(((Http1Decoder.Rejected) first).problem().status()).as(text).isEqualTo(status);
        assertThat((Object) own.readInbound()).as(text).isNull();
        own.finishAndReleaseAll();
    }

    private void write(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private void readAll() {
        Object message;
        while ((message = channel.readInbound()) != null) {
            decoded.add(message);
        }
    }

    private List<Http1Head> requests() {
        readAll();
        List<Http1Head> requests = new ArrayList<>();
        for (Object message : decoded) {
            requests.add((Http1Head) message);
        }
        return requests;
    }

    private Http1Head onlyRequest() {
        List<Http1Head> requests = requests();
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
