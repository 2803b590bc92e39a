package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: its pickup orders wait (every one a unit backordered), and its holds and
 * releases run without one of them taking the warehouse's stock.
 */
class BackorderWaitBenchmarkTest
{
    @Test
    void itsOrdersWaitThroughHoldsAndReleases()
    {
        final BackorderWaitBenchmark benchmark = new BackorderWaitBenchmark();
        benchmark.waiting = 300;
        benchmark.setUp();
        assertThat(benchmark.backordered()).isEqualTo(300);

        benchmark.holdThenRelease();
        benchmark.inventoryView();

        assertThat(benchmark.backordered()).isEqualTo(300);
    }
}
