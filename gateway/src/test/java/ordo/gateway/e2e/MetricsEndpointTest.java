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
}
