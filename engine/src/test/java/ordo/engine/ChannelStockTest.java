package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/**
 * What a channel may sell of a SKU ({@code GET /v1/inventory/{sku}?channel=}; {@link ChannelStock}): a connector
 * publishing stock to a marketplace read the network's ATP, which a pooled channel cannot all take (QA-211). The
 * figures must be what the channel's orders and holds can really take: the property places and holds exactly them,
 * and one more.
 */
class ChannelStockTest
{
    private static final String[] SKUS = {"A", "B", "C"};
    private static final String[] CHANNELS = {"web", "market", "social", "deal"};
    private static final String[] NODES = SgNetwork.NODES.keySet().toArray(new String[0]);
    private static final String[] PICKUP_STORES = {"store-orchard", "store-tampines", "wh-kl"};

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    @Test
    void anUnpooledChannelMaySellTheAtpAndShipFromTheNodesThatShip()
    {
        stockA();

        final Views.ChannelStock web = driver.channelStock("A", "web");

        assertThat(web.channel()).isEqualTo("web");
        assertThat(web.shareBps()).isEqualTo(Channel.FULL_SHARE_BPS);
        assertThat(web.at("wh-sg")).isEqualTo(10);
        assertThat(web.at("store-orchard")).isEqualTo(6);
        assertThat(web.at("store-tampines")).isEqualTo(8);
        assertThat(web.toSell()).isEqualTo(24);
        assertThat(web.toShip()).as("store-tampines offers pickup only").isEqualTo(16);
        assertThat(web.networkHolds()).isEqualTo(ChannelStock.NOT_POOLED);
        assertThat(web.poolShareAt("wh-sg")).isEqualTo(ChannelStock.NOT_POOLED);
        assertThat(web.takenAt("wh-sg")).isEqualTo(ChannelStock.NOT_POOLED);
    }

    /**
     * Under the sourcing policy's shipment limit a SHIP line ships from that many nodes at most: what it may take is
     * the units of the nodes with most of them (counted over every node, a connector published 6 where an order of
     * 6 was refused SHIPMENT_LIMIT; QA-257). What a hold may take, and each node's figure, stay as they were.
     */
    @Test
    void underAShipmentLimitASHIPLineMayTakeTheNodesWithMostUnits()
    {
        stockA();
        stock(driver, "A", "wh-kl", 7);
        final long[] expected = {23, 10, 17, 23};
        for (int limit = 0; limit <= 3; limit++)
        {
            assertThat(driver.policy(SgNetwork.withShipmentLimit(limit)).code()).isEqualTo(ResultCode.OK);
            final Views.ChannelStock web = driver.channelStock("A", "web");
            assertThat(web.toShip()).as("limit %d", limit).isEqualTo(expected[limit]);
            assertThat(web.toSell()).isEqualTo(31);
            assertThat(web.at("wh-kl")).isEqualTo(7);
            final byte[] snapshot = driver.snapshot();
            assertThat(shipped(snapshot, "web", "A", web.toShip(), "SG")).as("limit %d", limit)
                .isEqualTo(web.toShip());
            assertThat(shipped(snapshot, "web", "A", web.toShip() + 1, "SG")).as("limit %d", limit).isZero();
        }
    }

    @Test
    void aPooledChannelMaySellItsShareLessWhatItTookAndHolds()
    {
        stockA();

        final Views.ChannelStock fresh = driver.channelStock("A", "market");
        assertThat(fresh.shareBps()).isEqualTo(5_000);
        assertThat(fresh.at("wh-sg")).isEqualTo(5);
        assertThat(fresh.at("store-orchard")).isEqualTo(3);
        assertThat(fresh.at("store-tampines")).isEqualTo(4);
        assertThat(fresh.toSell()).isEqualTo(12);
        assertThat(fresh.toShip()).isEqualTo(8);
        assertThat(fresh.networkHolds()).isZero();

        assertThat(driver.ordering().channel("market").customer("m-1").pickupAt("store-tampines").line("A", 3)
            .submit().code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserving().channel("market").customer("m-2").line("A", 2).submit().code())
            .isEqualTo(ResultCode.OK);

        final Views.ChannelStock after = driver.channelStock("A", "market");
        assertThat(after.poolShareAt("store-tampines")).isEqualTo(4);
        assertThat(after.takenAt("store-tampines")).isEqualTo(3);
        assertThat(after.at("store-tampines")).isEqualTo(1);
        assertThat(after.networkHolds()).isEqualTo(2);
        assertThat(after.toSell()).as("5 + 3 + 1 pooled, less the 2 held").isEqualTo(7);
        assertThat(after.toShip()).isEqualTo(7);
        assertThat(after.at("wh-sg")).isEqualTo(5);
        assertThat(driver.channelStock("A", "web").toSell()).as("web: 24 less 3 ordered and 2 held").isEqualTo(19);

        SgNetwork.deactivate(driver, "wh-sg");

        final Views.ChannelStock closed = driver.channelStock("A", "market");
        assertThat(closed.at("wh-sg")).isZero();
        assertThat(closed.toSell()).as("3 + 1 pooled, less the 2 held").isEqualTo(2);
        assertThat(closed.at("store-orchard")).as("no more than the channel may sell").isEqualTo(2);
        assertThat(closed.toShip()).isEqualTo(2);
    }

