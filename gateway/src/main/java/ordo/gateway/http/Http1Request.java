package ordo.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One complete request as {@link Http1Decoder} read it: its {@link Http1Head} and its body.
 *
 * <p>Ownership: {@link #body} is reference-counted and owned by whoever holds the request; the exchange releases it
 * once the request is answered (or dropped). Everything else is immutable after decoding.
 */
final class Http1Request {

    final String method;
    final String uri;
    final HttpVersion version;
    final boolean keepAlive;
    final ByteBuf body;
    private final Http1Head head;

    Http1Request(Http1Head head, ByteBuf body) {
        this.method = head.method;
        this.uri = head.uri;
        this.version = head.version;
        this.keepAlive = head.keepAlive;
        this.head = head;
        this.body = body;
    }

    /** The first value of the named header (ASCII, any case), or null. */
    String header(String name) {
        return head.header(name);
    }
}
