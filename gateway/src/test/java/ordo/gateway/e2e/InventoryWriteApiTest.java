package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.STORE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts and adjustments over HTTP. {@code PUT /v1/inventory/{sku}/{locationId}} keeps the figure it leaves out (rules
 * version 13; QA-211): a store's count without {@code safetyStock} set the planner's safety stock to 0, and setting a
 * safety stock meant restating {@code onHand}, losing a receipt in between. A body with neither is refused naming the
 * field, and changes nothing. An adjustment refused for the stock it would leave (below zero, or past 2^40 units)
 * names the member refused, {@code delta}, as every other refusal of a request's value does (QA-211: it carried only
 * {@code sku} and {@code onHand}). A write at a location the key is not bound to names it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InventoryWriteApiTest {

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("st-1", "{\"type\":\"STORE\",\"name\":\"Orchard\",\"lat\":1.3048,\"lon\":103.8318,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\",\"SHIP_FROM_STORE\"]}");
        ordo.defineSku("A", "");
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void aStoresCountKeepsThePlannersSafetyStock() {
        assertThat(ordo.api.put(ADMIN, "/v1/inventory/A/st-1", "{\"onHand\":10,\"safetyStock\":4}").status())
                .isEqualTo(200);

        Api.Response counted = ordo.api.put(STORE, "/v1/inventory/A/st-1", "{\"onHand\":9}");

        assertThat(counted.status()).as("%s", counted).isEqualTo(200);
        assertThat(counted.json().path("onHand").asLong()).isEqualTo(9);
        assertThat(counted.json().path("safetyStock").asLong()).isEqualTo(4);
        assertThat(counted.json().path("atp").asLong()).isEqualTo(5);
    }

    @Test
    void aSafetyStockAloneKeepsTheCountAndTheReceiptsSinceIt() {
        ordo.api.put(ADMIN, "/v1/inventory/A/st-1", "{\"onHand\":9}");
        assertThat(ordo.api.post(ADMIN, "/v1/inventory/A/st-1/adjustments", "{\"delta\":5,\"reason\":\"RECEIPT\"}")
                .status()).isEqualTo(200);

        Api.Response buffered = ordo.api.put(ADMIN, "/v1/inventory/A/st-1", "{\"safetyStock\":4}");

        assertThat(buffered.status()).as("%s", buffered).isEqualTo(200);
        assertThat(buffered.json().path("onHand").asLong()).as("the receipt is kept").isEqualTo(14);
        assertThat(buffered.json().path("atp").asLong()).isEqualTo(10);
    }

    @Test
    void aBodyWithNeitherFigureIsRefusedAndChangesNothing() {
        ordo.api.put(ADMIN, "/v1/inventory/A/st-1", "{\"onHand\":3,\"safetyStock\":1}");
        JsonNode before = ordo.inventory("A");

        for (String body : new String[] {"{}", "{\"onHand\":null,\"safetyStock\":null}"}) {
            Api.Response refused = ordo.api.put(ADMIN, "/v1/inventory/A/st-1", body);
            assertThat(refused.problemCode()).as(body).isEqualTo("INVALID_REQUEST");
            assertThat(refused.json().path("field").asText()).isEqualTo("onHand");
        }

        assertThat(ordo.inventory("A")).isEqualTo(before);
    }

    @Test
    void aLossBelowZeroNamesDeltaAndChangesNothing() {
        ordo.api.put(ADMIN, "/v1/inventory/A/st-1", "{\"onHand\":10}");
        Api.Response refused = ordo.api.post(ADMIN, "/v1/inventory/A/st-1/adjustments",
                "{\"delta\":-11,\"reason\":\"DAMAGE\"}");
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.problemCode()).isEqualTo("ON_HAND_NEGATIVE");
        assertThat(refused.json().path("field").asText()).isEqualTo("delta");
        assertThat(refused.json().path("sku").asText()).isEqualTo("A");
        assertThat(refused.json().path("onHand").asLong()).isEqualTo(10);
        assertThat(ordo.inventory("A").path("network").path("onHand").asLong()).isEqualTo(10);
    }

    @Test
    void aReceiptPastTheLargestStockNamesDelta() {
        ordo.api.put(ADMIN, "/v1/inventory/A/st-1", "{\"onHand\":10}");
        Api.Response refused = ordo.api.post(ADMIN, "/v1/inventory/A/st-1/adjustments",
                "{\"delta\":1099511627776,\"reason\":\"RECEIPT\"}");
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.problemCode()).isEqualTo("ON_HAND_TOO_LARGE");
        assertThat(refused.json().path("field").asText()).isEqualTo("delta");
        assertThat(refused.json().path("maxOnHand").asLong()).isEqualTo(1L << 40);
    }

    /**
     * A store key counting or adjusting stock at a location it is not bound to is refused 403 naming that location
     * ({@code locationId}), as a channel it is not bound to is named ({@code channel}); and nothing changes (QA-213).
     */
    @Test
    void aCountAtAnotherStoreNamesTheLocation() {
        ordo.defineLocation("st-9", "{\"type\":\"STORE\",\"name\":\"Other\",\"lat\":1.3526,\"lon\":103.9447,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\"]}");
        assertThat(ordo.api.put(ADMIN, "/v1/inventory/A/st-9", "{\"onHand\":5,\"safetyStock\":1}").status())
                .isEqualTo(200);

        Api.Response count = ordo.api.put(STORE, "/v1/inventory/A/st-9", "{\"onHand\":0}");
        Api.Response adjustment = ordo.api.post(STORE, "/v1/inventory/A/st-9/adjustments",
                "{\"delta\":-1,\"reason\":\"DAMAGE\"}");

        for (Api.Response refused : new Api.Response[] {count, adjustment}) {
            assertThat(refused.status()).as("%s", refused).isEqualTo(403);
            assertThat(refused.problemCode()).isEqualTo("FORBIDDEN");
            assertThat(refused.json().path("locationId").asText()).as("%s", refused).isEqualTo("st-9");
        }
        assertThat(ordo.inventory("A").path("locations").get(0).path("onHand").asLong()).isEqualTo(5);
    }
}
