package ordo.gateway.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

/**
 * The default wait strategy: blocks on the ring's cursor like Disruptor's {@code BlockingWaitStrategy}, but waits
 * for <em>upstream stages</em> with a spin → yield → park backoff instead of a pure spin.
 *
 * <p>Why: {@code BlockingWaitStrategy} only blocks while the producer has published nothing; a stage that waits on
 * other stages (our ReplyHandler waits for JournalHandler and EngineHandler) spins with {@code onSpinWait()} for as
 * long as they take. On a 2-core machine that spinning thread takes a whole core from the two it is waiting for —
 * measured: the reply thread spent 77 % of its samples in that spin and pipeline throughput fell to ~0.2 M/s.
 * It also takes the lock and calls {@code notifyAll} on every publish; here the producer does so only when a stage
 * has flagged that it is about to block (as Disruptor 3's {@code LiteBlockingWaitStrategy} did).
 */
public final class BlockingBackoffWaitStrategy implements WaitStrategy
{
    private static final int SPIN_TRIES = 100;
    private static final int YIELD_TRIES = 100;
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    private final Object mutex = new Object();
    /** Set by a stage about to block; the producer takes the lock to wake it only then, not on every publish. */
    private final AtomicBoolean signalNeeded = new AtomicBoolean();

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException, InterruptedException
    {
        if (cursor.get() < sequence)
        {
            synchronized (mutex)
            {
                // Flag first, then re-read the cursor: a producer that published after our read must see the flag
                // and will notify once we are waiting (it needs the mutex, which wait() releases).
                do
                {
                    signalNeeded.set(true);
                    if (cursor.get() >= sequence)
                    {
                        break;
                    }
                    barrier.checkAlert();
                    mutex.wait();
                }
                while (cursor.get() < sequence);
            }
        }
        long available;
        int tries = 0;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (tries < SPIN_TRIES)
            {
                Thread.onSpinWait();
            }
            else if (tries < SPIN_TRIES + YIELD_TRIES)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(PARK_NANOS);
            }
            tries++;
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        // A plain volatile read first: the atomic swap on every publish was a locked instruction per command. No
        // wake-up is lost: a stage sets the flag and then re-reads the cursor (both volatile), and the producer
        // advanced the cursor with a CAS before this read, so one of the two sees the other. That holds because the
        // ring is multi-producer (OrdoCore): a single-producer sequencer moves its cursor with a plain release
        // store, which does not order it before this read, and a stage could then sleep past a publish.
        if (signalNeeded.get() && signalNeeded.getAndSet(false))
        {
            synchronized (mutex)
            {
                mutex.notifyAll();
            }
        }
    }
}
