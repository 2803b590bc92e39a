package ordo.bench.load;

import java.util.Locale;

import ordo.gateway.config.HttpTransport;
import ordo.gateway.http.NettyTransport;

/**
 * The socket transport of every load driver (HTTP to Ordo, RESP to Redis): the same for every system measured, so
 * that the client — which shares the machine's cores with the server under test — costs each of them the same.
 * The first this machine runs of io_uring, epoll and NIO ({@link NettyTransport#fastest}), or the one named by
 * {@code -Dordo.bench.transport} ({@code io_uring}, {@code epoll}, {@code nio}; refused with the reason when it
 * cannot run here).
 */
public final class ClientTransport
{
    public static final String PROPERTY = "ordo.bench.transport";

    private static final NettyTransport SELECTED = select(System.getProperty(PROPERTY, "auto"));

    private ClientTransport()
    {
    }

    /** Prints the transport this machine gives the drivers ({@code run.sh} serves Ordo over the same one). */
    public static void main(final String[] args)
    {
        System.out.println(get().name());
    }

    /** The transport of this run: its I/O handler factory and {@link NettyTransport#clientChannelType}. */
    public static NettyTransport get()
    {
        return SELECTED;
    }

    static NettyTransport select(final String wanted)
    {
        final String name = wanted.toLowerCase(Locale.ROOT);
        for (final HttpTransport transport : HttpTransport.values())
        {
            if (transport.configName().equals(name))
            {
                return transport == HttpTransport.AUTO ? NettyTransport.fastest() :
                    NettyTransport.named(transport, "-D" + PROPERTY, "");
            }
        }
        throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, io_uring, epoll or nio; got '" + wanted +
            "'");
    }
}
