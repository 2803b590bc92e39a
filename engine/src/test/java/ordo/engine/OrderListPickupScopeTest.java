package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Query;

/**
 * A list filtered by a pickup store reads only orders the caller may see: a storefront's (a scope of channels) reads
 * its channels' orders, not every channel's pickups at the store, so more than a scan's worth of other channels'
 * pickups there neither cut its page short nor answer a cursor naming one of them; a caller without a scope (an
 * admin, or a store's counter at its own store) reads the store's pickups, not a customer's or a channel's orders
 * elsewhere, which a counter may not see (found in review).
 */
class OrderListPickupScopeTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100_000);
        stock(driver, "A", "store-orchard", 100_000);
    }

    @Test
    void aStorefrontsPickupPageIsNotCutShortByOtherChannelsPickupsAtTheStore()
    {
        for (int i = 0; i < OrderQueries.MAX_SCAN + 1; i++)
        {
            assertThat(driver.ordering().channel("app").line("A", 1).pickupAt("store-orchard").submit().code())
                .isEqualTo(ResultCode.OK);
        }
        final long web = driver.ordering().channel("web").line("A", 1).pickupAt("store-orchard").submit().orderId();

        final OrderViews.OrderList page = driver.listOrders(new Query.Orders("", null, "", 0, 50, List.of("web"),
            "store-orchard"));
        assertThat(page.ids()).as("the storefront's pickup there").containsExactly(web);
        assertThat(page.nextAfter()).as("the last page: no cursor naming another channel's order").isZero();
        assertThat(driver.listOrders(new Query.Orders("", null, "", 0, 50, List.of("market"), "store-orchard")).nextAfter())
            .as("a storefront with no pickup there: an empty last page").isZero();
    }

    @Test
    void aCounterLearnsNothingOfACustomersOrdersItMayNotSee()
    {
        for (int i = 0; i < OrderQueries.MAX_SCAN + 1; i++)
        {
            assertThat(driver.ordering().channel("app").customer("big").line("A", 1).submit().code())
                .isEqualTo(ResultCode.OK);
        }
        final long pickup = driver.ordering().channel("web").customer("big").line("A", 1).pickupAt("store-orchard")
            .submit().orderId();

        for (final String channel : new String[] {"", "app", "web"})
        {
            final OrderViews.OrderList page = driver.listOrders(new Query.Orders(channel, null, "big", 0, 50,
                List.of(), "store-orchard"));
            assertThat(page.nextAfter()).as("channel '%s': no cursor naming a shipped order", channel).isZero();
            assertThat(page.ids()).as(channel).containsExactlyElementsOf(channel.equals("app") ? List.of() :
                List.of(pickup));
        }
    }
}
