package ordo.gateway.e2e;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.APP;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.STORE;
import static ordo.gateway.e2e.InProcessOrdo.WEB;

/**
 * The first half of {@link OpenApiResponsesTest}'s tour (then {@link OpenApiPaymentTour}): every operation of
 * docs/openapi.yaml with a success, and the errors clients meet (400, 401, 403, 404, 409 and 429 of the engine's
 * rules, idempotency's 422 and replays), on a small network: warehouse {@code wh-1} and store {@code st-1} near
 * Singapore, an unequipped DC {@code dc-0}, an inactive store {@code st-off}; SKUs {@code A} (stock at both),
 * {@code L} (2 per customer), {@code S} (sale not open), {@code E} (sale ended), {@code B} (backorders, no stock),
 * {@code N} (holds counted short), {@code P} (3 units); channels {@code web} (pools), {@code app}, {@code pos}. Each
 * step names the status it means; what the answers say is the other tests' to check (this one checks their shape).
 */
final class OpenApiTour extends TourSteps {

    private String offlineOrder;
    private String pickupOrder;
    private String backorder;
    private String released;

    OpenApiTour(OpenApiResponsesTest test) {
        super(test);
    }

    /** The first half's orders the second ({@link OpenApiPaymentTour}) pays, settles and sweeps. */
    OpenApiPaymentTour payments() {
        return new OpenApiPaymentTour(test, offlineOrder, pickupOrder, backorder);
    }

    /** The probes and the state hash, with and without a key. */
    void operations() {
        get(200, null, "/health");
        get(200, null, "/ready");
        get(200, null, "/metrics");
        get(200, AUDITOR, "/v1/journal/state-hash");
        get(200, ADMIN, "/v1/journal/state-hash");
        get(401, null, "/v1/journal/state-hash");
        get(401, "no-such-key", "/v1/journal/state-hash");
        get(403, WEB, "/v1/journal/state-hash");
    }

    /** The network, the catalog, channels and the sourcing policy; invalid bodies and ids, a currency conflict. */
    void catalog() {
        put(200, ADMIN, "/v1/locations/wh-1", "{\"type\":\"WAREHOUSE\",\"name\":\"Tuas DC\",\"lat\":1.3294,"
                + "\"lon\":103.6367,\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"],\"dailyOrderCapacity\":1000,"
                + "\"handlingCost\":{\"amountMinor\":250,\"currency\":\"SGD\"},\"active\":true}");
        put(200, ADMIN, "/v1/locations/st-1", "{\"type\":\"STORE\",\"name\":\"Raffles\",\"lat\":1.2840,"
                + "\"lon\":103.8510,\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\",\"SHIP_FROM_STORE\"],"
                + "\"handlingCost\":{\"amountMinor\":100,\"currency\":\"SGD\"}}");
        for (int i = 0; i < 2; i++) {
            test.call(200, ADMIN, "PUT", "/v1/locations/dc-0", "{\"type\":\"DC\",\"lat\":1.35,\"lon\":103.9}",
                    "Idempotency-Key", "dc-0");
        }
        put(200, ADMIN, "/v1/locations/st-off", "{\"type\":\"STORE\",\"lat\":1.30,\"lon\":103.8,"
                + "\"capabilities\":[\"PICKUP\"],\"active\":false}");
        get(200, STORE, "/v1/locations/dc-0");
        get(200, AUDITOR, "/v1/locations/wh-1");
        get(404, AUDITOR, "/v1/locations/nowhere");
        get(400, AUDITOR, "/v1/locations/" + NOT_AN_ID);
        put(400, ADMIN, "/v1/locations/wh-2", "{\"type\":\"WAREHOUSE\",\"lat\":91,\"lon\":0}");
        put(400, ADMIN, "/v1/locations/wh-2", "{\"type\":\"WAREHOUSE\",\"lat\":1,\"lon\":0,\"colour\":\"red\"}");
        put(409, ADMIN, "/v1/locations/wh-2", "{\"type\":\"WAREHOUSE\",\"lat\":1,\"lon\":0,"
                + "\"handlingCost\":{\"amountMinor\":250,\"currency\":\"EUR\"}}");
        put(403, WEB, "/v1/locations/wh-2", "{\"type\":\"WAREHOUSE\",\"lat\":1,\"lon\":0}");
        test.callRaw(415, ADMIN, "PUT", "/v1/locations/wh-2", "text/plain",
                "{\"type\":\"WAREHOUSE\",\"lat\":1,\"lon\":0}".getBytes(StandardCharsets.UTF_8));

