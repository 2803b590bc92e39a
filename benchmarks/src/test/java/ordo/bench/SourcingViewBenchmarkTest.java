package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: with {@code waits} every line of the order is backordered (so the view plans
 * each), without it none is; and the view answers, longer when lines wait (their candidates are listed).
 */
class SourcingViewBenchmarkTest
{
    @Test
    void everyLineWaitsOrNoneDoes()
    {
        final int[] length = new int[2];
        for (final boolean waits : new boolean[] {true, false})
        {
            final SourcingViewBenchmark benchmark = new SourcingViewBenchmark();
            benchmark.lines = 3;
            benchmark.waits = waits;
            benchmark.setUp();
            for (int s = 0; s < 3; s++)
            {
                assertThat(benchmark.backordered(s)).as("sku %d, waits %s", s, waits).isEqualTo(waits ? 1 : 0);
            }
            length[waits ? 0 : 1] = benchmark.sourcingView();
        }
        assertThat(length[0]).as("the waiting lines' candidates").isGreaterThan(length[1]);
    }
}
