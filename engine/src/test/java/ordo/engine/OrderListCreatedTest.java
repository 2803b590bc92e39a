package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Query;

/**
 * An order list narrowed to a creation window, {@code [createdFrom, createdBefore)}: whichever orders the page reads
 * (every order, a channel's, a customer's, a storefront's channels', a pickup store's, an external id's), it shows
 * those created in the window, and its last page has no cursor though later orders exist (QA-217: no list could be
 * narrowed by time). {@link OrderListIndexTest} compares random windows with a filter over every order.
 */
class OrderListCreatedTest
{
    private static final long HOUR = 3_600_000;
    private static final long ANY_FROM = Long.MIN_VALUE;
    private static final long ANY_BEFORE = Long.MAX_VALUE;

    private final EngineDriver driver = new EngineDriver();
    private long t0;
    private long first;

    @BeforeEach
    void ordersOverFourHours()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100);
        stock(driver, "A", "store-orchard", 100);
        t0 = driver.now();
        first = driver.ordering().channel("web").customer("c-1").line("A", 1).submit().orderId();
        driver.ordering().channel("app").customer("c-2").line("A", 1).submit();
        driver.at(t0 + HOUR);
        driver.ordering().channel("web").customer("c-1").externalId("M-1").line("A", 1).submit();
        driver.at(t0 + 2 * HOUR);
        driver.ordering().channel("app").customer("c-1").externalId("M-1").line("A", 1).submit();
        driver.at(t0 + 5 * HOUR / 2);
        driver.ordering().channel("market").customer("c-4").externalId("M-1").line("A", 1).submit();
        driver.at(t0 + 3 * HOUR);
        driver.ordering().channel("web").customer("c-3").pickupAt("store-orchard").line("A", 1).submit();
    }

    @Test
    void eachSourceShowsTheOrdersCreatedInTheWindow()
    {
        final long from = t0 + HOUR;
        final long before = t0 + 3 * HOUR;
        assertThat(ids("", "", List.of(), "", "", from, before)).as("every order")
            .containsExactly(at(2), at(3), at(4));
        assertThat(ids("web", "", List.of(), "", "", from, before)).as("web's").containsExactly(at(2));
        assertThat(ids("", "c-1", List.of(), "", "", from, before)).as("c-1's").containsExactly(at(2), at(3));
        assertThat(ids("", "c-1", List.of("app"), "", "", from, before)).as("c-1's of a storefront of app")
            .containsExactly(at(3));
        assertThat(ids("", "", List.of("web", "app"), "", "", from, before)).as("a storefront's")
            .containsExactly(at(2), at(3));
        assertThat(ids("", "", List.of(), "", "M-1", from, t0 + 2 * HOUR)).as("M-1 in either channel, to the 2nd hour")
            .containsExactly(at(2));
        assertThat(ids("", "", List.of(), "store-orchard", "", t0 + 3 * HOUR, ANY_BEFORE)).as("Orchard's pickups")
            .containsExactly(at(5));
        assertThat(ids("", "", List.of(), "store-orchard", "", ANY_FROM, t0 + 3 * HOUR)).isEmpty();
        assertThat(ids("", "", List.of(), "", "", t0, t0 + 1)).as("the first millisecond")
            .containsExactly(at(0), at(1));
        assertThat(ids("", "", List.of(), "", "", t0 + 4 * HOUR, ANY_BEFORE)).as("after the last order").isEmpty();
        assertThat(ids("", "", List.of(), "", "", ANY_FROM, t0)).as("before the first").isEmpty();
    }

    /** A full page at the window's end has no cursor, whatever comes after it, and a cursor inside it goes on. */
    @Test
    void aPageEndsAtTheWindowsEndAndACursorGoesOnInsideIt()
    {
        for (final String externalId : List.of("", "M-1"))
        {
            for (final int limit : new int[] {1, 5})
            {
                final OrderViews.OrderList page = driver.listOrders(new Query.Orders("", null, "", 0, limit, List.of(),
                    "", externalId, t0 + HOUR, t0 + 2 * HOUR));
                assertThat(page.ids()).as("%s, %d", externalId, limit).containsExactly(at(2));
                assertThat(page.nextAfter()).as("no cursor: the next orders are past the window").isZero();
            }
        }
        final OrderViews.OrderList firstPage = driver.listOrders(new Query.Orders("", null, "c-1", 0, 1, List.of(), "",
            "", t0 + HOUR, ANY_BEFORE));
        assertThat(firstPage.ids()).containsExactly(at(2));
        assertThat(firstPage.nextAfter()).isEqualTo(at(2));
        final OrderViews.OrderList next = driver.listOrders(new Query.Orders("", null, "c-1", firstPage.nextAfter(), 1,
            List.of(), "", "", t0 + HOUR, ANY_BEFORE));
        assertThat(next.ids()).containsExactly(at(3));
        assertThat(next.nextAfter()).isZero();
        assertThat(driver.listOrders(new Query.Orders("", null, "", at(3), 5, List.of(), "", "", ANY_FROM,
            t0 + 2 * HOUR)).ids()).as("a cursor past the window: nothing").isEmpty();
    }

    /**
     * A window of a customer with more orders before it than a page steps over: each page is the window's next order
     * of the customer, found by the chain's samples (walked from the customer's first order, a page past
     * {@link OrderQueries#MAX_SCAN} of them read every order and came back short: found in review); a window with
     * nothing in it answers an empty page without a cursor.
     */
    @Test
    void aWindowOfACustomerWithManyOrdersBeforeItPagesOnToItsOrders()
    {
        stock(driver, "A", "wh-sg", 100_000);
        for (int i = 0; i <= OrderQueries.MAX_SCAN; i++)
        {
            driver.ordering().channel("web").customer("guest").line("A", 1).submit();
        }
        driver.at(t0 + 4 * HOUR);
        final long windowStart = driver.now();
        final long other = driver.ordering().channel("web").customer("c-9").line("A", 1).submit().orderId();
        final long guest = driver.ordering().channel("web").customer("guest").line("A", 1).submit().orderId();
        driver.at(windowStart + 1);
        final long later = driver.ordering().channel("web").customer("guest").line("A", 1).submit().orderId();

        for (final List<String> scope : List.of(List.<String>of(), List.of("web")))
        {
            final List<Long> seen = new java.util.ArrayList<>();
            long cursor = 0;
            for (int pages = 0; pages < 10; pages++)
            {
                final OrderViews.OrderList page = driver.listOrders(new Query.Orders("", null, "guest", cursor, 1,
                    scope, "", "", windowStart, ANY_BEFORE));
                assertThat(page.ids()).as("a full page").hasSize(1);
                seen.addAll(page.ids());
                if (page.nextAfter() == 0)
                {
                    break;
                }
                assertThat(page.nextAfter()).as("the cursor moves on").isGreaterThan(cursor);
                cursor = page.nextAfter();
            }
            assertThat(seen).as("scope %s", scope).containsExactly(guest, later);
            assertThat(driver.listOrders(new Query.Orders("", null, "guest", 0, 5, scope, "", "", windowStart,
                windowStart + 1)).ids()).containsExactly(guest);
            final OrderViews.OrderList empty = driver.listOrders(new Query.Orders("", null, "guest", 0, 5, scope, "",
                "", t0 + 3 * HOUR + 1, windowStart));
            assertThat(empty.ids()).as("guest's first orders are in the third hour's first millisecond").isEmpty();
            assertThat(empty.nextAfter()).isZero();
        }
        assertThat(other).isLessThan(guest);
    }

    /** The id of the order placed {@code k}th (0 = the first) in the set-up. */
    private long at(final int k)
    {
        return first + k;
    }

    private List<Long> ids(final String channel, final String customer, final List<String> scope, final String pickup,
        final String externalId, final long from, final long before)
    {
        return driver.listOrders(new Query.Orders(channel, null, customer, 0, 50, scope, pickup, externalId, from,
            before)).ids();
    }
}
