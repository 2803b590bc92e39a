package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: the customer's history is allocated, and each operation's order is placed
 * whole (not held for review) and cancelled whole, leaving the history as it was.
 */
class CustomerHistoryBenchmarkTest
{
    @Test
    void eachOrderIsPlacedAndCancelledBesideAHistoryThatStays()
    {
        final CustomerHistoryBenchmark benchmark = new CustomerHistoryBenchmark();
        benchmark.history = 300;
        benchmark.freshEngine();
        for (int s = 0; s < 300; s++)
        {
            assertThat(benchmark.allocated(s)).as("history SKU %d", s).isEqualTo(1);
        }

        for (int op = 0; op < 5; op++)
        {
            benchmark.orderThenCancel();
        }

        assertThat(benchmark.allocated(0)).isEqualTo(1);
        assertThat(benchmark.allocated(299)).isEqualTo(1);
        for (int l = 0; l < CustomerHistoryBenchmark.LINES; l++)
        {
            assertThat(benchmark.allocated(300 + l)).as("new SKU %d", l).isZero();
        }
    }
}
