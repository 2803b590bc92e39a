package ordo.gateway.api;

import java.nio.charset.StandardCharsets;

import ordo.engine.CommandType;
import ordo.engine.Hashing;
import ordo.engine.Ids;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.IdempotencyInFlight;
import ordo.gateway.http.Problem;
import ordo.gateway.http.ProblemCode;
import ordo.gateway.pipeline.CommandSlot;
import ordo.gateway.pipeline.MemoryErrors;
import ordo.gateway.pipeline.OrdoCore;
import ordo.gateway.pipeline.PayloadEncoder;
import ordo.gateway.pipeline.ReplyTarget;

/**
 * From an HTTP exchange to the ring and back: the idempotency envelope, publishing without blocking (a full ring
 * answers 503), and turning the engine's reply into a response on the reply thread.
 */
final class CommandBridge
{
    @FunctionalInterface
    interface Renderer
    {
        byte[] render(Reply reply);

        /** Answers {@code ex} with the view of {@code reply}; a renderer may write it without an array of its own. */
        default void respond(final HttpExchange ex, final int status, final Reply reply)
        {
            ex.respond(status, render(reply));
        }
    }

    /**
     * The reservation view of every hold, release and lookup: answered straight from the thread's JSON writer
     * (the same bytes as {@link Views#reservation}).
     */
    static final Renderer RESERVATION = new Renderer()
    {
        @Override
        public byte[] render(final Reply reply)
        {
            return Views.reservation(reply);
        }

        @Override
        public void respond(final HttpExchange ex, final int status, final Reply reply)
        {
            ex.respond(status, Views.writeReservation(reply));
        }
    };

    /** The success status of a command whose status depends on its reply (201 created vs 200 found). */
    @FunctionalInterface
    interface SuccessStatus
    {
        int of(Reply reply);
    }

    /**
     * How a command's reply is answered ({@code statusOf} null: always successStatus). Immutable: a route makes the
     * ones it always uses once ({@link #answer}), and a command then travels through the ring as its exchange alone,
     * this being the slot's reply target; only a request with an idempotency key in flight takes an object more.
     */
    static final class Answer implements ReplyTarget
    {
        private final int successStatus;
        private final SuccessStatus statusOf;
        private final Renderer renderer;
        private final CommandBridge bridge;

        private Answer(final int successStatus, final SuccessStatus statusOf, final Renderer renderer,
            final CommandBridge bridge)
        {
            this.successStatus = successStatus;
            this.statusOf = statusOf;
            this.renderer = renderer;
            this.bridge = bridge;
        }

        int status(final Reply reply)
        {
            return statusOf == null ? successStatus : statusOf.of(reply);
        }

        /** On the reply thread: the slot's context is the exchange. */
        @Override
        public void onReply(final CommandSlot slot)
        {
            bridge.onReply(slot, (HttpExchange)slot.context(), this, null);
        }
    }

    /** The context of a command whose idempotency key is in flight until it is answered. */
    private record Keyed(HttpExchange exchange, Answer answer, String inFlightKey)
    {
    }

    /** The idempotency envelope of one request: scope-hashed key and request fingerprint (0/0 = no key). */
    record Envelope(long keyHash, long fingerprint, String inFlightKey)
    {
        static final Envelope NONE = new Envelope(0, 0, null);
    }

    private static final ReplyTarget KEYED = slot ->
    {
        final Keyed keyed = (Keyed)slot.context();
        keyed.answer().bridge.onReply(slot, keyed.exchange(), keyed.answer(), keyed.inFlightKey());
    };

    private final OrdoCore core;
    private final IdempotencyInFlight inFlight;

    CommandBridge(final OrdoCore core, final IdempotencyInFlight inFlight)
    {
        this.core = core;
        this.inFlight = inFlight;
    }

