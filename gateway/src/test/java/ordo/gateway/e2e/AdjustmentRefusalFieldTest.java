package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An adjustment refused for the stock it would leave (below zero, or past 2^40 units) names the member of the body
 * that is refused, {@code delta}, as every other refusal of a request's value does (QA-211: it carried only
 * {@code sku} and {@code onHand}, so a client could not put the error beside the input). Nothing changes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdjustmentRefusalFieldTest {

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("wh-1");
        ordo.stockedSku("A", "wh-1", 10);
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void aLossBelowZeroNamesDelta() {
        Api.Response refused = ordo.api.post(ADMIN, "/v1/inventory/A/wh-1/adjustments",
            "{\"delta\":-11,\"reason\":\"DAMAGE\"}");
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.json().path("code").asText()).isEqualTo("ON_HAND_NEGATIVE");
        assertThat(refused.json().path("field").asText()).isEqualTo("delta");
        assertThat(refused.json().path("sku").asText()).isEqualTo("A");
        assertThat(refused.json().path("onHand").asLong()).isEqualTo(10);
        assertThat(ordo.api.get(ADMIN, "/v1/inventory/A").json().path("network").path("onHand").asLong())
            .isEqualTo(10);
    }

    @Test
    void aReceiptPastTheLargestStockNamesDelta() {
        Api.Response refused = ordo.api.post(ADMIN, "/v1/inventory/A/wh-1/adjustments",
            "{\"delta\":1099511627776,\"reason\":\"RECEIPT\"}");
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.json().path("code").asText()).isEqualTo("ON_HAND_TOO_LARGE");
        assertThat(refused.json().path("field").asText()).isEqualTo("delta");
        assertThat(refused.json().path("maxOnHand").asLong()).isEqualTo(1L << 40);
    }
}
