package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: without a limit, or with one of three, every order ships in three
 * shipments (one per SKU); with a limit of two or one, in as many; every plan searched exactly (within the search's
 * work, rules version 22).
 */
class ShipmentLimitBenchmarkTest
{
    @Test
    void everyOrderShipsInAsManyShipmentsAsItsLimitAllows()
    {
        for (final int limit : new int[] {0, 3, 2, 1})
        {
            final ShipmentLimitBenchmark benchmark = new ShipmentLimitBenchmark();
            benchmark.maxShipments = limit;
            benchmark.encodeOrders();
            benchmark.freshNetwork();
            final long ids = benchmark.placeOrders();
            assertThat(ids).isEqualTo((long)ShipmentLimitBenchmark.BATCH * (ShipmentLimitBenchmark.BATCH + 1) / 2);
            for (final long id : new long[] {1, ShipmentLimitBenchmark.BATCH / 2, ShipmentLimitBenchmark.BATCH})
            {
                assertThat(benchmark.shipmentsOf(id)).as("limit %d, order %d", limit, id)
                    .isEqualTo(limit == 0 ? 3 : limit);
                assertThat(benchmark.exact(id)).as("limit %d, order %d", limit, id).isTrue();
            }
        }
    }
}