    /**
     * Reads {@code Idempotency-Key}: scoped by the caller so two API keys never share a key space, fingerprinted
     * over method, path and body so "same key, other request" is caught (422) even after a restart.
     */
    Envelope envelope(final HttpExchange ex)
    {
        final String key = ex.header(IdempotencyInFlight.HEADER);
        if (key == null)
        {
            return Envelope.NONE;
        }
        final ordo.gateway.http.Problem invalid = IdempotencyInFlight.validate(key);
        if (invalid != null)
        {
            throw new BadRequest(invalid);
        }
        final String scoped = IdempotencyInFlight.scopeKey(ex.principal(), key);
        final byte[] request = (ex.method() + " " + ex.path() + "\n").getBytes(StandardCharsets.UTF_8);
        final byte[] body = ex.bodyBytes();
        final byte[] fingerprintInput = new byte[request.length + body.length];
        System.arraycopy(request, 0, fingerprintInput, 0, request.length);
        System.arraycopy(body, 0, fingerprintInput, request.length, body.length);
        // Keyed by the data directory's secret: a key that hashes as another caller's cannot be made (QA-262).
        final long keyHash = core.idempotencyKeys().keyHash(scoped.getBytes(StandardCharsets.UTF_8));
        return new Envelope(keyHash, Hashing.hash(fingerprintInput), scoped);
    }

    /** The answer of a command that succeeds with {@code successStatus}, rendered by {@code renderer}; keep it. */
    Answer answer(final int successStatus, final Renderer renderer)
    {
        return new Answer(successStatus, null, renderer, this);
    }

    <T> void submit(final HttpExchange ex, final Envelope envelope, final CommandType type, final T request,
        final PayloadEncoder<T> encoder, final int successStatus, final Renderer renderer)
    {
        submit(ex, envelope, type, request, encoder, new Answer(successStatus, null, renderer, this));
    }

    /** As {@link #submit}, with the success status read from the reply (a static function: it captures nothing). */
    <T> void submit(final HttpExchange ex, final Envelope envelope, final CommandType type, final T request,
        final PayloadEncoder<T> encoder, final SuccessStatus statusOf, final Renderer renderer)
    {
        submit(ex, envelope, type, request, encoder, new Answer(200, statusOf, renderer, this));
    }

    /** As {@link #submit}, answered as {@code answer} says (one made by {@link #answer}, kept by the route). */
    <T> void submit(final HttpExchange ex, final Envelope envelope, final CommandType type, final T request,
        final PayloadEncoder<T> encoder, final Answer answer)
    {
        if (!core.health().isReady())
        {
            ex.respondProblem(core.health().journalFailed() ?
                ProblemCode.JOURNAL_UNAVAILABLE.problem("the journal failed; the server must be restarted") :
                notReady());
            return;
        }
        final String inFlightKey = envelope.inFlightKey();
        if (inFlightKey != null && !inFlight.tryBegin(inFlightKey))
        {
            ex.respondProblem(ProblemCode.IDEMPOTENCY_KEY_IN_FLIGHT.problem(
                "a request with this Idempotency-Key is still being processed"));
            return;
        }
        final boolean published;
        try
        {
            final String actor = ex.principal() == null ? null : ex.principal().name();
            published = inFlightKey == null ? core.tryPublish(type, request, encoder, actor, answer, ex) :
                core.tryPublish(type, request, encoder, actor, KEYED, new Keyed(ex, answer, inFlightKey));
        }
        catch (final RuntimeException | Error e)
        {
            // An Error too (tryPublish rethrows them): the key would otherwise answer 409 IN_FLIGHT until a restart.
            endInFlight(inFlightKey);
            throw e;
        }
        if (!published)
        {
            endInFlight(inFlightKey);
            ex.setResponseHeader("Retry-After", "1");
            ex.respondProblem(core.accepting() ?
                ProblemCode.OVERLOADED.problem("the command ring is full; retry shortly") :
                notReady());
        }
    }

    /** Refused while the core is not ready: at start-up, or once its close began (a publish it refused included). */
    private static Problem notReady()
    {
        return ProblemCode.NOT_READY.problem("the server is starting or stopping");
    }

