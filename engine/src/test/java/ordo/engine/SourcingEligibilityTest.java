package ordo.engine;

import static ordo.engine.SgNetwork.HANDLING;
import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.NEXT_UTC_MIDNIGHT;
import static ordo.engine.SgNetwork.POLICY;
import static ordo.engine.SgNetwork.assertPriced;
import static ordo.engine.SgNetwork.metresToBishan;
import static ordo.engine.SgNetwork.node;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.ServiceLevel;
import ordo.engine.Codes.SourcingReason;
import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/**
 * Which nodes may give an order units, on {@link SgNetwork}: daily capacity, service-level radius and transit table,
 * safety stock, channel pools, holds against the network, and the pickup store.
 */
class SourcingEligibilityTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    @Test
    void aNodeAtItsDailyCapacityIsPassedOverUntilTheNextUtcDay()
    {
        node(driver, "wh-sg", 1, HANDLING);
        stock(driver, "A", "wh-sg", 5);
        stock(driver, "A", "wh-kl", 5);

        final OrderViews.Sourcing first = driver.sourcing(driver.placeOrder("A:1").orderId());
        assertThat(first.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(first.candidate("wh-sg").capacityLeft()).as("before this order").isEqualTo(1);

        driver.at(NEXT_UTC_MIDNIGHT - 1);
        final OrderViews.Sourcing second = driver.sourcing(driver.placeOrder("A:1").orderId());
        assertThat(second.candidate("wh-sg").reason()).isEqualTo(SourcingReason.CAPACITY_REACHED);
        assertThat(second.candidate("wh-sg").capacityLeft()).isZero();
        assertThat(second.candidate("wh-kl").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(second.candidate("wh-kl").capacityLeft()).isEqualTo(-1);

        driver.at(NEXT_UTC_MIDNIGHT);
        final OrderViews.Sourcing nextDay = driver.sourcing(driver.placeOrder("A:1").orderId());
        assertThat(nextDay.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(nextDay.candidate("wh-sg").capacityLeft()).isEqualTo(1);
    }

    @Test
    void sameDayShipsOnlyFromWithinItsRadius()
    {
        stock(driver, "A", "wh-sg", 5);
        stock(driver, "A", "wh-kl", 5);
        stock(driver, "A", "store-orchard", 1);
        assertThat(metresToBishan("wh-sg")).as("the case: Jurong is beyond the 11 km radius")
            .isGreaterThan(POLICY.radiusMetres(ServiceLevel.SAME_DAY));

        final Result sameDay = driver.ordering().level(ServiceLevel.SAME_DAY).line("A", 1).submit();

        final OrderViews.Sourcing sourcing = driver.sourcing(sameDay.orderId());
        assertThat(sourcing.candidate("store-orchard").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL);
        assertThat(sourcing.candidate("wh-kl").reason()).isEqualTo(SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL);
        assertPriced(sourcing, "store-orchard", HANDLING);
        assertThat(driver.order(sameDay.orderId()).promisedDeliveryBy())
            .isEqualTo(sameDay.timeMillis() + 360 * MINUTE);

        final long hash = driver.stateHash();
        assertThat(driver.ordering().level(ServiceLevel.SAME_DAY).line("A", 1).submit().code())
            .as("the only node in range is empty").isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.sourcing(driver.placeOrder("A:1").orderId()).withReason(SourcingReason.SELECTED))
            .as("a standard order may come from Jurong").containsExactly("wh-sg");
    }

    @Test
    void aNodeBeyondTheLastTransitBandMayNotShipAtThatLevel()
    {
        stock(driver, "A", "wh-jkt", 5);
        stock(driver, "A", "wh-kl", 5);
        node(driver, "wh-kl", 0, 5_000);

        final Result express = driver.ordering().level(ServiceLevel.EXPRESS).line("A", 1).submit();

        final OrderViews.Sourcing sourcing = driver.sourcing(express.orderId());
        assertThat(sourcing.candidate("wh-jkt").reason()).isEqualTo(SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL);
        assertThat(sourcing.candidate("wh-kl").reason()).isEqualTo(SourcingReason.SELECTED);
        assertPriced(sourcing, "wh-kl", 5_000);
        assertThat(driver.order(express.orderId()).promisedDeliveryBy()).isEqualTo(express.timeMillis() + 1440 * MINUTE);
    }

    @Test
    void safetyStockIsNeverSold()
    {
        driver.setInventory("A", "wh-sg", 5, 4);
        driver.setInventory("A", "store-orchard", 2, 2);
        stock(driver, "A", "wh-kl", 3);

        final OrderViews.Sourcing sourcing = driver.sourcing(driver.placeOrder("A:2").orderId());

        assertThat(sourcing.candidate("wh-kl").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.PARTIAL_STOCK);
        assertThat(sourcing.candidate("wh-sg").atp()).containsExactly(1L);
        assertThat(sourcing.candidate("store-orchard").reason()).isEqualTo(SourcingReason.OUT_OF_STOCK);
        assertThat(sourcing.candidate("store-orchard").atp()).containsExactly(0L);
        assertThat(driver.inventory("A").at("wh-sg").allocated()).isZero();
    }

    @Test
    void aChannelPoolRingFencesItsShareAndAShareRoundingToZeroIsExhausted()
    {
        stock(driver, "A", "wh-sg", 1);
        stock(driver, "A", "wh-kl", 3);
        stock(driver, "A", "wh-jkt", 1);

        final Result market = driver.ordering().channel("market").line("A", 1).submit();

        final OrderViews.Sourcing sourcing = driver.sourcing(market.orderId());
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.POOL_EXHAUSTED);
        assertThat(sourcing.candidate("wh-sg").atp()).as("floor(1 × 50 %)").containsExactly(0L);
        assertThat(sourcing.candidate("wh-jkt").reason()).isEqualTo(SourcingReason.POOL_EXHAUSTED);
        assertThat(sourcing.candidate("wh-kl").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(sourcing.candidate("wh-kl").atp()).as("floor(3 × 50 %)").containsExactly(1L);

        final long hash = driver.stateHash();
        assertThat(driver.ordering().channel("market").line("A", 2).submit().code())
            .as("the pool leaves market 1 of Kuala Lumpur's 2 and nothing elsewhere")
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.stateHash()).isEqualTo(hash);

        final OrderViews.Sourcing web = driver.sourcing(driver.placeOrder("A:2").orderId());
        assertThat(web.candidate("wh-kl").reason()).as("web has no pool: all of it").isEqualTo(SourcingReason.SELECTED);
        assertThat(web.candidate("wh-kl").atp()).containsExactly(2L);
    }

    /**
     * A node whose units all back holds placed against the network gives an order none: it is shown out of stock (of
     * units the order may take), not as losing on cost beside a plan of no shipments (found in review).
     */
    @Test
    void aNodeWhoseUnitsBackNetworkHoldsIsShownOutOfStockNotDearer()
    {
        stock(driver, "BO", "wh-sg", 5);
        assertThat(driver.reserve("web", "c-9", null, 10 * SgNetwork.MINUTE, "BO:5").code()).isEqualTo(ResultCode.OK);

        final Result placed = driver.placeOrder("BO:1");

        assertThat(placed.order().status()).isEqualTo(Codes.OrderStatus.BACKORDERED);
        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.OUT_OF_STOCK);
    }

    @Test
    void aPoolForOneSkuBeatsTheChannelWidePool()
    {
        driver.defineChannel("social", Codes.ChannelKind.SOCIAL, new Cmd.Pool("", 5_000), new Cmd.Pool("A", 10_000));
        stock(driver, "A", "wh-sg", 1);
        stock(driver, "B", "wh-sg", 1);

        assertThat(driver.ordering().channel("social").line("A", 1).submit().code()).isEqualTo(ResultCode.OK);

        final long hash = driver.stateHash();
        assertThat(driver.ordering().channel("social").line("B", 1).submit().code())
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.stateHash()).isEqualTo(hash);
    }

    @Test
    void holdsPlacedAgainstTheNetworkStayBacked()
    {
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "A", "wh-kl", 2);
        assertThat(driver.reserve("web", "c-9", null, 10 * MINUTE, "A:3").code()).isEqualTo(ResultCode.OK);
        final long hash = driver.stateHash();

        assertThat(driver.placeOrder("A:2").code()).as("each node has 2, but the network only 1 to promise")
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.inventory("A").atp()).isZero();
    }

    @Test
    void aPickupOrderIsFulfilledByItsStoreOnly()
    {
        stock(driver, "A", "store-orchard", 2);
        stock(driver, "A", "store-tampines", 5);
        stock(driver, "A", "wh-sg", 5);
        stock(driver, "A", "wh-kl", 5);

        final Result pickup = driver.ordering().pickupAt("store-orchard").line("A", 2).submit();

        assertThat(pickup.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Sourcing sourcing = driver.sourcing(pickup.orderId());
        assertThat(sourcing.deliveryMethod()).isEqualTo(Codes.DeliveryMethod.PICKUP);
        assertThat(sourcing.candidate("store-orchard").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(sourcing.candidate("store-orchard").allocatedUnits()).isEqualTo(2);
        assertThat(sourcing.candidate("store-tampines").reason()).isEqualTo(SourcingReason.NOT_PICKUP_STORE);
        assertThat(sourcing.candidate("wh-kl").reason()).as("can offer pickup, but it is not the chosen store")
            .isEqualTo(SourcingReason.NOT_PICKUP_STORE);
        assertThat(sourcing.candidate("wh-sg").reason()).as("no PICKUP capability: ruled out first")
            .isEqualTo(SourcingReason.NOT_CAPABLE);
        final OrderViews.Order order = driver.order(pickup.orderId());
        assertThat(order.pickupLocation()).isEqualTo("store-orchard");
        assertThat(order.promisedDeliveryBy()).isEqualTo(pickup.timeMillis() + POLICY.pickupReadyMinutes() * MINUTE);

        assertThat(driver.ordering().pickupAt("store-orchard").line("A", 1).submit().code())
            .as("the store is empty now; the others may not step in").isEqualTo(ResultCode.INSUFFICIENT_STOCK);
    }
}
