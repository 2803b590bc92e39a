package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Query;
import ordo.engine.testing.Result;

/**
 * What a review of the order engine found, each pinned by a test: a list cursor that overflowed and stopped the
 * engine, a converted node hold that took stock backing network holds, a 1-unit hold that lifted a channel's pool,
 * and daily capacity that a later day's backorder fill ignored or never retried.
 */
class OrderReviewFindingsTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    /**
     * GET /v1/orders?after=<ord_ of Long.MAX_VALUE>: after + MAX_SCAN overflowed and the scan read a null order. Such
     * a cursor names no order, so it is refused now (OrderListCursorTest).
     */
    @Test
    void aListCursorBeyondTheLastOrderIsRefusedAndNeverThrows()
    {
        stock(driver, "A", "wh-sg", 5);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        final long after = Ids.parseOrderId(Ids.formatOrderId(Long.MAX_VALUE));
        assertThat(after).isEqualTo(Long.MAX_VALUE);
        assertThat(driver.query(new Query.Orders(null, null, null, after, 10, List.of())).code()).as("admin list")
            .isEqualTo(ResultCode.UNKNOWN_CURSOR);
        assertThat(driver.query(new Query.Orders(null, null, null, after, 10, List.of("web"))).code())
            .as("storefront list").isEqualTo(ResultCode.UNKNOWN_CURSOR);
    }

    /** A 1-unit network hold lifts the channel's pool for the whole line. */
    @Test
    void aOneUnitHoldDoesNotLiftTheChannelsPool()
    {
        stock(driver, "A", "wh-sg", 10);
        // market has a 50 % pool: 5 of the 10 units.
        assertThat(driver.ordering().channel("market").line("A", 6).submit().code())
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        final long hold = driver.reserve("market", "c-1", null, 10 * MINUTE, "A:1").reservationId();
        final Result placed = driver.ordering().channel("market").reservation(hold).line("A", 10).submit();
        assertThat(placed.code()).as("a 1-unit hold does not open the other 50 %").isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        // The pooled 5, of which the held unit is one (rules version 3: the hold counts against the share, as it did
        // when it was taken; before, the share and the unit made 6).
        assertThat(driver.ordering().channel("market").reservation(hold).line("A", 6).submit().code())
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.ordering().channel("market").reservation(hold).line("A", 5).submit().code())
            .isEqualTo(ResultCode.OK);
    }

    /**
     * A node hold that cannot be shipped from (store without SHIP, or not the pickup store) is treated as a network
     * hold: its units are added to the network cap although they are not in networkReserved. With the node
     * inactive, releasing them adds nothing to network supply, so the order eats units that back other network holds.
     */
    @Test
    void aNodeHoldThatCannotServeTheOrderNeverTakesStockBackingNetworkHolds()
    {
        stock(driver, "A", "wh-sg", 5);
        stock(driver, "A", "store-tampines", 2);
        final long nodeHold = driver.reserve("web", "c-1", "store-tampines", 60 * MINUTE, "A:2").reservationId();
        final long networkHold = driver.reserve("web", "c-2", null, 60 * MINUTE, "A:5").reservationId();
        assertThat(driver.inventory("A").atp()).isZero();
        // The store closes (tampines is PICKUP-only: it could not ship anyway).
        final SgNetwork.Node t = SgNetwork.STORE_TAMPINES;
        assertThat(driver.defineLocation(t.id(), t.type(), t.latMicro(), t.lonMicro(), t.capabilities(), false, 0,
            SgNetwork.HANDLING).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.inventory("A").atp()).as("c-2's 5 units are still backed by wh-sg").isZero();

        final Result c1 = driver.ordering().customer("c-1").reservation(nodeHold).line("A", 2).submit();
        assertThat(c1.code()).as("the store's units cannot ship, and the rest back c-2").isEqualTo(ResultCode.INSUFFICIENT_STOCK);

        final Result c2 = driver.ordering().customer("c-2").reservation(networkHold).line("A", 5).submit();
        assertThat(c2.code()).as("c-2 holds 5 units against the network and must get them").isEqualTo(ResultCode.OK);
    }

    /** An order holding capacity at a node from an earlier day gets a backorder filled there today for free. */
    @Test
    void aBackorderFilledOnALaterDayCountsAgainstThatDaysCapacity()
    {
        SgNetwork.node(driver, "wh-sg", 1, SgNetwork.HANDLING);
        for (final String other : new String[] {"wh-kl", "wh-jkt", "store-orchard", "store-tampines"})
        {
            final SgNetwork.Node n = SgNetwork.NODES.get(other);
            driver.defineLocation(n.id(), n.type(), n.latMicro(), n.lonMicro(), n.capabilities(), false, 0, 300);
        }
        stock(driver, "A", "wh-sg", 5);
        final Result o1 = driver.ordering().customer("c-1").line("A", 1).line("BO", 1).submit();
        assertThat(o1.code()).isEqualTo(ResultCode.OK);
        driver.at(SgNetwork.NEXT_UTC_MIDNIGHT + MINUTE);
        final Result o2 = driver.ordering().customer("c-2").line("A", 1).submit();
        assertThat(o2.code()).as("takes wh-sg's one order of the new day").isEqualTo(ResultCode.OK);
        assertThat(driver.ordering().customer("c-3").line("A", 1).submit().code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);

        stock(driver, "BO", "wh-sg", 1); // receipt on the new day
        assertThat(driver.order(o1.orderId()).allocatedAt("BO", "wh-sg"))
            .as("wh-sg has no capacity left today, yet a second order gets new work there").isZero();
    }

    /** A backorder blocked only by capacity is never retried when capacity frees up: a newer order overtakes it. */
    @Test
    void aBackorderWaitingOnlyForCapacityGoesFirstTheNextDay()
    {
        SgNetwork.node(driver, "wh-sg", 1, SgNetwork.HANDLING);
        for (final String other : new String[] {"wh-kl", "wh-jkt", "store-orchard", "store-tampines"})
        {
            final SgNetwork.Node n = SgNetwork.NODES.get(other);
            driver.defineLocation(n.id(), n.type(), n.latMicro(), n.lonMicro(), n.capabilities(), false, 0, 300);
        }
        stock(driver, "A", "wh-sg", 5);
        stock(driver, "BO", "wh-sg", 5);
        assertThat(driver.ordering().customer("c-1").line("A", 1).submit().code()).isEqualTo(ResultCode.OK);
        final Result o2 = driver.ordering().customer("c-2").line("BO", 1).submit();
        assertThat(o2.order().status()).as("stock is there, capacity is not").isEqualTo(Codes.OrderStatus.BACKORDERED);
        driver.at(SgNetwork.NEXT_UTC_MIDNIGHT + MINUTE);
        final Result o3 = driver.ordering().customer("c-3").line("BO", 1).submit();
        assertThat(driver.order(o2.orderId()).status()).as("the older backorder should be served first")
            .isNotEqualTo(Codes.OrderStatus.BACKORDERED);
        assertThat(o3.order().status()).as("the newer order waits behind it for the next capacity")
            .isEqualTo(Codes.OrderStatus.BACKORDERED);
    }

    /**
     * An order within every bound can be paid its exact total: the payment was bounded by one line's largest total,
     * so an order of two such lines was refused INVALID_FIELD when paid in full and held AMOUNT_MISMATCH for ever when
     * paid less (found in review; rules version 6). One more than the largest total is still refused.
     */
    @Test
    void anOrderWithinEveryBoundCanBePaidItsTotal()
    {
        stock(driver, "A", "wh-sg", 1_000_000);
        stock(driver, "B", "wh-sg", 1_000_000);
        final long price = OrderCommands.MAX_PRICE_MINOR;
        final long total = 2 * 1_000_000L * price;

        final Result placed = driver.ordering().line("A", 1_000_000, price, "EUR").line("B", 1_000_000, price, "EUR")
            .payment(total, "EUR").submit();

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        assertThat(placed.order().payment().problem()).isEmpty();
        final long largest = price * OrderCommands.MAX_QTY_PER_LINE * CommandCodec.MAX_LINES;
        assertThat(driver.ordering().customer("c-2").line("A", 1).payment(largest + 1, "EUR").submit().code())
            .isEqualTo(ResultCode.INVALID_FIELD);
    }
}
