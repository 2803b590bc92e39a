package ordo.bench.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

import ordo.bench.load.Driver.Outcome;

/**
 * Scenario 3 of the comparison, Ordo only: order capture with sourcing. A network of {@code nodes} warehouses in
 * Singapore/Johor, every one stocking every SKU, so every node is a candidate for every line (the sourcing planner's
 * worst case, as in {@code OrderPlacementBenchmark}); then 3-line orders ({@link OrderWorkload}) in a closed loop by
 * time, each {@code POST /v1/orders} answered with its allocations, promise, payment and fraud verdict.
 *
 * <p>No peer runs it: Redis + Lua and PostgreSQL have no model of sourcing over a network (candidate nodes, costs,
 * distances, splits), and a model that only decrements three counters would not be doing the same work.
 *
 * <p>Checks: stock is sized to suffice, so every order must be created (201: no refusal, no error, every one answered),
 * and Ordo's own inventory, read back through {@code GET /v1/inventory/{sku}} for every SKU, must show exactly the
 * units of the created orders allocated — per SKU, hence in sum: nothing backordered, nothing allocated twice.
 */
public final class OrderCapture
{
    /**
     * @param nodes         warehouses in the network, each stocking every SKU
     * @param skus          SKUs the order lines are drawn from
     * @param unitsEach     stock of every SKU at every node: ample (a node can take all of a SKU's orders)
     * @param connections   connections
     * @param depth         requests in flight per connection
     * @param warmupSeconds answered and checked but not measured
     * @param seconds       measured
     */
    public record Spec(int nodes, int skus, long unitsEach, int connections, int depth, double warmupSeconds,
                       double seconds)
    {
        public static final Spec QUICK = new Spec(50, 50, 1_000_000, 64, 1, 1, 3);
        public static final Spec FULL = new Spec(50, 200, 1_000_000, 256, 1, 5, 30);

        public static Spec of(final boolean quick)
        {
            return quick ? QUICK : FULL;
        }

        public Spec with(final int connections, final int depth)
        {
            return new Spec(nodes, skus, unitsEach, connections, depth, warmupSeconds, seconds);
        }
    }

    private OrderCapture()
    {
    }

    public static ScenarioResult run(final OrdoHttpDriver driver, final boolean quick)
    {
        return run(driver, Spec.of(quick));
    }

    public static ScenarioResult run(final OrdoHttpDriver driver, final Spec spec)
    {
        final String description = String.format(Locale.ROOT, "3-line orders (4 units) sourced over %d nodes that "
            + "all stock all %,d SKUs (%,d units each), %s s + %s s warm-up; Ordo only: no peer model of order "
            + "capture with sourcing exists yet", spec.nodes(), spec.skus(), spec.unitsEach(),
            Scenarios.seconds(spec.seconds()), Scenarios.seconds(spec.warmupSeconds()));
        final long[] allocatedBefore = new long[spec.skus()];
        try
        {
            driver.setUpNetwork(spec.connections(), network(spec.nodes()), spec.skus(), spec.unitsEach());
            for (int sku = 0; sku < spec.skus(); sku++)
            {
                allocatedBefore[sku] = driver.allocated(sku);
            }
        }
        catch (final Exception e)
        {
            return ScenarioResult.notRun(Scenarios.ORDER_CAPTURE, driver.name(), description, spec.connections(),
                spec.depth(), "set-up failed: " + e);
        }

        final OrderWorkload workload = new OrderWorkload(spec.skus(), "o-");
        final AtomicLongArray orderedUnits = new AtomicLongArray(spec.skus());
        // The future handed to the harness completes only after the units are counted, so that they are all counted
        // by the time the run says every answer is in.
        final LoadRun.Attempt order = (conn, ticket) -> driver.placeOrder(conn, workload, ticket).thenApply(outcome ->
        {
            if (outcome == Outcome.RESERVED)
            {
                for (int line = 0; line < OrderWorkload.LINES; line++)
                {
                    orderedUnits.addAndGet(workload.sku(ticket, line), workload.qty(line));
                }
            }
            return outcome;
        });
        final RunResult run = LoadRun.run(driver, LoadPlan.closedByTime(spec.connections(), spec.depth(),
            spec.warmupSeconds(), spec.seconds()), order, ticket -> -1, 0);

        final Scenarios.Checks checks = new Scenarios.Checks();
        checks.expect(run.errors() == 0, "no errors: %d", run.errors());
        checks.expect(run.unanswered() == 0, "every order answered: %d of %d unanswered", run.unanswered(),
            run.attempts());
        checks.expect(run.soldOut() == 0, "no order refused for stock (it is sized to suffice): %d", run.soldOut());
        checks.expect(run.reserved() == run.attempts(), "every order created (201): %d of %d", run.reserved(),
            run.attempts());
        long ordered = 0;
        long allocated = 0;
        try
        {
            int mismatches = 0;
            for (int sku = 0; sku < spec.skus(); sku++)
            {
                final long expected = orderedUnits.get(sku);
                final long actual = driver.allocated(sku) - allocatedBefore[sku];
                ordered += expected;
                allocated += actual;
                if (actual != expected && mismatches++ < 3)
                {
                    checks.fail(String.format(Locale.ROOT, "%s: orders created for %d units, Ordo shows %d "
                        + "allocated", OrdoHttpDriver.orderSkuName(sku), expected, actual));
                }
            }
            if (mismatches > 3)
            {
                checks.fail((mismatches - 3) + " more SKUs disagree with the orders created");
            }
            checks.expect(ordered == run.reserved() * OrderWorkload.UNITS_PER_ORDER, "the created orders hold %d "
                + "units: %d counted", run.reserved() * OrderWorkload.UNITS_PER_ORDER, ordered);
            checks.note(String.format(Locale.ROOT, "allocated %,d units of the %,d ordered in %,d orders (read back "
                + "from GET /v1/inventory/{sku} for all %,d SKUs)", allocated, ordered, run.reserved(), spec.skus()));
        }
        catch (final Exception e)
        {
            checks.fail("could not read the allocations after the run: " + e);
        }
        return Scenarios.result(Scenarios.ORDER_CAPTURE, driver.name(), description, run, checks);
    }

    /**
     * {@code nodes} warehouses (id → {@code PUT /v1/locations} body) scattered over Singapore and Johor by a fixed
     * seed, each shipping, with a handling cost of its own — the network of {@code OrderPlacementBenchmark}.
     */
    static Map<String, String> network(final int nodes)
    {
        final SplittableRandom random = new SplittableRandom(7);
        final Map<String, String> network = new LinkedHashMap<>();
        for (int n = 0; n < nodes; n++)
        {
            final String id = String.format(Locale.ROOT, "node-%02d", n);
            final StringBuilder lat = new StringBuilder();
            final StringBuilder lon = new StringBuilder();
            HttpRequests.appendE4(lat, 12_000 + random.nextInt(5_000));
            HttpRequests.appendE4(lon, 1_035_000 + random.nextInt(7_000));
            network.put(id, "{\"type\":\"WAREHOUSE\",\"name\":\"" + id + "\",\"lat\":" + lat + ",\"lon\":" + lon
                + ",\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"],\"handlingCost\":{\"amountMinor\":"
                + (150 + random.nextInt(300)) + ",\"currency\":\"SGD\"}}");
        }
        return network;
    }
}
