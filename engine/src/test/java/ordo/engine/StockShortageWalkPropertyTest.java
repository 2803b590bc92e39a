package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderOpRunner;
import ordo.engine.testing.OrderOpRunner.Applied;
import ordo.engine.testing.RandomOrders;
import ordo.engine.testing.RandomOrders.NetworkSpec;
import ordo.engine.testing.RandomOrders.Op;

/**
 * A stock shortage finds the orders that give units up through the cell's chain of allocation records, stopping
 * once the orders newer than where it is hold the units short ({@link StockShortage}), so it decides what a walk over
 * every order from the newest decides. Random streams (counts and losses among placements, cancellations, holds,
 * backorder fills that give old orders new allocations, nodes switched off and on, days turning) run on two engines,
 * one walking every order: after every command their answers, events and state hashes are equal, and the chains hold
 * every record with units ({@link InvariantChecker}).
 */
class StockShortageWalkPropertyTest
{
    @Provide
    Arbitrary<NetworkSpec> networks()
    {
        return RandomOrders.networks();
    }

    @Provide
    Arbitrary<List<Op>> streams()
    {
        return RandomOrders.wideStreams(40, 250);
    }

    /**
     * Streams where stock falls short often: losses and counts among them three times as often, and receipts, whose
     * backorder fills give old orders records newer than younger orders' (the chain's order is not the orders').
     */
    @Provide
    Arbitrary<List<Op>> shortStreams()
    {
        final Arbitrary<Op> loss = Combinators.combine(Arbitraries.integers().between(0, RandomOrders.SKUS.size() - 1),
            Arbitraries.integers().between(0, 4), Arbitraries.integers().between(-8, -1),
            Arbitraries.integers().between(0, 3)).as(RandomOrders.Adjust::new);
        final Arbitrary<Op> receipt = Combinators.combine(
            Arbitraries.integers().between(0, RandomOrders.SKUS.size() - 1), Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(1, 8), Arbitraries.integers().between(0, 3)).as(RandomOrders.Adjust::new);
        return Arbitraries.frequencyOf(Tuple.of(6, RandomOrders.wideOp()), Tuple.of(2, loss), Tuple.of(1, receipt))
            .list().ofMinSize(60).ofMaxSize(300).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void theCellsChainDecidesWhatWalkingEveryOrderDecides(@ForAll("networks") final NetworkSpec network,
        @ForAll("streams") final List<Op> ops)
    {
        runBoth(network, ops);
        Statistics.label("stock command").coverage(coverage ->
            coverage.check("one order sent back").count(count -> count >= 10));
    }

    /** Three to five warehouses, every SKU stocked at each, so that most orders take units and many nodes hold them. */
    @Provide
    Arbitrary<NetworkSpec> stockedNetworks()
    {
        final Arbitrary<RandomOrders.NodeSpec> node = Combinators.combine(
            Arbitraries.integers().between(1_200_000, 1_500_000), Arbitraries.integers().between(103_600_000, 104_000_000),
            Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(2, 6))),
            Arbitraries.longs().between(0, 500), RandomOrders.shipsTo())
            .as((lat, lon, capacity, handling, shipsTo) -> new RandomOrders.NodeSpec(Codes.LocationType.WAREHOUSE,
                lat, lon, Codes.CAP_ALL, capacity, handling, true, shipsTo));
        return node.list().ofMinSize(3).ofMaxSize(5).flatMap(nodes ->
            Arbitraries.integers().between(2, 12).list().ofSize(nodes.size() * RandomOrders.SKUS.size())
                .map(onHands ->
                {
                    final List<RandomOrders.CellSpec> cells = new java.util.ArrayList<>();
                    for (int i = 0; i < onHands.size(); i++)
                    {
                        cells.add(new RandomOrders.CellSpec(i % RandomOrders.SKUS.size(),
                            i / RandomOrders.SKUS.size(), onHands.get(i), 0));
                    }
                    return new NetworkSpec(nodes, cells, 10_000, 0);
                }));
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void soWhenStockFallsShortOften(@ForAll("stockedNetworks") final NetworkSpec network,
        @ForAll("shortStreams") final List<Op> ops)
    {
        final EngineDriver driver = runBoth(network, ops);
        lossesEverywhereAfterARestore(driver);
        // Well below what runs make (~300 and ~80-160 in 100 tries), so that no seed misses them.
        Statistics.label("stock command").coverage(coverage ->
        {
            coverage.check("one order sent back").count(count -> count >= 150);
            coverage.check("orders sent back").count(count -> count >= 40);
        });
    }

    /** The engine of {@link #runBoth}, left beside the one walking every order for the checks after the stream. */
    private EngineDriver everyOrder;

    /**
     * After the stream, the engine restored from its snapshot (each cell's chain rebuilt, oldest order first) and the
     * one walking every order lose units at every SKU's every node in turn: the same answers and state hashes.
     */
    private void lossesEverywhereAfterARestore(final EngineDriver driver)
    {
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.stateHash()).isEqualTo(everyOrder.stateHash());
        // The restored driver's clock is the last command's; the stream's may have moved on since.
        restored.advance(everyOrder.now() - restored.now());
        for (int round = 0; round < 2; round++)
        {
            for (final String sku : RandomOrders.SKUS)
            {
                for (int n = 0; n < 5; n++)
                {
                    final String node = OrderOpRunner.nodeId(n);
                    final var lost = restored.adjust(sku, node, -2, Codes.AdjustmentReason.DAMAGE);
                    assertThat(lost).as("%s at %s", sku, node)
                        .isEqualTo(everyOrder.adjust(sku, node, -2, Codes.AdjustmentReason.DAMAGE));
                    assertThat(restored.stateHash()).as("%s at %s", sku, node).isEqualTo(everyOrder.stateHash());
                }
            }
        }
        assertThat(restored.checkInvariants()).isNull();
    }

    private EngineDriver runBoth(final NetworkSpec network, final List<Op> ops)
    {
        final EngineDriver driver = new EngineDriver(RandomOrders.T0);
        everyOrder = new EngineDriver(RandomOrders.T0);
        everyOrder.engine().inventory().shortage().byCell = false;
        final OrderOpRunner runner = new OrderOpRunner(driver);
        final OrderOpRunner reference = new OrderOpRunner(everyOrder);
        runner.setUp(network, applied -> { });
        reference.setUp(network, applied -> { });
        for (final Op op : ops)
        {
            final int eventsBefore = driver.events().size();
            final Applied applied = runner.apply(op);
            final Applied walked = reference.apply(op);
            assertThat(applied.result()).as("%s", applied.step()).isEqualTo(walked.result());
            if (!applied.isCommand())
            {
                continue;
            }
            assertThat(driver.stateHash()).as("after %s", applied.step()).isEqualTo(everyOrder.stateHash());
            assertThat(driver.events()).as("after %s", applied.step()).isEqualTo(everyOrder.events());
            assertThat(driver.checkInvariants()).as("after %s", applied.step()).isNull();
            if (op instanceof RandomOrders.Adjust || op instanceof RandomOrders.SetStock)
            {
                final long sentBack = driver.events().subList(eventsBefore, driver.events().size()).stream()
                    .filter(e -> e.type() == EventType.ORDER_BACKORDERED).count();
                Statistics.label("stock command").collect(sentBack == 0 ? "nothing short" :
                    sentBack == 1 ? "one order sent back" : "orders sent back");
            }
        }
        return driver;
    }
}