    /** Review-215: floored per node, the pooled total let the channel take the excess a converted hold left. */
    @Test
    void aConvertedHoldOverItsShareAtOneNodeCountsAgainstTheOthers()
    {
        stock(driver, "A", "wh-sg", 10);
        stock(driver, "A", "wh-kl", 10);
        final long hold = driver.reserving().channel("market").customer("m-1").line("A", 10).submit().reservationId();
        assertThat(driver.ordering().channel("market").customer("m-1").reservation(hold).line("A", 10).submit()
            .code()).isEqualTo(ResultCode.OK);

        final Views.ChannelStock market = driver.channelStock("A", "market");

        assertThat(market.takenAt("wh-sg") - market.poolShareAt("wh-sg")).as("5 over its share at wh-sg")
            .isEqualTo(5);
        assertThat(market.at("wh-kl")).as("wh-kl's 5, capped by the network").isZero();
        assertThat(market.toSell()).isZero();
        assertThat(driver.reserving().channel("market").customer("m-2").line("A", 1).submit().code())
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
    }

    @Test
    void aChannelNeverDefinedHasNoPoolAndAskingChangesNothing()
    {
        stockA();
        driver.reserving().channel("social").customer("s-1").at("wh-sg").line("A", 4).submit();
        final long before = driver.stateHash();
        final byte[] snapshot = driver.snapshot();

        final Views.ChannelStock social = driver.channelStock("A", "social");

        assertThat(social.shareBps()).isEqualTo(Channel.FULL_SHARE_BPS);
        assertThat(social.at("wh-sg")).isEqualTo(6);
        assertThat(social.toSell()).isEqualTo(20);
        assertThat(driver.inventory("A").channel()).as("asked for no channel").isNull();
        assertThat(driver.stateHash()).isEqualTo(before);
        assertThat(driver.snapshot()).isEqualTo(snapshot);
    }

    @Test
    void aRowOfPickupsWaitingWithoutStockSellsNothing()
    {
        stock(driver, "BO", "wh-sg", 5);
        assertThat(driver.ordering().customer("p-1").pickupAt("store-tampines").line("BO", 2).submit().code())
            .isEqualTo(ResultCode.OK);

        final Views.ChannelStock market = driver.channelStock("BO", "market");

        assertThat(market.locations()).containsExactly("wh-sg", "store-tampines");
        assertThat(market.at("store-tampines")).isZero();
        assertThat(market.poolShareAt("store-tampines")).isZero();
        assertThat(market.at("wh-sg")).isEqualTo(2);
    }

    @Test
    void anEmptyOrTrailingChannelIsMalformed()
    {
        stockA();

        assertThat(driver.queryInventory("A", "").code()).isEqualTo(ResultCode.MALFORMED_COMMAND);
        assertThat(driver.query(CommandType.QUERY_INVENTORY, w -> w.putAscii("A").putAscii("web").putByte(0)).code())
            .isEqualTo(ResultCode.MALFORMED_COMMAND);
        assertThat(driver.queryInventory("NOPE", "web").code()).isEqualTo(ResultCode.SKU_NOT_FOUND);
    }

