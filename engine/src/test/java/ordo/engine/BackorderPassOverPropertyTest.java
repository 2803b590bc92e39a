package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderOpRunner;
import ordo.engine.testing.OrderOpRunner.Applied;
import ordo.engine.testing.RandomOrders;
import ordo.engine.testing.RandomOrders.NetworkSpec;
import ordo.engine.testing.RandomOrders.Op;

/**
 * A backorder fill passes over a waiting line, without reading its order, only when a fill could give it nothing: after
 * every command of random streams (pickups, pooled channels redefined, nodes switched off and on, capacity, holds,
 * counts), every line the filler would pass over plans to no unit when planned as the fill would plan it. Passing
 * over a line that could take stock would leave it waiting while newer orders took that stock.
 */
class BackorderPassOverPropertyTest
{
    @Provide
    Arbitrary<NetworkSpec> networks()
    {
        return RandomOrders.networks();
    }

    @Provide
    Arbitrary<List<Op>> streams()
    {
        return RandomOrders.wideStreams(20, 150);
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void aLinePassedOverCouldTakeNothing(@ForAll("networks") final NetworkSpec network,
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
                check(driver, applied);
            }
        }
        Statistics.label("pass over").coverage(coverage ->
        {
            coverage.check("pickup passed over").count(count -> count >= 20);
            coverage.check("pooled passed over").count(count -> count >= 20);
            coverage.check("read").count(count -> count >= 100);
        });
    }

    private static void check(final EngineDriver driver, final Applied applied)
    {
        final Engine engine = driver.engine();
        final Catalog catalog = engine.catalog();
        final BackorderFiller filler = engine.filler();
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            final Sku sku = catalog.sku(s);
            final BackorderQueue queue = engine.orders().backordersOf(sku);
            for (int q = 0; queue != null && q < queue.size(); q++)
            {
                if (!filler.passesOver(sku, q))
                {
                    Statistics.label("pass over").collect("read");
                    continue;
                }
                final Order order = engine.orders().get(OrderBook.orderOf(queue.entry(q)));
                final int line = OrderBook.lineOf(queue.entry(q));
                Statistics.label("pass over").collect(queue.pickup(q) != BackorderQueue.SHIPPED ?
                    "pickup passed over" : "pooled passed over");
                assertThat(filler.unitsAFillWouldGive(order, line, driver.now()))
                    .as("after %s: order %d line %d, passed over, could take units", applied.step(), order.id, line)
                    .isZero();
            }
        }
    }
}
