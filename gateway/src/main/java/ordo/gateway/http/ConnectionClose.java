package ordo.gateway.http;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;

/**
 * Closing a connection without losing the last response. A plain close while the client is still
 * sending (a body we refused, a header block we stopped reading) leaves unread bytes in the kernel, which
 * then answers with a TCP reset, and the client may see "connection reset" instead of our 413 or 431.
 * So: send FIN after the response, keep reading and discarding until the client closes its side, and
 * close anyway after {@link #LINGER_MILLIS}.
 */
final class ConnectionClose {

    static final long LINGER_MILLIS = 2_000;

    private ConnectionClose() {
    }

    /** Call once the final response is written (or failed). */
    static void lingering(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        if (!(channel instanceof DuplexChannel duplex)) {
            channel.close();
            return;
        }
        channel.config().setAutoRead(true);
        duplex.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
                return;
            }
            // The client's FIN closes the channel earlier (half-closure is not allowed on our channels).
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }
}
