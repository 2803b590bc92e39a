package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md, Conventions: "Same key + same body → the first response again (status and body), also after a restart".
 * An order changes after it is placed (a cancellation, a payment); a retry under the first request's key must still
 * answer what the first request answered, not the order as it is now.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OrderReplayAfterChangeTest {

    private static final String ORDERS = "/v1/orders";

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("wh-1");
        ordo.defineChannel("web", "WEB");
        ordo.stockedSku("A", "wh-1", 10);
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void aPlacementRetriedAfterTheOrderWasCancelledAnswersTheFirstResponse() {
        String body = OrderBodies.ship("web", "c-1", "A", 3).toString();
        Api.Response first = ordo.api.post(WEB, ORDERS, body, "checkout-1");
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        String orderId = first.json().path("orderId").asText();
        Api.Response cancelled = ordo.api.post(WEB, ORDERS + "/" + orderId + "/cancel", "{\"reason\":\"changed mind\"}");
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);

        Api.Response replay = ordo.api.post(WEB, ORDERS, body, "checkout-1");

        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
    }

    @Test
    void aPlacementRetriedAfterACancelAndARestartAnswersTheFirstResponse() {
        String body = OrderBodies.ship("web", "c-1", "A", 3).toString();
        Api.Response first = ordo.api.post(WEB, ORDERS, body, "checkout-1");
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        String orderId = first.json().path("orderId").asText();
        Api.Response cancelled =
                ordo.api.post(WEB, ORDERS + "/" + orderId + "/cancel", "{\"reason\":\"changed mind\"}");
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);

        ordo.close();
        ordo = null;
        ordo = InProcessOrdo.start(tmp.resolve("data")); // a clean stop snapshots; the start restores the snapshot
        Api.Response replay = ordo.api.post(WEB, ORDERS, body, "checkout-1");

        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
    }

    @Test
    void aPartialCancellationRetriedAfterAnotherOneAnswersTheFirstResponse() {
        Api.Response placed = ordo.api.post(WEB, ORDERS, OrderBodies.ship("web", "c-1", "A", 3).toString());
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        String cancel = ORDERS + "/" + placed.json().path("orderId").asText() + "/cancel";
        String oneUnit = "{\"lines\":[{\"sku\":\"A\",\"qty\":1}],\"reason\":\"one less\"}";
        Api.Response first = ordo.api.post(WEB, cancel, oneUnit, "cancel-1");
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        Api.Response second = ordo.api.post(WEB, cancel, oneUnit, "cancel-2");
        assertThat(second.status()).as("%s", second).isEqualTo(200);

        Api.Response replay = ordo.api.post(WEB, cancel, oneUnit, "cancel-1");

        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.json().path("lines").path(0).path("cancelled").asInt()).isEqualTo(1);
    }
}
