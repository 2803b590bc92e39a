package ordo.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The results of one load-generator run on disk: {@code <date>-<system>.json} (every field of every
 * {@link ScenarioResult}, plus the machine) and the same as a Markdown table in {@code <date>-<system>.md}. A quick
 * run is written as {@code <date>-<system>-quick.*}, so it never overwrites a full run of the same day.
 */
public final class ResultFiles
{
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles()
    {
    }

    /** Writes both files and returns the JSON one. */
    public static Path write(final Path outDir, final String system, final boolean quick,
        final List<ScenarioResult> results) throws IOException
    {
        final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final String stem = LocalDate.ofInstant(now, ZoneOffset.UTC) + "-" + fileSafe(system) + (quick ? "-quick" : "");
        Files.createDirectories(outDir);
        final Map<String, Object> document = new LinkedHashMap<>();
        document.put("system", system);
        document.put("finishedAt", now.toString());
        document.put("quick", quick);
        document.put("machine", machine());
        document.put("passed", allPassed(results));
        document.put("scenarios", results);
        final Path json = outDir.resolve(stem + ".json");
        JSON.writeValue(json.toFile(), document);
        Files.writeString(outDir.resolve(stem + ".md"), "# Load run " + stem + "\n\n" + markdown(results)
            + "\nMachine: " + machine() + "\n");
        return json;
    }

    public static boolean allPassed(final List<ScenarioResult> results)
    {
        for (final ScenarioResult result : results)
        {
            if (!result.passed())
            {
                return false;
            }
        }
        return true;
    }

    /** One row per scenario, latencies in milliseconds; failures and notes listed under the table. */
    public static String markdown(final List<ScenarioResult> results)
    {
        final StringBuilder out = new StringBuilder();
        out.append("| scenario | system | loop | conn × depth | attempts | reserved | sold out | errors | answers/s "
            + "| p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | checks |\n");
        out.append("|---|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (final ScenarioResult r : results)
        {
            if (r.notApplicable() != null)
            {
                out.append(String.format(Locale.ROOT, "| %s | %s | n/a | %d × %d | – | – | – | – | n/a: %s | – | – | – "
                    + "| – | – | n/a |\n", r.scenario(), r.system(), r.connections(), r.depth(), r.notApplicable()));
                continue;
            }
            final Latency l = r.latencyMicros();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d × %d | %,d | %,d | %,d | %,d | %s | %s | %s "
                    + "| %s | %s | %s | %s |\n",
                r.scenario(), r.system(), r.loop() + (r.targetRatePerSecond() > 0
                    ? String.format(Locale.ROOT, " @ %,.0f/s", r.targetRatePerSecond()) : ""),
                r.connections(), r.depth(), r.attempts(), r.reserved(), r.soldOut(), r.errors(),
                String.format(Locale.ROOT, "%,.0f", r.throughputPerSecond()), millis(l.p50()), millis(l.p90()),
                millis(l.p99()), millis(l.p999()), millis(l.max()), r.passed() ? "pass" : "**FAIL**"));
        }
        for (final ScenarioResult r : results)
        {
            out.append("\n").append(r.scenario()).append(" (").append(r.system()).append("): ")
                .append(r.description()).append("\n");
            for (final String failure : r.failures())
            {
                out.append("- FAILED: ").append(failure).append("\n");
            }
            for (final String note : r.notes())
            {
                out.append("- ").append(note).append("\n");
            }
        }
        return out.toString();
    }

    private static String millis(final long micros)
    {
        return String.format(Locale.ROOT, micros < 10_000 ? "%.2f" : "%.1f", micros / 1000.0);
    }

    private static Map<String, Object> machine()
    {
        final Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpuModel());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"));
        machine.put("clientTransport", ClientTransport.get().name());
        return machine;
    }

    /**
     * The processor's model name from {@code /proc/cpuinfo} ("unknown" elsewhere): machines of the same size differ
     * (the same build measured 8.5–10.8 M engine commands/s on one 2-core host and 13–14.5 M on another).
     */
    static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            // not Linux, or not readable: say so rather than fail a report
        }
        return "unknown";
    }

    private static String fileSafe(final String name)
    {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
