package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import ordo.gateway.KeyBindings;
import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configured key bound to a location the network does not define is named at start-up (a misspelt id showed only
 * as 404s to that key); a key bound to defined locations, or to none, is not.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyBindingsTest {

    @TempDir
    Path tmp;

    @Test
    void eachLocationAKeyIsBoundToThatTheNetworkLacksIsNamedWithItsKey() {
        try (InProcessOrdo ordo = InProcessOrdo.start(tmp.resolve("data"))) {
            ordo.defineLocation("store-7");
            ordo.defineLocation("dc-east");
            List<ApiKey> keys = List.of(
                    new ApiKey("web", "web-secret-1", Role.STOREFRONT, Set.of("web"), Set.of(), null),
                    new ApiKey("store-7", "store-secret-1", Role.STORE, Set.of("pos"), Set.of("store-07", "store-7"),
                            null),
                    new ApiKey("dc", "dc-secret-1", Role.WAREHOUSE, Set.of(), Set.of("dc-west", "dc-east"), null),
                    new ApiKey("ops", "admin-secret-1", Role.ADMIN, Set.of(), Set.of(), null));

            assertThat(KeyBindings.undefinedLocations(ordo.server.core(), keys)).containsExactly(
                    "API key store-7 (store) is bound to location store-07, which the network does not define: the key "
                            + "acts for nothing there until PUT /v1/locations/store-07 defines it (a misspelt id?)",
                    "API key dc (warehouse) is bound to location dc-west, which the network does not define: the key "
                            + "acts for nothing there until PUT /v1/locations/dc-west defines it (a misspelt id?)");

            ordo.defineLocation("store-07");
            ordo.defineLocation("dc-west");
            assertThat(KeyBindings.undefinedLocations(ordo.server.core(), keys)).as("all defined now").isEmpty();
        }
    }
}
