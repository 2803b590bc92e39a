package ordo.bench.load.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import ordo.bench.load.ClientTransport;
import ordo.bench.load.Driver;
import ordo.bench.load.Latency;
import ordo.bench.load.LocalOrdo;
import ordo.bench.load.OrdoHttpDriver;
import ordo.bench.load.ResultFiles;
import ordo.bench.load.ScenarioResult;
import ordo.bench.load.Scenarios;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipelined spread of the peer comparison, quick size ({@link PeerPlan#pipelined}), against a whole Ordo in this
 * JVM over real HTTP/1.1 pipelining: exactly the reservations answered OK are held, nothing is oversold. A system that
 * cannot pipeline is reported as not applicable, never as a zero. Numbers are not asserted; correctness is.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PipelinedSpreadQuickTest
{
    @TempDir
    Path tmp;

    private LocalOrdo local;
    private OrdoHttpDriver driver;

    @BeforeEach
    void start()
    {
        local = LocalOrdo.start(tmp, "ordo-process");
        driver = local.driver();
    }

    @AfterEach
    void stop()
    {
        if (local != null)
        {
            local.close();
        }
    }

    @Test
    void sixteenDeepOnEveryConnectionHoldsExactlyTheReservationsAnsweredOk() throws Exception
    {
        final Scenarios.Spread spec = PeerPlan.pipelined(true);

        final ScenarioResult result = Scenarios.pipelined(driver, spec);

        assertThat(result.failures()).isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.scenario()).isEqualTo(Scenarios.SPREAD_PIPELINED);
        assertThat(result.notApplicable()).isNull();
        assertThat(result.connections()).isEqualTo(16);
        assertThat(result.depth()).isEqualTo(16);
        assertThat(result.attempts()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(result.unanswered()).isZero();
        assertThat(result.soldOut()).as("no refusals with ample stock").isZero();
        assertThat(result.reserved()).isEqualTo(result.attempts());
        long held = 0;
        for (int sku = 0; sku < spec.skus(); sku++)
        {
            held += driver.holds(sku);
        }
        assertThat(held).as("every hold Ordo has over all SKUs is one the harness counted as answered OK")
            .isEqualTo(result.reserved());
        for (int sku = 0; sku < spec.skus(); sku += 97)
        {
            assertThat(driver.available(sku) + driver.holds(sku)).as("SKU %d: nothing taken without a hold", sku)
                .isEqualTo(spec.unitsEach());
        }
        assertThat(driver.errors()).isZero();
    }

    @Test
    void aSystemThatCannotPipelineIsReportedNotApplicableAndNotMeasured() throws Exception
    {
        final AtomicInteger reserves = new AtomicInteger();
        final Driver jdbcLike = new Driver()
        {
            @Override
            public String name()
            {
                return "postgres-sync-on";
            }

            @Override
            public void setUp(final int connections, final int skus, final long unitsEach)
            {
                reserves.addAndGet(1_000_000); // set-up must not happen either
            }

            @Override
            public CompletableFuture<Outcome> reserve(final int conn, final int sku, final String customerId,
                final int qty)
            {
                reserves.incrementAndGet();
                return CompletableFuture.completedFuture(Outcome.RESERVED);
            }

            @Override
            public String noPipelining()
            {
                return PostgresDriver.NO_PIPELINING;
            }

            @Override
            public long available(final int sku)
            {
                return 0;
            }

            @Override
            public long holds(final int sku)
            {
                return 0;
            }

            @Override
            public void close()
            {
            }
        };

        final ScenarioResult result = Scenarios.pipelined(jdbcLike, PeerPlan.pipelined(true));

        assertThat(reserves).hasValue(0);
        assertThat(result.notApplicable()).isEqualTo("JDBC has no pipelining of transactions");
        assertThat(result.passed()).as("not applicable is not a failure").isTrue();
        assertThat(result.attempts()).isZero();
    }

    @Test
    void theReportSaysNotApplicableForPostgresWhereOrdoHasAFigure() throws Exception
    {
        final ScenarioResult ordo = new ScenarioResult(Scenarios.SPREAD_PIPELINED, "ordo-process", "spread, pipelined",
            "closed", 16, 16, 0, 4_000, 4_000, 0, 0, 0, 0, 1, 4_000, new Latency(4_000, 900, 800, 1_500, 4_000, 9_000,
            12_345), true, List.of(), List.of(), Latency.encode(histogram()), null);
        final ScenarioResult postgres = ScenarioResult.notApplicable(Scenarios.SPREAD_PIPELINED, "postgres-sync-on",
            "spread, pipelined", 16, 16, PostgresDriver.NO_PIPELINING);
        final Path runDir = tmp.resolve("run");
        ResultFiles.write(runDir, "ordo-process", true, List.of(ordo));
        ResultFiles.write(runDir, "postgres-sync-on", true, List.of(postgres));
        final Path results = tmp.resolve("results");

        final boolean passed = PeerReport.write(runDir, results, "2026-01-01", true, null);

        assertThat(passed).isTrue();
        final String markdown = Files.readString(results.resolve("2026-01-01-quick.md"));
        assertThat(markdown).contains("| spread-pipelined | postgres-sync-on | – | n/a: JDBC has no pipelining of "
            + "transactions |");
        assertThat(markdown).contains("| spread-pipelined | ordo-process | closed | 4,000 | 0.80 |");
        assertThat(markdown).as("the socket transport of this run, from the results' machine")
            .contains("Sockets: the Netty clients (HTTP to Ordo, RESP to Redis) use " + ClientTransport.get().name()
                + ", and run.sh serves Ordo over the same (`http.transport: " + ClientTransport.get().name() + "`)");
        final JsonNode merged = new ObjectMapper().readTree(results.resolve("2026-01-01-quick.json").toFile());
        assertThat(merged.path("results")).hasSize(2);
        assertThat(merged.path("results").get(1).path("notApplicable").asText())
            .isEqualTo("JDBC has no pipelining of transactions");
        assertThat(merged.path("plan").path("spreadPipelined").path("depth").asInt()).isEqualTo(16);
        assertThat(results.resolve("2026-01-01-quick-throughput.png")).exists();
        assertThat(results.resolve("2026-01-01-quick-latency-spread-pipelined.png")).exists();
    }

    private static Histogram histogram()
    {
        final Histogram micros = new Histogram(3);
        for (int i = 1; i <= 4_000; i++)
        {
            micros.recordValue(i * 3L);
        }
        return micros;
    }
}
