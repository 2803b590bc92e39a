package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/**
 * Pages of locations, SKUs and channels ({@link CatalogLists}): an admin or a store locator could read them one by id
 * only (QA-211). Walking the cursors lists every item the filter passes exactly once, in the order they were defined.
 */
class CatalogListsTest
{
    private static final Codes.LocationType[] TYPES = Codes.LocationType.values();
    private static final int[] CAPABILITIES = {0, Codes.CAP_SHIP, Codes.CAP_PICKUP, Codes.CAP_SHIP_FROM_STORE,
        Codes.CAP_PICKUP | Codes.CAP_SHIP_FROM_STORE};

    private final EngineDriver driver = new EngineDriver();

    @Test
    void locationsComeInTheOrderTheyWereDefinedAndTheLastFullPageHasNoCursor()
    {
        for (int i = 0; i < 6; i++)
        {
            driver.defineLocation("loc-" + (5 - i));
        }
        // Defined again, inactive: it keeps its place.
        driver.defineLocation("loc-5", Codes.LocationType.STORE, 1_300_000, 103_800_000, Codes.CAP_PICKUP, false);

        final Views.Page<Views.Location> first = driver.queryLocations(null, 3, null, 0, null).locations();
        final Views.Page<Views.Location> second = driver.queryLocations(first.next(), 3, null, 0, null).locations();

        assertThat(ids(first.items(), Views.Location::id)).containsExactly("loc-5", "loc-4", "loc-3");
        assertThat(first.items().get(0).active()).isFalse();
        assertThat(first.next()).isEqualTo("loc-3");
        assertThat(ids(second.items(), Views.Location::id)).containsExactly("loc-2", "loc-1", "loc-0");
        assertThat(second.next()).as("nothing after it").isNull();
    }

    @Test
    void aStoreLocatorListsTheActiveStoresOfferingPickup()
    {
        driver.defineLocation("wh-1", Codes.LocationType.WAREHOUSE, 1_300_000, 103_800_000, Codes.CAP_ALL, true);
        driver.defineLocation("st-1", Codes.LocationType.STORE, 1_300_000, 103_800_000, Codes.CAP_PICKUP, true);
        driver.defineLocation("st-2", Codes.LocationType.STORE, 1_300_000, 103_800_000, Codes.CAP_SHIP_FROM_STORE,
            true);
        driver.defineLocation("st-3", Codes.LocationType.STORE, 1_300_000, 103_800_000, Codes.CAP_PICKUP, false);
        driver.defineLocation("st-4", Codes.LocationType.STORE, 1_300_000, 103_800_000,
            Codes.CAP_PICKUP | Codes.CAP_SHIP_FROM_STORE, true);

        final Views.Page<Views.Location> page = driver.queryLocations(null, 50, Codes.LocationType.STORE,
            Codes.CAP_PICKUP, true).locations();

        assertThat(ids(page.items(), Views.Location::id)).containsExactly("st-1", "st-4");
        assertThat(page.next()).isNull();
        assertThat(ids(driver.queryLocations(null, 50, null, 0, false).locations().items(), Views.Location::id))
            .containsExactly("st-3");
    }

    /** Over random networks, filters and page sizes, the pages walked by their cursors are the filter over all. */
    @Property(tries = 200)
    void walkingTheCursorsListsWhatTheFilterPassesOnceInOrder(@ForAll final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final EngineDriver world = new EngineDriver();
        final int count = random.nextInt(40);
        // As defined here (a location defined again keeps its first place and takes its last definition).
        final java.util.LinkedHashMap<String, Views.Location> defined = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++)
        {
            final String id = i > 0 && random.nextInt(5) == 0 ? new ArrayList<>(defined.keySet()).get(
                random.nextInt(defined.size())) : "n-" + random.nextInt(1_000_000) + "-" + i;
            final Codes.LocationType type = TYPES[random.nextInt(TYPES.length)];
            final int caps = CAPABILITIES[random.nextInt(CAPABILITIES.length)];
            final boolean isActive = random.nextInt(4) > 0;
            assertThat(world.defineLocation(id, type, 1_300_000, 103_800_000, caps, isActive).code())
                .isEqualTo(ResultCode.OK);
            defined.put(id, new Views.Location(id, type, null, 0, 0, null, caps, 0, 0, null, isActive, List.of(),
                "00:00:00Z"));
        }
        final Codes.LocationType type = random.nextBoolean() ? null : TYPES[random.nextInt(TYPES.length)];
        final int caps = CAPABILITIES[random.nextInt(CAPABILITIES.length)];
        final Boolean active = random.nextInt(3) == 0 ? null : random.nextBoolean();
        final int limit = 1 + random.nextInt(7);

