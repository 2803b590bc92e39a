package ordo.engine;

import static ordo.engine.SgNetwork.HANDLING;
import static ordo.engine.SgNetwork.node;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;

/**
 * The checks added to {@link InvariantChecker} find what they are for: each breaks one kept number or list of a
 * whole engine behind its back and is named; the engine before it passes.
 */
class InvariantCheckerTest
{
    private final EngineDriver driver = new EngineDriver();
    private long order;

    @BeforeEach
    void anOrderWithAnAllocationABackorderAndADaysCapacity()
    {
        SgNetwork.define(driver);
        node(driver, "wh-sg", 5, HANDLING);
        stock(driver, "A", "wh-sg", 5);
        order = driver.placeOrder("A:2", "BO:3").orderId();
        assertThat(driver.order(order).allocatedAt("A", "wh-sg")).isEqualTo(2);
        assertThat(driver.checkInvariants()).isNull();
    }

    /** The promise is unknown exactly while units wait: a promise beside a backorder, and none for a whole order. */
    @Test
    void aPromiseThatDisagreesWithTheOrdersUnitsIsFound()
    {
        final Order waiting = driver.engine().orders().get(order);
        assertThat(waiting.promisedDeliveryBy).isZero();
        waiting.promisedDeliveryBy = 1;
        assertThat(driver.checkInvariants()).contains("order " + order).contains("promised by 1")
            .contains("3 backordered");
        waiting.promisedDeliveryBy = 0;

        final long whole = driver.placeOrder("A:1").orderId();
        final Order allocated = driver.engine().orders().get(whole);
        assertThat(allocated.promisedDeliveryBy).isPositive();
        assertThat(driver.checkInvariants()).isNull();
        allocated.promisedDeliveryBy = 0;
        assertThat(driver.checkInvariants()).contains("order " + whole).contains("promised by 0")
            .contains("1 units allocated and 0 backordered");
    }

    @Test
    void aNodesDailyCountThatNoOrderHoldsIsFound()
    {
        final Location jurong = location("wh-sg");
        jurong.capacityUsed++;
        assertThat(driver.checkInvariants()).contains("wh-sg").contains("2 orders counted").contains("1 hold");
    }

    @Test
    void aDaysCapacityHeldWithNothingAllocatedThatDayIsFound()
    {
        final Order o = driver.engine().orders().get(order);
        o.takeCapacity(location("wh-kl"), location("wh-sg").capacityDay);
        assertThat(driver.checkInvariants()).contains("order " + order).contains("wh-kl")
            .contains("nothing left to ship from there");
    }

    /** The converse: units shipped from a node under no capacity of the day they were allocated on there. */
    @Test
    void unitsAllocatedWithoutTheirDaysCapacityAreFound()
    {
        final Order o = driver.engine().orders().get(order);
        assertThat(o.capacityCount).isEqualTo(1);
        o.capacityCount = 0;
        location("wh-sg").capacityUsed--;
        assertThat(driver.checkInvariants()).contains("order " + order)
            .contains("ships 2 units from wh-sg allocated at ")
            .contains("without holding that day's capacity there");
    }

    /** A converted node hold takes its node's day too: its units without it are found. */
    @Test
    void aConvertedNodeHoldsUnitsWithoutTheirDaysCapacityAreFound()
    {
        stock(driver, "A", "wh-sg", 10);
        final long hold = driver.reserve("web", "c-1", "wh-sg", 10 * 60_000L, "A:1").reservationId();
        final long converted = driver.ordering().reservation(hold).line("A", 1).submit().orderId();
        assertThat(driver.order(converted).allocatedAt("A", "wh-sg")).isEqualTo(1);
        final Order o = driver.engine().orders().get(converted);
        assertThat(o.capacityCount).isEqualTo(1);
        assertThat(driver.checkInvariants()).isNull();
        o.capacityCount = 0;
        location("wh-sg").capacityUsed--;
        assertThat(driver.checkInvariants()).contains("order " + converted).contains("ships 1 unit from wh-sg")
            .contains("without holding that day's capacity there");
    }

