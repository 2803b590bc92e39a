package ordo.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;

/**
 * One place in a connection's ordered response queue: a response that will be written when every
 * response before it has been.
 *
 * <p>Ownership: the request fields are set on the event loop at creation. The response fields are
 * written exactly once by whichever thread answers ({@link #fill}) and then handed to the event loop
 * through {@code EventLoop.execute}, which makes them visible there. {@link #ready} and everything after
 * are touched on the event loop only.
 */
final class PendingResponse {

    private static final HttpHeadersFactory TRUSTED_HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);
    private static final AsciiString JSON = AsciiString.cached(HttpExchange.JSON_CONTENT_TYPE);
    private static final AsciiString PROBLEM_JSON = AsciiString.cached(Problem.CONTENT_TYPE);

    final HttpVersion version;
    final boolean requestKeepAlive;
    final long receivedNanos;
    /** Released on the event loop once the response has left the queue (written or dropped). */
    private final ReferenceCounted request;

    /** Set by the dispatcher on the event loop before the route runs; null for unrouted requests. */
    String routeName;

    int status;
    private String contentType;
    private ByteBuf body;
    private HttpHeaders headers;
    /** The connection must close after this response (it answers a broken or timed-out request). */
    boolean forceClose;

    /** Event loop only: the response is filled in and may be written once it reaches the head. */
    boolean ready;

    PendingResponse(HttpVersion version, boolean requestKeepAlive, long receivedNanos, ReferenceCounted request) {
        this.version = version;
        this.requestKeepAlive = requestKeepAlive;
        this.receivedNanos = receivedNanos;
        this.request = request;
    }

    /** Any thread, once: the answer. Takes ownership of {@code body}. */
    void fill(int status, String contentType, ByteBuf body, HttpHeaders headers) {
        this.status = status;
        this.contentType = contentType;
        this.body = body == null ? Unpooled.EMPTY_BUFFER : body;
        this.headers = headers;
    }

    /** Event loop: whether the connection must close once this response is written. */
    boolean closesConnection() {
        return forceClose || !requestKeepAlive;
    }

    /** Event loop: the wire response; transfers the body to it and releases the request. */
    FullHttpResponse toHttpResponse() {
        // Names and values are ours (constants, numbers, route-made values already checked), so the per-header
        // validation of Netty's default headers is skipped; a route-set header is validated once, when set.
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status), body,
                TRUSTED_HEADERS, TRUSTED_HEADERS);
        body = null;
        HttpHeaders h = response.headers();
        if (headers != null) {
            h.set(headers);
        }
        int length = response.content().readableBytes();
        if (contentType != null && length > 0) {
            h.set(HttpHeaderNames.CONTENT_TYPE, asciiContentType(contentType));
        }
        // RFC 9110 §8.6: no Content-Length on 1xx and 204; 304 would describe a representation we never send.
        if (status != 204 && status != 304) {
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        HttpUtil.setKeepAlive(h, version, !closesConnection());
        releaseRequest();
        return response;
    }

    /** The two content types of nearly every answer as pre-encoded bytes, which the encoder copies as they are. */
    private static CharSequence asciiContentType(String contentType) {
        if (contentType == HttpExchange.JSON_CONTENT_TYPE) {
            return JSON;
        }
        return contentType == Problem.CONTENT_TYPE ? PROBLEM_JSON : contentType;
    }

    /** Event loop: drops the response unwritten (the connection is gone). */
    void discard() {
        if (body != null) {
            ReferenceCountUtil.safeRelease(body);
            body = null;
        }
        releaseRequest();
    }

    private void releaseRequest() {
        if (request != null && request.refCnt() > 0) {
            request.release();
        }
    }
}
