package ordo.bench.load.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ordo.bench.load.Driver;
import ordo.bench.load.LoadMain;
import ordo.bench.load.OrderCapture;
import ordo.bench.load.OrdoHttpDriver;
import ordo.bench.load.ScenarioResult;
import ordo.bench.load.Scenarios;

/**
 * The sizes of the peer comparison: the load harness's own scenarios ({@link Scenarios}: flash sale, spread,
 * constant rate at half the spread maximum, spread pipelined; for Ordo also {@link OrderCapture}, which no peer
 * models), in {@link LoadMain#run}'s order and with its checks, sized so that six systems fit the bounds on 2
 * cores — the whole comparison within 10 minutes, {@code --quick} within 60 s. Every system gets the same plan, but
 * for PostgreSQL's flash-sale attempts and warm-up in a full run (below).
 *
 * <ul>
 *   <li>Full flash sale: the sizes — 10 000 units, 200 000 attempts, 256 connections (shoppers) — for Ordo
 *   and Redis, after as many warm-up attempts on another SKU, paid for by shorter measured runs of the other
 *   scenarios (docs/BENCHMARKS.md adds the full run up). PostgreSQL gets the same stock and the same 256 connections
 *   but {@value #POSTGRES_FLASH_ATTEMPTS} attempts after {@value #POSTGRES_FLASH_WARMUP_ATTEMPTS} warm-up attempts:
 *   it answers ~2.8 k/s with 64 connections and about a third less with 256 (its row lock hands the hot row from
 *   backend to backend), so 200 000 attempts would take it about two minutes per mode, four for both — the whole
 *   suite could not stay within 10 minutes. 50 000 attempts still sell out the stock five times over; the report
 *   states the deviation.</li>
 *   <li>Spread, constant rate, order capture: 64 connections, one request in flight each (no pipelining) — what a
 *   pool of application servers does, and a number of PostgreSQL backends that two cores can still schedule.</li>
 *   <li>Spread pipelined: {@value #PIPELINED_CONNECTIONS} connections × {@value #PIPELINED_DEPTH} requests in flight
 *   (the "pipelined 16 deep"), for every system that can pipeline; fewer connections than the other
 *   scenarios so that the requests in flight (256) stay those of the flash sale, not 64 × 16.</li>
 *   <li>{@code --quick}: everything small, 64 connections for the flash sale too, to check the path end to end.</li>
 * </ul>
 */
final class PeerPlan
{
    static final int CONNECTIONS = 64;
    static final int DEPTH = 1;
    /** The flash sale: 256 concurrent shoppers. */
    static final int FLASH_CONNECTIONS = 256;
    /** See the class comment: PostgreSQL's full flash sale, the one deviation from the sizes. */
    static final long POSTGRES_FLASH_ATTEMPTS = 50_000;
    /**
     * PostgreSQL's flash-sale warm-up: twice the stock, ~8 s at its rate — longer than the others' 200 000 attempts
     * take them, and no compiler of its own to wait for.
     */
    static final long POSTGRES_FLASH_WARMUP_ATTEMPTS = 20_000;
    static final int PIPELINED_CONNECTIONS = 16;
    static final int PIPELINED_DEPTH = 16;

    private PeerPlan()
    {
    }

    /** The flash sale of Ordo and Redis: the sizes in a full run. */
    static Scenarios.FlashSale flashSale(boolean quick)
    {
        // The warm-up sells out its own SKU (the same stock) with as many attempts as the measured run: 95 % of them
        // are refused, as 95 % of the measured ones are, and it lasts long enough (~2–3 s for Ordo and Redis) for the
        // JIT compilers of the load client and of a JVM server to be done with both paths. With twice the stock
        // (20 000 attempts, a quarter of a second) the compilers of both JVMs still took about half a core during the
        // measured run (docs/BENCHMARKS.md, eleventh round); with as many attempts as units, only the holding path
        // was warm. The quick run warms with twice its stock.
        return quick
                ? new Scenarios.FlashSale(500, 1_500, CONNECTIONS, DEPTH, 20, 2 * 500)
                : new Scenarios.FlashSale(10_000, 200_000, FLASH_CONNECTIONS, DEPTH, 240, 200_000);
    }

