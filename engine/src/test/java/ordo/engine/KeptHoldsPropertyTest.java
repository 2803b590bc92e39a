package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/**
 * Holds placed against the network by channels kept to some locations stay convertible whatever the other channels
 * do ({@link KeptHolds}): over random lists for web and app (nested, apart or overlapping), little stock, and random
 * holds, orders, backorders, cancellations and receipts of every channel, every hold of a kept channel still held at
 * the end converts into an order of all its units, and no command broke a grant rule (among them: no channel took the
 * units behind a kept channel's network holds). Lists change too (for web or app, to another list or none): a change
 * that would leave a kept hold without units is refused. Nothing lowers stock here (a count or a loss may leave any hold
 * short, as documented), and every node that stocks anything ships anywhere, so only the holds' backing decides.
 */
class KeptHoldsPropertyTest
{
    private static final String[] SHIPPING = {"wh-sg", "wh-kl", "wh-jkt", "store-orchard"};
    private static final String[] CHANNELS = {"web", "app", "market", "pos"};
    private static final String[] SKUS = {"A", "BO"};
    private static final long TEN_MINUTES = 600_000;

    @Property(tries = 300)
    void aKeptChannelsNetworkHoldsStayConvertible(@ForAll final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final EngineDriver world = new EngineDriver();
        SgNetwork.define(world);
        final List<String> webList = list(random);
        final List<String> appList = list(random);
        assertThat(world.defineChannel("web", Codes.ChannelKind.WEB, webList).code()).isEqualTo(ResultCode.OK);
        assertThat(world.defineChannel("app", Codes.ChannelKind.APP, appList).code()).isEqualTo(ResultCode.OK);
        for (final String sku : SKUS)
        {
            for (final String node : SHIPPING)
            {
                stock(world, sku, node, random.nextInt(4));
            }
        }
        assertThat(world.checkInvariants()).isNull();
        final List<Long> holds = new ArrayList<>();
        final List<Long> orders = new ArrayList<>();
        for (int step = 0; step < 40; step++)
        {
            final String sku = SKUS[random.nextInt(SKUS.length)];
            final String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            final int qty = 1 + random.nextInt(3);
            switch (random.nextInt(9))
            {
                case 8 ->
                {
                    // An admin changes a list: refused when it would leave some kept hold without units.
                    final String kept = random.nextBoolean() ? "web" : "app";
                    final Result redefined = world.defineChannel(kept, kept.equals("web") ? Codes.ChannelKind.WEB :
                        Codes.ChannelKind.APP, random.nextInt(4) == 0 ? List.of() : list(random));
                    assertThat(redefined.code()).isIn(ResultCode.OK, ResultCode.KEPT_HOLDS_SHORT);
                    Statistics.label("list changes").collect(redefined.code());
                }
                case 0, 1 ->
                {
                    final Result hold = world.reserving().channel(random.nextBoolean() ? "web" : "app")
                        .customer("h-" + step).line(sku, qty).submit();
                    if (hold.isOk())
                    {
                        holds.add(hold.reservationId());
                    }
                }
                case 2 ->
                {
                    final Result hold = world.reserving().channel(channel).customer("n-" + step)
                        .at(SHIPPING[random.nextInt(SHIPPING.length)]).line(sku, qty).submit();
                    assertThat(hold.code()).isIn(ResultCode.OK, ResultCode.INSUFFICIENT_STOCK,
                        ResultCode.CHANNEL_NOT_SERVED);
                }
                case 3, 4 ->
                {
                    final var order = world.ordering().channel(channel).customer("o-" + step).line(sku, qty);
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
                case 5 -> world.adjust(sku, SHIPPING[random.nextInt(SHIPPING.length)], 1 + random.nextInt(2),
                    Codes.AdjustmentReason.RECEIPT);
                case 6 ->
                {
                    if (!orders.isEmpty())
                    {
                        world.cancelOrder(orders.remove(random.nextInt(orders.size())));
                    }
                }
                default ->
                {
                    if (!holds.isEmpty())
                    {
                        convert(world, holds.remove(random.nextInt(holds.size())));
                    }
                }
            }
        }
        assertThat(world.checkInvariants()).as("lists %s and %s", webList, appList).isNull();
        Statistics.label("kept holds at the end").collect(holds.size() > 0 ? "some" : "none");
        for (final long hold : holds)
        {
            convert(world, hold);
        }
        assertThat(world.checkInvariants()).isNull();
    }

    /** Converts a hold still held into a SHIP order of all its units; fails the property when refused. */
    private static void convert(final EngineDriver world, final long hold)
    {
        final Views.Reservation held = world.reservation(hold);
        if (held.status() != Codes.ReservationStatus.HELD)
        {
            return;
        }
        final var order = world.ordering().channel(held.channel()).customer(held.customer()).reservation(hold);
        held.lines().forEach(line -> order.line(line.sku(), line.qty()));
        final Result placed = order.submit();
        assertThat(placed.code()).as("hold %d of %s: %s", hold, held.channel(), placed).isEqualTo(ResultCode.OK);
    }

    /** A random non-empty list of the shipping nodes, in a random order. */
    private static List<String> list(final SplittableRandom random)
    {
        final List<String> nodes = new ArrayList<>();
        for (final String node : SHIPPING)
        {
            if (random.nextInt(3) != 0)
            {
                nodes.add(random.nextBoolean() ? nodes.size() : 0, node);
            }
        }
        if (nodes.isEmpty())
        {
            nodes.add(SHIPPING[random.nextInt(SHIPPING.length)]);
        }
        return nodes;
    }
}
