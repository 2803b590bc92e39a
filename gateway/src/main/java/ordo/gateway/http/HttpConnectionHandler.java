package ordo.gateway.http;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a connection: turns complete requests into {@link HttpExchange}s and writes
 * their responses <em>in request order</em>, as HTTP/1.1 pipelining requires, whatever order and
 * thread they are answered on.
 *
 * <p>How the order is kept: every request (and every gateway-made error that stands for one: 408, 413,
 * 431, ...) takes a {@link PendingResponse} at the tail of {@link #queue} the moment it is read. An
 * answer fills its slot and marks it ready on the event loop (answers from other threads hop over through the
 * event loop's {@link ReplyInbox}, which flushes each connection once per batch of answers); then the queue is
 * drained from the head while the head is ready. A late first answer therefore holds back the ready ones behind it,
 * and they go out right after it. Responses arrive as bytes, encoded by the thread that answered
 * ({@link PendingResponse#start}); there is no response encoder in the pipeline.
 *
 * <p>Threading: one instance per channel; every field is touched on the channel's event loop only,
 * except in {@link #complete}, which any thread may call.
 */
final class HttpConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnectionHandler.class);

    /**
     * Requests in flight on one connection before it stops reading (TCP then pushes back on the client); the decoder
     * keeps what it has read beyond them until reading resumes, when the queue is down to half.
     */
    static final int MAX_PIPELINED = 64;

    /**
     * The hard bound: requests read but not yet answered. The decoder stops between requests while reads are
     * paused, so this is a safety net; past this many, the rest are dropped and the connection closes after the next
     * response (what Netty's {@code HttpServerCodec} did with its {@code maxPipelineDepth}).
     */
    static final int CODEC_MAX_PIPELINE_DEPTH = 1024;

    private final HttpDispatcher dispatcher;
    /** The idle timeout: a reader-idle event closes the connection only if nothing was written for this long either. */
    private final long idleNanos;
    private final int maxPipelineDepth;
    private final ArrayDeque<PendingResponse> queue = new ArrayDeque<>();
    /** The last key that authenticated on this connection; see {@link HttpDispatcher}. */
    final AuthorizationCache authorizationCache = new AuthorizationCache();
    /** The last request's {@code Content-Type}, offered to the next (see {@link HttpExchange#contentType}). */
    String lastContentType;
    private ChannelHandlerContext ctx;
    /** Where answers from other threads come in; the event loop's, or this connection's own in tests. */
    private ReplyInbox inbox;

    /** A response that ends the connection is queued: read no further requests. */
    private boolean closing;
    /** Nothing more is written: the channel is gone or its final response is out. Later answers are dropped. */
    private boolean done;
    private boolean readsPaused;
    private boolean inRead;
    private boolean flushPending;
    /** Written to by the inbox's current run, which flushes once at its end ({@link #flushDeferred}). */
    private boolean deferredFlush;
    /** The pipelining bound was passed: close after the next response, whichever it is. */
    private boolean closeAfterNextResponse;
    private long lastWriteNanos;

    HttpConnectionHandler(HttpDispatcher dispatcher) {
        this(dispatcher, 0, CODEC_MAX_PIPELINE_DEPTH, null);
    }

    HttpConnectionHandler(HttpDispatcher dispatcher, int maxPipelineDepth) {
        this(dispatcher, 0, maxPipelineDepth, null);
    }

    /**
     * @param inbox the event loop's inbox for answers from other threads; null makes one for this connection
     */
    HttpConnectionHandler(HttpDispatcher dispatcher, long idleNanos, int maxPipelineDepth, ReplyInbox inbox) {
        this.dispatcher = dispatcher;
        this.idleNanos = idleNanos;
        this.maxPipelineDepth = maxPipelineDepth;
        this.inbox = inbox;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (inbox == null) {
            inbox = new ReplyInbox(ctx.channel().eventLoop());
        }
        this.lastWriteNanos = System.nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inRead = true;
        if (msg instanceof Http1Head request) {
            onRequest(request);
        } else if (msg instanceof OversizedRequest oversized) {
            onOversized(oversized);
        } else if (msg instanceof Http1Decoder.Rejected rejected) {
            if (!closing) {
                enqueueGatewayProblem(rejected.problem());
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == Http1Decoder.EXPIRED) {
            onRequestTimeout();
        } else if (event == Http1Decoder.EXPIRED_AFTER_ANSWER) {
            closeAfterOwedAnswers();
        } else if (event instanceof IdleStateEvent) {
            // Only an idle keep-alive connection is closed; one waiting for a slow answer is not idle, nor one that
            // was just answered. The event means "nothing read for the timeout" (watching writes too made Netty add
            // a listener to every response's promise); writes are checked here instead, so a connection closes
            // between one and two timeouts after it last did anything.
            if (queue.isEmpty() && !closing && System.nanoTime() - lastWriteNanos >= idleNanos) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done = true;
        for (PendingResponse pending : queue) {
            if (pending.ready) {
                pending.discard();
            }
            // Slots not yet answered are discarded when their answer arrives (see onAnswered).
        }
        queue.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and clients leaving mid-request are routine on the internet; only the unexpected is a warning.
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            LOG.warn("connection {} failed", ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }

    /** Any thread: an answer is in its slot. */
    void complete(PendingResponse slot) {
        if (ctx.executor().inEventLoop()) {
            onAnswered(slot);
        } else {
            inbox.post(slot);
        }
    }

    /**
     * Event loop, from the {@link ReplyInbox}: as {@link #onAnswered}, but a write is flushed by the inbox at the end
     * of its run. True when this connection now waits for that flush and was not already waiting.
     */
    boolean onAnsweredDeferringFlush(PendingResponse slot) {
        if (done) {
            slot.discard();
            return false;
        }
        slot.ready = true;
        if (queue.peekFirst() != slot) {
            return false;
        }
        boolean alreadyWaiting = deferredFlush;
        deferredFlush = true;
        drain();
        return !alreadyWaiting && deferredFlush;
    }

    /** Event loop: the inbox's run is over; one flush for what it wrote here. */
    void flushDeferred() {
        if (deferredFlush) {
            deferredFlush = false;
            ctx.flush();
        }
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    /** Event loop: whether {@code slot} is the oldest request of this connection still to be answered. */
    boolean isFirstInLine(PendingResponse slot) {
        return queue.peekFirst() == slot;
    }

    SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    private void onRequest(Http1Head request) {
        if (closing) {
            request.body.release();
            return;
        }
        if (queue.size() >= maxPipelineDepth) {
            // Past the hard bound: drop this and every later request, answer what is owed, close after the next.
            LOG.debug("connection {} pipelined deeper than {}", ctx.channel().remoteAddress(), maxPipelineDepth);
            request.body.release();
            closing = true;
            closeAfterNextResponse = true;
            return;
        }
        boolean keepAlive = request.keepAlive;
        HttpExchange exchange = new HttpExchange(this, request, System.nanoTime());
        queue.addLast(exchange);
        if (!keepAlive) {
            closing = true;
        } else if (queue.size() >= MAX_PIPELINED || !ctx.channel().isWritable()) {
            pauseReads();
        }
        try {
            dispatcher.dispatch(exchange);
        } catch (RuntimeException bug) {
            // A bug in the gateway's own checks must cost one 500, not the connection and its other answers.
            exchange.respondInternalError(bug);
        }
    }

    private void onOversized(OversizedRequest oversized) {
        if (closing) {
            return;
        }
        Problem problem = ProblemCode.BODY_TOO_LARGE.problem(
                "the request body is larger than " + oversized.maxBodyBytes() + " bytes")
                .with("maxBodyBytes", oversized.maxBodyBytes());
        // Encoded as closing when it closes: the request's own keep-alive is what a response is encoded for.
        PendingResponse slot = new PendingResponse(this, oversized.version(), !oversized.close(), oversized.head(),
                System.nanoTime(), null);
        closing = oversized.close();
        queue.addLast(slot);
        fillWithProblem(slot, problem);
        onAnswered(slot);
    }

    private void onRequestTimeout() {
        if (closing || done) {
            return;
        }
        enqueueGatewayProblem(ProblemCode.REQUEST_TIMEOUT.problem(
                "the request was not complete within the request timeout"));
    }

    /** Ends the connection once the answers already owed are written, without answering anything more. */
    private void closeAfterOwedAnswers() {
        if (done) {
            return;
        }
        closing = true;
        PendingResponse last = queue.peekLast();
        if (last == null) {
            done = true;
            ConnectionClose.lingering(ctx.channel());
        } else {
            last.forceClose = true;
        }
    }

    /** Answers a request the gateway could not read, and ends the connection after that answer. */
    private void enqueueGatewayProblem(Problem problem) {
        closing = true;
        PendingResponse slot = new PendingResponse(this, HttpVersion.HTTP_1_1, false, false, System.nanoTime(), null);
        slot.forceClose = true;
        queue.addLast(slot);
        fillWithProblem(slot, problem);
        onAnswered(slot);
    }

    private static void fillWithProblem(PendingResponse slot, Problem problem) {
        byte[] json = problem.toJson();
        slot.fill(problem.status(), slot.encode(problem.status(), Problem.CONTENT_TYPE, json, 0, json.length, null));
    }

    /** Event loop: a slot got its answer; write whatever is now writable, in order. */
    private void onAnswered(PendingResponse slot) {
        if (done) {
            slot.discard();
            return;
        }
        slot.ready = true;
        if (queue.peekFirst() == slot) {
            drain();
        }
    }

    private void drain() {
        boolean wrote = false;
        PendingResponse head;
        while ((head = queue.peekFirst()) != null && head.ready) {
            queue.pollFirst();
            boolean close = head.closesConnection() || closeAfterNextResponse;
            int status = head.status;
            ByteBuf response = head.take(close);
            if (head.abandoned()) {
                dispatcher.onResponseAbandoned(head.routeName);
            } else {
                dispatcher.onResponseWritten(head.routeName, status, head.receivedNanos);
            }
            if (close) {
                deferredFlush = false;
                closing = true;
                resumeReads();
                ctx.writeAndFlush(response).addListener(future -> ConnectionClose.lingering(ctx.channel()));
                for (PendingResponse rest : queue) {
                    if (rest.ready) {
                        rest.discard();
                    }
                }
                queue.clear();
                done = true;
                return;
            }
            // A void promise: nobody waits on this write, and a failure reaches exceptionCaught (which closes) all the
            // same; a real promise cost a promise and a listener per response.
            ctx.write(response, ctx.voidPromise());
            wrote = true;
        }
        if (wrote) {
            lastWriteNanos = System.nanoTime();
            if (inRead) {
                flushPending = true; // one flush for the whole batch, in channelReadComplete
            } else if (deferredFlush) {
                // the inbox flushes once at the end of its run
            } else {
                ctx.flush();
            }
        }
        if (readsPaused && queue.size() <= MAX_PIPELINED / 2 && ctx.channel().isWritable()) {
            resumeReads();
        }
    }

    /**
     * Written answers wait in the channel's outbound buffer until the client reads them. A client that pipelines
     * without reading would otherwise have us read, answer and buffer without bound (direct memory runs out and the
     * pipeline stops for every client): past the buffer's high-water mark we stop reading, so TCP pushes back, and
     * read on once the client has taken enough that the buffer is below its low-water mark.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            if (!closing) {
                pauseReads();
            }
        } else if (readsPaused && queue.size() <= MAX_PIPELINED / 2) {
            resumeReads();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Whether answers to earlier requests are still to be written, or the connection is closing (event loop). */
    boolean owesAnswers() {
        return closing || !queue.isEmpty();
    }

    private void pauseReads() {
        if (!readsPaused) {
            readsPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void resumeReads() {
        if (readsPaused) {
            readsPaused = false;
            ctx.channel().config().setAutoRead(true);
            // Requests already read stay in the decoder while reads are paused: decode them now, in a task of its own
            // (this runs amid writing an answer, and the decoder hands requests back here).
            ctx.executor().execute(() -> ctx.pipeline().fireUserEventTriggered(Http1Decoder.RESUME_DECODING));
        }
    }
}
