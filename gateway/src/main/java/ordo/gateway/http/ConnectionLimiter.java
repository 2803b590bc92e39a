package ordo.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Caps open connections at {@code http.maxConnections}. Each accepted channel takes a permit before its
 * HTTP pipeline is built and gives it back when it closes. A channel that finds none gets only
 * {@link #rejector()}: a ready-made 503 OVERLOADED problem, then a lingering close. It never gets a
 * codec, so a flood of connections costs a few bytes each and takes nothing from the admitted ones.
 *
 * <p>Threading: shared by all event loops; the counter is atomic.
 */
final class ConnectionLimiter {

    private static final byte[] OVERLOADED_RESPONSE = overloadedResponse();

    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelHandler rejector = new Rejector();

    ConnectionLimiter(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    boolean tryAcquire() {
        while (true) {
            int current = open.get();
            if (current >= maxConnections) {
                return false;
            }
            if (open.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }

    ChannelHandler rejector() {
        return rejector;
    }

    private static byte[] overloadedResponse() {
        byte[] body = ProblemCode.OVERLOADED.problem("the server has too many open connections; retry later")
                .toJson();
        String head = "HTTP/1.1 503 Service Unavailable\r\n"
                + "content-type: " + Problem.CONTENT_TYPE + "\r\n"
                + "content-length: " + body.length + "\r\n"
                + "retry-after: 1\r\n"
                + "connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** The whole pipeline of a refused connection: it writes raw bytes, as there is no HTTP codec. */
    @ChannelHandler.Sharable
    private static final class Rejector extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ByteBuf response = Unpooled.wrappedBuffer(OVERLOADED_RESPONSE);
            ctx.writeAndFlush(response).addListener(future -> ConnectionClose.lingering(ctx.channel()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // whatever the client sends, it has had its answer
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
