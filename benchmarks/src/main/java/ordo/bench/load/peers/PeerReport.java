package ordo.bench.load.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ordo.bench.load.Scenarios;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Merges one run's per-system result files (the load harness's {@code <date>-<system>[-quick].json}, one document
 * per system with its {@code scenarios}) into {@code RESULTS_DIR/<date>.json} and {@code <date>.md}, and draws
 * {@code <date>-latency-<scenario>.png} and {@code <date>-throughput.png} beside them ({@code <date>-quick…} for a
 * quick run, so that it never overwrites a full one). The JMH run of the same invocation, when there was one, is
 * summarised into both files ({@link JmhSummary}).
 *
 * <p>Latency curves: a scenario result that carries its HdrHistogram ({@value #HISTOGRAM_FIELD}: base64 of the
 * compressed histogram, µs) is drawn as its whole percentile distribution; one that carries only the harness's
 * percentiles (p50, p90, p99, p99.9, max) is drawn through those points, marked.
 */
final class PeerReport
{
    static final String HISTOGRAM_FIELD = "latencyHistogram";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> SCENARIO_ORDER = List.of(Scenarios.FLASH_SALE, Scenarios.SPREAD,
            Scenarios.CONSTANT_RATE, Scenarios.SPREAD_PIPELINED, Scenarios.ORDER_CAPTURE);
    /** Percentile points per halving of the distance to 100 % (HdrHistogram's ticksPerHalfDistance). */
    private static final int TICKS_PER_HALF_DISTANCE = 5;
    private static final Map<String, String> DURABILITY = Map.of(
            "ordo-process", "ack after the append to Chronicle Queue's mapped file: survives kill -9, not power loss",
            "ordo-sync", "ack after msync of the batch (group commit): survives power loss",
            "redis-lua-aof-off", "no AOF, no RDB: an acknowledged hold is lost with the process",
            "redis-lua-aof-everysec", "AOF, fsync once a second: up to ~1 s of holds lost on power loss",
            "postgres-sync-on", "synchronous_commit on: commit waits for the WAL flush, survives power loss",
            "postgres-sync-off", "synchronous_commit off: WAL flushed in the background, last ~0.6 s lost on a crash");

    private PeerReport()
    {
    }

    /**
     * @param jmhJson JMH's JSON result file of this run, or null when JMH was not run
     * @return whether every scenario of every system passed its checks
     */
    static boolean write(Path runDir, Path resultsDir, String date, boolean quick, Path jmhJson) throws IOException
    {
        List<JsonNode> documents = read(runDir);
        if (documents.isEmpty())
        {
            throw new IllegalStateException("no result files under " + runDir);
        }
        List<JsonNode> results = new ArrayList<>();
        for (JsonNode document : documents)
        {
            document.path("scenarios").forEach(results::add);
        }
        results.sort(Comparator.comparingInt((JsonNode r) -> rank(SCENARIO_ORDER, r.path("scenario").asText()))
                .thenComparingInt(r -> rank(PeerMain.SYSTEMS, r.path("system").asText())));
        boolean passed = results.stream().allMatch(r -> r.path("passed").asBoolean());
        String stem = quick ? date + "-quick" : date;
        Files.createDirectories(resultsDir);

        ObjectNode merged = JSON.createObjectNode();
        merged.put("date", date);
        merged.put("quick", quick);
        merged.set("machine", documents.get(0).path("machine"));
        merged.set("plan", JSON.valueToTree(plan(quick)));
        merged.set("systems", JSON.valueToTree(systems(documents)));
        merged.put("passed", passed);
        merged.set("results", JSON.valueToTree(results));
        List<JmhSummary.Score> jmh = jmhJson != null && Files.isRegularFile(jmhJson) ? JmhSummary.read(jmhJson) : null;
        ObjectNode jmhNode = merged.putObject("jmh");
        jmhNode.put("source", jmhJson == null ? null : jmhJson.getFileName().toString());
        jmhNode.put("note", jmhNote(jmhJson, jmh, quick));
        jmhNode.set("scores", JSON.valueToTree(jmh == null ? List.of() : jmh));
        JSON.writeValue(resultsDir.resolve(stem + ".json").toFile(), merged);
        String markdown = markdown(results, documents, stem, quick)
                + "\n## JMH (in-process: engine, journal, pipeline)\n\n" + jmhNote(jmhJson, jmh, quick) + "\n\n"
                + (jmh == null || jmh.isEmpty() ? "" : JmhSummary.markdown(jmh));
        Files.writeString(resultsDir.resolve(stem + ".md"), markdown);

        Map<String, Map<String, double[][]>> curves = new LinkedHashMap<>();
        Map<String, Map<String, Double>> throughput = new LinkedHashMap<>();
        boolean sparse = false;
        for (JsonNode r : results)
        {
            String system = r.path("system").asText();
            String scenario = r.path("scenario").asText();
            if (r.hasNonNull("notApplicable"))
            {
                continue; // measured nothing: no curve, no bar (a bar of 0 would read as a figure)
            }
            sparse |= !r.hasNonNull(HISTOGRAM_FIELD);
            if (r.path("latencyMicros").path("count").asLong() > 0)
            {
                curves.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).put(system, curve(r));
            }
            throughput.computeIfAbsent(system, s -> new LinkedHashMap<>()).put(chartCategory(scenario, quick),
                    r.path("throughputPerSecond").asDouble());
        }
        for (Map.Entry<String, Map<String, double[][]>> scenario : curves.entrySet())
        {
            PeerCharts.latency(scenario.getKey(), scenario.getValue(), sparse,
                    resultsDir.resolve(stem + "-latency-" + scenario.getKey() + ".png"));
        }
        PeerCharts.throughput(throughput, resultsDir.resolve(stem + "-throughput.png"));
        System.out.print(markdown);
        System.out.println("\nwritten: " + resultsDir.resolve(stem + ".json") + ", " + stem + ".md and "
                + (curves.size() + 1) + " PNGs beside it");
        return passed;
    }

    /** The throughput chart's group label: what differs from the other scenarios, and who is left out. */
    private static String chartCategory(String scenario, boolean quick)
    {
        return switch (scenario)
        {
            case Scenarios.ORDER_CAPTURE -> scenario + " (Ordo only)";
            case Scenarios.SPREAD_PIPELINED -> String.format(Locale.ROOT, "%s (%d × %d; no PostgreSQL)", scenario,
                    PeerPlan.pipelined(quick).connections(), PeerPlan.pipelined(quick).depth());
            case Scenarios.FLASH_SALE -> String.format(Locale.ROOT, "%s (%d conn.)", scenario,
                    PeerPlan.flashSale(quick).connections());
            default -> scenario;
        };
    }

    private static String jmhNote(Path jmhJson, List<JmhSummary.Score> jmh, boolean quick)
    {
        if (jmhJson == null)
        {
            return "JMH was not run.";
        }
        if (jmh == null || jmh.isEmpty())
        {
            return "JMH was run but wrote no results (" + jmhJson.getFileName() + " missing or empty: a benchmark failed"
                    + " its own check or the run was stopped; see the run's log).";
        }
        return quick
                ? "Quick run: one benchmark, one short iteration, to check that JMH runs and its results merge —"
                        + " not a figure to quote."
                : "Short runs (1 fork, few 2-s iterations, `-prof gc`) so that the whole suite fits its time budget:"
                        + " indicative, noisier than `benchmarks/scripts/jmh.sh` with the benchmarks' own settings."
                        + " Each benchmark checks its own result (every command answered OK)."
                        + " `OrderPlacementBenchmark`'s B/op counts its own set-up too (a fresh engine, its orders made"
                        + " ahead, for every 20 000 orders): `ordo.bench.OrderAllocation` reports what placing an order"
                        + " allocates.";
    }

    private static List<JsonNode> read(Path runDir) throws IOException
    {
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir))
        {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList())
            {
                documents.add(JSON.readTree(file.toFile()));
            }
        }
        documents.sort(Comparator.comparingInt(d -> rank(PeerMain.SYSTEMS, d.path("system").asText())));
        return documents;
    }

    private static int rank(List<String> order, String name)
    {
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }

    private static Map<String, Object> plan(boolean quick)
    {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("connections", connectionsInWords(quick));
        plan.put("flashSale", PeerPlan.flashSale(quick));
        plan.put("flashSalePostgres", PeerPlan.postgresFlashSale(quick));
        plan.put("spread", PeerPlan.spread(quick));
        plan.put("constantRate", "the spread workload, open loop at half of each system's spread maximum, "
                + PeerPlan.constantRateSeconds(quick) + " s measured");
        plan.put("spreadPipelined", PeerPlan.pipelined(quick));
        plan.put("spreadPipelinedNotApplicable", Map.of("postgres-sync-on", PostgresDriver.NO_PIPELINING,
                "postgres-sync-off", PostgresDriver.NO_PIPELINING));
        plan.put("orderCapture", PeerPlan.orderCapture(quick));
        return plan;
    }

    /** Connections × requests in flight of each scenario, the same for every system. */
    static String connectionsInWords(boolean quick)
    {
        Scenarios.FlashSale flash = PeerPlan.flashSale(quick);
        Scenarios.Spread spread = PeerPlan.spread(quick);
        Scenarios.Spread pipelined = PeerPlan.pipelined(quick);
        return String.format(Locale.ROOT, "flash sale %d connections × %d in flight; spread, constant rate and order"
                        + " capture %d × %d; spread-pipelined %d × %d (pipelined %d deep)", flash.connections(),
                flash.depth(), spread.connections(), spread.depth(), pipelined.connections(), pipelined.depth(),
                pipelined.depth());
    }

    private static Map<String, String> systems(List<JsonNode> documents)
    {
        Map<String, String> systems = new LinkedHashMap<>();
        for (JsonNode document : documents)
        {
            String system = document.path("system").asText();
            systems.put(system, DURABILITY.getOrDefault(system, ""));
        }
        return systems;
    }

    /** Points (fraction of answers at or below, latency in ms), ascending. */
    private static double[][] curve(JsonNode result)
    {
        JsonNode latency = result.path("latencyMicros");
        if (!result.hasNonNull(HISTOGRAM_FIELD))
        {
            double count = latency.path("count").asDouble();
            return new double[][] {
                {0.50, latency.path("p50").asDouble() / 1e3},
                {0.90, latency.path("p90").asDouble() / 1e3},
                {0.99, latency.path("p99").asDouble() / 1e3},
                {0.999, latency.path("p999").asDouble() / 1e3},
                {1 - 1 / Math.max(count, 1e4), latency.path("max").asDouble() / 1e3},
            };
        }
        Histogram histogram = decode(result.path(HISTOGRAM_FIELD).asText());
        List<double[]> points = new ArrayList<>();
        for (HistogramIterationValue v : histogram.percentiles(TICKS_PER_HALF_DISTANCE))
        {
            double fraction = v.getPercentileLevelIteratedTo() / 100.0;
            if (fraction < 1.0)
            {
                points.add(new double[] {fraction, v.getValueIteratedTo() / 1e3});
            }
        }
        // The largest of N answers stands for the 1 - 1/N quantile: the line ends at the maximum.
        points.add(new double[] {1 - 1.0 / histogram.getTotalCount(), histogram.getMaxValue() / 1e3});
        return points.toArray(double[][]::new);
    }

    private static Histogram decode(String base64)
    {
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        }
        catch (DataFormatException e)
        {
            throw new IllegalStateException("unreadable latency histogram", e);
        }
    }

    /** The load clients' socket transport, which run.sh also gives Ordo's server ({@code http.transport}). */
    static String socketsInWords(String transport)
    {
        if (transport.isEmpty())
        {
            return "";
        }
        return " Sockets: the Netty clients (HTTP to Ordo, RESP to Redis) use " + transport + ", and run.sh serves Ordo"
                + " over the same (`http.transport: " + transport + "`); Redis and PostgreSQL use their own (epoll),"
                + " the PostgreSQL driver JDBC's blocking sockets.";
    }

    private static String markdown(List<JsonNode> results, List<JsonNode> documents, String stem, boolean quick)
    {
        StringBuilder md = new StringBuilder(8_192);
        md.append("# Peer comparison ").append(stem).append("\n\n")
                .append("Same load harness (`ordo.bench.load`), same scenarios, connections and durations for every"
                        + " system except where stated here, one system at a time on 127.0.0.1. Connections ×"
                        + " requests in flight: ")
                .append(connectionsInWords(quick)).append(". Flash sale: ")
                .append(flashSaleInWords(PeerPlan.flashSale(quick)))
                .append(PeerPlan.postgresFlashSale(quick).equals(PeerPlan.flashSale(quick)) ? ""
                        : String.format(Locale.ROOT, "; PostgreSQL %,d attempts after %,d warm-up attempts instead"
                                + " (same stock and connections: at its rate 200 000 would not fit the suite's 10"
                                + " minutes)", PeerPlan.postgresFlashSale(quick).attempts(),
                                PeerPlan.postgresFlashSale(quick).warmupAttempts()))
                .append(". PostgreSQL is not in spread-pipelined: ").append(PostgresDriver.NO_PIPELINING)
                .append(" (each JDBC connection waits for one transaction's answer before it sends the next).")
                .append(socketsInWords(documents.get(0).path("machine").path("clientTransport").asText("")))
                .append(" Latencies in ms.\n\n")
                .append("| scenario | system | loop | answers/s | p50 | p90 | p99 | p99.9 | max | succeeded | refused"
                        + " | errors | checks |\n")
                .append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (JsonNode r : results)
        {
            if (r.hasNonNull("notApplicable"))
            {
                md.append(String.format(Locale.ROOT, "| %s | %s | – | n/a: %s | – | – | – | – | – | – | – | – | n/a |%n",
                        r.path("scenario").asText(), r.path("system").asText(), r.path("notApplicable").asText()));
                continue;
            }
            JsonNode l = r.path("latencyMicros");
            double rate = r.path("targetRatePerSecond").asDouble();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %s | %s | %s | %s | %s | %,d | %,d | %,d | %s"
                            + " |%n", r.path("scenario").asText(), r.path("system").asText(),
                    r.path("loop").asText() + (rate > 0 ? String.format(Locale.ROOT, " @ %,.0f/s", rate) : ""),
                    r.path("throughputPerSecond").asDouble(), ms(l.path("p50")), ms(l.path("p90")), ms(l.path("p99")),
                    ms(l.path("p999")), ms(l.path("max")), r.path("reserved").asLong(), r.path("soldOut").asLong(),
                    r.path("errors").asLong(), r.path("passed").asBoolean() ? "pass" : "**FAIL**"));
        }
        md.append("\nSucceeded: holds granted (reservations) or orders created (order capture); refused: clean 409"
                + " INSUFFICIENT_STOCK answers. A refusal changes nothing on any system: Redis's script writes nothing"
                + " for it and PostgreSQL's transaction updates no row; Ordo answers a hold of a SKU its engine has"
                + " published as sold out on the event loop, without a journal record (`http.soldOutAtGateway`, on"
                + " by default).\n\nScenarios:\n");
        // scenario → description → systems: a scenario whose sizes differ between systems lists each variant.
        Map<String, Map<String, List<String>>> described = new LinkedHashMap<>();
        for (JsonNode r : results)
        {
            described.computeIfAbsent(r.path("scenario").asText(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(r.path("description").asText(), d -> new ArrayList<>())
                    .add(r.path("system").asText());
        }
        described.forEach((scenario, variants) ->
        {
            md.append("- ").append(scenario).append(": ");
            if (scenario.equals(Scenarios.CONSTANT_RATE))
            {
                md.append("the spread workload in an open loop at half of each system's own spread maximum, latency"
                        + " from the intended send time (corrected for coordinated omission)");
            }
            else if (variants.size() == 1)
            {
                md.append(variants.keySet().iterator().next());
            }
            else
            {
                List<String> each = new ArrayList<>();
                variants.forEach((description, systems) -> each.add(description + " (" + String.join(", ", systems)
                        + ")"));
                md.append(String.join("; ", each));
            }
            md.append('\n');
        });
        md.append("\nSystems (what an acknowledged hold survives):\n");
        systems(documents).forEach((system, durability) -> md.append("- ").append(system).append(": ")
                .append(durability).append('\n'));
        boolean anyFailure = false;
        for (JsonNode r : results)
        {
            for (JsonNode failure : r.path("failures"))
            {
                if (!anyFailure)
                {
                    md.append("\nFailed checks:\n");
                    anyFailure = true;
                }
                md.append("- ").append(r.path("scenario").asText()).append(" / ").append(r.path("system").asText())
                        .append(": ").append(failure.asText()).append('\n');
            }
        }
        md.append("\nCharts: `").append(stem).append("-throughput.png`, `").append(stem)
                .append("-latency-<scenario>.png`. Machine: ").append(documents.get(0).path("machine").toString())
                .append(quick ? ". Quick run: sizes too small to quote.\n" : ".\n");
        return md.toString();
    }

    static String flashSaleInWords(Scenarios.FlashSale flash)
    {
        return String.format(Locale.ROOT, "%,d units, %,d attempts over %d connections (after %,d warm-up attempts on"
                + " another SKU)", flash.units(), flash.attempts(), flash.connections(), flash.warmupAttempts());
    }

    private static String ms(JsonNode micros)
    {
        double ms = micros.asDouble() / 1e3;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.1f", ms);
    }
}