    @Test
    void aStaleOrRepeatedBackorderEntryIsFound()
    {
        final Sku bo = driver.engine().catalog().sku(slice("BO"));
        final BackorderQueue queue = driver.engine().orders().backordersOf(bo);
        final long first = queue.entry(0);
        queue.add(first, driver.engine().orders().get(OrderBook.orderOf(first)));
        assertThat(driver.checkInvariants()).contains("backorder queue not oldest first, or repeated");
        queue.remove(first);
        assertThat(driver.checkInvariants()).isNull();
        driver.engine().orders().enqueueBackorder(driver.engine().orders().get(order), 0);
        assertThat(driver.checkInvariants()).contains("sku A: backorder queue entry 0")
            .contains("is not a line of the SKU with units backordered");
    }

    /**
     * A queued line keeps its order's channel, pickup store and ship-to country beside it, and the queue its units'
     * totals.
     */
    @Test
    void aBackorderEntryOrTotalThatDisagreesWithItsOrderIsFound()
    {
        final Sku bo = driver.engine().catalog().sku(slice("BO"));
        final BackorderQueue queue = driver.engine().orders().backordersOf(bo);
        final long first = queue.entry(0);
        final Order waiting = driver.engine().orders().get(OrderBook.orderOf(first));
        final Location before = waiting.pickupLocation;
        waiting.pickupLocation = location("store-orchard");
        assertThat(driver.checkInvariants()).contains("sku BO: backorder queue entry 0")
            .contains("names another channel, pickup store or ship-to country than its order");
        waiting.pickupLocation = before;
        assertThat(driver.checkInvariants()).isNull();
        // The country a fill passes a line over by (BackorderPassOver) is its order's.
        final byte[] country = waiting.shipCountry;
        waiting.shipCountry = "MY".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(driver.checkInvariants()).contains("sku BO: backorder queue entry 0")
            .contains("ship-to country");
        waiting.shipCountry = country;
        assertThat(driver.checkInvariants()).isNull();

        queue.count(1, waiting);
        assertThat(driver.checkInvariants()).contains("sku BO: the backorder totals say " + (queue.units()) + " units")
            .contains("but the waiting lines have " + (queue.units() - 1));
        queue.count(-1, waiting);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aCellsCountOfWhatAChannelTookThereThatDisagreesWithItsHoldsAndOrdersIsFound()
    {
        final Order o = driver.engine().orders().get(order);
        final StockCell cell = o.sku(0).findCell(location("wh-sg"));
        assertThat(cell.takenBy(o.channelHash)).as("the order's 2 units, counted for its channel").isEqualTo(2);
        cell.addTaken(o.channelHash, 1);
        assertThat(driver.checkInvariants()).contains("sku A at wh-sg: units taken per channel counted as")
            .contains("=3}").contains("=2}");
        cell.addTaken(o.channelHash, -1);
        assertThat(driver.checkInvariants()).isNull();
    }

    /**
     * A node lists its cells in SKU order (a node switched on or off reads them, a page of its stock pages them):
     * another node's cell, one listed twice, one missing or two out of order is found.
     */
    @Test
    void aNodesListOfItsCellsThatMixesRepeatsMissesOrMisordersOneIsFound() throws ReflectiveOperationException
    {
        stock(driver, "B", "wh-sg", 5);
        final Location wh = location("wh-sg");
        final StockCell a = driver.engine().orders().get(order).sku(0).findCell(wh);
        final int listed = wh.cellCount();
        assertThat(listed).as("A and B").isEqualTo(2);
        final java.lang.reflect.Field count = Location.class.getDeclaredField("cellCount");
        final java.lang.reflect.Field cells = Location.class.getDeclaredField("cells");
        count.setAccessible(true);
        cells.setAccessible(true);

        final Location other = driver.engine().catalog().location(wh.index == 0 ? 1 : 0);
        final StockCell[] otherCells = ((StockCell[])cells.get(other)).clone();
        final int otherCount = other.cellCount();
        other.addCell(a);
        assertThat(driver.checkInvariants()).contains("location " + new String(other.id) + " lists a cell of A at " +
            "wh-sg that is not that SKU's cell there");
        cells.set(other, otherCells);
        count.setInt(other, otherCount);
        assertThat(driver.checkInvariants()).isNull();

        final StockCell[] whCells = ((StockCell[])cells.get(wh)).clone();
        wh.addCell(a);
        assertThat(driver.checkInvariants()).contains("location wh-sg lists the cell of A twice");
        cells.set(wh, whCells.clone());
        count.setInt(wh, listed - 1);
        assertThat(driver.checkInvariants()).contains("location wh-sg lists " + (listed - 1) + " cells but " + listed +
            " SKUs have one there");
        final StockCell[] swapped = whCells.clone();
        swapped[0] = whCells[1];
        swapped[1] = whCells[0];
        cells.set(wh, swapped);
        count.setInt(wh, listed);
        assertThat(driver.checkInvariants()).contains("after a later SKU's");
        cells.set(wh, whCells);
        assertThat(driver.checkInvariants()).isNull();
    }

    /** Cells made out of SKU order at a node (an older SKU counted there later) are kept in SKU order. */
    @Test
    void aNodeKeepsItsCellsInSkuOrderWhateverOrderTheyAreMadeIn()
    {
        stock(driver, "C", "wh-kl", 1);
        stock(driver, "A", "wh-kl", 1);
        stock(driver, "LTD", "wh-kl", 1);
        stock(driver, "B", "wh-kl", 1);
        final Location kl = location("wh-kl");

        final java.util.List<String> skus = new java.util.ArrayList<>();
        for (int i = 0; i < kl.cellCount(); i++)
        {
            skus.add(new String(kl.cell(i).sku.id));
        }
        assertThat(skus).as("as defined: A, B, C, BO, LTD").containsExactly("A", "B", "C", "LTD");
        assertThat(kl.cellPosition(driver.engine().catalog().sku(3).index)).as("BO, none here: before LTD")
            .isEqualTo(-3 - 1);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void anOrderedLedgerThatDisagreesWithTheOrdersIsFound()
    {
        final Order o = driver.engine().orders().get(order);
        driver.engine().orders().ordered().remove(o, o.sku(0), 1);
        assertThat(driver.checkInvariants()).contains("the ledger counts 1 units of A")
            .contains("orders hold 2");
    }

    /**
     * Two customers whose ids share a hash (ids can be crafted to): the ledger keys by the exact id and counts each
     * right, so the check, which keys by the hash, leaves their shared key unchecked rather than report a fault.
     */
    @Test
    void customersSharingAHashAreNotReportedAsALedgerFault()
    {
        final long other = driver.ordering().customer("c-2").line("A", 1).submit().orderId();
        final Order first = driver.engine().orders().get(order);
        final Order second = driver.engine().orders().get(other);
        final long ownHash = second.customerHash;
        second.customerHash = first.customerHash;
        assertThat(driver.checkInvariants()).isNull();
        second.customerHash = ownHash;
        driver.engine().orders().ordered().remove(second, second.sku(0), 1);
        assertThat(driver.checkInvariants()).as("a customer of their own is checked").contains("order " + other);
    }

    /**
     * An order whose status is not the one this build derives from its state is a fault; left out when asked (journal
     * verify resumed from a snapshot of other rules, whose orders those rules derived).
     */
    @Test
    void aStatusThisBuildWouldNotDeriveIsFoundUnlessStatusesAreLeftOut()
    {
        final Order o = driver.engine().orders().get(order);
        final Codes.OrderStatus derived = o.status;
        o.status = derived == Codes.OrderStatus.READY_TO_RELEASE ? Codes.OrderStatus.PAYMENT_PENDING :
            Codes.OrderStatus.READY_TO_RELEASE;
        assertThat(driver.checkInvariants()).contains("order " + order + ": status").contains("calls for " + derived);
        assertThat(driver.engine().checkInvariants(false)).isNull();
    }

    /** A pooled channel's network holds counted for another channel keep the SKU's total but move both pools. */
    @Test
    void networkHoldsCountedForAnotherChannelAreFound()
    {
        driver.reserve("market", "c-1", null, 10 * 60_000L, "A:1");
        final Sku a = sku("A");
        assertThat(a.networkHeldBy(channel("market"))).isEqualTo(1);
        a.addNetworkHeld(channel("market"), -1);
        a.addNetworkHeld(channel("web"), 1);
        assertThat(driver.checkInvariants()).contains("sku A: network holds per channel counted as")
            .contains("but the live network holds give");
    }

    /** wh-sg has 5 of A and the order 2: a network hold of 4 made past the stock check is over the supply by 1. */
    @Test
    void aNetworkHoldGrantedBeyondTheSupplyIsFound()
    {
        final GrantFigures before = driver.engine().grantFigures();
        holdBehindTheEnginesBack("web", null, "A", 4);
        assertThat(driver.engine().checkGrantsSince(before))
            .contains("sku A: 4 more units granted while network holds 4 are over the supply backing them by 1");
    }

    /** A channel kept to wh-kl: a hold made at wh-sg behind the engine's back took units where it may not. */
    @Test
    void unitsTakenWhereAChannelIsKeptFromAreFound()
    {
        stock(driver, "A", "wh-kl", 5);
        assertThat(driver.defineChannel("web", Codes.ChannelKind.WEB, java.util.List.of("wh-kl")).isOk()).isTrue();
        final GrantFigures before = driver.engine().grantFigures();
        holdBehindTheEnginesBack("web", "wh-sg", "A", 1);
        assertThat(driver.engine().checkGrantsSince(before))
            .contains("at wh-sg: took 1 units at a location the channel does not take stock from");
        final GrantFigures beside = driver.engine().grantFigures();
        holdBehindTheEnginesBack("web", "wh-kl", "A", 1);
        assertThat(driver.engine().checkGrantsSince(beside)).as("at its own location, within its total").isNull();
    }

    /** A count below the network's holds is no fault (the engine took them in good faith); a grant while over is. */
    @Test
    void stockCountedBelowNetworkHoldsIsNoFaultButAGrantWhileOverIs()
    {
        assertThat(driver.reserve("web", "c-1", null, 10 * 60_000L, "A:3").isOk()).isTrue();
        assertThat(driver.setInventory("A", "wh-sg", 4, 0).isOk()).isTrue();
        assertThat(driver.inventory("A").networkHolds()).isEqualTo(3);
        assertThat(driver.checkInvariants()).isNull();

        final GrantFigures before = driver.engine().grantFigures();
        holdBehindTheEnginesBack("web", null, "A", 1);
        assertThat(driver.engine().checkGrantsSince(before))
            .contains("sku A: 1 more units granted while network holds 4 are over the supply backing them by 2");
    }

    /**
     * Units held at a node that is switched off back nothing; moved onto the network's holds behind the engine's back,
     * nothing was granted (the SKU's commitments stay) and no stock was lowered, yet the network holds are over.
     */
    @Test
    void networkHoldsGoingOverWithoutStockLoweredAreFound()
    {
        stock(driver, "A", "wh-kl", 4);
        assertThat(driver.reserve("web", "c-1", "wh-kl", 10 * 60_000L, "A:4").isOk()).isTrue();
        switchOff("wh-kl");
        assertThat(driver.checkInvariants()).isNull();

        final GrantFigures before = driver.engine().grantFigures();
        final Sku a = sku("A");
        a.findCell(location("wh-kl")).addReserved(-4);
        a.addNetworkReserved(4);
        assertThat(driver.engine().checkGrantsSince(before))
            .contains("sku A: network holds 4 over the supply backing them by 1, by -3 before the command")
            .contains("took only 0 units of sellable stock away");
    }

    /** market's pool is half of every SKU: of 10 + 10 units it may have 10, wherever it holds them. */
    @Test
    void aPooledChannelHoldingBeyondItsPooledTotalIsFound()
    {
        stock(driver, "B", "wh-sg", 10);
        stock(driver, "B", "wh-kl", 10);
        assertThat(driver.reserve("market", "c-1", null, 10 * 60_000L, "B:10").isOk()).isTrue();
        assertThat(driver.reserve("market", "c-1", null, 10 * 60_000L, "B:1").code())
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.checkInvariants()).isNull();

        final GrantFigures before = driver.engine().grantFigures();
        holdBehindTheEnginesBack("market", null, "B", 1);
        assertThat(driver.engine().checkInvariants()).as("the state alone cannot tell").isNull();
        assertThat(driver.engine().checkGrantsSince(before)).contains("channel market (pool 5000 bps) of sku B")
            .contains("took 1 more units while over its pooled total by 1 (11 held against the network;");
    }

    /** Within its pooled total across the network, a channel still has at most its share at a node it takes at. */
    @Test
    void aPooledChannelTakingBeyondItsShareAtANodeIsFound()
    {
        stock(driver, "B", "wh-sg", 10);
        stock(driver, "B", "wh-kl", 10);
        assertThat(driver.reserve("market", "c-1", "wh-sg", 10 * 60_000L, "B:6").code())
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.checkInvariants()).isNull();

        final GrantFigures before = driver.engine().grantFigures();
        holdBehindTheEnginesBack("market", "wh-sg", "B", 6);
        assertThat(driver.engine().checkInvariants()).isNull();
        assertThat(driver.engine().checkGrantsSince(before)).contains("channel market (pool 5000 bps) of sku B at " +
            "wh-sg: took 6 more units there, to 6, beyond its share 5 (of 10 sellable");
    }

