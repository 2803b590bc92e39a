package ordo.bench.load.peers;

import org.junit.jupiter.api.Test;

import ordo.bench.load.Scenarios;

import static org.assertj.core.api.Assertions.assertThat;

/** The sizes run.sh measures with: the issue's where the 10-minute budget allows, the one deviation stated. */
class PeerPlanTest
{
    @Test
    void theFullFlashSaleIsTheIssuesTenThousandUnitsTwoHundredThousandAttemptsAndTwoHundredFiftySixShoppers()
    {
        final Scenarios.FlashSale flash = PeerPlan.flashSale(false);

        assertThat(flash.units()).isEqualTo(10_000);
        assertThat(flash.attempts()).isEqualTo(200_000);
        assertThat(flash.connections()).isEqualTo(256);
        assertThat(flash.depth()).isEqualTo(1);
    }

    /**
     * Every warm-up sells its stock out and is refused at least as often as it is granted, so both paths are warm;
     * the full one of Ordo and Redis is as long as the measured run (95 % refused, as there), long enough for the
     * compilers of the client and of a JVM server to be done before the measured run; PostgreSQL's is twice the
     * stock, which at its rate already takes longer.
     */
    @Test
    void everyFlashSaleWarmUpSellsItsStockOutAndTheFullOneIsAsLongAsTheMeasuredRun()
    {
        for (final boolean quick : new boolean[] {true, false})
        {
            for (final Scenarios.FlashSale flash : new Scenarios.FlashSale[] {PeerPlan.flashSale(quick),
                PeerPlan.postgresFlashSale(quick)})
            {
                assertThat(flash.warmupAttempts()).isGreaterThanOrEqualTo(2 * flash.units());
            }
        }
        assertThat(PeerPlan.flashSale(false).warmupAttempts()).isEqualTo(PeerPlan.flashSale(false).attempts());
        assertThat(PeerPlan.postgresFlashSale(false).warmupAttempts()).isEqualTo(20_000);
        assertThat(PeerPlan.flashSale(true).warmupAttempts()).isEqualTo(2 * PeerPlan.flashSale(true).units());
    }

    @Test
    void postgresMeetsTheSameStockAndShoppersWithFewerAttemptsOnlyInTheFullRun()
    {
        final Scenarios.FlashSale postgres = PeerPlan.postgresFlashSale(false);

        assertThat(postgres.units()).isEqualTo(10_000);
        assertThat(postgres.connections()).isEqualTo(256);
        assertThat(postgres.attempts()).isEqualTo(50_000).isGreaterThan(postgres.units());
        assertThat(PeerPlan.postgresFlashSale(true)).isEqualTo(PeerPlan.flashSale(true));
    }

    @Test
    void thePipelinedRunIsSixteenConnectionsSixteenDeepInBothSizes()
    {
        for (final boolean quick : new boolean[] {true, false})
        {
            final Scenarios.Spread pipelined = PeerPlan.pipelined(quick);

            assertThat(pipelined.connections()).isEqualTo(16);
            assertThat(pipelined.depth()).isEqualTo(16);
            assertThat(pipelined.skus()).isEqualTo(PeerPlan.spread(quick).skus());
        }
    }
}
