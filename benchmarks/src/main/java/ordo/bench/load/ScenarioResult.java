package ordo.bench.load;

import java.util.List;

/**
 * One scenario's outcome, as written to the results file and the Markdown table.
 *
 * @param scenario           {@code flash-sale}, {@code spread}, {@code constant-rate}, {@code spread-pipelined},
 *                           {@code order-capture}
 * @param system             the driver's name
 * @param description        the workload in words (stock, attempts, time)
 * @param loop               {@code closed} (maximum throughput) or {@code open} (constant rate, latency from the
 *                           intended send time: corrected for coordinated omission)
 * @param connections        connections used
 * @param depth              requests in flight per connection at most (1 = no pipelining)
 * @param targetRatePerSecond open loop: the rate asked for; 0 for a closed loop
 * @param attempts           reservation attempts made
 * @param reserved           answered RESERVED
 * @param soldOut            answered SOLD_OUT
 * @param errors             ended ERROR
 * @param unanswered         never answered within the drain time
 * @param dropped            open loop: due but dropped from a full per-connection backlog (the rate was not held)
 * @param measuredSeconds    the measured part of the run
 * @param throughputPerSecond RESERVED + SOLD_OUT answers per second over the measured part
 * @param latencyMicros      percentiles of the measured answers, µs
 * @param passed             every correctness check held
 * @param failures           the checks that did not hold, in words
 * @param notes              anything else a reader should know (warm-up, backlog, a driver that blocked)
 * @param latencyHistogram   the measured distribution behind {@code latencyMicros}: base64 of HdrHistogram's
 *                           compressed encoding (µs, {@code Histogram.decodeFromCompressedByteBuffer}); null if none
 * @param notApplicable      why the system cannot run this scenario (e.g. no pipelining), or null: a result that is
 *                           not applicable measured nothing, its zeros are not figures, and it counts as passed
 */
public record ScenarioResult(String scenario, String system, String description, String loop, int connections,
                             int depth, double targetRatePerSecond, long attempts, long reserved, long soldOut,
                             long errors, long unanswered, long dropped, double measuredSeconds,
                             double throughputPerSecond, Latency latencyMicros, boolean passed, List<String> failures,
                             List<String> notes, String latencyHistogram, String notApplicable)
{
    public ScenarioResult
    {
        failures = List.copyOf(failures);
        notes = List.copyOf(notes);
    }

    /** A scenario that could not run at all (set-up failed, a precondition did not hold). */
    public static ScenarioResult notRun(final String scenario, final String system, final String description,
        final int connections, final int depth, final String why)
    {
        return new ScenarioResult(scenario, system, description, "-", connections, depth, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            Latency.NONE, false, List.of(why), List.of(), null, null);
    }

    /** A scenario the system cannot run by its nature (not a failure): reported as "n/a: {@code why}". */
    public static ScenarioResult notApplicable(final String scenario, final String system, final String description,
        final int connections, final int depth, final String why)
    {
        return new ScenarioResult(scenario, system, description, "n/a", connections, depth, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            Latency.NONE, true, List.of(), List.of(), null, why);
    }
}
