package ordo.bench.load;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadMainTest
{
    @TempDir
    Path tmp;

    /** {@code --rounds N}: the constant-rate run N times in one client JVM, each a result of its own, each checked. */
    @Test
    void roundsRunTheConstantRateThatManyTimesEachCheckedOnItsOwn()
    {
        try (LocalOrdo ordo = LocalOrdo.start(tmp, "ordo"))
        {
            final LoadMain.Settings settings = new LoadMain.Settings(EnumSet.of(LoadMain.Scenario.RATE), true, 8, 1,
                400, 1, 2);

            final List<ScenarioResult> results = LoadMain.run(ordo.driver(), settings);

            assertThat(results).hasSize(2).allSatisfy(result ->
            {
                assertThat(result.scenario()).isEqualTo(Scenarios.CONSTANT_RATE);
                assertThat(result.failures()).isEmpty();
                assertThat(result.passed()).isTrue();
                assertThat(result.reserved()).as("every request of the round answered with a hold")
                    .isEqualTo(result.attempts()).isPositive();
            });
        }
    }

    @Test
    void roundsOutsideOneToAHundredAreAUsageError()
    {
        final String[] base = {"--url", "http://127.0.0.1:1", "--admin-key", "a", "--storefront-key", "s", "--rounds"};
        for (final String rounds : new String[] {"0", "101", "two"})
        {
            final String[] args = java.util.Arrays.copyOf(base, base.length + 1);
            args[base.length] = rounds;
            assertThatThrownBy(() -> LoadMain.run(args)).as("--rounds %s", rounds)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rounds");
        }
        assertThatThrownBy(() -> new LoadMain.Settings(EnumSet.of(LoadMain.Scenario.RATE), true, 0, 1, 400, 1, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
