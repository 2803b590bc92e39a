package ordo.bench.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongToIntFunction;

import org.HdrHistogram.Recorder;

import ordo.bench.load.Driver.Outcome;

/**
 * One run of load against a {@link Driver}: a closed or an open loop as {@link LoadPlan} describes, every answer
 * counted by outcome, measured latencies in an HdrHistogram {@link Recorder} (µs, 3 significant digits).
 *
 * <h2>How requests are sent</h2>
 * Each connection is a {@link Lane} with at most {@code depth} requests in flight. The harness is asynchronous:
 * when an answer arrives, the thread that completed the future (for HTTP, the client's event loop) records it and
 * refills the lane, so a single thread can drive hundreds of connections. A lane is refilled under its own lock and
 * only by one thread at a time, so a driver never sees two callers on one connection at once.
 * <ul>
 *   <li>Closed loop: a lane refills from a shared ticket counter (attempt numbers) until the count or the time is
 *   up. A request's latency is measured from the moment it was actually sent.</li>
 *   <li>Open loop: the calling thread is the scheduler. Request {@code i} is due at
 *   {@code start + i / rate}; it goes to lane {@code i mod connections}, straight out if the lane has a free slot,
 *   otherwise into the lane's backlog (bounded: when it is full the request is dropped and counted). A lane sends
 *   from its backlog whenever an answer frees a slot. Latency is measured from the <em>due</em> time, not the send
 *   time, so time a request spent waiting behind a slow answer (or behind a late scheduler wake-up) is charged to
 *   it: this is the correction for coordinated omission. A closed loop, or an open loop timing from the actual
 *   send, would stop sending while the system stalls and record one slow request instead of the many that a steady
 *   stream of users would have suffered. The scheduler wakes at most every {@link LoadPlan#pacingMicros()} and
 *   hands everything due by then to the driver as <em>one batch</em> ({@link Driver#batch}), as wrk2 does with its
 *   millisecond timers: a driver with an event loop writes the whole batch in one task on that loop and flushes each
 *   connection once, where one hand-over per request costs a cross-thread wake-up and a write system call each —
 *   on two cores that overhead, not the system, would set the tail. The delay this adds is never hidden: how late
 *   each request reached its connection (scheduler wake-up plus the hand-over to the driver's thread) is measured
 *   ({@link RunResult#schedulerLagMicros()}) and is part of every latency.</li>
 * </ul>
 *
 * <h2>Ending</h2>
 * After the last send the run waits (up to {@link LoadPlan#drainSeconds()}) for every answer owed; attempts still
 * unanswered then are reported. A count of outstanding work ({@link #pending}: attempts without an answer plus
 * refills in progress) tells the waiting thread when everything has come back; it never touches zero while a refill
 * is under way, so a synchronous answer cannot end the run early.
 *
 * <p>Threading: {@link #run} from one thread, which blocks until the run is over; the callbacks run on the
 * driver's threads. A driver must not block in {@code reserve} (see {@link RunResult#synchronousAnswers()}).
 */
public final class LoadRun
{
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * {@code -Dordo.bench.stalls=MS}: each run prints to standard error when its measured requests took MS ms or more
     * ({@link StallTimeline}); 0, the default, keeps no timeline.
     */
    private static final long STALL_MILLIS = Long.getLong("ordo.bench.stalls", 0);
    /** Open loop: requests handed to the driver in one batch at most (bounds one task on its event loop). */
    static final int MAX_BATCH = 4_096;

    private final Driver driver;
    private final LoadPlan plan;
    private final Attempt attempt;
    private final LongToIntFunction counterOf;
    private final Lane[] lanes;
    private final int depth;
    private final long startNanos;
    private final long measureFromNanos;
    private final long sendUntilNanos;
    private final double periodNanos;
    private final long pacingNanos;

    private final Recorder latencyMicros = new Recorder(3);
    /**
     * Open loop: how late each measured request reached its connection (part of its latency); recorded by whichever
     * thread runs a batch.
     */
    private final Recorder schedulerLagMicros = new Recorder(3);
    /** When the measured requests were slow; null unless {@link #STALL_MILLIS} asks for it. */
    private final StallTimeline timeline;
    private final AtomicLongArray reservedPerCounter;
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lastMeasuredAnswerNanos;
    private final LongAdder attempts = new LongAdder();
    private final LongAdder reserved = new LongAdder();
    private final LongAdder soldOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    /**
     * Due times of the requests dropped from full backlogs (open loop). Each is counted in the latencies as unanswered
     * until the run ended: left out, the percentiles lost the worst requests exactly when the system stalled (found
     * in review: a round's p99 left out 2.4 % of its requests).
     */
    private final org.agrona.collections.LongArrayList droppedDue = new org.agrona.collections.LongArrayList();
    private final LongAdder measuredAnswered = new LongAdder();
    private final LongAdder synchronousAnswers = new LongAdder();
    private volatile boolean stopSending;
    private volatile String stoppedEarly;

