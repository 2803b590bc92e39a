package ordo.gateway.http;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;

/**
 * The whole-request deadline: a request must be complete within the timeout after its first byte, or it
 * is answered 408 and the connection closed. This is what stops a slow-loris client, which keeps a
 * connection busy by trickling a byte at a time (the idle timeout alone never fires on it).
 *
 * <p>Two handlers share one timer: {@link #startHandler()} sits before the HTTP codec and arms it on the
 * first byte of a request; {@link #endHandler()} sits after it, disarms it on the request's last content,
 * and re-arms it at the start of a pipelined request whose bytes arrived with the previous one. On
 * expiry the end handler fires {@link #EXPIRED} towards {@link HttpConnectionHandler}, which queues
 * the 408 behind any earlier answers.
 *
 * <p>Threading: per channel, event loop only.
 */
final class RequestDeadline {

    /** The user event fired when a request misses its deadline. */
    static final Object EXPIRED = new Object() {
        @Override
        public String toString() {
            return "RequestDeadline.EXPIRED";
        }
    };

    private final long timeoutNanos;
    private ChannelHandlerContext endCtx;
    /** When the request being read must be complete ({@code System.nanoTime()}); 0 while no request is being read. */
    private long deadlineNanos;
    /**
     * The one scheduled check, or null. Disarming leaves it scheduled: when it runs it finds no deadline, or a later
     * one (a request that started since) and schedules itself for that. So a keep-alive connection schedules about
     * one check per timeout period instead of scheduling and cancelling a timer for every request, which was a
     * heap insert and removal on the event loop per request.
     */
    private ScheduledFuture<?> timer;

    RequestDeadline(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    ChannelInboundHandlerAdapter startHandler() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                // Bare CR/LF between requests is skipped by the decoder and must not start a deadline.
                if (deadlineNanos == 0 && msg instanceof ByteBuf bytes
                        && bytes.forEachByte(ByteProcessor.FIND_NON_CRLF) >= 0) {
                    arm(ctx);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                disarm();
                if (timer != null) {
                    timer.cancel(false);
                    timer = null;
                }
                ctx.fireChannelInactive();
            }
        };
    }

    ChannelInboundHandlerAdapter endHandler() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                endCtx = ctx;
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof LastHttpContent) {
                    disarm();
                } else if (msg instanceof HttpRequest && deadlineNanos == 0) {
                    arm(ctx);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof HttpExpectationFailedEvent) {
                    disarm(); // the refused body will not come; the request is over
                }
                ctx.fireUserEventTriggered(event);
            }
        };
    }

    private void arm(ChannelHandlerContext ctx) {
        deadlineNanos = nonZero(System.nanoTime() + timeoutNanos);
        if (timer == null) {
            timer = ctx.executor().schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void disarm() {
        deadlineNanos = 0;
    }

    private void check() {
        timer = null;
        if (deadlineNanos == 0 || endCtx == null || !endCtx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (now - deadlineNanos < 0) {
            timer = endCtx.executor().schedule(this::check, deadlineNanos - now, TimeUnit.NANOSECONDS);
            return;
        }
        if (!endCtx.channel().config().isAutoRead()) {
            // Our own back-pressure stopped reading; the client is not the slow one. Give it another period.
            arm(endCtx);
            return;
        }
        deadlineNanos = 0;
        endCtx.fireUserEventTriggered(EXPIRED);
    }

    /** 0 means "no deadline", so a deadline that lands on 0 of the nanosecond clock moves by one. */
    private static long nonZero(long nanos) {
        return nanos == 0 ? 1 : nanos;
    }
}