    /** A pool narrowed, or stock counted down, under what the channel has is no fault; a take while over is. */
    @Test
    void aPoolNarrowedUnderWhatTheChannelHasIsNoFaultButATakeWhileOverIs()
    {
        stock(driver, "B", "wh-sg", 10);
        assertThat(driver.reserve("market", "c-1", "wh-sg", 10 * 60_000L, "B:5").isOk()).isTrue();
        assertThat(driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("", 2_000)).isOk())
            .isTrue();
        assertThat(driver.checkInvariants()).as("narrowed to 2 of 10").isNull();
        assertThat(driver.setInventory("B", "wh-sg", 6, 0).isOk()).isTrue();
        assertThat(driver.checkInvariants()).as("and counted down to 1 of 6").isNull();

        final GrantFigures before = driver.engine().grantFigures();
        holdBehindTheEnginesBack("market", null, "B", 1);
        assertThat(driver.engine().checkGrantsSince(before)).contains("channel market (pool 2000 bps) of sku B")
            .contains("took 1 more units while over its pooled total by 5");
    }

    /**
     * What a channel has at a node switched off counts against no pool; moved onto a node that is on behind the
     * engine's back, the channel took nothing more and lost no share, yet it is over.
     */
    @Test
    void aPooledChannelGoingOverWithoutASharePoolLostIsFound()
    {
        stock(driver, "B", "wh-sg", 10);
        stock(driver, "B", "wh-kl", 10);
        assertThat(driver.reserve("market", "c-1", "wh-kl", 10 * 60_000L, "B:5").isOk()).isTrue();
        assertThat(driver.reserve("market", "c-1", "wh-sg", 10 * 60_000L, "B:5").isOk()).isTrue();
        switchOff("wh-kl");
        assertThat(driver.checkInvariants()).isNull();

        final GrantFigures before = driver.engine().grantFigures();
        final Sku b = sku("B");
        b.findCell(location("wh-kl")).addTaken(channel("market"), -5);
        b.findCell(location("wh-sg")).addTaken(channel("market"), 5);
        b.addNetworkHeld(channel("market"), -1);
        assertThat(driver.engine().checkGrantsSince(before)).contains("channel market (pool 5000 bps) of sku B")
            .contains("over its pooled total by 4, by 0 before the command, though it lost only 0 units");
    }

    /** Places a hold as ReservationCommands.reserve does once its checks pass, without them. */
    private void holdBehindTheEnginesBack(final String channel, final String locationId, final String skuId,
        final int qty)
    {
        final ReservationBook book = driver.engine().reservations();
        final Reservation hold = book.newReservation();
        hold.channelHash = driver.engine().catalog().internChannel(slice(channel));
        hold.customer(slice("c-9"));
        hold.customerKey = slice("c-9").tableHash();
        hold.location(locationId == null ? null : location(locationId));
        hold.createdAt = driver.now();
        hold.expiresAt = driver.now() + 10 * 60_000L;
        hold.ensureLines(1);
        hold.lineCount = 1;
        hold.line(0, sku(skuId), qty);
        book.hold(hold);
    }

    private void switchOff(final String id)
    {
        final SgNetwork.Node node = SgNetwork.NODES.get(id);
        assertThat(driver.defineLocation(id, node.type(), node.latMicro(), node.lonMicro(), node.capabilities(), false,
            0, HANDLING).isOk()).isTrue();
    }

    private Sku sku(final String id)
    {
        return driver.engine().catalog().sku(slice(id));
    }

    private long channel(final String id)
    {
        return slice(id).hash();
    }

    private static ByteSlice slice(final String text)
    {
        final byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length);
    }

    /**
     * A stock cell's chain of allocations ({@link StockShortage}): a record with units left out of it, a record of
     * another cell in it, bounds that rise along it, and a loop are each found.
     */
    @Test
    void aCellsChainOfAllocationsThatMissesOrMixesRecordsOrWhoseBoundsRiseIsFound()
    {
        stock(driver, "A", "wh-kl", 5);
        final long second = driver.placeOrder("A:1").orderId();
        final Sku a = driver.engine().catalog().sku(slice("A"));
        final StockCell sg = a.findCell(location("wh-sg"));
        final long newest = sg.lastAllocation;
        assertThat(Order.allocationOrder(newest)).isEqualTo(second);
        final long older = Order.previousAtCell(newest);
        assertThat(Order.allocationOrder(older)).isEqualTo(order);

        sg.lastAllocation = older;
        assertThat(driver.checkInvariants()).contains("sku A at wh-sg")
            .contains("its chain of allocations holds 1 records with units, its orders 2");
        sg.lastAllocation = newest;

        final StockCell kl = a.findCell(location("wh-kl"));
        kl.lastAllocation = newest;
        assertThat(driver.checkInvariants()).contains("sku A at wh-kl")
            .contains("holds order " + second + "'s record of another cell");
        kl.lastAllocation = RecordArena.NONE;
        assertThat(driver.checkInvariants()).isNull();

        final long third = driver.placeOrder("A:1").orderId();
        final long thirds = sg.lastAllocation;
        assertThat(Order.allocationOrder(thirds)).isEqualTo(third);
        assertThat(driver.checkInvariants()).isNull();
        // Reordered: third's, then order's (bound 1), then second's (bound 2): the bound rises.
        Order.previousAtCell(thirds, older);
        Order.previousAtCell(older, newest);
        Order.previousAtCell(newest, RecordArena.NONE);
        assertThat(driver.checkInvariants()).contains("sku A at wh-sg").contains("order " + second)
            .contains("has the bound " + second + " where " + second + ".." + order + " holds");

        Order.previousAtCell(thirds, newest);
        Order.previousAtCell(newest, older);
        Order.previousAtCell(older, older);
        assertThat(driver.checkInvariants()).contains("sku A at wh-sg").contains("(a loop)");
        Order.previousAtCell(older, RecordArena.NONE);
        assertThat(driver.checkInvariants()).isNull();
    }

    private Location location(final String id)
    {
        return driver.engine().catalog().location(slice(id));
    }
}
