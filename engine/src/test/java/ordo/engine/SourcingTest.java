package ordo.engine;

import static ordo.engine.SgNetwork.HANDLING;
import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.POLICY;
import static ordo.engine.SgNetwork.assertPriced;
import static ordo.engine.SgNetwork.cost;
import static ordo.engine.SgNetwork.metresToBishan;
import static ordo.engine.SgNetwork.node;
import static ordo.engine.SgNetwork.stock;
import static ordo.engine.SgNetwork.transitMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.ServiceLevel;
import ordo.engine.Codes.SourcingReason;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/**
 * Golden sourcing decisions on {@link SgNetwork}: each expected cost is computed here from the policy formula and a
 * test-side haversine, each reason of the SOURCING view checked.
 */
class SourcingTest
{
    private static final ServiceLevel STANDARD = ServiceLevel.STANDARD;

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    @Test
    void theNearestNodeWinsWhenHandlingCostsAreEqual()
    {
        stock(driver, "A", "wh-sg", 5);
        stock(driver, "A", "wh-kl", 5);
        stock(driver, "A", "wh-jkt", 5);

        final Result placed = driver.placeOrder("A:1");

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.candidateLocations()).containsExactlyInAnyOrder("wh-sg", "wh-kl", "wh-jkt");
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(sourcing.candidate("wh-kl").reason()).isEqualTo(SourcingReason.HIGHER_COST);
        assertThat(sourcing.candidate("wh-jkt").reason()).isEqualTo(SourcingReason.HIGHER_COST);
        for (final String location : List.of("wh-sg", "wh-kl", "wh-jkt"))
        {
            assertPriced(sourcing, location, HANDLING);
            assertThat(sourcing.candidate(location).atp()).containsExactly(5L);
            assertThat(sourcing.candidate(location).capacityLeft()).as("unlimited").isEqualTo(-1);
        }
        assertThat(sourcing.candidate("wh-sg").allocatedUnits()).isEqualTo(1);
        assertThat(sourcing.candidate("wh-kl").allocatedUnits()).isZero();
        assertThat(sourcing.shipments()).isEqualTo(1);
        assertThat(sourcing.exact()).isTrue();
        assertThat(sourcing.planCostMinor()).isEqualTo(sourcing.candidate("wh-sg").costMinor());
        assertThat(sourcing.decidedSeq()).isEqualTo(placed.seq());
        assertThat(sourcing.decidedAt()).isEqualTo(placed.timeMillis());
        assertThat(sourcing.lines()).containsExactly(new OrderViews.SourcingLine("A", 1, 0, 1, 0, 0));
        assertThat(driver.order(placed.orderId()).allocations())
            .containsExactly(new OrderViews.Allocation(0, "wh-sg", 1, placed.timeMillis()));
    }

    /**
     * A candidate's units are what the plan could take there: holds placed against the network lower no node's ATP,
     * but their units are no order's, so a node's 5 units beside a network hold of 3 are 2 an order may take, and
     * none beside a hold of all 5. The decision recorded the node's 5 beside 2 allocated, and beside OUT_OF_STOCK
     * (found in QA; rules version 10).
     */
    @Test
    void aCandidatesUnitsLeaveOutWhatNetworkHoldsTook()
    {
        stock(driver, "BO", "wh-sg", 5);
        assertThat(driver.reserve("web", "c-1", null, 10 * MINUTE, "BO:3").code()).isEqualTo(ResultCode.OK);

        final Result partly = driver.placeOrder("BO:4");
        final OrderViews.Sourcing first = driver.sourcing(partly.orderId());
        assertThat(first.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(first.candidate("wh-sg").allocatedUnits()).isEqualTo(2);
        assertThat(first.candidate("wh-sg").atp()).containsExactly(2L);
        assertThat(first.lines()).containsExactly(new OrderViews.SourcingLine("BO", 4, 0, 2, 2, 0));

        final Result waiting = driver.placeOrder("BO:1");
        final OrderViews.Sourcing second = driver.sourcing(waiting.orderId());
        assertThat(second.candidate("wh-sg").reason()).isEqualTo(SourcingReason.OUT_OF_STOCK);
        assertThat(second.candidate("wh-sg").atp()).as("3 left at the node, all 3 held: none beside OUT_OF_STOCK")
            .containsExactly(0L);

        // An inactive node's units are its own: the cap is the active nodes' (they read as 0 here, found in review).
        driver.defineLocation("wh-off", Codes.LocationType.WAREHOUSE, 1_340_000, 103_800_000, Codes.CAP_SHIP, false, 0,
            HANDLING);
        stock(driver, "BO", "wh-off", 10);
        final OrderViews.Sourcing third = driver.sourcing(driver.placeOrder("BO:1").orderId());
        assertThat(third.candidate("wh-off").reason()).isEqualTo(SourcingReason.INACTIVE);
        assertThat(third.candidate("wh-off").atp()).containsExactly(10L);
        assertThat(third.candidate("wh-sg").atp()).containsExactly(0L);
    }

    @Test
    void aFartherNodeWinsWhenItsHandlingMakesItCheaperOverall()
    {
        node(driver, "wh-sg", 0, 1_200);
        node(driver, "wh-kl", 0, 200);
        stock(driver, "A", "wh-sg", 5);
        stock(driver, "A", "wh-kl", 5);
        final long sgCost = cost(POLICY, STANDARD, 1_200, Math.round(metresToBishan("wh-sg")));
        final long klCost = cost(POLICY, STANDARD, 200, Math.round(metresToBishan("wh-kl")));
        assertThat(klCost).as("the case: Kuala Lumpur is cheaper overall").isLessThan(sgCost);

        final OrderViews.Sourcing sourcing = driver.sourcing(driver.placeOrder("A:2").orderId());

        assertThat(sourcing.candidate("wh-kl").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(sourcing.candidate("wh-kl").allocatedUnits()).isEqualTo(2);
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.HIGHER_COST);
        assertPriced(sourcing, "wh-kl", 200);
        assertPriced(sourcing, "wh-sg", 1_200);
        assertThat(sourcing.planCostMinor()).isEqualTo(sourcing.candidate("wh-kl").costMinor());
    }

    @Test
    void oneNodeThatCanShipEverythingBeatsACheaperSplit()
    {
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "A", "wh-kl", 3);
        stock(driver, "A", "wh-jkt", 5);

        final OrderViews.Sourcing single = driver.sourcing(driver.placeOrder("A:5").orderId());

        assertThat(single.candidate("wh-jkt").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(single.candidate("wh-jkt").allocatedUnits()).isEqualTo(5);
        assertThat(single.candidate("wh-sg").reason()).isEqualTo(SourcingReason.PARTIAL_STOCK);
        assertThat(single.candidate("wh-kl").reason()).isEqualTo(SourcingReason.PARTIAL_STOCK);
        assertThat(single.shipments()).isEqualTo(1);
        assertThat(single.planCostMinor()).as("dearer than Singapore + Kuala Lumpur + the split penalty")
            .isEqualTo(single.candidate("wh-jkt").costMinor())
            .isGreaterThan(single.candidate("wh-sg").costMinor() + single.candidate("wh-kl").costMinor() +
                POLICY.splitPenaltyMinor());

        final OrderViews.Sourcing split = driver.sourcing(driver.placeOrder("A:5").orderId());

        assertThat(split.candidate("wh-jkt").reason()).isEqualTo(SourcingReason.OUT_OF_STOCK);
        assertThat(split.candidate("wh-jkt").atp()).containsExactly(0L);
        assertThat(split.withReason(SourcingReason.SELECTED)).containsExactlyInAnyOrder("wh-sg", "wh-kl");
        assertThat(split.candidate("wh-sg").allocatedUnits()).isEqualTo(2);
        assertThat(split.candidate("wh-kl").allocatedUnits()).isEqualTo(3);
        assertThat(split.shipments()).isEqualTo(2);
        assertThat(split.planCostMinor()).isEqualTo(split.candidate("wh-sg").costMinor() +
            split.candidate("wh-kl").costMinor() + POLICY.splitPenaltyMinor());
    }

    @Test
    void oneNodeShippingEveryLineBeatsASplitAcrossLines()
    {
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "B", "store-orchard", 2);
        stock(driver, "A", "wh-jkt", 2);
        stock(driver, "B", "wh-jkt", 2);

        final Result placed = driver.placeOrder("A:1", "B:1");

        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.withReason(SourcingReason.SELECTED)).containsExactly("wh-jkt");
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.PARTIAL_STOCK);
        assertThat(sourcing.candidate("wh-sg").atp()).as("one figure per line").containsExactly(2L, 0L);
        assertThat(sourcing.candidate("store-orchard").reason()).isEqualTo(SourcingReason.PARTIAL_STOCK);
        assertThat(sourcing.candidate("store-orchard").atp()).containsExactly(0L, 2L);
        assertThat(sourcing.candidate("wh-jkt").allocatedUnits()).isEqualTo(2);
        assertThat(driver.order(placed.orderId()).shippingFrom()).containsExactly("wh-jkt");
    }

    @Test
    void aSplitUsesTheFewestShipmentsEvenWhenMoreWouldCostLess()
    {
        stock(driver, "A", "store-orchard", 2);
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "A", "wh-kl", 2);
        stock(driver, "A", "wh-jkt", 4);
        final long orchard = cost(POLICY, STANDARD, HANDLING, Math.round(metresToBishan("store-orchard")));
        final long sg = cost(POLICY, STANDARD, HANDLING, Math.round(metresToBishan("wh-sg")));
        final long kl = cost(POLICY, STANDARD, HANDLING, Math.round(metresToBishan("wh-kl")));
        final long jkt = cost(POLICY, STANDARD, HANDLING, Math.round(metresToBishan("wh-jkt")));
        final long penalty = POLICY.splitPenaltyMinor();
        assertThat(orchard + sg + kl + 2 * penalty).as("the case: three nearby shipments cost less than any pair")
            .isLessThan(orchard + jkt + penalty);
        assertThat(orchard + jkt).as("the case: of the pairs, Orchard + Jakarta is cheapest").isLessThan(sg + jkt);

        final OrderViews.Sourcing sourcing = driver.sourcing(driver.placeOrder("A:6").orderId());

        assertThat(sourcing.shipments()).isEqualTo(2);
        assertThat(sourcing.withReason(SourcingReason.SELECTED)).containsExactlyInAnyOrder("store-orchard", "wh-jkt");
        assertThat(sourcing.candidate("store-orchard").allocatedUnits()).isEqualTo(2);
        assertThat(sourcing.candidate("wh-jkt").allocatedUnits()).isEqualTo(4);
        assertThat(sourcing.withReason(SourcingReason.PARTIAL_STOCK)).containsExactlyInAnyOrder("wh-sg", "wh-kl");
        assertThat(sourcing.exact()).isTrue();
        assertThat(sourcing.planCostMinor()).isEqualTo(sourcing.candidate("store-orchard").costMinor() +
            sourcing.candidate("wh-jkt").costMinor() + penalty);
    }

    @Test
    void withinAPlanALineTakesFromItsCheapestNodeFirst()
    {
        stock(driver, "A", "wh-sg", 3);
        stock(driver, "A", "wh-kl", 3);
        stock(driver, "A", "wh-jkt", 3);

        final Result placed = driver.placeOrder("A:5");

        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.withReason(SourcingReason.SELECTED)).containsExactlyInAnyOrder("wh-sg", "wh-kl");
        assertThat(sourcing.candidate("wh-sg").allocatedUnits()).isEqualTo(3);
        assertThat(sourcing.candidate("wh-kl").allocatedUnits()).isEqualTo(2);
        final OrderViews.Order order = driver.order(placed.orderId());
        assertThat(order.allocatedAt("A", "wh-sg")).isEqualTo(3);
        assertThat(order.allocatedAt("A", "wh-kl")).isEqualTo(2);
        assertThat(order.promisedDeliveryBy()).as("the slowest shipment: Kuala Lumpur's band")
            .isEqualTo(placed.timeMillis() +
                transitMinutes(POLICY, STANDARD, sourcing.candidate("wh-kl").distanceMetres()) * MINUTE);
    }

    @Test
    void aSplitRecordsItsAllocationsInCandidateOrderNotCostOrder()
    {
        // Singapore's handling makes Kuala Lumpur the cheaper node, so the line takes Kuala Lumpur's 3 units first;
        // the allocations are still recorded in candidate order (Singapore, the lower location index, first). A
        // partial cancel gives back the last allocation first, so this order decides which node gets units back, and
        // with it the stock and the state hash. Sourcing keeps the selected slots in a list of their own, apart from
        // the plan (which is in cost order): this pins that list's order.
        node(driver, "wh-sg", 0, 5_000);
        stock(driver, "A", "wh-sg", 3);
        stock(driver, "A", "wh-kl", 3);

        final Result placed = driver.placeOrder("A:5");

        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.candidate("wh-kl").costMinor()).as("the case: Kuala Lumpur is cheaper")
            .isLessThan(sourcing.candidate("wh-sg").costMinor());
        assertThat(sourcing.candidateLocations()).containsExactly("wh-sg", "wh-kl");
        assertThat(sourcing.candidate("wh-kl").allocatedUnits()).isEqualTo(3);
        assertThat(sourcing.candidate("wh-sg").allocatedUnits()).isEqualTo(2);
        assertThat(driver.order(placed.orderId()).allocations()).containsExactly(
            new OrderViews.Allocation(0, "wh-sg", 2, placed.timeMillis()),
            new OrderViews.Allocation(0, "wh-kl", 3, placed.timeMillis()));
        assertThat(driver.orderEvents(placed.orderId()).ofType(Codes.OrderEventType.ALLOCATED))
            .extracting(OrderViews.OrderEvent::location).containsExactly("wh-sg", "wh-kl");

        assertThat(driver.cancelOrder(placed.orderId(), "A:2").code()).isEqualTo(ResultCode.OK);

        assertThat(driver.inventory("A").at("wh-kl").allocated()).as("the last allocation gave its units back").isOne();
        assertThat(driver.inventory("A").at("wh-sg").allocated()).isEqualTo(2);
    }

    @Test
    void aLargeNetworkFallsBackToAGreedyCoverThatStaysSmall()
    {
        // 61 nodes: C(61, 3) = 35 990 triples is over the exact search's budget, so three shipments come from the
        // greedy cover: the node with 10, then two with one each.
        driver.defineLocation("wh-big", Codes.LocationType.WAREHOUSE, 1_333_000, 103_742_000, Codes.CAP_SHIP, true, 0,
            HANDLING);
        stock(driver, "A", "wh-big", 10);
        for (int i = 0; i < 60; i++)
        {
            final String id = String.format("wh-%02d", i);
            driver.defineLocation(id, Codes.LocationType.WAREHOUSE, 1_300_000 + i * 1_000, 103_700_000, Codes.CAP_SHIP,
                true, 0, HANDLING);
            stock(driver, "A", id, 1);
        }

        final Result placed = driver.placeOrder("A:12");

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.exact()).isFalse();
        assertThat(sourcing.shipments()).isEqualTo(3);
        assertThat(sourcing.candidate("wh-big").allocatedUnits()).isEqualTo(10);
        assertThat(sourcing.withReason(SourcingReason.SELECTED)).hasSize(3).contains("wh-big");
        assertThat(sourcing.candidates()).hasSize(61);
        long planCost = POLICY.splitPenaltyMinor() * 2;
        for (final String location : sourcing.withReason(SourcingReason.SELECTED))
        {
            planCost += sourcing.candidate(location).costMinor();
        }
        assertThat(sourcing.planCostMinor()).isEqualTo(planCost);
        assertThat(driver.order(placed.orderId()).line("A").allocated()).isEqualTo(12);
    }

    @Test
    void tiesAreBrokenByLocationId()
    {
        // Defined b first, so a lower location index cannot be what decides.
        driver.defineLocation("wh-b", Codes.LocationType.WAREHOUSE, 1_333_000, 103_742_000, Codes.CAP_SHIP, true, 0,
            HANDLING);
        driver.defineLocation("wh-a", Codes.LocationType.WAREHOUSE, 1_333_000, 103_742_000, Codes.CAP_SHIP, true, 0,
            HANDLING);
        stock(driver, "A", "wh-b", 5);
        stock(driver, "A", "wh-a", 5);

        final OrderViews.Sourcing sourcing = driver.sourcing(driver.placeOrder("A:1").orderId());

        assertThat(sourcing.candidate("wh-a").costMinor()).isEqualTo(sourcing.candidate("wh-b").costMinor());
        assertThat(sourcing.candidate("wh-a").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(sourcing.candidate("wh-b").reason()).isEqualTo(SourcingReason.HIGHER_COST);
    }

    @Test
    void everyCandidateCarriesTheFirstReasonThatRulesItOut()
    {
        // Every node but wh-kl and wh-sg is ruled out for a different reason; market's pool halves every figure.
        driver.defineLocation("wh-off", Codes.LocationType.WAREHOUSE, 1_340_000, 103_800_000, Codes.CAP_SHIP, false, 0,
            HANDLING);
        driver.defineLocation("wh-tokyo", Codes.LocationType.WAREHOUSE, 35_676_200, 139_650_300, Codes.CAP_SHIP, true,
            0, HANDLING);
        driver.defineLocation("wh-jb", Codes.LocationType.WAREHOUSE, 1_492_700, 103_741_400, Codes.CAP_SHIP, true, 0,
            HANDLING);
        driver.defineLocation("wh-full", Codes.LocationType.WAREHOUSE, 1_340_000, 103_800_000, Codes.CAP_SHIP, true,
            1, HANDLING);
        stock(driver, "B", "wh-full", 5);
        assertThat(driver.sourcing(driver.placeOrder("B:1").orderId()).withReason(SourcingReason.SELECTED))
            .as("uses up wh-full's one order of the day").containsExactly("wh-full");
        stock(driver, "A", "wh-sg", 8);
        stock(driver, "A", "wh-kl", 8);
        stock(driver, "A", "wh-jkt", 3);
        stock(driver, "A", "store-orchard", 1);
        stock(driver, "A", "store-tampines", 5);
        stock(driver, "A", "wh-off", 5);
        stock(driver, "A", "wh-tokyo", 5);
        stock(driver, "A", "wh-full", 5);
        driver.setInventory("A", "wh-jb", 2, 2);

        final Result placed = driver.ordering().channel("market").line("A", 3).submit();

        final OrderViews.Sourcing sourcing = driver.sourcing(placed.orderId());
        assertThat(sourcing.candidateLocations()).containsExactlyInAnyOrder("wh-sg", "wh-kl", "wh-jkt",
            "store-orchard", "store-tampines", "wh-off", "wh-tokyo", "wh-jb", "wh-full");
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(sourcing.candidate("wh-sg").atp()).containsExactly(4L);
        assertThat(sourcing.candidate("wh-kl").reason()).isEqualTo(SourcingReason.HIGHER_COST);
        assertThat(sourcing.candidate("wh-jkt").reason()).isEqualTo(SourcingReason.PARTIAL_STOCK);
        assertThat(sourcing.candidate("wh-jkt").atp()).containsExactly(1L);
        assertThat(sourcing.candidate("store-orchard").reason()).isEqualTo(SourcingReason.POOL_EXHAUSTED);
        assertThat(sourcing.candidate("wh-jb").reason()).isEqualTo(SourcingReason.OUT_OF_STOCK);
        assertThat(sourcing.candidate("wh-full").reason()).isEqualTo(SourcingReason.CAPACITY_REACHED);
        assertThat(sourcing.candidate("wh-full").capacityLeft()).isZero();
        assertThat(sourcing.candidate("wh-tokyo").reason()).isEqualTo(SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL);
        assertThat(sourcing.candidate("store-tampines").reason()).as("a store without SHIP_FROM_STORE")
            .isEqualTo(SourcingReason.NOT_CAPABLE);
        assertThat(sourcing.candidate("wh-off").reason()).isEqualTo(SourcingReason.INACTIVE);
        for (final OrderViews.Candidate candidate : sourcing.candidates())
        {
            if (candidate.reason() != SourcingReason.SELECTED)
            {
                assertThat(candidate.allocatedUnits()).as(candidate.location()).isZero();
            }
            assertThat(candidate.type()).isNotNull();
        }
        assertPriced(sourcing, "wh-sg", HANDLING);
        assertPriced(sourcing, "wh-kl", HANDLING);
        assertPriced(sourcing, "wh-jkt", HANDLING);
    }
}
