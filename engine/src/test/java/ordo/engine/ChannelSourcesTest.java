package ordo.engine;

import static ordo.engine.SgNetwork.HANDLING;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.SourcingReason;
import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/**
 * A channel kept to some locations (its {@code sourcesFrom}; rules version 17): its SHIP lines take units there only,
 * for a placement, a backorder fill and a converted node hold alike; its pickups and holds elsewhere are refused; what
 * it may hold against the network and sell counts its locations only. On {@link SgNetwork}: customers in Bishan;
 * store-orchard (5.4 km, ships from store) is nearer than wh-sg (12 km); wh-kl is 312 km away.
 */
class ChannelSourcesTest
{
    private static final long TEN_MINUTES = 600_000;

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    /** Keeps web (no pool) to {@code locations} (none: every location). */
    private void keepWeb(final String... locations)
    {
        assertThat(driver.defineChannel("web", Codes.ChannelKind.WEB, List.of(locations)).code())
            .isEqualTo(ResultCode.OK);
    }

    @Test
    void aChannelKeptToItsWarehousesShipsFromThemThoughAStoreIsNearerAndCheaper()
    {
        stock(driver, "A", "store-orchard", 5);
        stock(driver, "A", "wh-sg", 2);
        final OrderViews.Sourcing anywhere = driver.sourcing(driver.placeOrder("A:1").orderId());
        assertThat(anywhere.candidate("store-orchard").reason()).isEqualTo(SourcingReason.SELECTED);

        keepWeb("wh-sg", "wh-kl");

        final Result kept = driver.ordering().customer("c-2").line("A", 1).submit();
        final OrderViews.Sourcing sourcing = driver.sourcing(kept.orderId());
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(sourcing.candidate("store-orchard").reason()).isEqualTo(SourcingReason.CHANNEL_NOT_SERVED);
        assertThat(sourcing.candidate("store-orchard").atp())
            .as("its own units are shown, as beside any reason, not web's cap of 2 (Review-241)").containsExactly(4L);
        assertThat(sourcing.candidate("wh-sg").atp()).containsExactly(2L);
        assertThat(driver.order(kept.orderId()).allocatedAt("A", "wh-sg")).isEqualTo(1);

        final Result app = driver.ordering().channel("app").customer("c-3").line("A", 1).submit();
        assertThat(driver.order(app.orderId()).allocatedAt("A", "store-orchard")).as("another channel is not kept")
            .isEqualTo(1);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void anOrderWhoseStockIsOnlyWhereItsChannelDoesNotSourceIsRefusedNamingTheRule()
    {
        keepWeb("wh-sg");
        stock(driver, "A", "wh-sg", 1);
        stock(driver, "A", "wh-kl", 4);
        stock(driver, "A", "store-orchard", 3);
        final long hash = driver.stateHash();

        final Result refused = driver.ordering().line("A", 2).submit();

        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.a()).as("what wh-sg has").isEqualTo(1);
        assertThat(refused.b() >> 8).as("the units where web does not take stock").isEqualTo(7);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.CHANNEL_NOT_SERVED.code());
        assertThat(driver.stateHash()).as("nothing changed").isEqualTo(hash);
        assertThat(driver.ordering().channel("app").line("A", 2).submit().code()).isEqualTo(ResultCode.OK);
    }

    /**
     * Another channel's order, node hold or fill takes no unit behind a kept channel's network hold: the hold stays
     * convertible at its locations (Review-241, QA-241: an app order took wh-sg's 3 units behind web's hold of 3).
     */
    @Test
    void anotherChannelLeavesAKeptChannelsNetworkHoldItsUnits()
    {
        keepWeb("wh-sg");
        stock(driver, "A", "wh-sg", 3);
        stock(driver, "A", "wh-kl", 10);
        final Result hold = driver.reserve("web", "c-1", null, TEN_MINUTES, "A:3");
        assertThat(hold.code()).isEqualTo(ResultCode.OK);

        final Result app = driver.ordering().channel("app").customer("c-2").line("A", 3).submit();
        assertThat(app.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(app.orderId()).allocatedAt("A", "wh-kl")).as("the farther node, wh-sg's are web's")
            .isEqualTo(3);
        final OrderViews.Sourcing sourcing = driver.sourcing(app.orderId());
        assertThat(sourcing.candidate("wh-sg").reason()).isEqualTo(SourcingReason.OUT_OF_STOCK);
        assertThat(driver.reserve("app", "c-3", "wh-sg", TEN_MINUTES, "A:1").code()).as("a node hold there")
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.channelStock("A", "app").at("wh-sg")).isZero();
        assertThat(driver.channelStock("A", "app").toShip()).isEqualTo(7);
        assertThat(driver.channelStock("A", "web").at("wh-sg")).as("web's own hold is its own").isZero();
        assertThat(driver.checkInvariants()).isNull();

        final Result converted = driver.ordering().customer("c-1").reservation(hold.reservationId()).line("A", 3)
            .submit();
        assertThat(converted.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(converted.orderId()).allocatedAt("A", "wh-sg")).isEqualTo(3);
        assertThat(driver.checkInvariants()).isNull();
    }

    /** A fill of another channel's backorder waits rather than take the units behind a kept channel's hold. */
    @Test
    void anotherChannelsBackorderWaitsRatherThanTakeAKeptChannelsHeldUnits()
    {
        keepWeb("wh-sg");
        stock(driver, "BO", "wh-sg", 1);
        final Result hold = driver.reserve("web", "c-1", null, TEN_MINUTES, "BO:1");
        assertThat(hold.code()).isEqualTo(ResultCode.OK);
        final long waiting = driver.ordering().channel("app").customer("c-2").line("BO", 2).submit().orderId();
        assertThat(driver.order(waiting).line("BO").backordered()).as("wh-sg's unit is web's").isEqualTo(2);

        driver.adjust("BO", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(waiting).allocatedAt("BO", "wh-sg")).as("the unit received").isEqualTo(1);
        assertThat(driver.order(waiting).line("BO").backordered()).isEqualTo(1);
        assertThat(driver.checkInvariants()).isNull();
        final Result converted = driver.ordering().customer("c-1").reservation(hold.reservationId()).line("BO", 1)
            .submit();
        assertThat(converted.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(converted.orderId()).allocatedAt("BO", "wh-sg")).isEqualTo(1);
    }

    /**
     * Nested lists: a marketplace kept to wh-sg inside the web kept to wh-sg and wh-kl. The marketplace's hold takes
     * wh-sg's units; the web's is placed on wh-kl; an app order then gets neither's.
     */
    @Test
    void nestedListsEachKeepTheirHoldsUnits()
    {
        keepWeb("wh-sg", "wh-kl");
        assertThat(driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, List.of("wh-sg")).code())
            .isEqualTo(ResultCode.OK);
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "A", "wh-kl", 2);
        stock(driver, "A", "store-orchard", 1);
        assertThat(driver.reserve("web", "c-1", null, TEN_MINUTES, "A:2").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.channelStock("A", "market").toSell()).as("web's hold may stand at wh-kl").isEqualTo(2);
        assertThat(driver.reserve("market", "c-2", null, TEN_MINUTES, "A:2").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.channelStock("A", "web").toSell()).isZero();
        assertThat(driver.reserve("web", "c-3", null, TEN_MINUTES, "A:1").code()).as("wh-sg's units are market's")
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.channelStock("A", "app").toSell()).isEqualTo(1);
        assertThat(driver.ordering().channel("app").line("A", 2).submit().code())
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.ordering().channel("app").line("A", 1).submit().code()).isEqualTo(ResultCode.OK);
        assertThat(driver.checkInvariants()).isNull();
    }

    /**
     * Lists that overlap without one holding the other: web [wh-sg, wh-kl] and app [wh-sg, store-orchard]. Placed in
     * order, web's hold would stand at wh-sg, where app's must; it moves to wh-kl instead (an augmenting path), so an
     * order of a third channel takes neither and both holds convert.
     */
    @Test
    void overlappingListsMoveAHoldWhereAnotherHoldNeedsItsUnits()
    {
        keepWeb("wh-sg", "wh-kl");
        assertThat(driver.defineChannel("app", Codes.ChannelKind.APP, List.of("wh-sg", "store-orchard")).code())
            .isEqualTo(ResultCode.OK);
        stock(driver, "A", "wh-sg", 1);
        stock(driver, "A", "wh-kl", 1);
        stock(driver, "A", "store-orchard", 0);
        stock(driver, "A", "wh-jkt", 5);
        final Result appHold = driver.reserve("app", "c-1", null, TEN_MINUTES, "A:1");
        assertThat(appHold.code()).isEqualTo(ResultCode.OK);
        final Result webHold = driver.reserve("web", "c-2", null, TEN_MINUTES, "A:1");
        assertThat(webHold.code()).isEqualTo(ResultCode.OK);
        driver.checkInvariants();

        final Result other = driver.ordering().channel("pos").customer("c-3").line("A", 1).submit();

        assertThat(other.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(other.orderId()).allocatedAt("A", "wh-jkt")).as("wh-sg and wh-kl are set aside")
            .isEqualTo(1);
        assertThat(driver.checkInvariants()).isNull();
        assertThat(driver.ordering().channel("app").customer("c-1").reservation(appHold.reservationId()).line("A", 1)
            .submit().code()).isEqualTo(ResultCode.OK);
        assertThat(driver.ordering().customer("c-2").reservation(webHold.reservationId()).line("A", 1).submit().code())
            .isEqualTo(ResultCode.OK);
    }

    /**
     * A list change that would leave another kept channel's network hold without units is refused, and changes
     * nothing (Review-243: keeping web to wh-sg left app's hold there, untouched, with nothing to convert on).
     */
    @Test
    void aListThatWouldLeaveKeptHoldsWithoutUnitsIsRefused()
    {
        assertThat(driver.defineChannel("app", Codes.ChannelKind.APP, List.of("wh-sg")).code())
            .isEqualTo(ResultCode.OK);
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "A", "wh-kl", 2);
        driver.checkInvariants();
        final Result appHold = driver.reserve("app", "c-1", null, TEN_MINUTES, "A:2");
        assertThat(appHold.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserve("web", "c-2", null, TEN_MINUTES, "A:2").code()).isEqualTo(ResultCode.OK);
        final long hash = driver.stateHash();

        final Result refused = driver.defineChannel("web", Codes.ChannelKind.WEB, List.of("wh-sg"));

        assertThat(refused.code()).isEqualTo(ResultCode.KEPT_HOLDS_SHORT);
        assertThat(refused.a()).as("the units left without a place").isEqualTo(2);
        assertThat(new String(refused.data(), 1, refused.data().length - 1, StandardCharsets.US_ASCII))
            .isEqualTo("A");
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.channel("web").sourcesFrom()).isEmpty();
        keepWeb("wh-kl", "wh-sg");
        assertThat(driver.checkInvariants()).isNull();
        assertThat(driver.defineChannel("web", Codes.ChannelKind.WEB, List.of("wh-sg")).code())
            .as("web's own hold, placed at wh-kl, would have nowhere to stand either")
            .isEqualTo(ResultCode.KEPT_HOLDS_SHORT);
        assertThat(driver.ordering().channel("app").customer("c-1").reservation(appHold.reservationId()).line("A", 2)
            .submit().code()).isEqualTo(ResultCode.OK);
        driver.adjust("A", "wh-sg", 2, Codes.AdjustmentReason.RECEIPT);
        keepWeb("wh-sg");
        assertThat(driver.checkInvariants()).as("with units at wh-sg again, web's hold stands there").isNull();
        assertThat(driver.channelStock("A", "app").at("wh-sg")).isZero();
    }

    /**
     * The first channel a fresh engine defines, before which no hold is counted per channel: its holds against the
     * network are read from the holds themselves (QA-244: it was kept to a location without its hold's unit).
     */
    @Test
    void theFirstChannelDefinedIsRefusedAListItsHoldsCannotConvertOn()
    {
        final EngineDriver fresh = new EngineDriver();
        for (final String node : List.of("wh-sg", "wh-kl"))
        {
            final SgNetwork.Node n = SgNetwork.NODES.get(node);
            assertThat(fresh.defineLocation(node, n.type(), n.latMicro(), n.lonMicro(), n.capabilities(), true, 0,
                HANDLING).code()).isEqualTo(ResultCode.OK);
        }
        assertThat(fresh.defineSku("A", 0, false).code()).isEqualTo(ResultCode.OK);
        stock(fresh, "A", "wh-kl", 1);
        assertThat(fresh.reserve("web", "c-1", null, TEN_MINUTES, "A:1").code()).isEqualTo(ResultCode.OK);
        final long hash = fresh.stateHash();

        final Result refused = fresh.defineChannel("web", Codes.ChannelKind.WEB, List.of("wh-sg"));

        assertThat(refused.code()).isEqualTo(ResultCode.KEPT_HOLDS_SHORT);
        assertThat(refused.a()).isEqualTo(1);
        assertThat(fresh.stateHash()).isEqualTo(hash);
        assertThat(fresh.query(new ordo.engine.testing.Query.Channel("web")).code())
            .isEqualTo(ResultCode.CHANNEL_NOT_FOUND);
        assertThat(fresh.defineChannel("web", Codes.ChannelKind.WEB, List.of("wh-kl")).code()).isEqualTo(ResultCode.OK);
        assertThat(fresh.checkInvariants()).isNull();
    }

    /**
     * A channel kept without a pool is bounded by its locations' ATP alone: its orders standing on a node's safety
     * stock after a DAMAGE take nothing from its other locations, as for a channel with no list (Review-241, QA-241).
     */
    @Test
    void aKeptChannelWithoutAPoolLosesNothingElsewhereToItsOwnOrdersAtANodeThatShrank()
    {
        keepWeb(SgNetwork.NODES.keySet().toArray(new String[0]));
        stock(driver, "A", "wh-sg", 10);
        stock(driver, "A", "wh-kl", 10);
        assertThat(driver.placeOrder("A:10").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.setInventory("A", "wh-sg", 10, 5).code()).isEqualTo(ResultCode.OK);

        assertThat(driver.channelStock("A", "web").toSell()).isEqualTo(10);
        final Result order = driver.ordering().customer("c-2").line("A", 10).submit();
        assertThat(order.code()).as("%s", order).isEqualTo(ResultCode.OK);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aRefusalCountsUnitsAtAnInactiveNodeTheChannelDoesNotListAsInactive()
    {
        stock(driver, "A", "wh-kl", 5);
        stock(driver, "A", "wh-sg", 1);
        SgNetwork.deactivate(driver, "wh-kl");
        keepWeb("wh-sg");

        final Result refused = driver.ordering().line("A", 2).submit();

        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.b() >> 8).isEqualTo(5);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.INACTIVE.code());
    }

    @Test
    void aPickupOrAHoldAtALocationTheChannelDoesNotSourceFromIsRefusedBeforeAnythingChanges()
    {
        keepWeb("wh-sg", "store-orchard");
        stock(driver, "A", "store-orchard", 2);
        stock(driver, "A", "store-tampines", 2);
        final long hash = driver.stateHash();

        final Result pickup = driver.ordering().pickupAt("store-tampines").line("A", 1).submit();
        assertThat(pickup.code()).isEqualTo(ResultCode.CHANNEL_NOT_SERVED);
        assertThat(pickup.a()).as("the pickup store").isEqualTo(1);
        final Result hold = driver.reserve("web", "c-1", "store-tampines", TEN_MINUTES, "A:1");
        assertThat(hold.code()).isEqualTo(ResultCode.CHANNEL_NOT_SERVED);
        assertThat(hold.a()).as("the hold's location").isZero();
        assertThat(driver.stateHash()).isEqualTo(hash);

        assertThat(driver.ordering().pickupAt("store-orchard").line("A", 1).submit().code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserve("web", "c-1", "store-orchard", TEN_MINUTES, "A:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.ordering().channel("app").pickupAt("store-tampines").line("A", 1).submit().code())
            .isEqualTo(ResultCode.OK);
    }

    @Test
    void aNetworkHoldOfAKeptChannelIsHeldToWhatItsLocationsHaveAndItsOrdersLeaveItBacked()
    {
        keepWeb("wh-sg");
        stock(driver, "A", "wh-sg", 3);
        stock(driver, "A", "wh-kl", 10);
        assertThat(driver.channelStock("A", "web").toSell()).isEqualTo(3);

        final Result tooMany = driver.reserve("web", "c-1", null, TEN_MINUTES, "A:4");
        assertThat(tooMany.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(tooMany.a()).as("available to web").isEqualTo(3);
        final Result hold = driver.reserve("web", "c-1", null, TEN_MINUTES, "A:2");
        assertThat(hold.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.channelStock("A", "web").toSell()).isEqualTo(1);
        assertThat(driver.channelStock("A", "web").networkHolds()).isEqualTo(2);

        assertThat(driver.ordering().customer("c-2").line("A", 2).submit().code())
            .as("the hold's units are not another web order's").isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.ordering().customer("c-2").line("A", 1).submit().code()).isEqualTo(ResultCode.OK);

        final Result converted = driver.ordering().reservation(hold.reservationId()).line("A", 2).submit();
        assertThat(converted.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(converted.orderId()).allocatedAt("A", "wh-sg")).isEqualTo(2);
        assertThat(driver.checkInvariants()).isNull();
    }

    /** As above with the SKU stocked at every node, which the planner reads by another path. */
    @Test
    void aSkuAtEveryNodeCountsTheKeptChannelsLocationsOnly()
    {
        keepWeb("wh-sg");
        for (final String node : SgNetwork.NODES.keySet())
        {
            stock(driver, "A", node, node.equals("wh-sg") ? 3 : 10);
        }
        assertThat(driver.reserve("web", "c-1", null, TEN_MINUTES, "A:3").code()).isEqualTo(ResultCode.OK);

        final Result refused = driver.ordering().customer("c-2").line("A", 1).submit();

        assertThat(refused.code()).as("wh-sg's units back web's hold").isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.ordering().channel("app").customer("c-2").line("A", 1).submit().code())
            .isEqualTo(ResultCode.OK);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aNodeHoldGivenBackWhereTheChannelNoLongerSourcesFreesNothingForIt()
    {
        stock(driver, "A", "wh-sg", 3);
        stock(driver, "A", "wh-kl", 5);
        final Result nodeHold = driver.reserve("web", "c-1", "wh-kl", TEN_MINUTES, "A:2");
        assertThat(nodeHold.code()).isEqualTo(ResultCode.OK);
        keepWeb("wh-sg");
        assertThat(driver.reserve("web", "c-2", null, TEN_MINUTES, "A:3").code()).isEqualTo(ResultCode.OK);

        final Result order = driver.ordering().reservation(nodeHold.reservationId()).line("A", 2).submit();

        assertThat(order.code()).as("wh-kl's units are not web's; wh-sg's back web's network hold")
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.inventory("A").at("wh-kl").reserved()).as("the hold is kept").isEqualTo(2);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aKeptChannelsPoolIsItsShareOfItsLocationsOnly()
    {
        assertThat(driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, List.of("wh-sg", "wh-kl"),
            new Cmd.Pool("", 5_000)).code()).isEqualTo(ResultCode.OK);
        stock(driver, "A", "wh-sg", 10);
        stock(driver, "A", "wh-kl", 10);
        stock(driver, "A", "store-orchard", 10);

        final Views.ChannelStock shown = driver.channelStock("A", "market");
        assertThat(shown.toSell()).as("half of wh-sg's and of wh-kl's").isEqualTo(10);
        assertThat(shown.at("store-orchard")).isZero();
        assertThat(shown.sourcedAt("store-orchard")).isFalse();
        assertThat(shown.sourcedAt("wh-kl")).isTrue();
        assertThat(shown.at("wh-kl")).isEqualTo(5);
        assertThat(driver.reserve("market", "c-1", null, TEN_MINUTES, "A:11").code())
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.reserve("market", "c-1", null, TEN_MINUTES, "A:10").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aBackorderOfAKeptChannelWaitsForStockAtItsLocationsAndIsFilledWhenTheListWidens()
    {
        keepWeb("wh-sg");
        stock(driver, "BO", "wh-sg", 0);
        stock(driver, "BO", "wh-kl", 0);
        final long waiting = driver.ordering().line("BO", 2).submit().orderId();
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);

        driver.adjust("BO", "wh-kl", 5, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(waiting).line("BO").backordered()).as("web does not take stock at wh-kl")
            .isEqualTo(2);
        assertThat(driver.engine().filler().passesOver(sku("BO"), 0, driver.now()))
            .as("no location of web's has a unit: the line is not read").isTrue();

        driver.adjust("BO", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT);
        assertThat(driver.order(waiting).allocatedAt("BO", "wh-sg")).isEqualTo(1);

        keepWeb("wh-sg", "wh-kl");

        assertThat(driver.order(waiting).allocatedAt("BO", "wh-kl")).as("web takes stock there now").isEqualTo(1);
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aPickupWaitingAtAStoreItsChannelNoLongerSourcesFromWaitsUnread()
    {
        stock(driver, "BO", "store-orchard", 0);
        final long waiting = driver.ordering().pickupAt("store-orchard").line("BO", 1).submit().orderId();
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);
        keepWeb("wh-sg");

        driver.adjust("BO", "store-orchard", 3, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);
        assertThat(driver.engine().filler().passesOver(sku("BO"), 0, driver.now())).isTrue();
        keepWeb();
        assertThat(driver.order(waiting).allocatedAt("BO", "store-orchard")).isEqualTo(1);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aNodeHoldAtALocationTheChannelNoLongerSourcesFromEndsAndTheOrderIsSourcedAfresh()
    {
        stock(driver, "A", "wh-kl", 2);
        stock(driver, "A", "wh-sg", 2);
        final Result hold = driver.reserve("web", "c-1", "wh-kl", TEN_MINUTES, "A:1");
        assertThat(hold.code()).isEqualTo(ResultCode.OK);
        keepWeb("wh-sg");

        final Result order = driver.ordering().reservation(hold.reservationId()).line("A", 1).submit();

        assertThat(order.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(order.orderId()).allocatedAt("A", "wh-sg")).isEqualTo(1);
        assertThat(driver.inventory("A").at("wh-kl").reserved()).as("the hold gave its unit back").isZero();
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void narrowingTheListKeepsWhatWasAllocatedAndHeldBefore()
    {
        stock(driver, "A", "wh-kl", 3);
        final long order = driver.placeOrder("A:2").orderId();
        assertThat(driver.reserve("web", "c-9", "wh-kl", TEN_MINUTES, "A:1").code()).isEqualTo(ResultCode.OK);

        keepWeb("wh-sg");

        assertThat(driver.order(order).allocatedAt("A", "wh-kl")).isEqualTo(2);
        assertThat(driver.inventory("A").at("wh-kl").reserved()).isEqualTo(1);
        assertThat(driver.checkInvariants()).isNull();
        assertThat(driver.cancelOrder(order, "A:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.inventory("A").at("wh-kl").atp()).isEqualTo(1);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aLocationDefinedAfterTheListIsNotInIt()
    {
        keepWeb("wh-sg");
        assertThat(driver.defineLocation("wh-new", Codes.LocationType.WAREHOUSE, 1_340_000, 103_850_000,
            Codes.CAP_SHIP, true, 0, HANDLING).code()).isEqualTo(ResultCode.OK);
        stock(driver, "A", "wh-new", 4);

        final Result refused = driver.ordering().line("A", 1).submit();

        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.CHANNEL_NOT_SERVED.code());
        keepWeb("wh-sg", "wh-new");
        assertThat(driver.ordering().line("A", 1).submit().code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void aListIsCheckedBeforeAnythingChangesAndADefinitionWithoutOneTakesStockAnywhere()
    {
        final long hash = driver.stateHash();
        final Result unknown = driver.defineChannel("web", Codes.ChannelKind.WEB, List.of("wh-sg", "wh-nowhere"));
        assertThat(unknown.code()).isEqualTo(ResultCode.UNKNOWN_LOCATION);
        assertThat(unknown.a()).as("a location of the list").isEqualTo(ChannelCommands.SOURCES_FIELD);
        assertThat(unknown.d()).as("its position").isEqualTo(1);
        assertThat(new String(unknown.data(), 1, unknown.data().length - 1, StandardCharsets.US_ASCII))
            .isEqualTo("wh-nowhere");
        final Result twice = driver.defineChannel("web", Codes.ChannelKind.WEB, List.of("wh-sg", "wh-kl", "wh-sg"));
        assertThat(twice.code()).isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(twice.a()).isEqualTo(ChannelCommands.SOURCES_FIELD);
        assertThat(twice.d()).isEqualTo(2);
        assertThat(driver.stateHash()).isEqualTo(hash);

        keepWeb("wh-kl", "wh-sg");
        assertThat(driver.channel("web").sourcesFrom()).as("as listed").containsExactly("wh-kl", "wh-sg");
        assertThat(driver.stateHash()).isNotEqualTo(hash);
        keepWeb();
        assertThat(driver.channel("web").sourcesFrom()).isEmpty();
        assertThat(driver.stateHash()).as("a channel kept to no list hashes as before lists").isEqualTo(hash);
    }

    @Test
    void listsSurviveASnapshotAndJoinTheStateHash()
    {
        keepWeb("wh-jkt", "wh-sg");
        stock(driver, "BO", "wh-kl", 3);
        final long waiting = driver.ordering().line("BO", 1).submit().orderId();
        final long hash = driver.stateHash();

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());

        assertThat(restored.stateHash()).isEqualTo(hash);
        assertThat(restored.channel("web").sourcesFrom()).containsExactly("wh-jkt", "wh-sg");
        assertThat(restored.channel("app").sourcesFrom()).isEmpty();
        restored.adjust("BO", "wh-kl", 1, Codes.AdjustmentReason.RECEIPT);
        assertThat(restored.order(waiting).status()).as("still none from wh-kl for web")
            .isEqualTo(OrderStatus.BACKORDERED);
        restored.adjust("BO", "wh-jkt", 1, Codes.AdjustmentReason.RECEIPT);
        assertThat(restored.order(waiting).allocatedAt("BO", "wh-jkt")).isEqualTo(1);
        assertThat(restored.checkInvariants()).isNull();
    }

    @Test
    void theChannelsFiguresCountItsLocationsOnlyAndTheFeedListsEverySkuWhenTheListChanges()
    {
        stock(driver, "A", "wh-sg", 3);
        stock(driver, "A", "store-orchard", 4);
        stock(driver, "B", "wh-kl", 2);
        assertThat(driver.channelStock("A", "web").toShip()).isEqualTo(7);
        final long before = driver.seq();

        keepWeb("wh-sg", "wh-kl");

        final Views.ChannelStock a = driver.channelStock("A", "web");
        assertThat(a.toSell()).isEqualTo(3);
        assertThat(a.toShip()).isEqualTo(3);
        assertThat(a.at("store-orchard")).isZero();
        assertThat(a.sourcedAt("store-orchard")).isFalse();
        assertThat(a.at("wh-sg")).isEqualTo(3);
        assertThat(a.networkHolds()).as("counted: its locations' total bounds it").isZero();
        assertThat(driver.channelStock("A", "app").sourcedAt("store-orchard")).isTrue();
        assertThat(driver.channelStock("A", "app").toShip()).isEqualTo(7);
        assertThat(driver.queryStockChanges(before, null, 200, "web", null).stockChanges().items())
            .as("what web may sell of every SKU is counted over other locations")
            .hasSize(driver.engine().catalog().skuCount());
        final long after = driver.seq();
        keepWeb("wh-kl", "wh-sg");
        assertThat(driver.queryStockChanges(after, null, 200, "web", null).stockChanges().items())
            .as("the same locations in another order change nothing").isEmpty();
    }

    @Test
    void theJournalDumpReadsTheListByTheRulesVersionOfItsRecord()
    {
        final PayloadWriter w = new PayloadWriter();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        w.wrap(buffer, 0);
        CommandCodec.defineChannel(w, 0, 0, "market", Codes.ChannelKind.MARKETPLACE, "Shopee", 1);
        CommandCodec.channelPool(w, "", 5_000);
        CommandCodec.channelSources(w, List.of("wh-sg", "wh-kl"));
        final Map<String, Object> fields = CommandDescriber.describe(CommandType.DEFINE_CHANNEL, buffer, 0,
            w.length());
        assertThat(fields.get("sourcesFrom")).isEqualTo(List.of("wh-sg", "wh-kl"));

        w.wrap(buffer, 0);
        CommandCodec.defineChannel(w, 0, 0, "market", Codes.ChannelKind.MARKETPLACE, "Shopee", 0);
        CommandCodec.channelSources(w, List.of());
        assertThat(CommandDescriber.describe(CommandType.DEFINE_CHANNEL, buffer, 0, w.length()).get("sourcesFrom"))
            .as("every location").isNull();
        // Under version 16 the record ends with its pools: no list is read.
        final Map<String, Object> old = CommandDescriber.describe(CommandType.DEFINE_CHANNEL, buffer, 0,
            w.length() - 2, Engine.CHANNEL_SOURCES_RULES - 1);
        assertThat(old).doesNotContainKey("sourcesFrom").containsEntry("name", "Shopee");
    }

    private Sku sku(final String id)
    {
        final byte[] bytes = id.getBytes(StandardCharsets.US_ASCII);
        return driver.engine().catalog().sku(new ByteSlice().wrap(new UnsafeBuffer(bytes), 0, bytes.length));
    }
}
