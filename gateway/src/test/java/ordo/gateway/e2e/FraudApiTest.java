package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.PaymentFixture.place;
import static org.assertj.core.api.Assertions.assertThat;

/** Fraud rules over HTTP (PUT/GET), the screen's verdict on placed orders, and review of held orders. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FraudApiTest {

    private static final String RULES = "/v1/fraud/rules";
    private static final String DEFAULT_RULES = "{\"thresholds\":{\"reviewAt\":60,\"rejectAt\":100},"
            + "\"amountBands\":[{\"overMinor\":200000,\"points\":25},{\"overMinor\":1000000,\"points\":50}],"
            + "\"velocity\":{\"customer\":{\"windowMinutes\":60,\"maxOrders\":20,\"points\":25},"
            + "\"email\":{\"windowMinutes\":60,\"maxOrders\":20,\"points\":25},"
            + "\"ip\":{\"windowMinutes\":60,\"maxOrders\":50,\"points\":20},"
            + "\"address\":{\"windowMinutes\":60,\"maxOrders\":20,\"points\":20},"
            + "\"paymentFingerprint\":{\"windowMinutes\":60,\"maxOrders\":10,\"points\":30}},"
            + "\"countryMismatchPoints\":20,\"skuQuantity\":{\"maxUnits\":10,\"points\":25},"
            + "\"newCustomer\":{\"overMinor\":100000,\"points\":30},\"blockedPoints\":100,"
            + "\"blocklists\":{\"emails\":[],\"domains\":[],\"postalCodes\":[],\"ips\":[]}}";

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = PaymentFixture.start(tmp.resolve("data"), null, false);
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void rulesRoundTripThroughPutAndGet() {
        Api.Response defaults = ordo.api.get(AUDITOR, RULES);
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.body()).as("the engine's defaults, in the shape PUT takes").isEqualTo(DEFAULT_RULES);

        ObjectNode rules = rules();
        rules.with("thresholds").put("reviewAt", 40).put("rejectAt", 90);
        rules.withArray("amountBands").removeAll().add(band(50_000, 10)).add(band(500_000, 45));
        rules.with("velocity").with("ip").put("windowMinutes", 1440).put("maxOrders", 5).put("points", 35);
        rules.put("countryMismatchPoints", 15);
        rules.with("skuQuantity").put("maxUnits", 3).put("points", 40);
        rules.with("newCustomer").put("overMinor", 0).put("points", 0);
        rules.put("blockedPoints", 90);
        ObjectNode lists = rules.with("blocklists");
        lists.withArray("emails").add("Mallory@Example.com");
        lists.withArray("domains").add("Mailinator.com");
        lists.withArray("postalCodes").add("048616");
        lists.withArray("ips").add("203.0.113.7").add("2001:db8::1");

        Api.Response put = ordo.api.put(ADMIN, RULES, rules.toString());
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        lists.withArray("emails").removeAll().add("mallory@example.com");
        lists.withArray("domains").removeAll().add("mailinator.com");
        assertThat(put.body()).as("stored as sent, emails and domains lower-cased").isEqualTo(rules.toString());
        assertThat(ordo.api.get(ADMIN, RULES).body()).isEqualTo(rules.toString());

        assertThat(ordo.api.put(AUDITOR, RULES, rules.toString()).status()).isEqualTo(403);
    }

    @Test
    void rulesOutOfRangeOrIncompleteAreRefusedNamingTheProblem() {
        ObjectNode inverted = rules();
        inverted.with("thresholds").put("reviewAt", 80).put("rejectAt", 70);
        Api.Response thresholds = ordo.api.put(ADMIN, RULES, inverted.toString());
        assertThat(thresholds.status()).isEqualTo(400);
        assertThat(thresholds.problemCode()).isEqualTo("INVALID_FRAUD_RULES");
        assertThat(thresholds.json().path("detail").asText())
                .isEqualTo("thresholds.rejectAt: must be between 80 and 100000 (at least reviewAt), not 70");
        assertThat(thresholds.json().path("field").asText()).isEqualTo("thresholds.rejectAt");
        ObjectNode tooHigh = rules();
        tooHigh.with("thresholds").put("reviewAt", 80).put("rejectAt", 100_001);
        assertThat(ordo.api.put(ADMIN, RULES, tooHigh.toString()).json().path("detail").asText())
                .as("the detail names the bound that was passed").contains("and 100000").endsWith("not 100001");

        ObjectNode falling = rules();
        falling.withArray("amountBands").removeAll().add(band(500, 10)).add(band(100, 20));
        Api.Response fell = ordo.api.put(ADMIN, RULES, falling.toString());
        assertThat(fell.json().path("detail").asText()).isEqualTo("amountBands[1].overMinor: must be at least 501 "
                + "(bands must rise: above amountBands[0].overMinor), not 100");
        assertThat(fell.json().path("field").asText()).isEqualTo("amountBands[1].overMinor");

        ObjectNode tooManyPoints = rules();
        tooManyPoints.put("blockedPoints", 5_000);
        assertThat(ordo.api.put(ADMIN, RULES, tooManyPoints.toString()).problemCode())
                .isEqualTo("INVALID_FRAUD_RULES");

        ObjectNode incomplete = rules();
        incomplete.with("velocity").remove("email");
        Api.Response missing = ordo.api.put(ADMIN, RULES, incomplete.toString());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.problemCode()).isEqualTo("INVALID_REQUEST");
        assertThat(missing.json().path("field").asText()).isEqualTo("velocity.email");

        ObjectNode badIp = rules();
        badIp.with("blocklists").withArray("ips").add("10.0.0.300");
        assertThat(ordo.api.put(ADMIN, RULES, badIp.toString()).json().path("field").asText())
                .isEqualTo("blocklists.ips[0]");

        ObjectNode huge = rules();
        for (int i = 0; i < 400; i++) {
            huge.with("blocklists").withArray("emails").add("someone-" + i + "@example.com");
        }
        Api.Response tooBig = ordo.api.put(ADMIN, RULES, huge.toString());
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().path("detail").asText()).contains("more than a command holds");

        assertThat(ordo.api.get(ADMIN, RULES).body()).as("nothing changed").isEqualTo(DEFAULT_RULES);
    }

    /**
     * Every number out of its range is refused naming its member, in {@code field} and the detail; five of them
     * answered one detail for all ("points must be between 0 and 1000; limits >= 0") with no field, while
     * windowMinutes named its own (found in QA).
     */
    @Test
    void aValueOutOfRangeIsRefusedNamingItsMember() {
        record Case(String field, java.util.function.Consumer<ObjectNode> edit, String detail) {
        }
        List<Case> cases = List.of(
                new Case("countryMismatchPoints", r -> r.put("countryMismatchPoints", -1),
                        "countryMismatchPoints: must be between 0 and 1000, not -1"),
                new Case("skuQuantity.points", r -> r.with("skuQuantity").put("points", 1001),
                        "skuQuantity.points: must be between 0 and 1000, not 1001"),
                new Case("newCustomer.points", r -> r.with("newCustomer").put("points", -5),
                        "newCustomer.points: must be between 0 and 1000, not -5"),
                new Case("blockedPoints", r -> r.put("blockedPoints", 1001),
                        "blockedPoints: must be between 0 and 1000, not 1001"),
                new Case("velocity.email.points", r -> r.with("velocity").with("email").put("points", -1),
                        "velocity.email.points: must be between 0 and 1000, not -1"),
                new Case("amountBands[1].points", r -> ((ObjectNode) r.withArray("amountBands").get(1))
                        .put("points", 2000), "amountBands[1].points: must be between 0 and 1000, not 2000"),
                new Case("velocity.email.windowMinutes", r -> r.with("velocity").with("email").put("windowMinutes", 0),
                        "velocity.email.windowMinutes: must be between 1 and 44640, not 0"),
                new Case("velocity.ip.maxOrders", r -> r.with("velocity").with("ip").put("maxOrders", -1),
                        "velocity.ip.maxOrders: must be between 0 and 2147483647 (0 = off), not -1"),
                new Case("skuQuantity.maxUnits", r -> r.with("skuQuantity").put("maxUnits", 3_000_000_000L),
                        "skuQuantity.maxUnits: must be between 0 and 2147483647 (0 = off), not 3000000000"),
                new Case("newCustomer.overMinor", r -> r.with("newCustomer").put("overMinor", -1),
                        "newCustomer.overMinor: must be at least 0, not -1"),
                new Case("thresholds.reviewAt", r -> r.with("thresholds").put("reviewAt", 0),
                        "thresholds.reviewAt: must be between 1 and 100000, not 0"),
                // Beyond a long, above and below: out of range as any other (it answered Java's limits; review).
                new Case("blockedPoints", r -> r.put("blockedPoints", new java.math.BigInteger("100000000000000000000")),
                        "blockedPoints: must be between 0 and 1000, not 100000000000000000000"),
                new Case("newCustomer.overMinor", r -> r.with("newCustomer")
                        .put("overMinor", new java.math.BigInteger("-100000000000000000000")),
                        "newCustomer.overMinor: must be at least 0, not -100000000000000000000"));
        for (Case c : cases) {
            ObjectNode rules = rules();
            c.edit().accept(rules);
            Api.Response refused = ordo.api.put(ADMIN, RULES, rules.toString());
            assertThat(refused.status()).as("%s", c.field()).isEqualTo(400);
            assertThat(refused.problemCode()).as("%s", c.field()).isEqualTo("INVALID_FRAUD_RULES");
            assertThat(refused.json().path("field").asText()).as("%s", c.field()).isEqualTo(c.field());
            assertThat(refused.json().path("detail").asText()).as("%s", c.field()).isEqualTo(c.detail());
        }
        assertThat(ordo.api.get(ADMIN, RULES).body()).as("nothing changed").isEqualTo(DEFAULT_RULES);
    }

    @Test
    void aBlocklistedEmailIsRejectedAndItsStockGivenBack() {
        ObjectNode rules = rules();
        rules.with("blocklists").withArray("emails").add("c-13@example.com");
        assertThat(ordo.api.put(ADMIN, RULES, rules.toString()).status()).isEqualTo(200);

        ObjectNode body = OrderBodies.ship("web", "c-13", "A", 3);
        body.with("customer").put("email", "C-13@Example.COM");
        JsonNode rejected = place(ordo, WEB, body);
        assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("fraud").toString()).isEqualTo("{\"decision\":\"REJECTED\",\"score\":100,"
                + "\"reasons\":[{\"reason\":\"BLOCKED_EMAIL\",\"points\":100}]}");
        assertThat(rejected.path("lines").get(0).path("cancelled").asInt()).isEqualTo(3);
        assertThat(ordo.inventory("A").path("network").path("atp").asInt()).isEqualTo(10);
        String id = rejected.path("orderId").asText();
        assertThat(PaymentFixture.events(ordo, id, "FRAUD_SCREENED").get(0).path("note").asText())
                .isEqualTo("REJECTED: BLOCKED_EMAIL +100");

        JsonNode fine = place(ordo, WEB, OrderBodies.ship("web", "c-14", "A", 1));
        assertThat(fine.path("status").asText()).isEqualTo("READY_TO_RELEASE");
    }

    @Test
    void aReviewerApprovesAHeldOrder() {
        holdEveryOrderForReview();
        JsonNode held = place(ordo, WEB, OrderBodies.ship("web", "c-1", "A", 2));
        String id = held.path("orderId").asText();
        assertThat(held.path("status").asText()).isEqualTo("FRAUD_REVIEW");
        assertThat(held.path("fraud").path("decision").asText()).isEqualTo("REVIEW");
        assertThat(held.path("allocations")).as("stock stays allocated while in review").hasSize(1);

        Api.Response approved = ordo.api.post(ADMIN, "/v1/orders/" + id + "/fraud-review",
                "{\"decision\":\"APPROVE\",\"note\":\"called the customer\"}");
        assertThat(approved.status()).as("%s", approved).isEqualTo(200);
        JsonNode order = approved.json();
        assertThat(order.path("status").asText()).isEqualTo("READY_TO_RELEASE");
        assertThat(order.path("fraud").toString()).isEqualTo("{\"decision\":\"APPROVED\",\"score\":60,"
                + "\"reasons\":[{\"reason\":\"AMOUNT\",\"points\":60}],\"reviewer\":\"admin\","
                + "\"note\":\"called the customer\"}");
        JsonNode reviewed = PaymentFixture.events(ordo, id, "FRAUD_REVIEWED").get(0);
        assertThat(reviewed.path("note").asText()).isEqualTo("APPROVE by admin: called the customer");
        assertThat(reviewed.path("score").asInt()).isEqualTo(60);

        Api.Response again = ordo.api.post(ADMIN, "/v1/orders/" + id + "/fraud-review",
                "{\"decision\":\"REJECT\",\"note\":\"changed my mind\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemCode()).isEqualTo("ORDER_NOT_IN_REVIEW");
        assertThat(again.json().path("orderStatus").asText()).isEqualTo("READY_TO_RELEASE");
    }

    @Test
    void aReviewerRejectsAHeldOrderAndItsStockComesBack() {
        holdEveryOrderForReview();
        String id = place(ordo, WEB, OrderBodies.ship("web", "c-1", "A", 4)).path("orderId").asText();
        assertThat(ordo.inventory("A").path("network").path("atp").asInt()).isEqualTo(6);

        Api.Response rejected = ordo.api.post(ADMIN, "/v1/orders/" + id + "/fraud-review",
                "{\"decision\":\"REJECT\",\"note\":\"stolen card\"}");
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.json().path("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.json().path("fraud").path("decision").asText()).isEqualTo("REJECTED_BY_REVIEW");
        assertThat(ordo.inventory("A").path("network").path("atp").asInt()).isEqualTo(10);
    }

    @Test
    void aReviewNeedsADecisionAndANote() {
        holdEveryOrderForReview();
        String review = "/v1/orders/" + place(ordo, WEB, OrderBodies.ship("web", "c-1", "A", 1)).path("orderId")
                .asText() + "/fraud-review";
        assertThat(ordo.api.post(ADMIN, review, "{\"decision\":\"MAYBE\",\"note\":\"hmm\"}").json().path("field")
                .asText()).isEqualTo("decision");
        assertThat(ordo.api.post(ADMIN, review, "{\"decision\":\"APPROVE\",\"note\":\" \"}").json().path("field")
                .asText()).isEqualTo("note");
        assertThat(ordo.api.post(ADMIN, review, "{\"decision\":\"APPROVE\"}").status()).isEqualTo(400);
        assertThat(ordo.api.post(ADMIN, "/v1/orders/ord_0000000000000000/fraud-review",
                "{\"decision\":\"APPROVE\",\"note\":\"ok\"}").status()).isEqualTo(404);
    }

    /** A note of only invisible characters says nothing: it passed "must not be blank: say why" (found in QA). */
    @Test
    void aReviewNoteOfOnlyInvisibleCharactersIsBlank() {
        holdEveryOrderForReview();
        String review = "/v1/orders/" + place(ordo, WEB, OrderBodies.ship("web", "c-1", "A", 1)).path("orderId")
                .asText() + "/fraud-review";
        for (String note : new String[] {"\u00a0", "\u200b", "\u2060", "\u3000", "\u2007\u202f", "\u180e",
            "\u3164\uffa0", "\u115f\u1160", "\ufeff \u200d"}) {
            Api.Response refused = ordo.api.post(ADMIN, review, reviewBody("APPROVE", note));
            assertThat(refused.status()).as("%s", note).isEqualTo(400);
            assertThat(refused.json().path("field").asText()).as("%s", note).isEqualTo("note");
        }
        assertThat(ordo.api.post(ADMIN, review, reviewBody("APPROVE", "\u200bknown customer")).status())
                .isEqualTo(200);
    }

    /**
     * A postal-code blocklist entry the screen folds to nothing (it leaves out spaces and invisible characters) is
     * refused saying so: "   " was "must be 1-32 characters", and "\u200b" was taken and blocked orders whose postal
     * code was " " (found in QA).
     */
    @Test
    void aPostalCodeBlocklistEntryOfNoVisibleCharacterIsRefusedSayingSo() {
        for (String entry : new String[] {"   ", "\u200b", "\u00a0", "\u2060\u3000"}) {
            ObjectNode rules = rules();
            rules.with("blocklists").withArray("postalCodes").add("048616").add(entry);
            Api.Response refused = ordo.api.put(ADMIN, RULES, rules.toString());
            assertThat(refused.status()).as("%s", entry).isEqualTo(400);
            assertThat(refused.json().path("field").asText()).as("%s", entry).isEqualTo("blocklists.postalCodes[1]");
            assertThat(refused.json().path("detail").asText()).as("%s", entry)
                    .isEqualTo("blocklists.postalCodes[1]: must have a visible character (the screen compares "
                            + "postal codes without spaces and invisible characters: this one is nothing)");
        }
        ObjectNode empty = rules();
        empty.with("blocklists").withArray("postalCodes").add("");
        assertThat(ordo.api.put(ADMIN, RULES, empty.toString()).json().path("detail").asText())
                .isEqualTo("blocklists.postalCodes[0]: must be 1-32 characters");
        assertThat(ordo.api.get(ADMIN, RULES).body()).as("nothing changed").isEqualTo(DEFAULT_RULES);
    }

    @Test
    void theCardFingerprintCountsTowardsItsVelocityRule() {
        ObjectNode rules = rules();
        rules.with("velocity").with("paymentFingerprint").put("maxOrders", 1).put("points", 30);
        assertThat(ordo.api.put(ADMIN, RULES, rules.toString()).status()).isEqualTo(200);

        List<JsonNode> placed = new java.util.ArrayList<>();
        for (String customer : List.of("c-1", "c-2")) {
            ObjectNode body = OrderBodies.ship("web", customer, "A", 1);
            body.with("payment").put("fingerprint", "fp_Xy12AbC9");
            placed.add(place(ordo, WEB, body));
        }
        assertThat(placed.get(0).path("payment").path("fingerprint").asText()).isEqualTo("fp_Xy12AbC9");
        assertThat(placed.get(0).path("fraud").path("score").asInt()).isZero();
        assertThat(placed.get(1).path("fraud").path("reasons").toString())
                .isEqualTo("[{\"reason\":\"VELOCITY_PAYMENT_FINGERPRINT\",\"points\":30}]");

        ObjectNode control = OrderBodies.ship("web", "c-3", "A", 1);
        control.with("payment").put("fingerprint", "caf\u00e9");
        Api.Response refused = ordo.api.post(WEB, "/v1/orders", control.toString());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("field").asText()).isEqualTo("payment.fingerprint");
    }

    /**
     * An email or a blocklist entry no order could be matched by is refused: a zero-width or no-break space made an
     * email another key for the blocklists and the velocity rule, and a domain written "@evil.com" never matched
     * (found in review).
     */
    @Test
    void emailsAndBlocklistEntriesWithSpacesOrInvisibleCharactersAreRefused() {
        // …and (found in QA) characters that show nothing without being format characters, and a domain with a dot
        // at either end (a blocked evil.com did not match evil.com.).
        for (String email : new String[] {"bad@evil.com\u200b", "bad\u00a0@evil.com", "\ufeffbad@evil.com",
            "bad@evil.com\t", "bad\u3164@evil.com", "bad@evil.com\ufe0f", "b\u034Fad@evil.com", "bad\uffa0@evil.com",
            "bad\u17b4@evil.com", "bad@evil\u2800.com", "bad\udb40\udc20@evil.com", "bad@evil.com.", "bad@.evil.com",
            "bad\u2065@evil.com", "bad\ud81b\udfe4@evil.com", "bad\ue000@evil.com", "bad@evil.com\u3002",
            "bad@evil\uff0ecom", "bad@\uff61evil.com"}) {
            ObjectNode body = OrderBodies.ship("web", "c-20", "A", 1);
            body.with("customer").put("email", email);
            Api.Response refused = ordo.api.post(WEB, "/v1/orders", body.toString());
            assertThat(refused.status()).as(email).isEqualTo(400);
            assertThat(refused.json().path("field").asText()).as(email).isEqualTo("customer.email");
        }
        for (String[] entry : new String[][] {{"emails", "bad@evil.com\u200b"}, {"emails", "no-at.com"},
            {"domains", "@evil.com"}, {"domains", "evil.com."}, {"domains", ".evil.com"}, {"domains", "evil\u00a0.com"},
            {"emails", "bad\u3164@evil.com"}, {"emails", "bad@evil.com."}, {"domains", "evil.com\ufe0f"},
            {"emails", "bad\u2065@evil.com"}, {"domains", "evil\u3002com"}, {"domains", "evil.com\uff0e"}}) {
            ObjectNode rules = rules();
            rules.with("blocklists").withArray(entry[0]).add(entry[1]);
            Api.Response refused = ordo.api.put(ADMIN, RULES, rules.toString());
            assertThat(refused.status()).as(entry[1]).isEqualTo(400);
            assertThat(refused.json().path("field").asText()).as(entry[1]).isEqualTo("blocklists." + entry[0] + "[0]");
        }
        assertThat(ordo.api.get(ADMIN, RULES).body()).as("nothing changed").isEqualTo(DEFAULT_RULES);
        ObjectNode rules = rules();
        rules.with("blocklists").withArray("domains").add("evil.com").add("\u4f8b\u5b50.\u4e2d\u56fd");
        assertThat(ordo.api.put(ADMIN, RULES, rules.toString()).status()).isEqualTo(200);
        ObjectNode letters = OrderBodies.ship("web", "c-21", "A", 1);
        letters.with("customer").put("email", "caf\u00e9.m\u00fcller@\u4f8b\u5b50.example");
        assertThat(ordo.api.post(WEB, "/v1/orders", letters.toString()).status()).as("letters of any script pass")
            .isEqualTo(201);
        // …and characters newer than this JDK's Unicode (U+1FAE0, Unicode 14): refusing "unassigned" refused them.
        ObjectNode newer = OrderBodies.ship("web", "c-22", "A", 1);
        newer.with("customer").put("email", "\ud83e\udee0@example.com");
        assertThat(ordo.api.post(WEB, "/v1/orders", newer.toString()).status()).isEqualTo(201);
    }

    /** Any order over 0 minor units scores 60: every order is held for review. */
    private void holdEveryOrderForReview() {
        ObjectNode rules = rules();
        rules.withArray("amountBands").removeAll().add(band(0, 60));
        assertThat(ordo.api.put(ADMIN, RULES, rules.toString()).status()).isEqualTo(200);
    }

    private static String reviewBody(String decision, String note) {
        return Api.JSON.createObjectNode().put("decision", decision).put("note", note).toString();
    }

    private static ObjectNode rules() {
        try {
            return (ObjectNode) Api.JSON.readTree(DEFAULT_RULES);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode band(long overMinor, int points) {
        return Api.JSON.createObjectNode().put("overMinor", overMinor).put("points", points);
    }
}
