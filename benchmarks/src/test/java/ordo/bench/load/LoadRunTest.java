package ordo.bench.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness against drivers that need no server: a stall is charged to every request that was due during it in
 * an open loop (coordinated omission corrected) and to one request in a closed loop; a driver that answers at once
 * is driven to the end without recursion.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadRunTest
{
    private static final long STALL_MILLIS = 300;
    private static final long SLOW_MICROS = 100_000;

    private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() throws InterruptedException
    {
        answers.shutdownNow();
        assertThat(answers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anOpenLoopChargesAStallToEveryRequestDueDuringIt()
    {
        // 1 000 requests/s on one connection; the 200th answer takes 300 ms. About 300 requests fall due meanwhile
        // and wait in the backlog; measured from their due time, two thirds of them waited over 100 ms.
        final RunResult run = LoadRun.run(new StallingDriver(200),
            LoadPlan.openAtRate(1, 1, 1_000, 0, 1).withPacingMicros(0), Workload.hotSku("c-"), 1);

        assertThat(run.unanswered()).isZero();
        assertThat(run.dropped()).isZero();
        assertThat(run.reserved()).isEqualTo(run.attempts()).isEqualTo(1_000);
        assertThat(run.latencyMicros().getMaxValue()).isGreaterThanOrEqualTo(STALL_MILLIS * 1_000 * 9 / 10);
        assertThat(run.latencyMicros().getCountBetweenValues(SLOW_MICROS, Long.MAX_VALUE / 2))
            .isGreaterThanOrEqualTo(150);
    }

    @Test
    void aClosedLoopRecordsTheSameStallOnce()
    {
        final RunResult run = LoadRun.run(new StallingDriver(200), LoadPlan.closedByCount(1, 1, 1_000, 60),
            Workload.hotSku("c-"), 1);

        assertThat(run.reserved()).isEqualTo(1_000);
        assertThat(run.latencyMicros().getMaxValue()).isGreaterThanOrEqualTo(STALL_MILLIS * 1_000 * 9 / 10);
        assertThat(run.latencyMicros().getCountBetweenValues(SLOW_MICROS, Long.MAX_VALUE / 2)).isLessThan(10);
    }

    @Test
    void anOpenLoopSendsEveryRequestDueEvenWhenTheDriverRunsItsBatchesLater()
    {
        // The driver runs each wake-up's batch on its own thread, after the scheduler has moved on; the last batch
        // runs after the scheduler has finished, and must still send all of its requests.
        final RunResult run = LoadRun.run(new LaterBatchDriver(), LoadPlan.openAtRate(4, 1, 2_000, 0, 1),
            Workload.spread(10, "c-"), 10);

        assertThat(run.attempts()).isEqualTo(2_000);
        assertThat(run.reserved()).isEqualTo(2_000);
        assertThat(run.dropped()).isZero();
        assertThat(run.unanswered()).isZero();
        assertThat(run.schedulerLagMicros().getTotalCount()).isEqualTo(2_000);
    }

    @Test
    void aFullBacklogDropsRequestsAndSaysSo()
    {
        final RunResult run = LoadRun.run(new StallingDriver(10),
            LoadPlan.openAtRate(1, 1, 1_000, 0, 0.5).withBacklogPerConnection(50), Workload.hotSku("c-"), 1);

        assertThat(run.dropped()).isPositive();
        assertThat(run.attempts() + run.dropped()).isEqualTo(500);
        assertThat(run.unanswered()).isZero();
        // Each dropped request is in the latencies, as unanswered until the run ended: left out, the percentiles
        // lost the worst requests exactly when the system stalled.
        assertThat(run.latencyMicros().getTotalCount()).isEqualTo(run.measuredAnswered() + run.dropped());
        assertThat(run.latencyMicros().getMaxValue()).isGreaterThanOrEqualTo(STALL_MILLIS * 1_000 * 9 / 10);
    }

    @Test
    void aDriverThatAnswersAtOnceIsDrivenToTheEnd()
    {
        final RunResult run = LoadRun.run(new InstantDriver(), LoadPlan.closedByCount(4, 2, 200_000, 60),
            Workload.spread(10, "c-"), 10);

        assertThat(run.attempts()).isEqualTo(200_000);
        assertThat(run.reserved()).isEqualTo(200_000);
        assertThat(run.unanswered()).isZero();
        assertThat(run.synchronousAnswers()).isEqualTo(200_000);
        long perSku = 0;
        for (final long count : run.reservedPerSku())
        {
            perSku += count;
        }
        assertThat(perSku).isEqualTo(200_000);
    }

    @Test
    void errorsStopTheRunAfterTheLimit()
    {
        final LoadPlan plan = new LoadPlan(false, 2, 1, 100_000, 0, 60, 0, 0, 0, 5, 50);
        final RunResult run = LoadRun.run(new FailingDriver(), plan, Workload.hotSku("c-"), 1);

        assertThat(run.errors()).isBetween(50L, 52L);
        assertThat(run.stoppedEarly()).contains("50 errors");
        assertThat(run.unanswered()).isZero();
    }

    /** Answers every reservation on another thread at once, except call number {@code stallAt}, which waits. */
    private final class StallingDriver extends NoCatalogue
    {
        private final long stallAt;
        private final AtomicLong calls = new AtomicLong();

        StallingDriver(final long stallAt)
        {
            this.stallAt = stallAt;
        }

        @Override
        public CompletableFuture<Outcome> reserve(final int conn, final int sku, final String customerId,
            final int qty)
        {
            final CompletableFuture<Outcome> answer = new CompletableFuture<>();
            final long delayMillis = calls.incrementAndGet() == stallAt ? STALL_MILLIS : 0;
            answers.schedule(() -> answer.complete(Outcome.RESERVED), delayMillis, TimeUnit.MILLISECONDS);
            return answer;
        }
    }

    /** Runs every batch of sends later on the answers thread, as an event-loop driver does; answers at once. */
    private final class LaterBatchDriver extends NoCatalogue
    {
        @Override
        public void batch(final Runnable sends)
        {
            answers.execute(sends);
        }

        @Override
        public CompletableFuture<Outcome> reserve(final int conn, final int sku, final String customerId,
            final int qty)
        {
            return CompletableFuture.completedFuture(Outcome.RESERVED);
        }
    }

    private static final class InstantDriver extends NoCatalogue
    {
        @Override
        public CompletableFuture<Outcome> reserve(final int conn, final int sku, final String customerId,
            final int qty)
        {
            return CompletableFuture.completedFuture(Outcome.RESERVED);
        }
    }

    private static final class FailingDriver extends NoCatalogue
    {
        @Override
        public CompletableFuture<Outcome> reserve(final int conn, final int sku, final String customerId,
            final int qty)
        {
            throw new IllegalStateException("connection refused");
        }
    }

    private abstract static class NoCatalogue implements Driver
    {
        @Override
        public String name()
        {
            return "fake";
        }

        @Override
        public void setUp(final int connections, final int skus, final long unitsEach)
        {
        }

        @Override
        public long available(final int sku)
        {
            return 0;
        }

        @Override
        public long holds(final int sku)
        {
            return 0;
        }

        @Override
        public void close()
        {
        }
    }
}
