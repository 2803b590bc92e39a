package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureReportsTest
{
    private static final long MINUTE = 60_000_000_000L;
    private static final long ROUND = 5_000_000L;

    @Test
    void theFirstFailureOfAKindIsLoggedThenOneAMinuteWithHowManyWereLeftOut()
    {
        final FailureReports reports = new FailureReports(MINUTE);
        final long t0 = -5_000_000_000L; // nanoTime may be negative

        assertThat(reports.admit(t0, "a")).as("the first").isZero();
        long quiet = 0;
        for (long t = t0 + ROUND; t < t0 + MINUTE; t += ROUND)
        {
            assertThat(reports.admit(t, "a")).isEqualTo(FailureReports.QUIET);
            quiet++;
        }
        assertThat(reports.admit(t0 + MINUTE, "a")).as("a minute on: the count left out").isEqualTo(quiet);
        assertThat(reports.admit(t0 + MINUTE + 1, "a")).isEqualTo(FailureReports.QUIET);
        assertThat(reports.admit(t0 + 5 * MINUTE, "a")).as("one left out since").isEqualTo(1);
        assertThat(reports.admit(t0 + 7 * MINUTE, "a")).as("none left out since").isZero();
    }

    @Test
    void anotherKindOfFailureIsLoggedAtOnceAndCountedApart()
    {
        final FailureReports reports = new FailureReports(MINUTE);

        assertThat(reports.admit(0, "a")).isZero();
        assertThat(reports.admit(ROUND, "a")).isEqualTo(FailureReports.QUIET);
        assertThat(reports.admit(2 * ROUND, "b")).as("a new kind").isZero();
        assertThat(reports.admit(3 * ROUND, "b")).isEqualTo(FailureReports.QUIET);
        assertThat(reports.admit(MINUTE, "a")).as("a's count only").isEqualTo(1);
        assertThat(FailureReports.kindOf(new IllegalStateException("x")))
            .startsWith("java.lang.IllegalStateException: x at ordo.gateway.pipeline.FailureReportsTest.");
    }

    @Test
    void aSuccessAfterFailuresLeftOutSaysHowManyOncePerQuietSpell()
    {
        final FailureReports reports = new FailureReports(MINUTE);

        assertThat(reports.recovered(0)).as("nothing failed").isEqualTo(FailureReports.QUIET);
        reports.admit(ROUND, "a");
        assertThat(reports.recovered(2 * ROUND)).as("the one failure was logged").isEqualTo(FailureReports.QUIET);
        reports.admit(3 * ROUND, "a");
        reports.admit(4 * ROUND, "a");
        assertThat(reports.recovered(5 * ROUND)).as("two left out").isEqualTo(2);
        reports.admit(6 * ROUND, "a");
        assertThat(reports.recovered(7 * ROUND)).as("flapping: not a report a round").isEqualTo(FailureReports.QUIET);
        assertThat(reports.recovered(8 * ROUND)).isEqualTo(FailureReports.QUIET);
        reports.admit(MINUTE + 5 * ROUND, "a");
        assertThat(reports.recovered(MINUTE + 6 * ROUND)).as("the one from the flapping spell, and this")
            .isEqualTo(1);
    }
}
