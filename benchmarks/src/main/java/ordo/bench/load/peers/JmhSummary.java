package ordo.bench.load.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Scenario 5 of the comparison: the JMH run that {@code run.sh} makes after the load runs (engine-only reservations
 * and orders, journal append, the in-process pipeline), read from JMH's own JSON ({@code -rf json}) and summarised
 * for the report: one {@link Score} per benchmark and parameter set, with the allocation per operation when the run
 * used {@code -prof gc}.
 */
final class JmhSummary
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PACKAGE = "ordo.bench.";
    /** JMH 1.37 names it {@code gc.alloc.rate.norm}; older versions prefix a middle dot. */
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    /**
     * One benchmark with one set of parameters.
     *
     * @param benchmark   class and method, without the {@code ordo.bench.} package
     * @param params      the JMH parameters, e.g. {@code nodes=50}; empty when it has none
     * @param mode        JMH's mode, e.g. {@code thrpt}
     * @param score       the primary score
     * @param scoreError  its 99.9 % half-width as JMH computes it; null with fewer than two iterations
     * @param unit        the score's unit, e.g. {@code ops/s}
     * @param bytesPerOp  allocation per operation ({@code -prof gc}); null when not profiled
     * @param iterations  measurement iterations × their time, forks, e.g. {@code 2 × 2 s, 1 fork}
     */
    record Score(String benchmark, String params, String mode, double score, Double scoreError, String unit,
                 Double bytesPerOp, String iterations)
    {
    }

    private JmhSummary()
    {
    }

    /** The scores in JMH's file order; an empty list for an empty run. */
    static List<Score> read(Path jmhJson) throws IOException
    {
        String text = Files.readString(jmhJson);
        List<Score> scores = new ArrayList<>();
        if (text.isBlank())
        {
            return scores;
        }
        JsonNode results = JSON.readTree(text);
        if (!results.isArray())
        {
            throw new IOException(jmhJson + " is not JMH's JSON result list");
        }
        for (JsonNode result : results)
        {
            String benchmark = result.path("benchmark").asText();
            JsonNode primary = result.path("primaryMetric");
            scores.add(new Score(benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark,
                    params(result.path("params")), result.path("mode").asText(), primary.path("score").asDouble(),
                    number(primary.path("scoreError")), primary.path("scoreUnit").asText(),
                    allocation(result.path("secondaryMetrics")),
                    result.path("measurementIterations").asInt() + " × " + result.path("measurementTime").asText()
                            + ", " + result.path("forks").asInt() + " fork"
                            + (result.path("forks").asInt() == 1 ? "" : "s")));
        }
        return scores;
    }

    /** A Markdown table of the scores, ops/s with thousands separators, B/op to one decimal. */
    static String markdown(List<Score> scores)
    {
        StringBuilder md = new StringBuilder(2_048);
        md.append("| benchmark | params | score | ± (99.9 %) | unit | B/op (`-prof gc`) | measured |\n")
                .append("|---|---|--:|--:|---|--:|---|\n");
        for (Score s : scores)
        {
            md.append(String.format(Locale.ROOT, "| `%s` | %s | %,.0f | %s | %s | %s | %s |%n", s.benchmark(),
                    s.params().isEmpty() ? "—" : s.params(), s.score(),
                    s.scoreError() == null ? "—" : String.format(Locale.ROOT, "%,.0f", s.scoreError()),
                    s.unit(), s.bytesPerOp() == null ? "—" : String.format(Locale.ROOT, "%,.1f", s.bytesPerOp()),
                    s.iterations()));
        }
        return md.toString();
    }

    private static String params(JsonNode params)
    {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); )
        {
            Map.Entry<String, JsonNode> param = it.next();
            values.put(param.getKey(), param.getValue().asText());
        }
        StringBuilder text = new StringBuilder();
        values.forEach((name, value) -> text.append(text.isEmpty() ? "" : ", ").append(name).append('=').append(value));
        return text.toString();
    }

    private static Double allocation(JsonNode secondary)
    {
        for (Iterator<Map.Entry<String, JsonNode>> it = secondary.fields(); it.hasNext(); )
        {
            Map.Entry<String, JsonNode> metric = it.next();
            if (metric.getKey().endsWith(ALLOCATION) && metric.getKey().length() <= ALLOCATION.length() + 1)
            {
                return number(metric.getValue().path("score"));
            }
        }
        return null;
    }

    /** JMH writes a missing error as the string {@code "NaN"}: null. */
    private static Double number(JsonNode value)
    {
        return value.isNumber() && !Double.isNaN(value.asDouble()) ? value.asDouble() : null;
    }
}
