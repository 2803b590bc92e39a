package ordo.gateway.http;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import ordo.gateway.config.HttpTransport;

/**
 * A socket transport that this machine can run: the event loops' I/O handler and the socket channel classes. The
 * server takes its own from {@link #select} ({@code http.transport}: {@code auto} is epoll where its native library
 * loads and NIO otherwise); a client may take {@link #fastest}. Each native transport probes the kernel when first
 * asked (io_uring sets up a ring, which a kernel or a container may forbid), so a named one that cannot run here is
 * refused with the reason ({@link #named}).
 *
 * @param name              {@code io_uring}, {@code epoll} or {@code nio}
 * @param ioHandlers        the I/O handler factory of an event-loop group
 * @param channelType       the listening socket's channel class (accepted connections take the matching child class)
 * @param clientChannelType a connecting socket's channel class
 */
public record NettyTransport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> channelType,
                             Class<? extends SocketChannel> clientChannelType) {

    /**
     * The transport the server runs for {@code configured}.
     *
     * @throws IllegalStateException when a native transport named explicitly cannot run here (the message names
     *                               the kernel's or the loader's reason)
     */
    static NettyTransport select(HttpTransport configured) {
        return configured == HttpTransport.AUTO
                ? Epoll.isAvailable() ? epoll() : nio()
                : named(configured, "http.transport", "; auto takes epoll or NIO");
    }

    /** The first of io_uring, epoll and NIO that runs here. */
    public static NettyTransport fastest() {
        return IoUring.isAvailable() ? ioUring() : Epoll.isAvailable() ? epoll() : nio();
    }

    /**
     * Exactly {@code wanted} (not {@code AUTO}), if it runs here.
     *
     * @param setting where it was asked for, for the message (e.g. {@code http.transport})
     * @param hint    appended to the message (e.g. what else to choose); may be empty
     * @throws IllegalStateException when it cannot run here, naming the kernel's or the loader's reason
     */
    public static NettyTransport named(HttpTransport wanted, String setting, String hint) {
        return switch (wanted) {
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw unavailable(wanted, setting, hint, IoUring.unavailabilityCause());
                }
                yield ioUring();
            }
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw unavailable(wanted, setting, hint, Epoll.unavailabilityCause());
                }
                yield epoll();
            }
            case NIO -> nio();
            case AUTO -> throw new IllegalArgumentException("auto names no transport; the caller decides what it is");
        };
    }

    private static NettyTransport ioUring() {
        return new NettyTransport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class);
    }

    private static NettyTransport epoll() {
        return new NettyTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel.class);
    }

    private static NettyTransport nio() {
        return new NettyTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
                NioSocketChannel.class);
    }

    private static IllegalStateException unavailable(HttpTransport wanted, String setting, String hint,
                                                     Throwable cause) {
        return new IllegalStateException(setting + " " + wanted.configName() + " is not available on this machine ("
                + cause + ")" + hint, cause);
    }
}
