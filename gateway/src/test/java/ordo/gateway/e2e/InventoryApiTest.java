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
import static ordo.gateway.e2e.InProcessOrdo.APP;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.STORE;
import static ordo.gateway.e2e.InProcessOrdo.WAREHOUSE;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stock over HTTP: what a channel may sell ({@code GET /v1/inventory/{sku}?channel=}), and counts and adjustments.
 * A connector publishing stock to a marketplace read the network's ATP, which a pooled channel cannot all take
 * (QA-211): the channel's figures are what its holds and orders can really take.
 *
 * <p>Counts and adjustments. {@code PUT /v1/inventory/{sku}/{locationId}} keeps the figure it leaves out (rules
 * version 13; QA-211): a store's count without {@code safetyStock} set the planner's safety stock to 0, and setting a
 * safety stock meant restating {@code onHand}, losing a receipt in between. A body with neither is refused naming the
 * field, and changes nothing. An adjustment refused for the stock it would leave (below zero, or past 2^40 units)
 * names the member refused, {@code delta}, as every other refusal of a request's value does (QA-211: it carried only
 * {@code sku} and {@code onHand}). A write at a location the key is not bound to names it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InventoryApiTest {

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

    @Test
    void aPooledChannelSeesItsShareAndCanHoldAllOfItButNoMore() {
        pooledAppAndStock();

        JsonNode app = ordo.api.get(APP, "/v1/inventory/A?channel=app").json().path("channel");

        assertThat(app.toString()).isEqualTo("{\"channelId\":\"app\",\"shareOfAtp\":0.5,\"availableToSell\":8,"
                + "\"availableToShip\":8,\"networkHolds\":0,\"locations\":["
                + "{\"locationId\":\"st-1\",\"availableToSell\":5,\"poolShare\":5,\"taken\":0,\"sourced\":true},"
                + "{\"locationId\":\"wh-1\",\"availableToSell\":3,\"poolShare\":3,\"taken\":0,\"sourced\":true}]}");
        Api.Response oneMore = ordo.api.post(APP, "/v1/reservations", hold(9));
        assertThat(oneMore.status()).as("one more than shown: %s", oneMore).isEqualTo(409);
        assertThat(oneMore.json().path("available").asLong()).isEqualTo(8);
        assertThat(ordo.api.post(APP, "/v1/reservations", hold(8)).status()).as("all that is shown").isEqualTo(201);
        JsonNode after = ordo.api.get(ADMIN, "/v1/inventory/A?channel=app").json().path("channel");
        assertThat(after.path("availableToSell").asLong()).isZero();
        assertThat(after.path("networkHolds").asLong()).isEqualTo(8);
        assertThat(ordo.api.get(ADMIN, "/v1/inventory/A?channel=web").json().path("channel").path("availableToSell")
                .asLong()).as("web has no pool: 17 less the 8 held").isEqualTo(9);
    }

    @Test
    void anUnpooledChannelSeesTheAtpAndNoPoolFigures() {
        pooledAppAndStock();
        ordo.defineLocation("st-p", "{\"type\":\"STORE\",\"name\":\"Pickup only\",\"lat\":1.3526,\"lon\":103.9447,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\"]}");
        ordo.setStock("A", "st-p", 4);

        JsonNode web = ordo.api.get(WEB, "/v1/inventory/A?channel=web").json();

        assertThat(web.path("channel").toString()).as("st-p's 4 may be held or picked up, not shipped")
                .isEqualTo("{\"channelId\":\"web\",\"shareOfAtp\":1,\"availableToSell\":21,\"availableToShip\":17,"
                + "\"locations\":[{\"locationId\":\"st-1\",\"availableToSell\":10,\"sourced\":true},"
                + "{\"locationId\":\"wh-1\",\"availableToSell\":7,\"sourced\":true},"
                + "{\"locationId\":\"st-p\",\"availableToSell\":4,\"sourced\":true}]}");
        assertThat(ordo.inventory("A").has("channel")).as("asked for no channel").isFalse();
    }

    /**
     * A node that ships to Malaysia only (rules version 15) counts toward what a channel may ship to Malaysia, not to
     * Singapore; without a country every node that ships counts (the feed's figures as well).
     */
    @Test
    void whatAChannelMayShipToACountryLeavesOutTheNodesThatDoNotShipThere() {
        pooledAppAndStock();
        ordo.defineLocation("wh-jb", "{\"type\":\"WAREHOUSE\",\"name\":\"Johor Bahru\",\"lat\":1.4927,"
                + "\"lon\":103.7414,\"countryCode\":\"MY\",\"capabilities\":[\"SHIP\"],\"shipsTo\":[\"MY\"]}");
        ordo.setStock("A", "wh-jb", 6);

        long any = ordo.api.get(WEB, "/v1/inventory/A?channel=web").json().path("channel").path("availableToShip")
                .asLong();
        JsonNode toSg = ordo.api.get(WEB, "/v1/inventory/A?channel=web&country=SG").json().path("channel");
        JsonNode toMy = ordo.api.get(WEB, "/v1/inventory/A?channel=web&country=MY").json().path("channel");

        assertThat(toSg.path("availableToShip").asLong()).isEqualTo(any - 6);
        assertThat(toSg.path("country").asText()).as("the country the figure is for").isEqualTo("SG");
        assertThat(ordo.api.get(WEB, "/v1/inventory/A?channel=web").json().path("channel").has("country")).isFalse();
        assertThat(toMy.path("availableToShip").asLong()).isEqualTo(any);
        assertThat(toSg.path("availableToSell")).isEqualTo(toMy.path("availableToSell"));
        JsonNode feed = ordo.api.get(WEB, "/v1/inventory?channel=web&country=SG&limit=1").json();
        assertThat(feed.path("country").asText()).isEqualTo("SG");
        assertThat(feed.path("items").path(0).path("channel").path("availableToShip").asLong())
                .as("%s", feed).isEqualTo(any - 6);
        Api.Response more = ordo.api.post(WEB, "/v1/orders", OrderBodies.ship("web", "c-8", "A", (int) any - 5)
                .toString());
        assertThat(more.status()).as("one more than may ship to SG: %s", more).isEqualTo(409);
        Api.Response placed = ordo.api.post(WEB, "/v1/orders", OrderBodies.ship("web", "c-9", "A", (int) any - 6)
                .toString());
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        assertThat(placed.json().path("lines").path(0).path("allocated").asLong()).isEqualTo(any - 6);
        for (String query : new String[] {"country=SG", "channel=web&country=sg", "channel=web&country=XX",
                "channel=web&country=SG&country=MY"}) {
            Api.Response answer = ordo.api.get(ADMIN, "/v1/inventory/A?" + query);
            assertThat(answer.status()).as("%s: %s", query, answer).isEqualTo(400);
            assertThat(answer.json().path("field").asText()).as(query).isEqualTo("country");
        }
        assertThat(ordo.api.get(ADMIN, "/v1/inventory?country=SG").json().path("field").asText()).isEqualTo("country");
    }

    /**
     * A location's capacity day begins at the local time it names (rules version 19): read back as RFC 3339
     * full-time, midnight UTC when left out or null, and a time that is not one is refused naming the field.
     */
    @Test
    void aLocationsCapacityDayStartsAtItsLocalTime() {
        String body = "{\"type\":\"WAREHOUSE\",\"name\":\"Cikarang\",\"lat\":-6.2615,\"lon\":107.1525,"
                + "\"countryCode\":\"ID\",\"capabilities\":[\"SHIP\"],\"dailyOrderCapacity\":2500";
        Api.Response put = ordo.api.put(ADMIN, "/v1/locations/wh-cikarang",
                body + ",\"capacityDayStartsAt\":\"14:00+07:00\"}");
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.json().path("capacityDayStartsAt").asText()).isEqualTo("14:00:00+07:00");
        assertThat(ordo.api.get(ADMIN, "/v1/locations/wh-cikarang").json().path("capacityDayStartsAt").asText())
                .isEqualTo("14:00:00+07:00");
        assertThat(ordo.api.put(ADMIN, "/v1/locations/wh-cikarang", body + ",\"capacityDayStartsAt\":null}").json()
                .path("capacityDayStartsAt").asText()).as("null: midnight UTC").isEqualTo("00:00:00Z");
        ordo.api.put(ADMIN, "/v1/locations/wh-cikarang", body + ",\"capacityDayStartsAt\":\"00:00:00+07:00\"}");
        assertThat(ordo.api.put(ADMIN, "/v1/locations/wh-cikarang", body + "}").json().path("capacityDayStartsAt")
                .asText()).as("left out: midnight UTC, as every field a PUT leaves out").isEqualTo("00:00:00Z");
        for (String bad : new String[] {"\"14:00\"", "\"14:00:30+07:00\"", "\"2026-12-02T14:00:00Z\"", "1400"}) {
            Api.Response refused = ordo.api.put(ADMIN, "/v1/locations/wh-cikarang",
                    body + ",\"capacityDayStartsAt\":" + bad + "}");
            assertThat(refused.status()).as("%s: %s", bad, refused).isEqualTo(400);
            assertThat(refused.json().path("field").asText()).as(bad).isEqualTo("capacityDayStartsAt");
        }
        assertThat(ordo.api.get(ADMIN, "/v1/locations/wh-cikarang").json().path("capacityDayStartsAt").asText())
                .as("nothing refused changed it").isEqualTo("00:00:00Z");
    }

    @Test
    void aKeyAsksOnlyForItsOwnChannelsAndABadChannelIsRefusedByName() {
        pooledAppAndStock();

        for (String[] allowed : new String[][] {{WEB, "web"}, {STORE, "pos"}, {ADMIN, "app"}, {AUDITOR, "market"}}) {
            Api.Response answer = ordo.api.get(allowed[0], "/v1/inventory/A?channel=" + allowed[1]);
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            assertThat(answer.json().path("channel").path("channelId").asText()).isEqualTo(allowed[1]);
        }
        assertThat(ordo.api.get(WAREHOUSE, "/v1/inventory/A").status()).isEqualTo(200);
        for (String[] refused : new String[][] {{WEB, "app"}, {STORE, "web"}, {WAREHOUSE, "web"}}) {
            Api.Response answer = ordo.api.get(refused[0], "/v1/inventory/A?channel=" + refused[1]);
            assertThat(answer.status()).as("%s", answer).isEqualTo(403);
            assertThat(answer.problemCode()).isEqualTo("FORBIDDEN");
            assertThat(answer.json().path("channel").asText()).isEqualTo(refused[1]);
        }
        List<String> fields = new ArrayList<>();
        for (String query : new String[] {"channel=a%20b", "channel=", "channel=web&channel=app", "chanel=web"}) {
            Api.Response answer = ordo.api.get(ADMIN, "/v1/inventory/A?" + query);
            assertThat(answer.status()).as("%s: %s", query, answer).isEqualTo(400);
            assertThat(answer.problemCode()).isEqualTo("INVALID_REQUEST");
            fields.add(answer.json().path("field").asText());
        }
        assertThat(fields).containsExactly("channel", "channel", "channel", "chanel");
    }

    private static String hold(int qty) {
        return InProcessOrdo.reserveBody("app", "c-1", "[" + InProcessOrdo.line("A", qty) + "]");
    }

    /** The stock feed pages every SKU with the same figures as each SKU's own view, its channel's too (QA-216). */
    @Test
    void theStockFeedPagesEverySkuAsItsOwnView() {
        pooledAppAndStock();
        for (String sku : new String[] {"B", "C"}) {
            ordo.defineSku(sku, "");
        }
        ordo.setStock("B", "wh-1", 3);

        List<JsonNode> items = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 5; page++) {
            JsonNode answer = ordo.api.get(APP, "/v1/inventory?channel=app&limit=2"
                    + (after == null ? "" : "&after=" + after)).json();
            assertThat(answer.path("channelId").asText()).isEqualTo("app");
            answer.path("items").forEach(items::add);
            if (answer.path("nextCursor").isNull()) {
                break;
            }
            after = answer.path("nextCursor").asText();
        }

        assertThat(items).extracting(item -> item.path("sku").asText()).containsExactly("A", "B", "C");
        for (JsonNode item : items) {
            JsonNode view = ordo.api.get(APP, "/v1/inventory/" + item.path("sku").asText() + "?channel=app").json();
            assertThat(item.path("network")).isEqualTo(view.path("network"));
            for (String figure : new String[] {"shareOfAtp", "availableToSell", "availableToShip"}) {
                assertThat(item.path("channel").path(figure)).isEqualTo(view.path("channel").path(figure));
            }
        }
        assertThat(items.get(0).path("channel").path("availableToSell").asLong()).isEqualTo(8);
        assertThat(ordo.api.get(ADMIN, "/v1/inventory?limit=1").json().path("items").get(0).has("channel"))
                .as("asked for no channel").isFalse();
        assertThat(ordo.api.get(WEB, "/v1/inventory?channel=app").status()).isEqualTo(403);
    }

    /**
     * A connector's incremental sync (QA-216: only a full sync existed): a full page's {@code asOf}, then
     * {@code ?since=} lists what changed, as each SKU's own view shows it, in pages that go on where they stopped,
     * also after a restart; a bad position is refused naming {@code since}.
     */
    @Test
    void aConnectorPollsWhatChangedSinceItsFullSync() {
        pooledAppAndStock();
        for (String sku : new String[] {"B", "C"}) {
            ordo.defineSku(sku, "");
        }
        JsonNode full = ordo.api.get(APP, "/v1/inventory?channel=app&limit=200").json();
        String asOf = full.path("asOf").asText();
        assertThat(asOf).matches("[1-9][0-9]*");

        ordo.setStock("C", "wh-1", 5);
        ordo.setStock("A", "wh-1", 9);
        JsonNode changed = ordo.api.get(APP, "/v1/inventory?channel=app&since=" + asOf).json();
        assertThat(changed.path("items")).extracting(item -> item.path("sku").asText()).containsExactly("C", "A");
        for (JsonNode item : changed.path("items")) {
            JsonNode view = ordo.api.get(APP, "/v1/inventory/" + item.path("sku").asText() + "?channel=app").json();
            assertThat(item.path("network")).isEqualTo(view.path("network"));
            assertThat(item.path("channel").path("availableToSell"))
                    .isEqualTo(view.path("channel").path("availableToSell"));
        }
        assertThat(changed.path("more").asBoolean()).isFalse();
        String next = changed.path("nextSince").asText();
        assertThat(ordo.api.get(APP, "/v1/inventory?since=" + next).json().path("items")).isEmpty();

        // Pages of one go on from the SKU they stopped at; the last says nothing more is there.
        List<String> walked = new ArrayList<>();
        String since = "0";
        for (int page = 0; page < 10; page++) {
            JsonNode answer = ordo.api.get(ADMIN, "/v1/inventory?limit=1&since=" + since).json();
            answer.path("items").forEach(item -> walked.add(item.path("sku").asText()));
            since = answer.path("nextSince").asText();
            if (!answer.path("more").asBoolean()) {
                break;
            }
            assertThat(since).contains(":");
        }
        assertThat(walked).containsExactly("B", "C", "A");
        assertThat(since).isEqualTo(next);

        // The position survives a restart: nothing new since it, and the same changes since the full sync.
        ordo.close();
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        assertThat(ordo.api.get(APP, "/v1/inventory?since=" + next).json().path("items")).isEmpty();
        assertThat(ordo.api.get(APP, "/v1/inventory?channel=app&since=" + asOf).json().path("items"))
                .extracting(item -> item.path("sku").asText()).containsExactly("C", "A");

        for (String bad : new String[] {"since=abc", "since=01", "since=-1", "since=5:", "since=5:a%20b",
                "since=1&after=A"}) {
            var refused = ordo.api.get(ADMIN, "/v1/inventory?" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().path("code").asText()).as(bad).isEqualTo("INVALID_REQUEST");
            assertThat(refused.json().path("field").asText()).as(bad).isEqualTo("since");
        }
        for (String unknown : new String[] {"since=" + (Long.parseLong(next) + 1), "since=1:NOPE"}) {
            var refused = ordo.api.get(ADMIN, "/v1/inventory?" + unknown);
            assertThat(refused.status()).as(unknown).isEqualTo(400);
            assertThat(refused.json().path("code").asText()).as(unknown).isEqualTo("UNKNOWN_CURSOR");
            assertThat(refused.json().path("field").asText()).as(unknown).isEqualTo("since");
        }
    }

    /**
     * A store's stock, SKU by SKU in the order they were defined, as each SKU's view shows the store, paged
     * (QA-217: a store screen asked SKU by SKU).
     */
    @Test
    void aStoresStockIsItsRowOfEachSkusViewInPages() {
        for (String sku : new String[] {"Z", "B"}) {
            ordo.defineSku(sku, "");
        }
        ordo.setStock("Z", "st-1", 4);
        ordo.setStock("A", "st-1", 9);
        ordo.api.put(ADMIN, "/v1/inventory/B/st-1", "{\"onHand\":2,\"safetyStock\":3}");

        JsonNode first = ordo.api.get(STORE, "/v1/locations/st-1/stock?limit=2").json();
        JsonNode second = ordo.api.get(STORE, "/v1/locations/st-1/stock?limit=2&after="
                + first.path("nextCursor").asText()).json();

        List<JsonNode> items = new ArrayList<>();
        first.path("items").forEach(items::add);
        second.path("items").forEach(items::add);
        assertThat(items).extracting(item -> item.path("sku").asText()).containsExactly("A", "Z", "B");
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(first.path("locationId").asText()).isEqualTo("st-1");
        for (JsonNode item : items) {
            JsonNode row = ordo.inventory(item.path("sku").asText()).path("locations").get(0);
            assertThat(row.path("locationId").asText()).isEqualTo("st-1");
            ((com.fasterxml.jackson.databind.node.ObjectNode) row).remove(List.of("locationId", "active"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) item).remove("sku");
            assertThat(item).isEqualTo(row);
        }
        // With a channel, what it may take there: a hold of 5 against the network leaves web 10 of st-1's 15 (QA-220).
        ordo.api.put(ADMIN, "/v1/inventory/A/st-1", "{\"onHand\":15}");
        assertThat(ordo.api.post(WEB, "/v1/reservations", InProcessOrdo.reserveBody("web", "c-1", "["
                + InProcessOrdo.line("A", 5) + "]")).status()).isEqualTo(201);
        JsonNode web = ordo.api.get(WEB, "/v1/locations/st-1/stock?channel=web&limit=1").json();
        assertThat(web.path("channelId").asText()).isEqualTo("web");
        assertThat(web.path("items").get(0).path("atp").asLong()).isEqualTo(15);
        assertThat(web.path("items").get(0).path("availableToSell").asLong()).isEqualTo(
                ordo.api.get(WEB, "/v1/inventory/A?channel=web").json().path("channel").path("locations").get(0)
                        .path("availableToSell").asLong()).isEqualTo(10);
        assertThat(ordo.api.get(WEB, "/v1/locations/st-1/stock?channel=app").status()).isEqualTo(403);
        Api.Response nowhere = ordo.api.get(ADMIN, "/v1/locations/st-9/stock");
        assertThat(nowhere.problemCode()).isEqualTo("LOCATION_NOT_FOUND");
        assertThat(nowhere.json().path("locationId").asText()).as("named, as GET /v1/locations/st-9 names it")
                .isEqualTo("st-9");
    }

    /** Channel app with a pool of half of every SKU; A: st-1 (ships from store) 10, wh-1 (warehouse) 7. */
    private void pooledAppAndStock() {
        assertThat(ordo.api.put(ADMIN, "/v1/channels/app",
                "{\"kind\":\"APP\",\"name\":\"App\",\"pools\":[{\"sku\":\"*\",\"shareOfAtp\":0.5}]}").status())
                .isEqualTo(200);
        ordo.defineLocation("wh-1");
        ordo.setStock("A", "st-1", 10);
        ordo.setStock("A", "wh-1", 7);
    }
}
