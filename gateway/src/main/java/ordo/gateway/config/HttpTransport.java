package ordo.gateway.config;

import java.util.Locale;

/**
 * Which of Netty's socket transports serves HTTP (the configuration key {@code http.transport}).
 */
public enum HttpTransport {
    /** Epoll where it runs (Linux), else NIO: the long-proven pair. Default. */
    AUTO,
    /**
     * Linux io_uring, chosen explicitly: reads and writes are queued on a ring the kernel shares with the event
     * loop and many of them go in and out per system call, instead of one {@code recv} and one {@code send} system
     * call per request (less CPU per request; see docs/BENCHMARKS.md). Newer in Netty than epoll (its 4.2 line
     * fixed read stalls as late as mid-2026), so not the default: test it on your kernel first. Needs a kernel
     * that allows io_uring (container runtimes often forbid it); refused at start-up with the reason otherwise.
     */
    IO_URING,
    /** Linux epoll: edge-triggered readiness, one system call per read and per write. */
    EPOLL,
    /** Java NIO: any platform. */
    NIO;

    /** The configuration name, e.g. {@code io_uring}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transport named {@code name} in configuration, e.g. {@code epoll}; IllegalArgumentException for another. */
    public static HttpTransport fromConfigName(String name) {
        return Check.oneOf("http.transport", values(), HttpTransport::configName, name);
    }
}
