package ordo.bench.load;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flash sale of the peer comparison, quick size, against a whole Ordo in this JVM over real HTTP: the harness,
 * the HTTP driver and the server together sell exactly the stock. Numbers are not asserted; correctness is.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlashSaleQuickTest
{
    @TempDir
    Path tmp;

    private LocalOrdo ordo;
    private OrdoHttpDriver driver;

    @BeforeEach
    void start()
    {
        ordo = LocalOrdo.start(tmp, "ordo");
        driver = ordo.driver();
    }

    @AfterEach
    void stop()
    {
        if (ordo != null)
        {
            ordo.close();
        }
    }

    @Test
    void aThousandUnitsGoToExactlyAThousandOfTwentyThousandShoppersAndEveryoneIsAnswered() throws Exception
    {
        final ScenarioResult result = Scenarios.flashSale(driver, Scenarios.FlashSale.QUICK);

        assertThat(result.failures()).isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.attempts()).isEqualTo(20_000);
        assertThat(result.reserved()).isEqualTo(1_000);
        assertThat(result.soldOut()).isEqualTo(19_000);
        assertThat(result.errors()).isZero();
        assertThat(result.unanswered()).isZero();
        assertThat(result.latencyMicros().count()).isEqualTo(20_000);
        assertThat(driver.available(0)).as("nothing oversold, nothing left").isZero();
        assertThat(driver.holds(0)).isEqualTo(1_000);
        assertThat(driver.errors()).isZero();
    }

    @Test
    void pipelinedShoppersSellExactlyTheStockToo() throws Exception
    {
        final ScenarioResult result = Scenarios.flashSale(driver, new Scenarios.FlashSale(300, 4_000, 16, 8, 60, 0));

        assertThat(result.failures()).isEmpty();
        assertThat(result.reserved()).isEqualTo(300);
        assertThat(result.soldOut()).isEqualTo(3_700);
        assertThat(result.errors()).isZero();
        assertThat(result.unanswered()).isZero();
        assertThat(driver.available(0)).isZero();
        assertThat(driver.holds(0)).isEqualTo(300);
    }

    @Test
    void pipelinedAnswersAreMatchedToTheRequestsTheyAnswer() throws Exception
    {
        // SKU 1 gets every tenth attempt, exactly as many as it has units: all of them must succeed. SKU 0 gets the
        // other nine tenths and sells out. Were answers matched to the wrong requests on a pipelined connection,
        // successes would be counted against the wrong SKU and SKU 1 would show refusals.
        driver.setUp(8, 2, 100);
        final Workload everyTenthOnSkuOne = new Workload()
        {
            @Override
            public int sku(final long ticket)
            {
                return ticket % 10 == 0 ? 1 : 0;
            }

            @Override
            public String customerId(final long ticket)
            {
                return "p-" + ticket;
            }
        };

        final RunResult run = LoadRun.run(driver, LoadPlan.closedByCount(8, 16, 1_000, 60), everyTenthOnSkuOne, 2);

        assertThat(run.errors()).isZero();
        assertThat(run.unanswered()).isZero();
        assertThat(run.reservedPerSku()).containsExactly(100, 100);
        assertThat(run.soldOut()).isEqualTo(800);
        assertThat(driver.holds(0)).isEqualTo(100);
        assertThat(driver.holds(1)).isEqualTo(100);
    }

    @Test
    void aConstantRateRunAnswersEveryRequestItScheduled() throws Exception
    {
        final ScenarioResult result = Scenarios.spread(driver,
            new Scenarios.Spread(200, 1_000_000, 8, 1, 400, 0.5, 1.5, 20));

        assertThat(result.failures()).isEmpty();
        assertThat(result.loop()).isEqualTo("open");
        assertThat(result.attempts()).as("requests due in 2 s at 400/s").isEqualTo(800);
        assertThat(result.dropped()).isZero();
        assertThat(result.reserved()).isEqualTo(800);
        assertThat(result.unanswered()).isZero();
    }
}
