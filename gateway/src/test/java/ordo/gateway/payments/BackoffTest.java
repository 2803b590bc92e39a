package ordo.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void pausesDoubleFromTheInitialPauseUpToTheCap() {
        RandomGenerator noJitter = () -> 0L;
        Backoff backoff = new Backoff(100, 500, noJitter);

        assertThat(pauses(backoff, 5)).as("the fixed half of 100, 200, 400, 500, 500")
                .containsExactly(50L, 100L, 200L, 250L, 250L);
    }

    @Test
    void jitterStaysBetweenHalfAndAllOfTheExponentialPause() {
        Backoff backoff = new Backoff(100, 1_000, new Random(1));

        for (int round = 0; round < 200; round++) {
            for (int retry = 1; retry <= 6; retry++) {
                long ceiling = Math.min(1_000, 100L << (retry - 1));
                assertThat(backoff.delayMillis(retry)).isBetween(ceiling - ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void aSeededSourceGivesTheSamePausesEveryRun() {
        assertThat(pauses(new Backoff(100, 5_000, new Random(42)), 6))
                .isEqualTo(pauses(new Backoff(100, 5_000, new Random(42)), 6))
                .isNotEqualTo(pauses(new Backoff(100, 5_000, new Random(43)), 6));
    }

    @Test
    void anyNumberOfRetriesStaysAtTheCapWithoutOverflow() {
        Backoff backoff = new Backoff(60_000, 300_000, new Random(3));

        assertThat(backoff.delayMillis(64)).isBetween(150_000L, 300_000L);
        assertThat(backoff.delayMillis(Integer.MAX_VALUE)).isBetween(150_000L, 300_000L);
    }

    @Test
    void nonsensicalSettingsAreRefused() {
        assertThatThrownBy(() -> new Backoff(0, 10, new Random())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(100, 10, new Random())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(10, 100, new Random()).delayMillis(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Long> pauses(Backoff backoff, int retries) {
        List<Long> pauses = new ArrayList<>();
        for (int retry = 1; retry <= retries; retry++) {
            pauses.add(backoff.delayMillis(retry));
        }
        return pauses;
    }
}
