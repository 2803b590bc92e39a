package ordo.gateway.pipeline;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

/**
 * The default wait strategy ({@code blocking}): a stage with nothing to do spins briefly, then parks until the thread
 * that can give it work wakes it — the producer for a stage waiting on the ring's cursor, an upstream stage for a
 * stage waiting on upstream stages ({@link #stageProgressed()}, which the journal and engine handlers call once per
 * batch after moving their sequence). Each waiting thread is woken on its own ({@code LockSupport.unpark}), and only
 * when it has said it is about to park.
 *
 * <p>Why not Disruptor's {@code BlockingWaitStrategy}: it takes a lock and calls {@code notifyAll} on every publish,
 * and a stage that waits on other stages (our ReplyHandler waits for JournalHandler and EngineHandler) spins for as
 * long as they take — on a 2-core machine that spinning thread takes a whole core from the two it waits for
 * (measured: the reply thread spent 77 % of its samples there). The previous version of this class fixed the first
 * with a flag and the second with spin → yield → 20 µs timed park; under HTTP load (wrk, 50 connections, batches
 * of ~3 commands) the reply thread then made ~0.5 {@code sched_yield} calls and the timed parks ~0.3 futex calls per
 * request, and one {@code notifyAll} woke every stage through the monitor, one after another. Here a wait costs one
 * park and the wake one {@code unpark} of exactly the thread that waits.
 *
 * <p>No wake-up is lost (a Dekker pair): a waiter flags itself, then re-reads the sequence it waits on, then parks; a
 * signaller moves that sequence, then reads the flags. The signaller's move is a CAS on the multi-producer cursor (the
 * claim) or {@link Sequence#setVolatile} (an upstream stage's progress); the waiter's flag stores end with a full
 * fence, because {@link Sequence#get} is an acquire read, not a volatile one. So one sees the other. A
 * park is also capped (10 ms): an alert ({@code Disruptor.halt}) wakes cursor waiters through
 * {@link #signalAllWhenBlocking}, and a stage waiting on stages that have stopped notices it within the cap.
 */
public final class StageParkingWaitStrategy implements WaitStrategy
{
    /** About 2–5 µs of {@code onSpinWait} before parking: a batch that is nearly done is not worth a park. */
    private static final int SPIN_TRIES = 100;
    /** A safety cap only: every wake-up is signalled. Idle stages wake 100 times a second. */
    static final long PARK_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** A producer between claim and publish is normally a microsecond away; it is not signalled, so poll. */
    private static final long CLAIM_WINDOW_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final long parkCapNanos;
    /** Set once before the stages start: tells a claimed slot from a published one. */
    private volatile RingBuffer<?> ring;
    /** Stages waiting for the producer to publish; woken by {@link #signalAllWhenBlocking}. */
    private final Waiters cursorWaiters = new Waiters();
    /** Stages waiting for upstream stages; woken by {@link #stageProgressed}. */
    private final Waiters progressWaiters = new Waiters();

    public StageParkingWaitStrategy()
    {
        this(PARK_CAP_NANOS);
    }

    /** Tests set a cap of hours, so that only a signal can wake a stage. */
    StageParkingWaitStrategy(final long parkCapNanos)
    {
        this.parkCapNanos = parkCapNanos;
    }

    /** The ring whose cursor this strategy waits on; before {@code Disruptor.start()}. */
    public void watch(final RingBuffer<?> ring)
    {
        this.ring = ring;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException, InterruptedException
    {
        // A stage after other stages can only move once they do, and they never pass the cursor: it waits for them
        // alone, so a publish does not wake it for nothing.
        if (dependentSequence == cursor)
        {
            await(sequence, cursor, cursorWaiters, barrier);
            awaitPublished(sequence, barrier);
        }
        await(sequence, dependentSequence, progressWaiters, barrier);
        return dependentSequence.get();
    }

    /** Spins, then parks among {@code waiters} until {@code progress} reaches {@code sequence}; a signal wakes it. */
    private void await(final long sequence, final Sequence progress, final Waiters waiters,
        final SequenceBarrier barrier) throws AlertException
    {
        int tries = 0;
        while (progress.get() < sequence)
        {
            barrier.checkAlert();
            if (tries < SPIN_TRIES)
            {
                Thread.onSpinWait();
                tries++;
            }
            else
            {
                final Waiter waiter = waiters.announce();
                if (progress.get() < sequence)
                {
                    barrier.checkAlert();
                    LockSupport.parkNanos(this, parkCapNanos);
                }
                waiter.parked = false;
            }
        }
    }

    /**
     * The multi-producer cursor moves at claim time: until the producer publishes, returning would make the
     * processor call again at once, a hot loop for as long as the producer is descheduled. Nothing signals a
     * publish to a stage that is awake, so this polls, backing off to 1 ms.
     */
    private void awaitPublished(final long sequence, final SequenceBarrier barrier) throws AlertException
    {
        final RingBuffer<?> published = ring;
        if (published == null)
        {
            return;
        }
        int tries = 0;
        long parkNanos = CLAIM_WINDOW_PARK_NANOS;
        while (!published.isAvailable(sequence))
        {
            barrier.checkAlert();
            if (tries < SPIN_TRIES)
            {
                Thread.onSpinWait();
                tries++;
            }
            else
            {
                LockSupport.parkNanos(this, parkNanos);
                // A producer that is still not done has been descheduled: back off to 1 ms.
                parkNanos = Math.min(parkNanos * 2, TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /** Called by the producer after every publish (and by an alert): wakes the stages parked on the cursor. */
    @Override
    public void signalAllWhenBlocking()
    {
        cursorWaiters.wake();
    }

    /**
     * Called by an upstream stage once per batch, after it has moved its sequence past the batch with a volatile
     * store: wakes the stages parked waiting for it.
     */
    public void stageProgressed()
    {
        progressWaiters.wake();
    }

    /** One per waiting thread, made the first time that thread parks. */
    private static final class Waiter
    {
        final Thread thread = Thread.currentThread();
        volatile boolean parked;
    }

    /**
     * The threads that have waited on one kind of progress. Registration is rare (once per stage thread), so the
     * array is copied on write; a signaller reads one volatile flag and scans the few waiters only when it is set.
     */
    private static final class Waiters
    {
        private final ThreadLocal<Waiter> own = new ThreadLocal<>();
        private volatile Waiter[] all = new Waiter[0];
        /** Some waiter may be parked or about to park: set after its own flag, cleared by the signaller that scans. */
        private volatile boolean anyParked;

        /** Flags the calling thread as about to park; the caller must re-check its condition before parking. */
        Waiter announce()
        {
            Waiter waiter = own.get();
            if (waiter == null)
            {
                waiter = register();
            }
            waiter.parked = true;
            anyParked = true;
            // Sequence.get() is a plain read with an acquire fence, not a volatile read: without a full fence the
            // caller's re-check may be satisfied before these stores are visible (AArch64: stlr, then ldr).
            VarHandle.fullFence();
            return waiter;
        }

        private synchronized Waiter register()
        {
            final Waiter waiter = new Waiter();
            final Waiter[] grown = Arrays.copyOf(all, all.length + 1);
            grown[grown.length - 1] = waiter;
            all = grown;
            own.set(waiter);
            return waiter;
        }

        void wake()
        {
            // A plain volatile read on the common path (nobody parked): no locked instruction per publish.
            if (anyParked)
            {
                anyParked = false;
                for (final Waiter waiter : all)
                {
                    if (waiter.parked)
                    {
                        waiter.parked = false;
                        LockSupport.unpark(waiter.thread);
                    }
                }
            }
        }
    }
}
