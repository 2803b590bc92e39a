package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: every order ships in seven shipments, one per SKU, searched exactly among 14
 * and 15 nodes and by the greedy cover among 27 (past the budget's sets of five).
 */
class WideSearchBenchmarkTest
{
    @Test
    void everyOrderShipsInSevenShipmentsSearchedExactlyWhileTheBudgetAllows()
    {
        for (final int nodes : new int[] {14, 15, 27})
        {
            final WideSearchBenchmark benchmark = new WideSearchBenchmark();
            benchmark.nodes = nodes;
            benchmark.encodeOrders();
            benchmark.freshNetwork();
            final long ids = benchmark.placeOrders();
            assertThat(ids).isEqualTo((long)WideSearchBenchmark.BATCH * (WideSearchBenchmark.BATCH + 1) / 2);
            for (final long id : new long[] {1, WideSearchBenchmark.BATCH / 2, WideSearchBenchmark.BATCH})
            {
                assertThat(benchmark.shipmentsOf(id)).as("%d nodes, order %d", nodes, id)
                    .isEqualTo(WideSearchBenchmark.SKUS);
                assertThat(benchmark.exact(id)).as("%d nodes, order %d", nodes, id).isEqualTo(nodes < 27);
            }
        }
    }
}
