package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store's key sends its channels and its stores with a cancellation (rules version 16). With both at their largest
 * (32 ids of 64 characters each), 64 lines of long SKUs and the longest reason do not fit a command: the request is
 * refused 400 naming {@code lines}, not failed with a 500, and half the lines reach the engine.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StoreCancelSizeTest {

    private static final String BIG_STORE = "e2e-big-store-key";

    @TempDir
    Path tmp;

    @Test
    void aCancellationTooLargeForACommandWithTheKeysListsIsRefusedNamingItsLines() {
        Set<String> channels = new LinkedHashSet<>();
        Set<String> stores = new LinkedHashSet<>();
        for (int i = 0; i < ApiKey.MAX_CHANNELS; i++) {
            channels.add(String.format("%02d", i) + "c".repeat(62));
            stores.add(String.format("%02d", i) + "s".repeat(62));
        }
        List<ApiKey> keys = new ArrayList<>(InProcessOrdo.KEYS);
        keys.add(new ApiKey("big-store", BIG_STORE, Role.STORE, channels, stores, null));
        try (InProcessOrdo ordo = InProcessOrdo.start(InProcessOrdo.config(tmp.resolve("data")).withApiKeys(keys))) {
            ordo.defineLocation("wh-1");
            ordo.stockedSku("A", "wh-1", 10);
            String order = ordo.api.post(InProcessOrdo.ADMIN, "/v1/orders", OrderBodies.ship("web", "c-1", "A", 1)
                    .toString()).json().path("orderId").asText();
            String before = ordo.api.stateHash(AUDITOR);
            String reason = "\\ud83d\\ude00".repeat(200);
            Api.Response refused = ordo.api.post(BIG_STORE, "/v1/orders/" + order + "/cancel", cancel(64, reason));
            assertThat(refused.status()).as("%s", refused).isEqualTo(400);
            assertThat(refused.problemCode()).isEqualTo("INVALID_REQUEST");
            assertThat(refused.json().path("field").asText()).isEqualTo("lines");
            assertThat(refused.json().path("detail").asText()).contains("more than a command holds");

            // Half the lines fit: the engine answers (the web's shipped order is none of this store's).
            Api.Response half = ordo.api.post(BIG_STORE, "/v1/orders/" + order + "/cancel", cancel(32, reason));
            assertThat(half.problemCode()).as("%s", half).isEqualTo("ORDER_NOT_FOUND");
            assertThat(ordo.api.stateHash(AUDITOR)).isEqualTo(before);
        }
    }

    private static String cancel(int lines, String reason) {
        StringBuilder body = new StringBuilder("{\"reason\":\"").append(reason).append("\",\"lines\":[");
        for (int i = 0; i < lines; i++) {
            body.append(i == 0 ? "" : ",").append("{\"sku\":\"").append(String.format("%02d", i)).append("k".repeat(62))
                    .append("\",\"qty\":1}");
        }
        return body.append("]}").toString();
    }
}
