package ordo.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The load generator's command line, and {@link #runAll} for harnesses that bring their own {@link Driver}.
 * <pre>
 * java -cp benchmarks/target/ordo-benchmarks.jar ordo.bench.load.LoadMain --target ordo \
 *     --url http://127.0.0.1:8080 --admin-key K --storefront-key K \
 *     [--scenario flash|spread|rate|orders|all] [--quick] [--connections N] [--depth D] [--rate R] [--seconds S] \
 *     [--rounds N] [--out benchmarks/results] [--name ordo] [--sku-prefix B-]
 * </pre>
 * Writes {@code <date>-<name>[-quick].json} and {@code .md} into {@code --out}, prints the Markdown table; exits 1
 * when a correctness check failed, 2 on a usage error, 3 when the run could not start.
 */
public final class LoadMain
{
    static final String USAGE = "usage: LoadMain --target ordo --url http://HOST:PORT --admin-key K --storefront-key K"
        + " [--scenario flash|spread|rate|orders|all] [--quick] [--connections N] [--depth D] [--rate R] [--seconds S]"
        + " [--rounds N] [--out DIR] [--name NAME] [--sku-prefix P]";
    static final int MAX_ROUNDS = 100;
    static final int MAX_DEPTH = 256;

    public enum Scenario
    {
        FLASH, SPREAD, RATE, ORDERS
    }

    /**
     * What to run.
     *
     * @param scenarios     which scenarios; {@code RATE} without a rate measures the maximum with {@code SPREAD};
     *                      {@code ORDERS} runs against Ordo only (an {@link OrdoHttpDriver})
     * @param quick         the small sizes ({@code --quick}: all three within a minute on two cores)
     * @param connections   0 for each scenario's own (64 quick, 256 full)
     * @param depth         requests in flight per connection (1 = no pipelining)
     * @param ratePerSecond the constant rate; 0 for half the spread maximum
     * @param seconds       measured seconds of the spread and constant-rate runs; 0 for the default
     * @param rounds        constant-rate runs, one after the other in this JVM, each its own result: the rounds after
     *                      the first meet a client whose compilers are done with the open loop (a new client JVM
     *                      for each round compiles during each)
     */
    public record Settings(Set<Scenario> scenarios, boolean quick, int connections, int depth, double ratePerSecond,
                           double seconds, int rounds)
    {
        public Settings
        {
            if (rounds < 1 || rounds > MAX_ROUNDS)
            {
                throw new IllegalArgumentException("rounds must be between 1 and " + MAX_ROUNDS + ", got " + rounds);
            }
        }

        public static Settings all(final boolean quick)
        {
            return new Settings(EnumSet.allOf(Scenario.class), quick, 0, 1, 0, 0, 1);
        }
    }

    private LoadMain()
    {
    }

    public static void main(final String[] args)
    {
        int exitCode;
        try
        {
            exitCode = run(args);
        }
        catch (final IllegalArgumentException e)
        {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            exitCode = 2;
        }
        catch (final Exception e)
        {
            System.err.println("load run failed: " + e);
            e.printStackTrace();
            exitCode = 3;
        }
        System.exit(exitCode);
    }

    /**
     * Every scenario with its default sizes against {@code driver} (which the caller closes), written to
     * {@code outDir} as {@code <date>-<driver.name()>[-quick].json} and {@code .md}.
     */
    public static List<ScenarioResult> runAll(final Driver driver, final boolean quick, final Path outDir)
        throws IOException
    {
        final List<ScenarioResult> results = run(driver, Settings.all(quick));
        ResultFiles.write(outDir, driver.name(), quick, results);
        return results;
    }

    /** The chosen scenarios, in the order flash sale, spread, constant rate, orders; progress on stderr. */
    public static List<ScenarioResult> run(final Driver driver, final Settings settings)
    {
        final List<ScenarioResult> results = new ArrayList<>();
        if (settings.scenarios().contains(Scenario.FLASH))
        {
            Scenarios.FlashSale spec = Scenarios.FlashSale.of(settings.quick());
            spec = spec.with(settings.connections() > 0 ? settings.connections() : spec.connections(),
                settings.depth());
            results.add(report(Scenarios.flashSale(driver, spec)));
        }
        Scenarios.Spread spread = Scenarios.Spread.of(settings.quick());
        spread = spread.with(settings.connections() > 0 ? settings.connections() : spread.connections(),
            settings.depth());
        final double seconds = settings.seconds() > 0 ? settings.seconds() : spread.seconds();
        spread = new Scenarios.Spread(spread.skus(), spread.unitsEach(), spread.connections(), spread.depth(), 0,
            spread.warmupSeconds(), seconds, spread.checkedSkus());
        double maxPerSecond = 0;
        final boolean rate = settings.scenarios().contains(Scenario.RATE);
        if (settings.scenarios().contains(Scenario.SPREAD) || (rate && settings.ratePerSecond() <= 0))
        {
            final ScenarioResult result = report(Scenarios.spread(driver, spread));
            results.add(result);
            maxPerSecond = result.throughputPerSecond();
        }
        if (rate)
        {
            final double target = settings.ratePerSecond() > 0 ? settings.ratePerSecond() : maxPerSecond / 2;
            if (target < 1)
            {
                results.add(report(ScenarioResult.notRun(Scenarios.CONSTANT_RATE, driver.name(), "half the spread "
                    + "maximum", spread.connections(), spread.depth(), "no maximum to take half of: the spread run "
                    + "measured none")));
            }
            else
            {
                for (int round = 0; round < settings.rounds(); round++)
                {
                    results.add(report(Scenarios.spread(driver, spread.atRate(target, seconds))));
                }
            }
        }
        if (settings.scenarios().contains(Scenario.ORDERS) && driver instanceof OrdoHttpDriver ordo)
        {
            final OrderCapture.Spec orders = OrderCapture.Spec.of(settings.quick());
            results.add(report(OrderCapture.run(ordo, orders.with(settings.connections() > 0
                ? settings.connections() : orders.connections(), settings.depth()))));
        }
        return results;
    }

