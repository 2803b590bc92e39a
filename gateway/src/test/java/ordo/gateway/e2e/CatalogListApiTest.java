package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.STORE;
import static ordo.gateway.e2e.InProcessOrdo.STORE_WITHOUT_CHANNEL;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lists of the network and catalog over HTTP ({@code GET /v1/locations}, {@code /v1/skus}, {@code /v1/channels}): an
 * admin or a store locator could read them by id only (QA-211). Pages follow their cursors to the end; a storefront
 * or store key lists its own channels only.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CatalogListApiTest {

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("wh-1");
        for (String store : new String[] {"st-1", "st-2", "st-3"}) {
            ordo.defineLocation(store, "{\"type\":\"STORE\",\"name\":\"" + store + "\",\"lat\":1.3048,"
                    + "\"lon\":103.8318,\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\"],\"active\":"
                    + !store.equals("st-2") + "}");
        }
        for (String channel : new String[] {"web", "app", "pos", "shopee"}) {
            ordo.defineChannel(channel, "WEB");
        }
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void aStoreLocatorListsTheActivePickupStores() {
        JsonNode page = ordo.api.get(WEB, "/v1/locations?type=STORE&capability=PICKUP&active=true").json();

        assertThat(ids(page.path("locations"), "locationId")).containsExactly("st-1", "st-3");
        assertThat(page.path("nextCursor").isNull()).isTrue();
        JsonNode store = page.path("locations").get(0);
        assertThat(store.path("capabilities").toString()).isEqualTo("[\"PICKUP\"]");
        assertThat(store.toString()).as("the same view as GET /v1/locations/st-1")
                .isEqualTo(ordo.api.get(WEB, "/v1/locations/st-1").json().toString());
    }

    @Test
    void cursorsWalkEveryLocationAndSkuOnceInTheOrderTheyWereDefined() {
        for (String sku : new String[] {"Z-1", "A-1", "M-1"}) {
            ordo.defineSku(sku, "");
        }

        assertThat(walk("/v1/locations?limit=3", "locations", "locationId"))
                .containsExactly("wh-1", "st-1", "st-2", "st-3");
        assertThat(walk("/v1/skus?limit=1", "skus", "sku")).containsExactly("Z-1", "A-1", "M-1");
        assertThat(walk("/v1/locations?active=false&limit=1", "locations", "locationId")).containsExactly("st-2");
    }

    @Test
    void aKeyListsItsOwnChannels() {
        assertThat(ids(ordo.api.get(AUDITOR, "/v1/channels").json().path("channels"), "channelId"))
                .containsExactly("web", "app", "pos", "shopee");
        assertThat(ids(ordo.api.get(WEB, "/v1/channels").json().path("channels"), "channelId")).containsExactly("web");
        assertThat(ids(ordo.api.get(STORE, "/v1/channels").json().path("channels"), "channelId"))
                .containsExactly("pos");
        assertThat(ordo.api.get(STORE_WITHOUT_CHANNEL, "/v1/channels").json().toString())
                .isEqualTo("{\"channels\":[],\"nextCursor\":null}");
        Api.Response foreign = ordo.api.get(WEB, "/v1/channels?after=app");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.problemCode()).isEqualTo("UNKNOWN_CURSOR");
        assertThat(ordo.api.get(STORE_WITHOUT_CHANNEL, "/v1/channels?after=pos").problemCode())
                .isEqualTo("UNKNOWN_CURSOR");
    }

    /**
     * What a list or a GET shows may be PUT back as it is, its id and the empty country and handling cost of a
     * location defined without them included: an edit form built from a list item was refused (QA-217).
     */
    @Test
    void everyItemAsReadMayBePutBackUnchanged() {
        ordo.api.put(ADMIN, "/v1/locations/bare", "{\"type\":\"STORE\",\"lat\":1.3,\"lon\":103.8}");
        ordo.defineSku("A", "\"perCustomerLimit\":2");
        ordo.api.put(ADMIN, "/v1/channels/app", "{\"kind\":\"APP\",\"pools\":[{\"sku\":\"*\",\"shareOfAtp\":0.3}]}");
        for (String[] list : new String[][] {{"/v1/locations", "locations", "locationId"}, {"/v1/skus", "skus", "sku"},
            {"/v1/channels", "channels", "channelId"}}) {
            for (JsonNode item : ordo.api.get(ADMIN, list[0] + "?limit=200").json().path(list[1])) {
                String path = list[0] + "/" + item.path(list[2]).asText();
                Api.Response put = ordo.api.put(ADMIN, path, item.toString());
                assertThat(put.status()).as("%s: %s", path, put).isEqualTo(200);
                assertThat(ordo.api.get(ADMIN, path).json()).isEqualTo(item);
            }
        }
        Api.Response other = ordo.api.put(ADMIN, "/v1/locations/bare", "{\"locationId\":\"st-1\",\"type\":\"STORE\","
                + "\"lat\":1.3,\"lon\":103.8}");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().path("field").asText()).isEqualTo("locationId");
        Api.Response costly = ordo.api.put(ADMIN, "/v1/locations/bare", "{\"type\":\"STORE\",\"lat\":1.3,"
                + "\"lon\":103.8,\"handlingCost\":{\"amountMinor\":5,\"currency\":\"\"}}");
        assertThat(costly.json().path("field").asText()).as("a cost needs its currency")
                .isEqualTo("handlingCost.currency");
    }

    @Test
    void aBadQueryIsRefusedNamingTheParameter() {
        List<String> fields = new ArrayList<>();
        for (String query : new String[] {"/v1/locations?type=KIOSK", "/v1/locations?capability=TELEPORT",
            "/v1/locations?active=yes", "/v1/locations?limit=0", "/v1/locations?limit=201", "/v1/skus?after=a%20b",
            "/v1/skus?limit=2&limit=3", "/v1/channels?colour=red", "/v1/locations?after=nowhere"}) {
            Api.Response refused = ordo.api.get(ADMIN, query);
            assertThat(refused.status()).as("%s: %s", query, refused).isEqualTo(400);
            fields.add(refused.json().path("field").asText());
        }
        assertThat(fields).containsExactly("type", "capability", "active", "limit", "limit", "after", "limit",
                "colour", "after");
    }

    /** Every item's {@code idField} over the pages of {@code path}, following {@code nextCursor} to the end. */
    private List<String> walk(String path, String items, String idField) {
        List<String> ids = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 20; page++) {
            JsonNode answer = ordo.api.get(ADMIN, path + (after == null ? "" : "&after=" + after)).json();
            ids.addAll(ids(answer.path(items), idField));
            if (answer.path("nextCursor").isNull()) {
                return ids;
            }
            after = answer.path("nextCursor").asText();
        }
        throw new AssertionError("no last page: " + ids);
    }

    private static List<String> ids(JsonNode items, String idField) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path(idField).asText()));
        return ids;
    }
}