    /**
     * What attempt number {@code ticket} sends on connection {@code conn}; a pure function of its arguments apart from
     * the send. Called from the scheduler or the driver's threads, never twice at once for one connection.
     */
    @FunctionalInterface
    public interface Attempt
    {
        CompletableFuture<Outcome> start(int conn, long ticket);
    }

    private LoadRun(final Driver driver, final LoadPlan plan, final Attempt attempt, final LongToIntFunction counterOf,
        final int counters)
    {
        this.driver = driver;
        this.plan = plan;
        this.attempt = attempt;
        this.counterOf = counterOf;
        this.depth = plan.depth();
        this.lanes = new Lane[plan.connections()];
        for (int i = 0; i < lanes.length; i++)
        {
            lanes[i] = new Lane(i, plan.open() ? plan.backlogPerConnection() : 0);
        }
        this.reservedPerCounter = new AtomicLongArray(counters);
        this.periodNanos = plan.open() ? 1e9 / plan.ratePerSecond() : 0;
        this.pacingNanos = plan.pacingMicros() * 1_000;
        this.startNanos = System.nanoTime();
        this.measureFromNanos = startNanos + seconds(plan.warmupSeconds());
        this.sendUntilNanos = measureFromNanos + seconds(plan.seconds());
        this.lastMeasuredAnswerNanos = new AtomicLong(measureFromNanos);
        this.timeline = STALL_MILLIS > 0 ? new StallTimeline(measureFromNanos, System.currentTimeMillis()
            + TimeUnit.NANOSECONDS.toMillis(measureFromNanos - System.nanoTime()), plan.seconds() + 1) : null;
    }

    /**
     * Runs {@code plan} against a driver that is set up with at least {@code plan.connections()} connections and
     * {@code skus} SKUs. Blocks until every answer is in or the drain time has run out.
     */
    public static RunResult run(final Driver driver, final LoadPlan plan, final Workload workload, final int skus)
    {
        return run(driver, plan, (conn, ticket) -> driver.reserve(conn, workload.sku(ticket),
            workload.customerId(ticket), 1), workload::sku, skus);
    }

    /**
     * Runs {@code plan} with requests of the caller's making ({@code attempt}, e.g. an order), on the connections and
     * {@link Driver#batch} of {@code driver}. Successes are counted per {@code counterOf(ticket)} in
     * {@code 0 … counters-1} ({@link RunResult#reservedPerSku()}); other values are not counted.
     */
    public static RunResult run(final Driver driver, final LoadPlan plan, final Attempt attempt,
        final LongToIntFunction counterOf, final int counters)
    {
        settleClientHeap();
        return new LoadRun(driver, plan, attempt, counterOf, counters).execute();
    }

    /**
     * Collects the load generator's own garbage, so that a run about to start begins with an empty young generation.
     * An open loop charges every delay to the system under test (a request's latency counts from when it was due),
     * so a collection of the client's own heap during a run shows as the server's tail: with a 2 GB heap the client
     * collected every ~1.7 s at 40 k requests/s (about 1.4 KB of garbage per request), 5–15 ms each. {@code run.sh}
     * gives the client a young generation that holds a whole run's garbage; every run (warm-ups included) starts
     * with this, before its clock starts, for every system alike.
     */
    private static void settleClientHeap()
    {
        System.gc();
    }

