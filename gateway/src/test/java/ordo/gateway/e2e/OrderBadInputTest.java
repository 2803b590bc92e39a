package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.STORE_WITHOUT_CHANNEL;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad order request answers its documented status and stable {@code code}, and changes nothing: the
 * state hash is the same before and after, and no stock is allocated.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OrderBadInputTest {

    private static final String ORDERS = "/v1/orders";

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("wh-1");
        ordo.defineChannel("web", "WEB");
        ordo.defineChannel("app", "APP");
        ordo.stockedSku("A", "wh-1", 10);
        ordo.stockedSku("B", "wh-1", 10);
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void malformedJsonIsRejected() {
        assertRejected(() -> ordo.api.post(WEB, ORDERS, "{\"channel\":\"web\",\"lines\":["), 400, "MALFORMED_JSON");
    }

    @Test
    void zeroAndNegativeQuantitiesAreRejected() {
        for (int qty : new int[]{0, -1}) {
            ObjectNode order = OrderBodies.ship("web", "c-1", "A", 1);
            ((ObjectNode) order.path("lines").get(0)).put("qty", qty);
            Api.Response response = assertRejected(() -> post(order), 400, "INVALID_REQUEST");
            assertThat(response.json().path("field").asText()).isEqualTo("lines[0].qty");
        }
    }

    @Test
    void anUnknownSkuIsRejected() {
        Api.Response response = assertRejected(() -> post(OrderBodies.ship("web", "c-1", "A", 1, "NO-SUCH-SKU", 1)),
                400, "UNKNOWN_SKU");
        assertThat(response.json().path("sku").asText()).isEqualTo("NO-SUCH-SKU");
        assertThat(response.json().path("line").asInt()).isEqualTo(1);
        assertThat(response.json().path("field").asText()).as("the field, as the gateway's checks name one (QA)")
                .isEqualTo("lines[1].sku");
    }

    @Test
    void aSkuOnTwoLinesIsRejectedNamingTheSecond() {
        Api.Response response = assertRejected(() -> post(OrderBodies.ship("web", "c-1", "A", 1, "A", 2)),
                400, "DUPLICATE_SKU");
        assertThat(response.json().path("sku").asText()).isEqualTo("A");
        assertThat(response.json().path("field").asText()).isEqualTo("lines[1].sku");
    }

    @Test
    void aPaymentInAnotherCurrencyThanTheLinesNamesThePaymentsCurrency() {
        ObjectNode order = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) order.path("payment").path("amount")).put("currency", "MYR");
        Api.Response response = assertRejected(() -> post(order), 400, "CURRENCY_MISMATCH");
        assertThat(response.json().path("field").asText()).isEqualTo("payment.amount.currency");
    }

    @Test
    void linesInTwoCurrenciesAreRejected() {
        ObjectNode order = OrderBodies.ship("web", "c-1", "A", 1, "B", 1);
        ((ObjectNode) order.path("lines").get(1).path("unitPrice")).put("currency", "MYR");
        Api.Response response = assertRejected(() -> post(order), 400, "CURRENCY_MISMATCH");
        assertThat(response.json().path("field").asText()).isEqualTo("lines[1].unitPrice.currency");
    }

    /**
     * Currencies are ISO 4217 codes and countries ISO 3166-1 alpha-2 codes, as the JDK knows them: XXQ and XX have
     * their shape and name nothing, and an order in XXQ to XX was placed (201).
     */
    @Test
    void currencyAndCountryCodesThatNameNothingAreRejected() {
        ObjectNode allXxq = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) allXxq.path("lines").get(0).path("unitPrice")).put("currency", "XXQ");
        ((ObjectNode) allXxq.path("payment").path("amount")).put("currency", "XXQ");
        ObjectNode payment = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) payment.path("payment").path("amount")).put("currency", "XXQ");
        ObjectNode shipTo = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) shipTo.path("shipTo")).put("countryCode", "XX");
        ObjectNode billing = OrderBodies.ship("web", "c-1", "A", 1).put("billingCountryCode", "XX");
        String currency = "must be an ISO 4217 code such as EUR";
        String country = "must be an ISO 3166-1 alpha-2 code such as SG";
        assertFieldRejected(allXxq, "lines[0].unitPrice.currency", currency);
        assertFieldRejected(payment, "payment.amount.currency", currency);
        assertFieldRejected(shipTo, "shipTo.countryCode", country);
        assertFieldRejected(billing, "billingCountryCode", country);
        ObjectNode elsewhere = OrderBodies.ship("web", "c-1", "A", 1).put("billingCountryCode", "MY");
        ((ObjectNode) elsewhere.path("shipTo")).put("countryCode", "GB");
        assertThat(post(elsewhere).status()).as("real codes of other countries").isEqualTo(201);
    }

    @Test
    void aShipOrderWithoutCoordinatesIsRejectedByTheEngine() {
        ObjectNode order = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) order.path("shipTo")).remove("lat");
        ((ObjectNode) order.path("shipTo")).remove("lon");
        Api.Response response = assertRejected(() -> post(order), 400, "MISSING_COORDINATES");
        assertThat(response.json().path("field").asText()).isEqualTo("shipTo.lat");
    }

    @Test
    void pickupWhereThereIsNoPickupIsRejected() {
        Api.Response noPickup = assertRejected(() -> post(OrderBodies.pickup("web", "c-1", "wh-1", "A", 1)), 400,
                "PICKUP_NOT_AVAILABLE");
        assertThat(noPickup.json().path("field").asText()).as("the field that named it").isEqualTo("pickupLocationId");
        ordo.defineLocation("st-closed", "{\"type\":\"STORE\",\"lat\":1.30,\"lon\":103.83,\"capabilities\":"
                + "[\"PICKUP\"],\"active\":false}");
        Api.Response closed = assertRejected(() -> post(OrderBodies.pickup("web", "c-1", "st-closed", "A", 1)), 409,
                "LOCATION_INACTIVE");
        assertThat(closed.json().path("field").asText()).isEqualTo("pickupLocationId");
        assertThat(closed.json().path("detail").asText()).isEqualTo("the location named in pickupLocationId is not "
                + "active");
        Api.Response noHold = assertRejected(() -> post(OrderBodies.ship("web", "c-1", "A", 1)
                .put("reservationId", "res_0000000000000001")), 404, "RESERVATION_NOT_FOUND");
        assertThat(noHold.json().path("field").asText()).isEqualTo("reservationId");
        // An id no path could name is invalid, as every other id in a body (QA-235: 404 RESERVATION_NOT_FOUND).
        for (String dots : new String[] {".", ".."}) {
            Api.Response invalid = assertRejected(() -> post(OrderBodies.ship("web", "c-1", "A", 1)
                    .put("reservationId", dots)), 400, "INVALID_REQUEST");
            assertThat(invalid.json().path("field").asText()).isEqualTo("reservationId");
        }
        // Another channel's hold, refused by the engine as one that does not exist: the same field.
        Api.Response appHold = ordo.api.post(InProcessOrdo.APP, "/v1/reservations",
                InProcessOrdo.reserveBody("app", "c-1", "[" + InProcessOrdo.line("B", 1) + "]"));
        assertThat(appHold.status()).as("%s", appHold).isEqualTo(201);
        String foreign = appHold.json().path("reservationId").asText();
        Api.Response notMine = ordo.api.post(WEB, ORDERS, OrderBodies.ship("web", "c-1", "A", 1)
                .put("reservationId", foreign).toString());
        assertThat(notMine.status()).as("%s", notMine).isEqualTo(404);
        assertThat(notMine.json().path("field").asText()).isEqualTo("reservationId");
        assertThat(notMine.json().path("detail").asText()).isEqualTo("the reservation named in reservationId does "
                + "not exist, or is not a hold of the order's channel (a hold converts only into an order of the "
                + "channel it was placed on)");
        Api.Response nowhere = assertRejected(() -> post(OrderBodies.pickup("web", "c-1", "st-404", "A", 1)), 400,
                "UNKNOWN_LOCATION");
        assertThat(nowhere.json().path("field").asText()).as("the field that named it").isEqualTo("pickupLocationId");
        assertThat(nowhere.json().path("detail").asText()).isEqualTo("the location named in pickupLocationId is not "
                + "defined");
    }

    @Test
    void anUnknownFieldIsRejected() {
        Api.Response response = assertRejected(() -> post(OrderBodies.ship("web", "c-1", "A", 1)
                .put("giftWrap", true)), 400, "INVALID_REQUEST");
        assertThat(response.json().path("field").asText()).isEqualTo("giftWrap");
        ObjectNode nested = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) nested.path("shipTo")).put("line2", "#12-01");
        assertThat(assertRejected(() -> post(nested), 400, "INVALID_REQUEST").json().path("field").asText())
                .isEqualTo("shipTo.line2");
    }

    /** A query parameter the route does not read is refused and nothing is placed (a "dry run" placed an order). */
    @Test
    void aQueryParameterThePlacementDoesNotReadIsRejected() {
        Api.Response response = assertRejected(() -> ordo.api.post(WEB, ORDERS + "?dryRun=true",
                OrderBodies.ship("web", "c-1", "A", 1).toString()), 400, "INVALID_REQUEST");
        assertThat(response.json().path("field").asText()).isEqualTo("dryRun");
        assertThat(response.json().path("detail").asText())
                .isEqualTo("dryRun: unknown query parameter; this route takes none");
        assertThat(ordo.api.get(WEB, ORDERS + "?customerId=c-1").json().path("orders")).isEmpty();
    }

    /** {@code ?=1} names a parameter without a name, not one named "1" (found in QA). */
    @Test
    void aQueryParameterWithoutANameIsNamedAsSuch() {
        Api.Response response = ordo.api.get(WEB, ORDERS + "?=1");
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEmpty();
        assertThat(response.json().path("detail").asText())
                .startsWith("\"\": unknown query parameter (one without a name); this route takes ");
    }

    @Test
    void fieldsBeyondTheirLimitsAreRejected() {
        ObjectNode longName = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) longName.path("shipTo")).put("name", "x".repeat(201));
        assertThat(assertRejected(() -> post(longName), 400, "INVALID_REQUEST").json().path("field").asText())
                .isEqualTo("shipTo.name");
        ObjectNode badIp = OrderBodies.ship("web", "c-1", "A", 1).put("clientIp", "localhost");
        assertThat(assertRejected(() -> post(badIp), 400, "INVALID_REQUEST").json().path("field").asText())
                .isEqualTo("clientIp");
        ObjectNode badEmail = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) badEmail.path("customer")).put("email", "not an email");
        assertRejected(() -> post(badEmail), 400, "INVALID_REQUEST");
        ObjectNode badProvider = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) badProvider.path("payment")).put("provider", "paypal");
        assertRejected(() -> post(badProvider), 400, "INVALID_REQUEST");
        ObjectNode pickupWithoutStore = OrderBodies.ship("web", "c-1", "A", 1).put("deliveryMethod", "PICKUP");
        assertRejected(() -> post(pickupWithoutStore), 400, "INVALID_REQUEST");
        // The engine's bound (the largest total: 64 lines of the largest quantity at the largest unit price): one more
        // is refused here, by name.
        ObjectNode hugePayment = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) hugePayment.path("payment").path("amount")).put("amountMinor", (1L << 36) * 1_000_000 * 64 + 1);
        Api.Response huge = assertRejected(() -> post(hugePayment), 400, "INVALID_REQUEST");
        assertThat(huge.json().path("field").asText()).isEqualTo("payment.amount.amountMinor");
        assertThat(huge.json().path("detail").asText()).contains("4398046511104000000");
    }

    /** A cancellation's reason of only invisible characters is blank: it passed "must not be blank" (found in QA). */
    @Test
    void aCancellationsReasonOfOnlyInvisibleCharactersIsBlank() {
        Api.Response placed = post(OrderBodies.ship("web", "c-1", "A", 1));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        String cancel = ORDERS + "/" + placed.json().path("orderId").asText() + "/cancel";
        for (String reason : new String[] {" ", "\u3000", "\u00a0", "\u200b\u2060", "\u180e\u115f\u1160",
            "\uffa0\u3164", "\u2007\u202f"}) {
            Api.Response refused = ordo.refusedWithoutChange(() -> ordo.api.post(WEB, cancel,
                    "{\"reason\":\"" + reason + "\"}"), 400, "INVALID_REQUEST");
            assertThat(refused.json().path("field").asText()).as("%s", reason).isEqualTo("reason");
        }
        assertThat(ordo.api.post(WEB, cancel, "{\"reason\":\"changed my mind\"}").status()).isEqualTo(200);
    }

    /**
     * A SHIP order names its recipient, street and city: each blank (or only invisible characters) is refused naming
     * the field, and nothing changes (found in QA: an order to an empty address was taken). The postal code may be
     * empty, as an address in Hong Kong has none; a pickup order's address is not a carrier's and may be blank.
     */
    @Test
    void aShipOrderToABlankRecipientStreetOrCityIsRefusedNamingTheField() {
        for (String field : new String[] {"name", "line1", "city"}) {
            for (String blank : new String[] {"", "   ", "\u200b"}) {
                ObjectNode order = OrderBodies.ship("web", "c-1", "A", 1);
                ((ObjectNode) order.path("shipTo")).put("name", "Tan Ah Kow").put(field, blank);
                Api.Response refused = ordo.refusedWithoutChange(() -> post(order), 400, "INVALID_REQUEST");
                assertThat(refused.json().path("field").asText()).as("%s = '%s'", field, blank)
                        .isEqualTo("shipTo." + field);
                assertThat(refused.json().path("detail").asText()).contains("must not be blank for SHIP");
            }
        }
        ObjectNode hongKong = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) hongKong.path("shipTo")).put("postalCode", "").put("countryCode", "HK");
        assertThat(post(hongKong).status()).as("no postal code").isEqualTo(201);
        ObjectNode pickup = OrderBodies.ship("web", "c-2", "A", 1);
        ordo.defineLocation("st-1", "{\"type\":\"STORE\",\"name\":\"st-1\",\"lat\":1.3,\"lon\":103.8,"
                + "\"countryCode\":\"SG\",\"capabilities\":[\"PICKUP\"]}");
        ordo.setStock("A", "st-1", 5);
        pickup.put("deliveryMethod", "PICKUP").put("pickupLocationId", "st-1");
        ((ObjectNode) pickup.path("shipTo")).put("name", "").put("line1", "");
        assertThat(post(pickup).status()).as("a pickup's address is the customer's own").isEqualTo(201);
    }

    /**
     * A quantity written as {@code 2.0} or {@code 2e0} is an integer (JSON Schema's): {@code 1.5} is not. An amount in
     * minor units must be written as an integer: {@code 1999.0} is refused, as a client sending major units would
     * otherwise have {@code 20.0} taken as 20 cents.
     */
    @Test
    void wholeQuantitiesWrittenAsDecimalsAreIntegersButMoneyIsWrittenInWholeMinorUnits() {
        String body = OrderBodies.ship("web", "c-1", "A", 2).toString().replace("\"qty\":2", "\"qty\":2e0");
        assertThat(body).contains("2e0");
        Api.Response placed = ordo.api.post(WEB, ORDERS, body);
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        assertThat(placed.json().path("lines").get(0).path("qty").asInt()).isEqualTo(2);
        Api.Response fraction = ordo.refusedWithoutChange(() -> ordo.api.post(WEB, ORDERS,
                body.replace("2e0", "1.5").replace("\"c-1\"", "\"c-2\"")), 400, "INVALID_REQUEST");
        assertThat(fraction.json().path("field").asText()).isEqualTo("lines[0].qty");
        Api.Response money = ordo.refusedWithoutChange(() -> ordo.api.post(WEB, ORDERS,
                body.replace("\"amountMinor\":1999,", "\"amountMinor\":1999.0,").replace("\"c-1\"", "\"c-3\"")),
                400, "INVALID_REQUEST");
        assertThat(money.json().path("field").asText()).isEqualTo("lines[0].unitPrice.amountMinor");
        assertThat(money.json().path("detail").asText()).contains("minor units");
    }

    /** Characters are counted as a reader counts them: a name of 200 emoji (400 UTF-16 units) is within its limit. */
    @Test
    void aNameOfTwoHundredEmojiIsWithinItsLimit() {
        String emoji = "\uD83D\uDE00".repeat(200);
        ObjectNode order = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) order.path("shipTo")).put("name", emoji);
        Api.Response placed = post(order);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(placed.json().path("shipTo").path("name").asText()).isEqualTo(emoji);
        ((ObjectNode) order.path("shipTo")).put("name", emoji + "x");
        order.put("externalId", "another");
        assertThat(ordo.refusedWithoutChange(() -> post(order), 400, "INVALID_REQUEST").json().path("field").asText())
                .isEqualTo("shipTo.name");
    }

    /**
     * An order too large to encode names the member taking most of it: 16 charges with names of 100 emoji beside a
     * long address are the charges (it named the lines, QA-251).
     */
    @Test
    void anOrderTooLargeToEncodeNamesTheMemberTakingMostOfIt() {
        String emoji = "\uD83D\uDE00";
        ObjectNode order = OrderBodies.ship("web", "c-1", "A", 1);
        ObjectNode shipTo = (ObjectNode) order.path("shipTo");
        shipTo.put("name", emoji.repeat(200)).put("line1", emoji.repeat(200)).put("city", emoji.repeat(150));
        com.fasterxml.jackson.databind.node.ArrayNode charges = order.putArray("charges");
        for (int i = 0; i < 16; i++) {
            charges.addObject().put("type", "FEE").put("name", emoji.repeat(100)).putObject("amount")
                    .put("amountMinor", 0).put("currency", "SGD");
        }
        Api.Response tooLarge = ordo.refusedWithoutChange(() -> post(order), 400, "INVALID_REQUEST");
        assertThat(tooLarge.json().path("field").asText()).isEqualTo("charges");
        assertThat(tooLarge.json().path("detail").asText()).contains("more than a command holds");
    }

    /** The largest payment the gateway takes is one the engine takes: the order is placed, its amount a mismatch. */
    @Test
    void theLargestPaymentAmountIsOneTheEngineTakes() {
        ObjectNode order = OrderBodies.ship("web", "c-1", "A", 1);
        ((ObjectNode) order.path("payment").path("amount")).put("amountMinor", (1L << 36) * 1_000_000);
        Api.Response placed = post(order);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(placed.json().path("payment").toString()).contains("AMOUNT_MISMATCH");
    }

    @Test
    void textWithAnUnpairedSurrogateIsRejectedInsteadOfStoredWithAQuestionMark() {
        // Valid JSON, but not Unicode text: UTF-8 cannot encode the lone surrogate, so it was stored as '?'.
        String order = OrderBodies.ship("web", "c-1", "A", 1).toString().replace("Tan Ah Kow", "Tan \\udc00 Kow");
        assertThat(assertRejected(() -> ordo.api.post(WEB, ORDERS, order), 400, "INVALID_REQUEST").json()
                .path("field").asText()).isEqualTo("shipTo.name");
        assertThat(assertRejected(() -> ordo.api.put(ADMIN, "/v1/skus/A", "{\"name\":\"half \\ud83d\"}"), 400,
                "INVALID_REQUEST").json().path("field").asText()).isEqualTo("name");
        // A surrogate pair is one character (an emoji) and is kept.
        String emoji = OrderBodies.ship("web", "c-1", "A", 1).toString().replace("Tan Ah Kow", "Tan \\ud83d\\ude80");
        Api.Response placed = ordo.api.post(WEB, ORDERS, emoji);
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        assertThat(placed.json().path("shipTo").path("name").asText()).isEqualTo("Tan \uD83D\uDE80");
    }

    /** An id of no hold of ours is the engine's to refuse, as one of another channel's: the same code and field. */
    @Test
    void anUnparseableReservationIdIsNotFound() {
        for (String never : new String[] {"res_nope", "res_0000000000000002", "abc"}) {
            Api.Response response = assertRejected(() -> post(OrderBodies.ship("web", "c-1", "A", 1)
                    .put("reservationId", never)), 404, "RESERVATION_NOT_FOUND");
            assertThat(response.json().path("field").asText()).isEqualTo("reservationId");
        }
    }

    /**
     * ORDERS.md: a second capture of a marketplace order answers the existing order "whatever its body, once the
     * body passes the gateway's checks". A reservationId no hold has is the engine's to judge, so the re-send answers
     * the order; it answered 404 (QA-198).
     */
    @Test
    void aResentOrderNamingAHoldThatNeverWasAnswersTheExistingOrder() {
        ObjectNode order = OrderBodies.ship("web", "c-1", "A", 1).put("externalId", "mp-77");
        Api.Response first = post(order);
        assertThat(first.status()).as("%s", first).isEqualTo(201);

        Api.Response again = post(order.deepCopy().put("reservationId", "res_0000000000000002"));

        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.json().path("orderId").asText()).isEqualTo(first.json().path("orderId").asText());
        assertThat(ordo.inventory("A").path("network").path("allocated").asLong()).isEqualTo(1);
    }

    @Test
    void aReservationIdThatIsNoIdIsABadRequestThatDoesNotEchoIt() {
        String long_ = "r".repeat(60_000);
        for (String bad : new String[] {"<b>not an id</b>", "", long_}) {
            Api.Response response = assertRejected(() -> post(OrderBodies.ship("web", "c-1", "A", 1)
                    .put("reservationId", bad)), 400, "INVALID_REQUEST");
            assertThat(response.json().path("field").asText()).isEqualTo("reservationId");
            assertThat(response.body()).as("the id is not echoed").doesNotContain("<b>").doesNotContain("rrrrrrrr");
        }
    }

    @Test
    void aStorefrontMayNotPlaceForAnotherChannel() {
        assertRejected(() -> post(OrderBodies.ship("app", "c-1", "A", 1)), 403, "FORBIDDEN");
    }

    @Test
    void aStorefrontMayNotDefineChannelsOrTheSourcingPolicy() {
        assertRejected(() -> ordo.api.put(WEB, "/v1/channels/web", "{\"kind\":\"WEB\",\"pools\":[{\"sku\":\"*\","
                + "\"shareOfAtp\":1}]}"), 403, "FORBIDDEN");
        String policy = ordo.api.get(AUDITOR, "/v1/sourcing-policy").body();
        assertRejected(() -> ordo.api.put(WEB, "/v1/sourcing-policy", policy), 403, "FORBIDDEN");
    }

    @Test
    void aPolicyWhoseBandsDoNotRiseIsAnInvalidPolicy() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode policy = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        ordo.api.get(AUDITOR, "/v1/sourcing-policy").body());
        com.fasterxml.jackson.databind.JsonNode transit = policy.path("serviceLevels").path("STANDARD").path("transit");
        assertThat(transit.size()).as("the default policy has bands to reverse: %s", policy).isGreaterThan(1);
        com.fasterxml.jackson.databind.node.ArrayNode reversed = policy.with("serviceLevels").with("STANDARD")
                .putArray("transit");
        for (int i = transit.size() - 1; i >= 0; i--) {
            reversed.add(transit.get(i));
        }
        Api.Response response = assertRejected(() -> ordo.api.put(ADMIN, "/v1/sourcing-policy", policy.toString()),
                400, "INVALID_POLICY");
        assertThat(response.json().path("detail").asText()).isNotBlank();
    }

    /** A farther band promised sooner than a nearer one (rules version 8): refused, naming the bands. */
    @Test
    void aPolicyWhoseTransitMinutesFallWithDistanceIsAnInvalidPolicy() throws Exception {
        ObjectNode policy = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                ordo.api.get(AUDITOR, "/v1/sourcing-policy").body());
        com.fasterxml.jackson.databind.node.ArrayNode transit = policy.with("serviceLevels").with("EXPRESS")
                .putArray("transit");
        transit.addObject().put("upToMetres", 50_000).put("minutes", 720);
        transit.addObject().put("upToMetres", 400_000).put("minutes", 240);

        Api.Response response = assertRejected(() -> ordo.api.put(ADMIN, "/v1/sourcing-policy", policy.toString()),
                400, "INVALID_POLICY");

        assertThat(response.json().path("field").asText()).isEqualTo("serviceLevels.EXPRESS.transit[1].minutes");
        assertThat(response.json().path("detail").asText()).isEqualTo("serviceLevels.EXPRESS.transit[1].minutes: "
                + "must be at least serviceLevels.EXPRESS.transit[0].minutes (720): a farther band is never promised "
                + "sooner");
    }

    /**
     * A policy value out of its range names its member as the API spells it, in {@code field} and the detail, with
     * the contract's range (openapi's SourcingPolicy), the same below it as above: -1 once answered Java's type
     * limits ("0 and 9223372036854775807") and 1000001 an engine sentence ("EXPRESS: ratePerKm …") with no field.
     */
    @Test
    void aPolicyValueOutOfItsRangeNamesItsMemberAndTheContractsRangeOnBothSides() throws Exception {
        String policy = ordo.api.get(AUDITOR, "/v1/sourcing-policy").body();
        Object[][] cases = {
            // where, member, path the refusal names, range, values out of it (below, above, beyond a long)
            {"", "splitPenaltyMinor", "splitPenaltyMinor", "0 and 1099511627776", new String[]{"-1", "1099511627777"}},
            {"", "pickupReadyMinutes", "pickupReadyMinutes", "0 and 525600", new String[]{"-1", "525601"}},
            {"/serviceLevels/EXPRESS", "ratePerKmMinor", "serviceLevels.EXPRESS.ratePerKmMinor", "0 and 1000000",
                new String[]{"-1", "1000001", "100000000000000000000"}},
            {"/serviceLevels/SAME_DAY", "radiusMetres", "serviceLevels.SAME_DAY.radiusMetres", "0 and 20037509",
                new String[]{"-1", "20037510"}},
            {"/serviceLevels/STANDARD/transit/0", "upToMetres", "serviceLevels.STANDARD.transit[0].upToMetres",
                "1 and 20037509", new String[]{"0", "20037510"}},
            {"/serviceLevels/EXPRESS/transit/0", "minutes", "serviceLevels.EXPRESS.transit[0].minutes",
                "1 and 525600", new String[]{"-1", "0", "525601"}},
        };
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Object[] c : cases) {
            for (String value : (String[]) c[4]) {
                ObjectNode bad = (ObjectNode) json.readTree(policy);
                ObjectNode at = c[0].equals("") ? bad : (ObjectNode) bad.at((String) c[0]);
                at.put((String) c[1], new java.math.BigInteger(value));

                Api.Response response = assertRejected(() -> ordo.api.put(ADMIN, "/v1/sourcing-policy",
                        bad.toString()), 400, "INVALID_POLICY");

                assertThat(response.json().path("field").asText()).as("%s = %s", c[2], value).isEqualTo(c[2]);
                assertThat(response.json().path("detail").asText()).as("%s = %s", c[2], value)
                        .isEqualTo(c[2] + ": must be between " + c[3]);
            }
        }
        ObjectNode notRising = (ObjectNode) json.readTree(policy);
        ((ObjectNode) notRising.at("/serviceLevels/STANDARD/transit/1")).put("upToMetres", 100_000);
        Api.Response response = assertRejected(() -> ordo.api.put(ADMIN, "/v1/sourcing-policy",
                notRising.toString()), 400, "INVALID_POLICY");
        assertThat(response.json().path("field").asText()).isEqualTo("serviceLevels.STANDARD.transit[1].upToMetres");
        assertThat(response.json().path("detail").asText()).isEqualTo("serviceLevels.STANDARD.transit[1].upToMetres: "
                + "must be more than serviceLevels.STANDARD.transit[0].upToMetres (100000): bands rise in distance");
    }

    /**
     * A network's handling costs share one currency (rules version 8): sourcing adds them to the per-km rates and
     * compares the sums, so a GBP 2.50 node beat a EUR 2.60 one. Refused with the location and currency it differs
     * from; the network as it was.
     */
    @Test
    void aLocationCostingInAnotherCurrencyThanTheNetworkIsRefusedNamingTheOtherLocation() {
        ordo.defineLocation("wh-eur", "{\"type\":\"WAREHOUSE\",\"lat\":48.70,\"lon\":2.40,\"capabilities\":[\"SHIP\"],"
                + "\"handlingCost\":{\"amountMinor\":260,\"currency\":\"EUR\"}}");

        Api.Response response = assertRejected(() -> ordo.api.put(ADMIN, "/v1/locations/wh-gbp",
                "{\"type\":\"WAREHOUSE\",\"lat\":48.70,\"lon\":2.40,\"capabilities\":[\"SHIP\"],"
                        + "\"handlingCost\":{\"amountMinor\":250,\"currency\":\"GBP\"}}"),
                409, "COST_CURRENCY_MISMATCH");

        assertThat(response.json().path("field").asText()).isEqualTo("handlingCost.currency");
        assertThat(response.json().path("conflictingLocationId").asText()).isEqualTo("wh-eur");
        assertThat(response.json().path("networkCurrency").asText()).isEqualTo("EUR");
        assertThat(response.json().path("detail").asText()).isEqualTo("handlingCost.currency: location wh-eur's "
                + "handling cost is in EUR, and a network's handling costs share one currency (sourcing adds them to "
                + "the per-km rates, which are in it, and compares the sums)");
        assertRejected(() -> ordo.api.get(AUDITOR, "/v1/locations/wh-gbp"), 404, "LOCATION_NOT_FOUND");
    }

    @Test
    void unknownAndUnparseableOrderIdsAreNotFound() {
        assertRejected(() -> ordo.api.get(WEB, ORDERS + "/ord_nope"), 404, "NOT_FOUND");
        assertRejected(() -> ordo.api.post(WEB, ORDERS + "/nope/cancel", "{\"reason\":\"x\"}"), 404, "NOT_FOUND");
        assertRejected(() -> ordo.api.get(WEB, ORDERS + "/ord_0000000000000000/events"), 404, "ORDER_NOT_FOUND");
        assertRejected(() -> ordo.api.post(WEB, ORDERS + "/ord_0000000000000000/cancel", "{\"reason\":\"x\"}"),
                404, "ORDER_NOT_FOUND");
    }

    @Test
    void everyWellFormedIdThatNamesNothingAnswersTheNotFoundOfItsKind() {
        // ord_/res_ + 16 lowercase hex digits are order and reservation ids (OpenAPI OrderId, ReservationId); about
        // half of them decode to no possible counter, and those answered the generic NOT_FOUND.
        assertRejected(() -> ordo.api.get(WEB, ORDERS + "/ord_8000000000000000"), 404, "ORDER_NOT_FOUND");
        assertRejected(() -> ordo.api.get(WEB, ORDERS + "/ord_0000000000000001/events"), 404, "ORDER_NOT_FOUND");
        assertRejected(() -> ordo.api.post(WEB, ORDERS + "/ord_8000000000000000/cancel", "{\"reason\":\"x\"}"),
                404, "ORDER_NOT_FOUND");
        assertRejected(() -> post(OrderBodies.ship("web", "c-1", "A", 1).put("reservationId", "res_8000000000000000")),
                404, "RESERVATION_NOT_FOUND");
    }

    /**
     * A request's own faults (400) come before whether its order exists (404), for every id alike. The gateway
     * refuses some ids alone (not an order id, or one that decodes to no counter) and leaves the rest to the engine;
     * an unused id of either kind must get the same answer to the same bad request.
     */
    @Test
    void aBadRequestIsRefusedAsSuchWhicheverUnusedOrderThePathNames() {
        // ord_0000000000000000 decodes to a counter no order has; ord_8000000000000000 decodes to none.
        for (String id : List.of("ord_0000000000000000", "ord_8000000000000000", "nope")) {
            String order = ORDERS + "/" + id;
            assertRejected(() -> ordo.api.post(WEB, order + "/cancel", "{}"), 400, "INVALID_REQUEST");
            assertRejected(() -> ordo.api.post(STORE_WITHOUT_CHANNEL, order + "/cancel", "{}"), 400,
                    "INVALID_REQUEST");
            assertRejected(() -> ordo.api.post(WEB, order + "/cancel", "{\"reason\":\"x\"}", "k".repeat(256)), 400,
                    "INVALID_REQUEST");
            assertRejected(() -> ordo.api.post(ADMIN, order + "/fraud-review", "{\"decision\":\"MAYBE\"}"), 400,
                    "INVALID_REQUEST");
            assertRejected(() -> ordo.api.post(ADMIN, order + "/capture", "{\"amount\":1}"), 400, "INVALID_REQUEST");
            assertRejected(() -> ordo.api.post(ADMIN, order + "/payment/retry", "{\"now\":true}"), 400,
                    "INVALID_REQUEST");
            assertRejected(() -> ordo.api.post(ADMIN, order + "/payment/mark-paid", "{\"paid\":true}"), 400,
                    "INVALID_REQUEST");
            assertRejected(() -> ordo.api.post(WEB, order + "/cancel", "{\"reason\":\"x\"}"), 404,
                    id.equals("nope") ? "NOT_FOUND" : "ORDER_NOT_FOUND");
        }
    }

    /**
     * An Idempotency-Key used on another request answers 422 whichever unused id of the server's shape the path
     * names: the gateway answered 404 at once for the ids that decode to no counter (about half of them), and only the
     * engine's half 422 (QA-258). A fresh key on such an id answers the same 404 as without one, not remembered (as
     * for any id that names nothing: a corrected retry may use the key); a path that is no id of ours at all is
     * answered 404 before the key is looked at, as a 400 is. Nothing changes.
     */
    @Test
    void aKeyUsedOnAnotherRequestIsRefusedWhicheverUnusedOrderThePathNames() {
        Api.Response placed = ordo.api.post(WEB, ORDERS, OrderBodies.ship("web", "c-1", "A", 1).toString(), "k-web");
        assertThat(placed.status()).isEqualTo(201);
        Api.Response capture = ordo.api.post(ADMIN, ORDERS + "/" + placed.json().path("orderId").asText() + "/capture",
                "{}", "k-admin");
        assertThat(capture.status()).as("%s", capture).isIn(200, 409);
        String unpaid = ordo.api.post(ADMIN, ORDERS + "/" + placed.json().path("orderId").asText()
                + "/payment/refund-settled", "{\"amount\":{\"amountMinor\":1,\"currency\":\"SGD\"}}", "k-owed")
                .problemCode();
        assertThat(unpaid).as("a business refusal, remembered under its key").isNotNull();

        // ord_0000000000000000 decodes to a counter no order has; ord_8000000000000000 decodes to none.
        for (String id : List.of("ord_0000000000000000", "ord_8000000000000000")) {
            String order = ORDERS + "/" + id;
            ordo.refusedWithoutChange(() -> ordo.api.post(WEB, order + "/cancel", "{\"reason\":\"x\"}", "k-web"),
                    422, "IDEMPOTENCY_KEY_REUSED");
            for (String path : List.of("/capture", "/payment/retry", "/payment/mark-paid")) {
                ordo.refusedWithoutChange(() -> ordo.api.post(ADMIN, order + path, "{}", "k-admin"), 422,
                        "IDEMPOTENCY_KEY_REUSED");
            }
            ordo.refusedWithoutChange(() -> ordo.api.post(ADMIN, order + "/fraud-review",
                    "{\"decision\":\"APPROVE\",\"note\":\"ok\"}", "k-admin"), 422, "IDEMPOTENCY_KEY_REUSED");
            ordo.refusedWithoutChange(() -> ordo.api.post(ADMIN, order + "/payment/refund-settled",
                    "{\"amount\":{\"amountMinor\":1,\"currency\":\"SGD\"}}", "k-owed"), 422,
                    "IDEMPOTENCY_KEY_REUSED");
            Api.Response unused = ordo.refusedWithoutChange(() -> ordo.api.post(WEB, order + "/cancel",
                    "{\"reason\":\"x\"}", "k-new"), 404, "ORDER_NOT_FOUND");
            assertThat(unused.header("Idempotent-Replayed")).as("not remembered").isNull();
            ordo.refusedWithoutChange(() -> ordo.api.post(STORE_WITHOUT_CHANNEL, order + "/cancel",
                    "{\"reason\":\"x\"}", "k-store"), 404, "ORDER_NOT_FOUND");
        }
        ordo.refusedWithoutChange(() -> ordo.api.post(WEB, ORDERS + "/nope/cancel", "{\"reason\":\"x\"}", "k-web"),
                404, "NOT_FOUND");
    }

    /**
     * The order of checks openapi.yaml states: a path location the key is not bound to (403) before the body; the
     * request itself (400) before a channel the body or query names (403); an order id is never a 400.
     */
    @Test
    void theChecksComeInTheDocumentedOrder() {
        assertRejected(() -> ordo.api.put(STORE_WITHOUT_CHANNEL, "/v1/inventory/A/wh-1", "{}"), 403, "FORBIDDEN");
        assertRejected(() -> ordo.api.get(WEB, ORDERS + "?channel=app&limit=0"), 400, "INVALID_REQUEST");
        ObjectNode forApp = OrderBodies.ship("app", "c-1", "A", 1);
        forApp.remove("lines");
        assertRejected(() -> post(forApp), 400, "INVALID_REQUEST");
        assertRejected(() -> post(OrderBodies.ship("app", "c-1", "A", 1)), 403, "FORBIDDEN");
        assertRejected(() -> ordo.api.put(ADMIN, "/v1/channels/" + "c".repeat(65), "{\"kind\":\"WEB\"}"), 400,
                "INVALID_REQUEST");
        assertRejected(() -> ordo.api.get(WEB, ORDERS + "/nope"), 404, "NOT_FOUND");
    }

    /** A receipt adds stock and damage takes it away: the other sign is refused, naming the field (rules version 3). */
    @Test
    void anAdjustmentWhoseSignContradictsItsReasonIsRejected() {
        String adjust = "/v1/inventory/A/wh-1/adjustments";
        Api.Response receipt = assertRejected(() -> ordo.api.post(ADMIN, adjust, "{\"delta\":-2,\"reason\":\"RECEIPT\"}"),
                400, "INVALID_REQUEST");
        assertThat(receipt.json().path("field").asText()).isEqualTo("delta");
        Api.Response damage = assertRejected(() -> ordo.api.post(ADMIN, adjust, "{\"delta\":2,\"reason\":\"DAMAGE\"}"),
                400, "INVALID_REQUEST");
        assertThat(damage.json().path("detail").asText()).contains("negative for DAMAGE");
        assertThat(ordo.api.post(ADMIN, adjust, "{\"delta\":-2,\"reason\":\"COUNT\"}").status()).isEqualTo(200);
        assertThat(ordo.inventory("A").path("network").path("onHand").asLong()).isEqualTo(8);
    }

    private Api.Response post(ObjectNode order) {
        return ordo.api.post(WEB, ORDERS, order.toString());
    }

    private void assertFieldRejected(ObjectNode order, String field, String detail) {
        Api.Response response = assertRejected(() -> post(order), 400, "INVALID_REQUEST");
        assertThat(response.json().path("field").asText()).as("%s", response).isEqualTo(field);
        assertThat(response.json().path("detail").asText()).isEqualTo(field + ": " + detail);
    }

    private Api.Response assertRejected(Supplier<Api.Response> call, int status, String code) {
        Api.Response response = ordo.refusedWithoutChange(call, status, code);
        assertThat(ordo.inventory("A").path("network").path("allocated").asLong()).isZero();
        return response;
    }
}
