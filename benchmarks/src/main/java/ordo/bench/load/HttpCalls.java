package ordo.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ordo.bench.load.Driver.Outcome;

/**
 * The calls {@link OrdoHttpDriver} puts on an {@link HttpConnection}: each is the future its caller waits on and the
 * connection's in-flight entry at once, so a request costs one object besides its bytes. They complete on the
 * event-loop thread.
 */
final class HttpCalls
{
    private static final byte[] INSUFFICIENT_STOCK = HttpRequests.ascii("\"code\":\"INSUFFICIENT_STOCK\"");

    private HttpCalls()
    {
    }

    /**
     * One reservation or order attempt: 201 (the hold or the order created) is {@link Outcome#RESERVED}, 409 with
     * code {@code INSUFFICIENT_STOCK} is {@link Outcome#SOLD_OUT}, anything else (another status or code, no answer)
     * is {@link Outcome#ERROR} and goes to the error log. Only a non-201 body is read.
     */
    static final class Create extends CompletableFuture<Outcome> implements HttpConnection.Call
    {
        private final ErrorLog errors;
        private ByteBuf request;

        Create(final ByteBuf request, final ErrorLog errors)
        {
            this.request = request;
            this.errors = errors;
        }

        @Override
        public ByteBuf takeRequest()
        {
            final ByteBuf taken = request;
            request = null;
            return taken;
        }

        @Override
        public boolean wantsBody(final int status)
        {
            return status != 201;
        }

        @Override
        public void onResponse(final int status, final ByteBuf body)
        {
            if (status == 201)
            {
                complete(Outcome.RESERVED);
            }
            else if (status == 409 && contains(body, INSUFFICIENT_STOCK))
            {
                complete(Outcome.SOLD_OUT);
            }
            else
            {
                errors.note(status + " " + body.toString(StandardCharsets.UTF_8));
                complete(Outcome.ERROR);
            }
        }

        @Override
        public void onFailure(final Throwable cause)
        {
            errors.note("no answer: " + cause);
            complete(Outcome.ERROR);
        }
    }

    /** An admin or read call; the body is copied out. A lost connection completes it exceptionally. */
    static final class Text extends CompletableFuture<Response> implements HttpConnection.Call
    {
        private ByteBuf request;

        Text(final ByteBuf request)
        {
            this.request = request;
        }

        @Override
        public ByteBuf takeRequest()
        {
            final ByteBuf taken = request;
            request = null;
            return taken;
        }

        @Override
        public boolean wantsBody(final int status)
        {
            return true;
        }

        @Override
        public void onResponse(final int status, final ByteBuf body)
        {
            final byte[] bytes = new byte[body.readableBytes()];
            body.getBytes(body.readerIndex(), bytes);
            complete(new Response(status, bytes));
        }

        @Override
        public void onFailure(final Throwable cause)
        {
            completeExceptionally(cause);
        }
    }

    /** A status and body of an admin or read call. */
    record Response(int status, byte[] body)
    {
        String text()
        {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Counts reservation and order errors and logs the first few with their answer, so a failed run says why. Any thread. */
    static final class ErrorLog
    {
        private static final int LOGGED = 10;
        private static final Logger LOG = LoggerFactory.getLogger(OrdoHttpDriver.class);
        private final AtomicInteger count = new AtomicInteger();

        void note(final String detail)
        {
            if (count.incrementAndGet() <= LOGGED)
            {
                LOG.warn("error answer: {}", detail);
            }
        }

        int count()
        {
            return count.get();
        }
    }

    static boolean contains(final ByteBuf haystack, final byte[] needle)
    {
        final int last = haystack.writerIndex() - needle.length;
        outer:
        for (int i = haystack.readerIndex(); i <= last; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack.getByte(i + j) != needle[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