    private RunResult execute()
    {
        if (plan.open())
        {
            schedule();
        }
        else
        {
            for (final Lane lane : lanes)
            {
                pump(lane);
            }
            while (!stopSending && System.nanoTime() - sendUntilNanos < 0)
            {
                LockSupport.parkNanos(POLL_NANOS);
            }
            if (!stopSending && plan.totalRequests() > 0)
            {
                stop("time limit of " + plan.seconds() + " s reached after " + tickets.get() + " attempts");
            }
        }
        stopSending = true;
        final long drainUntil = System.nanoTime() + seconds(plan.drainSeconds());
        while (pending.get() > 0 && System.nanoTime() - drainUntil < 0)
        {
            LockSupport.parkNanos(POLL_NANOS);
        }
        final long endNanos = System.nanoTime();
        synchronized (droppedDue)
        {
            for (int i = 0; i < droppedDue.size(); i++)
            {
                final long due = droppedDue.getLong(i);
                if (due - measureFromNanos >= 0)
                {
                    latencyMicros.recordValue(Math.max(0, endNanos - due) / 1_000);
                }
            }
        }

        final long[] perSku = new long[reservedPerCounter.length()];
        for (int i = 0; i < perSku.length; i++)
        {
            perSku[i] = reservedPerCounter.get(i);
        }
        final long reservedCount = reserved.sum();
        final long soldOutCount = soldOut.sum();
        final long errorCount = errors.get();
        final long attemptCount = attempts.sum();
        if (timeline != null)
        {
            final StringBuilder report = new StringBuilder();
            for (final StallTimeline.Stall stall : timeline.stalls(TimeUnit.MILLISECONDS.toMicros(STALL_MILLIS)))
            {
                report.append(stall).append(System.lineSeparator());
            }
            System.err.print(report);
        }
        return new RunResult(plan, attemptCount, reservedCount, soldOutCount, errorCount,
            Math.max(0, attemptCount - reservedCount - soldOutCount - errorCount), dropped.sum(),
            measuredAnswered.sum(), (lastMeasuredAnswerNanos.get() - measureFromNanos) / 1e9,
            latencyMicros.getIntervalHistogram(), schedulerLagMicros.getIntervalHistogram(), perSku,
            synchronousAnswers.sum(), stoppedEarly);
    }

    /**
     * Open loop: request {@code i} is due at {@code start + i × period}. The scheduler sleeps at least
     * {@link LoadPlan#pacingMicros()} at a time and then hands everything due to the driver in one batch (at most
     * {@link #MAX_BATCH}; a late wake-up catches up in several). Nothing is sent early; the lateness with which each
     * request reaches its connection is recorded where that happens (possibly on the driver's thread) and counts in
     * its latency.
     */
    private void schedule()
    {
        final long end = ticketsDueBefore(sendUntilNanos);
        long next = 0;
        while (!stopSending && next < end)
        {
            final long now = System.nanoTime();
            final long due = dueNanos(next);
            if (due - now > 0)
            {
                LockSupport.parkNanos(Math.max(due - now, pacingNanos));
                continue;
            }
            long upTo = next + 1;
            while (upTo < end && upTo - next < MAX_BATCH && dueNanos(upTo) - now <= 0)
            {
                upTo++;
            }
            handOver(next, upTo);
            next = upTo;
        }
    }

    /** Tickets {@code from … to-1} to their lanes, as one {@link Driver#batch}; counted as pending until it ran. */
    private void handOver(final long from, final long to)
    {
        pending.incrementAndGet();
        final Runnable sends = () ->
        {
            try
            {
                // Not stopSending: the scheduler sets it once it has handed over the last batch, which may run later.
                for (long ticket = from; ticket < to && stoppedEarly == null; ticket++)
                {
                    final long due = dueNanos(ticket);
                    if (due - measureFromNanos >= 0)
                    {
                        schedulerLagMicros.recordValue(Math.max(0, System.nanoTime() - due) / 1_000);
                    }
                    offer(lanes[(int)(ticket % lanes.length)], ticket);
                }
            }
            finally
            {
                pending.decrementAndGet();
            }
        };
        try
        {
            driver.batch(sends);
        }
        catch (final RuntimeException e)
        {
            pending.decrementAndGet();
            stop("the driver refused a batch of sends: " + e);
        }
    }

    /** How many tickets fall due before {@code nanos}: the first ticket due at or after it. */
    private long ticketsDueBefore(final long nanos)
    {
        long count = (long)Math.max(0, (nanos - startNanos) / periodNanos);
        while (count > 0 && dueNanos(count - 1) - nanos >= 0)
        {
            count--;
        }
        while (dueNanos(count) - nanos < 0)
        {
            count++;
        }
        return count;
    }

    private long dueNanos(final long ticket)
    {
        return startNanos + (long)(ticket * periodNanos);
    }

    private void offer(final Lane lane, final long ticket)
    {
        synchronized (lane)
        {
            if (!lane.push(ticket))
            {
                dropped.increment();
                synchronized (droppedDue)
                {
                    droppedDue.addLong(dueNanos(ticket));
                }
                return;
            }
            attempts.increment();
            pending.incrementAndGet();
        }
        pump(lane);
    }

