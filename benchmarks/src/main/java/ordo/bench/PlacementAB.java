package ordo.bench;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Locale;

/**
 * Two or more builds' {@link OrderPlacementBenchmark} in one JVM, batch by batch in turn. On this project's shared
 * 2-vCPU machine one JMH fork can measure a third slower than the next with the same jar (the host's speed moves
 * under it, BENCHMARKS.md's twenty-second round), so separate forks of two builds compare the hour as much as the
 * builds. Here each build is loaded by a class loader of its own (its engine compiled by the JIT as its own), and its
 * batches of {@value OrderPlacementBenchmark#BATCH} orders alternate with the other's (ABBA, on a fresh network each,
 * set up unmeasured), so both meet the same machine; the figure is the median over rounds of each build's rate over
 * the first's in the same round, with its quartiles.
 *
 * <pre>java @etc/jvm.options -Xms3g -Xmx3g -XX:+AlwaysPreTouch -XX:+UseParallelGC \
 *   -cp benchmarks/target/ordo-benchmarks.jar ordo.bench.PlacementAB ROUNDS NODES base.jar head.jar [more.jar …]</pre>
 *
 * A build is a jar or a class path ({@link File#pathSeparator}-separated) holding the benchmark and the engine, with
 * {@code #N} after it to place over N nodes instead of NODES: {@code head.jar#1 head.jar#5 head.jar} weighs what the
 * nodes cost one build.
 */
public final class PlacementAB
{
    /** Rounds run and left out first, so that every build's code is compiled before anything is counted. */
    static final int WARM_UP_ROUNDS = 8;

    private PlacementAB()
    {
    }

    /**
     * One build's median rate (orders/s) and its ratio to the first build's, median and quartiles over rounds, and the
     * nodes it placed over: asked of its engine after the last round where the build can say
     * ({@code OrderPlacementBenchmark.nodesKnown}), else the nodes it was given.
     */
    record Result(String build, int nodes, double medianRate, double ratio, double lowerQuartile, double upperQuartile)
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 3)
        {
            System.err.println("usage: PlacementAB ROUNDS NODES BUILD[#NODES] [BUILD[#NODES] …] (a build: a jar or a " +
                "class path)");
            System.exit(2);
        }
        final Result[] results = compare(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
            Arrays.copyOfRange(args, 2, args.length));
        for (final Result r : results)
        {
            System.out.printf(Locale.ROOT, "%s: %d nodes, median %.0f orders/s, %.3f of the first (quartiles " +
                "%.3f–%.3f)%n", r.build(), r.nodes(), r.medianRate(), r.ratio(), r.lowerQuartile(), r.upperQuartile());
        }
    }

    static Result[] compare(final int rounds, final int nodes, final String... builds) throws Exception
    {
        if (rounds < 1 || nodes < 1)
        {
            throw new IllegalArgumentException("rounds and nodes must be at least 1");
        }
        final int n = builds.length;
        final URLClassLoader[] loaders = new URLClassLoader[n];
        final int[] batch = new int[n];
        final Object[] benchmark = new Object[n];
        final Method[] setUp = new Method[n];
        final Method[] place = new Method[n];
        final Method[] nodesKnown = new Method[n];
        final int[] nodesGiven = new int[n];
        for (int b = 0; b < n; b++)
        {
            final int hash = builds[b].lastIndexOf('#');
            final String path = hash < 0 ? builds[b] : builds[b].substring(0, hash);
            final int itsNodes = hash < 0 ? nodes : Integer.parseInt(builds[b].substring(hash + 1));
            loaders[b] = new URLClassLoader(urls(path), ClassLoader.getPlatformClassLoader());
            final Class<?> type = loaders[b].loadClass(OrderPlacementBenchmark.class.getName());
            // The build's own batch size, not this class's copy of the constant.
            final java.lang.reflect.Field batchSize = type.getDeclaredField("BATCH");
            batchSize.setAccessible(true);
            batch[b] = batchSize.getInt(null);
            benchmark[b] = type.getConstructor().newInstance();
            type.getField("nodes").setInt(benchmark[b], itsNodes);
            type.getMethod("encodeOrders").invoke(benchmark[b]);
            setUp[b] = type.getMethod("freshNetwork");
            place[b] = type.getMethod("placeOrders");
            nodesGiven[b] = itsNodes;
            nodesKnown[b] = knownNodes(type);
        }
        final double[][] rate = new double[n][rounds];
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++)
        {
            for (int k = 0; k < n; k++)
            {
                // ABBA: neither build always runs first after the other's set-up.
                final int b = (round & 1) == 0 ? k : n - 1 - k;
                setUp[b].invoke(benchmark[b]);
                final long start = System.nanoTime();
                place[b].invoke(benchmark[b]);
                final long nanos = System.nanoTime() - start;
                if (round >= 0)
                {
                    rate[b][round] = batch[b] * 1e9 / nanos;
                }
            }
        }
        final Result[] results = new Result[n];
        for (int b = 0; b < n; b++)
        {
            final double[] ratio = new double[rounds];
            for (int round = 0; round < rounds; round++)
            {
                ratio[round] = rate[b][round] / rate[0][round];
            }
            Arrays.sort(ratio);
            final double[] sorted = rate[b].clone();
            Arrays.sort(sorted);
            final int nodesPlaced = nodesKnown[b] == null ? nodesGiven[b] : (int)nodesKnown[b].invoke(benchmark[b]);
            results[b] = new Result(builds[b], nodesPlaced, median(sorted), median(ratio), ratio[rounds / 4],
                ratio[rounds - 1 - rounds / 4]);
        }
        for (final URLClassLoader loader : loaders)
        {
            loader.close();
        }
        return results;
    }

    /** The benchmark's count of the nodes its engine knows, or null for a build older than it. */
    private static Method knownNodes(final Class<?> type)
    {
        try
        {
            return type.getMethod("nodesKnown");
        }
        catch (final NoSuchMethodException olderBuild)
        {
            return null;
        }
    }

    private static double median(final double[] sorted)
    {
        final int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static URL[] urls(final String build) throws MalformedURLException
    {
        final String[] entries = build.split(File.pathSeparator);
        final URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++)
        {
            urls[i] = new File(entries[i]).toURI().toURL();
        }
        return urls;
    }
}
