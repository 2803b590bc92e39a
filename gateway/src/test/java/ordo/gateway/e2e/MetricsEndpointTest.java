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
        }
    }
}
