package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;

/**
 * {@link Engine#preallocateOrders} makes room in the fraud screen's velocity windows: placing that many orders then
 * grows no window, and room made while a window already holds placements keeps them, oldest first, with their
 * counts. Room is capped, so a large preallocation cannot take gigabytes of heap for the windows.
 */
class FraudWindowPreallocationTest
{
    @Test
    void placingThePreallocatedNumberOfOrdersGrowsNoWindow()
    {
        final EngineDriver driver = new EngineDriver();
        driver.engine().preallocateOrders(600);
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10_000);
        final FraudScreen fraud = driver.engine().fraud();
        final int[] before = capacities(fraud);
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            assertThat(before[k]).as("kind %d", k).isGreaterThanOrEqualTo(600);
        }

        for (int i = 0; i < 600; i++)
        {
            assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        }

        assertThat(fraud.windowSize(0)).isEqualTo(600);
        assertThat(capacities(fraud)).isEqualTo(before);
    }

    @Test
    void roomMadeWhileAWindowHoldsPlacementsKeepsThemInOrderWithTheirCounts()
    {
        final EngineDriver plain = placing(300, 0);
        final EngineDriver grown = placing(300, 5_000);

        assertThat(windows(grown.engine().fraud())).isEqualTo(windows(plain.engine().fraud()));
        assertThat(grown.engine().fraud().hash()).isEqualTo(plain.engine().fraud().hash());
        assertThat(grown.stateHash()).isEqualTo(plain.stateHash());
        assertThat(grown.snapshot()).isEqualTo(plain.snapshot());
        // And the orders after it are screened alike: the counts came along.
        for (int i = 0; i < 50; i++)
        {
            assertThat(grown.placeOrder("A:1").order()).isEqualTo(plain.placeOrder("A:1").order());
        }
        assertThat(grown.events()).isEqualTo(plain.events());
        assertThat(grown.stateHash()).isEqualTo(plain.stateHash());
    }

    @Test
    void roomIsCappedPerWindow()
    {
        final FraudScreen fraud = new FraudScreen();
        fraud.preallocate(FraudScreen.MAX_PREALLOCATED_WINDOW * 4);
        for (final int capacity : capacities(fraud))
        {
            assertThat(capacity).isEqualTo(FraudScreen.MAX_PREALLOCATED_WINDOW);
        }
    }

    /** {@code count} orders, with room for {@code room} more made halfway (none when 0). */
    private static EngineDriver placing(final int count, final int room)
    {
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10_000);
        for (int i = 0; i < count; i++)
        {
            if (i == count / 2 && room > 0)
            {
                driver.engine().preallocateOrders(room);
            }
            driver.placeOrder("A:1");
            driver.advance(1_000);
        }
        return driver;
    }

    private static int[] capacities(final FraudScreen fraud)
    {
        final int[] capacities = new int[FraudRules.VELOCITY_KINDS];
        for (int k = 0; k < capacities.length; k++)
        {
            capacities[k] = fraud.windowCapacity(k);
        }
        return capacities;
    }

    private static List<List<Long>> windows(final FraudScreen fraud)
    {
        final List<List<Long>> all = new ArrayList<>();
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            final List<Long> window = new ArrayList<>();
            fraud.forEachInWindow(k, (time, key) ->
            {
                window.add(time);
                window.add(key);
            });
            all.add(window);
        }
        return all;
    }
}