        put(200, ADMIN, "/v1/skus/A", "{\"name\":\"Tee\",\"weightGrams\":250}");
        put(200, ADMIN, "/v1/skus/L", "{\"name\":\"Limited\",\"weightGrams\":300,\"perCustomerLimit\":2,"
                + "\"saleStartsAt\":\"2020-01-01T00:00:00Z\",\"saleEndsAt\":\"2999-01-01T00:00:00.000Z\"}");
        put(200, ADMIN, "/v1/skus/S", "{\"name\":\"Soon\",\"saleStartsAt\":\"2999-01-01T00:00:00Z\"}");
        put(200, ADMIN, "/v1/skus/B", "{\"name\":\"Made to order\",\"allowBackorders\":true}");
        put(200, ADMIN, "/v1/skus/N", "{}");
        put(200, ADMIN, "/v1/skus/E",
                "{\"saleStartsAt\":\"2020-01-01T00:00:00Z\",\"saleEndsAt\":\"2021-01-01T00:00:00Z\"}");
        put(200, ADMIN, "/v1/skus/P", "{\"name\":\"Few\"}");
        put(400, ADMIN, "/v1/skus/W", "{\"saleStartsAt\":\"2030-01-01T00:00:00Z\","
                + "\"saleEndsAt\":\"2029-01-01T00:00:00Z\"}");
        get(200, WEB, "/v1/skus/L");
        get(200, WEB, "/v1/skus/N");
        get(404, WEB, "/v1/skus/nothing");

        put(200, ADMIN, "/v1/channels/web", "{\"kind\":\"WEB\",\"name\":\"Web shop\","
                + "\"pools\":[{\"sku\":\"*\",\"shareOfAtp\":1},{\"sku\":\"A\",\"shareOfAtp\":0.9}]}");
        put(200, ADMIN, "/v1/channels/app", "{\"kind\":\"APP\"}");
        put(200, ADMIN, "/v1/channels/pos", "{\"kind\":\"STORE\",\"name\":\"Raffles tills\"}");
        put(400, ADMIN, "/v1/channels/web", "{\"kind\":\"WEB\",\"pools\":[{\"sku\":\"Q\",\"shareOfAtp\":0.5}]}");
        put(200, ADMIN, "/v1/channels/b2b", "{\"kind\":\"WEB\",\"name\":\"Trade\",\"sourcesFrom\":[\"wh-1\"]}");
        put(400, ADMIN, "/v1/channels/b2b", "{\"kind\":\"WEB\",\"sourcesFrom\":[\"wh-1\",\"nowhere\"]}");
        get(200, ADMIN, "/v1/channels/web");
        get(200, STORE, "/v1/channels/pos");
        get(404, WEB, "/v1/channels/app");
        get(200, ADMIN, "/v1/channels?limit=2");
        get(200, WEB, "/v1/channels");
        get(400, WEB, "/v1/channels?after=app");
        get(403, InProcessOrdo.WAREHOUSE, "/v1/channels");
        get(200, WEB, "/v1/locations?type=STORE&capability=PICKUP&active=true");
        get(200, AUDITOR, "/v1/locations?limit=1&after=wh-1");
        get(400, ADMIN, "/v1/locations?type=KIOSK");
        get(200, STORE, "/v1/skus?limit=2");
        get(400, ADMIN, "/v1/skus?after=nothing");

