package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ordo.gateway.DemoNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /**
     * A data dir whose locations cost in another currency than the demo's SGD: the load stops at its first command,
     * naming why, with nothing of it journaled (it stopped half-way, its channels defined, once).
     */
    @Test
    void aDataDirCostingInAnotherCurrencyIsRefusedBeforeAnyOfTheDemoIsLoaded() {
        try (InProcessOrdo ordo = InProcessOrdo.start(tmp.resolve("data"))) {
            ordo.defineLocation("wh-eur", "{\"type\":\"WAREHOUSE\",\"lat\":48.7,\"lon\":2.4,\"capabilities\":[\"SHIP\"],"
                    + "\"handlingCost\":{\"amountMinor\":260,\"currency\":\"EUR\"}}");
            String before = ordo.api.stateHash(InProcessOrdo.AUDITOR);

            assertThatThrownBy(() -> DemoNetwork.loadIfAbsent(ordo.server.core()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("handling costs are in SGD")
                    .hasMessageContaining("fresh data directory");

            assertThat(ordo.api.stateHash(InProcessOrdo.AUDITOR)).as("nothing of the demo").isEqualTo(before);
        }
    }
}
