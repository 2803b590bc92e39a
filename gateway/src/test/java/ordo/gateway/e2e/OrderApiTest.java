package ordo.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ordo.engine.Ids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.APP;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.STORE;
import static ordo.gateway.e2e.InProcessOrdo.STORE_WITHOUT_CHANNEL;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static org.assertj.core.api.Assertions.assertThat;

/** Orders over HTTP: capture, the order's views, dedupe, idempotency, channel scoping, cancellation, listing. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OrderApiTest {

    private static final String ORDERS = "/v1/orders";

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("wh-1", "{\"type\":\"WAREHOUSE\",\"name\":\"Tuas DC\",\"lat\":1.3294,\"lon\":103.6367,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"SHIP\"],\"dailyOrderCapacity\":1000,"
                + "\"handlingCost\":{\"amountMinor\":250,\"currency\":\"SGD\"}}");
        ordo.defineLocation("st-1", "{\"type\":\"STORE\",\"name\":\"Orchard\",\"lat\":1.3048,\"lon\":103.8318,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\",\"SHIP_FROM_STORE\"],\"dailyOrderCapacity\":50,"
                + "\"handlingCost\":{\"amountMinor\":450,\"currency\":\"SGD\"}}");
        ordo.defineChannel("web", "WEB");
        ordo.defineChannel("app", "APP");
        ordo.defineChannel("pos", "STORE");
        ordo.stockedSku("A", "wh-1", 10);
        ordo.defineSku("BO", "\"allowBackorders\":true");
        ordo.setStock("BO", "wh-1", 1);
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void placedOrderShowsItsAllocationTimelineAndSourcingDecision() {
        Api.Response placed = place(WEB, OrderBodies.ship("web", "c-1", "A", 2));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        JsonNode order = placed.json();
        assertThat(fieldNames(order)).containsExactly("orderId", "status", "channel", "externalId", "customer",
                "deliveryMethod", "serviceLevel", "pickupLocationId", "shipTo", "payment", "currency",
                "reservationId", "createdAt", "updatedAt", "promisedDeliveryBy", "lines", "allocations", "shipments",
                "charges", "totals", "fraud");
        String id = order.path("orderId").asText();
        assertThat(id).matches("ord_[0-9a-f]{16}");
        assertThat(order.path("status").asText()).isEqualTo("READY_TO_RELEASE");
        assertThat(order.path("channel").asText()).isEqualTo("web");
        assertThat(order.path("externalId").isNull()).isTrue();
        assertThat(order.path("customer").toString()).isEqualTo("{\"id\":\"c-1\",\"email\":\"c-1@example.com\"}");
        assertThat(order.path("pickupLocationId").isNull()).isTrue();
        assertThat(order.path("shipTo").toString()).isEqualTo("{\"name\":\"Tan Ah Kow\",\"line1\":\"1 Raffles Place\","
                + "\"city\":\"Singapore\",\"postalCode\":\"048616\",\"countryCode\":\"SG\","
                + "\"lat\":1.284,\"lon\":103.851}");
        // Offline: paid on delivery, so nothing is authorized and nothing holds the order.
        assertThat(order.path("payment").toString())
                .isEqualTo("{\"provider\":\"offline\",\"amount\":{\"amountMinor\":3998,\"currency\":\"SGD\"},"
                        + "\"status\":\"PENDING\",\"authorized\":{\"amountMinor\":0,\"currency\":\"SGD\"},"
                        + "\"captured\":{\"amountMinor\":0,\"currency\":\"SGD\"},"
                        + "\"refunded\":{\"amountMinor\":0,\"currency\":\"SGD\"},\"problem\":null}");
        assertThat(order.path("currency").asText()).isEqualTo("SGD");
        assertThat(order.path("reservationId").isNull()).isTrue();
        assertThat(order.path("lines").toString()).isEqualTo("[{\"sku\":\"A\",\"qty\":2,\"unitPrice\":"
                + "{\"amountMinor\":1999,\"currency\":\"SGD\"},\"allocated\":2,\"backordered\":0,\"cancelled\":0}]");
        assertThat(order.path("allocations")).hasSize(1);
        JsonNode allocation = order.path("allocations").get(0);
        assertThat(fieldNames(allocation)).containsExactly("sku", "locationId", "qty", "allocatedAt");
        assertThat(allocation.path("locationId").asText()).isEqualTo("wh-1");
        assertThat(allocation.path("qty").asInt()).isEqualTo(2);
        assertThat(order.path("shipments").toString()).isEqualTo("[{\"locationId\":\"wh-1\",\"status\":\"PLANNED\","
                + "\"lines\":[{\"sku\":\"A\",\"qty\":2}]}]");
        assertThat(order.path("totals").toString())
                .isEqualTo("{\"units\":2,\"amount\":{\"amountMinor\":3998,\"currency\":\"SGD\"},"
                        + "\"ordered\":{\"amountMinor\":3998,\"currency\":\"SGD\"}}");
        assertThat(order.path("charges").toString()).isEqualTo("[]");
        assertThat(order.path("fraud").toString()).isEqualTo("{\"decision\":\"PASSED\",\"score\":0,\"reasons\":[]}");
        // Tuas is about 25 km from Raffles Place: the default STANDARD band up to 100 km takes 2 days.
        assertThat(Duration.between(Instant.parse(allocation.path("allocatedAt").asText()),
                Instant.parse(order.path("promisedDeliveryBy").asText()))).isEqualTo(Duration.ofDays(2));
        assertAllocated("A", 2, 8);

        Api.Response shown = ordo.api.get(WEB, ORDERS + "/" + id);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json()).isEqualTo(order);
        assertThat(ordo.api.get(AUDITOR, ORDERS + "/" + id).json()).isEqualTo(order);

        JsonNode timeline = ordo.api.get(WEB, ORDERS + "/" + id + "/events").json();
        assertThat(fieldNames(timeline)).containsExactly("orderId", "status", "events");
        assertThat(timeline.path("orderId").asText()).isEqualTo(id);
        List<String> types = new ArrayList<>();
        long previous = 0;
        for (JsonNode event : timeline.path("events")) {
            types.add(event.path("type").asText());
            assertThat(event.path("sequence").asLong()).as("oldest first").isGreaterThanOrEqualTo(previous);
            previous = event.path("sequence").asLong();
            assertThat(Instant.parse(event.path("time").asText())).isNotNull();
            assertThat(fieldNames(event)).as("API.md: sequence, time, type, data").containsExactly("sequence", "time",
                    "type", "data");
        }
        assertThat(types).startsWith("CREATED").contains("ALLOCATED", "STATUS_CHANGED");
        JsonNode allocated = find(timeline.path("events"), "type", "ALLOCATED").path("data");
        assertThat(allocated.path("sku").asText()).isEqualTo("A");
        assertThat(allocated.path("line").asInt()).isEqualTo(0);
        assertThat(allocated.path("locationId").asText()).isEqualTo("wh-1");
        assertThat(allocated.path("qty").asInt()).isEqualTo(2);
        assertThat(find(timeline.path("events"), "type", "CREATED").path("data").has("qty")).isFalse();
        JsonNode screened = find(timeline.path("events"), "type", "FRAUD_SCREENED").path("data");
        assertThat(screened.path("score").asInt()).isZero();
        assertThat(screened.path("note").asText()).isEqualTo("PASSED");
        assertThat(screened.has("qty")).isFalse();
        JsonNode lastStatus = timeline.path("events").get(timeline.path("events").size() - 1);
        assertThat(lastStatus.path("type").asText()).isEqualTo("STATUS_CHANGED");
        assertThat(lastStatus.path("data").path("status").asText()).isEqualTo("READY_TO_RELEASE");

        JsonNode sourcing = ordo.api.get(WEB, ORDERS + "/" + id + "/sourcing").json();
        assertThat(fieldNames(sourcing)).containsExactly("orderId", "deliveryMethod", "serviceLevel", "decidedAt",
                "sequence", "shipTo", "search", "plan", "lines", "candidates", "fills", "moreFills", "moreFillUnits",
                "waiting");
        assertThat(sourcing.path("fills")).as("nothing was backordered").isEmpty();
        assertThat(sourcing.path("waiting")).as("nothing waits").isEmpty();
        assertThat(sourcing.path("moreFills").asInt()).isZero();
        assertThat(sourcing.path("deliveryMethod").asText()).isEqualTo("SHIP");
        assertThat(sourcing.path("serviceLevel").asText()).isEqualTo("STANDARD");
        assertThat(sourcing.path("shipTo").toString()).isEqualTo("{\"lat\":1.284,\"lon\":103.851}");
        assertThat(sourcing.path("search").asText()).isIn("EXACT", "GREEDY");
        assertThat(sourcing.path("plan").path("shipments").asInt()).isEqualTo(1);
        assertThat(sourcing.path("lines").toString()).isEqualTo("[{\"sku\":\"A\",\"requested\":2,"
                + "\"fromReservation\":0,\"allocated\":2,\"backordered\":0,\"cancelled\":0}]");
        JsonNode winner = find(sourcing.path("candidates"), "locationId", "wh-1");
        assertThat(fieldNames(winner)).containsExactly("locationId", "type", "reason", "won", "distanceMetres",
                "costMinor", "capacityLeft", "allocatedUnits", "atp");
        assertThat(winner.path("type").asText()).isEqualTo("WAREHOUSE");
        assertThat(winner.path("reason").asText()).isEqualTo("SELECTED");
        assertThat(winner.path("won").asBoolean()).isTrue();
        assertThat(winner.path("distanceMetres").asLong()).isBetween(20_000L, 30_000L);
        assertThat(winner.path("costMinor").asLong())
                .as("handling 250 + 1 cent a km").isEqualTo(250 + winner.path("distanceMetres").asLong() / 1000);
        assertThat(sourcing.path("plan").path("costMinor").asLong()).isEqualTo(winner.path("costMinor").asLong());
        assertThat(winner.path("allocatedUnits").asInt()).isEqualTo(2);
        assertThat(winner.path("atp").toString()).isEqualTo("[{\"sku\":\"A\",\"units\":10}]");
    }

    @Test
    void theSameMarketplaceOrderCapturedTwiceIsOneOrder() {
        ObjectNode body = OrderBodies.ship("app", "c-1", "A", 2).put("externalId", "shopee-88812");
        Api.Response first = place(APP, body);
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(first.json().path("externalId").asText()).isEqualTo("shopee-88812");

        // The connector retries with a body that differs (another qty): still the one order, answered 200.
        Api.Response again = place(APP, OrderBodies.ship("app", "c-1", "A", 3).put("externalId", "shopee-88812"));
        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.header("Location")).as("nothing created").isNull();
        assertThat(again.json().path("orderId").asText()).isEqualTo(first.json().path("orderId").asText());
        assertThat(again.json().path("lines").get(0).path("qty").asInt()).isEqualTo(2);
        assertAllocated("A", 2, 8);

        // The same external id on another channel is another order.
        Api.Response web = place(WEB, OrderBodies.ship("web", "c-1", "A", 1).put("externalId", "shopee-88812"));
        assertThat(web.status()).isEqualTo(201);
        assertThat(web.json().path("orderId").asText()).isNotEqualTo(first.json().path("orderId").asText());
        assertAllocated("A", 3, 7);

        // An agent finds the marketplace's order by its number (it could only re-send it: QA-208): in every channel
        // for an admin, in a storefront's own, in the channel named.
        String app = first.json().path("orderId").asText();
        String webId = web.json().path("orderId").asText();
        assertThat(orderIds(ordo.api.get(ADMIN, ORDERS + "?externalId=shopee-88812").json())).containsExactly(app, webId);
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?externalId=shopee-88812").json())).containsExactly(webId);
        assertThat(orderIds(ordo.api.get(AUDITOR, ORDERS + "?externalId=shopee-88812&channel=app").json()))
                .containsExactly(app);
        assertThat(orderIds(ordo.api.get(ADMIN, ORDERS + "?externalId=shopee-88812&limit=1").json()))
                .containsExactly(app);
        assertThat(orderIds(ordo.api.get(ADMIN, ORDERS + "?externalId=shopee-88812&after=" + app).json()))
                .containsExactly(webId);
        assertThat(orderIds(ordo.api.get(ADMIN, ORDERS + "?externalId=shopee-88813").json())).isEmpty();
        assertThat(ordo.api.get(ADMIN, ORDERS + "?externalId=shopee%2088812").json().path("field").asText())
                .isEqualTo("externalId");
    }

    @Test
    void idempotencyKeyReplaysThePlacedOrderAndRefusesAnotherBody() {
        String body = OrderBodies.ship("web", "c-1", "A", 2).toString();
        Api.Response first = ordo.api.post(WEB, ORDERS, body, "checkout-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();

        assertThat(first.header("Location")).as("where the order is read (QA-258)")
                .isEqualTo(ORDERS + "/" + first.json().path("orderId").asText());
        assertThat(ordo.api.get(WEB, first.header("Location")).body()).isEqualTo(first.body());

        Api.Response replay = ordo.api.post(WEB, ORDERS, body, "checkout-1");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
        assertAllocated("A", 2, 8);

        Api.Response other = ordo.api.post(WEB, ORDERS, OrderBodies.ship("web", "c-1", "A", 3).toString(),
                "checkout-1");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.problemCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertAllocated("A", 2, 8);
    }

    @Test
    void aHeldReservationIsConvertedIntoTheOrder() {
        Api.Response held = ordo.api.post(WEB, "/v1/reservations",
                InProcessOrdo.reserveBody("web", "c-1", "[" + InProcessOrdo.line("A", 3) + "]"));
        assertThat(held.status()).as("%s", held).isEqualTo(201);
        String reservationId = held.json().path("reservationId").asText();

        Api.Response otherCustomer = place(WEB, OrderBodies.ship("web", "c-2", "A", 3)
                .put("reservationId", reservationId));
        assertThat(otherCustomer.status()).isEqualTo(409);
        assertThat(otherCustomer.problemCode()).isEqualTo("RESERVATION_CUSTOMER_MISMATCH");
        assertThat(otherCustomer.json().path("field").asText()).as("the member at fault, as RESERVATION_NOT_FOUND names")
                .isEqualTo("reservationId");

        Api.Response converted = place(WEB, OrderBodies.ship("web", "c-1", "A", 3).put("reservationId", reservationId));
        assertThat(converted.status()).as("%s", converted).isEqualTo(201);
        JsonNode order = converted.json();
        assertThat(order.path("reservationId").asText()).isEqualTo(reservationId);
        assertThat(order.path("lines").get(0).path("allocated").asInt()).isEqualTo(3);
        JsonNode hold = ordo.api.get(WEB, "/v1/reservations/" + reservationId).json();
        assertThat(hold.path("status").asText()).isEqualTo("CONVERTED");
        assertThat(hold.path("orderId").asText()).as("the order it became").isEqualTo(order.path("orderId").asText());
        JsonNode network = ordo.inventory("A").path("network");
        assertThat(network.path("reserved").asLong()).isZero();
        assertThat(network.path("allocated").asLong()).isEqualTo(3);
        JsonNode sourcing = ordo.api.get(WEB, ORDERS + "/" + order.path("orderId").asText() + "/sourcing").json();
        assertThat(sourcing.path("lines").get(0).path("fromReservation").asInt()).isEqualTo(3);
        JsonNode convertedEvent = find(ordo.api.get(WEB, ORDERS + "/" + order.path("orderId").asText() + "/events")
                .json().path("events"), "type", "RESERVATION_CONVERTED").path("data");
        assertThat(convertedEvent.path("qty").asInt()).isEqualTo(3);
        assertThat(convertedEvent.path("reservationId").asText()).isEqualTo(reservationId);

        Api.Response again = place(WEB, OrderBodies.ship("web", "c-1", "A", 1).put("reservationId", reservationId));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemCode()).isEqualTo("RESERVATION_NOT_ACTIVE");
        assertThat(again.json().path("reservationStatus").asText()).isEqualTo("CONVERTED");
        assertThat(again.json().path("field").asText()).as("the member at fault").isEqualTo("reservationId");
        Api.Response fallback = place(WEB, OrderBodies.ship("web", "c-1", "A", 1).put("reservationId", reservationId)
                .put("fallbackToAvailable", true));
        assertThat(fallback.status()).as("%s", fallback).isEqualTo(201);
        // The order still names the reservation (it explains the order); its sourcing shows nothing came from it.
        assertThat(fallback.json().path("reservationId").asText()).isEqualTo(reservationId);
        assertThat(ordo.api.get(WEB, "/v1/reservations/" + reservationId).json().path("orderId").asText())
                .as("still the order that converted it").isEqualTo(order.path("orderId").asText());
        assertThat(ordo.api.get(WEB, ORDERS + "/" + fallback.json().path("orderId").asText() + "/sourcing").json()
                .path("lines").get(0).path("fromReservation").asInt()).isZero();
        assertThat(ordo.api.get(WEB, ORDERS + "/" + fallback.json().path("orderId").asText() + "/events").json()
                .path("events").findValuesAsText("type")).contains("CREATED").doesNotContain("RESERVATION_CONVERTED");
        assertAllocated("A", 4, 6);
    }

    @Test
    void aChannelPoolCapsWhatItsOrdersMayTake() {
        assertThat(ordo.api.put(ADMIN, "/v1/channels/shopee", "{\"kind\":\"MARKETPLACE\",\"pools\":"
                + "[{\"sku\":\"*\",\"shareOfAtp\":0.5}]}").status()).isEqualTo(200);
        Api.Response tooMany = place(ADMIN, OrderBodies.ship("shopee", "c-1", "A", 6));
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.problemCode()).isEqualTo("INSUFFICIENT_STOCK");
        assertThat(tooMany.json().path("available").asLong()).isEqualTo(5);
        assertThat(tooMany.json().path("requested").asLong()).isEqualTo(6);
        assertAllocated("A", 0, 10);

        Api.Response half = place(ADMIN, OrderBodies.ship("shopee", "c-1", "A", 5));
        assertThat(half.status()).as("%s", half).isEqualTo(201);
        Api.Response web = place(WEB, OrderBodies.ship("web", "c-2", "A", 5));
        assertThat(web.status()).as("the web channel has no pool: %s", web).isEqualTo(201);
        assertAllocated("A", 10, 0);
    }

    @Test
    void aStorefrontNeitherSeesNorTouchesAnotherChannelsOrders() {
        String appOrder = place(APP, OrderBodies.ship("app", "c-1", "A", 2)).json().path("orderId").asText();
        String webOrder = place(WEB, OrderBodies.ship("web", "c-2", "A", 1)).json().path("orderId").asText();

        for (String view : List.of("", "/events", "/sourcing")) {
            Api.Response hidden = ordo.api.get(WEB, ORDERS + "/" + appOrder + view);
            assertThat(hidden.status()).as("GET %s as web: %s", view, hidden).isEqualTo(404);
            assertThat(hidden.problemCode()).isEqualTo("ORDER_NOT_FOUND");
        }
        Api.Response cancel = ordo.api.post(WEB, ORDERS + "/" + appOrder + "/cancel", "{\"reason\":\"not mine\"}");
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(cancel.problemCode()).isEqualTo("ORDER_NOT_FOUND");
        assertThat(ordo.api.get(APP, ORDERS + "/" + appOrder).json().path("status").asText())
                .isEqualTo("READY_TO_RELEASE");
        assertAllocated("A", 3, 7);

        assertThat(orderIds(ordo.api.get(WEB, ORDERS).json())).containsExactly(webOrder);
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?channel=web").json())).containsExactly(webOrder);
        assertThat(orderIds(ordo.api.get(APP, ORDERS).json())).containsExactly(appOrder);
        assertThat(orderIds(ordo.api.get(AUDITOR, ORDERS).json())).containsExactly(appOrder, webOrder);
        assertThat(orderIds(ordo.api.get(STORE, ORDERS).json())).isEmpty();
        assertThat(ordo.api.get(STORE, ORDERS + "/" + webOrder).status()).isEqualTo(404);

        Api.Response forApp = place(WEB, OrderBodies.ship("app", "c-3", "A", 1));
        assertThat(forApp.status()).isEqualTo(403);
        assertThat(forApp.problemCode()).isEqualTo("FORBIDDEN");
        assertThat(forApp.json().path("channel").asText()).isEqualTo("app");
        assertAllocated("A", 3, 7);
    }

    /** Naming a channel the key is not bound to is refused as placing for it is, not answered with an empty page. */
    @Test
    void listingAnotherChannelsOrdersIsForbiddenLikePlacingForIt() {
        String appOrder = place(APP, OrderBodies.ship("app", "c-1", "A", 2)).json().path("orderId").asText();

        for (String key : List.of(WEB, STORE, STORE_WITHOUT_CHANNEL)) {
            Api.Response refused = ordo.api.get(key, ORDERS + "?channel=app&status=READY_TO_RELEASE");
            assertThat(refused.status()).as("%s", refused).isEqualTo(403);
            assertThat(refused.problemCode()).isEqualTo("FORBIDDEN");
            assertThat(refused.json().path("channel").asText()).isEqualTo("app");
        }
        Api.Response unknownChannel = ordo.api.get(WEB, ORDERS + "?channel=tiktok");
        assertThat(unknownChannel.status()).as("a foreign channel answers the same whether or not it exists")
                .isEqualTo(403);
        assertThat(ordo.api.get(WEB, ORDERS + "?channel=a%20b").status()).as("an invalid filter is still a 400")
                .isEqualTo(400);
        assertThat(orderIds(ordo.api.get(APP, ORDERS + "?channel=app").json())).containsExactly(appOrder);
        assertThat(orderIds(ordo.api.get(AUDITOR, ORDERS + "?channel=app").json())).containsExactly(appOrder);
        assertThat(orderIds(ordo.api.get(ADMIN, ORDERS + "?channel=app").json())).containsExactly(appOrder);
    }

    /**
     * A cursor names an order the key may see, whatever its status now. One that names no order was a 200 with an
     * empty last page, and another channel's paged on from it (telling the storefront it exists): both are one 400.
     */
    @Test
    void aListCursorMustNameAnOrder() {
        String appOrder = place(APP, OrderBodies.ship("app", "c-1", "A", 1)).json().path("orderId").asText();
        List<String> web = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            web.add(place(WEB, OrderBodies.ship("web", "c-2", "A", 1)).json().path("orderId").asText());
        }

        Api.Response missing = ordo.api.get(WEB, ORDERS + "?after=ord_ffffffffffffffff");
        assertThat(missing.status()).as("%s", missing).isEqualTo(400);
        assertThat(missing.problemCode()).isEqualTo("UNKNOWN_CURSOR");
        assertThat(missing.json().path("field").asText()).isEqualTo("after");
        // ord_ text no counter mixes to, a key that may see no order.
        String unmixed = Ids.formatOrderId(0);
        for (String refused : List.of(WEB + " ?after=" + unmixed, ADMIN + " ?after=" + unmixed,
                STORE_WITHOUT_CHANNEL + " ?after=" + web.get(0), ADMIN + " ?after=ord_ffffffffffffffff")) {
            String[] keyAndQuery = refused.split(" ");
            Api.Response answer = ordo.api.get(keyAndQuery[0], ORDERS + keyAndQuery[1]);
            assertThat(answer.status()).as("%s: %s", refused, answer).isEqualTo(400);
            assertThat(answer.body()).as("%s answers as a missing order", refused).isEqualTo(missing.body());
        }
        assertThat(orderIds(ordo.api.get(AUDITOR, ORDERS + "?after=" + appOrder).json()))
                .containsExactlyElementsOf(web);
        // Another channel's order is a position: the page shows none of it.
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?status=READY_TO_RELEASE&channel=web&after=" + appOrder)
                .json())).containsExactlyElementsOf(web);
        assertThat(orderIds(ordo.api.get(APP, ORDERS + "?after=" + web.get(0)).json())).isEmpty();
        assertThat(ordo.api.get(WEB, ORDERS + "?after=ord_nope").problemCode()).isEqualTo("INVALID_REQUEST");

        JsonNode first = ordo.api.get(WEB, ORDERS + "?status=READY_TO_RELEASE&limit=1").json();
        assertThat(orderIds(first)).containsExactly(web.get(0));
        assertThat(ordo.api.post(WEB, ORDERS + "/" + web.get(0) + "/cancel", "{\"reason\":\"changed mind\"}")
                .status()).isEqualTo(200);
        String cursor = first.path("nextCursor").asText();
        assertThat(cursor).isEqualTo(web.get(0));
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?status=READY_TO_RELEASE&after=" + cursor).json()))
                .as("the cursor's order is CANCELLED now: still a position").containsExactly(web.get(1), web.get(2));
    }

    /**
     * A store's counter hands over the web's click-and-collect orders for its store: its key reads an order to be
     * picked up there (view, timeline, sourcing) whatever its channel, but not one picked up at another store or
     * shipped, nor list it without naming its store (found in QA: the counter could not look up what it had to hand
     * over). A store key bound to no channel reads those too, and only those (it read none: QA-209). Cancelling and
     * marking paid: {@link #aStoresCounterCancelsAndTakesPaymentForThePickupsAtItsStoreAndNoOthers}.
     */
    @Test
    void aStoreReadsTheClickAndCollectOrdersToBePickedUpAtItsStore() {
        List<String> placed = twoStoresPickupsAndAShipment();
        String here = placed.get(0);
        String there = placed.get(1);
        String shipped = placed.get(2);

        for (String view : List.of("", "/events", "/sourcing")) {
            Api.Response seen = ordo.api.get(STORE, ORDERS + "/" + here + view);
            assertThat(seen.status()).as("GET %s: %s", view, seen).isEqualTo(200);
            assertThat(seen.json()).isEqualTo(counterView(view, ordo.api.get(WEB, ORDERS + "/" + here + view).json()));
            assertThat(ordo.api.get(STORE, ORDERS + "/" + there + view).problemCode()).as("another store's pickup")
                    .isEqualTo("ORDER_NOT_FOUND");
            assertThat(ordo.api.get(STORE, ORDERS + "/" + shipped + view).problemCode()).isEqualTo("ORDER_NOT_FOUND");
            assertThat(ordo.api.get(STORE_WITHOUT_CHANNEL, ORDERS + "/" + there + view).json())
                    .as("a store key without channels reads its store's pickups (QA-209)")
                    .isEqualTo(counterView(view, ordo.api.get(WEB, ORDERS + "/" + there + view).json()));
            for (String other : List.of(here, shipped)) {
                assertThat(ordo.api.get(STORE_WITHOUT_CHANNEL, ORDERS + "/" + other + view).problemCode())
                        .as("and no other order").isEqualTo("ORDER_NOT_FOUND");
            }
        }
        assertThat(orderIds(ordo.api.get(STORE, ORDERS).json())).isEmpty();
        assertThat(ordo.api.get(WEB, ORDERS + "/" + here).json().path("status").asText())
                .isEqualTo("READY_TO_RELEASE");
    }

    /**
     * What a store's key reads of an order is what the counter needs (QA-272): not the client's IP address, the
     * payment's fingerprint, nor the fraud screen's verdict, score, reasons and reviewer's note, which the web's key
     * and an auditor read; the customer, lines, status and payment status stay. The same of what a cancellation or
     * a payment taken at the counter answers, and of its own channel's orders.
     */
    @Test
    void aStoresKeyReadsAnOrderWithoutItsClientAddressFingerprintOrFraudScreen() {
        twoStoresPickupsAndAShipment();
        ObjectNode body = OrderBodies.pickup("web", "c-9", "st-1", "P", 1).put("clientIp", "203.0.113.7");
        ((ObjectNode) body.path("payment")).put("fingerprint", "fp-c9-visa");
        String id = place(WEB, body).json().path("orderId").asText();

        JsonNode web = ordo.api.get(WEB, ORDERS + "/" + id).json();
        assertThat(web.path("clientIp").asText()).isEqualTo("203.0.113.7");
        assertThat(web.path("payment").path("fingerprint").asText()).isEqualTo("fp-c9-visa");
        assertThat(web.path("fraud").path("decision").asText()).isEqualTo("PASSED");
        assertThat(ordo.api.get(AUDITOR, ORDERS + "/" + id).json()).isEqualTo(web);
        JsonNode store = ordo.api.get(STORE, ORDERS + "/" + id).json();
        assertThat(store.has("clientIp")).isFalse();
        assertThat(store.path("payment").has("fingerprint")).isFalse();
        assertThat(store.has("fraud")).isFalse();
        assertThat(store).isEqualTo(counterView("", web));
        assertThat(store.path("customer").path("email").asText()).isNotEmpty();

        JsonNode webEvents = ordo.api.get(WEB, ORDERS + "/" + id + "/events").json();
        assertThat(webEvents.toString()).contains("FRAUD_SCREENED").contains("\"score\"");
        JsonNode storeEvents = ordo.api.get(STORE, ORDERS + "/" + id + "/events").json();
        assertThat(storeEvents.toString()).contains("FRAUD_SCREENED").doesNotContain("\"score\"");
        assertThat(storeEvents).isEqualTo(counterView("/events", webEvents));

        Api.Response paid = ordo.api.post(STORE, ORDERS + "/" + id + "/payment/mark-paid", "{\"note\":\"cash\"}");
        assertThat(paid.status()).as("%s", paid).isEqualTo(200);
        assertThat(paid.json()).isEqualTo(counterView("", ordo.api.get(WEB, ORDERS + "/" + id).json()));
        Api.Response pos = place(STORE, OrderBodies.pickup("pos", "c-10", "st-1", "P", 1).put("clientIp", "198.51.100.2"));
        assertThat(pos.json().has("clientIp")).as("its own channel's order too").isFalse();
        assertThat(pos.json().has("fraud")).isFalse();
        assertThat(ordo.api.get(ADMIN, ORDERS + "/" + pos.json().path("orderId").asText()).json().path("clientIp")
                .asText()).isEqualTo("198.51.100.2");
    }

    /** What a store's key is shown of {@code view} (an order's "", "/events" or "/sourcing") whole as {@code full}. */
    private static JsonNode counterView(String view, JsonNode full) {
        JsonNode copy = full.deepCopy();
        if (view.isEmpty()) {
            ((ObjectNode) copy).remove(List.of("clientIp", "fraud"));
            ((ObjectNode) copy.path("payment")).remove("fingerprint");
        } else if (view.equals("/events")) {
            for (JsonNode event : copy.path("events")) {
                if (event.path("type").asText().startsWith("FRAUD_")) {
                    ((ObjectNode) event.path("data")).remove(List.of("score", "note"));
                }
            }
        }
        return copy;
    }

    /**
     * Rules version 16 (QA-220): a store's counter cancels a click-and-collect order not collected, or some of its
     * units, and marks paid one paid at the counter, whatever its channel, when it is to be picked up at one of the
     * key's stores; not another store's pickup nor a shipped order (404, nothing changes). A counter key bound to no
     * channel may too. The web's key still may.
     */
    @Test
    void aStoresCounterCancelsAndTakesPaymentForThePickupsAtItsStoreAndNoOthers() {
        List<String> placed = twoStoresPickupsAndAShipment();
        String here = placed.get(0);
        String there = placed.get(1);
        String shipped = placed.get(2);
        String before = ordo.api.stateHash(AUDITOR);
        for (String other : List.of(there, shipped)) {
            assertThat(ordo.api.post(STORE, ORDERS + "/" + other + "/cancel", "{\"reason\":\"no-show\"}")
                    .problemCode()).as("another store's pickup, or a shipment").isEqualTo("ORDER_NOT_FOUND");
            assertThat(ordo.api.post(STORE, ORDERS + "/" + other + "/payment/mark-paid", "{\"note\":\"cash\"}")
                    .problemCode()).isEqualTo("ORDER_NOT_FOUND");
        }
        assertThat(ordo.api.post(STORE_WITHOUT_CHANNEL, ORDERS + "/" + here + "/cancel", "{\"reason\":\"x\"}")
                .problemCode()).as("a counter of st-2 at st-1's pickup").isEqualTo("ORDER_NOT_FOUND");
        assertThat(ordo.api.stateHash(AUDITOR)).as("nothing changed").isEqualTo(before);

        Api.Response paid = ordo.api.post(STORE, ORDERS + "/" + here + "/payment/mark-paid", "{\"note\":\"cash\"}");
        assertThat(paid.status()).as("%s", paid).isEqualTo(200);
        assertThat(paid.json().path("payment").path("status").asText()).isEqualTo("CAPTURED");
        Api.Response cancelled = ordo.api.post(STORE, ORDERS + "/" + here + "/cancel", "{\"reason\":\"not collected\"}");
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("payment").path("refunded").path("amountMinor").asLong()).isEqualTo(1999);

        // The counter key bound to no channel, at its own store's pickup.
        Api.Response counter = ordo.api.post(STORE_WITHOUT_CHANNEL, ORDERS + "/" + there + "/cancel",
                "{\"reason\":\"no-show\"}");
        assertThat(counter.status()).as("%s", counter).isEqualTo(200);
        assertThat(counter.json().path("status").asText()).isEqualTo("CANCELLED");
        JsonNode timeline = ordo.api.get(WEB, ORDERS + "/" + there + "/events").json();
        assertThat(timeline.toString()).contains("no-show");
    }

    /**
     * A store's counter lists the click-and-collect orders it hands over, whatever their channel: {@code
     * pickupLocationId} of one of its locations lists the orders to be picked up there (it could read them one by one
     * but not find them: QA-207). At another store it lists its own channel's only, as without the filter; other keys
     * list their channels' pickups there; the list shows each order's delivery method and store.
     */
    @Test
    void aStoreListsTheOrdersToBePickedUpAtItsStore() {
        List<String> placed = twoStoresPickupsAndAShipment();
        String web1 = placed.get(0);
        String web2 = placed.get(1);
        String shipped = placed.get(2);
        String pos1 = place(STORE, OrderBodies.pickup("pos", "c-4", "st-1", "P", 1)).json().path("orderId").asText();
        String pos2 = place(STORE, OrderBodies.pickup("pos", "c-5", "st-2", "P", 1)).json().path("orderId").asText();
        String app1 = place(APP, OrderBodies.pickup("app", "c-6", "st-1", "P", 1)).json().path("orderId").asText();

        JsonNode atStore = ordo.api.get(STORE, ORDERS + "?pickupLocationId=st-1").json();
        assertThat(orderIds(atStore)).as("every channel's pickups at its store").containsExactly(web1, pos1, app1);
        atStore.path("orders").forEach(o -> {
            assertThat(o.path("deliveryMethod").asText()).isEqualTo("PICKUP");
            assertThat(o.path("pickupLocationId").asText()).isEqualTo("st-1");
        });
        assertThat(orderIds(ordo.api.get(STORE, ORDERS + "?pickupLocationId=st-1&channel=web").json()))
                .as("filtered by a channel it does not sell on, at its store").containsExactly(web1);
        assertThat(orderIds(ordo.api.get(STORE, ORDERS + "?pickupLocationId=st-1&limit=1&after=" + web1).json()))
                .as("paged").containsExactly(pos1);
        assertThat(orderIds(ordo.api.get(STORE, ORDERS + "?pickupLocationId=st-1&status=CANCELLED").json())).isEmpty();
        assertThat(orderIds(ordo.api.get(STORE, ORDERS + "?pickupLocationId=st-2").json()))
                .as("another store: its own channel's orders only").containsExactly(pos2);
        assertThat(ordo.api.get(STORE, ORDERS + "?pickupLocationId=st-2&channel=web").status())
                .as("another store, another channel").isEqualTo(403);
        assertThat(orderIds(ordo.api.get(STORE_WITHOUT_CHANNEL, ORDERS + "?pickupLocationId=st-2").json()))
                .as("a store key without channels hands over its store's").containsExactly(web2, pos2);
        assertThat(orderIds(ordo.api.get(STORE_WITHOUT_CHANNEL, ORDERS + "?pickupLocationId=st-1").json())).isEmpty();
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?pickupLocationId=st-1").json()))
                .as("a storefront: its channels' pickups there").containsExactly(web1);
        assertThat(orderIds(ordo.api.get(ADMIN, ORDERS + "?pickupLocationId=st-1").json()))
                .containsExactly(web1, pos1, app1);
        assertThat(orderIds(ordo.api.get(ADMIN, ORDERS + "?pickupLocationId=wh-1").json())).as("no pickups there")
                .isEmpty();
        assertThat(orderIds(ordo.api.get(AUDITOR, ORDERS + "?pickupLocationId=st-9").json())).as("no such location")
                .isEmpty();
        Api.Response bad = ordo.api.get(STORE, ORDERS + "?pickupLocationId=st%201");
        assertThat(bad.problemCode()).isEqualTo("INVALID_REQUEST");
        assertThat(bad.json().path("field").asText()).isEqualTo("pickupLocationId");

        JsonNode all = ordo.api.get(ADMIN, ORDERS).json();
        assertThat(orderIds(all)).containsExactly(web1, web2, shipped, pos1, pos2, app1);
        JsonNode ship = find(all.path("orders"), "orderId", shipped);
        assertThat(ship.path("deliveryMethod").asText()).isEqualTo("SHIP");
        assertThat(ship.path("pickupLocationId").isNull()).as("%s", ship).isTrue();
    }

    @Test
    void aKeyBoundToNoChannelSeesNoOrderRatherThanAll() {
        String id = place(WEB, OrderBodies.ship("web", "c-1", "A", 1)).json().path("orderId").asText();
        for (String view : List.of("", "/events", "/sourcing")) {
            Api.Response hidden = ordo.api.get(STORE_WITHOUT_CHANNEL, ORDERS + "/" + id + view);
            assertThat(hidden.status()).as("GET %s: %s", view, hidden).isEqualTo(404);
            // What a key bound to a channel gets for another channel's order (it was NOT_FOUND, found in QA).
            assertThat(hidden.problemCode()).isEqualTo("ORDER_NOT_FOUND");
        }
        assertThat(orderIds(ordo.api.get(STORE_WITHOUT_CHANNEL, ORDERS).json())).isEmpty();
        Api.Response cancel = ordo.api.post(STORE_WITHOUT_CHANNEL, ORDERS + "/" + id + "/cancel",
                "{\"reason\":\"not mine\"}");
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(ordo.api.get(WEB, ORDERS + "/" + id).json().path("status").asText()).isEqualTo("READY_TO_RELEASE");
        assertThat(place(STORE_WITHOUT_CHANNEL, OrderBodies.ship("web", "c-2", "A", 1)).status()).isEqualTo(403);
    }

    @Test
    void aStoreKeyPlacesAPickupForItsChannelAndSeesIt() {
        ordo.setStock("A", "st-1", 4);
        Api.Response pickup = place(STORE, OrderBodies.pickup("pos", "walk-in-1", "st-1", "A", 1));
        assertThat(pickup.status()).as("%s", pickup).isEqualTo(201);
        JsonNode order = pickup.json();
        assertThat(order.path("deliveryMethod").asText()).isEqualTo("PICKUP");
        assertThat(order.path("pickupLocationId").asText()).isEqualTo("st-1");
        assertThat(order.path("shipTo").isNull()).isTrue();
        assertThat(order.path("allocations").get(0).path("locationId").asText()).isEqualTo("st-1");
        String id = order.path("orderId").asText();
        assertThat(ordo.api.get(STORE, ORDERS + "/" + id).status()).isEqualTo(200);
        assertThat(ordo.api.get(WEB, ORDERS + "/" + id).status()).isEqualTo(404);

        JsonNode sourcing = ordo.api.get(STORE, ORDERS + "/" + id + "/sourcing").json();
        assertThat(sourcing.path("shipTo").isNull()).isTrue();
        assertThat(find(sourcing.path("candidates"), "locationId", "st-1").path("won").asBoolean()).isTrue();
        // wh-1 offers no pickup at all: that reason comes before "not the store the customer chose".
        assertThat(find(sourcing.path("candidates"), "locationId", "wh-1").path("reason").asText())
                .isEqualTo("NOT_CAPABLE");
    }

    @Test
    void cancellingGivesStockBackAndABackorderTakesIt() {
        String first = place(WEB, OrderBodies.ship("web", "c-1", "BO", 1)).json().path("orderId").asText();
        Api.Response waiting = place(WEB, OrderBodies.ship("web", "c-2", "BO", 1));
        assertThat(waiting.status()).as("%s", waiting).isEqualTo(201);
        JsonNode backorder = waiting.json();
        assertThat(backorder.path("status").asText()).isEqualTo("BACKORDERED");
        assertThat(backorder.path("promisedDeliveryBy").isNull()).isTrue();
        assertThat(backorder.path("lines").get(0).path("backordered").asInt()).isEqualTo(1);
        assertThat(backorder.path("allocations")).isEmpty();
        assertThat(ordo.inventory("BO").path("network").path("backordered").asLong()).isEqualTo(1);

        Api.Response cancelled = ordo.api.post(WEB, ORDERS + "/" + first + "/cancel",
                "{\"reason\":\"customer changed their mind\"}");
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("lines").get(0).path("cancelled").asInt()).isEqualTo(1);
        assertThat(cancelled.json().path("totals").path("units").asInt()).isEqualTo(0);

        JsonNode filled = ordo.api.get(WEB, ORDERS + "/" + backorder.path("orderId").asText()).json();
        assertThat(filled.path("status").asText()).isEqualTo("READY_TO_RELEASE");
        assertThat(filled.path("lines").get(0).path("allocated").asInt()).isEqualTo(1);
        assertThat(filled.path("promisedDeliveryBy").isTextual()).isTrue();
        JsonNode events = ordo.api.get(WEB, ORDERS + "/" + backorder.path("orderId").asText() + "/events").json();
        assertThat(find(events.path("events"), "type", "BACKORDER_ALLOCATED").path("data").path("locationId").asText())
                .isEqualTo("wh-1");
        JsonNode network = ordo.inventory("BO").path("network");
        assertThat(network.path("allocated").asLong()).isEqualTo(1);
        assertThat(network.path("backordered").asLong()).isEqualTo(0);

        Api.Response again = ordo.api.post(WEB, ORDERS + "/" + first + "/cancel", "{\"reason\":\"twice\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemCode()).isEqualTo("ORDER_NOT_CANCELLABLE");
        assertThat(again.json().path("orderStatus").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void aRestockThatFillsABackorderIsExplainedInTheSourcingView() {
        ordo.setStock("BO", "st-1", 0);
        Api.Response placed = place(WEB, OrderBodies.ship("web", "c-1", "BO", 3));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        String id = placed.json().path("orderId").asText();
        assertThat(placed.json().path("status").asText()).isEqualTo("PARTIALLY_ALLOCATED");
        // Why the rest waits, as the next fill would plan it now (QA-208).
        JsonNode waiting = ordo.api.get(WEB, ORDERS + "/" + id + "/sourcing").json().path("waiting");
        assertThat(waiting).hasSize(1);
        assertThat(fieldNames(waiting.get(0))).containsExactly("sku", "line", "backordered", "linesAhead",
                "aFillWouldGive", "candidates");
        assertThat(waiting.get(0).path("linesAhead").asInt()).isZero();
        assertThat(waiting.get(0).path("backordered").asInt()).isEqualTo(2);
        assertThat(waiting.get(0).path("aFillWouldGive").asInt()).isZero();
        assertThat(find(waiting.get(0).path("candidates"), "locationId", "st-1").path("reason").asText())
                .isEqualTo("OUT_OF_STOCK");

        Api.Response restock = ordo.api.post(ADMIN, "/v1/inventory/BO/st-1/adjustments",
                "{\"delta\":5,\"reason\":\"RECEIPT\"}");
        assertThat(restock.status()).as("%s", restock).isEqualTo(200);
        // No hold is due, so nothing else is journaled: the restock is the last command.
        long restockSequence = ordo.api.get(AUDITOR, "/v1/journal/state-hash").json().path("sequence").asLong();

        JsonNode sourcing = ordo.api.get(WEB, ORDERS + "/" + id + "/sourcing").json();
        assertThat(sourcing.path("lines").get(0).path("backordered").asInt()).as("as decided at placement")
                .isEqualTo(2);
        assertThat(sourcing.path("fills")).hasSize(1);
        JsonNode fill = sourcing.path("fills").get(0);
        assertThat(fieldNames(fill)).containsExactly("decidedAt", "sequence", "trigger", "search", "plan", "sku",
                "backorderedBefore", "allocated", "backorderedAfter", "candidates");
        assertThat(fill.path("sequence").asLong()).as("the restock's sequence").isEqualTo(restockSequence);
        assertThat(fill.path("trigger").asText()).isEqualTo("ADJUST_INVENTORY");
        assertThat(fill.path("sku").asText()).isEqualTo("BO");
        assertThat(fill.path("backorderedBefore").asInt()).isEqualTo(2);
        assertThat(fill.path("allocated").asInt()).isEqualTo(2);
        assertThat(fill.path("backorderedAfter").asInt()).isZero();
        assertThat(fill.path("plan").path("shipments").asInt()).isEqualTo(1);
        JsonNode store = find(fill.path("candidates"), "locationId", "st-1");
        assertThat(store.path("reason").asText()).isEqualTo("SELECTED");
        assertThat(store.path("won").asBoolean()).isTrue();
        assertThat(store.path("allocatedUnits").asInt()).isEqualTo(2);
        assertThat(store.path("atp").toString()).isEqualTo("[{\"sku\":\"BO\",\"units\":5}]");
        assertThat(store.path("costMinor").asLong()).as("handling 450 + 1 cent a km")
                .isEqualTo(450 + store.path("distanceMetres").asLong() / 1000);
        assertThat(fill.path("plan").path("costMinor").asLong()).isEqualTo(store.path("costMinor").asLong());
        assertThat(find(fill.path("candidates"), "locationId", "wh-1").path("reason").asText())
                .as("Tuas's one unit went to the order at placement").isEqualTo("OUT_OF_STOCK");
        assertThat(sourcing.path("moreFills").asInt()).isZero();
        assertThat(sourcing.path("moreFillUnits").asInt()).isZero();
        assertThat(sourcing.path("waiting")).as("filled: nothing waits").isEmpty();

        JsonNode events = ordo.api.get(WEB, ORDERS + "/" + id + "/events").json();
        JsonNode allocated = find(events.path("events"), "type", "BACKORDER_ALLOCATED");
        assertThat(fill.path("decidedAt").asText()).as("the fill's time on the timeline")
                .isEqualTo(allocated.path("time").asText());
        assertThat(allocated.path("sequence").asLong()).isEqualTo(restockSequence);
        assertThat(ordo.api.get(AUDITOR, ORDERS + "/" + id + "/sourcing").json()).isEqualTo(sourcing);
    }

    /**
     * A backorder filled in steps at one node shows one allocation row for its line there (QA-225: 19 receipts of one
     * unit showed 19 rows), its units summed and its time the last step's.
     */
    @Test
    void aLineFilledInStepsAtOneNodeShowsOneAllocationRow() {
        ordo.setStock("BO", "st-1", 0);
        String id = place(WEB, OrderBodies.ship("web", "c-1", "BO", 4)).json().path("orderId").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(ordo.api.post(ADMIN, "/v1/inventory/BO/st-1/adjustments",
                    "{\"delta\":1,\"reason\":\"RECEIPT\"}").status()).isEqualTo(200);
        }

        JsonNode order = ordo.api.get(WEB, ORDERS + "/" + id).json();

        assertThat(order.path("status").asText()).isEqualTo("READY_TO_RELEASE");
        JsonNode allocations = order.path("allocations");
        assertThat(allocations).as("%s", allocations).hasSize(2);
        assertThat(allocations.get(0).path("locationId").asText()).as("first allocated").isEqualTo("wh-1");
        assertThat(allocations.get(0).path("qty").asInt()).isEqualTo(1);
        assertThat(allocations.get(1).path("locationId").asText()).isEqualTo("st-1");
        assertThat(allocations.get(1).path("qty").asInt()).isEqualTo(3);
        JsonNode events = ordo.api.get(WEB, ORDERS + "/" + id + "/events").json().path("events");
        String lastFill = null;
        for (JsonNode event : events) {
            if (event.path("type").asText().equals("BACKORDER_ALLOCATED")) {
                lastFill = event.path("time").asText();
            }
        }
        assertThat(allocations.get(1).path("allocatedAt").asText()).as("the last step's time").isEqualTo(lastFill);
        assertThat(order.path("shipments").toString()).isEqualTo("[{\"locationId\":\"wh-1\",\"status\":\"PLANNED\","
                + "\"lines\":[{\"sku\":\"BO\",\"qty\":1}]},{\"locationId\":\"st-1\",\"status\":\"PLANNED\","
                + "\"lines\":[{\"sku\":\"BO\",\"qty\":3}]}]");
    }

    @Test
    void partOfALineCanBeCancelled() {
        String id = place(WEB, OrderBodies.ship("web", "c-1", "A", 5)).json().path("orderId").asText();
        assertAllocated("A", 5, 5);

        Api.Response partial = ordo.api.post(WEB, ORDERS + "/" + id + "/cancel",
                "{\"lines\":[{\"sku\":\"A\",\"qty\":2}],\"reason\":\"only wants three\"}");
        assertThat(partial.status()).as("%s", partial).isEqualTo(200);
        JsonNode order = partial.json();
        assertThat(order.path("status").asText()).isEqualTo("READY_TO_RELEASE");
        assertThat(order.path("lines").get(0).path("cancelled").asInt()).isEqualTo(2);
        assertThat(order.path("lines").get(0).path("allocated").asInt()).isEqualTo(3);
        assertThat(order.path("totals").toString())
                .isEqualTo("{\"units\":3,\"amount\":{\"amountMinor\":5997,\"currency\":\"SGD\"},"
                        + "\"ordered\":{\"amountMinor\":9995,\"currency\":\"SGD\"}}");
        assertAllocated("A", 3, 7);

        Api.Response tooMany = ordo.api.post(WEB, ORDERS + "/" + id + "/cancel",
                "{\"lines\":[{\"sku\":\"A\",\"qty\":4}],\"reason\":\"more than is open\"}");
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.problemCode()).isEqualTo("CANCEL_EXCEEDS_OPEN");
        assertThat(tooMany.json().path("sku").asText()).isEqualTo("A");
        assertThat(tooMany.json().path("open").asInt()).isEqualTo(3);
        assertThat(tooMany.json().path("requested").asInt()).isEqualTo(4);
        assertThat(tooMany.json().path("field").asText()).isEqualTo("lines[0].qty");

        // Absent cancels every open unit; null is refused, not read as absent (QA-208, QA-209).
        Api.Response nullLines = ordo.api.post(WEB, ORDERS + "/" + id + "/cancel",
                "{\"lines\":null,\"reason\":\"nothing selected\"}");
        assertThat(nullLines.problemCode()).isEqualTo("INVALID_REQUEST");
        assertThat(nullLines.json().path("field").asText()).isEqualTo("lines");
        assertAllocated("A", 3, 7);

        Api.Response notInOrder = ordo.api.post(WEB, ORDERS + "/" + id + "/cancel",
                "{\"lines\":[{\"sku\":\"BO\",\"qty\":1}],\"reason\":\"not there\"}");
        assertThat(notInOrder.status()).isEqualTo(400);
        assertThat(notInOrder.problemCode()).isEqualTo("LINE_NOT_IN_ORDER");
        assertThat(notInOrder.json().path("field").asText()).isEqualTo("lines[0].sku");
        assertAllocated("A", 3, 7);
    }

    @Test
    void ordersAreListedInCreationOrderPageByPage() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(place(WEB, OrderBodies.ship("web", "c-" + (i % 2), "A", 1)).json().path("orderId").asText());
        }
        JsonNode page = ordo.api.get(WEB, ORDERS + "?limit=2").json();
        assertThat(orderIds(page)).containsExactly(ids.get(0), ids.get(1));
        assertThat(page.path("nextCursor").asText()).isEqualTo(ids.get(1));
        JsonNode summary = page.path("orders").get(0);
        assertThat(fieldNames(summary)).containsExactly("orderId", "status", "channel", "externalId", "customerId",
                "createdAt", "updatedAt", "units", "total", "deliveryMethod", "pickupLocationId");
        assertThat(summary.path("units").asLong()).isEqualTo(1);
        assertThat(summary.path("total").toString()).isEqualTo("{\"amountMinor\":1999,\"currency\":\"SGD\"}");

        JsonNode last = ordo.api.get(WEB, ORDERS + "?limit=2&after=" + ids.get(1)).json();
        assertThat(orderIds(last)).containsExactly(ids.get(2));
        assertThat(last.path("nextCursor").isNull()).isTrue();

        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?customerId=c-0").json()))
                .containsExactly(ids.get(0), ids.get(2));
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?status=READY_TO_RELEASE&channel=web").json()))
                .containsExactlyElementsOf(ids);
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?status=CANCELLED").json())).isEmpty();

        for (String bad : List.of("limit=0", "limit=201", "limit=ten", "after=ord_nope", "status=LOST",
                "channel=a%20b", "colour=red", "limit=1&limit=2")) {
            Api.Response refused = ordo.api.get(WEB, ORDERS + "?" + bad);
            assertThat(refused.status()).as("?%s: %s", bad, refused).isEqualTo(400);
            assertThat(refused.problemCode()).isEqualTo("INVALID_REQUEST");
        }
    }

    /**
     * {@code createdFrom} (inclusive) and {@code createdBefore} (exclusive), RFC 3339 times, narrow a list to the
     * orders created in that window, with every other filter (QA-217: no list could be narrowed by time).
     */
    @Test
    void ordersAreListedInACreationWindow() throws Exception {
        JsonNode first = place(WEB, OrderBodies.ship("web", "c-0", "A", 1)).json();
        Thread.sleep(5);
        JsonNode second = place(WEB, OrderBodies.ship("web", "c-1", "A", 1)).json();
        String firstId = first.path("orderId").asText();
        String secondId = second.path("orderId").asText();
        String secondAt = second.path("createdAt").asText();
        assertThat(secondAt).isNotEqualTo(first.path("createdAt").asText());

        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?createdFrom=" + secondAt).json())).containsExactly(secondId);
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?createdBefore=" + secondAt).json())).containsExactly(firstId);
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?createdFrom=" + first.path("createdAt").asText()
                + "&createdBefore=" + secondAt + "&customerId=c-0&channel=web").json())).containsExactly(firstId);
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?createdFrom=2000-01-01T00:00:00Z&createdBefore="
                + "2000-01-02T00:00:00Z").json())).isEmpty();
        // An offset, escaped or sent as a bare + (which a query string reads as a space), names the same time.
        String inSingapore = java.time.OffsetDateTime.ofInstant(java.time.Instant.parse(secondAt),
                java.time.ZoneOffset.ofHours(8)).toString();
        assertThat(inSingapore).endsWith("+08:00");
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?createdFrom=" + inSingapore.replace("+", "%2B")).json()))
                .containsExactly(secondId);
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?createdFrom=" + inSingapore).json()))
                .containsExactly(secondId);
        // A fraction below a millisecond: the order's whole millisecond is before a bound just after it.
        String justAfter = secondAt.replace("Z", "0001Z");
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?createdFrom=" + justAfter).json())).isEmpty();
        assertThat(orderIds(ordo.api.get(WEB, ORDERS + "?createdBefore=" + justAfter).json()))
                .containsExactly(firstId, secondId);
        // Two bounds in one millisecond, in order: an empty window, not a refusal (QA-256).
        Api.Response narrow = ordo.api.get(WEB, ORDERS + "?createdFrom=" + justAfter + "&createdBefore="
                + secondAt.replace("Z", "0002Z"));
        assertThat(narrow.status()).as(narrow.body()).isEqualTo(200);
        assertThat(orderIds(narrow.json())).isEmpty();
        JsonNode paged = ordo.api.get(WEB, ORDERS + "?limit=1&createdBefore=" + secondAt).json();
        assertThat(orderIds(paged)).containsExactly(firstId);
        assertThat(paged.path("nextCursor").isNull()).as("the next order is past the window").isTrue();

        Map<String, String> refusals = Map.of(
                "createdFrom=yesterday", "createdFrom",
                "createdFrom=2026-12-01T24:00:00Z", "createdFrom",
                "createdBefore=2026-12-02T09:31:20.Z", "createdBefore",
                "createdBefore=2026-13-01T00:00:00Z", "createdBefore",
                "createdFrom=%2B10000-01-01T00:00:00Z", "createdFrom",
                "createdFrom=" + secondAt + "&createdBefore=" + secondAt, "createdBefore",
                "createdFrom=2026-01-02T00:00:00Z&createdBefore=2026-01-01T00:00:00Z", "createdBefore");
        for (Map.Entry<String, String> bad : refusals.entrySet()) {
            Api.Response refused = ordo.api.get(WEB, ORDERS + "?" + bad.getKey());
            assertThat(refused.status()).as("?%s: %s", bad.getKey(), refused).isEqualTo(400);
            assertThat(refused.problemCode()).isEqualTo("INVALID_REQUEST");
            assertThat(refused.json().path("field").asText()).isEqualTo(bad.getValue());
        }
    }

    @Test
    void aChannelIsStoredAsSentAndReadBack() {
        String body = "{\"kind\":\"MARKETPLACE\",\"name\":\"Shopee SG\",\"pools\":[{\"sku\":\"*\",\"shareOfAtp\":0.8},"
                + "{\"sku\":\"A\",\"shareOfAtp\":0.25},{\"sku\":\"BO\",\"shareOfAtp\":1}]}";
        Api.Response put = ordo.api.put(ADMIN, "/v1/channels/shopee", body);
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.body()).isEqualTo("{\"channelId\":\"shopee\",\"kind\":\"MARKETPLACE\",\"name\":\"Shopee SG\","
                + "\"pools\":[{\"sku\":\"*\",\"shareOfAtp\":0.8},{\"sku\":\"A\",\"shareOfAtp\":0.25},"
                + "{\"sku\":\"BO\",\"shareOfAtp\":1}],\"sourcesFrom\":null}");
        Api.Response get = ordo.api.get(AUDITOR, "/v1/channels/shopee");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(put.body());
        assertThat(ordo.api.get(WEB, "/v1/channels/web").body())
                .isEqualTo("{\"channelId\":\"web\",\"kind\":\"WEB\",\"name\":\"\",\"pools\":[],\"sourcesFrom\":null}");

        Api.Response unknownSku = ordo.api.put(ADMIN, "/v1/channels/shopee",
                "{\"kind\":\"WEB\",\"pools\":[{\"sku\":\"NOPE\",\"shareOfAtp\":0.5}]}");
        assertThat(unknownSku.status()).isEqualTo(400);
        assertThat(unknownSku.problemCode()).isEqualTo("UNKNOWN_SKU");
        assertThat(unknownSku.json().path("sku").asText()).isEqualTo("NOPE");
        assertThat(unknownSku.json().path("field").asText()).as("the pool's, not an order line's")
                .isEqualTo("pools[0].sku");

        Api.Response missing = ordo.api.get(AUDITOR, "/v1/channels/tiktok");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.problemCode()).isEqualTo("CHANNEL_NOT_FOUND");
        for (String bad : List.of("{\"kind\":\"FAX\"}", "{\"name\":\"no kind\"}",
                "{\"kind\":\"WEB\",\"pools\":[{\"sku\":\"*\",\"shareOfAtp\":1.5}]}",
                "{\"kind\":\"WEB\",\"pools\":[{\"sku\":\"*\",\"shareOfAtp\":0.12345}]}",
                "{\"kind\":\"WEB\",\"pools\":[{\"sku\":\"*\",\"shareOfAtp\":-0.1}]}",
                "{\"kind\":\"WEB\",\"pools\":[{\"sku\":\"A\",\"shareOfAtp\":0.5},{\"sku\":\"A\",\"shareOfAtp\":0.2}]}",
                "{\"kind\":\"WEB\",\"pools\":[{\"sku\":\"A\",\"share\":0.5}]}")) {
            Api.Response refused = ordo.api.put(ADMIN, "/v1/channels/shopee", bad);
            assertThat(refused.status()).as("%s: %s", bad, refused).isEqualTo(400);
            assertThat(refused.problemCode()).isEqualTo("INVALID_REQUEST");
        }
        assertThat(ordo.api.get(ADMIN, "/v1/channels/shopee").body()).isEqualTo(put.body());
    }

    /**
     * A marketplace kept to the DC (sourcesFrom): its orders take no units at the store, nearer as it is; a pickup or
     * a hold there is refused naming the field; what it may sell counts the DC alone; a bad list changes nothing.
     */
    @Test
    void aChannelKeptToSomeLocationsTakesStockThereOnly() {
        ordo.setStock("A", "st-1", 5);
        Api.Response put = ordo.api.put(ADMIN, "/v1/channels/shopee",
                "{\"kind\":\"MARKETPLACE\",\"name\":\"Shopee SG\",\"sourcesFrom\":[\"wh-1\"]}");
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.body()).isEqualTo("{\"channelId\":\"shopee\",\"kind\":\"MARKETPLACE\",\"name\":\"Shopee SG\","
                + "\"pools\":[],\"sourcesFrom\":[\"wh-1\"]}");
        assertThat(ordo.api.get(ADMIN, "/v1/channels/shopee").body()).isEqualTo(put.body());

        Api.Response tooMany = place(ADMIN, OrderBodies.ship("shopee", "c-1", "A", 11));
        assertThat(tooMany.status()).as("%s", tooMany).isEqualTo(409);
        assertThat(tooMany.json().path("available").asLong()).isEqualTo(10);
        assertThat(tooMany.json().path("ruledOutUnits").asLong()).isEqualTo(5);
        assertThat(tooMany.json().path("ruledOutReason").asText()).isEqualTo("CHANNEL_NOT_SERVED");
        assertThat(tooMany.json().path("detail").asText()).contains("sourcesFrom");

        Api.Response placed = place(ADMIN, OrderBodies.ship("shopee", "c-1", "A", 1));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        JsonNode sourcing = ordo.api.get(ADMIN, ORDERS + "/" + placed.json().path("orderId").asText() + "/sourcing")
                .json();
        assertThat(find(sourcing.path("candidates"), "locationId", "st-1").path("reason").asText())
                .isEqualTo("CHANNEL_NOT_SERVED");
        assertThat(find(sourcing.path("candidates"), "locationId", "wh-1").path("reason").asText())
                .isEqualTo("SELECTED");

        Api.Response pickup = place(ADMIN, OrderBodies.pickup("shopee", "c-2", "st-1", "A", 1));
        assertThat(pickup.status()).as("%s", pickup).isEqualTo(400);
        assertThat(pickup.problemCode()).isEqualTo("CHANNEL_NOT_SERVED");
        assertThat(pickup.json().path("field").asText()).isEqualTo("pickupLocationId");
        Api.Response hold = ordo.api.post(ADMIN, "/v1/reservations", "{\"channel\":\"shopee\",\"customerId\":\"c-2\","
                + "\"ttlSeconds\":600,\"locationId\":\"st-1\",\"lines\":[" + InProcessOrdo.line("A", 1) + "]}");
        assertThat(hold.status()).as("%s", hold).isEqualTo(400);
        assertThat(hold.problemCode()).isEqualTo("CHANNEL_NOT_SERVED");
        assertThat(hold.json().path("field").asText()).isEqualTo("locationId");

        JsonNode stock = ordo.api.get(ADMIN, "/v1/inventory/A?channel=shopee").json().path("channel");
        assertThat(stock.path("availableToSell").asLong()).isEqualTo(9);
        assertThat(stock.path("networkHolds").asLong()).isZero();
        assertThat(find(stock.path("locations"), "locationId", "st-1").path("sourced").asBoolean()).isFalse();
        assertThat(find(stock.path("locations"), "locationId", "st-1").path("availableToSell").asLong()).isZero();
        assertThat(find(stock.path("locations"), "locationId", "wh-1").path("sourced").asBoolean()).isTrue();
        JsonNode web = ordo.api.get(ADMIN, "/v1/inventory/A?channel=web").json().path("channel");
        assertThat(web.has("networkHolds")).as("not counted: web has no pool and no list").isFalse();
        assertThat(web.path("availableToSell").asLong()).isEqualTo(14);

        for (String[] bad : List.of(
                new String[] {"[]", "INVALID_REQUEST", "sourcesFrom"},
                new String[] {"[\"wh-1\",\"wh-1\"]", "INVALID_REQUEST", "sourcesFrom[1]"},
                new String[] {"[\"wh-1\",\"..\"]", "INVALID_REQUEST", "sourcesFrom[1]"},
                new String[] {"[7]", "INVALID_REQUEST", "sourcesFrom[0]"},
                new String[] {"\"wh-1\"", "INVALID_REQUEST", "sourcesFrom"},
                new String[] {"[\"st-1\",\"nowhere\"]", "UNKNOWN_LOCATION", "sourcesFrom[1]"})) {
            Api.Response refused = ordo.api.put(ADMIN, "/v1/channels/shopee",
                    "{\"kind\":\"MARKETPLACE\",\"sourcesFrom\":" + bad[0] + "}");
            assertThat(refused.status()).as("%s: %s", bad[0], refused).isEqualTo(400);
            assertThat(refused.problemCode()).as("%s", bad[0]).isEqualTo(bad[1]);
            assertThat(refused.json().path("field").asText()).as("%s", bad[0]).isEqualTo(bad[2]);
        }
        StringBuilder many = new StringBuilder("{\"kind\":\"MARKETPLACE\",\"sourcesFrom\":[");
        for (int i = 0; i < 600; i++) {
            many.append(i == 0 ? "" : ",").append("\"location-").append(1000 + i).append('"');
        }
        Api.Response tooLong = ordo.api.put(ADMIN, "/v1/channels/shopee", many.append("]}").toString());
        assertThat(tooLong.status()).as("%s", tooLong).isEqualTo(400);
        assertThat(tooLong.json().path("field").asText()).as("the list, not the pools").isEqualTo("sourcesFrom");
        assertThat(ordo.api.get(ADMIN, "/v1/channels/shopee").body()).isEqualTo(put.body());

        // A network hold of 9 stands on wh-1's units: a list of st-1 (5 units) would leave 4 without a place.
        Api.Response networkHold = ordo.api.post(ADMIN, "/v1/reservations", "{\"channel\":\"shopee\","
                + "\"customerId\":\"c-9\",\"ttlSeconds\":600,\"lines\":[" + InProcessOrdo.line("A", 9) + "]}");
        assertThat(networkHold.status()).as("%s", networkHold).isEqualTo(201);
        Api.Response stranding = ordo.api.put(ADMIN, "/v1/channels/shopee",
                "{\"kind\":\"MARKETPLACE\",\"name\":\"Shopee SG\",\"sourcesFrom\":[\"st-1\"]}");
        assertThat(stranding.status()).as("%s", stranding).isEqualTo(409);
        assertThat(stranding.problemCode()).isEqualTo("KEPT_HOLDS_SHORT");
        assertThat(stranding.json().path("sku").asText()).isEqualTo("A");
        assertThat(stranding.json().path("units").asLong()).isEqualTo(4);
        assertThat(stranding.json().path("field").asText()).isEqualTo("sourcesFrom");
        assertThat(ordo.api.get(ADMIN, "/v1/channels/shopee").body()).isEqualTo(put.body());
        assertThat(ordo.api.delete(ADMIN, "/v1/reservations/" + networkHold.json().path("reservationId").asText())
                .status()).isEqualTo(200);
        Api.Response anywhere = ordo.api.put(ADMIN, "/v1/channels/shopee",
                "{\"kind\":\"MARKETPLACE\",\"name\":\"Shopee SG\",\"sourcesFrom\":null}");
        assertThat(anywhere.json().path("sourcesFrom").isNull()).isTrue();
        assertThat(place(ADMIN, OrderBodies.ship("shopee", "c-1", "A", 13)).status()).isEqualTo(201);
    }

    /**
     * A channel-bound key reads its own channels only: another channel is not its to read, answered as one that does
     * not exist (API.md: 404 "unknown or not yours"), the same bytes either way. It was 403 (found in QA).
     */
    @Test
    void anotherChannelReadsAsNotFound() {
        ordo.api.put(ADMIN, "/v1/channels/shopee", "{\"kind\":\"MARKETPLACE\"}");

        Api.Response unknown = ordo.api.get(ADMIN, "/v1/channels/tiktok");
        assertThat(unknown.status()).isEqualTo(404);
        for (String key : List.of(WEB, STORE, STORE_WITHOUT_CHANNEL)) {
            for (String channel : List.of("shopee", "tiktok")) {
                Api.Response refused = ordo.api.get(key, "/v1/channels/" + channel);
                assertThat(refused.status()).as("%s", refused).isEqualTo(404);
                assertThat(refused.problemCode()).isEqualTo("CHANNEL_NOT_FOUND");
                assertThat(refused.body()).as("whether or not %s exists", channel).isEqualTo(unknown.body());
                assertThat(refused.json().path("detail").asText()).as("says neither that %s exists nor that it "
                        + "does not", channel).isEqualTo("no such channel, or not one of this key's channels");
            }
        }
        assertThat(ordo.api.get(APP, "/v1/channels/app").status()).isEqualTo(200);
        assertThat(ordo.api.get(ADMIN, "/v1/channels/shopee").status()).isEqualTo(200);
    }

    @Test
    void theSourcingPolicyIsReplacedWholeAndReadBack() {
        Api.Response initial = ordo.api.get(AUDITOR, "/v1/sourcing-policy");
        assertThat(initial.status()).isEqualTo(200);
        assertThat(initial.json().path("splitPenaltyMinor").asLong()).isEqualTo(500);
        assertThat(fieldNames(initial.json().path("serviceLevels")))
                .containsExactly("STANDARD", "EXPRESS", "SAME_DAY");

        String policy = "{\"splitPenaltyMinor\":900,\"pickupReadyMinutes\":60,\"serviceLevels\":{"
                + "\"STANDARD\":{\"ratePerKmMinor\":2,\"radiusMetres\":0,\"transit\":[{\"upToMetres\":100000,"
                + "\"minutes\":1440},{\"upToMetres\":20037509,\"minutes\":10080}]},"
                + "\"EXPRESS\":{\"ratePerKmMinor\":4,\"radiusMetres\":500000,\"transit\":[{\"upToMetres\":500000,"
                + "\"minutes\":720}]},"
                + "\"SAME_DAY\":{\"ratePerKmMinor\":8,\"radiusMetres\":30000,\"transit\":[{\"upToMetres\":30000,"
                + "\"minutes\":240}]}},\"maxShipments\":null}";
        Api.Response put = ordo.api.put(ADMIN, "/v1/sourcing-policy", policy);
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.body()).isEqualTo(policy);
        assertThat(ordo.api.get(ADMIN, "/v1/sourcing-policy").body()).isEqualTo(policy);

        String before = ordo.api.stateHash(AUDITOR);
        // A body that is not a policy's shape names the field (INVALID_REQUEST); values out of their range or that
        // do not hold together (bands not rising, a zero transit time, a negative penalty) are an INVALID_POLICY.
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put(policy.replace("{\"upToMetres\":20037509,\"minutes\":10080}", "{\"upToMetres\":50000,\"minutes\":1}"),
                "INVALID_POLICY");
        bad.put(policy.replace(",\"SAME_DAY\":{\"ratePerKmMinor\":8,\"radiusMetres\":30000,\"transit\":"
                + "[{\"upToMetres\":30000,\"minutes\":240}]}", ""), "INVALID_REQUEST");
        bad.put(policy.replace("\"minutes\":720", "\"minutes\":0"), "INVALID_POLICY");
        bad.put(policy.replace("\"splitPenaltyMinor\":900", "\"splitPenaltyMinor\":-1"), "INVALID_POLICY");
        bad.put(policy.replace("\"pickupReadyMinutes\":60", "\"pickupReadyMinutes\":60,\"tiebreak\":\"id\""),
                "INVALID_REQUEST");
        // A shipment limit is 1 to 63, or null for none.
        bad.put(policy.replace("\"maxShipments\":null", "\"maxShipments\":0"), "INVALID_POLICY");
        bad.put(policy.replace("\"maxShipments\":null", "\"maxShipments\":64"), "INVALID_POLICY");
        bad.put(policy.replace("\"maxShipments\":null", "\"maxShipments\":\"2\""), "INVALID_REQUEST");
        for (java.util.Map.Entry<String, String> refusal : bad.entrySet()) {
            Api.Response refused = ordo.api.put(ADMIN, "/v1/sourcing-policy", refusal.getKey());
            assertThat(refused.status()).as("%s: %s", refusal.getKey(), refused).isEqualTo(400);
            assertThat(refused.problemCode()).as("%s: %s", refusal.getKey(), refused).isEqualTo(refusal.getValue());
            assertThat(refused.json().path("detail").asText()).isNotBlank();
        }
        assertThat(ordo.api.stateHash(AUDITOR)).isEqualTo(before);
        assertThat(ordo.api.get(ADMIN, "/v1/sourcing-policy").body()).isEqualTo(policy);
    }

    /**
     * A marketplace order kept to two shipments (rules version 14): the two nodes giving most ship, the rest waits as
     * a backorder, and the order, its sourcing view and a refusal say why; the policy's limit applies to orders that
     * set none, the smaller of the two to those that do.
     */
    @Test
    void anOrderKeptToItsShipmentLimitShipsFromTheNodesGivingMostAndSaysWhy() {
        ordo.defineLocation("st-2", "{\"type\":\"STORE\",\"name\":\"Tampines\",\"lat\":1.3526,\"lon\":103.9447,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"SHIP_FROM_STORE\"],"
                + "\"handlingCost\":{\"amountMinor\":450,\"currency\":\"SGD\"}}");
        ordo.setStock("BO", "st-1", 3);
        ordo.setStock("BO", "st-2", 2);
        ObjectNode body = OrderBodies.ship("web", "c-1", "BO", 6);
        body.put("maxShipments", 2);

        Api.Response placed = place(WEB, body);

        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        JsonNode order = placed.json();
        assertThat(order.path("maxShipments").asInt()).isEqualTo(2);
        assertThat(order.path("lines").path(0).path("allocated").asInt()).isEqualTo(5);
        assertThat(order.path("lines").path(0).path("backordered").asInt()).isEqualTo(1);
        String id = order.path("orderId").asText();
        JsonNode sourcing = ordo.api.get(WEB, ORDERS + "/" + id + "/sourcing").json();
        assertThat(sourcing.path("plan").path("maxShipments").asInt()).isEqualTo(2);
        assertThat(sourcing.path("plan").path("shipments").asInt()).isEqualTo(2);
        java.util.Map<String, String> reasons = reasons(sourcing);
        assertThat(reasons).containsEntry("wh-1", "SHIPMENT_LIMIT").containsEntry("st-1", "SELECTED")
                .containsEntry("st-2", "SELECTED");
        assertThat(ordo.api.get(WEB, ORDERS + "/" + id).json().path("maxShipments").asInt()).isEqualTo(2);

        ordo.stockedSku("C", "wh-1", 1);
        ordo.setStock("C", "st-1", 1);
        ObjectNode refusedBody = OrderBodies.ship("web", "c-2", "C", 2);
        refusedBody.put("maxShipments", 1);
        Api.Response refused = place(WEB, refusedBody);
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.json().path("available").asInt()).isEqualTo(1);
        assertThat(refused.json().path("ruledOutUnits").asInt()).isEqualTo(1);
        assertThat(refused.json().path("ruledOutReason").asText()).isEqualTo("SHIPMENT_LIMIT");
        assertThat(refused.json().path("detail").asText()).contains("shipment limit");

        String policy = ordo.api.get(ADMIN, "/v1/sourcing-policy").body().replace("\"maxShipments\":null",
                "\"maxShipments\":1");
        assertThat(ordo.api.put(ADMIN, "/v1/sourcing-policy", policy).status()).isEqualTo(200);
        assertThat(ordo.api.get(AUDITOR, "/v1/sourcing-policy").json().path("maxShipments").asInt()).isEqualTo(1);
        Api.Response byPolicy = place(WEB, OrderBodies.ship("web", "c-3", "A", 1));
        assertThat(byPolicy.json().path("maxShipments").asInt()).isEqualTo(1);
        ObjectNode larger = OrderBodies.ship("web", "c-4", "A", 1);
        larger.put("maxShipments", 5);
        assertThat(place(WEB, larger).json().path("maxShipments").asInt()).isEqualTo(1);
    }

    /**
     * A warehouse across the border that ships to its own country only (rules version 15): an order to Singapore
     * passes it over however cheap it is, its sourcing view and a refusal say why, and the list reads back and is
     * checked field by field.
     */
    @Test
    void aLocationShipsOnlyToTheCountriesItListsAndOrdersAndRefusalsSayWhy() {
        String johor = "{\"type\":\"WAREHOUSE\",\"name\":\"Johor Bahru\",\"lat\":1.4927,\"lon\":103.7414,"
                + "\"countryCode\":\"MY\",\"capabilities\":[\"SHIP\"],\"shipsTo\":[\"MY\"]}";
        ordo.defineLocation("wh-jb", johor);
        ordo.stockedSku("C", "wh-1", 1);
        ordo.setStock("C", "wh-jb", 5);

        Api.Response refused = place(WEB, OrderBodies.ship("web", "c-1", "C", 2));
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.json().path("available").asInt()).isEqualTo(1);
        assertThat(refused.json().path("ruledOutUnits").asInt()).isEqualTo(5);
        assertThat(refused.json().path("ruledOutReason").asText()).isEqualTo("COUNTRY_NOT_SERVED");
        assertThat(refused.json().path("detail").asText()).contains("do not ship to the order's shipTo.countryCode");

        Api.Response placed = place(WEB, OrderBodies.ship("web", "c-1", "C", 1));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        String id = placed.json().path("orderId").asText();
        JsonNode sourcing = ordo.api.get(WEB, ORDERS + "/" + id + "/sourcing").json();
        java.util.Map<String, String> reasons = reasons(sourcing);
        assertThat(reasons).containsEntry("wh-jb", "COUNTRY_NOT_SERVED").containsEntry("wh-1", "SELECTED");

        JsonNode shown = ordo.api.get(ADMIN, "/v1/locations/wh-jb").json();
        assertThat(shown.path("shipsTo").toString()).isEqualTo("[\"MY\"]");
        JsonNode anywhere = ordo.api.get(ADMIN, "/v1/locations/wh-1").json();
        assertThat(anywhere.has("shipsTo")).isTrue();
        assertThat(anywhere.path("shipsTo").isNull()).as("ships anywhere").isTrue();
        assertThat(ordo.api.put(ADMIN, "/v1/locations/wh-1", anywhere.toString()).status())
                .as("a location as read is PUT back").isEqualTo(200);
        ObjectNode both = (ObjectNode) shown.deepCopy();
        both.putArray("shipsTo").add("SG").add("MY");
        Api.Response widened = ordo.api.put(ADMIN, "/v1/locations/wh-jb", both.toString());
        assertThat(widened.status()).as("%s", widened).isEqualTo(200);
        assertThat(widened.json().path("shipsTo").toString()).as("in code order").isEqualTo("[\"MY\",\"SG\"]");
        assertThat(place(WEB, OrderBodies.ship("web", "c-2", "C", 2)).status()).as("it ships to SG now")
                .isEqualTo(201);

        String before = ordo.api.stateHash(AUDITOR);
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("[]", "shipsTo");
        bad.put("[\"sg\"]", "shipsTo[0]");
        bad.put("[\"SG\",\"XX\"]", "shipsTo[1]");
        bad.put("[\"SG\",\"MY\",\"SG\"]", "shipsTo[2]");
        bad.put("[1]", "shipsTo[0]");
        bad.put("\"SG\"", "shipsTo");
        bad.put("[" + "\"SG\",".repeat(255) + "\"MY\"]", "shipsTo");
        for (java.util.Map.Entry<String, String> entry : bad.entrySet()) {
            Api.Response response = ordo.api.put(ADMIN, "/v1/locations/wh-jb",
                    johor.replace("[\"MY\"]", entry.getKey()));
            assertThat(response.status()).as("%s: %s", entry.getKey(), response).isEqualTo(400);
            assertThat(response.json().path("field").asText()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(ordo.api.stateHash(AUDITOR)).as("nothing changed").isEqualTo(before);
    }

    /**
     * A marketplace order with a shipping fee and a voucher (rules version 16): its payment is the lines and the
     * charges less the voucher, it is not held, the view lists the charges as sent, and a partial cancellation leaves
     * the units' value less their share of the voucher open (the list's total too).
     */
    @Test
    void chargesAreCapturedPaidForShownAndProratedOnCancellation() {
        ObjectNode body = OrderBodies.ship("web", "c-1", "A", 2);
        com.fasterxml.jackson.databind.node.ArrayNode charges = body.putArray("charges");
        charges.addObject().put("type", "SHIPPING").put("name", "Standard").putObject("amount")
                .put("amountMinor", 300).put("currency", "SGD");
        charges.addObject().put("type", "DISCOUNT").put("name", "Voucher SHOPEE5").putObject("amount")
                .put("amountMinor", 500).put("currency", "SGD");
        ((ObjectNode) body.path("payment").path("amount")).put("amountMinor", 3998 + 300 - 500);

        Api.Response placed = place(WEB, body);
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        JsonNode order = placed.json();
        assertThat(order.path("status").asText()).isEqualTo("READY_TO_RELEASE");
        assertThat(order.path("payment").path("problem").isNull()).isTrue();
        assertThat(order.path("charges").toString()).isEqualTo("[{\"type\":\"SHIPPING\",\"name\":\"Standard\","
                + "\"amount\":{\"amountMinor\":300,\"currency\":\"SGD\"}},{\"type\":\"DISCOUNT\","
                + "\"name\":\"Voucher SHOPEE5\",\"amount\":{\"amountMinor\":500,\"currency\":\"SGD\"}}]");
        assertThat(order.path("totals").toString()).isEqualTo("{\"units\":2,\"amount\":{\"amountMinor\":3798,"
                + "\"currency\":\"SGD\"},\"ordered\":{\"amountMinor\":3798,\"currency\":\"SGD\"}}");
        String id = order.path("orderId").asText();

        Api.Response cancelled = ordo.api.post(WEB, ORDERS + "/" + id + "/cancel",
                "{\"lines\":[{\"sku\":\"A\",\"qty\":1}],\"reason\":\"one is enough\"}");
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);
        // 19.99 + 3.00 shipping − floor(5.00 × 19.99 / 39.98) = 2.50 of the voucher.
        assertThat(cancelled.json().path("totals").path("amount").path("amountMinor").asLong())
                .isEqualTo(1999 + 300 - 250);
        assertThat(cancelled.json().path("totals").path("ordered").path("amountMinor").asLong()).isEqualTo(3798);
        JsonNode listed = ordo.api.get(WEB, ORDERS + "?channel=web").json().path("orders").get(0);
        assertThat(listed.path("total").path("amountMinor").asLong()).isEqualTo(1999 + 300 - 250);

        // Without the charges in the payment, the order is held and says what it totals.
        ObjectNode short_ = OrderBodies.ship("web", "c-2", "A", 1);
        short_.putArray("charges").addObject().put("type", "FEE").putObject("amount").put("amountMinor", 100)
                .put("currency", "SGD");
        JsonNode held = place(WEB, short_).json();
        assertThat(held.path("status").asText()).isEqualTo("PAYMENT_PENDING");
        assertThat(held.path("payment").path("problem").asText())
                .isEqualTo("AMOUNT_MISMATCH: payment 1999 but the order totals 2099 SGD");
        // A card cannot authorize nothing: an order a voucher covers whole is paid offline.
        ObjectNode free = OrderBodies.ship("web", "c-4", "A", 1);
        free.putArray("charges").addObject().put("type", "DISCOUNT").putObject("amount").put("amountMinor", 1999)
                .put("currency", "SGD");
        ((ObjectNode) free.path("payment")).put("provider", "stripe").put("reference", "pi_free");
        ((ObjectNode) free.path("payment").path("amount")).put("amountMinor", 0);
        Api.Response card = place(WEB, free);
        assertThat(card.status()).as("%s", card).isEqualTo(400);
        assertThat(card.json().path("field").asText()).isEqualTo("payment.amount.amountMinor");
        ((ObjectNode) free.path("payment")).put("provider", "offline");
        assertThat(place(WEB, free).json().path("status").asText()).isEqualTo("READY_TO_RELEASE");
        // Null is none.
        ObjectNode none = OrderBodies.ship("web", "c-3", "A", 1);
        none.putNull("charges");
        assertThat(place(WEB, none).json().path("charges").toString()).isEqualTo("[]");
    }

    /** Every refused charge names its member, and nothing changes. */
    @Test
    void aRefusedChargeNamesItsMemberAndChangesNothing() {
        String before = ordo.api.stateHash(AUDITOR);
        java.util.Map<String, String[]> bad = new java.util.LinkedHashMap<>();
        String shipping = "{\"type\":\"SHIPPING\",\"amount\":{\"amountMinor\":100,\"currency\":\"SGD\"}}";
        bad.put("[{\"type\":\"SHIPPING\",\"amount\":{\"amountMinor\":100,\"currency\":\"EUR\"}}]",
                new String[] {"CURRENCY_MISMATCH", "charges[0].amount.currency"});
        bad.put("[" + shipping + ",{\"type\":\"DISCOUNT\",\"amount\":{\"amountMinor\":2000,\"currency\":\"SGD\"}}]",
                new String[] {"INVALID_REQUEST", "charges"});
        bad.put("[{\"type\":\"POSTAGE\",\"amount\":{\"amountMinor\":100,\"currency\":\"SGD\"}}]",
                new String[] {"INVALID_REQUEST", "charges[0].type"});
        bad.put("[{\"type\":\"FEE\",\"amount\":{\"amountMinor\":-1,\"currency\":\"SGD\"}}]",
                new String[] {"INVALID_REQUEST", "charges[0].amount.amountMinor"});
        bad.put("[{\"type\":\"FEE\",\"name\":\"" + "x".repeat(101) + "\",\"amount\":{\"amountMinor\":1,"
                + "\"currency\":\"SGD\"}}]", new String[] {"INVALID_REQUEST", "charges[0].name"});
        bad.put("[{\"type\":\"FEE\",\"name\":\" \\u00a0 \",\"amount\":{\"amountMinor\":1,\"currency\":\"SGD\"}}]",
                new String[] {"INVALID_REQUEST", "charges[0].name"});
        bad.put("[{\"type\":\"FEE\",\"name\":\"   \",\"amount\":{\"amountMinor\":1,\"currency\":\"SGD\"}}]",
                new String[] {"INVALID_REQUEST", "charges[0].name"});
        bad.put("[{\"type\":\"FEE\",\"amount\":{\"amountMinor\":1,\"currency\":\"SGD\"},\"code\":\"X\"}]",
                new String[] {"INVALID_REQUEST", "charges[0].code"});
        bad.put("[" + (shipping + ",").repeat(16) + shipping + "]", new String[] {"INVALID_REQUEST", "charges"});
        bad.put("{}", new String[] {"INVALID_REQUEST", "charges"});
        bad.put("[1]", new String[] {"INVALID_REQUEST", "charges[0]"});
        for (java.util.Map.Entry<String, String[]> entry : bad.entrySet()) {
            String body = OrderBodies.ship("web", "c-1", "A", 1).toString();
            body = body.substring(0, body.length() - 1) + ",\"charges\":" + entry.getKey() + "}";
            Api.Response response = ordo.api.post(WEB, ORDERS, body);
            assertThat(response.status()).as("%s: %s", entry.getKey(), response).isEqualTo(400);
            assertThat(response.problemCode()).as(entry.getKey()).isEqualTo(entry.getValue()[0]);
            assertThat(response.json().path("field").asText()).as(entry.getKey()).isEqualTo(entry.getValue()[1]);
        }
        assertThat(ordo.api.stateHash(AUDITOR)).as("nothing changed").isEqualTo(before);
    }

    private Api.Response place(String key, ObjectNode body) {
        return ordo.api.post(key, ORDERS, body.toString());
    }

    private void assertAllocated(String sku, long allocated, long atp) {
        JsonNode network = ordo.inventory(sku).path("network");
        assertThat(network.path("allocated").asLong()).as("%s allocated", sku).isEqualTo(allocated);
        assertThat(network.path("atp").asLong()).as("%s atp", sku).isEqualTo(atp);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A second store, st-2, and the web's orders: a pickup at st-1, one at st-2, one shipped (their ids). */
    private List<String> twoStoresPickupsAndAShipment() {
        ordo.defineLocation("st-2", "{\"type\":\"STORE\",\"name\":\"Tampines\",\"lat\":1.3526,\"lon\":103.9447,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\"],\"handlingCost\":{\"amountMinor\":450,"
                + "\"currency\":\"SGD\"}}");
        ordo.stockedSku("P", "st-1", 5);
        ordo.setStock("P", "st-2", 5);
        return List.of(place(WEB, OrderBodies.pickup("web", "c-1", "st-1", "P", 1)).json().path("orderId").asText(),
                place(WEB, OrderBodies.pickup("web", "c-2", "st-2", "P", 1)).json().path("orderId").asText(),
                place(WEB, OrderBodies.ship("web", "c-3", "A", 1)).json().path("orderId").asText());
    }

    private static List<String> orderIds(JsonNode page) {
        assertThat(fieldNames(page)).containsExactly("orders", "nextCursor");
        List<String> ids = new ArrayList<>();
        page.path("orders").forEach(o -> ids.add(o.path("orderId").asText()));
        return ids;
    }

    /** Each candidate's reason in a sourcing view, by location id. */
    private static java.util.Map<String, String> reasons(JsonNode sourcing) {
        java.util.Map<String, String> reasons = new java.util.TreeMap<>();
        sourcing.path("candidates").forEach(c -> reasons.put(c.path("locationId").asText(), c.path("reason").asText()));
        return reasons;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.path(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + " = " + value + " in " + array);
    }
}
