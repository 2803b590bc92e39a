package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderBuilder;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Query;
import ordo.engine.testing.Result;

/**
 * Order lists read through the channel, customer and pickup store indexes ({@link OrderIndexes}) answer what a filter
 * over every order answers: random orders of three channels and six customers, shipped or picked up at one of two
 * stores, some with a marketplace's order number, some cancelled, some backordered, then random queries (a channel, a
 * status, a customer, a storefront's channels, a pickup store, an external id, a creation window, a cursor anywhere,
 * a small page) paged
 * to their end and compared with the orders that pass, in creation order; the same of an engine restored from a
 * snapshot.
 */
class OrderListIndexTest
{
    private static final String[] CHANNELS = {"web", "app", "market"};
    private static final String[] CUSTOMERS = {"c-0", "c-1", "c-2", "c-3", "c-4", "c-5"};

    private static final String[] PICKUPS = {"", "store-orchard", "store-tampines"};

    private record Placed(long id, String channel, String customer, String pickup, String externalId, long createdAt)
    {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyPageAnswersWhatAFilterOverEveryOrderAnswers(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100_000);
        stock(driver, "A", "store-orchard", 100_000);
        stock(driver, "A", "store-tampines", 100_000);
        final List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            // Engine time moves on before most orders, by up to a minute; some come in the same millisecond.
            if (random.nextInt(3) > 0)
            {
                driver.at(driver.now() + 1 + random.nextInt(60_000));
            }
            // Runs of one channel, as traffic comes, and now and then another.
            final String channel = CHANNELS[random.nextInt(10) < 7 && !placed.isEmpty() ?
                indexOf(placed.get(placed.size() - 1).channel()) : random.nextInt(CHANNELS.length)];
            final String customer = CUSTOMERS[random.nextInt(CUSTOMERS.length)];
            final String pickup = PICKUPS[random.nextInt(PICKUPS.length)];
            // A marketplace's order numbers, some of them the same in two channels.
            final String externalId = random.nextInt(3) == 0 ? "" : "ext-" + i % 120;
            final OrderBuilder ordering = driver.ordering().channel(channel).customer(customer)
                .line(random.nextBoolean() ? "A" : "BO", 1);
            if (!externalId.isEmpty())
            {
                ordering.externalId(externalId);
            }
            final Result order = (pickup.isEmpty() ? ordering : ordering.pickupAt(pickup)).submit();
            assertThat(order.code()).isEqualTo(ResultCode.OK);
            if (placed.stream().anyMatch(p -> p.id() == order.orderId()))
            {
                continue; // channel + externalId named an order placed before: it answered that one
            }
            placed.add(new Placed(order.orderId(), channel, customer, pickup, externalId,
                driver.order(order.orderId()).createdAt()));
            if (random.nextInt(5) == 0)
            {
                final Placed earlier = placed.get(random.nextInt(placed.size()));
                driver.cancelOrder(earlier.id());
            }
        }
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());

        for (int q = 0; q < 200; q++)
        {
            final String channel = random.nextInt(3) == 0 ? CHANNELS[random.nextInt(CHANNELS.length)] : "";
            final OrderStatus status = random.nextInt(3) == 0 ?
                List.of(OrderStatus.READY_TO_RELEASE, OrderStatus.BACKORDERED, OrderStatus.CANCELLED)
                    .get(random.nextInt(3)) : null;
            final String customer = random.nextInt(2) == 0 ? CUSTOMERS[random.nextInt(CUSTOMERS.length)] : "";
            final List<String> scope = switch (random.nextInt(4))
            {
                case 0 -> List.of(CHANNELS[random.nextInt(CHANNELS.length)]);
                case 1 -> List.of("web", "market");
                default -> List.of();
            };
            // A store with pickups, a node with none, a location no node has.
            final String pickup = random.nextInt(2) == 0 ? "" :
                List.of("store-orchard", "store-tampines", "wh-sg", "nowhere").get(random.nextInt(4));
            final String externalId = random.nextInt(3) == 0 ? "ext-" + random.nextInt(130) : "";
            final long after = random.nextInt(4) == 0 ? 0 : placed.get(random.nextInt(placed.size())).id();
            final int limit = 1 + random.nextInt(7);
            // A creation window (half the queries): from an order's time, or a millisecond either side, to another's.
            final long from = random.nextBoolean() ? Long.MIN_VALUE : timeNear(random, placed);
            final long before = random.nextBoolean() ? Long.MAX_VALUE : timeNear(random, placed);

            final List<Long> expected = new ArrayList<>();
            for (final Placed p : placed)
            {
                final OrderViews.Order order = driver.order(p.id());
                if (p.id() > after && (channel.isEmpty() || channel.equals(p.channel())) &&
                    (status == null || status == order.status()) && (customer.isEmpty() || customer.equals(p.customer())) &&
                    (scope.isEmpty() || scope.contains(p.channel())) && (pickup.isEmpty() || pickup.equals(p.pickup())) &&
                    (externalId.isEmpty() || externalId.equals(p.externalId())) && p.createdAt() >= from &&
                    p.createdAt() < before)
                {
                    expected.add(p.id());
                }
            }
            final String query = "channel " + channel + ", status " + status + ", customer " + customer + ", scope " +
                scope + ", pickup " + pickup + ", externalId " + externalId + ", after " + after + ", limit " + limit +
                ", created in [" + from + ", " + before + ")";
            for (final EngineDriver engine : List.of(driver, restored))
            {
                assertThat(allPages(engine, new Query.Orders(channel, status, customer, after, limit, scope, pickup,
                    externalId, from, before)))
                    .as(query).containsExactlyElementsOf(expected);
            }
        }
    }

    /**
     * A channel's or pickup store's chain is found from a cursor through every {@value OrderIndexes#SAMPLE_EVERY}th
     * order of it: over several thousand orders of two channels in runs, half of them picked up at a store, a page
     * after any cursor, of either channel or of the store, starts at the chain's first order after it.
     */
    @Test
    void aCursorIsFoundInAChannelOfThousandsOfOrders()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100_000);
        stock(driver, "A", "store-orchard", 100_000);
        final List<Placed> placed = new ArrayList<>();
        String channel = "web";
        for (int i = 0; i < 5_000; i++)
        {
            if (random.nextInt(50) == 0)
            {
                channel = channel.equals("web") ? "app" : "web";
            }
            final boolean collected = random.nextBoolean();
            final OrderBuilder ordering = driver.ordering().channel(channel).line("A", 1);
            final Result order = (collected ? ordering.pickupAt("store-orchard") : ordering).submit();
            placed.add(new Placed(order.orderId(), channel, "c-1", collected ? "store-orchard" : "", "", 0));
        }
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        for (int q = 0; q < 200; q++)
        {
            final long after = q == 0 ? 0 : placed.get(random.nextInt(placed.size())).id();
            final String of = random.nextBoolean() ? "web" : "app";
            final List<Long> expected = placed.stream()
                .filter(p -> p.id() > after && p.channel().equals(of)).map(Placed::id).limit(3).toList();
            for (final EngineDriver engine : List.of(driver, restored))
            {
                assertThat(engine.listOrders(new Query.Orders(of, null, "", after, 3, List.of())).ids())
                    .as("%s after %d", of, after).containsExactlyElementsOf(expected);
                assertThat(engine.listOrders(new Query.Orders("", null, "", after, 3, List.of(of))).ids())
                    .as("storefront of %s after %d", of, after).containsExactlyElementsOf(expected);
                assertThat(engine.listOrders(new Query.Orders("", null, "", after, 3, List.of(), "store-orchard")).ids())
                    .as("pickups at store-orchard after %d", after).containsExactlyElementsOf(placed.stream()
                        .filter(p -> p.id() > after && p.pickup().equals("store-orchard")).map(Placed::id).limit(3)
                        .toList());
            }
        }
    }

    /**
     * A customer's chain, and a channel's customer's, is found from a cursor or a creation window through every
     * {@value OrderIndexes#SAMPLE_EVERY}th order of it: a shared customer id (a POS's walk-in customer) with thousands of
     * orders in two channels among others' orders, then pages of three after any cursor, from any window's start, by
     * the customer alone, in a channel and in a storefront's channels: each the customer's first three orders there
     * after both, never short. Before, a customer's chain was walked from its first order and past 10 000 of them the
     * page read every order and came back short with a cursor (found in review).
     */
    @Test
    void aCursorIsFoundInACustomerOfThousandsOfOrders()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100_000);
        final List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < 6_000; i++)
        {
            if (random.nextInt(4) == 0)
            {
                driver.at(driver.now() + 1 + random.nextInt(1_000));
            }
            final String channel = random.nextBoolean() ? "app" : "web";
            final String customer = random.nextInt(10) < 8 ? "walk-in" : CUSTOMERS[random.nextInt(CUSTOMERS.length)];
            final Result order = driver.ordering().channel(channel).customer(customer).line("A", 1).submit();
            assertThat(order.code()).isEqualTo(ResultCode.OK);
            placed.add(new Placed(order.orderId(), channel, customer, "", "", driver.now()));
        }
        assertThat(placed.stream().filter(p -> p.customer().equals("walk-in") && p.channel().equals("app")).count())
            .as("samples in the channel's customer's chain too").isGreaterThan(2L * OrderIndexes.SAMPLE_EVERY);
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        for (int q = 0; q < 300; q++)
        {
            final long after = q == 0 ? 0 : placed.get(random.nextInt(placed.size())).id();
            final long from = random.nextInt(3) == 0 ? timeNear(random, placed) : Long.MIN_VALUE;
            final String customer = random.nextInt(5) == 0 ? CUSTOMERS[random.nextInt(CUSTOMERS.length)] : "walk-in";
            final String of = random.nextBoolean() ? "web" : "app";
            final List<Long> ofCustomer = placed.stream()
                .filter(p -> p.id() > after && p.createdAt() >= from && p.customer().equals(customer))
                .map(Placed::id).limit(3).toList();
            final List<Long> inChannel = placed.stream()
                .filter(p -> p.id() > after && p.createdAt() >= from && p.customer().equals(customer) &&
                    p.channel().equals(of))
                .map(Placed::id).limit(3).toList();
            final String query = customer + " after " + after + " from " + from;
            for (final EngineDriver engine : List.of(driver, restored))
            {
                assertThat(engine.listOrders(new Query.Orders("", null, customer, after, 3, List.of(), "", "", from,
                    Long.MAX_VALUE)).ids()).as(query).containsExactlyElementsOf(ofCustomer);
                assertThat(engine.listOrders(new Query.Orders("", null, customer, after, 3, List.of("web", "app"),
                    "", "", from, Long.MAX_VALUE)).ids()).as("storefront, " + query)
                    .containsExactlyElementsOf(ofCustomer);
                assertThat(engine.listOrders(new Query.Orders(of, null, customer, after, 3, List.of(), "", "", from,
                    Long.MAX_VALUE)).ids()).as(of + ", " + query).containsExactlyElementsOf(inChannel);
                assertThat(engine.listOrders(new Query.Orders("", null, customer, after, 3, List.of(of), "", "",
                    from, Long.MAX_VALUE)).ids()).as("storefront of " + of + ", " + query)
                    .containsExactlyElementsOf(inChannel);
            }
        }
    }

    private static List<Long> allPages(final EngineDriver engine, final Query.Orders first)
    {
        final List<Long> seen = new ArrayList<>();
        long cursor = first.afterOrderId();
        for (int pages = 0; pages < 400; pages++)
        {
            final OrderViews.OrderList page = engine.listOrders(new Query.Orders(first.channel(), first.status(),
                first.customer(), cursor, first.limit(), first.channels(), first.pickup(), first.externalId(),
                first.createdFrom(), first.createdBefore()));
            assertThat(page.ids()).as("a page is never longer than asked").hasSizeLessThanOrEqualTo(first.limit());
            if (pages > 0)
            {
                assertThat(page.ids()).as("a next cursor leads to orders (it was given after a full last page)")
                    .isNotEmpty();
            }
            seen.addAll(page.ids());
            if (page.nextAfter() == 0)
            {
                return seen;
            }
            assertThat(page.nextAfter()).as("the cursor moves on").isGreaterThan(cursor);
            assertThat(page.ids()).as("a page with a next cursor is full (no scan's worth stepped over here)")
                .hasSize(first.limit());
            cursor = page.nextAfter();
        }
        throw new AssertionError("no last page in 400");
    }

    /** An order's creation time, or a millisecond before or after it. */
    private static long timeNear(final SplittableRandom random, final List<Placed> placed)
    {
        return placed.get(random.nextInt(placed.size())).createdAt() + random.nextInt(3) - 1;
    }

    private static int indexOf(final String channel)
    {
        for (int i = 0; i < CHANNELS.length; i++)
        {
            if (CHANNELS[i].equals(channel))
            {
                return i;
            }
        }
        throw new IllegalArgumentException(channel);
    }
}
