package ordo.bench.load.peers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import ordo.bench.load.ClientTransport;
import ordo.bench.load.WriteBatch;

/**
 * One Redis connection speaking RESP2 over Netty's codec, pipelined: commands go out in call order and replies
 * complete their futures in the same order (Redis answers a connection's commands in order).
 *
 * <p>Replies are turned into plain Java values on the event loop and the Netty messages released there:
 * {@code Long} (integer), {@code String} (simple or bulk string), {@code null} (null bulk/array), {@code List<Object>}
 * (array); an error reply fails the future with {@link RedisError}.
 *
 * <p>Flushes are batched as the load harness's HTTP connection batches them: a command sent from inside this
 * channel's read (the harness answering a reply with the next request) is only written, and the read's writes are
 * flushed once when the read completes; a command sent while a {@link WriteBatch} runs on the event loop (an
 * open-loop wake-up's due requests) is only written, and flushed once when the batch closes.
 *
 * <p>Threading: {@link #send} may be called from any thread; the queue of pending replies is touched only by the
 * channel's event loop, which also completes the futures (callers' continuations run there).
 */
final class RespConnection implements AutoCloseable, WriteBatch.Deferred
{
    /** An error reply ({@code -ERR …}, {@code -NOSCRIPT …}): a failure of the command, not of the connection. */
    static final class RedisError extends RuntimeException
    {
        RedisError(String message)
        {
            super(message, null, false, false);
        }
    }

    /** Replies here are flat and short (the benchmark sends no command with a large array reply). */
    private static final int MAX_ARRAY_ELEMENTS = 1_024;
    private static final int MAX_ARRAY_DEPTH = 4;
    private static final int CRLF = ('\r' << 8) | '\n';

    private final Channel channel;
    private final EventLoop loop;
    private final WriteBatch batch;
    /** Owned by {@link #loop}: the futures of commands written and not yet answered, oldest first. */
    private final ArrayDeque<CompletableFuture<Object>> pending = new ArrayDeque<>();
    /** Owned by {@link #loop}: inside a read, writes wait for {@link #onReadComplete} to be flushed. */
    private boolean inRead;
    private boolean flushPending;

    private RespConnection(Channel channel, WriteBatch batch)
    {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.batch = batch;
    }

    /** @param batch the open-loop batch of {@code group}'s one event loop */
    static RespConnection open(EventLoopGroup group, WriteBatch batch, String host, int port)
            throws InterruptedException
    {
        ReplyHandler handler = new ReplyHandler();
        Channel channel = new Bootstrap()
                .group(group)
                .channel(ClientTransport.get().clientChannelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(SocketChannel ch)
                    {
                        ch.pipeline().addLast(new RedisDecoder(), new RedisBulkStringAggregator(),
                                new RedisArrayAggregator(MAX_ARRAY_ELEMENTS, MAX_ARRAY_DEPTH),
                                handler);
                    }
                })
                .connect(host, port).sync().channel();
        RespConnection connection = new RespConnection(channel, batch);
        handler.owner = connection;
        return connection;
    }

    /** Sends one command (its words as strings) and returns its reply, completed on the event loop. */
    CompletableFuture<Object> send(String... words)
    {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        if (loop.inEventLoop())
        {
            write(words, reply);
        }
        else
        {
            loop.execute(() -> write(words, reply));
        }
        return reply;
    }

    /** {@link #send} and wait: for set-up and checks, never on the measured path. */
    Object call(String... words) throws Exception
    {
        return send(words).get();
    }

    private void write(String[] words, CompletableFuture<Object> reply)
    {
        if (!channel.isActive())
        {
            reply.completeExceptionally(new IllegalStateException("redis connection closed"));
            return;
        }
        pending.addLast(reply);
        ByteBuf command = encode(words);
        if (inRead)
        {
            channel.write(command, channel.voidPromise());
            flushPending = true;
        }
        else if (batch.isOpen())
        {
            channel.write(command, channel.voidPromise());
            if (!flushPending)
            {
                flushPending = true;
                batch.defer(this);
            }
        }
        else
        {
            channel.writeAndFlush(command, channel.voidPromise());
        }
    }

    /**
     * The command as RESP bytes (an array of bulk strings) in one pooled buffer, the way the HTTP driver writes its
     * requests: Netty's {@code RedisEncoder} needs a bulk-string message and a copied buffer per word, client CPU
     * that the two cores shared with Redis would otherwise charge to Redis.
     */
    private ByteBuf encode(String[] words)
    {
        int size = 3 + decimalLength(words.length);
        for (String word : words)
        {
            int length = ByteBufUtil.utf8Bytes(word);
            size += 5 + decimalLength(length) + length;
        }
        ByteBuf buf = channel.alloc().ioBuffer(size);
        buf.writeByte('*');
        ByteBufUtil.writeAscii(buf, Integer.toString(words.length));
        buf.writeShort(CRLF);
        for (String word : words)
        {
            buf.writeByte('$');
            ByteBufUtil.writeAscii(buf, Integer.toString(ByteBufUtil.utf8Bytes(word)));
            buf.writeShort(CRLF);
            ByteBufUtil.writeUtf8(buf, word);
            buf.writeShort(CRLF);
        }
        return buf;
    }

    private static int decimalLength(int value)
    {
        return Integer.toString(value).length();
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

    private void onReadComplete()
    {
        inRead = false;
        if (flushPending)
        {
            flushPending = false;
            channel.flush();
        }
    }

    private void onReply(RedisMessage message)
    {
        CompletableFuture<Object> reply = pending.pollFirst();
        if (reply == null)
        {
            throw new IllegalStateException("reply without a command: " + message);
        }
        if (message instanceof ErrorRedisMessage error)
        {
            reply.completeExceptionally(new RedisError(error.content()));
        }
        else
        {
            reply.complete(toJava(message));
        }
    }

    private void onClosed()
    {
        IllegalStateException closed = new IllegalStateException("redis connection closed");
        for (CompletableFuture<Object> reply; (reply = pending.pollFirst()) != null; )
        {
            reply.completeExceptionally(closed);
        }
    }

    private static Object toJava(RedisMessage message)
    {
        if (message instanceof IntegerRedisMessage integer)
        {
            return integer.value();
        }
        if (message instanceof SimpleStringRedisMessage simple)
        {
            return simple.content();
        }
        if (message instanceof FullBulkStringRedisMessage bulk)
        {
            return bulk.isNull() ? null : bulk.content().toString(StandardCharsets.UTF_8);
        }
        if (message instanceof ArrayRedisMessage array)
        {
            if (array.isNull())
            {
                return null;
            }
            List<Object> values = new ArrayList<>(array.children().size());
            for (RedisMessage child : array.children())
            {
                values.add(child instanceof ErrorRedisMessage e ? new RedisError(e.content()) : toJava(child));
            }
            return values;
        }
        throw new IllegalStateException("unexpected RESP message " + message.getClass().getSimpleName());
    }

    @Override
    public void close()
    {
        channel.close().awaitUninterruptibly();
    }

    /** Decoded replies in; the codec's messages are released by {@link SimpleChannelInboundHandler}. */
    private static final class ReplyHandler extends SimpleChannelInboundHandler<RedisMessage>
    {
        private RespConnection owner;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RedisMessage message)
        {
            owner.inRead = true;
            owner.onReply(message);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx)
        {
            owner.onReadComplete();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception
        {
            if (owner != null)
            {
                owner.onClosed();
            }
            super.channelInactive(ctx);
        }

        /** A decoding or write failure: replies can no longer be matched to commands, so the connection goes. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause)
        {
            ctx.close();
        }
    }
}