    /**
     * Over random stock, holds, orders, cancellations and nodes switched off: a network hold of exactly what the
     * channel may sell is granted and one more is refused; so is a SHIP order of what it may ship, and a hold at a
     * node of what it may sell there.
     */
    @Property(tries = 200)
    void whatIsShownCanBeTakenAndNoMore(@ForAll final long seed)
    {
        final EngineDriver world = new EngineDriver();
        SgNetwork.define(world);
        final SplittableRandom random = new SplittableRandom(seed);
        redefineDeal(world, random);
        if (random.nextInt(3) == 0)
        {
            // A shipment limit: a SHIP line ships from the nodes with most units only (QA-257).
            assertThat(world.policy(SgNetwork.withShipmentLimit(1 + random.nextInt(3))).code())
                .isEqualTo(ResultCode.OK);
        }
        // Some nodes ship to some countries only: a SHIP line's figure is then asked for its country.
        for (final String node : NODES)
        {
            if (random.nextInt(3) == 0)
            {
                final SgNetwork.Node n = SgNetwork.NODES.get(node);
                assertThat(world.defineLocation(node, n.type(), n.latMicro(), n.lonMicro(), n.capabilities(), true, 0,
                    SgNetwork.HANDLING, COUNTRY_LISTS.get(random.nextInt(COUNTRY_LISTS.size()))).code())
                    .isEqualTo(ResultCode.OK);
            }
        }
        final List<Long> orders = new ArrayList<>();
        final List<Long> holds = new ArrayList<>();
        // From here every command is checked against the grant rules: among them, no channel takes the units behind
        // a kept channel's network holds (GrantFigures, KeptHolds).
        assertThat(world.checkInvariants()).isNull();
        for (int step = 0; step < 40; step++)
        {
            randomStep(world, random, orders, holds, step);
        }
        assertThat(world.checkInvariants()).isNull();
        final byte[] snapshot = world.snapshot();
        feedAgreesWithTheViews(world);
        for (int probe = 0; probe < 6; probe++)
        {
            final String sku = SKUS[random.nextInt(SKUS.length)];
            final String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            final Views.ChannelStock shown = world.channelStock(sku, channel);
            final String context = channel + " " + sku + " " + shown;

            assertThat(networkHold(snapshot, channel, sku, shown.toSell())).as(context).isTrue();
            assertThat(networkHold(snapshot, channel, sku, shown.toSell() + 1)).as(context).isFalse();
            final String country = random.nextBoolean() ? "SG" : "MY";
            final Views.ChannelStock toCountry = world.channelStock(sku, channel, country);
            final String shipContext = context + " to " + country + " " + toCountry;
            assertThat(toCountry.toSell()).as("what it may sell is the same wherever it ships").isEqualTo(shown.toSell());
            assertThat(toCountry.toShip()).as(shipContext).isLessThanOrEqualTo(shown.toShip());
            assertThat(shipped(snapshot, channel, sku, toCountry.toShip(), country)).as(shipContext)
                .isEqualTo(toCountry.toShip());
            assertThat(shipped(snapshot, channel, sku, toCountry.toShip() + 1, country)).as(shipContext).isZero();
            if (!anyList(world))
            {
                assertThat(toCountry.toShip()).as("no node lists countries").isEqualTo(shown.toShip());
                assertThat(shipped(snapshot, channel, sku, shown.toShip(), "SG")).as(context).isEqualTo(shown.toShip());
            }
            for (final String node : NODES)
            {
                if (!shown.locations().contains(node) || !world.location(node).active())
                {
                    continue;
                }
                final long at = shown.at(node);
                if (!shown.sourcedAt(node))
                {
                    assertThat(at).as(context + " at " + node + ", which it is kept from").isZero();
                }
                assertThat(nodeHold(snapshot, channel, sku, node, at)).as(context + " at " + node).isTrue();
                assertThat(nodeHold(snapshot, channel, sku, node, at + 1)).as(context + " at " + node).isFalse();
                if ((world.location(node).capabilities() & Codes.CAP_PICKUP) != 0)
                {
                    assertThat(pickedUp(snapshot, channel, sku, node, at)).as(context + " picked up at " + node)
                        .isEqualTo(at);
                    assertThat(pickedUp(snapshot, channel, sku, node, at + 1)).as(context + " picked up at " + node)
                        .isZero();
                }
            }
        }
    }

