package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Query;

/**
 * An external id looked up with a pickup store no location has shows no order, as the same filter without the
 * external id does: the external id's hits were filtered by "the order's pickup store is the query's", and an
 * unknown store's is null, as a shipped order's is, so the shipped order was listed (found in review).
 */
class OrderListExternalIdPickupTest
{
    @Test
    void anUnknownPickupStoreShowsNoOrderOfTheExternalId()
    {
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100);
        final long shipped = driver.ordering().channel("web").externalId("mk-1").line("A", 1).submit().orderId();
        assertThat(shipped).isPositive();

        assertThat(driver.listOrders(new Query.Orders("", null, "", 0, 50, List.of(), "nowhere", "")).ids())
            .as("without the external id").isEmpty();
        for (final List<String> scope : List.of(List.<String>of(), List.of("web")))
        {
            assertThat(driver.listOrders(new Query.Orders("", null, "", 0, 50, scope, "nowhere", "mk-1")).ids())
                .as("scope %s", scope).isEmpty();
            assertThat(driver.listOrders(new Query.Orders("web", null, "", 0, 50, scope, "nowhere", "mk-1")).ids())
                .as("channel web, scope %s", scope).isEmpty();
        }
        assertThat(driver.listOrders(new Query.Orders("", null, "", 0, 50, List.of(), "", "mk-1")).ids())
            .containsExactly(shipped);
    }
}
