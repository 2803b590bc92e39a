package ordo.gateway.pipeline;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

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
 *
 * <p>A producer that publishes in bursts — an HTTP event loop, which reads a dozen requests per turn — may hold its
 * wake-ups back to the burst's end ({@link #deferWakes}): a stage found parked is then woken once per burst, not at
 * the first command of it, and takes the burst in one batch. Waking at each publish woke the stage for one command,
 * which it finished while the event loop was still parsing the next, so it parked and was woken again: a futex
 * wake (and on two cores often a context switch) per request, 15 % of the event loop's samples under load. A
 * deferred wake is only later, never lost: the signaller still reads the flags after moving the cursor.
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
    /** The producer threads that wake parked stages at the end of their bursts ({@link #deferWakes}). */
    private final ThreadLocal<DeferredWake> deferredWakes = new ThreadLocal<>();

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

    /**
     * Called by the producer after every publish (and by an alert): wakes the stages parked on the cursor, or, on a
     * thread that defers its wake-ups, has that done at the end of its burst.
     */
    @Override
    public void signalAllWhenBlocking()
    {
        if (cursorWaiters.anyParked)
        {
            final DeferredWake deferred = deferredWakes.get();
            if (deferred == null)
            {
                cursorWaiters.wake();
            }
            else
            {
                deferred.owe();
            }
        }
    }

    /**
     * From now on, the calling thread's publishes wake parked stages at the end of its burst rather than at once:
     * the first publish of a burst that finds a stage parked hands {@code atBurstEnd} a task that wakes them, and
     * {@code atBurstEnd} must have that task run after the burst (an event loop: at the end of the loop's turn,
     * {@code SingleThreadEventLoop::executeAfterEventLoopIteration}). Until it runs, the burst's commands wait in the
     * ring: for an event loop, the rest of its turn (its reads, then its queued tasks); at worst a parked stage wakes
     * by itself at the park cap. A producer that publishes one command and then waits for its answer must not call
     * this.
     */
    public void deferWakes(final Consumer<Runnable> atBurstEnd)
    {
        deferredWakes.set(new DeferredWake(atBurstEnd));
    }

    /** One producer thread's wake-up owed to the stages parked on the cursor, made at the end of its burst. */
    private final class DeferredWake implements Runnable
    {
        private final Consumer<Runnable> atBurstEnd;
        /** A wake is scheduled and has not run yet: later publishes of the burst owe nothing more. */
        private boolean owed;

        DeferredWake(final Consumer<Runnable> atBurstEnd)
        {
            this.atBurstEnd = atBurstEnd;
        }

        void owe()
        {
            if (!owed)
            {
                owed = true;
                try
                {
                    atBurstEnd.accept(this);
                }
                catch (final RuntimeException refused)
                {
                    // An event loop that is shutting down refuses tasks: wake now. The publish is done and must
                    // not look failed to its caller.
                    run();
                }
                catch (final Error e)
                {
                    // No task was handed over (a StackOverflowError, an OutOfMemoryError in the loop's queue): wake
                    // now, or this thread's wake stays owed and none of its later publishes wakes a stage again.
                    run();
                    throw e;
                }
            }
        }

        @Override
        public void run()
        {
            owed = false;
            cursorWaiters.wake();
        }
    }

    /** Whether a stage waiting for the producer has said it is parking (tests: to publish to a parked stage). */
    boolean stageParkedOnCursor()
    {
        return cursorWaiters.anyParked;
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
        /**
         * Some waiter may be parked or about to park: set after its own flag, cleared by the signaller that scans.
         * Read by {@link StageParkingWaitStrategy#signalAllWhenBlocking} before it looks up a deferring thread (the
         * common case, nobody parked, costs that one read) and by the tests.
         */
        volatile boolean anyParked;

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