    /** The stock feed, walked in pages for every channel, shows each SKU as its INVENTORY view and channel figures. */
    private static void feedAgreesWithTheViews(final EngineDriver world)
    {
        // And a node's stock page, with a channel, what the channel may take there (QA-220).
        for (final String node : NODES)
        {
            for (final String channel : new String[] {"web", "market", "deal"})
            {
                String after = null;
                do
                {
                    final Views.LocationStockPage page = world.queryLocationStock(node, after, 2, channel)
                        .locationStock();
                    assertThat(page.channel()).isEqualTo(channel);
                    for (int i = 0; i < page.skus().size(); i++)
                    {
                        assertThat(page.availableToSell().get(i)).as(channel + " " + page.skus().get(i) + " at " + node)
                            .isEqualTo(world.channelStock(page.skus().get(i), channel).at(node));
                    }
                    after = page.next();
                }
                while (after != null);
            }
        }
        for (final String channel : new String[] {null, "web", "market", "deal"})
        {
            final List<Views.StockItem> walked = new ArrayList<>();
            String after = null;
            do
            {
                final Views.StockPage page = world.queryStock(after, 2, channel).stock();
                assertThat(page.channel()).isEqualTo(channel);
                walked.addAll(page.items());
                after = page.next();
            }
            while (after != null);
            assertThat(walked.stream().map(Views.StockItem::sku).toList())
                .containsExactly("A", "B", "C", "BO", "LTD");
            for (final Views.StockItem item : walked)
            {
                final Views.Inventory view = world.inventory(item.sku());
                assertThat(List.of(item.onHand(), item.reserved(), item.allocated(), item.atp(), item.backordered(),
                    item.networkHolds())).isEqualTo(List.of(view.onHand(), view.reserved(), view.allocated(),
                    view.atp(), view.backordered(), view.networkHolds()));
                if (channel != null)
                {
                    final Views.ChannelStock shown = world.channelStock(item.sku(), channel);
                    assertThat(List.of((long)item.shareBps(), item.toSell(), item.toShip()))
                        .isEqualTo(List.of((long)shown.shareBps(), shown.toSell(), shown.toShip()));
                }
            }
        }
        // For a ship-to country, as each SKU's view for it.
        for (final String country : new String[] {"SG", "MY"})
        {
            String after = null;
            do
            {
                final Views.StockPage page = world.queryStock(after, 2, "market", country).stock();
                for (final Views.StockItem item : page.items())
                {
                    final Views.ChannelStock shown = world.channelStock(item.sku(), "market", country);
                    assertThat(List.of((long)item.shareBps(), item.toSell(), item.toShip())).as(item.sku() + " " + country)
                        .isEqualTo(List.of((long)shown.shareBps(), shown.toSell(), shown.toShip()));
                }
                after = page.next();
            }
            while (after != null);
        }
    }

    /** The units a pickup order of {@code qty} at {@code store} is allocated (no partial, no backorders); 0 if refused. */
    private static long pickedUp(final byte[] snapshot, final String channel, final String sku, final String store,
        final long qty)
    {
        if (qty == 0)
        {
            return 0;
        }
        final Result result = EngineDriver.restore(snapshot).ordering().channel(channel).customer("probe")
            .pickupAt(store).line(sku, (int)qty).submit();
        assertThat(result.code()).as(result.toString()).isIn(ResultCode.OK, ResultCode.INSUFFICIENT_STOCK,
            ResultCode.CHANNEL_NOT_SERVED);
        return result.isOk() ? result.order().line(sku).allocated() : 0;
    }

    /**
     * Channel deal: a pool of one SKU and one of every SKU, each a random share of 0, a part, or the whole; half the
     * time kept to some of the nodes ({@code sourcesFrom}), else taking stock at every one.
     */
    private static void redefineDeal(final EngineDriver world, final SplittableRandom random)
    {
        final int[] shares = {0, 2_500, 5_000, 10_000};
        final List<String> sources = new ArrayList<>();
        if (random.nextBoolean())
        {
            for (final String node : NODES)
            {
                if (random.nextInt(3) != 0)
                {
                    sources.add(node);
                }
            }
        }
        // A list that would leave deal's holds against the network without units is refused (KEPT_HOLDS_SHORT), and
        // deal stays as it was.
        assertThat(world.defineChannel("deal", Codes.ChannelKind.SOCIAL, sources,
            new Cmd.Pool(SKUS[random.nextInt(SKUS.length)], shares[random.nextInt(shares.length)]),
            new Cmd.Pool("", shares[random.nextInt(shares.length)])).code())
            .isIn(ResultCode.OK, ResultCode.KEPT_HOLDS_SHORT);
    }

    private static boolean networkHold(final byte[] snapshot, final String channel, final String sku, final long qty)
    {
        return qty == 0 || hold(EngineDriver.restore(snapshot), channel, sku, null, qty);
    }

    private static boolean nodeHold(final byte[] snapshot, final String channel, final String sku,
        final String node, final long qty)
    {
        return qty == 0 || hold(EngineDriver.restore(snapshot), channel, sku, node, qty);
    }