        JsonNode policy = get(200, AUDITOR, "/v1/sourcing-policy").json();
        ObjectNode limited = policy.deepCopy();
        limited.put("maxShipments", 5);
        put(200, ADMIN, "/v1/sourcing-policy", limited.toString());
        put(200, ADMIN, "/v1/sourcing-policy", policy.toString());
        ObjectNode falling = policy.deepCopy();
        ((ObjectNode) falling.path("serviceLevels").path("STANDARD")).putArray("transit")
                .add(Api.JSON.createObjectNode().put("upToMetres", 1000).put("minutes", 600))
                .add(Api.JSON.createObjectNode().put("upToMetres", 2000).put("minutes", 60));
        put(400, ADMIN, "/v1/sourcing-policy", falling.toString());
        get(403, WEB, "/v1/sourcing-policy");
    }

    /** Counts and adjustments, their refusals, and shortfalls at a node and in the network. */
    void stock() {
        put(200, ADMIN, "/v1/inventory/A/wh-1", "{\"onHand\":40,\"safetyStock\":2}");
        put(200, STORE, "/v1/inventory/A/st-1", "{\"onHand\":5}");
        put(200, ADMIN, "/v1/inventory/L/wh-1", "{\"onHand\":10}");
        put(200, ADMIN, "/v1/inventory/S/wh-1", "{\"onHand\":5}");
        put(200, ADMIN, "/v1/inventory/N/wh-1", "{\"onHand\":5}");
        put(200, ADMIN, "/v1/inventory/E/wh-1", "{\"onHand\":5}");
        put(200, ADMIN, "/v1/inventory/P/wh-1", "{\"onHand\":3}");
        put(200, ADMIN, "/v1/inventory/A/st-off", "{\"onHand\":4}");
        post(409, ADMIN, "/v1/inventory/P/wh-1/adjustments", "{\"delta\":1099511627776,\"reason\":\"RECEIPT\"}");
        put(404, ADMIN, "/v1/inventory/nothing/wh-1", "{\"onHand\":5}");
        put(404, ADMIN, "/v1/inventory/A/nowhere", "{\"onHand\":5}");
        put(400, ADMIN, "/v1/inventory/A/wh-1", "{\"onHand\":-1}");
        put(403, STORE, "/v1/inventory/A/wh-1", "{\"onHand\":5}");
        post(200, STORE, "/v1/inventory/A/st-1/adjustments", "{\"delta\":2,\"reason\":\"RECEIPT\"}");
        post(409, ADMIN, "/v1/inventory/A/wh-1/adjustments", "{\"delta\":-1000,\"reason\":\"DAMAGE\"}");
        post(400, ADMIN, "/v1/inventory/A/wh-1/adjustments", "{\"delta\":5,\"reason\":\"DAMAGE\"}");
        post(404, ADMIN, "/v1/inventory/nothing/wh-1/adjustments", "{\"delta\":5,\"reason\":\"RECEIPT\"}");

        // Holds of N counted down below them: a node's shortfall (st-1) and the network's.
        put(200, STORE, "/v1/inventory/N/st-1", "{\"onHand\":3}");
        post(201, WEB, "/v1/reservations", reserve("web", "c-short", "N", 3, "\"locationId\":\"st-1\","));
        put(200, STORE, "/v1/inventory/N/st-1", "{\"onHand\":1}");
        post(201, WEB, "/v1/reservations", reserve("web", "c-short", "N", 4, ""));
        post(200, ADMIN, "/v1/inventory/N/wh-1/adjustments", "{\"delta\":-3,\"reason\":\"COUNT\"}");
        get(200, WEB, "/v1/inventory/A");
        get(200, WEB, "/v1/inventory/A?channel=web");
        get(200, ADMIN, "/v1/inventory/N?channel=app");
        get(403, WEB, "/v1/inventory/A?channel=app");
        get(400, ADMIN, "/v1/inventory/A?channel=a%20b");
        get(200, STORE, "/v1/locations/st-1/stock?limit=2");
        get(200, WEB, "/v1/locations/st-1/stock?channel=web");
        get(403, WEB, "/v1/locations/st-1/stock?channel=app");
        get(200, InProcessOrdo.WAREHOUSE, "/v1/locations/wh-1/stock");
        get(404, ADMIN, "/v1/locations/nowhere/stock");
        get(400, ADMIN, "/v1/locations/wh-1/stock?after=nothing");
        get(200, WEB, "/v1/inventory?channel=web&limit=2");
        get(200, InProcessOrdo.WAREHOUSE, "/v1/inventory?limit=3&after=A");
        get(400, ADMIN, "/v1/inventory?after=nothing");
        get(200, WEB, "/v1/inventory?channel=web&country=SG&since=0&limit=2");
        get(200, ADMIN, "/v1/inventory?since=1");
        get(400, ADMIN, "/v1/inventory?since=99999999");
        get(403, WEB, "/v1/inventory?channel=app");
        get(200, STORE, "/v1/inventory/N");
        get(200, AUDITOR, "/v1/inventory/B");
        get(404, AUDITOR, "/v1/inventory/nothing");
        get(400, AUDITOR, "/v1/inventory/" + NOT_AN_ID);
    }

    /** Held, read, released (and again, with a key: the refusal replayed), expired; each of the engine's refusals. */
    void reservations() {
        released = post(201, WEB, "/v1/reservations", reserve("web", "c-1", "A", 2, "")).json()
                .path("reservationId").asText();
        get(200, WEB, "/v1/reservations/" + released);
        get(200, AUDITOR, "/v1/reservations/" + released);
        test.call(200, WEB, "DELETE", "/v1/reservations/" + released, null, "Idempotency-Key", "release-1");
        test.call(200, WEB, "DELETE", "/v1/reservations/" + released, null, "Idempotency-Key", "release-1");
        for (int i = 0; i < 2; i++) {
            test.call(409, WEB, "DELETE", "/v1/reservations/" + released, null, "Idempotency-Key", "release-2");
        }
        get(200, WEB, "/v1/reservations/" + released);
        get(404, APP, "/v1/reservations/" + released);
        get(404, WEB, "/v1/reservations/res_0000000000000000");
        get(404, WEB, "/v1/reservations/not-one-of-ours");
        get(400, WEB, "/v1/reservations/" + NOT_AN_ID);
        delete(404, WEB, "/v1/reservations/res_0000000000000000");

        for (int i = 0; i < 2; i++) {
            test.call(409, WEB, "POST", "/v1/reservations", reserve("web", "c-1", "A", 1000, ""),
                    "Idempotency-Key", "too-many");
            test.call(429, WEB, "POST", "/v1/reservations", reserve("web", "c-1", "L", 3, ""),
                    "Idempotency-Key", "over-limit");
            test.call(404, WEB, "DELETE", "/v1/reservations/res_0000000000000000", null, "Idempotency-Key", "none");
        }
        post(409, WEB, "/v1/reservations", reserve("web", "c-1", "S", 1, ""));
        post(409, WEB, "/v1/reservations", reserve("web", "c-1", "E", 1, ""));
        post(409, WEB, "/v1/reservations", reserve("web", "c-1", "A", 1, "\"locationId\":\"st-off\","));
        post(400, WEB, "/v1/reservations", "{\"channel\":\"web\",\"customerId\":\"c-1\",\"lines\":["
                + "{\"sku\":\"A\",\"qty\":1},{\"sku\":\"A\",\"qty\":1}]}");
        post(400, WEB, "/v1/reservations", reserve("web", "c-1", "nothing", 1, ""));
        post(400, WEB, "/v1/reservations", reserve("web", "c-1", "A", 0, ""));
        post(400, WEB, "/v1/reservations", reserve("web", "c-1", "A", 1, "\"locationId\":\"nowhere\","));
        post(403, WEB, "/v1/reservations", reserve("app", "c-1", "A", 1, ""));
        post(401, null, "/v1/reservations", reserve("web", "c-1", "A", 1, ""));

        // A hold of one second, read after it ended: EXPIRED, and no longer releasable.
        String brief = post(201, WEB, "/v1/reservations", "{\"channel\":\"web\",\"customerId\":\"c-1\","
                + "\"ttlSeconds\":1,\"lines\":[{\"sku\":\"A\",\"qty\":1}]}").json().path("reservationId").asText();
        test.await("/v1/reservations/" + brief, "expires", r -> r.path("status").asText().equals("EXPIRED"));
        delete(409, WEB, "/v1/reservations/" + brief);
    }

    /**
     * Orders placed (replayed, found again by externalId, converting a hold, picked up, backordered, partial), read,
     * listed and cancelled, and the engine's refusals of each.
     */
    void orders() {
        ObjectNode first = OrderBodies.ship("web", "c-1", "A", 2, "L", 1);
        first.put("externalId", "shop-1001").put("billingCountryCode", "SG").put("clientIp", "203.0.113.7")
                .put("maxShipments", 3);
        ((ObjectNode) first.path("customer")).put("phone", "+65 6123 4567");
        ((ObjectNode) first.path("payment")).put("fingerprint", "fp_card_1");
        Api.Response placed = test.call(201, WEB, "POST", "/v1/orders", first.toString(), "Idempotency-Key", "o-1");
        offlineOrder = placed.json().path("orderId").asText();
        test.call(201, WEB, "POST", "/v1/orders", first.toString(), "Idempotency-Key", "o-1");
        test.call(422, WEB, "POST", "/v1/orders", OrderBodies.ship("web", "c-1", "A", 1).toString(),
                "Idempotency-Key", "o-1");
        post(200, WEB, "/v1/orders", first.toString());

        String hold = post(201, WEB, "/v1/reservations", reserve("web", "c-2", "A", 1, "")).json()
                .path("reservationId").asText();
        ObjectNode converting = OrderBodies.ship("web", "c-2", "A", 1);
        converting.put("reservationId", hold).put("allowPartial", false).put("fallbackToAvailable", true);
        String converted = post(201, WEB, "/v1/orders", converting.toString()).json().path("orderId").asText();
        get(200, WEB, "/v1/reservations/" + hold);

        pickupOrder = post(201, STORE, "/v1/orders", OrderBodies.pickup("pos", "c-3", "st-1", "A", 1).toString())
                .json().path("orderId").asText();
        ObjectNode waiting = OrderBodies.ship("app", "c-4", "B", 2);
        ((ObjectNode) waiting.path("shipTo")).putNull("lat").putNull("lon");
        post(400, APP, "/v1/orders", waiting.toString());
        backorder = post(201, APP, "/v1/orders", OrderBodies.ship("app", "c-4", "B", 2).toString()).json()
                .path("orderId").asText();
        get(200, APP, "/v1/orders/" + backorder);
        post(200, ADMIN, "/v1/inventory/B/wh-1/adjustments", "{\"delta\":1,\"reason\":\"RECEIPT\"}");
        put(200, ADMIN, "/v1/inventory/B/st-1", "{\"onHand\":3}");

        post(409, WEB, "/v1/orders", OrderBodies.ship("web", "c-5", "A", 500).toString());
        post(409, WEB, "/v1/orders", OrderBodies.ship("web", "c-5", "S", 1).toString());
        ObjectNode noAddress = OrderBodies.ship("web", "c-5", "A", 1);
        noAddress.remove("shipTo");
        post(400, WEB, "/v1/orders", noAddress.toString());
        post(400, WEB, "/v1/orders", OrderBodies.ship("web", "c-5", "nothing", 1).toString());
        ObjectNode unknownHold = OrderBodies.ship("web", "c-5", "A", 1);
        unknownHold.put("reservationId", "res_0000000000000000");
        post(404, WEB, "/v1/orders", unknownHold.toString());
        post(403, WEB, "/v1/orders", OrderBodies.ship("app", "c-5", "A", 1).toString());
        post(429, WEB, "/v1/orders", OrderBodies.ship("web", "c-1", "L", 2).toString());
        ObjectNode releasedHold = OrderBodies.ship("web", "c-1", "A", 2);
        releasedHold.put("reservationId", released);
        post(409, WEB, "/v1/orders", releasedHold.toString());
        String othersHold = post(201, WEB, "/v1/reservations", reserve("web", "c-11", "A", 1, "")).json()
                .path("reservationId").asText();
        ObjectNode foreign = OrderBodies.ship("web", "c-12", "A", 1);
        foreign.put("reservationId", othersHold);
        post(409, WEB, "/v1/orders", foreign.toString());
        post(400, WEB, "/v1/orders", OrderBodies.pickup("web", "c-5", "wh-1", "A", 1).toString());
        post(409, WEB, "/v1/orders", OrderBodies.pickup("web", "c-5", "st-off", "A", 1).toString());
        // b2b takes stock at wh-1 only (sourcesFrom).
        post(400, ADMIN, "/v1/orders", OrderBodies.pickup("b2b", "c-5", "st-1", "A", 1).toString());
        post(400, ADMIN, "/v1/reservations", reserve("b2b", "c-5", "A", 1, "\"locationId\":\"st-1\","));
        post(400, WEB, "/v1/orders", OrderBodies.ship("web", "c-5", "A", 1, "A", 1).toString());
        ObjectNode twoCurrencies = OrderBodies.ship("web", "c-5", "A", 1, "L", 1);
        ((ObjectNode) twoCurrencies.path("lines").get(1).path("unitPrice")).put("currency", "EUR");
        post(400, WEB, "/v1/orders", twoCurrencies.toString());

        // Units no node has: dropped (allowPartial), or some backordered (PARTIALLY_ALLOCATED), and a count that
        // takes allocated units back (BACKORDERED again, with the node).
        ObjectNode partial = OrderBodies.ship("web", "c-13", "P", 5);
        partial.put("allowPartial", true);
        String dropped = post(201, WEB, "/v1/orders", partial.toString()).json().path("orderId").asText();
        String some = post(201, APP, "/v1/orders", OrderBodies.ship("app", "c-14", "B", 5).toString()).json()
                .path("orderId").asText();
        put(200, ADMIN, "/v1/inventory/B/st-1", "{\"onHand\":0}");
        for (String id : new String[] {dropped, some, backorder}) {
            get(200, ADMIN, "/v1/orders/" + id);
            get(200, ADMIN, "/v1/orders/" + id + "/events");
            get(200, ADMIN, "/v1/orders/" + id + "/sourcing");
        }

        for (String id : new String[] {offlineOrder, converted, pickupOrder, backorder}) {
            get(200, AUDITOR, "/v1/orders/" + id);
            get(200, ADMIN, "/v1/orders/" + id + "/events");
            get(200, ADMIN, "/v1/orders/" + id + "/sourcing");
        }
        get(404, AUDITOR, NO_ORDER);
        get(404, AUDITOR, NO_ORDER + "/events");
        get(404, AUDITOR, NO_ORDER + "/sourcing");
        get(404, APP, "/v1/orders/" + offlineOrder);
        get(400, AUDITOR, "/v1/orders/" + NOT_AN_ID);

        String cursor = get(200, ADMIN, "/v1/orders?limit=1").json().path("nextCursor").asText();
        get(200, ADMIN, "/v1/orders?limit=2&after=" + cursor);
        get(200, WEB, "/v1/orders?channel=web&status=READY_TO_RELEASE&customerId=c-1");
        get(200, STORE, "/v1/orders");
        get(400, ADMIN, "/v1/orders?after=ord_ffffffffffffffff");
        get(400, ADMIN, "/v1/orders?colour=red");
        get(403, WEB, "/v1/orders?channel=app");
        get(200, InProcessOrdo.STORE_WITHOUT_CHANNEL, "/v1/orders");

        String cancel = "/v1/orders/" + offlineOrder + "/cancel";
        post(200, WEB, cancel, "{\"lines\":[{\"sku\":\"A\",\"qty\":1}],\"reason\":\"one too many\"}");
        post(400, WEB, cancel, "{\"lines\":[{\"sku\":\"S\",\"qty\":1}],\"reason\":\"not ordered\"}");
        post(409, WEB, cancel, "{\"lines\":[{\"sku\":\"A\",\"qty\":5}],\"reason\":\"too many\"}");
        post(400, WEB, cancel, "{\"reason\":\" \"}");
        for (int i = 0; i < 2; i++) {
            test.call(404, WEB, "POST", NO_ORDER + "/cancel", "{\"reason\":\"gone\"}", "Idempotency-Key", "gone");
            test.call(409, WEB, "POST", cancel, "{\"lines\":[{\"sku\":\"A\",\"qty\":5}],\"reason\":\"x\"}",
                    "Idempotency-Key", "cancel-too-many");
        }
        post(200, ADMIN, "/v1/orders/" + converted + "/cancel", "{\"reason\":\"changed mind\"}");
        post(409, ADMIN, "/v1/orders/" + converted + "/cancel", "{\"reason\":\"again\"}");
        get(200, WEB, "/v1/orders/" + converted + "/events");
    }

    /** The fraud rules, orders held for review and reviewed both ways, a card verified in review, one screened out. */
    void fraud() {
        JsonNode rules = get(200, AUDITOR, "/v1/fraud/rules").json();
        put(200, ADMIN, "/v1/fraud/rules", rules.toString());
        ObjectNode strict = rules.deepCopy();
        strict.putObject("thresholds").put("reviewAt", 10).put("rejectAt", 1000);
        strict.putArray("amountBands").add(Api.JSON.createObjectNode().put("overMinor", 0).put("points", 20));
        ((ObjectNode) strict.path("blocklists")).putArray("domains").add("Example.ORG");
        put(200, ADMIN, "/v1/fraud/rules", strict.toString());
        ObjectNode invalid = rules.deepCopy();
        invalid.putObject("thresholds").put("reviewAt", 0).put("rejectAt", 10);
        put(400, ADMIN, "/v1/fraud/rules", invalid.toString());
        get(403, WEB, "/v1/fraud/rules");

        String held = post(201, WEB, "/v1/orders", OrderBodies.ship("web", "c-6", "A", 1).toString()).json()
                .path("orderId").asText();
        String review = "/v1/orders/" + held + "/fraud-review";
        post(200, ADMIN, review, "{\"decision\":\"APPROVE\",\"note\":\"known customer\"}");
        post(409, ADMIN, review, "{\"decision\":\"REJECT\",\"note\":\"too late\"}");
        post(400, ADMIN, review, "{\"decision\":\"MAYBE\",\"note\":\"?\"}");
        post(403, WEB, review, "{\"decision\":\"APPROVE\",\"note\":\"me\"}");
        post(404, ADMIN, NO_ORDER + "/fraud-review", "{\"decision\":\"APPROVE\",\"note\":\"x\"}");
        String rejected = post(201, WEB, "/v1/orders", OrderBodies.ship("web", "c-7", "A", 1).toString()).json()
                .path("orderId").asText();
        post(200, ADMIN, "/v1/orders/" + rejected + "/fraud-review", "{\"decision\":\"REJECT\",\"note\":\"no\"}");
        get(200, ADMIN, "/v1/orders/" + held);
        get(200, ADMIN, "/v1/orders/" + held + "/events");
        get(200, ADMIN, "/v1/orders/" + rejected + "/events");

        // A card order held for review is verified meanwhile; a score at rejectAt rejects at placement.
        test.stripe().intent("pi_rev", 1999, "SGD", "requires_capture");
        String card = placeCard("c-15", "pi_rev");
        test.await("/v1/orders/" + card, "is authorized in review",
                o -> o.path("payment").path("status").asText().equals("AUTHORIZED"));
        post(200, ADMIN, "/v1/orders/" + card + "/fraud-review", "{\"decision\":\"APPROVE\",\"note\":\"ok\"}");
        strict.putObject("thresholds").put("reviewAt", 10).put("rejectAt", 20);
        put(200, ADMIN, "/v1/fraud/rules", strict.toString());
        String screenedOut = post(201, WEB, "/v1/orders", OrderBodies.ship("web", "c-16", "A", 1).toString()).json()
                .path("orderId").asText();
        get(200, ADMIN, "/v1/orders/" + screenedOut + "/events");
        put(200, ADMIN, "/v1/fraud/rules", rules.toString());
    }
}
