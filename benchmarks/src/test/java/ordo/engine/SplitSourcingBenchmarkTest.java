package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: without a limit the orders are split over more than three nodes (the greedy
 * cover), and under a limit every plan keeps to it.
 */
class SplitSourcingBenchmarkTest
{
    @Test
    void theOrdersAreSplitWideWithoutALimitAndKeepToOneUnder()
    {
        for (final int limit : new int[] {0, 1, 2, 3, 6})
        {
            final SplitSourcingBenchmark benchmark = new SplitSourcingBenchmark();
            benchmark.maxShipments = limit;
            benchmark.network();
            final long shipments = benchmark.source();
            if (limit == 0)
            {
                assertThat(shipments).as("more than three nodes an order").isGreaterThan(3L * 1_000);
            }
            else
            {
                assertThat(shipments).as("limit %d", limit).isLessThanOrEqualTo(limit * 1_000L)
                    .isGreaterThanOrEqualTo(1_000L);
            }
        }
    }
}
