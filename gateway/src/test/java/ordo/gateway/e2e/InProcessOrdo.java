package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import ordo.gateway.OrdoServer;
import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Role;
import ordo.gateway.config.OrdoConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole Ordo (journal, engine, ring, HTTP) in the test JVM on a free loopback port and a temporary data dir,
 * with seven keys: an admin, a storefront for channel {@code web}, one for channel {@code app}, a store (location
 * {@code st-1}, channel {@code pos}), a store bound to no channel (location {@code st-2}), a warehouse (location
 * {@code wh-1}) and an auditor.
 * The catalog helpers go through HTTP like any client and assert each call worked.
 */
final class InProcessOrdo implements AutoCloseable {

    static final String ADMIN = "e2e-admin-key";
    static final String WEB = "e2e-web-key";
    static final String APP = "e2e-app-key";
    static final String AUDITOR = "e2e-auditor-key";
    static final String STORE = "e2e-store-key";
    static final String STORE_WITHOUT_CHANNEL = "e2e-store-2-key";
    static final String WAREHOUSE = "e2e-warehouse-key";

    static final List<ApiKey> KEYS = List.of(
            ApiKey.of("admin", ADMIN, Role.ADMIN),
            new ApiKey("storefront-web", WEB, Role.STOREFRONT, Set.of("web"), Set.of(), null),
            new ApiKey("storefront-app", APP, Role.STOREFRONT, Set.of("app"), Set.of(), null),
            new ApiKey("store-1", STORE, Role.STORE, Set.of("pos"), Set.of("st-1"), null),
            new ApiKey("store-2", STORE_WITHOUT_CHANNEL, Role.STORE, Set.of(), Set.of("st-2"), null),
            new ApiKey("warehouse-1", WAREHOUSE, Role.WAREHOUSE, Set.of(), Set.of("wh-1"), null),
            ApiKey.of("auditor", AUDITOR, Role.AUDITOR));

    final OrdoServer server;
    final Api api;
    final int port;

    private InProcessOrdo(OrdoServer server) {
        this.server = server;
        this.port = server.port();
        this.api = new Api(port);
    }

    static OrdoConfig config(Path dataDir) {
        return OrdoConfig.defaults()
                .withPort(0)
                .withBind("127.0.0.1")
                .withData(dataDir.toString())
                .withApiKeys(KEYS);
    }

    static InProcessOrdo start(Path dataDir) {
        return new InProcessOrdo(OrdoServer.start(config(dataDir)));
    }

    /** A server whose commands are stamped by {@code clock} (a test's, to move engine time on). */
    static InProcessOrdo start(Path dataDir, org.agrona.concurrent.EpochClock clock) {
        return new InProcessOrdo(OrdoServer.start(config(dataDir), clock));
    }

    /** A server with any configuration, e.g. {@link #config} with payment providers. */
    static InProcessOrdo start(OrdoConfig config) {
        return new InProcessOrdo(OrdoServer.start(config));
    }

    void defineLocation(String locationId) {
        Api.Response response = api.put(ADMIN, "/v1/locations/" + locationId,
                "{\"type\":\"WAREHOUSE\",\"name\":\"" + locationId + "\",\"lat\":1.3294,\"lon\":103.6367,"
                        + "\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"]}");
        assertThat(response.status()).as("define location %s: %s", locationId, response).isEqualTo(200);
    }

    /** A location with explicit fields (the body of {@code PUT /v1/locations/{id}}). */
    void defineLocation(String locationId, String json) {
        Api.Response response = api.put(ADMIN, "/v1/locations/" + locationId, json);
        assertThat(response.status()).as("define location %s: %s", locationId, response).isEqualTo(200);
    }

    void defineChannel(String channelId, String kind) {
        Api.Response response = api.put(ADMIN, "/v1/channels/" + channelId, "{\"kind\":\"" + kind + "\"}");
        assertThat(response.status()).as("define channel %s: %s", channelId, response).isEqualTo(200);
    }

    void defineSku(String sku, String extraFields) {
        String body = "{\"name\":\"" + sku + "\",\"weightGrams\":250" + (extraFields.isEmpty() ? "" : "," + extraFields)
                + "}";
        Api.Response response = api.put(ADMIN, "/v1/skus/" + sku, body);
        assertThat(response.status()).as("define SKU %s: %s", sku, response).isEqualTo(200);
    }

    void setStock(String sku, String locationId, long onHand) {
        Api.Response response = api.put(ADMIN, "/v1/inventory/" + sku + "/" + locationId,
                "{\"onHand\":" + onHand + ",\"safetyStock\":0}");
        assertThat(response.status()).as("stock of %s at %s: %s", sku, locationId, response).isEqualTo(200);
    }

    /**
     * A data directory's first run: starts a server on it, defines location {@code wh-1} and SKU {@code A} with 10
     * units there, and stops it cleanly (a snapshot at its last command). Returns the state hash JSON at the end.
     */
    static String stockedAndStopped(Path dataDir) {
        try (InProcessOrdo ordo = start(dataDir)) {
            ordo.defineLocation("wh-1");
            ordo.stockedSku("A", "wh-1", 10);
            return ordo.api.stateHashJson(AUDITOR);
        }
    }

    /** A SKU with stock at one location, defined in one go. */
    void stockedSku(String sku, String locationId, long onHand) {
        defineSku(sku, "");
        setStock(sku, locationId, onHand);
    }

    /** {@code GET /v1/inventory/{sku}} as the auditor, checked to be 200. */
    com.fasterxml.jackson.databind.JsonNode inventory(String sku) {
        Api.Response response = api.get(AUDITOR, "/v1/inventory/" + sku);
        assertThat(response.status()).as("inventory of %s: %s", sku, response).isEqualTo(200);
        return response.json();
    }

    /** Makes the call and checks it is refused with this status and problem code and changes no state (the hash). */
    Api.Response refusedWithoutChange(java.util.function.Supplier<Api.Response> call, int status, String code) {
        String before = api.stateHash(AUDITOR);
        Api.Response response = call.get();
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.problemCode()).as("code of %s", response).isEqualTo(code);
        assertThat(api.stateHash(AUDITOR)).as("state hash after %s", response).isEqualTo(before);
        return response;
    }

    static String reserveBody(String channel, String customerId, String linesJson) {
        return "{\"channel\":\"" + channel + "\",\"customerId\":\"" + customerId + "\",\"ttlSeconds\":600,\"lines\":"
                + linesJson + "}";
    }

    static String line(String sku, int qty) {
        return "{\"sku\":\"" + sku + "\",\"qty\":" + qty + "}";
    }

    @Override
    public void close() {
        server.close();
    }
}
