package ordo.bench.load;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFilesTest
{
    @TempDir
    Path tmp;

    private static ScenarioResult flashSale(final boolean passed)
    {
        return new ScenarioResult("flash-sale", "ordo", "1 SKU × 1,000 units, 20,000 attempts", "closed", 64, 1, 0,
            20_000, 1_000, 19_000, 0, 0, 0, 1.5, 13_333.3, new Latency(20_000, 900, 800, 1_500, 4_000, 9_000, 12_345),
            passed, passed ? List.of() : List.of("exactly 1000 reservations succeed: 999 did"), List.of("a note"),
            Latency.encode(histogram()), null);
    }

    private static Histogram histogram()
    {
        final Histogram micros = new Histogram(3);
        for (int i = 1; i <= 1_000; i++)
        {
            micros.recordValue(i * 10L);
        }
        return micros;
    }

    @Test
    void theJsonFileCarriesEveryScenarioAndWhetherAllPassed() throws Exception
    {
        final Path json = ResultFiles.write(tmp, "ordo", true, List.of(flashSale(true), flashSale(false)));

        assertThat(json.getFileName().toString()).matches("\\d{4}-\\d{2}-\\d{2}-ordo-quick\\.json");
        assertThat(Files.exists(tmp.resolve(json.getFileName().toString().replace(".json", ".md")))).isTrue();
        final JsonNode document = new ObjectMapper().readTree(json.toFile());
        assertThat(document.path("passed").asBoolean(true)).isFalse();
        assertThat(document.path("scenarios")).hasSize(2);
        final JsonNode first = document.path("scenarios").get(0);
        assertThat(first.path("reserved").asLong()).isEqualTo(1_000);
        assertThat(first.path("latencyMicros").path("p999").asLong()).isEqualTo(9_000);
        assertThat(document.path("scenarios").get(1).path("failures").get(0).asText()).contains("999 did");
        final Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
            ByteBuffer.wrap(Base64.getDecoder().decode(first.path("latencyHistogram").asText())), 0);
        assertThat(decoded).isEqualTo(histogram());
    }

    @Test
    void theMarkdownTableHasOneRowPerScenarioWithLatenciesInMilliseconds()
    {
        final String table = ResultFiles.markdown(List.of(flashSale(true), flashSale(false)));

        assertThat(table).contains("| flash-sale | ordo | closed | 64 × 1 | 20,000 | 1,000 | 19,000 | 0 | 13,333 "
            + "| 0.80 | 1.50 | 4.00 | 9.00 | 12.3 | pass |");
        assertThat(table).contains("**FAIL**").contains("- FAILED: exactly 1000 reservations succeed: 999 did");
    }
}