    /** Fills the lane up to {@code depth} in flight; a re-entrant call (a synchronous answer) leaves it to the outer. */
    private void pump(final Lane lane)
    {
        pending.incrementAndGet();
        try
        {
            synchronized (lane)
            {
                if (lane.pumping)
                {
                    return;
                }
                lane.pumping = true;
                try
                {
                    while (lane.inFlight < depth)
                    {
                        final long ticket;
                        final long timedFrom;
                        if (plan.open())
                        {
                            if (lane.size == 0)
                            {
                                break;
                            }
                            ticket = lane.poll();
                            timedFrom = dueNanos(ticket);
                        }
                        else
                        {
                            ticket = claim();
                            if (ticket < 0)
                            {
                                break;
                            }
                            attempts.increment();
                            pending.incrementAndGet();
                            timedFrom = System.nanoTime();
                        }
                        lane.inFlight++;
                        send(lane, ticket, timedFrom);
                    }
                }
                finally
                {
                    lane.pumping = false;
                }
            }
        }
        finally
        {
            pending.decrementAndGet();
        }
    }

    /** Closed loop: the next attempt number, or -1 when the count or the time is up. */
    private long claim()
    {
        if (stopSending)
        {
            return -1;
        }
        if (plan.totalRequests() > 0)
        {
            final long ticket = tickets.getAndIncrement();
            if (ticket >= plan.totalRequests())
            {
                stopSending = true;
                return -1;
            }
            return ticket;
        }
        if (System.nanoTime() - sendUntilNanos >= 0)
        {
            stopSending = true;
            return -1;
        }
        return tickets.getAndIncrement();
    }

    private void send(final Lane lane, final long ticket, final long timedFrom)
    {
        final int counter = counterOf.applyAsInt(ticket);
        CompletableFuture<Outcome> answer;
        try
        {
            answer = attempt.start(lane.conn, ticket);
            if (answer == null)
            {
                answer = CompletableFuture.failedFuture(new NullPointerException("the attempt returned no future"));
            }
        }
        catch (final RuntimeException e)
        {
            answer = CompletableFuture.failedFuture(e);
        }
        if (answer.isDone())
        {
            synchronousAnswers.increment();
        }
        answer.whenComplete((outcome, failure) -> onAnswer(lane, counter, timedFrom, failure == null ? outcome : null));
    }

    private void onAnswer(final Lane lane, final int counter, final long timedFrom, final Outcome outcome)
    {
        final long now = System.nanoTime();
        if (outcome == Outcome.RESERVED || outcome == Outcome.SOLD_OUT)
        {
            if (outcome == Outcome.RESERVED)
            {
                reserved.increment();
                if (counter >= 0 && counter < reservedPerCounter.length())
                {
                    reservedPerCounter.incrementAndGet(counter);
                }
            }
            else
            {
                soldOut.increment();
            }
            if (timedFrom - measureFromNanos >= 0)
            {
                measuredAnswered.increment();
                final long micros = Math.max(0, now - timedFrom) / 1_000;
                latencyMicros.recordValue(micros);
                if (timeline != null)
                {
                    timeline.record(timedFrom, micros);
                }
                lastMeasuredAnswerNanos.accumulateAndGet(now, Math::max);
            }
        }
        else if (errors.incrementAndGet() >= plan.maxErrors())
        {
            stop(plan.maxErrors() + " errors");
        }
        synchronized (lane)
        {
            lane.inFlight--;
        }
        pump(lane);
        pending.decrementAndGet();
    }

    private void stop(final String why)
    {
        if (stoppedEarly == null)
        {
            stoppedEarly = why;
        }
        stopSending = true;
    }

    private static long seconds(final double seconds)
    {
        return (long)(seconds * 1e9);
    }

    /**
     * One connection's share of the load. Guarded by its own monitor: {@link #inFlight}, the backlog and
     * {@link #pumping} change only while holding it.
     */
    private static final class Lane
    {
        final int conn;
        final long[] backlog;
        int head;
        int size;
        int inFlight;
        boolean pumping;

        Lane(final int conn, final int backlogCapacity)
        {
            this.conn = conn;
            this.backlog = new long[backlogCapacity];
        }

        boolean push(final long ticket)
        {
            if (size == backlog.length)
            {
                return false;
            }
            backlog[(head + size) % backlog.length] = ticket;
            size++;
            return true;
        }

        long poll()
        {
            final long ticket = backlog[head];
            head = (head + 1) % backlog.length;
            size--;
            return ticket;
        }
    }
}
