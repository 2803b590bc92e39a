package ordo.bench.load;

/**
 * How one {@link LoadRun} drives a system.
 *
 * <ul>
 *   <li><b>Closed loop</b> (maximum throughput): every connection keeps {@code depth} requests outstanding and sends
 *   the next as soon as one is answered, until {@code totalRequests} have been sent (when &gt; 0) or
 *   {@code warmupSeconds + seconds} have passed. Latency is answer − actual send: what a client that waits sees, not
 *   corrected for coordinated omission (the loop slows down with the system, which is the point of a throughput
 *   run).</li>
 *   <li><b>Open loop</b> (latency at a given load): requests are due at a constant total rate, round-robin over the
 *   connections, whatever the system does; latency is answer − <em>intended</em> send time.</li>
 * </ul>
 * Answers to requests sent (closed) or due (open) before the warm-up ends are counted and checked, not measured.
 *
 * @param open                 open loop when true
 * @param connections          connections (the driver's {@code conn} numbers {@code 0 … connections-1})
 * @param depth                requests outstanding per connection at most (1 = no pipelining)
 * @param totalRequests        closed loop: stop after this many attempts; 0 to run by time
 * @param warmupSeconds        not measured (by time only)
 * @param seconds              measured time; for a closed loop by count, the time limit
 * @param ratePerSecond        open loop: requests due per second over all connections
 * @param backlogPerConnection open loop: due requests waiting for a free slot per connection at most; more are
 *                             dropped and reported
 * @param pacingMicros         open loop: the scheduler sleeps at least this long between sends and then sends all
 *                             that are due (0: wake for every request). The lateness counts in the latencies.
 * @param drainSeconds         after the last send, how long to wait for the answers still owed
 * @param maxErrors            stop sending once this many attempts ended in {@code ERROR}
 */
public record LoadPlan(boolean open, int connections, int depth, long totalRequests, double warmupSeconds,
                       double seconds, double ratePerSecond, int backlogPerConnection, long pacingMicros,
                       double drainSeconds, long maxErrors)
{
    public static final int DEFAULT_BACKLOG_PER_CONNECTION = 1024;
    /**
     * Measured on the 2-core machine at 10 000 requests/s over 64 connections: waking per request (0) cost the
     * client 0.55 cores and the server 1.1; with 250 µs, 0.39 and 0.81, for a median lateness of 0.19 ms.
     */
    public static final long DEFAULT_PACING_MICROS = 250;
    public static final double DEFAULT_DRAIN_SECONDS = 30;
    public static final long DEFAULT_MAX_ERRORS = 1_000;

    public LoadPlan
    {
        if (connections < 1 || depth < 1)
        {
            throw new IllegalArgumentException("connections and depth must be ≥ 1, got " + connections + ", " + depth);
        }
        if (totalRequests < 0 || warmupSeconds < 0 || seconds <= 0 || drainSeconds <= 0 || maxErrors < 1
            || pacingMicros < 0 || pacingMicros > 100_000)
        {
            throw new IllegalArgumentException("bad plan: " + totalRequests + " requests, " + warmupSeconds + "+"
                + seconds + " s, drain " + drainSeconds + " s, maxErrors " + maxErrors);
        }
        if (open && (ratePerSecond <= 0 || totalRequests != 0 || backlogPerConnection < 1))
        {
            throw new IllegalArgumentException("an open loop needs a rate > 0, a backlog ≥ 1 and no request count");
        }
        if (totalRequests > 0 && warmupSeconds > 0)
        {
            throw new IllegalArgumentException("a run by count has no warm-up (every attempt is measured)");
        }
    }

    /** Closed loop until {@code totalRequests} attempts, all measured, stopped anyway after {@code limitSeconds}. */
    public static LoadPlan closedByCount(final int connections, final int depth, final long totalRequests,
        final double limitSeconds)
    {
        if (totalRequests < 1)
        {
            throw new IllegalArgumentException("totalRequests must be ≥ 1");
        }
        return new LoadPlan(false, connections, depth, totalRequests, 0, limitSeconds, 0, 0, 0, DEFAULT_DRAIN_SECONDS,
            DEFAULT_MAX_ERRORS);
    }

    /** Closed loop for {@code warmupSeconds + seconds}. */
    public static LoadPlan closedByTime(final int connections, final int depth, final double warmupSeconds,
        final double seconds)
    {
        return new LoadPlan(false, connections, depth, 0, warmupSeconds, seconds, 0, 0, 0, DEFAULT_DRAIN_SECONDS,
            DEFAULT_MAX_ERRORS);
    }

    /** Open loop at {@code ratePerSecond} for {@code warmupSeconds + seconds}. */
    public static LoadPlan openAtRate(final int connections, final int depth, final double ratePerSecond,
        final double warmupSeconds, final double seconds)
    {
        return new LoadPlan(true, connections, depth, 0, warmupSeconds, seconds, ratePerSecond,
            DEFAULT_BACKLOG_PER_CONNECTION, DEFAULT_PACING_MICROS, DEFAULT_DRAIN_SECONDS, DEFAULT_MAX_ERRORS);
    }

    public LoadPlan withBacklogPerConnection(final int value)
    {
        return new LoadPlan(open, connections, depth, totalRequests, warmupSeconds, seconds, ratePerSecond, value,
            pacingMicros, drainSeconds, maxErrors);
    }

    public LoadPlan withPacingMicros(final long value)
    {
        return new LoadPlan(open, connections, depth, totalRequests, warmupSeconds, seconds, ratePerSecond,
            backlogPerConnection, value, drainSeconds, maxErrors);
    }

    /** "closed" or "open", for tables. */
    public String loop()
    {
        return open ? "open" : "closed";
    }
}
