package ordo.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a server's /metrics shows of its engine's memory and its snapshots. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {
    @TempDir
    Path tmp;

    @Test
    void theSnapshotAndOffHeapGaugesAreServed() {
        try (InProcessOrdo ordo = InProcessOrdo.start(tmp.resolve("data"))) {
            Api.Response metrics = ordo.api.get(null, "/metrics");

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("\nordo_snapshot_too_large_sequence -1\n")
                    .contains("\nordo_snapshot_sequence ")
                    .containsPattern("\nordo_engine_offheap_bytes \\d+\n");
            // The data directory's free space, as the filesystem reports it (QA: a full disk had no metric).
            java.util.regex.Matcher usable = java.util.regex.Pattern.compile("\nordo_data_dir_usable_bytes (\\d+)\n")
                    .matcher(metrics.body());
            assertThat(usable.find()).as(metrics.body()).isTrue();
            long reported = Long.parseLong(usable.group(1));
            long now = tmp.toFile().getUsableSpace();
            assertThat(reported).isPositive().isBetween(now - (256L << 20), now + (256L << 20));
        }
    }

    /**
     * After a restart the snapshot gauge names the snapshot the start restored: it read -1 until this process wrote
     * one, which an idle server never does, and an alert on the snapshot's age fired (QA-260).
     */
    @Test
    void theSnapshotGaugeNamesTheSnapshotRestoredAfterARestart() {
        InProcessOrdo.stockedAndStopped(tmp.resolve("data"));
        try (InProcessOrdo ordo = InProcessOrdo.start(tmp.resolve("data"))) {
            String seq = gauge(ordo, "ordo_engine_sequence");
            assertThat(Long.parseLong(seq)).isPositive();
            assertThat(gauge(ordo, "ordo_snapshot_sequence")).as("the stop's snapshot, at its last command")
                    .isEqualTo(seq);
        }
    }

    /**
     * A clock stepped back behind engine time shows in a gauge (engine time never goes back: holds stop expiring until
     * the clock catches up, and nothing said so; QA-260), and the gauge is 0 again once it has caught up.
     */
    @Test
    void aClockBehindEngineTimeShowsInAGauge() {
        java.util.concurrent.atomic.AtomicLong time = new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());
        try (InProcessOrdo ordo = InProcessOrdo.start(tmp.resolve("data"), time::get)) {
            ordo.defineLocation("wh-1");
            assertThat(gauge(ordo, "ordo_clock_behind_millis")).isEqualTo("0");
            time.addAndGet(-600_000);
            assertThat(Long.parseLong(gauge(ordo, "ordo_clock_behind_millis"))).isEqualTo(600_000);
            time.addAndGet(600_001);
            assertThat(gauge(ordo, "ordo_clock_behind_millis")).isEqualTo("0");
        }
    }

    private static String gauge(InProcessOrdo ordo, String name) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("\n" + name + " (-?\\d+)\n")
                .matcher(ordo.api.get(null, "/metrics").body());
        assertThat(value.find()).as(name).isTrue();
        return value.group(1);
    }
}
