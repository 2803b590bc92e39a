package ordo.gateway.e2e;

import static ordo.gateway.e2e.InProcessOrdo.STORE;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import ordo.engine.Hashing;
import ordo.engine.Ids;
import ordo.engine.testing.HashCollisions;
import ordo.gateway.pipeline.IdempotencyKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QA-262: the engine remembers an {@code Idempotency-Key} by its hash alone, and the hash was one anyone can invert, so
 * a caller could make a key that hashed as another caller's next one (a marketplace's order number) and have that
 * caller's first request under it refused 422 for a day. Keyed by the data directory's secret, the made key is just
 * another key.
 */
class HashCollisionApiTest {

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("wh-1");
        ordo.defineLocation("st-1", "{\"type\":\"STORE\",\"name\":\"Orchard\",\"lat\":1.3048,\"lon\":103.8318,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\"]}");
        ordo.defineChannel("web", "WEB");
        ordo.stockedSku("A", "wh-1", 10);
        ordo.setStock("A", "st-1", 10);
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void aKeyMadeToHashAsAnotherCallersDoesNotTakeThatCallersNextKey() {
        String victimsNext = "shopee-240601-0002";
        String made = collidingKey("storefront-web", victimsNext, "store-1");
        assertThat(Hashing.hash(("store-1\n" + made).getBytes(StandardCharsets.UTF_8)))
                .as("the made key hashes, unkeyed, as the web's next one")
                .isEqualTo(Hashing.hash(("storefront-web\n" + victimsNext).getBytes(StandardCharsets.UTF_8)));

        Api.Response adjusted = ordo.api.post(STORE, "/v1/inventory/A/st-1/adjustments",
                "{\"delta\":1,\"reason\":\"RECEIPT\"}", made);
        assertThat(adjusted.status()).as("%s", adjusted).isEqualTo(200);

        Api.Response placed = ordo.api.post(WEB, "/v1/orders", OrderBodies.ship("web", "c-1", "A", 1).toString(),
                victimsNext);
        assertThat(placed.status()).as("the web's key was never used: %s", placed).isEqualTo(201);
        assertThat(placed.header("Idempotent-Replayed")).isNull();
        Api.Response retried = ordo.api.post(WEB, "/v1/orders", OrderBodies.ship("web", "c-1", "A", 1).toString(),
                victimsNext);
        assertThat(retried.status()).as("its retry is still its own").isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.json().path("orderId")).isEqualTo(placed.json().path("orderId"));
    }

    @Test
    void theSecretSurvivesARestartSoRetriesAreStillRecognised() {
        String key = "lazada-order-77";
        Api.Response placed = ordo.api.post(WEB, "/v1/orders", OrderBodies.ship("web", "c-2", "A", 1).toString(), key);
        assertThat(placed.status()).isEqualTo(201);
        ordo.close();
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        assertThat(tmp.resolve("data").resolve(IdempotencyKeys.FILE)).exists();
        Api.Response retried = ordo.api.post(WEB, "/v1/orders", OrderBodies.ship("web", "c-2", "A", 1).toString(),
                key);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.json().path("orderId")).isEqualTo(placed.json().path("orderId"));
    }

    /**
     * An order whose externalId hashes as another order's of its channel is told apart by its bytes: it was refused
     * for good, and a caller could make such an id to block another's order number (QA-262, QA-265).
     */
    @Test
    void anExternalIdHashingAsAnotherOrdersIsToldApart() {
        String victim = "LZ-VICTIM-000123";
        String made = new String(HashCollisions.hashingTo(Hashing.hash(victim.getBytes(StandardCharsets.US_ASCII)),
                new byte[0], Ids::isIdChar), StandardCharsets.US_ASCII);
        Api.Response first = ordo.api.post(WEB, "/v1/orders",
                OrderBodies.ship("web", "c-1", "A", 1).put("externalId", made).toString());
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        Api.Response refused = ordo.api.post(WEB, "/v1/orders",
                OrderBodies.ship("web", "c-2", "A", 1).put("externalId", victim).toString());
        assertThat(refused.status()).as("%s", refused).isEqualTo(201);
        assertThat(refused.json().path("orderId")).isNotEqualTo(first.json().path("orderId"));
        Api.Response again = ordo.api.post(WEB, "/v1/orders",
                OrderBodies.ship("web", "c-2", "A", 1).put("externalId", victim).toString());
        assertThat(again.status()).as("a re-send finds it: %s", again).isEqualTo(200);
        assertThat(again.json().path("orderId")).isEqualTo(refused.json().path("orderId"));
        assertThat(ordo.api.get(WEB, "/v1/orders?channel=web&externalId=" + victim).json().path("orders").size())
                .isEqualTo(1);
    }

    /**
     * A printable key that, scoped by {@code attackerScope}, hashes (unkeyed) as {@code victimKey} scoped by
     * {@code victimScope}.
     */
    static String collidingKey(String victimScope, String victimKey, String attackerScope) {
        long target = Hashing.hash((victimScope + "\n" + victimKey).getBytes(StandardCharsets.UTF_8));
        byte[] prefix = (attackerScope + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = HashCollisions.hashingTo(target, prefix, c -> c >= 0x21 && c < 0x7f);
        return new String(bytes, prefix.length, bytes.length - prefix.length, StandardCharsets.US_ASCII);
    }
}
