package ordo.gateway.config;

/**
 * The HTTP server's settings (configuration section {@code http}). Every limit exists so that one
 * misbehaving client cannot take memory or connections from the others; the defaults suit a small
 * machine (2 cores) serving many keep-alive clients.
 *
 * @param port                  TCP port; 0 picks a free one (tests). Default 8080
 * @param bind                  address to listen on. Default "0.0.0.0" (all interfaces)
 * @param ioThreads             event-loop threads, which also accept connections. Default 2
 * @param maxConnections        open connections beyond this are answered 503 and closed. Default 10000
 * @param maxBodyBytes          larger request bodies are answered 413. Default 65536
 * @param maxHeaderBytes        larger header blocks are answered 431. Default 16384
 * @param maxInitialLineBytes   longer request lines are answered 414. Default 4096
 * @param idleTimeoutSeconds    a keep-alive connection with nothing in flight for this long is closed. Default 60
 * @param requestTimeoutSeconds a request not complete this long after its first byte is answered 408 and
 *                              its connection closed (slow-loris guard). Default 10
 * @param transport             Netty's socket transport. Default {@link HttpTransport#AUTO} (epoll, else NIO)
 * @param soldOutAtGateway      a network hold of one SKU the engine has published as sold out is refused by the
 *                              event loop that read it, with the engine's answer, and not journaled
 *                              ({@code ordo.engine.SoldOutBoard}); false sends every hold to the engine. Default true
 */
public record HttpConfig(int port, String bind, int ioThreads, int maxConnections, int maxBodyBytes,
                         int maxHeaderBytes, int maxInitialLineBytes, int idleTimeoutSeconds,
                         int requestTimeoutSeconds, HttpTransport transport, boolean soldOutAtGateway) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "0.0.0.0";
    public static final int DEFAULT_IO_THREADS = 2;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_MAX_BODY_BYTES = 65_536;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16_384;
    public static final int DEFAULT_MAX_INITIAL_LINE_BYTES = 4_096;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;

    public HttpConfig {
        Check.range("http.port", port, 0, 65_535);
        Check.notBlank("http.bind", bind);
        Check.range("http.ioThreads", ioThreads, 1, 64);
        Check.range("http.maxConnections", maxConnections, 1, 1_000_000);
        Check.range("http.maxBodyBytes", maxBodyBytes, 1, 64 * 1024 * 1024);
        Check.range("http.maxHeaderBytes", maxHeaderBytes, 256, 1024 * 1024);
        Check.range("http.maxInitialLineBytes", maxInitialLineBytes, 64, 64 * 1024);
        Check.range("http.idleTimeoutSeconds", idleTimeoutSeconds, 1, 24 * 3600);
        Check.range("http.requestTimeoutSeconds", requestTimeoutSeconds, 1, 3600);
        if (transport == null) {
            throw new IllegalArgumentException("http.transport must be given");
        }
    }

    public static HttpConfig defaults() {
        return new HttpConfig(DEFAULT_PORT, DEFAULT_BIND, DEFAULT_IO_THREADS, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_INITIAL_LINE_BYTES,
                DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_REQUEST_TIMEOUT_SECONDS, HttpTransport.AUTO, true);
    }

    public HttpConfig withPort(int value) {
        return new HttpConfig(value, bind, ioThreads, maxConnections, maxBodyBytes, maxHeaderBytes,
                maxInitialLineBytes, idleTimeoutSeconds, requestTimeoutSeconds, transport, soldOutAtGateway);
    }

    public HttpConfig withBind(String value) {
        return new HttpConfig(port, value, ioThreads, maxConnections, maxBodyBytes, maxHeaderBytes,
                maxInitialLineBytes, idleTimeoutSeconds, requestTimeoutSeconds, transport, soldOutAtGateway);
    }

    public HttpConfig withIoThreads(int value) {
        return new HttpConfig(port, bind, value, maxConnections, maxBodyBytes, maxHeaderBytes,
                maxInitialLineBytes, idleTimeoutSeconds, requestTimeoutSeconds, transport, soldOutAtGateway);
    }

    public HttpConfig withMaxConnections(int value) {
        return new HttpConfig(port, bind, ioThreads, value, maxBodyBytes, maxHeaderBytes,
                maxInitialLineBytes, idleTimeoutSeconds, requestTimeoutSeconds, transport, soldOutAtGateway);
    }

    public HttpConfig withMaxBodyBytes(int value) {
        return new HttpConfig(port, bind, ioThreads, maxConnections, value, maxHeaderBytes,
                maxInitialLineBytes, idleTimeoutSeconds, requestTimeoutSeconds, transport, soldOutAtGateway);
    }

    public HttpConfig withMaxHeaderBytes(int value) {
        return new HttpConfig(port, bind, ioThreads, maxConnections, maxBodyBytes, value,
                maxInitialLineBytes, idleTimeoutSeconds, requestTimeoutSeconds, transport, soldOutAtGateway);
    }

    public HttpConfig withMaxInitialLineBytes(int value) {
        return new HttpConfig(port, bind, ioThreads, maxConnections, maxBodyBytes, maxHeaderBytes,
                value, idleTimeoutSeconds, requestTimeoutSeconds, transport, soldOutAtGateway);
    }

    public HttpConfig withIdleTimeoutSeconds(int value) {
        return new HttpConfig(port, bind, ioThreads, maxConnections, maxBodyBytes, maxHeaderBytes,
                maxInitialLineBytes, value, requestTimeoutSeconds, transport, soldOutAtGateway);
    }

    public HttpConfig withTransport(HttpTransport value) {
        return new HttpConfig(port, bind, ioThreads, maxConnections, maxBodyBytes, maxHeaderBytes,
                maxInitialLineBytes, idleTimeoutSeconds, requestTimeoutSeconds, value, soldOutAtGateway);
    }

    public HttpConfig withRequestTimeoutSeconds(int value) {
        return new HttpConfig(port, bind, ioThreads, maxConnections, maxBodyBytes, maxHeaderBytes,
                maxInitialLineBytes, idleTimeoutSeconds, value, transport, soldOutAtGateway);
    }

    public HttpConfig withSoldOutAtGateway(boolean value) {
        return new HttpConfig(port, bind, ioThreads, maxConnections, maxBodyBytes, maxHeaderBytes,
                maxInitialLineBytes, idleTimeoutSeconds, requestTimeoutSeconds, transport, value);
    }
}
