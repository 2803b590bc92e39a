package ordo.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import ordo.gateway.http.NettyTransport;

/**
 * Ordo over HTTP/1.1 as the load generator sees it: {@code connections} keep-alive connections served by one Netty
 * event-loop thread (epoll when the native transport loads, NIO otherwise).
 *
 * <p>Pipelining: {@link #reserve} writes its request at once, however many are already waiting on that connection,
 * and answers are matched to requests in order (see {@link HttpConnection}). The pipelining depth is therefore the
 * caller's choice: {@link LoadRun} keeps {@code depth} requests outstanding per connection.
 *
 * <p>The catalogue: one location {@value #LOCATION}, SKUs {@code B-00000, B-00001, …} with {@code unitsEach} units
 * there, loaded through the admin API with up to {@value #SETUP_WINDOW} SKUs in flight. For orders
 * ({@link #setUpNetwork}, {@link #placeOrder}) a network of locations and SKUs {@code O-00000, …} stocked at every
 * one of them, loaded the same way; an order is {@code POST /v1/orders} as the same storefront and its answers are
 * classified as a reservation's. A reservation is
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
    public static final String ORDER_SKU_PREFIX = "O-";
    static final int SETUP_WINDOW = 256;
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long CALL_TIMEOUT_SECONDS = 30;
    private static final long SETUP_TIMEOUT_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String host;
    private final int port;
    private final String skuPrefix;
    /** How many times {@link #setUp} ran: each run's SKUs are its own (see {@link #skuName}). */
    private int generation;
    private final HttpRequests requests;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final HttpCalls.ErrorLog errors = new HttpCalls.ErrorLog();
    /** Owned by the single event loop of {@link #group}. */
    private final WriteBatch batch = new WriteBatch();

    /** Written by {@link #setUp} before the harness starts; read by every {@link #reserve}. */
    private volatile HttpConnection[] connections = new HttpConnection[0];
    private volatile byte[][] skuNames = new byte[0][];
    private volatile String[] orderSkuNames = new String[0];

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
        final NettyTransport transport = ClientTransport.get();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("load-http", true),
            transport.ioHandlers());
        this.bootstrap = new Bootstrap()
            .group(group)
            .channel(transport.clientChannelType())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)CONNECT_TIMEOUT_MILLIS)
            .handler(new ChannelInitializer<Channel>()
            {
                @Override
                protected void initChannel(final Channel channel)
                {
                    channel.pipeline().addLast("decoder", new HttpResponseDecoder());
                    channel.pipeline().addLast("connection", new HttpConnection(batch));
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

    /**
     * The name of SKU number {@code sku} in the current scenario: {@code B-00042} in the first, {@code B-2-00042} in
     * the second, and so on. Each {@link #setUp} loads fresh SKUs because holds cannot be taken back by setting stock:
     * a scenario that follows another on the same SKUs would find the earlier one's live holds.
     */
    public String skuName(final int sku)
    {
        return (generation <= 1 ? skuPrefix : skuPrefix + generation + "-") + String.format("%05d", sku);
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
        generation++;
        expect(call(0, requests.publicGet("/ready")).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS), 200, "GET /ready");
        expect(call(0, requests.adminPut("/v1/locations/" + LOCATION, "{\"type\":\"WAREHOUSE\",\"name\":\"Bench DC\","
            + "\"lat\":1.3294,\"lon\":103.6367,\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"]}"))
            .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS), 200, "PUT location " + LOCATION);

        final byte[][] names = new byte[skus][];
        for (int i = 0; i < skus; i++)
        {
            names[i] = HttpRequests.ascii(skuName(i));
        }
        final String[] skuIds = new String[skus];
        for (int i = 0; i < skus; i++)
        {
            skuIds[i] = skuName(i);
        }
        loadCatalogue(skuIds, List.of(LOCATION), unitsEach);
        skuNames = names;
    }

    /**
     * Opens {@code connections} connections and loads an order network: each of {@code locations} (id → the body of
     * its {@code PUT /v1/locations/{id}}), then {@code skus} SKUs named {@link #orderSkuName} with {@code unitsEach}
     * units (safety stock 0) at every one of those locations.
     */
    public void setUpNetwork(final int connections, final Map<String, String> locations, final int skus,
        final long unitsEach) throws Exception
    {
        if (connections < 1 || locations.isEmpty() || skus < 1 || unitsEach < 0)
        {
            throw new IllegalArgumentException("connections, locations and skus ≥ 1, unitsEach ≥ 0; got " + connections
                + ", " + locations.size() + ", " + skus + ", " + unitsEach);
        }
        connect(connections);
        expect(call(0, requests.publicGet("/ready")).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS), 200, "GET /ready");
        final List<CompletableFuture<Void>> puts = new ArrayList<>(locations.size());
        for (final Map.Entry<String, String> location : locations.entrySet())
        {
            puts.add(call(0, requests.adminPut("/v1/locations/" + location.getKey(), location.getValue()))
                .thenAccept(response -> expectUnchecked(response, 200, "PUT location " + location.getKey())));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        final String[] names = new String[skus];
        for (int i = 0; i < skus; i++)
        {
            names[i] = orderSkuName(i);
        }
        loadCatalogue(names, List.copyOf(locations.keySet()), unitsEach);
        orderSkuNames = names;
    }

    /** The name of order SKU number {@code sku}, e.g. {@code O-00042}. */
    public static String orderSkuName(final int sku)
    {
        return ORDER_SKU_PREFIX + String.format("%05d", sku);
    }

    @Override
    public CompletableFuture<Outcome> reserve(final int conn, final int sku, final String customerId, final int qty)
    {
        final HttpConnection connection = connections[conn];
        final HttpCalls.Create call = new HttpCalls.Create(
            requests.reserve(connection.alloc(), skuNames[sku], customerId, qty), errors);
        connection.send(call);
        return call;
    }

    /**
     * Places order {@code ticket} of {@code workload} (over the SKUs of {@link #setUpNetwork}) on connection
     * {@code conn}: 201 is {@link Outcome#RESERVED} (the order was created), 409 {@code INSUFFICIENT_STOCK}
     * {@link Outcome#SOLD_OUT}, anything else {@link Outcome#ERROR}.
     */
    public CompletableFuture<Outcome> placeOrder(final int conn, final OrderWorkload workload, final long ticket)
    {
        final HttpConnection connection = connections[conn];
        final HttpCalls.Create call = new HttpCalls.Create(
            requests.order(connection.alloc(), workload, ticket, orderSkuNames), errors);
        connection.send(call);
        return call;
    }

    /** Writes the batch's requests in one task on the event loop, each connection flushed once. */
    @Override
    public void batch(final Runnable sends)
    {
        group.next().execute(() -> batch.run(sends));
    }

    @Override
    public long available(final int sku) throws Exception
    {
        return inventory(skuName(sku)).path("network").path("atp").asLong();
    }

    @Override
    public long holds(final int sku) throws Exception
    {
        return inventory(skuName(sku)).path("network").path("reserved").asLong();
    }

    /** Units of order SKU number {@code sku} allocated to orders over the whole network, as Ordo reports them. */
    public long allocated(final int orderSku) throws Exception
    {
        final JsonNode allocated = inventory(orderSkuName(orderSku)).path("network").path("allocated");
        if (!allocated.isIntegralNumber())
        {
            throw new IOException("GET /v1/inventory/" + orderSkuName(orderSku) + " has no network.allocated");
        }
        return allocated.asLong();
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

    private JsonNode inventory(final String sku) throws Exception
    {
        final String path = "/v1/inventory/" + sku;
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

    /**
     * Every SKU, then its stock at every location (pipelined on the SKU's connection), with up to
     * {@link #SETUP_WINDOW} SKUs in flight over all connections.
     */
    private void loadCatalogue(final String[] skus, final List<String> locations, final long unitsEach)
        throws Exception
    {
        final Semaphore window = new Semaphore(SETUP_WINDOW);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final String stock = "{\"onHand\":" + unitsEach + ",\"safetyStock\":0}";
        for (int i = 0; i < skus.length && failure.get() == null; i++)
        {
            if (!window.tryAcquire(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                throw new IOException("loading the catalogue stalled at SKU " + i);
            }
            final String sku = skus[i];
            final int conn = i % connections.length;
            call(conn, requests.adminPut("/v1/skus/" + sku, "{\"name\":\"" + sku + "\"}"))
                .thenCompose(response ->
                {
                    expectUnchecked(response, 200, "PUT SKU " + sku);
                    final CompletableFuture<?>[] puts = new CompletableFuture<?>[locations.size()];
                    for (int l = 0; l < puts.length; l++)
                    {
                        final String location = locations.get(l);
                        puts[l] = call(conn, requests.adminPut("/v1/inventory/" + sku + "/" + location, stock))
                            .thenAccept(put -> expectUnchecked(put, 200, "PUT stock of " + sku + " at " + location));
                    }
                    return CompletableFuture.allOf(puts);
                })
                .whenComplete((ignored, error) ->
                {
                    if (error != null)
                    {
                        failure.compareAndSet(null, error);
                    }
                    window.release();
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
