package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Views;

/**
 * A backorder fill passes over the lines no stock can reach without reading their orders (a pickup line while its
 * store has no ATP, a pooled channel's line while its pool leaves it nothing anywhere), and takes them the moment one
 * unit can: oldest first still holds among the lines that can take stock. The queue's totals are the inventory view's
 * backordered figures. {@link BackorderPassOverPropertyTest} checks over random streams that a line passed over could
 * take nothing.
 */
class BackorderPassOverTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    @Test
    void aPickupLineWaitsForItsStoreAndTakesItsFirstUnit()
    {
        stock(driver, "BO", "store-orchard", 0);
        stock(driver, "BO", "wh-sg", 0);
        final long firstPickup = pickup("c-1", 1);
        final long shipped = driver.ordering().customer("c-2").line("BO", 1).submit().orderId();
        final long secondPickup = pickup("c-3", 1);

        driver.adjust("BO", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(shipped).allocatedAt("BO", "wh-sg")).as("the pickups ahead cannot use wh-sg")
            .isEqualTo(1);
        assertThat(driver.engine().filler().passesOver(bo(), 0, driver.now())).as("the store has nothing").isTrue();

        driver.adjust("BO", "store-orchard", 1, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(firstPickup).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.order(secondPickup).status()).isEqualTo(OrderStatus.BACKORDERED);
        final Views.Inventory inventory = driver.inventory("BO");
        assertThat(inventory.backordered()).isEqualTo(1);
        assertThat(inventory.at("store-orchard").backordered()).isEqualTo(1);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aPooledChannelsLineWaitsForItsPoolAndTakesItsFirstUnit()
    {
        stock(driver, "BO", "wh-sg", 2);
        final long market = driver.ordering().channel("market").customer("m-1").line("BO", 2).submit().orderId();
        final long web = driver.ordering().channel("web").customer("w-1").line("BO", 2).submit().orderId();
        assertThat(driver.order(market).allocatedAt("BO", "wh-sg")).as("half of 2").isEqualTo(1);
        assertThat(driver.order(web).allocatedAt("BO", "wh-sg")).isEqualTo(1);

        driver.adjust("BO", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(web).status()).as("market's half of 3 is still 1, which it has")
            .isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.order(market).line("BO").backordered()).isEqualTo(1);
        assertThat(driver.engine().filler().passesOver(bo(), 0, driver.now())).isTrue();

        driver.adjust("BO", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(market).status()).as("half of 4").isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.inventory("BO").backordered()).isZero();
        assertThat(driver.checkInvariants()).isNull();
    }

    /**
     * A new day marks every queue and fills across SKUs: each SKU's lines look up their store's cell of that SKU, not
     * the last one looked up for another (review: a memo keyed by the store alone passed the second order over).
     */
    @Test
    void aNewDayFillsEachSkusPickupsFromThatSkusStock()
    {
        SgNetwork.node(driver, "store-tampines", 1, SgNetwork.HANDLING);
        driver.defineSku("X", 0, true);
        driver.defineSku("Y", 0, true);
        stock(driver, "X", "wh-sg", 5);
        stock(driver, "Y", "store-tampines", 5);
        final long first = driver.ordering().customer("c-1").pickupAt("store-tampines").line("Y", 1).submit()
            .orderId();
        assertThat(driver.order(first).status()).as("the store's day").isEqualTo(OrderStatus.READY_TO_RELEASE);
        final long waitsForX = driver.ordering().customer("c-2").pickupAt("store-tampines").line("X", 1).submit()
            .orderId();
        final long waitsForTheDay = driver.ordering().customer("c-3").pickupAt("store-tampines").line("Y", 1)
            .submit().orderId();
        assertThat(driver.order(waitsForTheDay).status()).isEqualTo(OrderStatus.BACKORDERED);

        driver.at(SgNetwork.NEXT_UTC_MIDNIGHT + 1).tick();

        assertThat(driver.order(waitsForX).status()).as("no X at the store").isEqualTo(OrderStatus.BACKORDERED);
        assertThat(driver.order(waitsForTheDay).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.checkInvariants()).isNull();
    }

    /**
     * A node whose day is full still gives stock to an order that holds that day (capacity counts orders): with the
     * network full, a fill reads only the holders' lines, found by asking the one waiting line of the holders (one
     * line waits) or by looking the holders up in the queue (more lines wait than the day holds orders).
     */
    @ParameterizedTest(name = "{0} waiting besides")
    @ValueSource(ints = {0, 2})
    void anOrderHoldingAFullNodesDayTakesWhatArrivesThere(final int others)
    {
        SgNetwork.node(driver, "wh-sg", 1, SgNetwork.HANDLING);
        stock(driver, "BO", "wh-sg", 1);
        final long holder = driver.ordering().customer("c-1").line("BO", 3).submit().orderId();
        assertThat(driver.order(holder).allocatedAt("BO", "wh-sg")).isEqualTo(1);
        final long[] waiting = new long[others];
        for (int i = 0; i < others; i++)
        {
            waiting[i] = driver.ordering().customer("w-" + i).line("BO", 1).submit().orderId();
        }

        driver.adjust("BO", "wh-sg", 5, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(holder).allocatedAt("BO", "wh-sg")).as("it holds the day").isEqualTo(3);
        for (final long id : waiting)
        {
            assertThat(driver.order(id).status()).as("the day is full").isEqualTo(OrderStatus.BACKORDERED);
        }
        assertThat(driver.checkInvariants()).isNull();
    }

    /** Cancelling a waiting line drops its entry alone, and the totals follow every change to a line's units. */
    @Test
    void theTotalsFollowFillsCancellationsAndShortages()
    {
        stock(driver, "BO", "store-tampines", 0);
        stock(driver, "BO", "wh-sg", 3);
        final long placed = driver.ordering().customer("c-1").line("BO", 5).submit().orderId();
        final long waiting = driver.ordering().customer("c-2").pickupAt("store-tampines").line("BO", 2).submit()
            .orderId();
        assertThat(driver.inventory("BO").backordered()).isEqualTo(4);

        driver.setInventory("BO", "wh-sg", 1, 0);
        assertThat(driver.order(placed).line("BO").backordered()).as("a count sent 2 back").isEqualTo(4);
        assertThat(driver.inventory("BO").backordered()).isEqualTo(6);

        driver.cancelOrder(waiting, "BO:1");
        Views.Inventory inventory = driver.inventory("BO");
        assertThat(inventory.backordered()).isEqualTo(5);
        assertThat(inventory.at("store-tampines").backordered()).isEqualTo(1);

        driver.adjust("BO", "store-tampines", 1, Codes.AdjustmentReason.RECEIPT);
        inventory = driver.inventory("BO");
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(inventory.backordered()).as("the older order cannot ship from Tampines").isEqualTo(4);
        assertThat(inventory.at("store-tampines").backordered()).isZero();
        assertThat(driver.checkInvariants()).isNull();

        driver.cancelOrder(placed);
        assertThat(driver.inventory("BO").backordered()).isZero();
        assertThat(driver.engine().orders().backordersOf(bo())
            .isEmpty()).isTrue();
        assertThat(driver.checkInvariants()).isNull();
    }

    private Sku bo()
    {
        final byte[] id = "BO".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return driver.engine().catalog().sku(new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(id), 0,
            id.length));
    }

    private long pickup(final String customer, final int units)
    {
        final long id = driver.ordering().customer(customer).pickupAt("store-orchard").line("BO", units).submit()
            .orderId();
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.BACKORDERED);
        return id;
    }
}
