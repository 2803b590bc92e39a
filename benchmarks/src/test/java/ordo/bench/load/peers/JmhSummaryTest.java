package ordo.bench.load.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** JMH's JSON result file, as run.sh has it written, read into the report's scores. */
class JmhSummaryTest
{
    /** Two results as JMH 1.37 writes them: one profiled with -prof gc over two iterations, one single iteration. */
    private static final String JMH_JSON = """
        [
          {"jmhVersion": "1.37", "benchmark": "ordo.bench.OrderPlacementBenchmark.placeOrders", "mode": "thrpt",
           "threads": 1, "forks": 1, "warmupIterations": 1, "warmupTime": "2 s", "measurementIterations": 2,
           "measurementTime": "2 s", "params": {"nodes": "50"},
           "primaryMetric": {"score": 96512.25, "scoreError": 34600.5, "scoreUnit": "ops/s", "rawData": [[1, 2]]},
           "secondaryMetrics": {
             "gc.alloc.rate": {"score": 480.1, "scoreUnit": "MB/sec"},
             "gc.alloc.rate.norm": {"score": 5479.3, "scoreUnit": "B/op"},
             "gc.count": {"score": 3, "scoreUnit": "counts"}}},
          {"jmhVersion": "1.37", "benchmark": "ordo.bench.JournalAppendBenchmark.appendBatch", "mode": "thrpt",
           "threads": 1, "forks": 1, "measurementIterations": 1, "measurementTime": "1 s",
           "params": {"durability": "SYNC"},
           "primaryMetric": {"score": 190000.0, "scoreError": "NaN", "scoreUnit": "ops/s", "rawData": [[1]]},
           "secondaryMetrics": {}}
        ]
        """;

    @TempDir
    Path tmp;

    @Test
    void everyResultBecomesAScoreWithItsParametersAndItsBytesPerOperation() throws Exception
    {
        final Path file = Files.writeString(tmp.resolve("jmh.json"), JMH_JSON);

        final List<JmhSummary.Score> scores = JmhSummary.read(file);

        assertThat(scores).containsExactly(
            new JmhSummary.Score("OrderPlacementBenchmark.placeOrders", "nodes=50", "thrpt", 96512.25, 34600.5,
                "ops/s", 5479.3, "2 × 2 s, 1 fork"),
            new JmhSummary.Score("JournalAppendBenchmark.appendBatch", "durability=SYNC", "thrpt", 190000.0, null,
                "ops/s", null, "1 × 1 s, 1 fork"));
    }

    @Test
    void theMarkdownTableShowsMissingErrorsAndAllocationsAsDashes() throws Exception
    {
        final Path file = Files.writeString(tmp.resolve("jmh.json"), JMH_JSON);

        final String markdown = JmhSummary.markdown(JmhSummary.read(file));

        assertThat(markdown).contains("| `OrderPlacementBenchmark.placeOrders` | nodes=50 | 96,512 | 34,601 | ops/s "
            + "| 5,479.3 | 2 × 2 s, 1 fork |");
        assertThat(markdown).contains("| `JournalAppendBenchmark.appendBatch` | durability=SYNC | 190,000 | — | ops/s "
            + "| — | 1 × 1 s, 1 fork |");
    }

    @Test
    void anEmptyFileIsARunWithoutResults() throws Exception
    {
        assertThat(JmhSummary.read(Files.writeString(tmp.resolve("jmh.json"), ""))).isEmpty();
    }
}
