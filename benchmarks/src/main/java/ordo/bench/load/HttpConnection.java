package ordo.bench.load;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive HTTP/1.1 connection of the load generator: the last handler of its channel, after an
 * {@code HttpResponseDecoder}. Requests are pre-encoded bytes carried by a {@link Call}; any number may be written
 * before the first answer arrives (pipelining), and since HTTP/1.1 answers in request order, each decoded response
 * belongs to the oldest call still in flight.
 *
 * <p>Why the in-flight queue is filled in {@link #write} and not by the caller: {@code write} runs on the event loop
 * in exactly the order the bytes go onto the socket, whichever thread asked, so the queue order is the wire order.
 *
 * <p>Flushes are batched: a call sent from inside this channel's own read (the load loop answering a response with
 * the next request) is only written, and the whole read's writes are flushed once in {@link #channelReadComplete};
 * a call sent while a {@link WriteBatch} runs on the event loop (an open-loop wake-up's due requests) is only
 * written, and flushed once when the batch closes.
 *
 * <p>Threading: {@link #send} from any thread; everything else on the channel's event loop.
 */
final class HttpConnection extends ChannelDuplexHandler implements WriteBatch.Deferred
{
    /** Bodies are kept only for answers that need reading (errors, set-up, checks); larger ones are cut. */
    static final int MAX_KEPT_BODY_BYTES = 64 * 1024;

    /** A request on its way and the one who waits for its answer. */
    interface Call
    {
        /** The request bytes, handed over once (the connection writes and releases them). */
        ByteBuf takeRequest();

        /** Whether the answer's body is needed for {@code status}; a 201 to a reservation is not. */
        boolean wantsBody(int status);

        /** On the event loop; {@code body} is valid during the call only. */
        void onResponse(int status, ByteBuf body);

        /** On the event loop (or the caller's thread when the connection is already gone). */
        void onFailure(Throwable cause);
    }

    private final ArrayDeque<Call> inFlight = new ArrayDeque<>();
    private final WriteBatch batch;
    private final ByteBuf body = Unpooled.buffer(1024, MAX_KEPT_BODY_BYTES);
    private Channel channel;
    private EventLoop eventLoop;
    private int status;
    private boolean keepBody;
    private boolean inRead;
    private boolean flushPending;
    private volatile boolean closed;
    private Throwable failure;

    /** @param batch the open-loop batch of the event loop this connection is registered with */
    HttpConnection(final WriteBatch batch)
    {
        this.batch = batch;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.channel = ctx.channel();
        this.eventLoop = ctx.channel().eventLoop();
    }

    /** Any thread: writes the call's request on this connection. Failures complete the call, never throw. */
    void send(final Call call)
    {
        if (closed)
        {
            fail(call, new ClosedChannelException());
        }
        else if (eventLoop.inEventLoop() && inRead)
        {
            channel.write(call, channel.voidPromise());
            flushPending = true;
        }
        else if (eventLoop.inEventLoop() && batch.isOpen())
        {
            channel.write(call, channel.voidPromise());
            if (!flushPending)
            {
                flushPending = true;
                batch.defer(this);
            }
        }
        else
        {
            channel.writeAndFlush(call, channel.voidPromise());
        }
    }

    @Override
    public void flushBatch()
    {
        if (flushPending)
        {
            flushPending = false;
            channel.flush();
        }
    }

    boolean isOpen()
    {
        return !closed && channel.isActive();
    }

    ByteBufAllocator alloc()
    {
        return channel.alloc();
    }

    Channel channel()
    {
        return channel;
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
    {
        if (msg instanceof Call call)
        {
            if (closed)
            {
                fail(call, failure != null ? failure : new ClosedChannelException());
                return;
            }
            inFlight.addLast(call);
            ctx.write(call.takeRequest(), promise);
        }
        else
        {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        inRead = true;
        try
        {
            if (msg instanceof HttpObject http && http.decoderResult().isFailure())
            {
                exceptionCaught(ctx, http.decoderResult().cause());
                return;
            }
            if (msg instanceof HttpResponse response)
            {
                onHead(ctx, response.status().code());
            }
            if (msg instanceof HttpContent content && keepBody)
            {
                final ByteBuf chunk = content.content();
                body.writeBytes(chunk, chunk.readerIndex(), Math.min(chunk.readableBytes(), body.maxWritableBytes()));
            }
            if (msg instanceof LastHttpContent)
            {
                onEnd(ctx);
            }
        }
        finally
        {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        inRead = false;
        if (flushPending)
        {
            flushPending = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        closed = true;
        final Throwable cause = failure != null ? failure : new ClosedChannelException();
        for (Call call = inFlight.pollFirst(); call != null; call = inFlight.pollFirst())
        {
            fail(call, cause);
        }
        body.release();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (failure == null)
        {
            failure = cause;
        }
        ctx.close();
    }

    private void onHead(final ChannelHandlerContext ctx, final int code)
    {
        final Call call = inFlight.peekFirst();
        if (call == null)
        {
            exceptionCaught(ctx, new IllegalStateException("a response (" + code + ") that no request asked for"));
            return;
        }
        status = code;
        keepBody = call.wantsBody(code);
        body.clear();
    }

    private void onEnd(final ChannelHandlerContext ctx)
    {
        final Call call = inFlight.pollFirst();
        if (call != null)
        {
            call.onResponse(status, body);
        }
        body.clear();
        keepBody = false;
    }

    private static void fail(final Call call, final Throwable cause)
    {
        ReferenceCountUtil.safeRelease(call.takeRequest());
        call.onFailure(cause);
    }
}
