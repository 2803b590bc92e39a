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
 * whichever channel it is of; an id of no order is refused. A page steps over a bounded number of orders, so a
 * storefront's page may end on another channel's order, which it passes back as its next cursor.
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
     * More than a scan's worth of another channel's orders between a storefront's own: a page steps over at most
     * {@link OrderQueries#MAX_SCAN} orders, so the first ends short on an app order, and the next goes on from it to
     * the storefront's own. (Skipping the others without a bound read the whole book for every page.)
     */
    @Test
    void aStorefrontPagesPastMoreThanAScanOfOtherChannelsOrders()
    {
        final List<Long> web = new ArrayList<>();
        web.add(place("web"));
        for (int i = 0; i < OrderQueries.MAX_SCAN + 5; i++)
        {
            place("app");
        }
        web.add(place("web"));
        web.add(place("web"));

        final List<Long> seen = new ArrayList<>();
        long cursor = 0;
        for (int pages = 0; pages < 10; pages++)
        {
            final Result answer = driver.query(new Query.Orders("", null, "", cursor, 2, List.of("web")));
            assertThat(answer.code()).as("page %d, after %d", pages, cursor).isEqualTo(ResultCode.OK);
            final OrderViews.OrderList page = OrderViews.orderList(answer.data());
            seen.addAll(page.ids());
            cursor = page.nextAfter();
            if (cursor == 0)
            {
                break;
            }
        }
        assertThat(seen).containsExactlyElementsOf(web);
        assertThat(cursor).isZero();
        final OrderViews.OrderList first = driver.listOrders(new Query.Orders("", null, "", 0, 2, List.of("web")));
        assertThat(first.ids()).as("a scan's worth stepped over").containsExactly(web.get(0));
        assertThat(first.nextAfter()).isEqualTo(web.get(0) + OrderQueries.MAX_SCAN - 1);
    }
}
