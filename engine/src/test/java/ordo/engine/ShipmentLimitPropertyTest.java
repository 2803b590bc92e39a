package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderOpRunner;
import ordo.engine.testing.OrderOpRunner.Applied;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.RandomOrders;
import ordo.engine.testing.RandomOrders.NetworkSpec;
import ordo.engine.testing.RandomOrders.Op;

/**
 * Orders kept to one or two shipments among counts, receipts, losses and cancellations (rules version 14): after every
 * command no order ships from more nodes than its limit (but for the units of a converted network hold), the
 * invariants hold, and no waiting line could take a unit a fill would give it — so a cancellation or a count that
 * ends one of an order's shipments lets its waiting lines take units at a new node, though nothing of their SKUs'
 * supply changed.
 */
class ShipmentLimitPropertyTest
{
    /**
     * Four to eight nodes that may all ship and serve pickups, around Singapore, with few units of each SKU each (0
     * to 3), so that most orders need more nodes than their limit.
     */
    @Provide
    Arbitrary<NetworkSpec> networks()
    {
        final Arbitrary<RandomOrders.NodeSpec> node = Combinators.combine(
            Arbitraries.of(Codes.LocationType.values()),
            Arbitraries.integers().between(1_200_000, 1_500_000),
            Arbitraries.integers().between(103_600_000, 104_000_000),
            Arbitraries.longs().between(0, 2_000),
            // A node listing countries now and then: rarely, so that most plans still meet the limit.
            Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, RandomOrders.SHIPS_TO.size() - 1))))
            .as((type, lat, lon, handling, shipsTo) -> new RandomOrders.NodeSpec(type, lat, lon, Codes.CAP_ALL, 0,
                handling, true, shipsTo));
        return node.list().ofMinSize(4).ofMaxSize(8).flatMap(nodes -> Combinators.combine(
            Arbitraries.integers().between(0, 3).list().ofSize(nodes.size() * RandomOrders.SKUS.size()),
            Arbitraries.of(0, 0, 0, 5_000), Arbitraries.of(0, 0, 1))
            .as((units, pool, policy) ->
            {
                final List<RandomOrders.CellSpec> cells = new ArrayList<>();
                for (int n = 0; n < nodes.size(); n++)
                {
                    for (int sku = 0; sku < RandomOrders.SKUS.size(); sku++)
                    {
                        cells.add(new RandomOrders.CellSpec(sku, n, units.get(n * RandomOrders.SKUS.size() + sku),
                            0));
                    }
                }
                return new NetworkSpec(nodes, cells, pool, policy);
            }));
    }

    /** {@link RandomOrders#op()}'s placements, cancellations and stock commands, every placement with a limit. */
    @Provide
    Arbitrary<List<Op>> streams()
    {
        final Arbitrary<Op> limited = RandomOrders.op().filter(op -> op instanceof RandomOrders.Place)
            .flatMap(op -> Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(1)), Tuple.of(2, Arbitraries.just(2)))
                .map(limit -> withLimit((RandomOrders.Place)op, limit)));
        final Arbitrary<Op> others = RandomOrders.op().filter(op -> op instanceof RandomOrders.Cancel ||
            op instanceof RandomOrders.Adjust || op instanceof RandomOrders.SetStock);
        return Arbitraries.frequencyOf(Tuple.of(4, limited), Tuple.of(5, others)).list().ofMinSize(20).ofMaxSize(80);
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void ordersKeepToTheirLimitAndNoWaitingLineCouldTakeAUnit(@ForAll("networks") final NetworkSpec network,
        @ForAll("streams") final List<Op> ops)
    {
        final EngineDriver driver = new EngineDriver(RandomOrders.T0);
        final OrderOpRunner runner = new OrderOpRunner(driver);
        runner.setUp(network, applied -> { });
        for (final Op op : ops)
        {
            final Applied applied = runner.apply(op);
            if (applied.isCommand())
            {
                assertThat(driver.checkInvariants()).as("after %s", applied.step()).isNull();
                BackorderPassOverPropertyTest.noWaitingLineCouldTakeAUnit(driver, applied);
            }
        }
        for (final long id : runner.orderIds())
        {
            final OrderViews.Order order = driver.order(id);
            final long nodes = order.allocations().stream().map(OrderViews.Allocation::location).distinct().count();
            assertThat(nodes).as("order %d", id).isLessThanOrEqualTo(Math.max(order.maxShipments(),
                order.reservationId() != 0 ? Integer.MAX_VALUE : 0));
            Statistics.label("limit bound").collect(driver.sourcing(id).candidates().stream()
                .anyMatch(c -> c.reason() == Codes.SourcingReason.SHIPMENT_LIMIT));
            Statistics.label("waiting at the end").collect(order.lines().stream().anyMatch(l -> l.backordered() > 0));
        }
        // The limit left units out of about one order in six, ~70 of the ~420 each run (jqwik draws new seeds every
        // run): 50 failed on a seed now and then (48, Review-279), so the floor is far below that and still proves
        // that the limit binds many times a run.
        Statistics.label("limit bound").coverage(coverage -> coverage.check(true).count(count -> count >= 25));
    }

    private static RandomOrders.Place withLimit(final RandomOrders.Place p, final int limit)
    {
        return new RandomOrders.Place(p.channel(), p.customer(), p.level(), p.pickup(), p.pickupNode(),
            p.latMicro(), p.lonMicro(), p.lines(), p.allowPartial(), p.reservation(), p.asHolder(), p.fallback(),
            p.externalId(), limit, p.country());
    }
}
