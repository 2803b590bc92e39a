package ordo.gateway.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's request decoder, without the response encoder of {@code HttpServerCodec} (responses are written as bytes
 * by {@link PendingResponse}). What the codec did besides encoding is kept: its pipelining bound lives in
 * {@link HttpConnectionHandler}, and a request that says both {@code Transfer-Encoding: chunked} and
 * {@code Content-Length} (a request-smuggling shape) still ends its connection after its response.
 */
final class RequestDecoder extends HttpRequestDecoder {

    RequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        super.handleTransferEncodingChunkedWithContentLength(message);
        HttpUtil.setKeepAlive(message, false);
    }
}
