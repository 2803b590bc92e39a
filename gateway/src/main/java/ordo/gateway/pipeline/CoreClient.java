package ordo.gateway.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import ordo.engine.CommandType;
import ordo.engine.PayloadReader;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Commands from gateway threads that are not on the HTTP path (the payment adapter, start-up loaders): publish, then
 * wait for a copy of the reply. HTTP routes never use this — they must not block and answer 503 on a full ring; a
 * background caller instead waits for room, backing off, because what it reports must not be dropped.
 *
 * <p>Thread-safe; every call blocks its caller only. The reply is copied on the reply thread (the slot is reused as
 * soon as the target returns) and handed over through a future, so the reply thread never waits for the caller.
 */
public final class CoreClient
{
    /** Longest pause between two attempts to find room in a full ring. */
    static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final ReplyTarget TARGET = CoreClient::onReply;

    /**
     * A copy of one reply: result code, tuple and view bytes (layouts in {@code ReplyCodec}).
     *
     * @param journalFailed true when the journal could not take the command (it was not acknowledged), or, for a
     *                      query, when the journal has failed (the state may hold commands it lacks): not to act on
     */
    public record Answer(ResultCode code, boolean journalFailed, long seq, long entityId, long a, long b, long c,
        long d, byte[] data)
    {
        public boolean isOk()
        {
            return !journalFailed && code == ResultCode.OK;
        }

        /** A new reader over the view bytes. */
        public PayloadReader reader()
        {
            return new PayloadReader().wrap(new UnsafeBuffer(data), 0, data.length);
        }
    }

    private final OrdoCore core;

    public CoreClient(final OrdoCore core)
    {
        this.core = core;
    }

    /**
     * Publishes once without waiting for room.
     *
     * @return the answer to come, or null when the ring is full or the core is not taking commands
     */
    public <T> CompletableFuture<Answer> trySubmit(final CommandType type, final T request,
        final PayloadEncoder<T> encoder)
    {
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        return core.tryPublish(type, request, encoder, TARGET, answer) ? answer : null;
    }

    /**
     * Publishes, waiting for room in the ring (backing off from 1 ms up to 200 ms, never spinning) while
     * {@code keepTrying} holds, then waits for the answer.
     *
     * @param timeoutMillis how long to wait for the answer once published
     * @return the answer, or null when {@code keepTrying} turned false before the command could be published
     * @throws TimeoutException     when the answer did not come in time (the command may still be applied)
     * @throws InterruptedException when the caller is interrupted while waiting
     */
    public <T> Answer call(final CommandType type, final T request, final PayloadEncoder<T> encoder,
        final long timeoutMillis, final BooleanSupplier keepTrying) throws TimeoutException, InterruptedException
    {
        long backoffNanos = FIRST_BACKOFF_NANOS;
        CompletableFuture<Answer> answer = trySubmit(type, request, encoder);
        while (answer == null)
        {
            if (!keepTrying.getAsBoolean())
            {
                return null;
            }
            LockSupport.parkNanos(backoffNanos);
            if (Thread.interrupted())
            {
                throw new InterruptedException("interrupted while waiting for room in the ring");
            }
            backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF_NANOS);
            answer = trySubmit(type, request, encoder);
        }
        try
        {
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException e)
        {
            throw new IllegalStateException("the reply target never fails its future", e);
        }
    }

    /** On the reply thread: copy what the caller needs; the slot is reused as soon as this returns. */
    @SuppressWarnings("unchecked")
    private static void onReply(final CommandSlot slot)
    {
        final Reply reply = slot.reply();
        final byte[] data = new byte[reply.dataLength()];
        reply.data().getBytes(0, data, 0, data.length);
        ((CompletableFuture<Answer>)slot.context()).complete(new Answer(reply.code(), slot.journalFailed(),
            reply.seq(), reply.entityId(), reply.a(), reply.b(), reply.c(), reply.d(), data));
    }
}
