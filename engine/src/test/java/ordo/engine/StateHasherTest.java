package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;

/**
 * The state hash combines the orders' hashes in id order, their placement decisions hashed ahead a block of 1 024
 * orders at a time and four of one shape side by side ({@link StateHasher#withOrders}): the same value as the plain
 * loop over the orders, across several blocks and a part block, with decisions of mixed shapes (one to three lines; a
 * review found no test held more than one block's orders against a pinned hash), with fills and without.
 */
class StateHasherTest
{
    @Test
    void theOrdersHashedInBlocksAreTheOrdersHashedOneByOne()
    {
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100_000);
        stock(driver, "B", "wh-kl", 100_000);
        stock(driver, "BO", "wh-sg", 500);
        final String[][] shapes = {{"A:1"}, {"A:1", "B:1"}, {"A:1", "B:1", "BO:1"}, {"B:2"}, {"BO:3"}};
        for (int i = 0; i < 2 * 1_024 + 613; i++)
        {
            // Runs of one shape (hashed four at a time) broken at odd places (one at a time).
            driver.placeOrder(shapes[(i / 7 + i / 3) % shapes.length]);
        }
        driver.adjust("BO", "wh-kl", 400, Codes.AdjustmentReason.RECEIPT);
        final OrderBook orders = driver.engine().orders();
        assertThat(orders.lastId()).isEqualTo(2 * 1_024 + 613);
        long filled = 0;
        for (long id = 1; id <= orders.lastId(); id++)
        {
            filled += orders.get(id).fills == null ? 0 : 1;
        }
        assertThat(filled).as("orders the receipt filled").isPositive();

        for (final boolean withFills : new boolean[] {true, false})
        {
            long oneByOne = 17;
            for (long id = 1; id <= orders.lastId(); id++)
            {
                oneByOne = Hashing.combine(oneByOne, orders.get(id).hash(withFills, orders.decisions()));
            }
            assertThat(StateHasher.withOrders(17, orders, withFills)).as("with fills: %s", withFills)
                .isEqualTo(oneByOne);
        }
    }
}