    private static boolean hold(final EngineDriver copy, final String channel, final String sku, final String node,
        final long qty)
    {
        final Result result = copy.reserving().channel(channel).customer("probe").at(node).line(sku, (int)qty)
            .submit();
        assertThat(result.code()).as(result.toString()).isIn(ResultCode.OK, ResultCode.INSUFFICIENT_STOCK,
            ResultCode.CHANNEL_NOT_SERVED);
        assertThat(result.code() == ResultCode.CHANNEL_NOT_SERVED).as("refused at a node the channel is kept from")
            .isEqualTo(node != null && !copy.channelStock(sku, channel).sourcedAt(node));
        return result.isOk();
    }

    /** The lists of countries a node of the property's network may ship to. */
    private static final List<List<String>> COUNTRY_LISTS = List.of(List.of("SG"), List.of("MY"), List.of("MY", "SG"));

    private static boolean anyList(final EngineDriver world)
    {
        for (final String node : NODES)
        {
            if (!world.location(node).shipsTo().isEmpty())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The units a SHIP order of {@code qty} to {@code country} (no partial allocation, no backorders) is allocated; 0
     * if refused.
     */
    private static long shipped(final byte[] snapshot, final String channel, final String sku, final long qty,
        final String country)
    {
        if (qty == 0)
        {
            return 0;
        }
        final Result result = EngineDriver.restore(snapshot).ordering().channel(channel).customer("probe")
            .address("1 Bishan Street 11", "570001", country).line(sku, (int)qty).submit();
        assertThat(result.code()).as(result.toString()).isIn(ResultCode.OK, ResultCode.INSUFFICIENT_STOCK);
        return result.isOk() ? result.order().line(sku).allocated() : 0;
    }

    private static void randomStep(final EngineDriver world, final SplittableRandom random, final List<Long> orders,
        final List<Long> holds, final int step)
    {
        final String sku = SKUS[random.nextInt(SKUS.length)];
        final String node = NODES[random.nextInt(NODES.length)];
        final String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        final int qty = 1 + random.nextInt(6);
        switch (random.nextInt(12))
        {
            case 0, 1 -> world.setInventory(sku, node, random.nextInt(25), random.nextInt(4));
            case 2 -> world.adjust(sku, node, random.nextInt(-5, 6) | 1,
                random.nextBoolean() ? Codes.AdjustmentReason.COUNT : Codes.AdjustmentReason.DAMAGE);
            case 9 -> redefineDeal(world, random);
            case 10, 11 ->
            {
                // A hold converted into an order of it: its units may all come from one node, over the share there.
                if (!holds.isEmpty())
                {
                    final long hold = holds.remove(random.nextInt(holds.size()));
                    final Views.Reservation held = world.reservation(hold);
                    if (held.status() == Codes.ReservationStatus.HELD)
                    {
                        final var order = world.ordering().channel(held.channel()).customer(held.customer())
                            .reservation(hold);
                        held.lines().forEach(line -> order.line(line.sku(), line.qty()));
                        final Result placed = order.submit();
                        if (placed.isOk())
                        {
                            orders.add(placed.orderId());
                        }
                    }
                }
            }
            case 3 ->
            {
                // Up to 12: a network hold converted may take more than a pool's share at one node.
                final Result hold = world.reserving().channel(channel).customer("h-" + step)
                    .at(random.nextBoolean() ? null : node).line(sku, qty + random.nextInt(7)).submit();
                if (hold.isOk())
                {
                    holds.add(hold.reservationId());
                }
            }
            case 4, 5 ->
            {
                final var order = world.ordering().channel(channel).customer("o-" + step).line(sku, qty);
                if (random.nextInt(3) == 0)
                {
                    order.pickupAt(PICKUP_STORES[random.nextInt(PICKUP_STORES.length)]);
                }
                if (random.nextBoolean())
                {
                    order.allowPartial();
                }
                final Result placed = order.submit();
                if (placed.isOk())
                {
                    orders.add(placed.orderId());
                }
            }
            case 6 ->
            {
                if (!orders.isEmpty())
                {
                    world.cancelOrder(orders.remove(random.nextInt(orders.size())));
                }
            }
            case 7 ->
            {
                if (!holds.isEmpty())
                {
                    world.release(holds.remove(random.nextInt(holds.size())));
                }
            }
            default ->
            {
                if (random.nextBoolean())
                {
                    SgNetwork.deactivate(world, node);
                }
                else
                {
                    SgNetwork.node(world, node, 0, SgNetwork.HANDLING);
                }
            }
        }
    }

    /** A: wh-sg 10, store-orchard 6 (ships from store), store-tampines 8 (pickup only). */
    private void stockA()
    {
        stock(driver, "A", "wh-sg", 10);
        stock(driver, "A", "store-orchard", 6);
        stock(driver, "A", "store-tampines", 8);
    }
}
