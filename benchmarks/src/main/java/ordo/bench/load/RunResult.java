package ordo.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one {@link LoadRun} saw. Counts cover the whole run (warm-up included: every answer is checked); throughput
 * and latency cover the measured part only.
 *
 * @param plan               the plan that was run
 * @param attempts           attempts the harness meant to make (open loop: due and not dropped)
 * @param reserved           answered {@link Driver.Outcome#RESERVED}
 * @param soldOut            answered {@link Driver.Outcome#SOLD_OUT}
 * @param errors             ended {@link Driver.Outcome#ERROR} (a failed future counts here)
 * @param unanswered         attempts without an outcome when the drain time ran out
 * @param dropped            open loop: due requests dropped because their connection's backlog was full
 * @param measuredAnswered   RESERVED + SOLD_OUT among the measured attempts
 * @param measuredSeconds    from the start of measurement to the last measured answer
 * @param latencyMicros      latencies of the measured RESERVED and SOLD_OUT answers
 * @param schedulerLagMicros open loop: how late each measured request reached its connection — the scheduler's
 *                           wake-up plus the hand-over to the driver's thread (a client that cannot keep time;
 *                           included in the latencies); empty for a closed loop
 * @param reservedPerSku     RESERVED answers per SKU number (owned by this result; do not change)
 * @param synchronousAnswers answers the driver had ready when {@code reserve} returned (a driver that blocks in
 *                           {@code reserve} makes its connection's requests run one after another on the caller)
 * @param stoppedEarly       why sending stopped before the plan said so (too many errors, time limit), or null
 */
public record RunResult(LoadPlan plan, long attempts, long reserved, long soldOut, long errors, long unanswered,
                        long dropped, long measuredAnswered, double measuredSeconds, Histogram latencyMicros,
                        Histogram schedulerLagMicros, long[] reservedPerSku, long synchronousAnswers,
                        String stoppedEarly)
{
    /** Measured answers (successes and refusals) per second. */
    public double throughputPerSecond()
    {
        return measuredSeconds > 0 ? measuredAnswered / measuredSeconds : 0;
    }

    public Latency latency()
    {
        return Latency.of(latencyMicros);
    }

    public long answered()
    {
        return reserved + soldOut + errors;
    }
}
