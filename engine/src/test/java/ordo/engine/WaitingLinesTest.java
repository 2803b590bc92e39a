package ordo.engine;

import static ordo.engine.SgNetwork.HANDLING;
import static ordo.engine.SgNetwork.NEXT_UTC_MIDNIGHT;
import static ordo.engine.SgNetwork.node;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.SourcingReason;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;

/**
 * An order's sourcing view says why its backordered units still wait ({@link WaitingLines}): each waiting line
 * planned at the query's time as the next fill would plan it, every candidate with its reason and the units it has.
 * The view explained the decisions made, not the wait: an agent saw a line backordered beside a node with units and
 * had to work out which rule kept them (QA-208). A query changes nothing.
 */
class WaitingLinesTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    @Test
    void aSameDayOrderWaitingBesideStockBeyondItsReachSaysSo()
    {
        final long sameDay = driver.ordering().level(Codes.ServiceLevel.SAME_DAY).line("BO", 1).submit().orderId();
        driver.adjust("BO", "wh-kl", 3, Codes.AdjustmentReason.RECEIPT);
        assertThat(driver.order(sameDay).status()).isEqualTo(OrderStatus.BACKORDERED);

        final OrderViews.Waiting waiting = onlyWaiting(sameDay);
        assertThat(waiting.sku()).isEqualTo("BO");
        assertThat(waiting.line()).isZero();
        assertThat(waiting.backordered()).isEqualTo(1);
        assertThat(waiting.aFillWouldGive()).isZero();
        assertThat(waiting.candidate("wh-kl").reason()).isEqualTo(SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL);
        assertThat(waiting.candidate("wh-kl").atp()).containsExactly(3L);
        assertThat(waiting.candidates()).as("the nodes that stock the SKU").extracting(OrderViews.Candidate::location)
            .containsExactly("wh-kl");

        driver.adjust("BO", "store-orchard", 1, Codes.AdjustmentReason.RECEIPT);

        final OrderViews.Sourcing filled = driver.sourcing(sameDay);
        assertThat(filled.waiting()).as("nothing waits once filled").isEmpty();
        assertThat(filled.fills()).hasSize(1);
    }

    @Test
    void aPickupWaitingForItsStoreNamesTheWarehousesThatHaveTheUnits()
    {
        stock(driver, "BO", "wh-sg", 5);
        stock(driver, "BO", "wh-kl", 4);
        stock(driver, "BO", "store-orchard", 0);
        stock(driver, "A", "store-orchard", 1);
        final long pickup = driver.ordering().pickupAt("store-orchard").line("A", 1).line("BO", 2).submit()
            .orderId();

        final OrderViews.Sourcing view = driver.sourcing(pickup);
        assertThat(view.waiting()).extracting(OrderViews.Waiting::sku).as("only the line still backordered")
            .containsExactly("BO");
        final OrderViews.Waiting bo = view.waiting().get(0);
        assertThat(bo.line()).isEqualTo(1);
        assertThat(bo.backordered()).isEqualTo(2);
        assertThat(bo.candidate("wh-kl").reason()).as("a node with pickups, not the chosen one")
            .isEqualTo(SourcingReason.NOT_PICKUP_STORE);
        assertThat(bo.candidate("wh-kl").atp()).containsExactly(4L);
        assertThat(bo.candidate("wh-sg").reason()).as("a node without pickups").isEqualTo(SourcingReason.NOT_CAPABLE);
        assertThat(bo.candidate("wh-sg").atp()).containsExactly(5L);
        assertThat(bo.candidate("store-orchard").reason()).isEqualTo(SourcingReason.OUT_OF_STOCK);
    }

    /**
     * A node at its day's capacity is named so, as of the last command: once the day has turned, the view says so
     * only after a command of the new day (the TICK due at midnight) has given the capacity back and filled the line.
     * A plan at the query's time foretold a new day's capacity while an expired hold still held its units (review).
     */
    @Test
    void aNodeAtItsDaysCapacityIsNamedAsOfTheLastCommand()
    {
        node(driver, "wh-sg", 1, HANDLING);
        stock(driver, "A", "wh-sg", 5);
        driver.placeOrder("A:1");
        final long waiting = driver.placeOrder("BO:1").orderId();
        driver.adjust("BO", "wh-sg", 3, Codes.AdjustmentReason.RECEIPT);
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);

        OrderViews.Waiting line = onlyWaiting(waiting);
        assertThat(line.candidate("wh-sg").reason()).isEqualTo(SourcingReason.CAPACITY_REACHED);
        assertThat(line.candidate("wh-sg").capacityLeft()).isZero();
        assertThat(line.candidate("wh-sg").atp()).containsExactly(3L);
        assertThat(line.aFillWouldGive()).isZero();

        driver.at(NEXT_UTC_MIDNIGHT);
        line = onlyWaiting(waiting);
        assertThat(line.candidate("wh-sg").reason()).as("as of the last command, yesterday")
            .isEqualTo(SourcingReason.CAPACITY_REACHED);

        driver.tick();
        assertThat(driver.order(waiting).allocatedAt("BO", "wh-sg")).isEqualTo(1);
        assertThat(driver.sourcing(waiting).waiting()).isEmpty();
    }

    /** A hold expired since the last command still holds its units until the next (the TICK due at its expiry). */
    @Test
    void aHoldExpiredSinceTheLastCommandHoldsItsUnitsUntilTheNext()
    {
        stock(driver, "BO", "wh-sg", 1);
        final long expiresAt = driver.reserve("web", "c-9", null, SgNetwork.MINUTE, "BO:1").a();
        final long waiting = driver.placeOrder("BO:1").orderId();

        driver.at(expiresAt + SgNetwork.MINUTE);
        assertThat(onlyWaiting(waiting).aFillWouldGive()).as("the hold is let go by the next command").isZero();

        driver.tick();
        assertThat(driver.order(waiting).allocatedAt("BO", "wh-sg")).isEqualTo(1);
    }

    /**
     * Each line is planned as if first in line, and says how many waiting lines of older orders for its SKU a fill
     * serves before it (found in review: two orders waiting for one node's single capacity both read as next).
     */
    @Test
    void aWaitingLineNamesTheOlderLinesAheadOfIt()
    {
        stock(driver, "A", "wh-sg", 5);
        final long first = driver.placeOrder("BO:2").orderId();
        final long second = driver.ordering().line("A", 1).line("BO", 1).submit().orderId();
        final long third = driver.placeOrder("BO:1").orderId();

        assertThat(onlyWaiting(first).linesAhead()).isZero();
        assertThat(onlyWaiting(second).line()).isEqualTo(1);
        assertThat(onlyWaiting(second).linesAhead()).isEqualTo(1);
        assertThat(onlyWaiting(third).linesAhead()).isEqualTo(2);

        driver.cancelOrder(first);
        assertThat(onlyWaiting(third).linesAhead()).as("a cancelled order leaves the line").isEqualTo(1);
    }

    /**
     * A pickup line counts only the older lines that may take its store's units: shipped ones (the store ships) and
     * pickups at the same store, not pickups at other stores (QA-213: a counter told its customer of a line ahead that
     * never competed); a shipped line, not a pickup at a store that ships nothing.
     */
    @Test
    void aPickupCountsOnlyTheLinesThatMayTakeItsStoresUnits()
    {
        final long tampines = driver.ordering().pickupAt("store-tampines").line("BO", 2).submit().orderId();
        final long shipped = driver.placeOrder("BO:1").orderId();
        final long orchard = driver.ordering().pickupAt("store-orchard").line("BO", 1).submit().orderId();
        final long orchardToo = driver.ordering().pickupAt("store-orchard").line("BO", 1).submit().orderId();

        assertThat(onlyWaiting(orchard).linesAhead()).as("the shipped order, not Tampines'").isEqualTo(1);
        assertThat(onlyWaiting(orchardToo).linesAhead()).isEqualTo(2);
        assertThat(onlyWaiting(shipped).linesAhead()).as("store-tampines ships nothing: its pickup takes no unit the "
            + "shipped line could").isZero();
        assertThat(onlyWaiting(tampines).linesAhead()).isZero();

        driver.adjust("BO", "store-orchard", 1, Codes.AdjustmentReason.RECEIPT);
        assertThat(driver.order(tampines).status()).isEqualTo(OrderStatus.BACKORDERED);
        assertThat(driver.order(orchard).allocatedAt("BO", "store-orchard") +
            driver.order(shipped).allocatedAt("BO", "store-orchard")).as("one of the lines counted ahead, or it")
            .isEqualTo(1);
    }

    /**
     * A shipped line counts ahead of a pickup only when the store's units may go to it: the store ships, and to the
     * line's country (Review-226: a Malaysian order was counted ahead of a pickup at a store that ships to Singapore
     * only, and the store's next unit went to the pickup).
     */
    @Test
    void aShippedLineIsAheadOfAPickupOnlyWhereTheStoreMayShipItsUnits()
    {
        final SgNetwork.Node orchardNode = SgNetwork.NODES.get("store-orchard");
        assertThat(driver.defineLocation("store-orchard", orchardNode.type(), orchardNode.latMicro(),
            orchardNode.lonMicro(), orchardNode.capabilities(), true, 0, SgNetwork.HANDLING, java.util.List.of("SG"))
            .code()).isEqualTo(ResultCode.OK);
        final long toMalaysia = driver.ordering().customer("c-my").address("1 Jalan Ampang", "50450", "MY")
            .line("BO", 1).submit().orderId();
        final long toSingapore = driver.ordering().customer("c-sg").line("BO", 1).submit().orderId();
        final long orchard = driver.ordering().pickupAt("store-orchard").line("BO", 1).submit().orderId();
        final long tampines = driver.ordering().pickupAt("store-tampines").line("BO", 1).submit().orderId();

        assertThat(onlyWaiting(orchard).linesAhead()).as("the Singapore order, not the Malaysian one").isEqualTo(1);
        assertThat(onlyWaiting(tampines).linesAhead()).as("store-tampines offers pickups only: it ships to nobody")
            .isZero();
        assertThat(onlyWaiting(toSingapore).linesAhead()).as("the warehouses ship anywhere: the Malaysian line may "
            + "take a unit first (whether or not they have a cell for BO yet: Review-228)").isEqualTo(1);
        for (final String warehouse : new String[] {"wh-sg", "wh-kl", "wh-jkt"})
        {
            final SgNetwork.Node n = SgNetwork.NODES.get(warehouse);
            assertThat(driver.defineLocation(warehouse, n.type(), n.latMicro(), n.lonMicro(), n.capabilities(), true,
                0, SgNetwork.HANDLING, java.util.List.of("SG")).code()).isEqualTo(ResultCode.OK);
        }
        assertThat(onlyWaiting(toSingapore).linesAhead()).as("no node ships to both countries now").isZero();
        final SgNetwork.Node kl = SgNetwork.NODES.get("wh-kl");
        assertThat(driver.defineLocation("wh-kl", kl.type(), kl.latMicro(), kl.lonMicro(), kl.capabilities(), false,
            0, SgNetwork.HANDLING).code()).isEqualTo(ResultCode.OK);
        assertThat(onlyWaiting(toSingapore).linesAhead()).as("wh-kl ships anywhere again, but is switched off")
            .isZero();

        driver.adjust("BO", "store-orchard", 2, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(toMalaysia).status()).isEqualTo(OrderStatus.BACKORDERED);
        assertThat(driver.order(toSingapore).allocatedAt("BO", "store-orchard")).isEqualTo(1);
        assertThat(driver.order(orchard).allocatedAt("BO", "store-orchard")).isEqualTo(1);
    }

    /**
     * The plan a waiting line's view makes is recorded into a scratch store of its own: an engine asked for it after
     * every command hashes, snapshots and decides exactly as one never asked.
     */
    @Test
    void askingChangesNothing()
    {
        final EngineDriver quiet = new EngineDriver();
        SgNetwork.define(quiet);
        for (final EngineDriver engine : new EngineDriver[] {driver, quiet})
        {
            stock(engine, "BO", "wh-kl", 2);
        }
        long last = 0;
        for (int i = 0; i < 40; i++)
        {
            for (final EngineDriver engine : new EngineDriver[] {driver, quiet})
            {
                last = i % 3 == 0 ?
                    engine.ordering().level(Codes.ServiceLevel.SAME_DAY).line("BO", 1 + i % 2).submit().orderId() :
                    engine.placeOrder("BO:1").orderId();
                if (i % 7 == 0)
                {
                    engine.adjust("BO", i % 2 == 0 ? "wh-sg" : "wh-kl", 1, Codes.AdjustmentReason.RECEIPT);
                }
            }
            for (long id = 1; id <= last; id++)
            {
                driver.sourcing(id);
            }
            assertThat(driver.stateHash()).as("after order %d", i).isEqualTo(quiet.stateHash());
        }
        assertThat(driver.sourcing(last)).isEqualTo(quiet.sourcing(last));
        assertThat(driver.snapshot()).isEqualTo(quiet.snapshot());
        assertThat(driver.checkInvariants()).isNull();
    }

    private OrderViews.Waiting onlyWaiting(final long orderId)
    {
        final OrderViews.Sourcing view = driver.sourcing(orderId);
        assertThat(view.waiting()).hasSize(1);
        return view.waiting().get(0);
    }
}
