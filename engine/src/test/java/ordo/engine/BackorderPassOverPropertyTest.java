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
 * A backorder fill passes over waiting lines without reading their orders only where a fill could give them nothing
 * (their store or pool has nothing; or no node that may ship has stock and room in its day, and their order holds
 * none of those days), so it decides what a fill that plans every waiting line decides. Random streams (pickups,
 * pooled channels redefined, nodes switched off and on or given a daily capacity, holds, counts, cancellations, days
 * turning) run on two engines, one planning every line: after every command their answers and state hashes are
 * equal. And fills are exhaustive: after every command no waiting line could take a unit, which is what lets a
 * command that frees nothing leave the queues unmarked.
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
    void passingOverDecidesWhatPlanningEveryLineDecides(@ForAll("networks") final NetworkSpec network,
        @ForAll("streams") final List<Op> ops)
    {
        final EngineDriver driver = new EngineDriver(RandomOrders.T0);
        final EngineDriver everyLine = new EngineDriver(RandomOrders.T0);
        everyLine.engine().filler().passOver().enabled = false;
        final OrderOpRunner runner = new OrderOpRunner(driver);
        final OrderOpRunner reference = new OrderOpRunner(everyLine);
        runner.setUp(network, applied -> { });
        reference.setUp(network, applied -> { });
        for (final Op op : ops)
        {
            final Applied applied = runner.apply(op);
            final Applied planned = reference.apply(op);
            assertThat(applied.result()).as("%s", applied.step()).isEqualTo(planned.result());
            if (applied.isCommand())
            {
                assertThat(driver.stateHash()).as("after %s", applied.step()).isEqualTo(everyLine.stateHash());
                // The derived state the pass-over reads (queues, totals, a node's holders of its day) after each
                // command: holders kept only while a node had a capacity passed the end-of-stream check (review).
                assertThat(driver.checkInvariants()).as("after %s", applied.step()).isNull();
                countPassedOver(driver);
                noWaitingLineCouldTakeAUnit(driver, applied);
            }
        }
        assertThat(driver.checkInvariants()).isNull();
        Statistics.label("pass over").coverage(coverage ->
        {
            coverage.check("pickup").count(count -> count >= 20);
            coverage.check("pooled").count(count -> count >= 20);
            coverage.check("shipped, no node with room").count(count -> count >= 20);
            coverage.check("read").count(count -> count >= 100);
        });
    }

    /** Counts, for the statistics, the waiting lines a fill now would pass over, by why. */
    private static void countPassedOver(final EngineDriver driver)
    {
        final Engine engine = driver.engine();
        final Catalog catalog = engine.catalog();
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            final Sku sku = catalog.sku(s);
            final BackorderQueue queue = engine.orders().backordersOf(sku);
            for (int q = 0; queue != null && q < queue.size(); q++)
            {
                final Channel channel = catalog.definedChannel(queue.channelHash(q));
                final boolean pooled = channel != null && channel.shareBps(sku) != Channel.FULL_SHARE_BPS;
                Statistics.label("pass over").collect(!engine.filler().passesOver(sku, q, driver.now()) ? "read" :
                    queue.pickup(q) != BackorderQueue.SHIPPED ? "pickup" : pooled ? "pooled" :
                    "shipped, no node with room");
            }
        }
    }

    /** Fills are exhaustive: no waiting line of any SKU could be given a unit now (also {@code ShipmentLimitPropertyTest}). */
    static void noWaitingLineCouldTakeAUnit(final EngineDriver driver, final Applied applied)
    {
        final Engine engine = driver.engine();
        final Catalog catalog = engine.catalog();
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            final BackorderQueue queue = engine.orders().backordersOf(catalog.sku(s));
            for (int q = 0; queue != null && q < queue.size(); q++)
            {
                final Order order = engine.orders().get(OrderBook.orderOf(queue.entry(q)));
                final int line = OrderBook.lineOf(queue.entry(q));
                assertThat(engine.filler().unitsAFillWouldGive(order, line, driver.now()))
                    .as("after %s: order %d line %d waits but could take units", applied.step(), order.id, line)
                    .isZero();
            }
        }
    }
}
