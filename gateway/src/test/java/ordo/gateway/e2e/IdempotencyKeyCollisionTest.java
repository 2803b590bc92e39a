package ordo.gateway.e2e;

import static ordo.gateway.e2e.InProcessOrdo.STORE;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import ordo.engine.Hashing;
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
class IdempotencyKeyCollisionTest {

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("wh-1", "{\"type\":\"WAREHOUSE\",\"name\":\"Tuas DC\",\"lat\":1.3294,\"lon\":103.6367,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"]}");
        ordo.defineLocation("st-1", "{\"type\":\"STORE\",\"name\":\"Orchard\",\"lat\":1.3048,\"lon\":103.8318,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\"]}");
        ordo.defineChannel("web", "WEB");
        ordo.defineChannel("pos", "STORE");
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

    // ---- the unkeyed hash inverted (Hashing.hash: a multiply-xorshift mix, every step of which can be undone)

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;

    /**
     * A printable key that, scoped by {@code attackerScope}, hashes as {@code victimKey} scoped by {@code victimScope}:
     * random printable bytes, then the one last word that makes the hash come out, kept when it is printable too.
     */
    static String collidingKey(String victimScope, String victimKey, String attackerScope) {
        long target = Hashing.hash((victimScope + "\n" + victimKey).getBytes(StandardCharsets.UTF_8));
        byte[] prefix = (attackerScope + "\n").getBytes(StandardCharsets.UTF_8);
        int length = ((prefix.length + 16 + 7) / 8) * 8 + 8;
        // The hash ends mix(combine(h, tail 0)); undo both mixes and the last combine to find what the last word needs.
        long lastState = (unmix(unmix(target)) - P2) * inverse(P1);
        long need = unmix(lastState);
        Random random = new Random(1);
        byte[] bytes = new byte[length];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        for (int tries = 0; tries < 10_000_000; tries++) {
            for (int i = prefix.length; i < length - 8; i++) {
                bytes[i] = (byte) (0x21 + random.nextInt(0x7f - 0x21));
            }
            long h = SEED ^ (length * P1);
            for (int i = 0; i < length - 8; i += 8) {
                h = Hashing.combine(h, word(bytes, i));
            }
            long last = need - h * P1 - P2;
            boolean printable = true;
            for (int b = 0; b < 8; b++) {
                int c = (int) (last >>> (8 * b)) & 0xFF;
                printable &= c >= 0x21 && c < 0x7f;
                bytes[length - 8 + b] = (byte) c;
            }
            if (printable) {
                return new String(bytes, prefix.length, length - prefix.length, StandardCharsets.US_ASCII);
            }
        }
        throw new AssertionError("no printable key found");
    }

    private static long word(byte[] bytes, int at) {
        long w = 0;
        for (int b = 7; b >= 0; b--) {
            w = (w << 8) | (bytes[at + b] & 0xFFL);
        }
        return w;
    }

    private static long unmix(long value) {
        long h = value ^ (value >>> 33);
        h *= inverse(0xC4CEB9FE1A85EC53L);
        h ^= h >>> 33;
        h *= inverse(0xFF51AFD7ED558CCDL);
        return h ^ (h >>> 33);
    }

    /** The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration). */
    private static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 6; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }
}
