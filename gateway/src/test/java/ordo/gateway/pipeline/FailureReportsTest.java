package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureReportsTest
{
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void theFirstFailureIsLoggedThenOneAMinuteWithHowManyWereLeftOut()
    {
        final FailureReports reports = new FailureReports(MINUTE);
        final long t0 = -5_000_000_000L; // nanoTime may be negative

        assertThat(reports.admit(t0)).as("the first").isZero();
        long quiet = 0;
        for (long t = t0 + 5_000_000; t < t0 + MINUTE; t += 5_000_000)
        {
            assertThat(reports.admit(t)).isEqualTo(FailureReports.QUIET);
            quiet++;
        }
        assertThat(reports.admit(t0 + MINUTE)).as("a minute on: the count left out").isEqualTo(quiet);
        assertThat(reports.admit(t0 + MINUTE + 1)).isEqualTo(FailureReports.QUIET);
        assertThat(reports.admit(t0 + 5 * MINUTE)).as("one left out since").isEqualTo(1);
        assertThat(reports.admit(t0 + 7 * MINUTE)).as("none left out since").isZero();
    }
}
