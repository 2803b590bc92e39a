package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Query;
import ordo.engine.testing.Result;

/**
 * The cursor of an order list is a position in creation order: an order that exists, whatever its status now and
 * whichever channel it is of; an id of no order is refused. A page reads only the orders of the customer or the
 * channels it may show, and steps over a bounded number of those: a status few of them pass answers a partial page.
 */
class OrderListCursorTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100_000);
    }

    private long place(final String channel)
    {
        final Result placed = driver.ordering().channel(channel).line("A", 1).submit();
        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        return placed.orderId();
    }

    private static Query.Orders after(final long cursor, final String... channels)
    {
        return new Query.Orders("", null, "", cursor, 10, List.of(channels));
    }

    @Test
    void aCursorNamingNoOrderIsRefusedNotAnsweredAsTheLastPage()
    {
        final long last = place("web");

        for (final long cursor : new long[] {last + 1, Long.MAX_VALUE})
        {
            assertThat(driver.query(after(cursor)).code()).as("admin, after %d", cursor)
                .isEqualTo(ResultCode.UNKNOWN_CURSOR);
            assertThat(driver.query(after(cursor, "web")).code()).as("storefront, after %d", cursor)
                .isEqualTo(ResultCode.UNKNOWN_CURSOR);
        }
        assertThat(driver.listOrders(after(last)).ids()).as("after the last order: an empty last page").isEmpty();
        assertThat(driver.listOrders(after(last)).nextAfter()).isZero();
    }

    @Test
    void aCursorNamingAnotherChannelsOrderIsAPositionAndShowsNothingOfIt()
    {
        final long appOrder = place("app");
        final long webOrder = place("web");
        place("app");

        final OrderViews.OrderList page = driver.listOrders(after(appOrder, "web"));
        assertThat(page.ids()).containsExactly(webOrder);
        assertThat(driver.listOrders(after(appOrder, "web", "app")).ids()).as("a key bound to both")
            .containsExactly(webOrder, webOrder + 1);
        assertThat(driver.listOrders(after(appOrder)).ids()).as("admin sees every channel")
            .containsExactly(webOrder, webOrder + 1);
    }

    @Test
    void aCursorWhoseOrderNoLongerPassesTheFiltersStillPagesOn()
    {
        final long first = place("web");
        final long second = place("web");
        final long third = place("web");
        final Query.Orders ready = new Query.Orders("", OrderStatus.READY_TO_RELEASE, "", 0, 1, List.of("web"));
        final OrderViews.OrderList page = driver.listOrders(ready);
        assertThat(page.ids()).containsExactly(first);

        assertThat(driver.cancelOrder(first).code()).isEqualTo(ResultCode.OK);
        final OrderViews.OrderList next = driver.listOrders(
            new Query.Orders("", OrderStatus.READY_TO_RELEASE, "", page.nextAfter(), 10, List.of("web")));
        assertThat(next.ids()).as("the cancelled order is a position, not a filter").containsExactly(second, third);
        assertThat(driver.listOrders(new Query.Orders("web", null, "", first, 10, List.of("web"))).ids())
            .containsExactly(second, third);
    }

    /** The channel of each order, which a storefront's list reads, is rebuilt with the orders from a snapshot. */
    @Test
    void aRestoredEngineListsAStorefrontsOrdersAsTheLiveOneDid()
    {
        final long appOrder = place("app");
        final long webOrder = place("web");
        place("app");

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        for (final EngineDriver engine : List.of(driver, restored))
        {
            assertThat(engine.listOrders(after(0, "web")).ids()).containsExactly(webOrder);
            assertThat(engine.listOrders(after(0, "app")).ids()).containsExactly(appOrder, webOrder + 1);
            assertThat(engine.listOrders(after(appOrder, "web")).ids()).containsExactly(webOrder);
        }
    }

    /**
     * More than a scan's worth of other orders between a storefront's own, and between a customer's: a page reads only
     * the channel's or the customer's orders, so each comes whole (a page stepped over any
     * {@link OrderQueries#MAX_SCAN} orders, and a storefront's ended short or empty on another channel's order, a
     * customer's three orders among a million took a hundred requests: found in QA). The whole book is still read
     * from the cursor for an admin's list without a channel or customer, a scan's worth a page.
     */
    @Test
    void aStorefrontsAndACustomersPagesComeWholePastMoreThanAScanOfOtherOrders()
    {
        final List<Long> web = new ArrayList<>();
        web.add(place("web"));
        final long mine = driver.ordering().channel("app").customer("c-mine").line("A", 1).submit().orderId();
        for (int i = 0; i < OrderQueries.MAX_SCAN + 5; i++)
        {
            place("app");
        }
        web.add(place("web"));
        final long mineToo = driver.ordering().channel("web").customer("c-mine").line("A", 1).submit().orderId();
        web.add(mineToo);

        final OrderViews.OrderList first = driver.listOrders(new Query.Orders("", null, "", 0, 2, List.of("web")));
        assertThat(first.ids()).containsExactly(web.get(0), web.get(1));
        assertThat(first.nextAfter()).isEqualTo(web.get(1));
        final OrderViews.OrderList second = driver.listOrders(
            new Query.Orders("", null, "", first.nextAfter(), 2, List.of("web")));
        assertThat(second.ids()).containsExactly(web.get(2));
        assertThat(second.nextAfter()).as("the last page").isZero();
        assertThat(driver.listOrders(new Query.Orders("web", null, "", 0, 10, List.of())).ids())
            .as("admin, by channel").containsExactlyElementsOf(web);

        assertThat(driver.listOrders(new Query.Orders("", null, "c-mine", 0, 10, List.of())).ids())
            .as("admin, by customer").containsExactly(mine, mineToo);
        assertThat(driver.listOrders(new Query.Orders("", null, "c-mine", 0, 10, List.of("web"))).ids())
            .as("the storefront sees its channel's only").containsExactly(mineToo);
        assertThat(driver.listOrders(new Query.Orders("", null, "c-mine", web.get(1), 10, List.of())).ids())
            .as("after another customer's order").containsExactly(mineToo);

        final OrderViews.OrderList every = driver.listOrders(new Query.Orders("", null, "", 0, 200, List.of()));
        assertThat(every.ids()).hasSize(200);
        final OrderViews.OrderList rare = driver.listOrders(
            new Query.Orders("", OrderStatus.CANCELLED, "", 0, 10, List.of()));
        assertThat(rare.ids()).as("no order is cancelled").isEmpty();
        assertThat(rare.nextAfter()).as("a scan's worth stepped over").isEqualTo(OrderQueries.MAX_SCAN);

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.listOrders(new Query.Orders("", null, "c-mine", 0, 10, List.of())).ids())
            .containsExactly(mine, mineToo);
        assertThat(restored.listOrders(new Query.Orders("", null, "", web.get(0), 10, List.of("web"))).ids())
            .containsExactly(web.get(1), web.get(2));
    }

    /**
     * A storefront's list of a customer reads the customer's orders in its own channels only: more than a scan's worth
     * of the customer's orders in another channel answer the same empty last page as a customer with none (walking
     * every channel's, the page answered a cursor naming one of them: found in review).
     */
    @Test
    void aStorefrontLearnsNothingOfACustomersOrdersInOtherChannels()
    {
        for (int i = 0; i < OrderQueries.MAX_SCAN + 1; i++)
        {
            assertThat(driver.ordering().channel("app").customer("big").line("A", 1).submit().code())
                .isEqualTo(ResultCode.OK);
        }
        final long web = driver.ordering().channel("web").customer("big").line("A", 1).submit().orderId();

        for (final String customer : new String[] {"big", "nobody"})
        {
            final OrderViews.OrderList page = driver.listOrders(new Query.Orders("", null, customer, 0, 50,
                List.of("app-less", "market")));
            assertThat(page.ids()).as(customer).isEmpty();
            assertThat(page.nextAfter()).as(customer).isZero();
        }
        assertThat(driver.listOrders(new Query.Orders("", null, "big", 0, 50, List.of("web"))).ids())
            .containsExactly(web);
        assertThat(driver.listOrders(new Query.Orders("web", null, "big", 0, 50, List.of())).ids())
            .as("admin, by channel and customer").containsExactly(web);
    }

    /**
     * A storefront of two channels pages on through a customer with more than a scan's worth of orders in one of them:
     * a page that ended on the customer's order in the other finds the next one here along the customer's orders (it
     * walked this channel's from the first, past the scan, and read every order from then on: a page stepped over
     * the others' orders and ended short; found in review).
     */
    @Test
    void aStorefrontPagesOnThroughACustomerWithManyOrdersInOneOfItsChannels()
    {
        for (int i = 0; i < OrderQueries.MAX_SCAN + 1; i++)
        {
            driver.ordering().channel("app").customer("guest").line("A", 1).submit();
        }
        final long web = driver.ordering().channel("web").customer("guest").line("A", 1).submit().orderId();
        for (int i = 0; i < OrderQueries.MAX_SCAN + 1; i++)
        {
            driver.ordering().channel("app").customer("someone-" + (i % 7)).line("A", 1).submit();
        }
        final long app = driver.ordering().channel("app").customer("guest").line("A", 1).submit().orderId();
        final long web2 = driver.ordering().channel("web").customer("guest").line("A", 1).submit().orderId();

        final OrderViews.OrderList page = driver.listOrders(new Query.Orders("", null, "guest", web, 10,
            List.of("web", "app")));

        assertThat(page.ids()).containsExactly(app, web2);
        assertThat(page.nextAfter()).isZero();
    }

    /**
     * A cursor of another customer's order, after more than a scan's worth of a shared customer id's orders and a
     * scan's worth of others' between it and the customer's next: the page is the customer's next orders, by the
     * customer alone, in a channel and for a storefront. Walked from the customer's first order, the page read every
     * order from the cursor past the scan and came back empty with a cursor (found in review; OrderIndexes samples
     * each customer's chain now).
     */
    @Test
    void aCursorPastAScanOfASharedCustomersOrdersFindsTheirNextOrders()
    {
        for (int i = 0; i < OrderQueries.MAX_SCAN + 500; i++)
        {
            driver.ordering().channel("web").customer("walk-in").line("A", 1).submit();
        }
        final long cursor = driver.ordering().channel("web").customer("c-x").line("A", 1).submit().orderId();
        for (int i = 0; i < OrderQueries.MAX_SCAN; i++)
        {
            driver.ordering().channel("web").customer("c-x").line("A", 1).submit();
        }
        final List<Long> next = List.of(
            driver.ordering().channel("web").customer("walk-in").line("A", 1).submit().orderId(),
            driver.ordering().channel("web").customer("walk-in").line("A", 1).submit().orderId(),
            driver.ordering().channel("web").customer("walk-in").line("A", 1).submit().orderId());

        for (final Query.Orders query : List.of(new Query.Orders("", null, "walk-in", cursor, 10, List.of()),
            new Query.Orders("web", null, "walk-in", cursor, 10, List.of()),
            new Query.Orders("", null, "walk-in", cursor, 10, List.of("web", "app"))))
        {
            final OrderViews.OrderList page = driver.listOrders(query);
            assertThat(page.ids()).as("%s", query).containsExactlyElementsOf(next);
            assertThat(page.nextAfter()).as("%s", query).isZero();
        }
    }
}
