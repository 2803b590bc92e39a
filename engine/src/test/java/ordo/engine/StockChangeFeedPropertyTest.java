package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderOpRunner;
import ordo.engine.testing.OrderOpRunner.Applied;
import ordo.engine.testing.RandomOrders;
import ordo.engine.testing.RandomOrders.NetworkSpec;
import ordo.engine.testing.RandomOrders.Op;
import ordo.engine.testing.Views;

/**
 * The stock change feed misses no change, over random networks and streams of orders, holds, counts, pools, nodes
 * switched and shipping lists changed: after every command, every SKU whose row in the stock feed changed — its
 * network figures, or any channel's, for any ship-to country — is listed by the change feed since the command before,
 * walked in pages of a random size, once; and at the end, a walk since any earlier command lists every SKU whose row
 * changed after it. The feed may list a SKU whose figures came back to what they were; the property also asks that it
 * lists fewer than every SKU for most commands, so that a feed listing everything always would fail.
 */
class StockChangeFeedPropertyTest
{
    @Provide
    Arbitrary<NetworkSpec> networks()
    {
        return RandomOrders.networks();
    }

    @Provide
    Arbitrary<List<Op>> streams()
    {
        return RandomOrders.wideStreams(10, 120);
    }

    @Property(tries = 120, edgeCases = EdgeCasesMode.NONE)
    void everyChangedRowIsListedSinceTheCommandBefore(@ForAll("networks") final NetworkSpec network,
        @ForAll("streams") final List<Op> ops, @ForAll @IntRange(min = 1, max = 3) final int pageSize)
    {
        final EngineDriver driver = new EngineDriver(RandomOrders.T0);
        final OrderOpRunner runner = new OrderOpRunner(driver);
        final Map<String, Long> lastChanged = new HashMap<>();
        final Map<String, List<Object>> rows = new HashMap<>(rows(driver));
        final long[] before = {driver.seq()};
        final Runnable check = () ->
        {
            if (driver.seq() == before[0])
            {
                return;
            }
            final Map<String, List<Object>> now = rows(driver);
            final Set<String> changed = new HashSet<>();
            for (final Map.Entry<String, List<Object>> row : now.entrySet())
            {
                if (!row.getValue().equals(rows.get(row.getKey())))
                {
                    changed.add(row.getKey());
                    lastChanged.put(row.getKey(), driver.seq());
                }
            }
            final List<String> listed = walk(driver, before[0], pageSize);
            assertThat(listed).as("listed since %d, after seq %d", before[0], driver.seq()).containsAll(changed);
            Statistics.label("listed fewer than every SKU").collect(listed.size() < now.size());
            rows.clear();
            rows.putAll(now);
            before[0] = driver.seq();
        };
        runner.setUp(network, applied -> check.run());
        final long setUp = driver.seq();
        final List<Long> points = new ArrayList<>(List.of(0L, setUp));
        for (final Op op : ops)
        {
            final Applied applied = runner.apply(op);
            if (applied.isCommand())
            {
                check.run();
                points.add(driver.seq());
            }
        }
        for (final long since : points)
        {
            final List<String> listed = walk(driver, since, pageSize);
            for (final Map.Entry<String, Long> change : lastChanged.entrySet())
            {
                if (change.getValue() > since)
                {
                    assertThat(listed).as("listed since %d", since).contains(change.getKey());
                }
            }
        }
        assertThat(driver.engine().checkInvariants()).isNull();
        // A restart keeps the feed: a restored engine walks the same from every point.
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        for (final long since : points)
        {
            assertThat(walk(restored, since, pageSize)).as("restored, since %d", since)
                .isEqualTo(walk(driver, since, pageSize));
        }
        Statistics.label("listed fewer than every SKU").coverage(coverage ->
            coverage.check(true).percentage(p -> p >= 50));
    }

    /** Every SKU's stock feed row, for no channel and for each channel to any country and to each country. */
    private static Map<String, List<Object>> rows(final EngineDriver driver)
    {
        final Map<String, List<Object>> rows = new HashMap<>();
        row(rows, driver.queryStock(null, 200, null).stock());
        for (final String channel : RandomOrders.CHANNELS)
        {
            row(rows, driver.queryStock(null, 200, channel).stock());
            for (final String country : RandomOrders.COUNTRIES)
            {
                row(rows, driver.queryStock(null, 200, channel, country).stock());
            }
        }
        return rows;
    }

    private static void row(final Map<String, List<Object>> rows, final Views.StockPage page)
    {
        assertThat(page.next()).isNull();
        for (final Views.StockItem item : page.items())
        {
            rows.computeIfAbsent(item.sku(), sku -> new ArrayList<>()).add(item);
        }
    }

    /**
     * The SKUs the change feed lists since {@code since}, in pages of {@code pageSize}: each once, the walk ending
     * where nothing is left, at the last command.
     */
    static List<String> walk(final EngineDriver driver, final long since, final int pageSize)
    {
        final Set<String> listed = new LinkedHashSet<>();
        long seq = since;
        String sku = null;
        for (int pages = 0; ; pages++)
        {
            assertThat(pages).as("pages of a walk since %d", since).isLessThan(10_000);
            final Views.StockChangesPage page = driver.queryStockChanges(seq, sku, pageSize, null, null)
                .stockChanges();
            for (final Views.StockItem item : page.items())
            {
                assertThat(listed.add(item.sku())).as("%s listed twice since %d", item.sku(), since).isTrue();
            }
            if (!page.more())
            {
                assertThat(page.nextSeq()).isEqualTo(driver.seq());
                assertThat(page.nextSku()).isNull();
                return new ArrayList<>(listed);
            }
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            seq = page.nextSeq();
            sku = page.nextSku();
        }
    }
}