    /**
     * PostgreSQL's: the same but for {@value #POSTGRES_FLASH_ATTEMPTS} attempts and
     * {@value #POSTGRES_FLASH_WARMUP_ATTEMPTS} warm-up attempts in a full run (see above).
     */
    static Scenarios.FlashSale postgresFlashSale(boolean quick)
    {
        Scenarios.FlashSale flash = flashSale(quick);
        return quick ? flash : new Scenarios.FlashSale(flash.units(), POSTGRES_FLASH_ATTEMPTS, flash.connections(),
                flash.depth(), flash.limitSeconds(), POSTGRES_FLASH_WARMUP_ATTEMPTS);
    }

    static Scenarios.Spread spread(boolean quick)
    {
        return quick
                ? new Scenarios.Spread(1_000, 1_000_000, CONNECTIONS, DEPTH, 0, 0, 1.5, 50)
                : new Scenarios.Spread(10_000, 1_000_000, CONNECTIONS, DEPTH, 0, 3, 12, 200);
    }

    /** The spread workload, closed loop, {@value #PIPELINED_CONNECTIONS} × {@value #PIPELINED_DEPTH} in flight. */
    static Scenarios.Spread pipelined(boolean quick)
    {
        return quick
                ? new Scenarios.Spread(1_000, 1_000_000, PIPELINED_CONNECTIONS, PIPELINED_DEPTH, 0, 0, 1, 50)
                : new Scenarios.Spread(10_000, 1_000_000, PIPELINED_CONNECTIONS, PIPELINED_DEPTH, 0, 2, 8, 200);
    }

    /**
     * 50 nodes as the issue asks; fewer SKUs than the harness's own run, and 64 connections like every scenario here.
     * Run last on Ordo: the orders it keeps (about 5 KB each) must not be in the heap during the constant-rate and
     * pipelined runs, which the peers run on a heap without them.
     */
    static OrderCapture.Spec orderCapture(boolean quick)
    {
        return quick
                ? new OrderCapture.Spec(50, 20, 1_000_000, CONNECTIONS, DEPTH, 0.5, 1)
                : new OrderCapture.Spec(50, 200, 1_000_000, CONNECTIONS, DEPTH, 2, 10);
    }

    /** Measured seconds of the constant-rate run (its warm-up is the harness's: a fifth of that, 1…5 s). */
    static double constantRateSeconds(boolean quick)
    {
        return quick ? 1.5 : 10;
    }

    /** One system, every scenario; progress on stderr as the harness prints it. */
    static List<ScenarioResult> run(Driver driver, boolean quick)
    {
        List<ScenarioResult> results = new ArrayList<>(5);
        // The spread runs first: a freshly started JVM server is still compiling its hot paths on the same two
        // cores for its first seconds, and the flash sale's short warm-up measured the JIT, not the server (a
        // warmed Ordo answered the flash sale twice as fast). Redis and PostgreSQL go through the same order.
        Scenarios.Spread spread = spread(quick);
        ScenarioResult maximum = report(Scenarios.spread(driver, spread));
        results.add(report(Scenarios.flashSale(driver,
                driver instanceof PostgresDriver ? postgresFlashSale(quick) : flashSale(quick))));
        results.add(maximum);
        double half = maximum.throughputPerSecond() / 2;
        results.add(report(half >= 1
                ? Scenarios.spread(driver, spread.atRate(half, constantRateSeconds(quick)))
                : ScenarioResult.notRun(Scenarios.CONSTANT_RATE, driver.name(), "half the spread maximum",
                        spread.connections(), spread.depth(), "the spread run measured no maximum to take half of")));
        results.add(report(Scenarios.pipelined(driver, pipelined(quick))));
        if (driver instanceof OrdoHttpDriver ordo)
        {
            results.add(report(OrderCapture.run(ordo, orderCapture(quick))));
        }
        return results;
    }

    private static ScenarioResult report(ScenarioResult r)
    {
        if (r.notApplicable() != null)
        {
            System.err.printf(Locale.ROOT, "  %-16s %-22s n/a: %s%n", r.scenario(), r.system(), r.notApplicable());
            return r;
        }
        System.err.printf(Locale.ROOT, "  %-16s %-22s %s %,9.0f answers/s  p50 %7.2f ms  p99 %7.2f ms%s%n",
                r.scenario(), r.system(), r.passed() ? "pass" : "FAIL", r.throughputPerSecond(),
                r.latencyMicros().p50() / 1e3, r.latencyMicros().p99() / 1e3,
                r.failures().isEmpty() ? "" : "  — " + String.join("; ", r.failures()));
        return r;
    }
}
