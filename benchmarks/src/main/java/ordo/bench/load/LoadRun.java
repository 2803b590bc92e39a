package ordo.bench.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

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
 *   sends what is due, as wrk2 does with its millisecond timers: one wake-up per request costs the client (and, with
 *   requests arriving one by one, the server) so much CPU on a small machine that the generator, not the system,
 *   would set the tail. The delay this adds is never hidden: it is measured ({@link RunResult#schedulerLagMicros()})
 *   and is part of every latency.</li>
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

    private final Driver driver;
    private final LoadPlan plan;
    private final Workload workload;
    private final Lane[] lanes;
    private final int depth;
    private final long startNanos;
    private final long measureFromNanos;
    private final long sendUntilNanos;
    private final double periodNanos;
    private final long pacingNanos;

    private final Recorder latencyMicros = new Recorder(3);
    /** Open loop: how late the scheduler itself sent each measured request (part of its latency). Scheduler only. */
    private final Recorder schedulerLagMicros = new Recorder(3);
    private final AtomicLongArray reservedPerSku;
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lastMeasuredAnswerNanos;
    private final LongAdder attempts = new LongAdder();
    private final LongAdder reserved = new LongAdder();
    private final LongAdder soldOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder measuredAnswered = new LongAdder();
    private final LongAdder synchronousAnswers = new LongAdder();
    private volatile boolean stopSending;
    private volatile String stoppedEarly;

    private LoadRun(final Driver driver, final LoadPlan plan, final Workload workload, final int skus)
    {
        this.driver = driver;
        this.plan = plan;
        this.workload = workload;
        this.depth = plan.depth();
        this.lanes = new Lane[plan.connections()];
        for (int i = 0; i < lanes.length; i++)
        {
            lanes[i] = new Lane(i, plan.open() ? plan.backlogPerConnection() : 0);
        }
        this.reservedPerSku = new AtomicLongArray(skus);
        this.periodNanos = plan.open() ? 1e9 / plan.ratePerSecond() : 0;
        this.pacingNanos = plan.pacingMicros() * 1_000;
        this.startNanos = System.nanoTime();
        this.measureFromNanos = startNanos + seconds(plan.warmupSeconds());
        this.sendUntilNanos = measureFromNanos + seconds(plan.seconds());
        this.lastMeasuredAnswerNanos = new AtomicLong(measureFromNanos);
    }

    /**
     * Runs {@code plan} against a driver that is set up with at least {@code plan.connections()} connections and
     * {@code skus} SKUs. Blocks until every answer is in or the drain time has run out.
     */
    public static RunResult run(final Driver driver, final LoadPlan plan, final Workload workload, final int skus)
    {
        return new LoadRun(driver, plan, workload, skus).execute();
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

        final long[] perSku = new long[reservedPerSku.length()];
        for (int i = 0; i < perSku.length; i++)
        {
            perSku[i] = reservedPerSku.get(i);
        }
        final long reservedCount = reserved.sum();
        final long soldOutCount = soldOut.sum();
        final long errorCount = errors.get();
        final long attemptCount = attempts.sum();
        return new RunResult(plan, attemptCount, reservedCount, soldOutCount, errorCount,
            Math.max(0, attemptCount - reservedCount - soldOutCount - errorCount), dropped.sum(),
            measuredAnswered.sum(), (lastMeasuredAnswerNanos.get() - measureFromNanos) / 1e9,
            latencyMicros.getIntervalHistogram(), schedulerLagMicros.getIntervalHistogram(), perSku,
            synchronousAnswers.sum(), stoppedEarly);
    }

    /**
     * Open loop: request {@code i} is due at {@code start + i × period}. The scheduler sleeps at least
     * {@link LoadPlan#pacingMicros()} at a time and then sends everything due; late wake-ups catch up in a burst.
     * Nothing is sent early, and the lateness counts in each request's latency.
     */
    private void schedule()
    {
        for (long i = 0; !stopSending; i++)
        {
            final long due = dueNanos(i);
            if (due - sendUntilNanos >= 0)
            {
                break;
            }
            long now = System.nanoTime();
            while (due - now > 0)
            {
                LockSupport.parkNanos(Math.max(due - now, pacingNanos));
                now = System.nanoTime();
            }
            if (due - measureFromNanos >= 0)
            {
                schedulerLagMicros.recordValue((now - due) / 1_000);
            }
            offer(lanes[(int)(i % lanes.length)], i);
        }
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
        final int sku = workload.sku(ticket);
        CompletableFuture<Outcome> answer;
        try
        {
            answer = driver.reserve(lane.conn, sku, workload.customerId(ticket), 1);
            if (answer == null)
            {
                answer = CompletableFuture.failedFuture(new NullPointerException("reserve returned no future"));
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
        answer.whenComplete((outcome, failure) -> onAnswer(lane, sku, timedFrom, failure == null ? outcome : null));
    }

    private void onAnswer(final Lane lane, final int sku, final long timedFrom, final Outcome outcome)
    {
        final long now = System.nanoTime();
        if (outcome == Outcome.RESERVED || outcome == Outcome.SOLD_OUT)
        {
            if (outcome == Outcome.RESERVED)
            {
                reserved.increment();
                if (sku >= 0 && sku < reservedPerSku.length())
                {
                    reservedPerSku.incrementAndGet(sku);
                }
            }
            else
            {
                soldOut.increment();
            }
            if (timedFrom - measureFromNanos >= 0)
            {
                measuredAnswered.increment();
                latencyMicros.recordValue(Math.max(0, now - timedFrom) / 1_000);
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
