package ordo.gateway.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import ordo.gateway.auth.Authenticator;
import ordo.gateway.config.HttpConfig;

/**
 * The Netty HTTP/1.1 server. One event-loop group of {@code http.ioThreads} threads both accepts and
 * serves connections (no separate boss thread: on a 2-core machine every thread counts). The socket transport is
 * {@code http.transport}'s (by default epoll, else NIO; io_uring when configured: {@link NettyTransport}). The event loops
 * block in {@code io_uring_enter}/{@code epoll_wait}/{@code select} when idle; nothing spins.
 *
 * <p>Each connection's pipeline, socket side first:
 * <pre>
 *   idle timeout → {@link Http1Decoder} (line/header/body limits, request deadline)
 *     → {@link HttpConnectionHandler} (ordered responses, written as bytes) → {@link HttpDispatcher}
 * </pre>
 * Answers from other threads reach a connection through its event loop's {@link ReplyInbox}.
 * A connection over {@code http.maxConnections} gets a 503 instead (see {@link ConnectionLimiter}).
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once (idempotent); both from the owning thread.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final long QUIET_PERIOD_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5_000;

    private final HttpConfig config;
    private final HttpDispatcher dispatcher;
    private final ConnectionLimiter limiter;
    /** Run once on each event loop's thread before it serves (null: nothing to run). */
    private final Consumer<SingleThreadEventLoop> eventLoopSetUp;
    /** One per event loop, made when its first connection is set up. */
    private final Map<EventLoop, ReplyInbox> inboxes = new ConcurrentHashMap<>();
    private EventLoopGroup group;
    private Channel serverChannel;
    private NettyTransport transport;
    private int port = -1;

    /** The usual wiring: the gateway checks of {@link HttpDispatcher} in front of {@code router}. */
    public HttpServer(HttpConfig config, Router router, Authenticator authenticator, Metrics metrics) {
        this(config, new HttpDispatcher(router, authenticator, metrics));
    }

    public HttpServer(HttpConfig config, HttpDispatcher dispatcher) {
        this(config, dispatcher, null);
    }

    /**
     * @param eventLoopSetUp run once on each event loop's own thread before it serves a connection (the server
     *                       lets its event loops hold the pipeline's wake-ups to the end of each turn), or null
     */
    public HttpServer(HttpConfig config, HttpDispatcher dispatcher, Consumer<SingleThreadEventLoop> eventLoopSetUp) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.limiter = new ConnectionLimiter(config.maxConnections());
        this.eventLoopSetUp = eventLoopSetUp;
    }

    /**
     * Binds and starts serving.
     *
     * @return the bound port (the chosen one when {@code http.port} is 0)
     * @throws UncheckedIOException when the address cannot be bound (in use, not local)
     * @throws IllegalStateException when {@code http.transport} names a native transport this machine cannot run
     */
    public synchronized int start() {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        transport = NettyTransport.select(config.transport());
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("ordo-http"),
                transport.ioHandlers());
        if (eventLoopSetUp != null) {
            // Queued before the bind: each loop runs it before the registration of any connection.
            for (EventExecutor executor : group) {
                SingleThreadEventLoop loop = (SingleThreadEventLoop) executor;
                loop.execute(() -> eventLoopSetUp.accept(loop));
            }
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.channelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new Initializer());
        try {
            serverChannel = bootstrap.bind(config.bind(), config.port()).sync().channel();
        } catch (Exception e) {
            // bind() rethrows BindException and friends unchecked; InterruptedException means we were asked to stop.
            close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            IOException cause = e instanceof IOException io2 ? io2 : new IOException(e);
            throw new UncheckedIOException("cannot listen on " + config.bind() + ":" + config.port(), cause);
        }
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info("HTTP listening on {}:{} ({} transport, {} io thread(s), max {} connections)",
                config.bind(), port, transport(), config.ioThreads(), config.maxConnections());
        return port;
    }

    /** The bound port, or -1 before {@link #start()}. */
    public int port() {
        return port;
    }

    /**
     * Refuses a {@code http.transport} this machine cannot run, as {@link #start} would, without starting anything:
     * for a caller that must know before it does slow or lasting work (the server, before it replays the journal).
     *
     * @throws IllegalStateException when {@code http.transport} names a native transport this machine cannot run
     */
    public static void checkTransport(HttpConfig config) {
        NettyTransport.select(config.transport());
    }

    /** {@code "io_uring"}, {@code "epoll"} or {@code "nio"} once started; null before. */
    public synchronized String transport() {
        return transport == null ? null : transport.name();
    }

    /** Connections currently admitted (not counting refused ones). */
    public int openConnections() {
        return limiter.open();
    }

    /**
     * Stops accepting connections; open ones keep being served, so answers still on their way can be written.
     * Call {@link #close()} afterwards.
     */
    public synchronized void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            serverChannel = null;
        }
    }

    /**
     * Stops accepting, closes every connection and waits (up to a few seconds) for the event-loop threads
     * to end. Answers still being computed elsewhere are dropped.
     */
    @Override
    public synchronized void close() {
        if (group == null) {
            return;
        }
        stopAccepting();
        group.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (!group.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS + 1_000)) {
            LOG.warn("HTTP event loops did not stop within {} ms", SHUTDOWN_TIMEOUT_MILLIS);
        }
        group = null;
        LOG.info("HTTP server on port {} stopped", port);
    }

    /** Builds each accepted connection's pipeline. */
    private final class Initializer extends ChannelInitializer<Channel> {
        @Override
        protected void initChannel(Channel channel) {
            ChannelPipeline pipeline = channel.pipeline();
            if (!limiter.tryAcquire()) {
                pipeline.addLast("overloaded", limiter.rejector());
                return;
            }
            channel.closeFuture().addListener(f -> limiter.release());
            pipeline.addLast("idle", new IdleStateHandler(config.idleTimeoutSeconds(), 0, 0, TimeUnit.SECONDS));
            pipeline.addLast("decoder", new Http1Decoder(config.maxInitialLineBytes(), config.maxHeaderBytes(),
                    config.maxBodyBytes(), TimeUnit.SECONDS.toNanos(config.requestTimeoutSeconds())));
            ReplyInbox inbox = inboxes.computeIfAbsent(channel.eventLoop(), ReplyInbox::new);
            pipeline.addLast("exchange", new HttpConnectionHandler(dispatcher,
                    TimeUnit.SECONDS.toNanos(config.idleTimeoutSeconds()), HttpConnectionHandler.CODEC_MAX_PIPELINE_DEPTH,
                    inbox));
        }
    }
}
