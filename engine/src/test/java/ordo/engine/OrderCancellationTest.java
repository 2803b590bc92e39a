package ordo.engine;

import static ordo.engine.SgNetwork.HANDLING;
import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.node;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderEventType;
import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.SourcingReason;
import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/** Cancelling before release: whole or partial, stock and capacity back at once, waiting backorders filled. */
class OrderCancellationTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 5);
        stock(driver, "B", "wh-sg", 5);
    }

    @Test
    void cancellingAWholeOrderPutsItsStockBackAtOnce()
    {
        final long id = driver.placeOrder("A:3", "B:1").orderId();
        assertThat(driver.inventory("A").atp()).isEqualTo(2);
        assertThat(driver.order(id).promisedDeliveryBy()).as("promised at placement").isPositive();

        final Result cancel = driver.cancelOrder(id);

        assertThat(cancel.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Order order = driver.order(id);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.promisedDeliveryBy()).as("nothing left to deliver, nothing promised").isZero();
        assertThat(order.lines()).extracting(OrderViews.OrderLine::cancelled).containsExactly(3, 1);
        assertThat(order.allocations()).isEmpty();
        assertThat(driver.inventory("A").atp()).isEqualTo(5);
        assertThat(driver.inventory("A").allocated()).isZero();
        assertThat(driver.inventory("B").atp()).isEqualTo(5);
        final OrderViews.OrderEvents timeline = driver.orderEvents(id);
        assertThat(timeline.ofType(OrderEventType.UNITS_CANCELLED))
            .extracting(e -> e.sku() + "@" + e.location() + "×" + e.qty() + "#" + e.seq())
            .containsExactlyInAnyOrder("A@wh-sg×3#" + cancel.seq(), "B@wh-sg×1#" + cancel.seq());
        assertThat(timeline.statuses()).endsWith(OrderStatus.CANCELLED);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void cancellingSomeUnitsLeavesTheRestAllocated()
    {
        final long id = driver.placeOrder("A:3", "B:2").orderId();

        assertThat(driver.cancelOrder(id, "A:1").code()).isEqualTo(ResultCode.OK);

        final OrderViews.Order order = driver.order(id);
        assertThat(order.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(order.line("A")).isEqualTo(new OrderViews.OrderLine("A", 3, 1_000, 2, 0, 1));
        assertThat(order.line("B")).isEqualTo(new OrderViews.OrderLine("B", 2, 1_000, 2, 0, 0));
        assertThat(order.allocatedAt("A", "wh-sg")).isEqualTo(2);
        assertThat(driver.inventory("A").atp()).isEqualTo(3);

        assertThat(driver.cancelOrder(id, "A:2", "B:2").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).status()).as("every unit cancelled").isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aNodeThatNoLongerShipsAnythingOfTheOrderGetsItsCapacityBack()
    {
        node(driver, "wh-sg", 1, HANDLING);
        stock(driver, "A", "wh-kl", 5);
        final long kept = driver.placeOrder("A:2").orderId();
        driver.cancelOrder(kept, "A:1");
        final OrderViews.Sourcing stillUsed = driver.sourcing(driver.placeOrder("A:1").orderId());
        assertThat(stillUsed.candidate("wh-sg").reason()).as("Jurong still ships one unit of the first order")
            .isEqualTo(SourcingReason.CAPACITY_REACHED);

        driver.cancelOrder(kept);

        final OrderViews.Sourcing freed = driver.sourcing(driver.placeOrder("A:1").orderId());
        assertThat(freed.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SELECTED);
    }

    /**
     * Rules version 3: a backorder filled at a node on a later day takes that day's unit of its capacity; cancelling
     * those units gives it back, though the order still ships what it was given there on the first day. The unit was
     * kept while the order shipped anything from the node, so the node stayed full that day for work that was gone.
     */
    @Test
    void cancellingALaterDaysFillGivesThatDaysCapacityBack()
    {
        node(driver, "wh-sg", 1, HANDLING);
        stock(driver, "A", "wh-kl", 5);
        final long order = driver.placeOrder("A:1", "BO:1").orderId();
        assertThat(driver.order(order).allocatedAt("A", "wh-sg")).isEqualTo(1);
        driver.at(SgNetwork.NEXT_UTC_MIDNIGHT + MINUTE);
        assertThat(driver.adjust("BO", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(order).allocatedAt("BO", "wh-sg")).as("filled the next day").isEqualTo(1);

        assertThat(driver.cancelOrder(order, "BO:1").code()).isEqualTo(ResultCode.OK);

        assertThat(driver.order(order).allocatedAt("A", "wh-sg")).as("still shipped from Jurong").isEqualTo(1);
        final OrderViews.Sourcing next = driver.sourcing(driver.placeOrder("A:1").orderId());
        assertThat(next.candidate("wh-sg").reason()).as("nothing of that day ships from Jurong now")
            .isEqualTo(SourcingReason.SELECTED);
        assertThat(driver.checkInvariants()).isNull();
    }

    /**
     * An order shipping from three nodes holds a unit of each one's capacity (more holds than its first record has
     * room for); cancelling what one node ships gives that node's back and keeps the others', across a restore.
     */
    @Test
    void anOrderSplitOverThreeNodesHoldsEachOnesCapacityAndGivesBackOnlyWhatItNoLongerShips()
    {
        for (final String node : new String[]{"wh-sg", "wh-kl", "store-orchard"})
        {
            node(driver, node, 1, HANDLING);
        }
        assertThat(driver.defineSku("D", 0, false).code()).isEqualTo(ResultCode.OK);
        stock(driver, "C", "wh-kl", 5);
        stock(driver, "D", "store-orchard", 5);
        final long split = driver.placeOrder("A:1", "C:1", "D:1").orderId();
        assertThat(driver.order(split).allocations()).extracting(OrderViews.Allocation::location)
            .containsExactlyInAnyOrder("wh-sg", "wh-kl", "store-orchard");

        driver.cancelOrder(split, "C:1");

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        for (final EngineDriver d : new EngineDriver[]{driver, restored})
        {
            stock(d, "C", "wh-sg", 5);
            stock(d, "D", "wh-sg", 5);
            stock(d, "A", "wh-kl", 5);
            stock(d, "A", "store-orchard", 5);
            final OrderViews.Sourcing next = d.sourcing(d.placeOrder("A:1").orderId());
            assertThat(next.candidate("wh-sg").reason()).isEqualTo(SourcingReason.CAPACITY_REACHED);
            assertThat(next.candidate("store-orchard").reason()).isEqualTo(SourcingReason.CAPACITY_REACHED);
            assertThat(next.candidate("wh-kl").reason()).as("no unit of the split order ships from KL now")
                .isEqualTo(SourcingReason.SELECTED);
            // Jurong's hold was in the order's first record, which grew for the third: it is still there to give back.
            d.cancelOrder(split, "A:1");
            final OrderViews.Sourcing after = d.sourcing(d.placeOrder("A:1").orderId());
            assertThat(after.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SELECTED);
            assertThat(after.candidate("store-orchard").reason()).isEqualTo(SourcingReason.CAPACITY_REACHED);
        }
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void cancellingAnOrderLetsABackorderAllocateInTheSameStep()
    {
        stock(driver, "BO", "wh-sg", 2);
        final long first = driver.placeOrder("BO:2").orderId();
        final long waiting = driver.placeOrder("BO:1").orderId();
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);

        final Result cancel = driver.cancelOrder(first);

        final OrderViews.Order filled = driver.order(waiting);
        assertThat(filled.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(filled.allocatedAt("BO", "wh-sg")).isEqualTo(1);
        assertThat(driver.orderEvents(waiting).ofType(OrderEventType.BACKORDER_ALLOCATED))
            .extracting(OrderViews.OrderEvent::seq).containsExactly(cancel.seq());
        assertThat(driver.inventory("BO").backordered()).isZero();
        assertThat(driver.inventory("BO").allocated()).isEqualTo(1);
        assertThat(driver.inventory("BO").atp()).isEqualTo(1);
    }

    @Test
    void backorderedUnitsAreCancelledFirstThenTheMostRecentAllocation()
    {
        stock(driver, "BO", "wh-sg", 2);
        final long id = driver.placeOrder("BO:6").orderId();
        driver.advance(MINUTE);
        final Result receipt = driver.adjust("BO", "wh-kl", 2, Codes.AdjustmentReason.RECEIPT);
        assertThat(driver.order(id).line("BO")).isEqualTo(new OrderViews.OrderLine("BO", 6, 1_000, 4, 2, 0));

        driver.cancelOrder(id, "BO:3");

        final OrderViews.Order order = driver.order(id);
        assertThat(order.line("BO")).isEqualTo(new OrderViews.OrderLine("BO", 6, 1_000, 3, 0, 3));
        assertThat(order.allocatedAt("BO", "wh-sg")).as("the older allocation stays whole").isEqualTo(2);
        assertThat(order.allocatedAt("BO", "wh-kl")).isEqualTo(1);
        assertThat(order.allocations()).filteredOn(a -> a.location().equals("wh-kl"))
            .extracting(OrderViews.Allocation::allocatedAt).containsOnly(receipt.timeMillis());
        assertThat(order.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.inventory("BO").backordered()).isZero();
        assertThat(driver.inventory("BO").at("wh-kl").atp()).isEqualTo(1);
        assertThat(driver.orderEvents(id).ofType(OrderEventType.UNITS_CANCELLED))
            .extracting(OrderViews.OrderEvent::location, OrderViews.OrderEvent::qty)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("", 2), org.assertj.core.groups.Tuple.tuple("wh-kl", 1));
    }

    @Test
    void aCancellationTheOrderCannotTakeChangesNothing()
    {
        final long id = driver.placeOrder("A:3").orderId();
        driver.cancelOrder(id, "A:1");
        final long hash = driver.stateHash();

        assertThat(driver.cancelOrder(id, "A:3").code()).as("2 are still open").isEqualTo(ResultCode.CANCEL_EXCEEDS_OPEN);
        assertThat(driver.cancelOrder(id, "B:1").code()).isEqualTo(ResultCode.LINE_NOT_IN_ORDER);
        assertThat(driver.cancelOrder(id + 1).code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(driver.apply(new Cmd.CancelOrder(id, List.of("app"), "not yours", List.of())).code())
            .isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(driver.stateHash()).isEqualTo(hash);

        assertThat(driver.apply(new Cmd.CancelOrder(id, List.of("web"), "changed mind", List.of())).code())
            .isEqualTo(ResultCode.OK);
        final long cancelled = driver.stateHash();
        assertThat(driver.cancelOrder(id).code()).isEqualTo(ResultCode.ORDER_NOT_CANCELLABLE);
        assertThat(driver.cancelOrder(id, "A:1").code()).isEqualTo(ResultCode.ORDER_NOT_CANCELLABLE);
        assertThat(driver.stateHash()).isEqualTo(cancelled);
    }

    /**
     * Rules version 7: cancelling the one item coming from far away promises what is left again from then, as the
     * nearer shipment takes; cancelling part of a shipment that is still the slowest moves nothing; the promise
     * stayed.
     */
    @Test
    void cancellingTheSlowestShipmentBringsThePromiseForward()
    {
        stock(driver, "C", "wh-kl", 5);
        final long id = driver.placeOrder("A:2", "C:2").orderId();
        final long placed = driver.order(id).promisedDeliveryBy();
        assertThat(driver.order(id).allocatedAt("C", "wh-kl")).as("only Kuala Lumpur has C").isEqualTo(2);
        driver.advance(30 * MINUTE);

        assertThat(driver.cancelOrder(id, "C:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).promisedDeliveryBy()).as("a unit of C still comes from 312 km: 2 days")
            .isEqualTo(placed);

        assertThat(driver.cancelOrder(id, "C:1").code()).isEqualTo(ResultCode.OK);
        final long now = driver.now();
        assertThat(driver.order(id).promisedDeliveryBy()).as("only Jurong's shipment is left: a day from now")
            .isEqualTo(now + 1_440 * MINUTE).isLessThan(placed);

        driver.advance(60 * MINUTE);
        assertThat(driver.cancelOrder(id, "A:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).promisedDeliveryBy()).as("never later").isEqualTo(now + 1_440 * MINUTE);
        assertThat(driver.checkInvariants()).isNull();
        assertThat(EngineDriver.restore(driver.snapshot()).order(id).promisedDeliveryBy())
            .isEqualTo(now + 1_440 * MINUTE);
    }

    /**
     * What is left is promised from the cancellation at the policy of that day: a policy made slower since (Kuala
     * Lumpur a year away) does not move the promise to before the order was placed. The first version took the
     * difference of the two shipments' transits at today's policy off the promise: a year (found in review).
     */
    @Test
    void aCancellationPromisesWhatIsLeftFromItsOwnTimeAtTodaysPolicy()
    {
        stock(driver, "C", "wh-kl", 5);
        final long id = driver.placeOrder("A:1", "C:1").orderId();
        makeKualaLumpurAYearAway();
        driver.advance(30 * MINUTE);

        cancelExpectingJurongsDayFromNow(id, "C:1");
    }

    /** A policy made slower for both: the promise stays (what is left takes no less from now). */
    @Test
    void aPolicySlowedForEveryShipmentMovesNoPromise()
    {
        assertAPolicyThenACancellationKeepsThePromise(standard(new int[] {2_880, 3_600, 4_320}), "C:1");
    }

    /**
     * An order made whole later — its backorder filled from Kuala Lumpur ten days on — and its far unit then
     * cancelled, under a policy slowed since: promised from the cancellation, not from before the order was whole
     * (found in review, with the first version's fix).
     */
    @Test
    void anOrderMadeWholeByALaterFillIsPromisedFromTheCancellation()
    {
        final long id = driver.placeOrder("A:1", "BO:1").orderId();
        assertThat(driver.order(id).promisedDeliveryBy()).as("waiting for BO").isZero();
        driver.advance(10 * 1_440 * MINUTE);
        assertThat(driver.adjust("BO", "wh-kl", 1, Codes.AdjustmentReason.RECEIPT).code()).isEqualTo(ResultCode.OK);
        final long filledAt = driver.now();
        assertThat(driver.order(id).promisedDeliveryBy()).isEqualTo(filledAt + 2_880 * MINUTE);
        makeKualaLumpurAYearAway();
        driver.advance(60 * MINUTE);

        cancelExpectingJurongsDayFromNow(id, "BO:1");
    }

    /**
     * A policy that no longer reaches the customer from a node still shipping has no transit for that shipment: the
     * promise stays. It was timed as the level's last band, and came forward for a parcel the policy cannot deliver
     * (found in QA).
     */
    @Test
    void aShipmentTodaysPolicyNoLongerReachesKeepsThePromise()
    {
        // Kuala Lumpur is beyond STANDARD's 20 km now.
        assertAPolicyThenACancellationKeepsThePromise(SgNetwork.policy(new long[] {20_000}, new int[] {60}), "A:1");
    }

    /**
     * A node the order no longer ships from does not hold the promise back: Kuala Lumpur's unit was cancelled before
     * the policy stopped reaching it, so cancelling one of Jurong's two units promises the other at today's policy,
     * six hours from now.
     */
    @Test
    void aNodeWhoseUnitsWereAllCancelledDoesNotHoldThePromiseBack()
    {
        stock(driver, "C", "wh-kl", 5);
        final long id = driver.placeOrder("A:2", "C:1").orderId();
        assertThat(driver.order(id).allocatedAt("C", "wh-kl")).isEqualTo(1);
        cancelExpectingJurongsDayFromNow(id, "C:1");
        // Kuala Lumpur is beyond STANDARD's 20 km now; Jurong is six hours away.
        assertThat(driver.policy(SgNetwork.policy(new long[] {20_000}, new int[] {360})).code())
            .isEqualTo(ResultCode.OK);
        driver.advance(30 * MINUTE);

        assertThat(driver.cancelOrder(id, "A:1").code()).isEqualTo(ResultCode.OK);

        assertThat(driver.order(id).promisedDeliveryBy()).isEqualTo(driver.now() + 360 * MINUTE);
    }

    /** An order of A (Jurong) and C (Kuala Lumpur), then {@code policy}, then {@code units} cancelled: no new promise. */
    private void assertAPolicyThenACancellationKeepsThePromise(final SourcingPolicy policy, final String units)
    {
        stock(driver, "C", "wh-kl", 5);
        final long id = driver.placeOrder("A:1", "C:1").orderId();
        final long placed = driver.order(id).promisedDeliveryBy();
        assertThat(driver.policy(policy).code()).isEqualTo(ResultCode.OK);

        assertThat(driver.cancelOrder(id, units).code()).isEqualTo(ResultCode.OK);

        assertThat(driver.order(id).promisedDeliveryBy()).isEqualTo(placed);
    }

    /** Kuala Lumpur (312 km) made a year away since: STANDARD's 20 km band a day, the farther ones a year. */
    private void makeKualaLumpurAYearAway()
    {
        assertThat(driver.policy(standard(new int[] {1_440, SourcingPolicy.MAX_TRANSIT_MINUTES,
            SourcingPolicy.MAX_TRANSIT_MINUTES})).code()).isEqualTo(ResultCode.OK);
    }

    /** Cancels {@code units} and expects what is left (Jurong's shipment) promised a day from now. */
    private void cancelExpectingJurongsDayFromNow(final long id, final String units)
    {
        assertThat(driver.cancelOrder(id, units).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).promisedDeliveryBy()).isEqualTo(driver.now() + 1_440 * MINUTE);
    }

    /** SgNetwork's policy with STANDARD's bands (20 km, 400 km, 1 500 km) taking {@code minutes}. */
    private static SourcingPolicy standard(final int[] minutes)
    {
        return SgNetwork.policy(new long[] {20_000, 400_000, 1_500_000}, minutes);
    }
}
