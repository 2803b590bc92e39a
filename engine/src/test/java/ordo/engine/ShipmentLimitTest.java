package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ordo.engine.Codes.SourcingReason;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/**
 * Golden cases of the shipment limit (rules version 14; docs/ORDERS.md, rule 4) on {@link SgNetwork}: from Bishan the
 * nodes that ship cost, cheapest first, store-orchard, wh-sg, wh-kl, wh-jkt (handling equal, distance apart).
 * A 291-unit order of one SKU had been split into 66 shipments (QA-216): a limit keeps a plan to the nodes that cover
 * the most units, and what they leave is shortfall like any other.
 */
class ShipmentLimitTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    /** BO (backorders allowed) at the four nodes that ship: 2 + 4 + 3 + 1 units, ten in all. */
    private void fourNodesOfBo()
    {
        stock(driver, "BO", "store-orchard", 2);
        stock(driver, "BO", "wh-sg", 4);
        stock(driver, "BO", "wh-kl", 3);
        stock(driver, "BO", "wh-jkt", 1);
    }

    @Test
    void withoutALimitTheOrderIsSplitAcrossEveryNodeItNeeds()
    {
        fourNodesOfBo();

        final Result placed = driver.placeOrder("BO:10");

        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.shipments()).isEqualTo(4);
        assertThat(sourcing.maxShipments()).isZero();
        assertThat(driver.order(placed.orderId()).maxShipments()).isZero();
    }

    @Test
    void theOrdersLimitKeepsThePlanToTheNodesCoveringMostAndBackordersTheRest()
    {
        fourNodesOfBo();

        final Result placed = driver.ordering().line("BO", 10).maxShipments(2).submit();

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Order order = driver.order(placed.orderId());
        assertThat(order.maxShipments()).isEqualTo(2);
        assertThat(order.status()).isEqualTo(Codes.OrderStatus.PARTIALLY_ALLOCATED);
        assertThat(order.allocatedAt("BO", "wh-sg")).isEqualTo(4);
        assertThat(order.allocatedAt("BO", "wh-kl")).isEqualTo(3);
        assertThat(order.line("BO").backordered()).isEqualTo(3);
        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.shipments()).isEqualTo(2);
        assertThat(sourcing.maxShipments()).isEqualTo(2);
        assertThat(sourcing.exact()).isTrue();
        assertThat(sourcing.withReason(SourcingReason.SELECTED)).containsExactlyInAnyOrder("wh-sg", "wh-kl");
        assertThat(sourcing.withReason(SourcingReason.SHIPMENT_LIMIT))
            .containsExactlyInAnyOrder("store-orchard", "wh-jkt");
        assertThat(sourcing.lines()).containsExactly(new OrderViews.SourcingLine("BO", 10, 0, 7, 3, 0));
    }

    /** Of the sets covering as many units, the fewest nodes, then the cheapest. */
    @Test
    void amongPlansCoveringAsMuchTheFewestThenTheCheapestWin()
    {
        stock(driver, "BO", "wh-jkt", 5);
        stock(driver, "BO", "wh-kl", 5);
        stock(driver, "BO", "store-orchard", 3);
        stock(driver, "BO", "wh-sg", 3);

        // Two nodes cover at most 10: jkt + kl (5 + 5), dearer than orchard + wh-sg (6) but covering more.
        final Result placed = driver.ordering().line("BO", 15).maxShipments(2).submit();

        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.withReason(SourcingReason.SELECTED)).containsExactlyInAnyOrder("wh-jkt", "wh-kl");
        assertThat(driver.order(placed.orderId()).line("BO").backordered()).isEqualTo(5);

        // One node covers 3 of 4 at most: Orchard and wh-sg both do; Orchard is the cheaper.
        final Result one = driver.ordering().customer("c-2").line("BO", 4).maxShipments(1).submit();
        final OrderViews.Sourcing alone = driver.sourcing(one.orderId());
        assertThat(alone.withReason(SourcingReason.SELECTED)).containsExactly("store-orchard");
        assertThat(alone.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SHIPMENT_LIMIT);
        assertThat(driver.order(one.orderId()).line("BO").backordered()).isEqualTo(1);
    }

    @Test
    void thePolicysLimitAppliesToOrdersWithoutOneAndTheSmallerOfTheTwoWins()
    {
        fourNodesOfBo();
        stock(driver, "BO", "store-orchard", 4);
        assertThat(driver.policy(withLimit(3)).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.policy().maxShipments()).isEqualTo(3);

        final Result byPolicy = driver.placeOrder("BO:1");
        assertThat(driver.order(byPolicy.orderId()).maxShipments()).isEqualTo(3);
        final Result smaller = driver.ordering().customer("c-2").line("BO", 1).maxShipments(1).submit();
        assertThat(driver.order(smaller.orderId()).maxShipments()).isEqualTo(1);
        final Result larger = driver.ordering().customer("c-3").line("BO", 10).maxShipments(5).submit();
        final OrderViews.Order order = driver.order(larger.orderId());
        assertThat(order.maxShipments()).isEqualTo(3);
        // 10 units left at four nodes (two of Orchard's four went to the first orders): Orchard 2, wh-sg 4, wh-kl 3,
        // wh-jkt 1; three give 9.
        assertThat(driver.sourcing(larger.orderId()).withReason(SourcingReason.SELECTED))
            .containsExactlyInAnyOrder("store-orchard", "wh-sg", "wh-kl");
        assertThat(order.line("BO").allocated()).isEqualTo(9);
        assertThat(order.line("BO").backordered()).isEqualTo(1);
    }

    @Test
    void aLineThatMayNotBeBackorderedIsRefusedNamingTheUnitsTheLimitLeftOut()
    {
        stock(driver, "A", "store-orchard", 2);
        stock(driver, "A", "wh-sg", 4);
        stock(driver, "A", "wh-kl", 3);
        stock(driver, "A", "wh-jkt", 1);
        final long hashBefore = driver.stateHash();

        final Result refused = driver.ordering().line("A", 10).maxShipments(2).submit();

        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.a()).as("available within two shipments").isEqualTo(7);
        assertThat(refused.b() >> 8).as("units the limit left out").isEqualTo(3);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.SHIPMENT_LIMIT.code());
        assertThat(driver.stateHash()).as("nothing changed").isEqualTo(hashBefore);

        final Result partial = driver.ordering().line("A", 10).maxShipments(2).allowPartial().submit();
        assertThat(partial.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(partial.orderId()).line("A").allocated()).isEqualTo(7);
        assertThat(driver.order(partial.orderId()).line("A").cancelled()).isEqualTo(3);
    }

    /**
     * Units that cannot wait come first: a line whose SKU allows no backorder is covered before more units of one that
     * may wait. The node with most units (wh-kl, 11) was chosen and the order refused, where wh-sg alone ships A and
     * BO waits (found in review and in QA).
     */
    @Test
    void aLineThatCannotWaitIsCoveredBeforeMoreUnitsThatCan()
    {
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "A", "wh-kl", 1);
        stock(driver, "BO", "wh-kl", 10);

        final Result placed = driver.ordering().line("A", 2).line("BO", 10).maxShipments(1).submit();

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Order order = driver.order(placed.orderId());
        assertThat(order.allocatedAt("A", "wh-sg")).isEqualTo(2);
        assertThat(order.line("BO").backordered()).isEqualTo(10);
        assertThat(driver.sourcing(placed.orderId()).candidate("wh-kl").reason())
            .isEqualTo(SourcingReason.SHIPMENT_LIMIT);
    }

    /**
     * A line short of units on the network too is refused with what the limited plan gives it: 6 units spread over
     * three nodes, 7 asked, one shipment — 2 available, 4 left out by the limit (it said 6, and refused 6 again).
     */
    @Test
    void aLineShortOnTheNetworkTooIsRefusedWithWhatTheLimitedPlanGives()
    {
        stock(driver, "A", "store-orchard", 2);
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "A", "wh-kl", 2);

        final Result refused = driver.ordering().line("A", 7).maxShipments(1).submit();

        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.a()).isEqualTo(2);
        assertThat(refused.b() >> 8).isEqualTo(4);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.SHIPMENT_LIMIT.code());
        final Result asked = driver.ordering().line("A", 2).maxShipments(1).submit();
        assertThat(asked.code()).as("the available figure is placeable").isEqualTo(ResultCode.OK);
    }

    /** The limit is named when it is why, however many units other nodes hold that the order may not use. */
    @Test
    void aRefusalTheLimitCausesNamesItBesideMoreUnitsTooFar()
    {
        stock(driver, "A", "wh-sg", 3);
        stock(driver, "A", "store-orchard", 3);
        stock(driver, "A", "wh-jkt", 10);

        final Result refused = driver.ordering().level(Codes.ServiceLevel.EXPRESS).line("A", 6).maxShipments(1)
            .submit();

        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.a()).isEqualTo(3);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.SHIPMENT_LIMIT.code());
        assertThat(driver.ordering().customer("c-2").level(Codes.ServiceLevel.EXPRESS).line("A", 6).submit().code())
            .as("without the limit").isEqualTo(ResultCode.OK);
    }

    /** A converted network hold's units are covered first: a plan within the limit that keeps them is found. */
    @Test
    void aPlanWithinTheLimitThatKeepsANetworkHoldsUnitsIsPreferred()
    {
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "BO", "wh-kl", 10);
        final Result hold = driver.reserve("web", "c-1", null, 600_000, "A:2");

        final Result placed = driver.ordering().line("A", 2).line("BO", 10).reservation(hold.reservationId())
            .maxShipments(1).submit();

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.sourcing(placed.orderId()).shipments()).isEqualTo(1);
        assertThat(driver.order(placed.orderId()).allocatedAt("A", "wh-sg")).isEqualTo(2);
        assertThat(driver.order(placed.orderId()).line("BO").backordered()).isEqualTo(10);
    }

    /**
     * A fill under a limit takes from a node the order already ships from before a new one, so its last shipment is
     * left for a line only a new node can serve (it took a cheaper new node, and the last line waited for good).
     */
    @Test
    void aFillPrefersANodeTheOrderShipsFromAndKeepsItsLastShipment()
    {
        assertThat(driver.defineSku("BO2", 0, true).code()).isEqualTo(ResultCode.OK);
        stock(driver, "C", "wh-sg", 1);
        stock(driver, "BO", "wh-sg", 5);
        stock(driver, "BO", "store-orchard", 5);
        final Result other = driver.ordering().customer("c-9").line("BO", 10).submit();
        final long id = driver.ordering().line("C", 1).line("BO", 5).line("BO2", 5).maxShipments(2).submit()
            .orderId();
        assertThat(driver.order(id).line("BO").backordered()).isEqualTo(5);

        assertThat(driver.cancelOrder(other.orderId()).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).allocatedAt("BO", "wh-sg")).as("where C ships from").isEqualTo(5);
        stock(driver, "BO2", "wh-kl", 5);

        assertThat(driver.order(id).line("BO2").backordered()).isZero();
        assertThat(driver.sourcing(id).shipments()).isLessThanOrEqualTo(2);
    }

    /**
     * A fill under a limit it does not reach is planned as without one: the fewest nodes, then the cheapest. Sent to
     * the limited search, a limit of four or five took the node with most units first (Jakarta) beside Orchard, where
     * Orchard and wh-sg cost less (found in review).
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 3, 4, 5})
    void aFillUnderALimitItDoesNotReachIsPlannedAsWithoutOne(final int limit)
    {
        stock(driver, "BO", "wh-jkt", 9);
        stock(driver, "BO", "store-orchard", 8);
        stock(driver, "BO", "wh-sg", 2);
        stock(driver, "BO", "wh-kl", 1);
        final Result other = driver.ordering().customer("c-9").line("BO", 20).submit();
        final long id = driver.ordering().line("BO", 10).maxShipments(limit).submit().orderId();
        assertThat(driver.order(id).line("BO").backordered()).isEqualTo(10);

        assertThat(driver.cancelOrder(other.orderId()).code()).isEqualTo(ResultCode.OK);

        final OrderViews.Order order = driver.order(id);
        assertThat(order.line("BO").backordered()).isZero();
        assertThat(order.allocatedAt("BO", "store-orchard")).as("limit %d", limit).isEqualTo(8);
        assertThat(order.allocatedAt("BO", "wh-sg")).as("limit %d", limit).isEqualTo(2);
        assertThat(order.allocatedAt("BO", "wh-jkt")).as("limit %d", limit).isZero();
    }

    /**
     * A fill under a limit that the order's own node covers explains the cheaper node it passed by as not needed, not as
     * losing on cost (QA-224).
     */
    @Test
    void aFillTheOrdersOwnNodeCoveredShowsTheOthersAsNotNeeded()
    {
        stock(driver, "C", "wh-kl", 1);
        stock(driver, "BO", "wh-kl", 2);
        stock(driver, "BO", "store-orchard", 2);
        final Result other = driver.ordering().customer("c-9").line("BO", 4).submit();
        final long id = driver.ordering().line("C", 1).line("BO", 2).maxShipments(2).submit().orderId();
        assertThat(driver.order(id).line("BO").backordered()).isEqualTo(2);

        assertThat(driver.cancelOrder(other.orderId()).code()).isEqualTo(ResultCode.OK);

        assertThat(driver.order(id).allocatedAt("BO", "wh-kl")).as("where C ships from").isEqualTo(2);
        final OrderViews.Fill fill = driver.sourcing(id).fills().get(0);
        assertThat(fill.withReason(SourcingReason.SELECTED)).containsExactly("wh-kl");
        assertThat(fill.withReason(SourcingReason.NOT_NEEDED)).containsExactly("store-orchard");
    }

    /** Across lines: one node giving some of each line beats nodes giving all of one line. */
    @Test
    void theNodeCoveringMostUnitsAcrossTheLinesIsKept()
    {
        stock(driver, "A", "wh-sg", 3);
        stock(driver, "B", "store-orchard", 3);
        stock(driver, "A", "wh-kl", 2);
        stock(driver, "B", "wh-kl", 2);

        final Result placed = driver.ordering().line("A", 3).line("B", 3).maxShipments(1).allowPartial().submit();

        final OrderViews.Order order = driver.order(placed.orderId());
        assertThat(order.allocatedAt("A", "wh-kl")).isEqualTo(2);
        assertThat(order.allocatedAt("B", "wh-kl")).isEqualTo(2);
        assertThat(order.line("A").cancelled()).isEqualTo(1);
        assertThat(driver.sourcing(placed.orderId()).withReason(SourcingReason.SHIPMENT_LIMIT))
            .containsExactlyInAnyOrder("wh-sg", "store-orchard");
    }

    /**
     * A fill keeps to the order's limit: a node it already ships from may give more, a new one only while the order
     * has shipments to spare.
     */
    @Test
    void aFillTakesFromANodeTheOrderShipsFromButANewNodeOnlyWithinTheLimit()
    {
        stock(driver, "BO", "wh-sg", 4);
        final Result placed = driver.ordering().line("BO", 10).maxShipments(2).submit();
        final long id = placed.orderId();
        assertThat(driver.order(id).line("BO").backordered()).isEqualTo(6);

        // A second node: within the limit.
        stock(driver, "BO", "wh-kl", 2);
        assertThat(driver.order(id).allocatedAt("BO", "wh-kl")).isEqualTo(2);
        assertThat(driver.order(id).line("BO").backordered()).isEqualTo(4);

        // A third: no shipment left for it.
        stock(driver, "BO", "store-orchard", 5);
        assertThat(driver.order(id).allocatedAt("BO", "store-orchard")).isZero();
        assertThat(driver.order(id).line("BO").backordered()).isEqualTo(4);
        final OrderViews.Waiting waiting = driver.sourcing(id).waiting().get(0);
        assertThat(waiting.aFillWouldGive()).isZero();

        // More at a node the order ships from: taken.
        assertThat(driver.adjust("BO", "wh-sg", 3, Codes.AdjustmentReason.RECEIPT).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).allocatedAt("BO", "wh-sg")).isEqualTo(7);
        assertThat(driver.order(id).line("BO").backordered()).isEqualTo(1);

        // Another order without a limit takes Orchard's units as usual.
        final Result other = driver.ordering().customer("c-2").line("BO", 5).submit();
        assertThat(driver.order(other.orderId()).allocatedAt("BO", "store-orchard")).isEqualTo(5);
    }

    /**
     * Cancelling what a node ships gives the order its shipment back. The cancellation answers the order as its fill
     * left it, and so does a retry with its key: it answered the line still backordered, though the same command had
     * filled it (QA-252; rules version 18).
     */
    @Test
    void cancellingANodesUnitsLetsAFillUseANewNode()
    {
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "BO", "wh-kl", 1);
        final Result placed = driver.ordering().line("A", 2).line("BO", 3).maxShipments(2).submit();
        final long id = placed.orderId();
        assertThat(driver.order(id).line("BO").backordered()).isEqualTo(2);
        stock(driver, "BO", "store-orchard", 5);
        assertThat(driver.order(id).allocatedAt("BO", "store-orchard")).as("a third node").isZero();

        final Result cancelled = driver.withIdempotency(51, 52).cancelOrder(id, "A:2");
        assertThat(cancelled.code()).isEqualTo(ResultCode.OK);
        // The cancellation's fill finds a shipment to spare.
        assertThat(driver.order(id).allocatedAt("BO", "store-orchard")).isEqualTo(2);
        assertThat(driver.order(id).line("BO").backordered()).isZero();
        assertThat(cancelled.order()).as("the answer is the order after the fill").isEqualTo(driver.order(id));
        assertThat(cancelled.order().allocatedAt("BO", "store-orchard")).isEqualTo(2);
        assertThat(cancelled.order().status()).isNotEqualTo(Codes.OrderStatus.PARTIALLY_ALLOCATED);
        final Result again = driver.withIdempotency(51, 52).cancelOrder(id, "A:2");
        assertThat(again.replayed()).isTrue();
        assertThat(again.order()).isEqualTo(cancelled.order());
    }

    /**
     * The units of a converted network hold were promised wherever they are: when the limit would leave the order
     * fewer of them, it yields.
     */
    @Test
    void aConvertedNetworkHoldsUnitsAreKeptBeyondTheLimit()
    {
        stock(driver, "A", "store-orchard", 2);
        stock(driver, "A", "wh-kl", 2);
        stock(driver, "A", "wh-sg", 2);
        final Result hold = driver.reserve("web", "c-1", null, 600_000, "A:6");
        assertThat(hold.code()).isEqualTo(ResultCode.OK);

        final Result placed = driver.ordering().line("A", 6).reservation(hold.reservationId()).maxShipments(1)
            .submit();

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(placed.orderId()).line("A").allocated()).isEqualTo(6);
        assertThat(driver.sourcing(placed.orderId()).shipments()).isEqualTo(3);
    }

    /** A node hold's node is a shipment of the plan: with a limit of two, one more node. */
    @Test
    void aConvertedNodeHoldsNodeCountsAsAShipment()
    {
        stock(driver, "BO", "wh-kl", 2);
        stock(driver, "BO", "store-orchard", 2);
        stock(driver, "BO", "wh-sg", 2);
        final Result hold = driver.reserve("web", "c-1", "wh-kl", 600_000, "BO:2");
        assertThat(hold.code()).isEqualTo(ResultCode.OK);

        final Result placed = driver.ordering().line("BO", 5).reservation(hold.reservationId()).maxShipments(2)
            .submit();

        final OrderViews.Order order = driver.order(placed.orderId());
        assertThat(order.allocatedAt("BO", "wh-kl")).isEqualTo(2);
        assertThat(order.allocatedAt("BO", "store-orchard")).isEqualTo(2);
        assertThat(order.line("BO").backordered()).isEqualTo(1);
        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.candidate("wh-kl").reason()).isEqualTo(SourcingReason.RESERVED_HERE);
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SHIPMENT_LIMIT);
    }

    /** A policy changed later does not change an order's limit: its fills keep the one it was placed under. */
    @Test
    void anOrderKeepsTheLimitItWasPlacedUnderAcrossAPolicyChangeAndARestore()
    {
        assertThat(driver.policy(withLimit(1)).code()).isEqualTo(ResultCode.OK);
        stock(driver, "BO", "wh-sg", 1);
        final Result placed = driver.placeOrder("BO:3");
        final long id = placed.orderId();
        assertThat(driver.policy(withLimit(0)).code()).isEqualTo(ResultCode.OK);

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(restored.order(id).maxShipments()).isEqualTo(1);
        assertThat(restored.policy().maxShipments()).isZero();
        stock(restored, "BO", "wh-kl", 5);
        assertThat(restored.order(id).allocatedAt("BO", "wh-kl")).isZero();
        assertThat(restored.order(id).line("BO").backordered()).isEqualTo(2);
        assertThat(restored.adjust("BO", "wh-sg", 2, Codes.AdjustmentReason.RECEIPT).code()).isEqualTo(ResultCode.OK);
        assertThat(restored.order(id).allocatedAt("BO", "wh-sg")).isEqualTo(3);
    }

    @Test
    void aPickupIsOneShipmentWhateverTheLimit()
    {
        stock(driver, "A", "store-orchard", 2);
        stock(driver, "A", "wh-sg", 5);

        final Result placed = driver.ordering().pickupAt("store-orchard").line("A", 2).maxShipments(1).submit();

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(placed.orderId()).allocatedAt("A", "store-orchard")).isEqualTo(2);
    }

    @Test
    void aPolicyLimitOutOfRangeIsRefused()
    {
        assertThat(new SourcingPolicy.Builder().maxShipments(SourcingPolicy.MAX_SHIPMENTS + 1).splitPenaltyMinor(0)
            .validate()).contains("maxShipments");
        assertThat(new SourcingPolicy.Builder().maxShipments(-1).validate()).contains("maxShipments");
    }

    private static SourcingPolicy withLimit(final int limit)
    {
        return SgNetwork.withShipmentLimit(limit);
    }
}
