package ordo.gateway.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * {@link HttpObjectAggregator} whose too-large answer is our 413 problem, sent in request order, rather
 * than Netty's empty 413 written straight to the socket (which would jump ahead of earlier pipelined
 * answers). Covers the three ways a body is too large: a {@code Content-Length} over the limit, the same
 * with {@code Expect: 100-continue} (answered 413 instead of 100, the body never sent), and a chunked
 * body that grows past the limit.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

    private static final byte[] CONTINUE_BYTES = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    BodyLimitAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (start.decoderResult().isFailure()) {
            return null; // a broken request is answered 400/431 as such, whatever it expects
        }
        if (hasUnsupportedExpectation(start)) {
            // RFC 9110 §10.1.1 lets a server ignore an expectation it does not know; a 417 would help nobody.
            start.headers().remove(HttpHeaderNames.EXPECT);
            return null;
        }
        if (HttpUtil.is100ContinueExpected(start) && isContentLengthInvalid(start, maxContentLength)) {
            return null; // falls through to handleOversizedMessage: our 413 instead of Netty's
        }
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse continueResponse
                && continueResponse.status().code() == HttpResponseStatus.CONTINUE.code()) {
            // There is no response encoder in the pipeline: the interim answer goes out as its bytes.
            continueResponse.release();
            return Unpooled.wrappedBuffer(CONTINUE_BYTES);
        }
        return response;
    }

    @Override
    protected boolean isContentLengthInvalid(HttpMessage start, int maxContentLength) {
        return start.decoderResult().isSuccess() && super.isContentLengthInvalid(start, maxContentLength);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        boolean expectsContinue = HttpUtil.is100ContinueExpected(oversized);
        // Same rule as Netty: once body bytes of an unknown-length or partly aggregated message are in,
        // or the client will not keep the connection, close after answering. Otherwise the aggregator
        // skips the body (or, with 100-continue, the client never sends it) and the connection lives on.
        boolean close = oversized instanceof FullHttpMessage
                || !ctx.channel().config().isAutoRead()
                || (!expectsContinue && !HttpUtil.isKeepAlive(oversized));
        if (expectsContinue && !close) {
            // Tells the decoder the announced body will not come, so it reads the next request instead.
            ctx.pipeline().fireUserEventTriggered(HttpExpectationFailedEvent.INSTANCE);
        }
        ctx.fireChannelRead(new OversizedRequest(oversized.protocolVersion(), close, maxContentLength()));
    }

    /** An {@code Expect} other than {@code 100-continue} (Netty's own check is not public). */
    private static boolean hasUnsupportedExpectation(HttpMessage message) {
        String expect = message.headers().get(HttpHeaderNames.EXPECT);
        return expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect);
    }
}
