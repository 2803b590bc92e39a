package ordo.bench.load;

import java.util.Locale;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * The socket transport of every load driver (HTTP to Ordo, RESP to Redis): the same for every system measured, so
 * that the client — which shares the machine's cores with the server under test — costs each of them the same.
 * The first this machine runs of io_uring, epoll and NIO, or the one named by {@code -Dordo.bench.transport}
 * ({@code io_uring}, {@code epoll}, {@code nio}; refused with the reason when it cannot run here).
 *
 * @param name        {@code io_uring}, {@code epoll} or {@code nio}
 * @param channelType the client socket's channel class
 */
public record ClientTransport(String name, Class<? extends SocketChannel> channelType)
{
    public static final String PROPERTY = "ordo.bench.transport";

    private static final ClientTransport SELECTED = select(System.getProperty(PROPERTY, "auto"));

    /** Prints the transport this machine gives the drivers ({@code run.sh} serves Ordo over the same one). */
    public static void main(final String[] args)
    {
        System.out.println(get().name());
    }

    /** The transport of this run. */
    public static ClientTransport get()
    {
        return SELECTED;
    }

    static ClientTransport select(final String wanted)
    {
        switch (wanted.toLowerCase(Locale.ROOT))
        {
            case "auto":
                return IoUring.isAvailable() ? ioUring() : Epoll.isAvailable() ? epoll() : nio();
            case "io_uring":
                if (!IoUring.isAvailable())
                {
                    throw new IllegalStateException("-D" + PROPERTY + "=io_uring: io_uring is not available here ("
                        + IoUring.unavailabilityCause() + ")");
                }
                return ioUring();
            case "epoll":
                if (!Epoll.isAvailable())
                {
                    throw new IllegalStateException("-D" + PROPERTY + "=epoll: epoll is not available here ("
                        + Epoll.unavailabilityCause() + ")");
                }
                return epoll();
            case "nio":
                return nio();
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, io_uring, epoll or nio; got '"
                    + wanted + "'");
        }
    }

    /** A new I/O handler factory for an event-loop group of this transport. */
    public IoHandlerFactory ioHandlers()
    {
        return switch (name)
        {
            case "io_uring" -> IoUringIoHandler.newFactory();
            case "epoll" -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
    }

    private static ClientTransport ioUring()
    {
        return new ClientTransport("io_uring", IoUringSocketChannel.class);
    }

    private static ClientTransport epoll()
    {
        return new ClientTransport("epoll", EpollSocketChannel.class);
    }

    private static ClientTransport nio()
    {
        return new ClientTransport("nio", NioSocketChannel.class);
    }
}
