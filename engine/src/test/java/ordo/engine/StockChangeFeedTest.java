package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Views;
import org.junit.jupiter.api.Test;

/**
 * The stock change feed ({@code GET /v1/inventory?since=}, QUERY_STOCK_CHANGES): the SKUs whose figures changed
 * after a command, in order of their latest change, then of SKU; its pages and where they go on from; what lists every
 * SKU and what lists none; pages at their budget and over a backlog; and when each SKU changed kept across a snapshot.
 * {@link StockChangeFeedPropertyTest} checks over random streams that no change is missed.
 */
class StockChangeFeedTest
{
    private final EngineDriver driver = new EngineDriver();

    StockChangeFeedTest()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10);
        stock(driver, "B", "wh-sg", 10);
        stock(driver, "C", "store-orchard", 10);
    }

    @Test
    void aCommandListsTheSkusItChangedInSkuOrderAndPointsAtTheLastCommand()
    {
        final long before = driver.seq();
        assertThat(driver.placeOrder("C:1", "A:1").isOk()).isTrue();

        final Views.StockChangesPage page = changes(before, null, 10);
        assertThat(skus(page)).containsExactly("A", "C");
        assertThat(page.items().get(0).allocated()).isEqualTo(1);
        assertThat(page.nextSeq()).isEqualTo(driver.seq());
        assertThat(page.nextSku()).isNull();
        assertThat(page.more()).isFalse();

        final Views.StockChangesPage none = changes(driver.seq(), null, 10);
        assertThat(none.items()).isEmpty();
        assertThat(none.nextSeq()).isEqualTo(driver.seq());
        assertThat(none.more()).isFalse();
    }

    @Test
    void aSkuChangedAgainIsListedOnceAtItsLatestChange()
    {
        final long before = driver.seq();
        stock(driver, "A", "wh-sg", 11);
        stock(driver, "B", "wh-sg", 11);
        final long afterB = driver.seq();
        stock(driver, "A", "wh-sg", 12);

        assertThat(skus(changes(before, null, 10))).containsExactly("B", "A");
        assertThat(skus(changes(afterB, null, 10))).containsExactly("A");
    }

    /** A flash sale: one SKU changed by every command; a position from any of those commands lists it, once. */
    @Test
    void aSkuChangedByEveryCommandIsListedOnceFromAnyOfThem()
    {
        stock(driver, "A", "wh-sg", 1_000);
        final long first = driver.seq();
        for (int i = 0; i < 500; i++)
        {
            assertThat(driver.reserve("web", "c-" + i, null, MINUTE, "A:1").isOk()).isTrue();
        }
        assertThat(skus(changes(first, null, 10))).containsExactly("A");
        assertThat(skus(changes(driver.seq() - 1, null, 10))).containsExactly("A");
        assertThat(skus(changes(driver.seq() - 1, "A", 10))).containsExactly("A");
        assertThat(changes(driver.seq(), null, 10).items()).isEmpty();
        assertThat(changes(first, null, 10).items().get(0).reserved()).isEqualTo(500);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void pagesStopAtTheirLimitAndGoOnFromTheSkuTheyStoppedAt()
    {
        final long before = driver.seq();
        driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("", 4000));
        final long pools = driver.seq();

        final Views.StockChangesPage first = changes(before, null, 2);
        assertThat(skus(first)).containsExactly("A", "B");
        assertThat(first.more()).isTrue();
        assertThat(first.nextSeq()).isEqualTo(pools);
        assertThat(first.nextSku()).isEqualTo("B");
        final Views.StockChangesPage second = changes(first.nextSeq(), first.nextSku(), 2);
        assertThat(skus(second)).containsExactly("C", "BO");
        final Views.StockChangesPage third = changes(second.nextSeq(), second.nextSku(), 2);
        // A full page that leaves nothing says so: no cursor to an empty page.
        assertThat(skus(third)).containsExactly("LTD");
        assertThat(third.more()).isFalse();
        assertThat(third.nextSeq()).isEqualTo(pools);
        assertThat(third.nextSku()).isNull();
    }

    @Test
    void aFullPageThatLeavesNothingHasNoCursor()
    {
        final long before = driver.seq();
        stock(driver, "A", "wh-sg", 11);
        stock(driver, "B", "wh-sg", 11);

        final Views.StockChangesPage page = changes(before, null, 2);
        assertThat(skus(page)).containsExactly("A", "B");
        assertThat(page.more()).isFalse();
        assertThat(page.nextSku()).isNull();
    }

    @Test
    void aChannelsPoolsChangedListTheirSkusAndTheSamePoolsNone()
    {
        final long before = driver.seq();
        driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("", 5000));
        // The same pools again: no figure of any SKU moved.
        assertThat(changes(before, null, 10).items()).isEmpty();

        driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("B", 2000), new Cmd.Pool("", 5000));
        assertThat(skus(changes(before, null, 10))).containsExactly("B");
        final Views.StockChangesPage market = driver.queryStockChanges(before, null, 10, "market", "SG").stockChanges();
        assertThat(market.channel()).isEqualTo("market");
        assertThat(market.items().get(0).sku()).isEqualTo("B");
        assertThat(market.items().get(0).shareBps()).isEqualTo(2000);
    }

    @Test
    void aNodeSwitchedOffListsTheSkusStockedThereOnly()
    {
        final long before = driver.seq();
        SgNetwork.deactivate(driver, "store-orchard");
        assertThat(skus(changes(before, null, 10))).containsExactly("C");

        // Redefined as it is (a name or a cost changes no figure of the feed): nothing.
        final long again = driver.seq();
        SgNetwork.deactivate(driver, "store-orchard");
        assertThat(changes(again, null, 10).items()).isEmpty();
    }

    @Test
    void aNodeNoLongerShippingToACountryListsTheSkusStockedThere()
    {
        final long before = driver.seq();
        final SgNetwork.Node node = SgNetwork.NODES.get("wh-sg");
        driver.defineLocation("wh-sg", node.type(), node.latMicro(), node.lonMicro(), node.capabilities(), true, 0,
            SgNetwork.HANDLING, List.of("MY"));

        final Views.StockChangesPage page = driver.queryStockChanges(before, null, 10, "web", "SG").stockChanges();
        assertThat(skus(page)).containsExactly("A", "B");
        // Nothing left to ship to Singapore from there: what web may ship there fell to 0 (store-orchard keeps C).
        assertThat(page.items().get(0).toShip()).isZero();
    }

    /**
     * A new shipment limit lists every SKU (what one SHIP line may take is counted over that many nodes now:
     * ChannelStock, QA-257); the same limit again lists none.
     */
    @Test
    void aShipmentLimitChangedListsEverySku()
    {
        stock(driver, "A", "store-orchard", 4);
        final long before = driver.seq();
        assertThat(driver.policy(SgNetwork.withShipmentLimit(1)).code()).isEqualTo(ResultCode.OK);

        final Views.StockChangesPage page = driver.queryStockChanges(before, null, 10, "web", null).stockChanges();
        assertThat(skus(page)).as("every SKU defined").containsExactly("A", "B", "C", "BO", "LTD");
        assertThat(page.items().get(0).toShip()).as("wh-sg's 10, not with store-orchard's 4").isEqualTo(10);

        final long same = driver.seq();
        assertThat(driver.policy(SgNetwork.withShipmentLimit(1)).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.policy(SgNetwork.withShipmentLimit(1)).code()).isEqualTo(ResultCode.OK);
        assertThat(changes(same, null, 10).items()).isEmpty();
    }

    /** A store made a warehouse without SHIP ships no more (Location.canShip): what a channel may ship moved. */
    @Test
    void aNodeMadeAnotherTypeListsTheSkusStockedThere()
    {
        final long before = driver.seq();
        final SgNetwork.Node node = SgNetwork.NODES.get("store-orchard");
        driver.defineLocation("store-orchard", Codes.LocationType.WAREHOUSE, node.latMicro(), node.lonMicro(),
            node.capabilities(), true, 0, SgNetwork.HANDLING);

        final Views.StockChangesPage page = driver.queryStockChanges(before, null, 10, "web", null).stockChanges();
        assertThat(skus(page)).containsExactly("C");
        assertThat(page.items().get(0).toShip()).isZero();
    }

    /**
     * One SKU's pool changed lists that SKU only; the same pools in another order list none; the {@code *} pool's
     * share changed lists every SKU.
     */
    @Test
    void aPoolChangedListsTheSkusWhoseShareMoved()
    {
        driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("", 5000), new Cmd.Pool("B", 2000));
        final long before = driver.seq();
        driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("B", 2000), new Cmd.Pool("", 5000));
        assertThat(changes(before, null, 10).items()).isEmpty();

        driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("B", 3000), new Cmd.Pool("", 5000),
            new Cmd.Pool("C", 5000));
        // C's own pool gives it the share the * pool gave it: no figure of it moved.
        assertThat(skus(changes(before, null, 10))).containsExactly("B");

        final long every = driver.seq();
        // No * pool any more: every SKU (B's own share is the same, but the feed does not tell the two apart).
        driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("B", 3000));
        assertThat(skus(changes(every, null, 10))).containsExactly("A", "B", "C", "BO", "LTD");
    }

    /**
     * SKUs a command touches out of order (holds expiring in the order they were made) are listed in SKU order, as
     * pages need them.
     */
    @Test
    void skusTouchedOutOfOrderAreListedInSkuOrder()
    {
        stock(driver, "BO", "wh-sg", 5);
        stock(driver, "LTD", "wh-sg", 5);
        for (final String sku : new String[] {"LTD", "BO", "C", "B", "A"})
        {
            assertThat(driver.reserve("web", "c-" + sku, null, MINUTE, sku + ":1").isOk()).isTrue();
        }
        final long before = driver.seq();
        driver.advance(2 * MINUTE).tick();
        final long tick = driver.seq();

        assertThat(skus(changes(before, null, 10))).containsExactly("A", "B", "C", "BO", "LTD");
        assertThat(skus(changes(tick, "B", 10))).containsExactly("C", "BO", "LTD");
        final Views.StockChangesPage first = changes(before, null, 2);
        assertThat(skus(changes(first.nextSeq(), first.nextSku(), 10))).containsExactly("C", "BO", "LTD");
        assertThat(driver.checkInvariants()).isNull();
    }

    /**
     * SKUs changed in the reverse of their order, one command each, over three blocks of the record: each page is the
     * next 50 in order of change (every SKU scanned replaces the heap's last, the selection's hardest case), and a
     * poll from a recent point reads only what changed after it (Review-239).
     */
    @Test
    void skusChangedInReverseArePagedInOrderOfChange()
    {
        final EngineDriver many = new EngineDriver();
        many.defineLocation("wh");
        final int count = 2_600;
        for (int i = 0; i < count; i++)
        {
            many.defineSku(String.format("S%04d", i));
        }
        final long since = many.seq();
        for (int i = count - 1; i >= 0; i--)
        {
            many.setInventory(String.format("S%04d", i), "wh", 5, 0);
        }
        final List<String> expected = new java.util.ArrayList<>();
        for (int i = count - 1; i >= 0; i--)
        {
            expected.add(String.format("S%04d", i));
        }
        final Views.StockChangesPage first = many.queryStockChanges(since, null, 50, null, null).stockChanges();
        assertThat(skus(first)).isEqualTo(expected.subList(0, 50));
        assertThat(StockChangeFeedPropertyTest.walk(many, since, 50)).isEqualTo(expected);

        // The last 3 commands changed S0002, S0001, S0000: only the first block has anything after that point.
        assertThat(skus(many.queryStockChanges(many.seq() - 3, null, 50, null, null).stockChanges()))
            .containsExactly("S0002", "S0001", "S0000");
        assertThat(many.checkInvariants()).isNull();
    }

    /** A SKU id with a colon in it: a cursor names it whole (the gateway splits at the first colon). */
    @Test
    void aCursorAtASkuWithAColonGoesOnAfterIt()
    {
        driver.defineSku("X:1", 0, false);
        driver.defineSku("X:2", 0, false);
        final long before = driver.seq() - 2;
        final Views.StockChangesPage first = changes(before, null, 1);
        assertThat(first.nextSku()).isEqualTo("X:1");
        assertThat(skus(changes(first.nextSeq(), first.nextSku(), 10))).containsExactly("X:2");
    }

    /**
     * A backlog of every SKU (two pool changes over 10 500 SKUs): pages of 200 list each SKU once, in the order they
     * were defined (one command changed them all), the last page saying nothing is left.
     */
    @Test
    void aBacklogOfEverySkuPagesEachOnceInOrder()
    {
        final int count = 10_500;
        for (int i = 0; i < count; i++)
        {
            driver.defineSku(String.format("S%05d", i), 0, false);
        }
        driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("", 4000));
        driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("", 3000));
        final long pools = driver.seq();

        final List<String> walked = new java.util.ArrayList<>();
        Views.StockChangesPage page = changes(0, null, 200);
        walked.addAll(skus(page));
        int pages = 1;
        while (page.more())
        {
            assertThat(page.items()).hasSize(200);
            assertThat(page.nextSeq()).isEqualTo(pools);
            page = changes(page.nextSeq(), page.nextSku(), 200);
            walked.addAll(skus(page));
            pages++;
        }
        assertThat(walked).hasSize(driver.engine().catalog().skuCount()).doesNotHaveDuplicates();
        assertThat(walked.subList(0, 5)).containsExactly("A", "B", "C", "BO", "LTD");
        assertThat(walked.subList(5, walked.size())).isSorted();
        assertThat(page.nextSeq()).isEqualTo(pools);
        assertThat(pages).isEqualTo((count + 5 + 199) / 200);
    }

    /**
     * A page reads at most 100 000 stock cells (as the full feed's): 170 SKUs stocked at 600 nodes each fill it
     * before its limit of 200, and the next page goes on after the SKU it stopped at.
     */
    @Test
    void aPageEndsAtItsBudgetOfCellsAndGoesOn()
    {
        final EngineDriver wide = new EngineDriver();
        for (int n = 0; n < 600; n++)
        {
            wide.defineLocation("n" + n);
        }
        for (int s = 0; s < 170; s++)
        {
            wide.defineSku(String.format("W%03d", s));
            for (int n = 0; n < 600; n++)
            {
                wide.setInventory(String.format("W%03d", s), "n" + n, 1, 0);
            }
        }
        final Views.StockChangesPage first = wide.queryStockChanges(0, null, 200, null, null).stockChanges();
        // 601 cells' worth a SKU: the page ends at the SKU that spent the last of 100 000.
        assertThat(first.items()).hasSize(100_000 / 601 + 1);
        assertThat(first.more()).isTrue();
        final Views.StockChangesPage second = wide.queryStockChanges(first.nextSeq(), first.nextSku(), 200, null, null)
            .stockChanges();
        assertThat(second.items()).hasSize(170 - first.items().size());
        assertThat(second.more()).isFalse();
        assertThat(second.items().get(0).sku()).isEqualTo(String.format("W%03d", first.items().size()));
    }

    @Test
    void aRefusedCommandListsNothing()
    {
        final long before = driver.seq();
        assertThat(driver.placeOrder("A:99").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.cancelOrder(123_456, "A:1").isOk()).isFalse();

        assertThat(changes(before, null, 10).items()).isEmpty();
    }

    @Test
    void aNewSkuAndAWaitingBackorderAreListed()
    {
        final long before = driver.seq();
        driver.defineSku("NEW", 0, false);
        assertThat(skus(changes(before, null, 10))).containsExactly("NEW");

        final long placed = driver.seq();
        final long id = driver.placeOrder("BO:2").orderId();
        final Views.StockChangesPage page = changes(placed, null, 10);
        assertThat(skus(page)).containsExactly("BO");
        assertThat(page.items().get(0).backordered()).isEqualTo(2);

        final long cancelled = driver.seq();
        driver.advance(MINUTE).cancelOrder(id);
        assertThat(changes(cancelled, null, 10).items().get(0).backordered()).isZero();
    }

    @Test
    void aPositionAfterTheLastCommandOrAtASkuThereIsNoneOfIsRefused()
    {
        assertThat(driver.queryStockChanges(driver.seq() + 1, null, 10, null, null).code())
            .isEqualTo(ResultCode.UNKNOWN_CURSOR);
        assertThat(driver.queryStockChanges(1, "NOPE", 10, null, null).code()).isEqualTo(ResultCode.UNKNOWN_CURSOR);
        assertThat(driver.queryStockChanges(-1, null, 10, null, null).code()).isEqualTo(ResultCode.MALFORMED_COMMAND);
        assertThat(driver.queryStockChanges(0, null, 0, null, null).code()).isEqualTo(ResultCode.MALFORMED_COMMAND);
        assertThat(driver.queryStockChanges(0, null, 10, "bad id", null).code())
            .isEqualTo(ResultCode.MALFORMED_COMMAND);
        // From the start: every SKU, each once.
        assertThat(skus(changes(0, null, 200))).containsExactlyInAnyOrder("A", "B", "C", "BO", "LTD");
    }

    @Test
    void aSkuChangedAgainAndAgainIsListedOnceAtItsLatestChange()
    {
        final long before = driver.seq();
        for (int i = 0; i < 5_000; i++)
        {
            stock(driver, i % 2 == 0 ? "A" : "B", "wh-sg", 20 + i % 7);
        }
        assertThat(skus(changes(before, null, 10))).containsExactly("A", "B");
        assertThat(skus(changes(0, null, 10))).containsExactly("BO", "LTD", "C", "A", "B");
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aSnapshotKeepsWhenEachSkuChanged()
    {
        final long before = driver.seq();
        stock(driver, "B", "wh-sg", 3);
        final long afterB = driver.seq();
        driver.placeOrder("A:1");

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.snapshot()).isEqualTo(driver.snapshot());
        assertThat(restored.queryStockChanges(before, null, 10, null, null).stockChanges())
            .isEqualTo(changes(before, null, 10));
        assertThat(skus(restored.queryStockChanges(afterB, null, 10, null, null).stockChanges()))
            .containsExactly("A");
        assertThat(restored.checkInvariants()).isNull();
    }

    private Views.StockChangesPage changes(final long since, final String sku, final int limit)
    {
        final var result = driver.queryStockChanges(since, sku, limit, null, null);
        assertThat(result.code()).isEqualTo(ResultCode.OK);
        return result.stockChanges();
    }

    private static List<String> skus(final Views.StockChangesPage page)
    {
        return page.items().stream().map(Views.StockItem::sku).toList();
    }
}
