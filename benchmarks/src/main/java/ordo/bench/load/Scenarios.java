package ordo.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scenarios of the peer comparison, each a set-up, one {@link LoadRun} and the checks that make its numbers
 * worth quoting. A scenario whose check fails is reported failed with the reason; numbers are never a pass mark.
 *
 * <ul>
 *   <li><b>flash sale</b>: one hot SKU, far more shoppers than units, closed loop by count. Exactly {@code units}
 *   attempts succeed, every other one is refused cleanly, nobody is left without an answer, and the system itself
 *   says nothing is left and exactly {@code units} holds exist.</li>
 *   <li><b>spread</b>: attempts over 10 000 SKUs with ample stock, closed loop by time: the maximum throughput.
 *   Nobody is refused, and on a sample of SKUs the system's own holds and availability moved by exactly the
 *   successes the harness counted.</li>
 *   <li><b>constant rate</b>: the spread workload in an open loop at a fixed rate (the comparison uses half of each
 *   system's spread maximum): latency percentiles corrected for coordinated omission, same checks.</li>
 *   <li><b>spread, pipelined</b>: the spread workload, closed loop, with several requests in flight on every
 *   connection (HTTP/1.1 pipelining, RESP pipelining), same checks. A system whose client cannot pipeline (JDBC:
 *   {@link Driver#noPipelining()}) is reported not applicable, not measured.</li>
 *   <li><b>order capture</b> ({@link OrderCapture}): 3-line orders sourced over a 50-node network, Ordo only.</li>
 * </ul>
 * Called from one thread; each scenario sets the driver up again.
 */
public final class Scenarios
{
    public static final String FLASH_SALE = "flash-sale";
    public static final String SPREAD = "spread";
    public static final String CONSTANT_RATE = "constant-rate";
    public static final String SPREAD_PIPELINED = "spread-pipelined";
    /** Ordo only: see {@link OrderCapture}. */
    public static final String ORDER_CAPTURE = "order-capture";

    private Scenarios()
    {
    }

    /**
     * @param units          stock of the hot SKU (SKU 0)
     * @param attempts       reservation attempts, one unit each, each by another shopper
     * @param connections    concurrent shoppers
     * @param depth          requests in flight per connection
     * @param limitSeconds   the run stops sending after this long whatever the count (a failed check then)
     * @param warmupAttempts attempts on another SKU with the same stock first (SKU 1), not measured; 0 for none. More
     *                       attempts than units sell it out too, so both the success and the refusal path are warm
     *                       (PeerPlan: as many as the measured attempts for Ordo and Redis, twice the stock for
     *                       PostgreSQL and in --quick). A flash sale hits a running system, not one that has just
     *                       started.
     */
    public record FlashSale(long units, long attempts, int connections, int depth, double limitSeconds,
                            long warmupAttempts)
    {
        public static final FlashSale QUICK = new FlashSale(1_000, 20_000, 64, 1, 60, 10_000);
        public static final FlashSale FULL = new FlashSale(10_000, 200_000, 256, 1, 300, 50_000);

        public static FlashSale of(final boolean quick)
        {
            return quick ? QUICK : FULL;
        }

        public FlashSale with(final int connections, final int depth)
        {
            return new FlashSale(units, attempts, connections, depth, limitSeconds, warmupAttempts);
        }
    }

    /**
     * The spread workload, closed loop (max throughput) or, with a rate, open loop.
     *
     * @param skus          SKUs the attempts are scattered over
     * @param unitsEach     stock of each: ample, so that no attempt should be refused
     * @param connections   connections
     * @param depth         requests in flight per connection
     * @param ratePerSecond 0 for a closed loop, otherwise the open loop's rate
     * @param warmupSeconds answered and checked but not measured
     * @param seconds       measured
     * @param checkedSkus   SKUs whose holds and availability are read before and after
     */
    public record Spread(int skus, long unitsEach, int connections, int depth, double ratePerSecond,
                         double warmupSeconds, double seconds, int checkedSkus)
    {
        public static final Spread QUICK = new Spread(10_000, 1_000_000, 64, 1, 0, 2, 5, 100);
        public static final Spread FULL = new Spread(10_000, 1_000_000, 256, 1, 0, 5, 30, 200);

        public static Spread of(final boolean quick)
        {
            return quick ? QUICK : FULL;
        }

        public Spread with(final int connections, final int depth)
        {
            return new Spread(skus, unitsEach, connections, depth, ratePerSecond, warmupSeconds, seconds, checkedSkus);
        }

        public Spread atRate(final double ratePerSecond, final double seconds)
        {
            return new Spread(skus, unitsEach, connections, depth, ratePerSecond,
                Math.max(1, Math.min(5, seconds / 5)), seconds, checkedSkus);
        }
    }

    public static ScenarioResult flashSale(final Driver driver, final boolean quick)
    {
        return flashSale(driver, FlashSale.of(quick));
    }

    public static ScenarioResult flashSale(final Driver driver, final FlashSale spec)
    {
        final String description = String.format(Locale.ROOT, "1 SKU × %,d units, %,d attempts (after %,d warm-up "
            + "attempts on another SKU)", spec.units(), spec.attempts(), spec.warmupAttempts());
        final int skus = spec.warmupAttempts() > 0 ? 2 : 1;
        try
        {
            driver.setUp(spec.connections(), skus, spec.units());
            final long available = driver.available(0);
            final long holds = driver.holds(0);
            if (available != spec.units() || holds != 0)
            {
                return ScenarioResult.notRun(FLASH_SALE, driver.name(), description, spec.connections(), spec.depth(),
                    "after set-up the hot SKU must have " + spec.units() + " available and no holds, found "
                        + available + " available and " + holds + " holds (state left by an earlier run? start from "
                        + "a fresh system)");
            }
        }
        catch (final Exception e)
        {
            return ScenarioResult.notRun(FLASH_SALE, driver.name(), description, spec.connections(), spec.depth(),
                "set-up failed: " + e);
        }

        if (spec.warmupAttempts() > 0)
        {
            final RunResult warmup = LoadRun.run(driver, LoadPlan.closedByCount(spec.connections(), spec.depth(),
                spec.warmupAttempts(), spec.limitSeconds()), Workload.oneSku(1, "w-"), skus);
            if (warmup.errors() > 0 || warmup.unanswered() > 0)
            {
                return ScenarioResult.notRun(FLASH_SALE, driver.name(), description, spec.connections(),
                    spec.depth(), "warm-up on SKU 1: " + warmup.errors() + " errors, " + warmup.unanswered()
                        + " unanswered");
            }
        }
        final RunResult run = LoadRun.run(driver,
            LoadPlan.closedByCount(spec.connections(), spec.depth(), spec.attempts(), spec.limitSeconds()),
            Workload.hotSku("f-"), skus);

        final Checks checks = new Checks();
        checks.expect(run.reserved() == spec.units(), "exactly %d reservations succeed: %d did", spec.units(),
            run.reserved());
        checks.expect(run.errors() == 0, "no errors: %d", run.errors());
        checks.expect(run.attempts() == spec.attempts() && run.unanswered() == 0,
            "every one of %d attempts answered: %d made, %d unanswered", spec.attempts(), run.attempts(),
            run.unanswered());
        checks.expect(run.soldOut() == spec.attempts() - spec.units(), "every other attempt refused as sold out: "
            + "%d expected, %d", spec.attempts() - spec.units(), run.soldOut());
        try
        {
            final long available = driver.available(0);
            final long holds = driver.holds(0);
            checks.expect(available == 0, "nothing left after the sale: %d still available", available);
            checks.expect(holds == spec.units(), "the system holds exactly %d units: it holds %d", spec.units(), holds);
        }
        catch (final Exception e)
        {
            checks.fail("could not read the stock after the run: " + e);
        }
        return result(FLASH_SALE, driver.name(), description, run, checks);
    }

    public static ScenarioResult spread(final Driver driver, final boolean quick)
    {
        return spread(driver, Spread.of(quick));
    }

    /**
     * Constant-rate run of the spread workload: {@code ratePerSecond} for {@code seconds} measured (after a short
     * warm-up) over 64 connections.
     */
    public static ScenarioResult constantRate(final Driver driver, final double ratePerSecond, final int seconds)
    {
        return spread(driver, Spread.QUICK.atRate(ratePerSecond, seconds));
    }

    /** The spread workload: closed loop when {@code spec.ratePerSecond()} is 0, otherwise open loop at that rate. */
    public static ScenarioResult spread(final Driver driver, final Spread spec)
    {
        return spread(driver, spec, spec.ratePerSecond() > 0 ? CONSTANT_RATE : SPREAD, "");
    }

    /**
     * The spread workload in a closed loop with {@code spec.depth()} (&gt; 1) requests in flight per connection, checked
     * like the spread; not applicable to a driver that cannot pipeline ({@link Driver#noPipelining()}).
     */
    public static ScenarioResult pipelined(final Driver driver, final Spread spec)
    {
        if (spec.depth() < 2 || spec.ratePerSecond() > 0)
        {
            throw new IllegalArgumentException("a pipelined run is a closed loop with depth ≥ 2, got depth "
                + spec.depth() + " at " + spec.ratePerSecond() + "/s");
        }
        final String pipelining = String.format(Locale.ROOT, ", %d connections × %d in flight", spec.connections(),
            spec.depth());
        final String why = driver.noPipelining();
        if (why != null)
        {
            return ScenarioResult.notApplicable(SPREAD_PIPELINED, driver.name(), description(spec, pipelining),
                spec.connections(), spec.depth(), why);
        }
        return spread(driver, spec, SPREAD_PIPELINED, pipelining);
    }

    private static String description(final Spread spec, final String suffix)
    {
        return String.format(Locale.ROOT, "%,d SKUs × %,d units, %s%s s + %s s warm-up%s", spec.skus(),
            spec.unitsEach(), spec.ratePerSecond() > 0 ? String.format(Locale.ROOT, "%,.0f req/s, ",
                spec.ratePerSecond()) : "", seconds(spec.seconds()), seconds(spec.warmupSeconds()), suffix);
    }

    private static ScenarioResult spread(final Driver driver, final Spread spec, final String scenario,
        final String suffix)
    {
        final boolean open = spec.ratePerSecond() > 0;
        final String description = description(spec, suffix);
        final int[] sample = sample(spec.skus(), spec.checkedSkus());
        final long[] availableBefore = new long[sample.length];
        final long[] holdsBefore = new long[sample.length];
        try
        {
            driver.setUp(spec.connections(), spec.skus(), spec.unitsEach());
            for (int i = 0; i < sample.length; i++)
            {
                availableBefore[i] = driver.available(sample[i]);
                holdsBefore[i] = driver.holds(sample[i]);
            }
        }
        catch (final Exception e)
        {
            return ScenarioResult.notRun(scenario, driver.name(), description, spec.connections(), spec.depth(),
                "set-up failed: " + e);
        }

        final LoadPlan plan = open
            ? LoadPlan.openAtRate(spec.connections(), spec.depth(), spec.ratePerSecond(), spec.warmupSeconds(),
                spec.seconds())
            : LoadPlan.closedByTime(spec.connections(), spec.depth(), spec.warmupSeconds(), spec.seconds());
        final RunResult run = LoadRun.run(driver, plan, Workload.spread(spec.skus(), open ? "r-" : "s-"),
            spec.skus());

        final Checks checks = new Checks();
        checks.expect(run.errors() == 0, "no errors: %d", run.errors());
        checks.expect(run.unanswered() == 0, "every attempt answered: %d of %d unanswered", run.unanswered(),
            run.attempts());
        checks.expect(run.soldOut() == 0, "no refusals with ample stock: %d", run.soldOut());
        try
        {
            int mismatches = 0;
            for (int i = 0; i < sample.length; i++)
            {
                final long counted = run.reservedPerSku()[sample[i]];
                final long held = driver.holds(sample[i]) - holdsBefore[i];
                final long taken = availableBefore[i] - driver.available(sample[i]);
                if ((held != counted || taken != counted) && mismatches++ < 3)
                {
                    checks.fail(String.format(Locale.ROOT, "SKU %d: %d reservations succeeded but the system "
                        + "shows %d more holds and %d fewer available", sample[i], counted, held, taken));
                }
            }
            if (mismatches > 3)
            {
                checks.fail((mismatches - 3) + " more sampled SKUs disagree with the successes counted");
            }
        }
        catch (final Exception e)
        {
            checks.fail("could not read the stock after the run: " + e);
        }
        if (run.dropped() > 0)
        {
            checks.note(String.format(Locale.ROOT, "rate not held: %,d due requests dropped from full backlogs (%d "
                + "per connection); each counts in the percentiles as unanswered until the run ended", run.dropped(),
                plan.backlogPerConnection()));
        }
        if (open)
        {
            final Latency lag = Latency.of(run.schedulerLagMicros());
            checks.note(String.format(Locale.ROOT, "client lateness, due time to the request reaching its connection "
                + "(scheduler wake-up and hand-over to the client's event loop; in the latencies): p50 %d µs, p99 %d "
                + "µs, max %d µs", lag.p50(), lag.p99(), lag.max()));
        }
        if (open && run.throughputPerSecond() < 0.95 * spec.ratePerSecond())
        {
            checks.note(String.format(Locale.ROOT, "achieved %,.0f answers/s of the %,.0f/s asked for",
                run.throughputPerSecond(), spec.ratePerSecond()));
        }
        checks.note(String.format(Locale.ROOT, "checked %d of %d SKUs against the system's own counts",
            sample.length, spec.skus()));
        return result(scenario, driver.name(), description, run, checks);
    }

    /** Seconds as a reader writes them: {@code 2}, {@code 1.5}. */
    static String seconds(final double seconds)
    {
        return seconds == Math.rint(seconds) ? Long.toString((long)seconds) : String.format(Locale.ROOT, "%.1f", seconds);
    }

    /** {@code count} SKU numbers spread evenly over {@code 0 … skus-1}. */
    private static int[] sample(final int skus, final int count)
    {
        final int n = Math.max(1, Math.min(skus, count));
        final int[] sample = new int[n];
        for (int i = 0; i < n; i++)
        {
            sample[i] = (int)((long)i * skus / n);
        }
        return sample;
    }

    static ScenarioResult result(final String scenario, final String system, final String description,
        final RunResult run, final Checks checks)
    {
        final LoadPlan plan = run.plan();
        checks.note(plan.open()
            ? "latency from each request's intended send time (corrected for coordinated omission)"
            : "latency from each request's actual send (closed loop: not corrected for coordinated omission)");
        if (run.stoppedEarly() != null)
        {
            checks.fail("sending stopped early: " + run.stoppedEarly());
        }
        if (run.synchronousAnswers() > run.attempts() / 2)
        {
            checks.note(String.format(Locale.ROOT, "%,d of %,d answers were ready when reserve returned: the "
                + "driver blocks, so each connection's requests ran one after another", run.synchronousAnswers(),
                run.attempts()));
        }
        return new ScenarioResult(scenario, system, description, plan.loop(), plan.connections(), plan.depth(),
            plan.ratePerSecond(), run.attempts(), run.reserved(), run.soldOut(), run.errors(), run.unanswered(),
            run.dropped(), run.measuredSeconds(), run.throughputPerSecond(), run.latency(), checks.failures.isEmpty(),
            checks.failures, checks.notes, Latency.encode(run.latencyMicros()), null);
    }

    /** Failed checks and notes of one scenario, in words. */
    static final class Checks
    {
        final List<String> failures = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        void expect(final boolean holds, final String format, final Object... args)
        {
            if (!holds)
            {
                fail(String.format(Locale.ROOT, format, args));
            }
        }

        void fail(final String failure)
        {
            failures.add(failure);
        }

        void note(final String note)
        {
            notes.add(note);
        }
    }
}
