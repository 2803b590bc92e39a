package ordo.gateway.http;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import ordo.gateway.config.HttpTransport;

/**
 * A socket transport that this machine can run: the event loops' I/O handler and the listening channel's class.
 * {@link #select} turns the configured {@link HttpTransport} into one: {@code auto} takes epoll where its native
 * library loads and NIO otherwise; {@code io_uring} and {@code epoll} must run here (each native transport probes
 * the kernel when first asked: io_uring sets up a ring, which a kernel or a container may forbid).
 *
 * @param name        {@code io_uring}, {@code epoll} or {@code nio}
 * @param ioHandlers  the I/O handler factory of the event-loop group
 * @param channelType the listening socket's channel class (accepted connections take the matching child class)
 */
record NettyTransport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> channelType) {

    /**
     * The transport to run for {@code configured}.
     *
     * @throws IllegalStateException when a native transport named explicitly cannot run here (the message names
     *                               the kernel's or the loader's reason)
     */
    static NettyTransport select(HttpTransport configured) {
        return switch (configured) {
            case AUTO -> Epoll.isAvailable() ? epoll() : nio();
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw unavailable(configured, IoUring.unavailabilityCause());
                }
                yield ioUring();
            }
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw unavailable(configured, Epoll.unavailabilityCause());
                }
                yield epoll();
            }
            case NIO -> nio();
        };
    }

    private static NettyTransport ioUring() {
        return new NettyTransport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
    }

    private static NettyTransport epoll() {
        return new NettyTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    private static NettyTransport nio() {
        return new NettyTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    private static IllegalStateException unavailable(HttpTransport configured, Throwable cause) {
        return new IllegalStateException("http.transport " + configured.configName()
                + " is not available on this machine (" + cause + "); use auto to take the best one that is", cause);
    }
}
