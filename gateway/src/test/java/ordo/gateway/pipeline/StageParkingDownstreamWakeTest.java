package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.junit.jupiter.api.Test;

/**
 * A stage after other stages can only run once they move, so a publish must not wake it: on a 2-core box each
 * needless wake is a context switch that the stages doing the work pay for.
 */
class StageParkingDownstreamWakeTest
{
    @Test
    void aPublishDoesNotWakeTheStageThatWaitsForUpstreamStages() throws InterruptedException
    {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final StageParkingWaitStrategy strategy = new StageParkingWaitStrategy(TimeUnit.HOURS.toNanos(1));
        final Disruptor<long[]> disruptor = new Disruptor<>(() -> new long[1], 64, runnable ->
        {
            final Thread thread = new Thread(runnable, "stage-" + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        }, ProducerType.MULTI, strategy);
        final CountDownLatch upstreamMayFinish = new CountDownLatch(1);
        final EventHandler<long[]> upstream = (slot, sequence, endOfBatch) -> upstreamMayFinish.await();
        disruptor.handleEventsWith(upstream).then((slot, sequence, endOfBatch) -> { });
        final RingBuffer<long[]> ring = disruptor.start();
        try
        {
            final Thread downstream = threads.get(1);
            awaitState(downstream, Thread.State.TIMED_WAITING);
            final long waitsBefore = mx.getThreadInfo(downstream.getId()).getWaitedCount();

            ring.publish(ring.next());
            awaitState(threads.get(0), Thread.State.WAITING);
            // Give a needless wake time to show as a second park; none should come.
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (mx.getThreadInfo(downstream.getId()).getWaitedCount() == waitsBefore && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(1_000_000);
            }
            assertThat(mx.getThreadInfo(downstream.getId()).getWaitedCount())
                .as("parks of the downstream stage after a publish it cannot act on").isEqualTo(waitsBefore);
        }
        finally
        {
            upstreamMayFinish.countDown();
            disruptor.halt();
        }
    }

    private static void awaitState(final Thread thread, final Thread.State state)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != state)
        {
            assertThat(System.nanoTime()).as("%s reaches %s", thread.getName(), state).isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }
}
