package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: its loss sends the old order's unit back to backorder with nowhere to go (the
 * newer orders hold all the other stock), and its receipt gives the unit back to it.
 */
class StockShortageBenchmarkTest
{
    @Test
    void itsLossSendsTheOldOrdersUnitBackAndItsReceiptReturnsIt()
    {
        final StockShortageBenchmark benchmark = new StockShortageBenchmark();
        benchmark.newerOrders = 300;
        benchmark.setUp();
        assertThat(benchmark.allocated()).isEqualTo(301);

        benchmark.lose();
        assertThat(benchmark.backordered()).isEqualTo(1);
        assertThat(benchmark.allocated()).isEqualTo(300);
        benchmark.receive();
        assertThat(benchmark.backordered()).isZero();
        assertThat(benchmark.allocated()).isEqualTo(301);

        benchmark.loseThenReceive();
        assertThat(benchmark.backordered()).isZero();
        assertThat(benchmark.allocated()).isEqualTo(301);
    }
}
