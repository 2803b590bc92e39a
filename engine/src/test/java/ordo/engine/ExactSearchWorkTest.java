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
 * The exact search stops once it has read {@link PlanSearch#EXACT_WORK} lines, and the plan is the greedy cover (rules
 * version 21 for sets of four nodes and more, 22 for pairs and triples and for the limited search; Review-275: within
 * the budget of combinations, lines as many as 64 made a search read every set of its size for milliseconds).
 *
 * <p>The first network defeats every bound: 17 nodes at 100 with one unit of every SKU, and two at 200 (met last) with
 * two units of S0 or S1 and none of the other; the order wants five of S0 and S1 and one of the rest, so every set of
 * four looks as if it might cover — the two dear nodes are still ahead — and none does (each of those two lacks the
 * other's line). Among 19 nodes the sets of four and five are within the budget (3 876 + 11 628): with two lines the
 * search reads them and finds five; with 64, it reads more than its work among the sets of four.
 */
class ExactSearchWorkTest
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

    /**
     * Triples the same (version 22; a triple of 50 nodes was read to its last lines for 0.9 ms): five decoys at 100
     * with one unit of every SKU but B and two of A, 44 nodes at 200 and up (by id) with one of every SKU, and one at
     * 1 000 with three of B alone. The order wants three of A and B, its last lines, and one of each other SKU: no pair
     * covers, and every triple of a decoy and two others looks as if it might — the dear node's B is still ahead — and
     * fails at B after reading every line before it (two decoys and the dear node cover, at 1 200). With three lines
     * the search reads the decoys' triples and finds the three cheapest others (618); with 64 it stops among the
     * decoys' triples, and the greedy cover takes two decoys and the dear node.
     */
    @Test
    void triplesPastTheWorkEndInTheGreedyCover()
    {
        for (final int lines : new int[] {3, 64})
        {
            final EngineDriver driver = new EngineDriver();
            for (int n = 0; n < 50; n++)
            {
                warehouse(driver, String.format("n%02d", n), n < 5 ? 100 : n < 49 ? 200 + n : 1_000);
            }
            final OrderBuilder order = driver.ordering().shipTo(LAT, LON);
            for (int sku = 0; sku < lines; sku++)
            {
                final boolean a = sku == lines - 2;
                final boolean b = sku == lines - 1;
                assertThat(driver.defineSku("S" + sku, 0, false).code()).isEqualTo(ResultCode.OK);
                for (int n = 0; n < 50; n++)
                {
                    final long units = n == 49 ? (b ? 3 : 0) : n >= 5 ? 1 : b ? 0 : a ? 2 : 1;
                    if (units > 0)
                    {
                        assertThat(driver.setInventory("S" + sku, String.format("n%02d", n), units, 0).code())
                            .isEqualTo(ResultCode.OK);
                    }
                }
                order.line("S" + sku, a || b ? 3 : 1);
            }
            final Result placed = order.submit();
            assertThat(placed.code()).isEqualTo(ResultCode.OK);
            final OrderViews.Sourcing plan = driver.sourcing(placed.orderId());
            assertThat(plan.exact()).as("%d lines", lines).isEqualTo(lines == 3);
            assertThat(plan.withReason(Codes.SourcingReason.SELECTED)).as("%d lines", lines)
                .containsExactlyInAnyOrder(lines == 3 ? new String[] {"n05", "n06", "n07"} :
                    new String[] {"n00", "n01", "n49"});
        }
    }

    /**
     * The limited search's pairs and triples too (version 22: 4–5 ms an order of 64 lines under a limit of three):
     * nodes at 100 with one unit of every SKU, and two at 200 with two of A or B; the order wants four of A and B and
     * one of each other SKU, in three shipments at most (its SKUs may wait). No plan of three covers, so the plan
     * within the limit covering the most is searched: among 20 nodes (1 140 triples) exactly, among 50 (19 600, each
     * read: every triple of cheap nodes covers as much as the best) it stops at its work — the greedy plan, here the
     * same three cheapest nodes, the rest of A and B waiting.
     */
    @Test
    void aLimitedSearchPastItsWorkEndsInTheGreedyPlan()
    {
        for (final int nodes : new int[] {20, 50})
        {
            final EngineDriver driver = new EngineDriver();
            for (int n = 0; n < nodes; n++)
            {
                warehouse(driver, n < nodes - 2 ? String.format("p%02d", n) : "x" + (n - nodes + 2),
                    n < nodes - 2 ? 100 : 200);
            }
            final OrderBuilder order = driver.ordering().shipTo(LAT, LON).maxShipments(3);
            for (final String sku : new String[] {"S0", "A", "B"})
            {
                assertThat(driver.defineSku(sku, 0, true).code()).isEqualTo(ResultCode.OK);
                for (int n = 0; n < nodes - 2; n++)
                {
                    assertThat(driver.setInventory(sku, String.format("p%02d", n), 1, 0).code())
                        .isEqualTo(ResultCode.OK);
                }
                order.line(sku, sku.equals("S0") ? 1 : 4);
            }
            assertThat(driver.setInventory("A", "x0", 2, 0).code()).isEqualTo(ResultCode.OK);
            assertThat(driver.setInventory("B", "x1", 2, 0).code()).isEqualTo(ResultCode.OK);
            final Result placed = order.submit();
            assertThat(placed.code()).isEqualTo(ResultCode.OK);
            final OrderViews.Sourcing plan = driver.sourcing(placed.orderId());
            assertThat(plan.exact()).as("%d nodes", nodes).isEqualTo(nodes == 20);
            assertThat(plan.withReason(Codes.SourcingReason.SELECTED)).as("%d nodes", nodes)
                .containsExactlyInAnyOrder("p00", "p01", "p02");
            assertThat(plan.shipments()).isEqualTo(3);
        }
    }

    /** The first network and an order of {@code lines} SKUs (S0, S1, then one unit each of the others). */
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
