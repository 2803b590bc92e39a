package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import ordo.bench.OrderPlacementBenchmark;
import org.junit.jupiter.api.Test;

/**
 * Sourcing alone decides what the whole placement decides for the same orders: the benchmark measures the placement's
 * own sourcing, not a lighter stand-in.
 */
class SourcingBenchmarkTest
{
    @Test
    void decidesWhatThePlacementDecidesForTheSameOrders()
    {
        final OrderPlacementBenchmark placement = new OrderPlacementBenchmark();
        placement.nodes = 50;
        placement.encodeOrders();
        placement.freshNetwork();
        placement.placeOrders();
        final SourcingBenchmark alone = new SourcingBenchmark();
        alone.nodes = 50;
        alone.part = "record";
        alone.freshNetwork();
        alone.source();

        final OrderBook orders = placement.engine().orders();
        final int[] winners = new int[50];
        for (int o = 0; o < OrderPlacementBenchmark.BATCH; o += 97)
        {
            final SourcingDecision placed = orders.decisions().view(orders.get(o + 1).decisionAt);
            final SourcingDecision decided = alone.decision(o);
            assertThat(decided.candidateCount).as("order %d's candidates", o).isEqualTo(50)
                .isEqualTo(placed.candidateCount);
            assertThat(decided.lineCount).isEqualTo(3).isEqualTo(placed.lineCount);
            assertThat(decided.shipments).isEqualTo(1).isEqualTo(placed.shipments);
            assertThat(decided.planCostMinor).isEqualTo(placed.planCostMinor);
            for (int c = 0; c < 50; c++)
            {
                assertThat(decided.locationIndex(c)).isEqualTo(placed.locationIndex(c));
                assertThat(decided.reason(c)).as("order %d, candidate %d", o, c).isEqualTo(placed.reason(c));
                assertThat(decided.distanceMetres(c)).isEqualTo(placed.distanceMetres(c));
                assertThat(decided.cost(c)).isEqualTo(placed.cost(c));
                assertThat(decided.allocatedUnits(c)).isEqualTo(placed.allocatedUnits(c));
                winners[c] += decided.allocatedUnits(c) > 0 ? 1 : 0;
                for (int l = 0; l < 3; l++)
                {
                    // Stock is never allocated by sourcing alone: its ATP is the placement's first order's.
                    assertThat(decided.atp(c, l)).isGreaterThanOrEqualTo(placed.atp(c, l));
                    if (o == 0)
                    {
                        assertThat(decided.atp(c, l)).isEqualTo(placed.atp(c, l));
                    }
                }
            }
        }
        assertThat(Arrays.stream(winners).filter(n -> n > 0).count())
            .as("nodes that won orders over the region").isGreaterThan(1);
    }
}
