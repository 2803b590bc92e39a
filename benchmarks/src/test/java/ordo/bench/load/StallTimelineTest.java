package ordo.bench.load;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StallTimelineTest
{
    private static final long START_NANOS = 5_000_000_000L;
    /** 2026-11-29T08:31:59.000Z. */
    private static final long START_EPOCH_MILLIS = 1_795_941_119_000L;

    private static long due(final double millisIntoRun)
    {
        return START_NANOS + (long)(millisIntoRun * 1_000_000);
    }

    @Test
    void adjacentSlowWindowsAreOneStallWithTheWorstLatencyOfAnyRequestDueInIt()
    {
        final StallTimeline timeline = new StallTimeline(START_NANOS, START_EPOCH_MILLIS, 2);
        timeline.record(due(5), 400);
        timeline.record(due(101), 27_000);
        timeline.record(due(115), 29_500);
        timeline.record(due(119.9), 300);
        timeline.record(due(125), 12_000);
        timeline.record(due(135), 900);
        timeline.record(due(1_500), 15_000);

        final List<StallTimeline.Stall> stalls = timeline.stalls(10_000);

        assertThat(stalls).containsExactly(
            new StallTimeline.Stall(START_EPOCH_MILLIS + 100, START_EPOCH_MILLIS + 130, 29_500),
            new StallTimeline.Stall(START_EPOCH_MILLIS + 1_500, START_EPOCH_MILLIS + 1_510, 15_000));
        assertThat(stalls.get(0)).hasToString("stall 08:31:59.100–08:31:59.130 UTC, worst 29.5 ms");
        assertThat(timeline.stalls(20_000)).as("a higher threshold")
            .containsExactly(new StallTimeline.Stall(START_EPOCH_MILLIS + 100, START_EPOCH_MILLIS + 120, 29_500));
    }

    @Test
    void aStallInTheLastWindowIsReportedAndRequestsOutsideTheTimelineAreNot()
    {
        final StallTimeline timeline = new StallTimeline(START_NANOS, START_EPOCH_MILLIS, 1);
        timeline.record(due(-20), 50_000);
        timeline.record(due(1_000), 50_000);
        timeline.record(due(995), 11_000);

        assertThat(timeline.stalls(10_000))
            .containsExactly(new StallTimeline.Stall(START_EPOCH_MILLIS + 990, START_EPOCH_MILLIS + 1_000, 11_000));
    }

    @Test
    void aQuietRunHasNoStalls()
    {
        final StallTimeline timeline = new StallTimeline(START_NANOS, START_EPOCH_MILLIS, 1);
        for (int millis = 0; millis < 1_000; millis++)
        {
            timeline.record(due(millis), 450);
        }

        assertThat(timeline.stalls(1_000)).isEmpty();
        assertThatThrownBy(() -> new StallTimeline(START_NANOS, START_EPOCH_MILLIS, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
