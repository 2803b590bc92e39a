package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.junit.jupiter.api.Test;

/**
 * The multi-producer cursor moves when a slot is claimed, not when it is published: a first stage waiting "for the
 * cursor" must still park while a producer holds a claimed slot it has not published (a Netty loop preempted
 * between tryNext and publish on a 2-core box), not burn a core until the producer runs again.
 */
class StageParkingClaimWindowTest
{
    @Test
    void aFirstStageDoesNotSpinWhileAClaimedSlotIsUnpublished()
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final AtomicReference<Thread> stage = new AtomicReference<>();
        final AtomicLong consumed = new AtomicLong();
        final StageParkingWaitStrategy strategy = new StageParkingWaitStrategy();
        final Disruptor<long[]> disruptor = new Disruptor<>(() -> new long[1], 64, runnable ->
        {
            final Thread thread = new Thread(runnable, "claim-window-stage");
            thread.setDaemon(true);
            stage.set(thread);
            return thread;
        }, ProducerType.MULTI, strategy);
        disruptor.handleEventsWith((slot, sequence, endOfBatch) -> consumed.incrementAndGet());
        strategy.watch(disruptor.getRingBuffer());
        final RingBuffer<long[]> ring = disruptor.start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (stage.get() == null || stage.get().getState() != Thread.State.TIMED_WAITING)
            {
                assertThat(System.nanoTime()).as("stage parks when idle").isLessThan(deadline);
                LockSupport.parkNanos(1_000_000);
            }
            final long id = stage.get().getId();
            final long claimed = ring.next();
            final long cpuBefore = threads.getThreadCpuTime(id);
            final long wallBefore = System.nanoTime();
            // The producer is "preempted" for 300 ms between claim and publish.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            final long cpu = threads.getThreadCpuTime(id) - cpuBefore;
            final long wall = System.nanoTime() - wallBefore;
            ring.publish(claimed);
            final long consumeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (consumed.get() < 1)
            {
                assertThat(System.nanoTime()).as("the published slot is consumed").isLessThan(consumeDeadline);
                LockSupport.parkNanos(1_000_000);
            }
            assertThat(cpu).as("stage CPU ns while the claimed slot was unpublished (wall %d ns)", wall)
                .isLessThan(wall / 10);
        }
        finally
        {
            disruptor.halt();
        }
    }
}
