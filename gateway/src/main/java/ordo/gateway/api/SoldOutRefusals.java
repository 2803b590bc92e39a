package ordo.gateway.api;

import java.util.concurrent.atomic.LongAdder;

import ordo.engine.ResultCode;
import ordo.engine.SoldOutBoard;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.pipeline.OrdoCore;

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
 * answer for a sale that never happened). {@code http.soldOutAtGateway: false} sends every hold to the
 * engine.
 */
final class SoldOutRefusals
{
    private final OrdoCore core;
    private final boolean enabled;
    private final LongAdder refused = new LongAdder();

    SoldOutRefusals(final OrdoCore core, final boolean enabled)
    {
        this.core = core;
        this.enabled = enabled;
    }

    /** Event loop: answers {@code ex} and returns true when the engine would refuse {@code body} as sold out. */
    boolean answer(final HttpExchange ex, final CommandBridge.Envelope envelope, final ReserveBodyParser body)
    {
        if (!enabled || envelope.inFlightKey() != null || !ex.isFirstInLine() || !core.accepting() ||
            !core.health().isReady())
        {
            return false;
        }
        // Only a state the journal has committed: one the engine applied ahead of the journal may yet be lost.
        final long asOf = body.soldOutAsOf(core.engine().soldOutBoard(), core.clock());
        if (asOf < 0 || asOf > core.health().journaledSeq())
        {
            return false;
        }
        refused.increment();
        ex.respondProblem(ResultProblems.status(ResultCode.INSUFFICIENT_STOCK), body.writeSoldOut());
        return true;
    }

    /** Refusals answered here since start (any thread). */
    long refused()
    {
        return refused.sum();
    }
}
