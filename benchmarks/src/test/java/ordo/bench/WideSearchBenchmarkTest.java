package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: with a SKU a node every order ships in seven shipments, searched exactly among
 * 14 and 15 nodes and by the greedy cover among 27 (past the budget's sets of five); with two, in four, searched
 * exactly among 27 too (17 550 sets of four).
 */
class WideSearchBenchmarkTest
{
    @Test
    void everyOrderShipsInSevenShipmentsSearchedExactlyWhileTheBudgetAllows()
    {
        for (final int skus : new int[] {1, 2})
        {
            for (final int nodes : new int[] {14, 15, 27})
            {
                final WideSearchBenchmark benchmark = new WideSearchBenchmark();
                benchmark.nodes = nodes;
                benchmark.skusPerNode = skus;
                benchmark.encodeOrders();
                benchmark.freshNetwork();
                final long ids = benchmark.placeOrders();
                assertThat(ids).isEqualTo((long)WideSearchBenchmark.BATCH * (WideSearchBenchmark.BATCH + 1) / 2);
                for (final long id : new long[] {1, WideSearchBenchmark.BATCH / 2, WideSearchBenchmark.BATCH})
                {
                    final String what = nodes + " nodes of " + skus + " SKUs, order " + id;
                    assertThat(benchmark.shipmentsOf(id)).as(what).isEqualTo(skus == 1 ? WideSearchBenchmark.SKUS : 4);
                    assertThat(benchmark.exact(id)).as(what).isEqualTo(skus == 2 || nodes < 27);
                }
            }
        }
    }

    /** The trap's order is placed, by the greedy cover past the search's work with 64 lines, exactly with 2. */
    @Test
    void theTrapsOrderIsPlacedExactlyOnlyWithinTheSearchsWork()
    {
        for (final int lines : new int[] {2, 64})
        {
            final WideSearchTrapBenchmark trap = new WideSearchTrapBenchmark();
            trap.lines = lines;
            trap.encodeOrder();
            trap.freshNetwork();
            assertThat(trap.exact(trap.place())).as("%d lines", lines).isEqualTo(lines == 2);
        }
    }
}
