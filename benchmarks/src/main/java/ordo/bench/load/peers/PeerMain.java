package ordo.bench.load.peers;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ordo.bench.load.Driver;
import ordo.bench.load.LoadMain;
import ordo.bench.load.OrdoHttpDriver;
import ordo.bench.load.ResultFiles;
import ordo.bench.load.ScenarioResult;

/**
 * The peer comparison's entry point, driven by {@code benchmarks/run.sh} (which starts and stops the servers):
 * <pre>
 *   PeerMain run SYSTEM PORT RUN_DIR [--quick] [--harness-sizes]
 *       one system, every scenario of the load harness with {@link PeerPlan}'s sizes (or, with --harness-sizes,
 *       LoadMain.runAll's own), written by the harness as RUN_DIR/&lt;date&gt;-&lt;system&gt;[-quick].json
 *   PeerMain report RUN_DIR RESULTS_DIR DATE [--quick] [--jmh JMH_JSON]
 *       merge into RESULTS_DIR/DATE[-quick].json and .md (with the JMH run's scores when given), draw the PNGs;
 *       exit 1 when a check failed
 * </pre>
 * One JVM per system, so that each is measured by a fresh client; every system meets the same scenarios in the same
 * order (the spread first, see {@link PeerPlan#run}). Every system listens on 127.0.0.1.
 */
public final class PeerMain
{
    /** Every system of the comparison, in the order run.sh measures them. */
    static final List<String> SYSTEMS = List.of("ordo-process", "ordo-sync", "redis-lua-aof-off",
            "redis-lua-aof-everysec", "postgres-sync-on", "postgres-sync-off");

    /** The keys of the Ordo config that run.sh writes: admin, and storefront of channel {@code web}. */
    static final String ORDO_ADMIN_KEY = "bench-admin";
    static final String ORDO_STOREFRONT_KEY = "bench-web";

    private static final String HOST = "127.0.0.1";

    private PeerMain()
    {
    }

    public static void main(String[] args) throws Exception
    {
        List<String> words = Arrays.asList(args);
        boolean quick = words.contains("--quick");
        int jmhAt = words.indexOf("--jmh");
        Path jmh = jmhAt >= 0 && jmhAt + 1 < words.size() ? Path.of(words.get(jmhAt + 1)) : null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < words.size(); i++)
        {
            if (i == jmhAt + 1 && jmhAt >= 0)
            {
                continue;
            }
            if (!words.get(i).startsWith("--"))
            {
                positional.add(words.get(i));
            }
        }
        int exitCode;
        if (positional.size() == 4 && positional.get(0).equals("run"))
        {
            Path runDir = Path.of(positional.get(3));
            Driver driver = driver(positional.get(1), Integer.parseInt(positional.get(2)));
            try
            {
                if (words.contains("--harness-sizes"))
                {
                    LoadMain.runAll(driver, quick, runDir);
                }
                else
                {
                    List<ScenarioResult> results = PeerPlan.run(driver, quick);
                    ResultFiles.write(runDir, driver.name(), quick, results);
                }
            }
            finally
            {
                driver.close();
            }
            exitCode = 0; // failed checks are in the results; the report says so and sets the exit code
        }
        else if (positional.size() == 4 && positional.get(0).equals("report"))
        {
            boolean passed = PeerReport.write(Path.of(positional.get(1)), Path.of(positional.get(2)),
                    positional.get(3), quick, jmh);
            exitCode = passed ? 0 : 1;
        }
        else
        {
            System.err.println("usage: PeerMain run SYSTEM PORT RUN_DIR [--quick] [--harness-sizes]"
                    + " | report RUN_DIR RESULTS_DIR DATE [--quick] [--jmh JMH_JSON]\n  SYSTEM: " + String.join(", ", SYSTEMS));
            exitCode = 64;
        }
        // Netty's and JDBC's threads end with the drivers; exit explicitly all the same.
        System.exit(exitCode);
    }

    static Driver driver(String system, int port)
    {
        URI ordo = URI.create("http://" + HOST + ":" + port);
        return switch (system)
        {
            case "ordo-process", "ordo-sync" -> new OrdoHttpDriver(system, ordo, ORDO_ADMIN_KEY, ORDO_STOREFRONT_KEY,
                    OrdoHttpDriver.DEFAULT_SKU_PREFIX);
            case "redis-lua-aof-off" -> new RedisLuaDriver("off", HOST, port);
            case "redis-lua-aof-everysec" -> new RedisLuaDriver("everysec", HOST, port);
            case "postgres-sync-on" -> new PostgresDriver(true, HOST, port, "ordo_bench", "ordo", "ordo");
            case "postgres-sync-off" -> new PostgresDriver(false, HOST, port, "ordo_bench", "ordo", "ordo");
            default -> throw new IllegalArgumentException("unknown system " + system + "; one of " + SYSTEMS);
        };
    }
}
