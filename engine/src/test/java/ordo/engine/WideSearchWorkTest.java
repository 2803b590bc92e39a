package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderBuilder;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;
import org.junit.jupiter.api.Test;

/**
 * The exact search of four nodes and more stops once it has read {@link PlanSearch#WIDE_WORK} lines, and the plan is
 * the greedy cover (rules version 21; Review-275: within the budget of combinations, lines as many as 64 made a search
 * read every set of its size for milliseconds). The network defeats every bound: 17 nodes at 100 with one unit of
 * every SKU, and two at 200 (met last) with two units of S0 or S1 and none of the other; the order wants five of S0
 * and S1 and one of the rest, so every set of four looks as if it might cover — the two dear nodes are still ahead —
 * and none does (each of those two lacks the other's line). Among 19 nodes the sets of four and five are within the
 * budget (3 876 + 11 628): with two lines the search reads them and finds five; with 64, it reads more than its work
 * among the sets of four.
 */
class WideSearchWorkTest
{
    private static final int LAT = 1_350_800;
    private static final int LON = 103_848_500;

    @Test
    void aSearchThatReadsMoreThanItsWorkEndsInTheGreedyCover()
    {
        final OrderViews.Sourcing many = place(64);
        assertThat(many.exact()).as("64 lines: past the work").isFalse();
        assertThat(many.shipments()).isEqualTo(5);
        // The greedy cover: most units first, ties by cost, then id: the five cheap nodes of the lowest ids.
        assertThat(many.withReason(Codes.SourcingReason.SELECTED)).containsExactlyInAnyOrder("p00", "p01", "p02", "p03",
            "p04");

        final OrderViews.Sourcing few = place(2);
        assertThat(few.exact()).as("2 lines: every set of four read, then five").isTrue();
        assertThat(few.withReason(Codes.SourcingReason.SELECTED)).containsExactlyInAnyOrder("p00", "p01", "p02", "p03",
            "p04");
    }

    /**
     * A search cut short keeps nothing it found: 19 nodes at one cost, one unit of each of 64 SKUs, defined from q18
     * down to q00, and an order of four of each: every set of four covers, and before the search had read them all it
     * had kept [q14, q02, q01, q00] (Review-276: with the cut not ending the search, that plan was said EXACT). The
     * greedy cover takes the lowest ids. The work is counted afresh for the next order: the same engine then searches
     * an order of one SKU exactly.
     */
    @Test
    void aSearchCutShortKeepsNothingItFoundAndTheNextOrderIsSearchedAfresh()
    {
        final EngineDriver driver = new EngineDriver();
        for (int n = 18; n >= 0; n--)
        {
            warehouse(driver, String.format("q%02d", n), 100);
        }
        final OrderBuilder order = driver.ordering().shipTo(LAT, LON);
        for (int sku = 0; sku < 64; sku++)
        {
            assertThat(driver.defineSku("S" + sku, 0, false).code()).isEqualTo(ResultCode.OK);
            for (int n = 0; n < 19; n++)
            {
                assertThat(driver.setInventory("S" + sku, String.format("q%02d", n), sku == 0 ? 2 : 1, 0).code())
                    .isEqualTo(ResultCode.OK);
            }
            order.line("S" + sku, 4);
        }
        final Result cut = order.submit();
        assertThat(cut.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Sourcing greedy = driver.sourcing(cut.orderId());
        assertThat(greedy.exact()).isFalse();
        assertThat(greedy.withReason(Codes.SourcingReason.SELECTED)).containsExactlyInAnyOrder("q00", "q01", "q02",
            "q03");

        // S1: one unit at each of the 15 nodes the order above left it: four of them, every set of four read.
        final Result next = driver.ordering().customer("c-2").shipTo(LAT, LON).line("S1", 4).submit();
        assertThat(next.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Sourcing exact = driver.sourcing(next.orderId());
        assertThat(exact.exact()).as("searched afresh").isTrue();
        assertThat(exact.withReason(Codes.SourcingReason.SELECTED)).containsExactlyInAnyOrder("q04", "q05", "q06",
            "q07");
    }

    /** The network above and an order of {@code lines} SKUs (S0, S1, then one unit each of the others). */
    private static OrderViews.Sourcing place(final int lines)
    {
        final EngineDriver driver = new EngineDriver();
        final List<String> nodes = new ArrayList<>();
        for (int n = 0; n < 17; n++)
        {
            nodes.add(String.format("p%02d", n));
        }
        for (final String id : nodes)
        {
            warehouse(driver, id, 100);
        }
        for (final String id : new String[] {"x0", "x1"})
        {
            warehouse(driver, id, 200);
        }
        for (int sku = 0; sku < lines; sku++)
        {
            assertThat(driver.defineSku("S" + sku, 0, false).code()).isEqualTo(ResultCode.OK);
            for (final String id : nodes)
            {
                assertThat(driver.setInventory("S" + sku, id, 1, 0).code()).isEqualTo(ResultCode.OK);
            }
        }
        assertThat(driver.setInventory("S0", "x0", 2, 0).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.setInventory("S1", "x1", 2, 0).code()).isEqualTo(ResultCode.OK);
        final OrderBuilder order = driver.ordering().shipTo(LAT, LON);
        for (int sku = 0; sku < lines; sku++)
        {
            order.line("S" + sku, sku < 2 ? 5 : 1);
        }
        final Result placed = order.submit();
        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        return driver.sourcing(placed.orderId());
    }

    /** A warehouse at the test's one place, handling {@code handling}. */
    private static void warehouse(final EngineDriver driver, final String id, final long handling)
    {
        assertThat(driver.apply(new Cmd.DefineLocation(id, Codes.LocationType.WAREHOUSE, LAT, LON, Codes.CAP_ALL, true,
            0, handling)).code()).isEqualTo(ResultCode.OK);
    }
}
