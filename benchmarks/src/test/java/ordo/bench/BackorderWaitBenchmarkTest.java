package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark measures what it says: its orders wait (every one a unit backordered), for their store's stock, for
 * the warehouse's next day or for a node that ships to their country, and its holds and releases run without one of
 * them taking the warehouse's stock.
 */
class BackorderWaitBenchmarkTest
{
    @ParameterizedTest
    @ValueSource(strings = {"store", "capacity", "country"})
    void itsOrdersWaitThroughHoldsAndReleases(final String waitingFor)
    {
        final BackorderWaitBenchmark benchmark = new BackorderWaitBenchmark();
        benchmark.waiting = 300;
        benchmark.waitingFor = waitingFor;
        benchmark.setUp();
        assertThat(benchmark.backordered()).isEqualTo(300);

        benchmark.holdThenRelease();
        benchmark.inventoryView();

        assertThat(benchmark.backordered()).as("a thousand seconds on: the same day").isEqualTo(300);
    }
}
