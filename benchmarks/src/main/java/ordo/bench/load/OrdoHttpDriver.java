package ordo.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Ordo over HTTP/1.1 as the load generator sees it: {@code connections} keep-alive connections served by one Netty
 * event-loop thread (epoll when the native transport loads, NIO otherwise).
 *
 * <p>Pipelining: {@link #reserve} writes its request at once, however many are already waiting on that connection,
 * and answers are matched to requests in order (see {@link HttpConnection}). The pipelining depth is therefore the
 * caller's choice: {@link LoadRun} keeps {@code depth} requests outstanding per connection.
 *
 * <p>The catalogue: one location {@value #LOCATION}, SKUs {@code B-00000, B-00001, …} with {@code unitsEach} units
 * there, loaded through the admin API with up to {@value #SETUP_WINDOW} calls in flight. A reservation is
 * {@code POST /v1/reservations} as the storefront of channel {@code web} (the storefront key must be bound to it):
 * 201 is {@link Outcome#RESERVED}, 409 {@code INSUFFICIENT_STOCK} is {@link Outcome#SOLD_OUT}, anything else
 * (another status, a dropped connection) is {@link Outcome#ERROR}; the first few errors are logged with their body.
 *
 * <p>Threading: {@link #setUp}, {@link #available}, {@link #holds} and {@link #close} from one harness thread;
 * {@link #reserve} from any thread. Futures complete on the event-loop thread, so their callbacks must not block.
 */
public final class OrdoHttpDriver implements Driver
{
    public static final String LOCATION = "bench-dc";
    public static final String DEFAULT_SKU_PREFIX = "B-";
    static final int SETUP_WINDOW = 256;
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long CALL_TIMEOUT_SECONDS = 30;
    private static final long SETUP_TIMEOUT_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String host;
    private final int port;
    private final String skuPrefix;
    private final HttpRequests requests;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final HttpCalls.ErrorLog errors = new HttpCalls.ErrorLog();

    /** Written by {@link #setUp} before the harness starts; read by every {@link #reserve}. */
    private volatile HttpConnection[] connections = new HttpConnection[0];
    private volatile byte[][] skuNames = new byte[0][];

    /**
     * @param name          for tables and file names, e.g. {@code ordo}
     * @param baseUrl       {@code http://host:port} of a running Ordo
     * @param adminKey      a key with role {@code admin} (loads the catalogue)
     * @param storefrontKey a key with role {@code storefront} bound to channel {@code web} (reserves, reads stock)
     * @param skuPrefix     SKU names are this prefix and five digits ({@value #DEFAULT_SKU_PREFIX} by default)
     */
    public OrdoHttpDriver(final String name, final URI baseUrl, final String adminKey, final String storefrontKey,
        final String skuPrefix)
    {
        if (!"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null)
        {
            throw new IllegalArgumentException("the URL must be http://host:port, got " + baseUrl);
        }
        if (baseUrl.getRawPath() != null && !baseUrl.getRawPath().isEmpty() && !"/".equals(baseUrl.getRawPath()))
        {
            throw new IllegalArgumentException("the URL must not have a path (the API is at /v1), got " + baseUrl);
        }
        this.name = name;
        this.host = baseUrl.getHost();
        this.port = baseUrl.getPort() < 0 ? 80 : baseUrl.getPort();
        this.skuPrefix = skuPrefix;
        this.requests = new HttpRequests(host + ":" + port, adminKey, storefrontKey);
        final boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("load-http", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap()
            .group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)CONNECT_TIMEOUT_MILLIS)
            .handler(new ChannelInitializer<Channel>()
            {
                @Override
                protected void initChannel(final Channel channel)
                {
                    channel.pipeline().addLast("decoder", new HttpResponseDecoder());
                    channel.pipeline().addLast("connection", new HttpConnection());
                }
            });
    }

    public OrdoHttpDriver(final URI baseUrl, final String adminKey, final String storefrontKey)
    {
        this("ordo", baseUrl, adminKey, storefrontKey, DEFAULT_SKU_PREFIX);
    }

    @Override
    public String name()
    {
        return name;
    }

    /** The name of SKU number {@code sku}, e.g. {@code B-00042}. */
    public String skuName(final int sku)
    {
        return skuPrefix + String.format("%05d", sku);
    }

    @Override
    public void setUp(final int connections, final int skus, final long unitsEach) throws Exception
    {
        if (connections < 1 || skus < 1 || unitsEach < 0)
        {
            throw new IllegalArgumentException("connections and skus ≥ 1, unitsEach ≥ 0; got " + connections + ", "
                + skus + ", " + unitsEach);
        }
        connect(connections);
        expect(call(0, requests.publicGet("/ready")).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS), 200, "GET /ready");
        expect(call(0, requests.adminPut("/v1/locations/" + LOCATION, "{\"type\":\"WAREHOUSE\",\"name\":\"Bench DC\","
            + "\"lat\":1.3294,\"lon\":103.6367,\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"]}"))
            .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS), 200, "PUT location " + LOCATION);

        final byte[][] names = new byte[skus][];
        for (int i = 0; i < skus; i++)
        {
            names[i] = HttpRequests.ascii(skuName(i));
        }
        loadCatalogue(names, unitsEach);
        skuNames = names;
    }

    @Override
    public CompletableFuture<Outcome> reserve(final int conn, final int sku, final String customerId, final int qty)
    {
        final HttpConnection connection = connections[conn];
        final HttpCalls.Reserve call = new HttpCalls.Reserve(
            requests.reserve(connection.alloc(), skuNames[sku], customerId, qty), errors);
        connection.send(call);
        return call;
    }

    @Override
    public long available(final int sku) throws Exception
    {
        return inventory(sku).path("network").path("atp").asLong();
    }

    @Override
    public long holds(final int sku) throws Exception
    {
        return inventory(sku).path("network").path("reserved").asLong();
    }

    /** Reservations answered with something else than 201 or 409 INSUFFICIENT_STOCK, or not answered at all. */
    public int errors()
    {
        return errors.count();
    }

    @Override
    public void close()
    {
        closeConnections();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private JsonNode inventory(final int sku) throws Exception
    {
        final String path = "/v1/inventory/" + skuName(sku);
        final HttpCalls.Response response = call(openConnection(), requests.storefrontGet(path))
            .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        expect(response, 200, "GET " + path);
        final JsonNode inventory = JSON.readTree(response.body());
        final JsonNode network = inventory.path("network");
        if (!network.path("atp").isIntegralNumber() || !network.path("reserved").isIntegralNumber())
        {
            throw new IOException("GET " + path + " has no network.atp/reserved: " + response.text());
        }
        return inventory;
    }

    /** Every SKU, then its stock, with up to {@link #SETUP_WINDOW} calls in flight over all connections. */
    private void loadCatalogue(final byte[][] names, final long unitsEach) throws Exception
    {
        final Semaphore window = new Semaphore(SETUP_WINDOW);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final String stock = "{\"onHand\":" + unitsEach + ",\"safetyStock\":0}";
        for (int i = 0; i < names.length && failure.get() == null; i++)
        {
            if (!window.tryAcquire(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                throw new IOException("loading the catalogue stalled at SKU " + i);
            }
            final String sku = new String(names[i], StandardCharsets.US_ASCII);
            final int conn = i % connections.length;
            final byte[] skuPut = requests.adminPut("/v1/skus/" + sku, "{\"name\":\"" + sku + "\"}");
            final byte[] stockPut = requests.adminPut("/v1/inventory/" + sku + "/" + LOCATION, stock);
            call(conn, skuPut)
                .thenCompose(response ->
                {
                    expectUnchecked(response, 200, "PUT SKU " + sku);
                    return call(conn, stockPut);
                })
                .whenComplete((response, error) ->
                {
                    try
                    {
                        if (error != null)
                        {
                            failure.compareAndSet(null, error);
                        }
                        else
                        {
                            expectUnchecked(response, 200, "PUT stock of " + sku);
                        }
                    }
                    catch (final RuntimeException e)
                    {
                        failure.compareAndSet(null, e);
                    }
                    finally
                    {
                        window.release();
                    }
                });
        }
        if (!window.tryAcquire(SETUP_WINDOW, SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            throw new IOException("loading the catalogue did not finish within " + SETUP_TIMEOUT_SECONDS + " s");
        }
        if (failure.get() != null)
        {
            throw new IOException("loading the catalogue failed: " + failure.get().getMessage(), failure.get());
        }
    }

    private void connect(final int count) throws Exception
    {
        closeConnections();
        final List<ChannelFuture> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            pending.add(bootstrap.connect(host, port));
        }
        final HttpConnection[] opened = new HttpConnection[count];
        for (int i = 0; i < count; i++)
        {
            final ChannelFuture future = pending.get(i);
            if (!future.awaitUninterruptibly(CONNECT_TIMEOUT_MILLIS + 1_000) || !future.isSuccess())
            {
                for (final ChannelFuture other : pending)
                {
                    other.channel().close();
                }
                throw new IOException("cannot connect to " + host + ":" + port + " (connection " + i + " of " + count
                    + ")", future.cause());
            }
            opened[i] = future.channel().pipeline().get(HttpConnection.class);
        }
        connections = opened;
    }

    private void closeConnections()
    {
        final HttpConnection[] open = connections;
        connections = new HttpConnection[0];
        for (final HttpConnection connection : open)
        {
            connection.channel().close().awaitUninterruptibly(2_000);
        }
    }

    private int openConnection() throws IOException
    {
        final HttpConnection[] all = connections;
        for (int i = 0; i < all.length; i++)
        {
            if (all[i].isOpen())
            {
                return i;
            }
        }
        throw new IOException("no open connection to " + host + ":" + port + " (setUp first)");
    }

    private CompletableFuture<HttpCalls.Response> call(final int conn, final byte[] request)
    {
        final HttpCalls.Text call = new HttpCalls.Text(Unpooled.wrappedBuffer(request));
        connections[conn].send(call);
        return call;
    }

    private static void expect(final HttpCalls.Response response, final int status, final String what)
        throws IOException
    {
        if (response.status() != status)
        {
            throw new IOException(what + " answered " + response.status() + ": " + response.text());
        }
    }

    private static void expectUnchecked(final HttpCalls.Response response, final int status, final String what)
    {
        if (response.status() != status)
        {
            throw new IllegalStateException(what + " answered " + response.status() + ": " + response.text());
        }
    }
}
