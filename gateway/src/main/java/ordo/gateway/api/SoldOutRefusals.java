package ordo.gateway.api;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import ordo.engine.ResultCode;
import ordo.engine.SoldOutBoard;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.pipeline.OrdoCore;
import org.agrona.concurrent.EpochClock;

/**
 * Answers, on the event loop that read it, a reservation the engine would refuse for stock alone: the engine's own
 * {@code 409 INSUFFICIENT_STOCK}, from what the engine published ({@link SoldOutBoard}), without a slot in the ring,
 * a journal record or a hand-over back to this thread. Such a refusal changes nothing, so nothing is lost by not
 * journaling it; it is counted instead ({@code ordo_reservations_sold_out_at_gateway_total}).
 *
 * <p>Only for a request nothing else decides: no {@code Idempotency-Key} (the engine remembers a keyed refusal and
 * answers a retry with it), nothing sent before it on its connection still unanswered (a pipelined release ahead of
 * it must be applied first), a core that is ready, and a state the journal has committed (the engine may apply a
 * hold before the journal has it, and a crash or a failed append may still lose it: a refusal resting on it would
 * answer for a sale that never happened). {@code http.soldOutAtGateway: false} sends every hold to the engine.
 */
final class SoldOutRefusals
{
    private final BooleanSupplier ready;
    private final LongSupplier journaledSeq;
    private final SoldOutBoard board;
    private final EpochClock clock;
    private final boolean enabled;
    private final LongAdder refused = new LongAdder();

    SoldOutRefusals(final BooleanSupplier ready, final LongSupplier journaledSeq, final SoldOutBoard board,
        final EpochClock clock, final boolean enabled)
    {
        this.ready = ready;
        this.journaledSeq = journaledSeq;
        this.board = board;
        this.clock = clock;
        this.enabled = enabled;
    }

    /** For the core's engine (its board), journal and clock. */
    static SoldOutRefusals of(final OrdoCore core, final boolean enabled)
    {
        return new SoldOutRefusals(() -> core.accepting() && core.health().isReady(),
            () -> core.health().journaledSeq(), core.engine().soldOutBoard(), core.clock(), enabled);
    }

    /** Event loop: answers {@code ex} and returns true when the engine would refuse {@code body} as sold out. */
    boolean answer(final HttpExchange ex, final CommandBridge.Envelope envelope, final ReserveBodyParser body)
    {
        if (!refuses(envelope.inFlightKey() == null && ex.isFirstInLine(), body))
        {
            return false;
        }
        refused.increment();
        ex.respondProblem(ResultProblems.status(ResultCode.INSUFFICIENT_STOCK), body.writeSoldOut());
        return true;
    }

    /**
     * Whether the engine would now refuse {@code body} for stock alone; {@code onlyStockDecides}: the request has no
     * idempotency key and nothing sent before it on its connection is unanswered.
     */
    boolean refuses(final boolean onlyStockDecides, final ReserveBodyParser body)
    {
        if (!enabled || !onlyStockDecides)
        {
            return false;
        }
        final long asOf = body.soldOutAsOf(board, clock);
        // Readiness after the board (found in review): a stage's failure (FatalExceptionHandler) is marked before the
        // engine publishes anything it applies after it, so a board read from then on is caught here.
        return asOf != SoldOutBoard.NOT_CERTAIN && asOf <= journaledSeq.getAsLong() && ready.getAsBoolean();
    }

    /** Refusals answered here since start (any thread). */
    long refused()
    {
        return refused.sum();
    }
}