    private static ScenarioResult report(final ScenarioResult r)
    {
        System.err.printf(Locale.ROOT, "%s %s: %s, %,.0f answers/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
                + "reserved %,d, sold out %,d, errors %,d%s%n", r.scenario(), r.system(), r.passed() ? "pass" : "FAIL",
            r.throughputPerSecond(), r.latencyMicros().p50() / 1e3, r.latencyMicros().p99() / 1e3,
            r.latencyMicros().max() / 1e3, r.reserved(), r.soldOut(), r.errors(),
            r.failures().isEmpty() ? "" : " — " + String.join("; ", r.failures()));
        return r;
    }

    static int run(final String[] args) throws Exception
    {
        String target = "ordo";
        String url = null;
        String adminKey = null;
        String storefrontKey = null;
        String name = null;
        String skuPrefix = OrdoHttpDriver.DEFAULT_SKU_PREFIX;
        Set<Scenario> scenarios = EnumSet.allOf(Scenario.class);
        boolean quick = false;
        int connections = 0;
        int depth = 1;
        double rate = 0;
        double seconds = 0;
        int rounds = 1;
        Path out = Path.of("benchmarks", "results");
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            switch (arg)
            {
                case "--quick" -> quick = true;
                case "--target" -> target = value(args, ++i, arg);
                case "--url" -> url = value(args, ++i, arg);
                case "--admin-key" -> adminKey = value(args, ++i, arg);
                case "--storefront-key" -> storefrontKey = value(args, ++i, arg);
                case "--name" -> name = value(args, ++i, arg);
                case "--sku-prefix" -> skuPrefix = value(args, ++i, arg);
                case "--scenario" -> scenarios = scenarios(value(args, ++i, arg));
                case "--connections" -> connections = (int)number(args, ++i, arg, 1, 10_000);
                case "--depth" -> depth = (int)number(args, ++i, arg, 1, MAX_DEPTH);
                case "--rate" -> rate = number(args, ++i, arg, 1, 10_000_000);
                case "--seconds" -> seconds = number(args, ++i, arg, 1, 3_600);
                case "--rounds" -> rounds = (int)number(args, ++i, arg, 1, MAX_ROUNDS);
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--help", "-h" ->
                {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (!"ordo".equals(target))
        {
            throw new IllegalArgumentException("--target: only 'ordo' is driven from here; peers run through "
                + "benchmarks/run.sh");
        }
        if (url == null || adminKey == null || storefrontKey == null)
        {
            throw new IllegalArgumentException("--url, --admin-key and --storefront-key are required");
        }
        final Settings settings = new Settings(scenarios, quick, connections, depth, rate, seconds, rounds);
        final long startNanos = System.nanoTime();
        try (OrdoHttpDriver driver = new OrdoHttpDriver(name != null ? name : target, URI.create(url), adminKey,
            storefrontKey, skuPrefix))
        {
            final List<ScenarioResult> results = run(driver, settings);
            final Path json = ResultFiles.write(out, driver.name(), quick, results);
            System.out.println(ResultFiles.markdown(results));
            System.out.printf(Locale.ROOT, "results: %s (%.1f s)%n", json, (System.nanoTime() - startNanos) / 1e9);
            return ResultFiles.allPassed(results) ? 0 : 1;
        }
    }

    private static Set<Scenario> scenarios(final String value)
    {
        return switch (value)
        {
            case "flash" -> EnumSet.of(Scenario.FLASH);
            case "spread" -> EnumSet.of(Scenario.SPREAD);
            case "rate" -> EnumSet.of(Scenario.RATE);
            case "orders" -> EnumSet.of(Scenario.ORDERS);
            case "all" -> EnumSet.allOf(Scenario.class);
            default -> throw new IllegalArgumentException("--scenario must be flash, spread, rate, orders or all, got "
                + value);
        };
    }

    private static String value(final String[] args, final int i, final String option)
    {
        if (i >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static double number(final String[] args, final int i, final String option, final double min,
        final double max)
    {
        final String text = value(args, i, option);
        final double number;
        try
        {
            number = Double.parseDouble(text);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(option + " must be a number, got " + text);
        }
        if (!(number >= min && number <= max))
        {
            throw new IllegalArgumentException(option + " must be between " + (long)min + " and " + (long)max
                + ", got " + text);
        }
        return number;
    }
}