        final List<String> walked = new ArrayList<>();
        String after = null;
        int pages = 0;
        do
        {
            final Views.Page<Views.Location> page = world.queryLocations(after, limit, type, caps, active).locations();
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            if (page.next() != null)
            {
                assertThat(page.items()).as("a page with a cursor is full (no filter steps 10 000 here)")
                    .hasSize(limit);
                assertThat(page.next()).isEqualTo(page.items().get(limit - 1).id());
            }
            page.items().forEach(l -> walked.add(l.id()));
            after = page.next();
            pages++;
        }
        while (after != null && pages <= count + 1);

        final List<String> expected = new ArrayList<>();
        for (final Views.Location l : defined.values())
        {
            if ((type == null || l.type() == type) && (l.capabilities() & caps) == caps &&
                (active == null || l.active() == active))
            {
                expected.add(l.id());
            }
        }
        assertThat(walked).isEqualTo(expected);
    }

    @Test
    void aFilterFewPassAnswersAPartialPageAndACursorAfterTenThousandStepped()
    {
        for (int i = 0; i < OrderQueries.MAX_SCAN + 5; i++)
        {
            driver.defineLocation("wh-" + i);
        }
        driver.defineLocation("st-1", Codes.LocationType.STORE, 1_300_000, 103_800_000, Codes.CAP_PICKUP, true);

        final Views.Page<Views.Location> first = driver.queryLocations(null, 10, Codes.LocationType.STORE, 0, null)
            .locations();
        final Views.Page<Views.Location> second = driver.queryLocations(first.next(), 10, Codes.LocationType.STORE, 0,
            null).locations();

        assertThat(first.items()).isEmpty();
        assertThat(first.next()).isEqualTo("wh-" + (OrderQueries.MAX_SCAN - 1));
        assertThat(ids(second.items(), Views.Location::id)).containsExactly("st-1");
        assertThat(second.next()).isNull();
    }

    /**
     * A page of the stock feed ends once it has read {@link CatalogLists#MAX_PAGE_CELLS} cells, and a page of
     * channels once it holds {@link CatalogLists#MAX_PAGE_POOLS} pools, with a cursor each (found in review: a page
     * over thousands of nodes took milliseconds of the engine thread; 200 channels of many pools, megabytes).
     */
    @Test
    void aPageEndsAtItsBudgetWithACursorAndTheWalkGoesOn()
    {
        final int nodes = 600;
        for (int n = 0; n < nodes; n++)
        {
            driver.defineLocation("n-" + n);
        }
        for (int s = 0; s < 200; s++)
        {
            driver.defineSku("S-" + s);
            for (int n = 0; n < nodes; n++)
            {
                driver.setInventory("S-" + s, "n-" + n, 1, 0);
            }
        }
        final Views.StockPage first = driver.queryStock(null, 200, null).stock();
        final long perSku = 1 + nodes;
        assertThat(first.items()).hasSize((int)((CatalogLists.MAX_PAGE_CELLS + perSku - 1) / perSku));
        assertThat(first.next()).isEqualTo(first.items().get(first.items().size() - 1).sku());
        int walked = first.items().size();
        String after = first.next();
        while (after != null)
        {
            final Views.StockPage page = driver.queryStock(after, 200, "web").stock();
            assertThat(page.items()).isNotEmpty();
            walked += page.items().size();
            after = page.next();
        }
        assertThat(walked).isEqualTo(200);

        final Cmd.Pool[] pools = new Cmd.Pool[255];
        for (int p = 0; p < pools.length; p++)
        {
            pools[p] = new Cmd.Pool("S-" + p % 200 + (p < 200 ? "" : "x"), 5_000);
        }
        for (int p = 200; p < pools.length; p++)
        {
            driver.defineSku("S-" + (p % 200) + "x");
        }
        for (int c = 0; c < 20; c++)
        {
            assertThat(driver.defineChannel("ch-" + c, Codes.ChannelKind.WEB, pools).code()).isEqualTo(ResultCode.OK);
        }
        final Views.Page<OrderViews.Channel> channels = driver.queryChannels(null, 200).channels();
        assertThat(channels.items()).as("16 × 256 = 4 096").hasSize(16);
        assertThat(channels.next()).isEqualTo("ch-15");
        assertThat(driver.queryChannels("ch-15", 200).channels().items()).hasSize(4);
        final String[] first16 = new String[16];
        for (int c = 0; c < first16.length; c++)
        {
            first16[c] = "ch-" + c;
        }
        assertThat(driver.queryChannels(null, 200, first16).channels().next())
            .as("a page at its budget with none after it has no cursor").isNull();
    }

    @Test
    void skusPageInTheOrderTheyWereDefined()
    {
        for (final String sku : new String[] {"Z", "A", "M"})
        {
            driver.defineSku(sku);
        }

        final Views.Page<Views.Sku> first = driver.querySkus(null, 2).skus();
        final Views.Page<Views.Sku> second = driver.querySkus(first.next(), 2).skus();

        assertThat(ids(first.items(), Views.Sku::id)).containsExactly("Z", "A");
        assertThat(ids(second.items(), Views.Sku::id)).containsExactly("M");
        assertThat(second.next()).isNull();
        assertThat(driver.querySkus(null, 2).skus()).isEqualTo(first);
    }

    @Test
    void aScopedListShowsOnlyItsChannelsAndRefusesACursorNamingAnother()
    {
        for (final String channel : new String[] {"web", "app", "shopee", "lazada", "pos"})
        {
            driver.defineChannel(channel, Codes.ChannelKind.WEB);
        }
        final Views.Page<OrderViews.Channel> scoped = driver.queryChannels(null, 1, "lazada", "web", "tiktok")
            .channels();
        final Views.Page<OrderViews.Channel> rest = driver.queryChannels(scoped.next(), 5, "lazada", "web").channels();

        assertThat(ids(scoped.items(), OrderViews.Channel::id)).containsExactly("web");
        assertThat(ids(rest.items(), OrderViews.Channel::id)).containsExactly("lazada");
        assertThat(rest.next()).isNull();
        assertThat(ids(driver.queryChannels(null, 200).channels().items(), OrderViews.Channel::id))
            .containsExactly("web", "app", "shopee", "lazada", "pos");
        assertThat(driver.queryChannels("app", 5, "lazada", "web").code()).as("not the caller's")
            .isEqualTo(ResultCode.UNKNOWN_CURSOR);
        assertThat(driver.queryChannels("tiktok", 5).code()).as("never defined").isEqualTo(ResultCode.UNKNOWN_CURSOR);
    }

    /**
     * A node's stock, walked in pages, is its row of every SKU's INVENTORY view, in SKU order, whatever order the
     * cells were made in, with the pickups waiting there; and again after a restore.
     */
    @Property(tries = 100)
    void aNodesStockWalkedInPagesIsItsRowOfEverySkusView(@ForAll final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final EngineDriver world = new EngineDriver();
        SgNetwork.define(world);
        final String[] skus = new String[12];
        for (int i = 0; i < skus.length; i++)
        {
            skus[i] = "S-" + (char)('A' + random.nextInt(26)) + i;
            world.defineSku(skus[i], 0, random.nextBoolean());
        }
        final String[] nodes = SgNetwork.NODES.keySet().toArray(new String[0]);
        for (int step = 0; step < 40; step++)
        {
            final String sku = skus[random.nextInt(skus.length)];
            if (random.nextInt(4) == 0)
            {
                world.ordering().customer("c-" + step).pickupAt("store-orchard").allowPartial()
                    .line(sku, 1 + random.nextInt(3)).submit();
            }
            else
            {
                world.setInventory(sku, nodes[random.nextInt(nodes.length)], random.nextInt(9), random.nextInt(2));
            }
        }
        final int limit = 1 + random.nextInt(5);
        for (final EngineDriver engine : List.of(world, EngineDriver.restore(world.snapshot())))
        {
            for (final String node : nodes)
            {
                final List<String> walked = new ArrayList<>();
                final List<Views.LocationStock> rows = new ArrayList<>();
                String after = null;
                do
                {
                    final Views.LocationStockPage page = engine.queryLocationStock(node, after, limit).locationStock();
                    assertThat(page.rows().size()).isLessThanOrEqualTo(limit);
                    walked.addAll(page.skus());
                    rows.addAll(page.rows());
                    after = page.next();
                }
                while (after != null);
                final List<String> expected = new ArrayList<>();
                final List<Views.LocationStock> expectedRows = new ArrayList<>();
                for (final String sku : skus)
                {
                    // A row of the view without a cell is a store's pickups waiting for a SKU it has no stock of.
                    if (hasCell(engine, sku, node))
                    {
                        expected.add(sku);
                        expectedRows.add(engine.inventory(sku).at(node));
                    }
                }
                assertThat(walked).as(node).isEqualTo(expected);
                assertThat(rows).as(node).isEqualTo(expectedRows);
            }
        }
    }

    private static boolean hasCell(final EngineDriver engine, final String sku, final String node)
    {
        final Catalog catalog = engine.engine().catalog();
        return catalog.sku(slice(sku)).findCell(catalog.location(slice(node))) != null;
    }

    private static ByteSlice slice(final String id)
    {
        return new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(id.getBytes()), 0, id.length());
    }

    @Test
    void aNodesStockRefusesAnUnknownNodeOrCursor()
    {
        SgNetwork.define(driver);
        SgNetwork.stock(driver, "A", "wh-sg", 3);

        assertThat(driver.queryLocationStock("nowhere", null, 5).code()).isEqualTo(ResultCode.LOCATION_NOT_FOUND);
        assertThat(driver.queryLocationStock("wh-sg", "B", 5).code()).as("B has no cell there")
            .isEqualTo(ResultCode.UNKNOWN_CURSOR);
        assertThat(driver.queryLocationStock("wh-sg", "NOPE", 5).code()).isEqualTo(ResultCode.UNKNOWN_CURSOR);
        assertThat(driver.queryLocationStock("wh-sg", null, 0).code()).isEqualTo(ResultCode.MALFORMED_COMMAND);
        final Views.LocationStockPage page = driver.queryLocationStock("wh-sg", null, 5).locationStock();
        assertThat(page.skus()).containsExactly("A");
        assertThat(page.active()).isTrue();
        assertThat(page.next()).isNull();
    }

    @Test
    void anUnknownCursorOrABadQueryIsRefusedAndNothingChanges()
    {
        driver.defineLocation("wh-1");
        driver.defineSku("A");
        final long before = driver.stateHash();

        assertThat(driver.queryLocations("wh-9", 5, null, 0, null).code()).isEqualTo(ResultCode.UNKNOWN_CURSOR);
        assertThat(driver.querySkus("B", 5).code()).isEqualTo(ResultCode.UNKNOWN_CURSOR);
        assertThat(driver.queryStock("B", 5, null).code()).isEqualTo(ResultCode.UNKNOWN_CURSOR);
        assertThat(driver.queryStock(null, 5, "").code()).isEqualTo(ResultCode.MALFORMED_COMMAND);
        assertThat(driver.queryStock(null, 5, "a b").code()).isEqualTo(ResultCode.MALFORMED_COMMAND);
        assertThat(driver.queryLocations(null, 0, null, 0, null).code()).isEqualTo(ResultCode.MALFORMED_COMMAND);
        assertThat(driver.querySkus(null, OrderQueries.MAX_PAGE + 1).code()).isEqualTo(ResultCode.MALFORMED_COMMAND);
        final Result badType = driver.query(CommandType.QUERY_LOCATIONS,
            w -> w.putAscii("").putShort(5).putByte(9).putByte(0).putByte(0));
        final Result badActive = driver.query(CommandType.QUERY_LOCATIONS,
            w -> w.putAscii("").putShort(5).putByte(0).putByte(0).putByte(3));
        final Result badCapability = driver.query(CommandType.QUERY_LOCATIONS,
            w -> w.putAscii("").putShort(5).putByte(0).putByte(8).putByte(0));
        final Result trailing = driver.query(CommandType.QUERY_SKUS, w -> w.putAscii("").putShort(5).putByte(0));
        for (final Result refused : List.of(badType, badActive, badCapability, trailing))
        {
            assertThat(refused.code()).isEqualTo(ResultCode.MALFORMED_COMMAND);
        }
        assertThat(driver.stateHash()).isEqualTo(before);
    }

    private static <T> List<String> ids(final List<T> items, final Function<T, String> id)
    {
        return items.stream().map(id).toList();
    }
}
