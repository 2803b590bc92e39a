package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ordo.gateway.DemoNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo network loads through the core's internal client once per data dir. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoNetworkLoadTest {

    @TempDir
    Path tmp;

    @Test
    void theDemoNetworkLoadsOnceAndIsFoundOnTheNextStart() {
        Path data = tmp.resolve("data");
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            assertThat(DemoNetwork.loadIfAbsent(ordo.server.core())).isTrue();
            assertThat(ordo.inventory(DemoNetwork.FLASH_SKU).path("network").path("onHand").asInt()).isEqualTo(100);
            assertThat(DemoNetwork.loadIfAbsent(ordo.server.core())).as("already there").isFalse();
        }
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            assertThat(DemoNetwork.loadIfAbsent(ordo.server.core())).as("found after a restart").isFalse();
        }
    }
}