    <T> void query(final HttpExchange ex, final CommandType type, final T request, final PayloadEncoder<T> encoder,
        final Renderer renderer)
    {
        submit(ex, Envelope.NONE, type, request, encoder, new Answer(200, null, renderer, this));
    }

    /** As {@link #query}, answered as {@code answer} says. */
    <T> void query(final HttpExchange ex, final CommandType type, final T request, final PayloadEncoder<T> encoder,
        final Answer answer)
    {
        submit(ex, Envelope.NONE, type, request, encoder, answer);
    }

    private void endInFlight(final String inFlightKey)
    {
        if (inFlightKey != null)
        {
            inFlight.end(inFlightKey);
        }
    }

    private static final byte[] ORDERS_PATH = "/v1/orders/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESERVATIONS_PATH = "/v1/reservations/".getBytes(StandardCharsets.US_ASCII);

    /**
     * Where a created order or hold is read (RFC 9110's {@code Location} of a 201: the request's own path, {@code
     * /v1/orders}, is not the order; QA-258), written into the response's head with no string or header map (a header
     * set by name cost every hold's 201 about 450 bytes and the slower encoding: found in review). Only orders and
     * holds are answered 201.
     */
    private static void location(final HttpExchange ex, final CommandType type, final long id)
    {
        switch (type)
        {
            case PLACE_ORDER -> ex.setLocation(ORDERS_PATH, Ids::writeOrderId, id, Ids.SERVER_ID_LENGTH);
            case RESERVE -> ex.setLocation(RESERVATIONS_PATH, Ids::writeReservationId, id, Ids.SERVER_ID_LENGTH);
            default -> throw new IllegalStateException("a 201 of " + type);
        }
    }

    /** On the reply thread: the command is journaled (if journaled) and applied. */
    private void onReply(final CommandSlot slot, final HttpExchange ex, final Answer answer, final String inFlightKey)
    {
        // Release the key before answering: a client that gets the answer and retries at once must see the replay,
        // not a spurious 409 IDEMPOTENCY_KEY_IN_FLIGHT. The engine already holds the result, so a retry arriving
        // now is answered from it.
        endInFlight(inFlightKey);
        try
        {
            // The slot's own verdict (ReplyHandler), not the journal's state now: a command whose batch the journal
            // committed before it failed is durable, and a 503 saying it was not made its client retry it (a
            // duplicate without an Idempotency-Key; found in review).
            if (slot.journalFailed())
            {
                ex.respondProblem(ProblemCode.JOURNAL_UNAVAILABLE.problem(slot.type().isJournaled() ?
                    "the command could not be journaled and was not acknowledged; the server must be restarted" :
                    "the journal failed, so the state may hold commands it lacks; the server must be restarted"));
                return;
            }
            final Reply reply = slot.reply();
            if (reply.replayed())
            {
                ex.setResponseHeader("Idempotent-Replayed", "true");
            }
            if (reply.code() == ResultCode.OK)
            {
                final int status = answer.status(reply);
                if (status == 201)
                {
                    location(ex, slot.type(), reply.entityId());
                }
                answer.renderer.respond(ex, status, reply);
            }
            else
            {
                ResultProblems.respond(ex, reply, slot.type());
            }
        }
        catch (final RuntimeException e)
        {
            // A bug in rendering must still answer (500): otherwise this client, and every request pipelined behind
            // it on the connection, waits forever, since ReplyHandler only logs what a reply target throws.
            ex.respondInternalError(e);
        }
        catch (final OutOfMemoryError e)
        {
            // No memory for the response: a 500 if there is room for that, else the connection closes. Out of heap
            // goes on to ReplyHandler, which stops the core (as any heap exhaustion did); out of direct memory
            // fails this answer only.
            ex.respondInternalError(e);
            if (!MemoryErrors.isDirectMemory(e))
            {
                throw e;
            }
        }
    }
}
