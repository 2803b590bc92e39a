package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class MetricsTest {

    private final Metrics metrics = new Metrics();

    @Test
    void requestsAreCountedByRouteAndStatus() {
        metrics.recordRequest("createOrder", 201, 1_000_000);
        metrics.recordRequest("createOrder", 201, 1_000_000);
        metrics.recordRequest("createOrder", 409, 1_000_000);

        assertThat(metrics.render()).contains(
                "ordo_http_requests_total{route=\"createOrder\",status=\"201\"} 2\n",
                "ordo_http_requests_total{route=\"createOrder\",status=\"409\"} 1\n");
    }

    @Test
    void theHistogramIsCumulativeWithSumAndCount() {
        metrics.recordRequest("r", 200, 50_000);          // 0.00005 s
        metrics.recordRequest("r", 200, 3_000_000);       // 0.003 s
        metrics.recordRequest("r", 200, 20_000_000_000L); // 20 s, beyond the last bucket

        String text = metrics.render();

        assertThat(text).contains(
                "# TYPE ordo_http_request_duration_seconds histogram\n",
                "ordo_http_request_duration_seconds_bucket{route=\"r\",le=\"0.0001\"} 1\n",
                "ordo_http_request_duration_seconds_bucket{route=\"r\",le=\"0.0025\"} 1\n",
                "ordo_http_request_duration_seconds_bucket{route=\"r\",le=\"0.005\"} 2\n",
                "ordo_http_request_duration_seconds_bucket{route=\"r\",le=\"10\"} 2\n",
                "ordo_http_request_duration_seconds_bucket{route=\"r\",le=\"+Inf\"} 3\n",
                "ordo_http_request_duration_seconds_sum{route=\"r\"} 20.00305\n",
                "ordo_http_request_duration_seconds_count{route=\"r\"} 3\n");
    }

    @Test
    void aRequestExactlyOnABoundCountsInThatBucket() {
        metrics.recordRequest("r", 200, 1_000_000);

        assertThat(metrics.render())
                .contains("ordo_http_request_duration_seconds_bucket{route=\"r\",le=\"0.0005\"} 0\n")
                .contains("ordo_http_request_duration_seconds_bucket{route=\"r\",le=\"0.001\"} 1\n");
    }

    @Test
    void registeredRoutesShowEmptyHistograms() {
        metrics.registerRoute("idle");

        assertThat(metrics.render())
                .contains("ordo_http_request_duration_seconds_count{route=\"idle\"} 0\n")
                .doesNotContain("ordo_http_requests_total{route=\"idle\"");
    }

    @Test
    void gaugesAreSampledAtEveryRender() {
        AtomicLong depth = new AtomicLong(3);
        metrics.registerGauge("ordo_ring_depth", "Commands waiting in the ring.", depth::get);

        assertThat(metrics.render()).contains("# HELP ordo_ring_depth Commands waiting in the ring.\n"
                + "# TYPE ordo_ring_depth gauge\nordo_ring_depth 3\n");
        depth.set(7);
        assertThat(metrics.render()).contains("ordo_ring_depth 7\n");
    }

    @Test
    void aFailingGaugeIsLeftOutAndTheRestRendered() {
        metrics.registerGauge("ordo_broken", "x", () -> {
            throw new IllegalStateException("nope");
        });
        metrics.registerGauge("ordo_fine", "y", () -> 1);

        assertThat(metrics.render()).doesNotContain("ordo_broken ").contains("ordo_fine 1\n");
    }

    @Test
    void badGaugeNamesAndDuplicatesAreRefused() {
        metrics.registerGauge("ordo_a", "a", () -> 0);

        assertThatThrownBy(() -> metrics.registerGauge("ordo_a", "again", () -> 0)).hasMessageContaining("already");
        assertThatThrownBy(() -> metrics.registerGauge("ordo-a", "dash", () -> 0)).hasMessageContaining("not a");
        assertThatThrownBy(() -> metrics.registerGauge("ordo_http_requests_total", "x", () -> 0))
                .hasMessageContaining("reserved");
    }

    @Test
    void labelValuesAreEscaped() {
        metrics.recordRequest("we\"ird\\route", 200, 1);

        assertThat(metrics.render()).contains("route=\"we\\\"ird\\\\route\"");
    }

    @Test
    void renderingIntoABufferWritesTheSameText() {
        metrics.recordRequest("r", 200, 1);
        ByteBuf buffer = Unpooled.buffer();
        try {
            metrics.renderTo(buffer);
            assertThat(buffer.toString(StandardCharsets.UTF_8)).isEqualTo(metrics.render());
        } finally {
            buffer.release();
        }
    }

    @Test
    void concurrentRecordingLosesNothing() throws InterruptedException {
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    metrics.recordRequest("hot", 200, 200_000);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(metrics.render())
                .contains("ordo_http_requests_total{route=\"hot\",status=\"200\"} 100000\n")
                .contains("ordo_http_request_duration_seconds_count{route=\"hot\"} 100000\n");
    }
}
