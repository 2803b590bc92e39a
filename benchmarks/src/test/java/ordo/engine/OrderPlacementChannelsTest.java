package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ordo.bench.OrderPlacementBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each of {@link OrderPlacementBenchmark}'s channels sets up what it says: every order of a batch is placed (the
 * benchmark throws otherwise), a kept channel's orders take nothing at the nodes it is kept from, and beside a kept
 * marketplace's holds every SKU has units set aside at its first node.
 */
class OrderPlacementChannelsTest
{
    @ParameterizedTest
    @ValueSource(strings = {"none", "web", "pooled", "kept", "aside"})
    void everyOrderOfABatchIsPlaced(final String channel)
    {
        final OrderPlacementBenchmark placement = placed(channel);

        assertThat(placement.engine().orders().lastId()).isEqualTo(OrderPlacementBenchmark.BATCH);
    }

    @Test
    void aKeptChannelsOrdersTakeNothingWhereItIsKeptFrom()
    {
        final OrderPlacementBenchmark placement = placed("kept");
        final OrderBook orders = placement.engine().orders();
        int ruledOut = 0;
        for (int o = 1; o <= OrderPlacementBenchmark.BATCH; o += 97)
        {
            final SourcingDecision decision = orders.decisions().view(orders.get(o).decisionAt);
            for (int c = 0; c < decision.candidateCount; c++)
            {
                if (decision.locationIndex(c) % 2 == 1)
                {
                    assertThat(decision.allocatedUnits(c)).isZero();
                    assertThat(decision.reason(c)).isEqualTo((byte)Codes.SourcingReason.CHANNEL_NOT_SERVED.code());
                    ruledOut++;
                }
            }
        }
        assertThat(ruledOut).isPositive();
    }

    @Test
    void besideAKeptMarketplacesHoldsEverySkuHasUnitsSetAside()
    {
        final OrderPlacementBenchmark placement = placed("aside");
        final Catalog catalog = placement.engine().catalog();
        for (int s = 0; s < OrderPlacementBenchmark.SKUS; s += 17)
        {
            final Sku sku = catalog.sku(s);
            assertThat(catalog.keptHolds().place(sku, null)).isTrue();
            assertThat(catalog.keptHolds().others(0)).as("node-0's cell").isEqualTo(10);
        }
    }

    private static OrderPlacementBenchmark placed(final String channel)
    {
        final OrderPlacementBenchmark placement = new OrderPlacementBenchmark();
        placement.nodes = 50;
        placement.channel = channel;
        placement.encodeOrders();
        placement.freshNetwork();
        placement.placeOrders();
        return placement;
    }
}
