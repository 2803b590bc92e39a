package ordo.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Authenticator;
import ordo.gateway.auth.Role;
import ordo.gateway.config.HttpConfig;
import ordo.gateway.config.HttpTransport;

/**
 * A real {@link HttpServer} on an ephemeral loopback port with a small router that exercises the
 * gateway: public and protected routes, literal-versus-parameter templates, answers from another thread,
 * a throwing route, a double answer.
 */
final class TestServer implements AutoCloseable {

    static final String ADMIN_KEY = "test-admin-key-1";
    static final String WEB_KEY = "test-web-key-1";
    static final String AUDIT_KEY = "test-audit-key-1";

    final Metrics metrics = new Metrics();
    final Router router = new Router();
    final HttpServer server;
    final int port;
    /** What the {@code /twice} route caught when it answered a second time. */
    final AtomicReference<Throwable> secondAnswer = new AtomicReference<>();
    /** Answers the {@code /slow} route from a thread that is not the event loop. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker"));

    TestServer() {
        this(testConfig());
    }

    TestServer(HttpConfig config) {
        registerRoutes();
        Authenticator authenticator = new Authenticator(List.of(
                ApiKey.of("ops", ADMIN_KEY, Role.ADMIN),
                new ApiKey("webshop", WEB_KEY, Role.STOREFRONT, Set.of("web"), Set.of(), null),
                ApiKey.of("audit", AUDIT_KEY, Role.AUDITOR)));
        server = new HttpServer(config, new HttpDispatcher(router, authenticator, metrics));
        try {
            port = server.start();
        } catch (RuntimeException e) {
            worker.shutdownNow();
            throw e;
        }
    }

    /** The socket transports this machine runs (NIO everywhere; epoll and io_uring where the kernel allows). */
    static Stream<HttpTransport> runnableTransports() {
        Stream.Builder<HttpTransport> runnable = Stream.builder();
        if (IoUring.isAvailable()) {
            runnable.add(HttpTransport.IO_URING);
        }
        if (Epoll.isAvailable()) {
            runnable.add(HttpTransport.EPOLL);
        }
        return runnable.add(HttpTransport.NIO).build();
    }

    static HttpConfig testConfig() {
        return HttpConfig.defaults().withPort(0).withBind("127.0.0.1");
    }

    private void registerRoutes() {
        EnumSet<Role> adminOrWeb = EnumSet.of(Role.ADMIN, Role.STOREFRONT);
        router.route("GET", "/health", "health", null, Router.ANY_QUERY,
                        ex -> ex.respond(200, json("{\"status\":\"ok\"}")))
                .route("GET", "/metrics", "metrics", null, ex -> ex.respond(200, Metrics.CONTENT_TYPE,
                        ex.alloc().buffer().writeBytes(metrics.render().getBytes(StandardCharsets.UTF_8))))
                .route("GET", "/v1/things/{thingId}", "getThing", adminOrWeb, java.util.Set.of("q"), ex -> ex.respond(200, json(
                        "{\"thingId\":\"" + ex.pathParam("thingId") + "\",\"principal\":\"" + ex.principal().name()
                                + "\",\"q\":\"" + ex.queryParam("q") + "\"}")))
                .route("GET", "/v1/things/search", "searchThings", adminOrWeb,
                        ex -> ex.respond(200, json("{\"route\":\"search\"}")))
                .route("DELETE", "/v1/things/{thingId}", "deleteThing", EnumSet.of(Role.ADMIN),
                        ex -> ex.respond(204, (byte[]) null))
                .route("POST", "/v1/things/{thingId}/echo", "echoThing", EnumSet.of(Role.ADMIN),
                        ex -> ex.respond(200, ex.body().retain()))
                .route("GET", "/v1/pairs/{left}/{right}", "getPair", EnumSet.of(Role.ADMIN), ex -> ex.respond(200,
                        json("{\"left\":\"" + ex.pathParam("left") + "\",\"right\":\"" + ex.pathParam("right") + "\"}")))
                .route("GET", "/slow", "slow", null, java.util.Set.of("millis"), ex -> worker.execute(() -> {
                    String millis = ex.queryParam("millis");
                    sleep(millis == null ? 300 : Long.parseLong(millis));
                    ex.respond(200, json("{\"answer\":\"slow\",\"thread\":\"" + Thread.currentThread().getName() + "\"}"));
                }))
                .route("GET", "/bad", "bad", null,
                        ex -> ex.respondProblem(ProblemCode.INVALID_REQUEST.problem("bad on purpose").with("field", "x")))
                .route("GET", "/fast", "fast", null, ex -> ex.respond(200, json("{\"answer\":\"fast\"}")))
                .route("GET", "/boom", "boom", null, ex -> {
                    throw new IllegalStateException("boom on purpose");
                })
                .route("GET", "/twice", "twice", null, ex -> {
                    ex.respond(200, json("{\"answer\":\"first\"}"));
                    try {
                        ex.respond(500, json("{\"answer\":\"second\"}"));
                    } catch (IllegalStateException expected) {
                        secondAnswer.set(expected);
                    }
                })
                .route("GET", "/whoami", "whoami", null,
                        ex -> ex.respond(200, json("{\"port\":" + ex.remoteAddress().getPort() + "}")));
    }

    /** A connection's pipeline without a socket: the gateway's decoder and connection handler over {@code router}. */
    static EmbeddedChannel embedded(Router router, Metrics metrics, int pipeliningDepth) {
        HttpDispatcher dispatcher = new HttpDispatcher(router, new Authenticator(List.of()), metrics);
        return new EmbeddedChannel(new Http1Decoder(4096, 8192, 1024, 10_000_000_000L),
                new HttpConnectionHandler(dispatcher, pipeliningDepth));
    }

    /** Everything {@code channel} has written so far, as text; releases the buffers. */
    static String readWritten(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            text.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        return text.toString();
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
