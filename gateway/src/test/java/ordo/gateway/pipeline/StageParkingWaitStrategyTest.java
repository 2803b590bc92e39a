package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default wait strategy parks stages and relies on signals alone to wake them: with a park cap of an hour, a
 * single lost wake-up would stall these runs until the timeout fails them. The topology is the pipeline's — two
 * stages in parallel, a third after both — and every round trip makes every stage park and be woken again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StageParkingWaitStrategyTest
{
    private static final int SIZE = 1024;
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** Slot: [0] written by the first upstream stage, [1] by the second, [2] the value published. */
    private final StageParkingWaitStrategy strategy = new StageParkingWaitStrategy(HOUR);
    private final Disruptor<long[]> disruptor = new Disruptor<>(() -> new long[3], SIZE, DaemonThreadFactory.INSTANCE,
        ProducerType.MULTI, strategy);
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();

    private final class Upstream implements EventHandler<long[]>
    {
        private final int index;
        private Sequence sequence;

        Upstream(final int index)
        {
            this.index = index;
        }

        @Override
        public void setSequenceCallback(final Sequence sequence)
        {
            this.sequence = sequence;
        }

        @Override
        public void onEvent(final long[] slot, final long sequence, final boolean endOfBatch)
        {
            slot[index] = slot[2];
            if (endOfBatch)
            {
                this.sequence.setVolatile(sequence);
                strategy.stageProgressed();
            }
        }
    }

    private RingBuffer<long[]> start()
    {
        disruptor.handleEventsWith(new Upstream(0), new Upstream(1)).then((slot, sequence, endOfBatch) ->
        {
            // Runs only once both upstream stages are past this slot.
            if (slot[0] != slot[2] || slot[1] != slot[2])
            {
                outOfOrder.incrementAndGet();
            }
            done.incrementAndGet();
        });
        return disruptor.start();
    }

    /** Fails (rather than waiting for the class timeout) when the stages stall: a lost wake-up parks for an hour. */
    private void awaitDone(final long count)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (done.get() < count)
        {
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted())
            {
                throw new AssertionError("stalled: " + done.get() + " of " + count + " consumed");
            }
            LockSupport.parkNanos(1_000);
        }
    }

    private static void publish(final RingBuffer<long[]> ring, final long value)
    {
        final long sequence = ring.next();
        ring.get(sequence)[2] = value;
        ring.publish(sequence);
    }

    @Test
    void everyRoundTripWakesEveryParkedStageWithoutATimeout()
    {
        final RingBuffer<long[]> ring = start();
        try
        {
            for (long i = 1; i <= 20_000; i++)
            {
                publish(ring, i);
                // Let every stage drain and park before the next publish.
                awaitDone(i);
            }
            assertThat(outOfOrder.get()).isZero();
        }
        finally
        {
            disruptor.halt();
        }
    }

    @Test
    void burstsFromSeveralProducersAreAllConsumedInOrderOfStages() throws InterruptedException
    {
        final RingBuffer<long[]> ring = start();
        final int producers = 4;
        final int each = 50_000;
        final Thread[] threads = new Thread[producers];
        try
        {
            for (int p = 0; p < producers; p++)
            {
                final int id = p;
                threads[p] = new Thread(() ->
                {
                    for (int i = 0; i < each; i++)
                    {
                        publish(ring, (long)id * each + i + 1);
                        if (i % 64 == 0)
                        {
                            // Pauses let the stages run dry and park now and then.
                            LockSupport.parkNanos(20_000);
                        }
                    }
                });
                threads[p].start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            awaitDone((long)producers * each);
            assertThat(done.get()).isEqualTo((long)producers * each);
            assertThat(outOfOrder.get()).isZero();
        }
        finally
        {
            disruptor.halt();
        }
    }

    /**
     * A producer that defers its wake-ups (as an HTTP event loop does) publishes bursts of 1–7 commands to stages it
     * first waits to see parked, then runs what it was handed at the burst's end: exactly one wake is handed over per
     * burst (not one per publish), and with parks capped at an hour every command is still consumed — a wake lost or
     * never handed over would stall the run.
     */
    @Test
    void aDeferringProducerWakesParkedStagesOncePerBurstAndLosesNoWakeUp() throws InterruptedException
    {
        final RingBuffer<long[]> ring = start();
        final int bursts = 3_000;
        final AtomicInteger handedOver = new AtomicInteger();
        try
        {
            onProducerThread(() ->
            {
                final ArrayDeque<Runnable> atBurstEnd = new ArrayDeque<>();
                strategy.deferWakes(task ->
                {
                    handedOver.incrementAndGet();
                    atBurstEnd.add(task);
                });
                long value = 0;
                for (int burst = 0; burst < bursts; burst++)
                {
                    awaitParked();
                    for (int i = 0; i <= burst % 7; i++)
                    {
                        publish(ring, ++value);
                    }
                    runAll(atBurstEnd);
                    awaitDone(value);
                }
            });
            assertThat(handedOver.get()).isEqualTo(bursts);
            assertThat(outOfOrder.get()).isZero();
        }
        finally
        {
            disruptor.halt();
        }
    }

    /** A burst-end runner that refuses the task (an event loop shutting down): the publish wakes at once instead. */
    @Test
    void aRefusedBurstEndWakesAtOnce() throws InterruptedException
    {
        final RingBuffer<long[]> ring = start();
        try
        {
            onProducerThread(() ->
            {
                strategy.deferWakes(task ->
                {
                    throw new java.util.concurrent.RejectedExecutionException("event loop shut down");
                });
                for (long value = 1; value <= 200; value++)
                {
                    awaitParked();
                    final long v = value;
                    assertThatCode(() -> publish(ring, v)).doesNotThrowAnyException();
                    awaitDone(value);
                }
            });
        }
        finally
        {
            disruptor.halt();
        }
    }

    /**
     * A burst-end runner that fails with an Error (a StackOverflowError deep in a route, an OutOfMemoryError in the
     * event loop's queue): the Error reaches the publisher, but the parked stages are woken at once and the thread's
     * later bursts hand their wakes over again — a wake left owed would silence every later wake of this thread, and
     * with parks capped at an hour the next burst would stall.
     */
    @Test
    void anErrorFromTheBurstEndRunnerLeavesNoWakeOwed() throws InterruptedException
    {
        final RingBuffer<long[]> ring = start();
        final AtomicInteger handedOver = new AtomicInteger();
        try
        {
            onProducerThread(() ->
            {
                final ArrayDeque<Runnable> atBurstEnd = new ArrayDeque<>();
                strategy.deferWakes(task ->
                {
                    if (handedOver.getAndIncrement() == 0)
                    {
                        throw new StackOverflowError("no room for the burst-end task");
                    }
                    atBurstEnd.add(task);
                });
                awaitParked();
                assertThatThrownBy(() -> publish(ring, 1)).as("the Error reaches the publisher")
                    .isInstanceOf(StackOverflowError.class);
                awaitDone(1);
                for (long value = 2; value <= 50; value++)
                {
                    awaitParked();
                    publish(ring, value);
                    runAll(atBurstEnd);
                    awaitDone(value);
                }
            });
            assertThat(handedOver.get()).isEqualTo(50);
        }
        finally
        {
            disruptor.halt();
        }
    }

    /** Runs {@code body} on a thread of its own (deferring wakes is per thread) and fails with what it threw. */
    private static void onProducerThread(final ThrowingCallable body) throws InterruptedException
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread producer = new Thread(() ->
        {
            try
            {
                body.call();
            }
            catch (final Throwable e)
            {
                failure.set(e);
            }
        }, "producer");
        producer.start();
        producer.join();
        assertThat(failure.get()).isNull();
    }

    /** What a burst handed over, run at its end, as an event loop runs its tail tasks. */
    private static void runAll(final ArrayDeque<Runnable> atBurstEnd)
    {
        Runnable task;
        while ((task = atBurstEnd.poll()) != null)
        {
            task.run();
        }
    }

    private void awaitParked()
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!strategy.stageParkedOnCursor())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("no stage parked on the cursor");
            }
            Thread.onSpinWait();
        }
    }
}
