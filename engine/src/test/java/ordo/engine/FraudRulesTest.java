package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.FraudDecision;
import ordo.engine.Codes.FraudReason;
import ordo.engine.Codes.OrderEventType;
import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.ServiceLevel;
import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.FraudRuleSets;
import ordo.engine.testing.OrderBuilder;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.OrderViews.FraudHit;
import ordo.engine.testing.Result;

/**
 * Every fraud rule on its own (a hit, and the value just short of one), thresholds at their edges, combinations that
 * add up to review and to reject under the documented defaults, blocklist normalisation, the rules as journaled
 * state, and what {@link FraudRules.Builder#validate} refuses.
 */
class FraudRulesTest
{
    private final EngineDriver driver = new EngineDriver();
    private int customers;

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 1_000);
        stock(driver, "B", "wh-sg", 1_000);
        stock(driver, "A", "store-orchard", 100);
    }

    /** An order by a customer nobody has seen, so only the rule under test can hit. */
    private OrderBuilder order()
    {
        return driver.ordering().customer("fresh-" + ++customers);
    }

    private OrderViews.Fraud screened(final OrderBuilder order)
    {
        final Result placed = order.submit();
        assertThat(placed.code()).as("%s", placed).isEqualTo(ResultCode.OK);
        return placed.order().fraud();
    }

    private void rules(final FraudRules.Builder rules)
    {
        assertThat(driver.setFraudRules(rules.build()).code()).isEqualTo(ResultCode.OK);
    }

    private static FraudHit hit(final FraudReason reason, final int points)
    {
        return new FraudHit(reason, points);
    }

    // ---------------------------------------------------------------- the defaults

    @Test
    void aFreshEngineScreensWithTheDocumentedDefaults()
    {
        final OrderViews.FraudRuleSet rules = new EngineDriver().fraudRules();

        assertThat(rules.reviewAt()).isEqualTo(60);
        assertThat(rules.rejectAt()).isEqualTo(100);
        assertThat(rules.bands()).containsExactly(new OrderViews.AmountBand(200_000, 25),
            new OrderViews.AmountBand(1_000_000, 50));
        assertThat(rules.velocity()).containsExactly(new OrderViews.Velocity(60, 20, 25),
            new OrderViews.Velocity(60, 20, 25), new OrderViews.Velocity(60, 50, 20),
            new OrderViews.Velocity(60, 20, 20), new OrderViews.Velocity(60, 10, 30));
        assertThat(rules.countryMismatchPoints()).isEqualTo(20);
        assertThat(rules.maxUnitsPerSku()).isEqualTo(10);
        assertThat(rules.skuQuantityPoints()).isEqualTo(25);
        assertThat(rules.newCustomerOverMinor()).isEqualTo(100_000);
        assertThat(rules.newCustomerPoints()).isEqualTo(30);
        assertThat(rules.blockedPoints()).isEqualTo(100);
        assertThat(rules.emails()).isEmpty();
        assertThat(rules.domains()).isEmpty();
        assertThat(rules.postalCodes()).isEmpty();
        assertThat(rules.ips()).isEmpty();
    }

    @Test
    void anOrdinaryOrderPassesTheDefaultsWithNoReasons()
    {
        final OrderViews.Fraud fraud = screened(order().line("A", 2));

        assertThat(fraud.decision()).isEqualTo(FraudDecision.PASSED);
        assertThat(fraud.score()).isZero();
        assertThat(fraud.hits()).isEmpty();
    }

    // ---------------------------------------------------------------- one rule at a time

    @Test
    void aTotalAboveABandAddsItsPointsAndOnlyTheHighestBandExceededCounts()
    {
        rules(FraudRuleSets.quiet().amountBand(1_000, 10).amountBand(5_000, 30));

        assertThat(screened(order().line("A", 1, 1_000, "EUR")).hits()).as("exactly at the band").isEmpty();
        assertThat(screened(order().line("A", 1, 1_001, "EUR")).hits()).containsExactly(hit(FraudReason.AMOUNT, 10));
        assertThat(screened(order().line("A", 5, 1_000, "EUR")).hits()).containsExactly(hit(FraudReason.AMOUNT, 10));
        assertThat(screened(order().line("A", 1, 5_001, "EUR")).hits()).as("the higher band only")
            .containsExactly(hit(FraudReason.AMOUNT, 30));
        assertThat(screened(order().line("A", 1, 3_000, "EUR").line("B", 1, 2_001, "EUR")).hits())
            .as("the order's total, not a line's").containsExactly(hit(FraudReason.AMOUNT, 30));
    }

    @Test
    void aBillingCountryOtherThanTheShipToCountryAddsPoints()
    {
        rules(FraudRuleSets.quiet().countryMismatch(20));

        assertThat(screened(order().line("A", 1).billingCountry("MY")).hits())
            .containsExactly(hit(FraudReason.COUNTRY_MISMATCH, 20));
        assertThat(screened(order().line("A", 1).billingCountry("SG")).hits()).isEmpty();
        assertThat(screened(order().line("A", 1).billingCountry(null)).hits()).as("no billing country given").isEmpty();
    }

    @Test
    void moreUnitsOfOneSkuThanTheLimitAddPointsOncePerOrder()
    {
        rules(FraudRuleSets.quiet().skuQuantity(5, 25));

        assertThat(screened(order().line("A", 5).line("B", 5)).hits()).as("at the limit").isEmpty();
        assertThat(screened(order().line("A", 6)).hits()).containsExactly(hit(FraudReason.SKU_QUANTITY, 25));
        assertThat(screened(order().line("A", 6).line("B", 9)).hits())
            .containsExactly(hit(FraudReason.SKU_QUANTITY, 25));
    }

    @Test
    void aNewCustomersFirstFastOrderOverTheAmountAddsPoints()
    {
        rules(FraudRuleSets.quiet().newCustomer(5_000, 30));
        final FraudHit newCustomer = hit(FraudReason.NEW_CUSTOMER_FAST_HIGH_VALUE, 30);

        assertThat(screened(driver.ordering().customer("ann").level(ServiceLevel.EXPRESS).line("A", 1, 5_001, "EUR"))
            .hits()).containsExactly(newCustomer);
        assertThat(screened(driver.ordering().customer("ann").level(ServiceLevel.EXPRESS).line("A", 1, 5_001, "EUR"))
            .hits()).as("her second order").isEmpty();

        assertThat(screened(driver.ordering().customer("bob").level(ServiceLevel.STANDARD).line("A", 1, 5_001, "EUR"))
            .hits()).as("STANDARD is not fast").isEmpty();
        assertThat(screened(driver.ordering().customer("bob").level(ServiceLevel.EXPRESS).line("A", 1, 5_001, "EUR"))
            .hits()).as("no longer his first order").isEmpty();

        assertThat(screened(driver.ordering().customer("cat").level(ServiceLevel.EXPRESS).line("A", 1, 5_000, "EUR"))
            .hits()).as("exactly the amount").isEmpty();
        assertThat(screened(driver.ordering().customer("dan").level(ServiceLevel.SAME_DAY).line("A", 1, 5_001, "EUR"))
            .hits()).containsExactly(newCustomer);

        assertThat(driver.ordering().customer("eve").line("A", 100_000).submit().code())
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(screened(driver.ordering().customer("eve").level(ServiceLevel.EXPRESS).line("A", 1, 5_001, "EUR"))
            .hits()).as("a refused order was never placed: still her first").containsExactly(newCustomer);
    }

    /**
     * Rules version 4: a customer is known once an order of theirs passes the screen or is approved in review. Every
     * screened order made them known, so the retry of a rejected order scored lower: REJECTED, then FRAUD_REVIEW
     * (found in review).
     */
    @Test
    void onlyAnOrderThatPassedOrWasApprovedMakesTheCustomerKnown()
    {
        rules(FraudRuleSets.quiet().newCustomer(5_000, 30).thresholds(30, 60).countryMismatch(30));
        final FraudHit newCustomer = hit(FraudReason.NEW_CUSTOMER_FAST_HIGH_VALUE, 30);
        final java.util.function.Supplier<OrderViews.Fraud> fastFromAbroad = () -> screened(driver.ordering()
            .customer("fay").level(ServiceLevel.EXPRESS).billingCountry("MY").line("A", 1, 5_001, "EUR"));

        assertThat(fastFromAbroad.get().decision()).isEqualTo(FraudDecision.REJECTED);
        final OrderViews.Fraud retry = fastFromAbroad.get();
        assertThat(retry.hits()).as("rejected: still her first").contains(newCustomer);
        assertThat(retry.decision()).isEqualTo(FraudDecision.REJECTED);

        final long held = driver.ordering().customer("gus").level(ServiceLevel.EXPRESS).line("A", 1, 5_001, "EUR")
            .submit().orderId();
        assertThat(driver.order(held).status()).isEqualTo(OrderStatus.FRAUD_REVIEW);
        assertThat(screened(driver.ordering().customer("gus").level(ServiceLevel.EXPRESS).line("A", 1, 5_001, "EUR"))
            .hits()).as("the first is still in review").containsExactly(newCustomer);
        assertThat(driver.approve(held, "analyst-1", "").code()).isEqualTo(ResultCode.OK);
        assertThat(screened(driver.ordering().customer("gus").level(ServiceLevel.EXPRESS).line("A", 1, 5_001, "EUR"))
            .hits()).as("approved: known").isEmpty();

        final EngineDriver restored = EngineDriver.restore(EngineSnapshot.toBytes(driver.engine()));
        assertThat(screened(restored.ordering().customer("fay").level(ServiceLevel.EXPRESS)
            .line("A", 1, 5_001, "EUR")).hits()).as("restored: still new").contains(newCustomer);
        assertThat(screened(restored.ordering().customer("gus").level(ServiceLevel.EXPRESS)
            .line("A", 1, 5_001, "EUR")).hits()).as("restored: known").isEmpty();
    }

    @Test
    void aRuleWithZeroPointsNeverHits()
    {
        rules(FraudRuleSets.quiet().countryMismatch(0).skuQuantity(1, 0).amountBand(0, 0));

        final OrderViews.Fraud fraud = screened(order().line("A", 3).billingCountry("MY"));

        assertThat(fraud.hits()).isEmpty();
        assertThat(fraud.decision()).isEqualTo(FraudDecision.PASSED);
    }

    // ---------------------------------------------------------------- blocklists

    @Test
    void aBlockedEmailHitsWhateverTheCaseOfEitherSide()
    {
        rules(FraudRuleSets.quiet().blockedPoints(70).blockEmail("Fraud@Example.com"));

        assertThat(screened(order().email("fraud@example.com").line("A", 1)).hits())
            .containsExactly(hit(FraudReason.BLOCKED_EMAIL, 70));
        assertThat(screened(order().email("FRAUD@EXAMPLE.COM").line("A", 1)).hits())
            .containsExactly(hit(FraudReason.BLOCKED_EMAIL, 70));
        assertThat(screened(order().email("fraud2@example.com").line("A", 1)).hits()).isEmpty();
    }

    /** Rules version 7: a blocked address is compared as the velocity rule keys it. */
    @Test
    void aBlockedEmailHitsWithAPlusTagAndAtGmailWithDots()
    {
        rules(FraudRuleSets.quiet().blockedPoints(70).blockEmail("fraud@example.com").blockEmail("Bad.Actor+x@gmail.com")
            .blockDomain("googlemail.com"));

        assertThat(screened(order().email("Fraud+2@Example.com").line("A", 1)).hits())
            .containsExactly(hit(FraudReason.BLOCKED_EMAIL, 70));
        assertThat(screened(order().email("fr.aud@example.com").line("A", 1)).hits()).isEmpty();
        assertThat(screened(order().email("badactor@gmail.com").line("A", 1)).hits())
            .containsExactly(hit(FraudReason.BLOCKED_EMAIL, 70));
        assertThat(screened(order().email("b.a.d.actor+y@googlemail.com").line("A", 1)).hits())
            .as("the domain blocked as written, the address as the screen keys it")
            .containsExactly(hit(FraudReason.BLOCKED_EMAIL, 70), hit(FraudReason.BLOCKED_EMAIL_DOMAIN, 70));
        assertThat(screened(order().email("someone@gmail.com").line("A", 1)).hits()).isEmpty();
    }

    @Test
    void canonicalEmailsLeaveWhatTheyCannotReadAsTheyAre()
    {
        for (final String[] pair : new String[][] {{"no-at-sign", "no-at-sign"}, {"@example.com", "@example.com"},
            {"+tag@example.com", "+tag@example.com"}, {"...@gmail.com", "...@gmail.com"},
            {"a+b+c@example.com", "a@example.com"}, {"a.b+c@googlemail.com", "ab@gmail.com"},
            {"a@b@example.com", "a@b@example.com"}, {"a+x@b@example.com", "a@example.com"}})
        {
            final byte[] email = pair[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            final int length = FraudScreen.canonicalEmail(email, email.length);
            assertThat(new String(email, 0, length, java.nio.charset.StandardCharsets.US_ASCII)).as(pair[0])
                .isEqualTo(pair[1]);
        }
    }

    @Test
    void aBlockedDomainHitsEveryAddressAtItWhateverItsCase()
    {
        rules(FraudRuleSets.quiet().blockedPoints(70).blockDomain("Mailinator.COM"));

        assertThat(screened(order().email("someone@MAILINATOR.com").line("A", 1)).hits())
            .containsExactly(hit(FraudReason.BLOCKED_EMAIL_DOMAIN, 70));
        assertThat(screened(order().email("mailinator.com@example.com").line("A", 1)).hits())
            .as("the domain is what follows the last @").isEmpty();
        assertThat(screened(order().email("someone@mailinator.com.example").line("A", 1)).hits()).isEmpty();
    }

    @Test
    void aBlockedEmailAtABlockedDomainHitsTwice()
    {
        rules(FraudRuleSets.quiet().blockedPoints(60).blockEmail("x@bad.example").blockDomain("bad.example"));

        final OrderViews.Fraud fraud = screened(order().email("X@Bad.Example").line("A", 1));

        assertThat(fraud.hits()).containsExactly(hit(FraudReason.BLOCKED_EMAIL, 60),
            hit(FraudReason.BLOCKED_EMAIL_DOMAIN, 60));
        assertThat(fraud.score()).isEqualTo(120);
        assertThat(fraud.decision()).isEqualTo(FraudDecision.REJECTED);
    }

    @Test
    void aBlockedPostalCodeHitsIgnoringSpacesAndCase()
    {
        rules(FraudRuleSets.quiet().blockedPoints(70).blockPostalCode("sw1a 1aa"));
        final FraudHit blocked = hit(FraudReason.BLOCKED_POSTAL_CODE, 70);

        assertThat(screened(order().address("10 Downing St", "SW1A1AA", "SG").line("A", 1)).hits())
            .containsExactly(blocked);
        assertThat(screened(order().address("10 Downing St", " Sw1a  1aA ", "SG").line("A", 1)).hits())
            .containsExactly(blocked);
        assertThat(screened(order().address("10 Downing St", "SW1A 1AB", "SG").line("A", 1)).hits()).isEmpty();
        assertThat(screened(order().address("10 Downing St", "SW1A\u00a01AA\u200b", "SG").line("A", 1)).hits())
            .as("a no-break space and a zero-width one are spaces too (rules version 4)").containsExactly(blocked);
    }

    /**
     * An entry of nothing but invisible characters blocks nothing: folded, it is empty, as is a blank postal code (a
     * SHIP order may have one). The gateway refuses such entries; a state may hold one taken before it did, which the
     * wider fold of rules version 11 empties (found in review).
     */
    @Test
    void aBlockedPostalCodeThatFoldsToNothingBlocksNothing()
    {
        rules(FraudRuleSets.quiet().blockedPoints(70).blockPostalCode("\u3164").blockPostalCode("\u00ad ")
            .blockPostalCode("12345"));

        assertThat(screened(order().address("10 Downing St", " ", "SG").line("A", 1)).hits()).isEmpty();
        assertThat(screened(order().address("10 Downing St", "\u3164", "SG").line("A", 1)).hits()).isEmpty();
        assertThat(screened(order().address("10 Downing St", "123\u316445", "SG").line("A", 1)).hits())
            .containsExactly(hit(FraudReason.BLOCKED_POSTAL_CODE, 70));
    }

    @Test
    void aBlockedIpv4AddressHitsOnlyThatAddress()
    {
        rules(FraudRuleSets.quiet().blockedPoints(70).blockIp("198.51.100.23"));

        assertThat(screened(order().clientIp("198.51.100.23").line("A", 1)).hits())
            .containsExactly(hit(FraudReason.BLOCKED_IP, 70));
        assertThat(screened(order().clientIp("198.51.100.230").line("A", 1)).hits()).isEmpty();
        assertThat(screened(order().clientIp("198.51.100.2").line("A", 1)).hits()).isEmpty();
    }

    /**
     * An IPv6 address has many spellings (hex digits in either case, zeros compressed or not; the gateway passes the
     * client's literal through); a blocklist entry must catch every spelling of the address it names.
     */
    @Test
    void aBlockedIpv6AddressHitsWhateverItsSpelling()
    {
        rules(FraudRuleSets.quiet().blockedPoints(70).blockIp("2001:db8::1"));
        final FraudHit blocked = hit(FraudReason.BLOCKED_IP, 70);

        assertThat(screened(order().clientIp("2001:db8::1").line("A", 1)).hits()).containsExactly(blocked);
        assertThat(screened(order().clientIp("2001:DB8::1").line("A", 1)).hits()).as("upper-case hex digits")
            .containsExactly(blocked);
        assertThat(screened(order().clientIp("2001:db8:0:0:0:0:0:1").line("A", 1)).hits()).as("zeros not compressed")
            .containsExactly(blocked);
        assertThat(screened(order().clientIp("2001:db8::2").line("A", 1)).hits()).isEmpty();
    }

    // ---------------------------------------------------------------- thresholds and combinations

    @Test
    void theThresholdsCountFromTheirOwnValue()
    {
        rules(FraudRuleSets.quiet().thresholds(30, 50).countryMismatch(29));
        final OrderViews.Fraud below = screened(order().line("A", 1).billingCountry("MY"));
        assertThat(below.score()).isEqualTo(29);
        assertThat(below.decision()).isEqualTo(FraudDecision.PASSED);

        rules(FraudRuleSets.quiet().thresholds(30, 50).countryMismatch(30));
        assertThat(screened(order().line("A", 1).billingCountry("MY")).decision()).isEqualTo(FraudDecision.REVIEW);

        rules(FraudRuleSets.quiet().thresholds(30, 50).countryMismatch(30).skuQuantity(1, 19));
        final OrderViews.Fraud justBelowReject = screened(order().line("A", 2).billingCountry("MY"));
        assertThat(justBelowReject.score()).isEqualTo(49);
        assertThat(justBelowReject.decision()).isEqualTo(FraudDecision.REVIEW);

        rules(FraudRuleSets.quiet().thresholds(30, 50).countryMismatch(30).skuQuantity(1, 20));
        final OrderViews.Fraud atReject = screened(order().line("A", 2).billingCountry("MY"));
        assertThat(atReject.score()).isEqualTo(50);
        assertThat(atReject.decision()).isEqualTo(FraudDecision.REJECTED);
    }

    @Test
    void underTheDefaultsThreeSoftSignalsTogetherSendAnOrderToReview()
    {
        final long atpBefore = driver.inventory("A").atp();

        final Result placed = order().line("A", 11, 20_000, "EUR").billingCountry("MY").submit();

        final OrderViews.Order order = placed.order();
        assertThat(order.fraud().hits()).containsExactly(hit(FraudReason.AMOUNT, 25),
            hit(FraudReason.COUNTRY_MISMATCH, 20), hit(FraudReason.SKU_QUANTITY, 25));
        assertThat(order.fraud().score()).isEqualTo(70);
        assertThat(order.fraud().decision()).isEqualTo(FraudDecision.REVIEW);
        assertThat(order.status()).isEqualTo(OrderStatus.FRAUD_REVIEW);
        assertThat(order.line("A").allocated()).as("stock stays allocated in review").isEqualTo(11);
        assertThat(driver.inventory("A").atp()).isEqualTo(atpBefore - 11);
        final OrderViews.OrderEvent screening = driver.orderEvents(placed.orderId())
            .ofType(OrderEventType.FRAUD_SCREENED).get(0);
        assertThat(screening.qty()).isEqualTo(70);
        assertThat(screening.note()).isEqualTo("REVIEW: AMOUNT +25, COUNTRY_MISMATCH +20, SKU_QUANTITY +25");
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void underTheDefaultsAHighValueFastFirstOrderFromAbroadIsRejectedAndItsStockGivenBack()
    {
        final long atpBefore = driver.inventory("A").atp();

        final Result placed = order().level(ServiceLevel.EXPRESS).line("A", 1, 1_000_001, "EUR").billingCountry("MY")
            .submit();

        final OrderViews.Order order = placed.order();
        assertThat(order.fraud().hits()).containsExactly(hit(FraudReason.AMOUNT, 50),
            hit(FraudReason.COUNTRY_MISMATCH, 20), hit(FraudReason.NEW_CUSTOMER_FAST_HIGH_VALUE, 30));
        assertThat(order.fraud().score()).isEqualTo(100);
        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.line("A")).isEqualTo(new OrderViews.OrderLine("A", 1, 1_000_001, 0, 0, 1));
        assertThat(order.allocations()).isEmpty();
        assertThat(order.promisedDeliveryBy()).as("nothing is delivered, nothing promised").isZero();
        assertThat(driver.orderEvents(order.id()).statuses()).as("where its units stood, as a review shows them")
            .containsExactly(OrderStatus.CREATED, OrderStatus.ALLOCATED, OrderStatus.REJECTED);
        assertThat(driver.inventory("A").atp()).isEqualTo(atpBefore);
        assertThat(driver.inventory("A").allocated()).isZero();
        assertThat(driver.checkInvariants()).isNull();
    }

    // ---------------------------------------------------------------- the rules as state

    @Test
    void theRulesSetAreAnsweredBackFieldByField()
    {
        final FraudRules rules = FraudRuleSets.quiet().thresholds(40, 90).amountBand(10_000, 15)
            .velocity(2, 15, 3, 35).countryMismatch(5).skuQuantity(4, 6).newCustomer(7_000, 8).blockedPoints(90)
            .blockEmail("a@b.example").blockDomain("c.example").blockPostalCode("12345").blockIp("192.0.2.1").build();

        final Result set = driver.setFraudRules(rules);

        assertThat(set.code()).isEqualTo(ResultCode.OK);
        final OrderViews.FraudRuleSet view = driver.fraudRules();
        assertThat(OrderViews.fraudRules(set.data())).isEqualTo(view);
        assertThat(view.reviewAt()).isEqualTo(40);
        assertThat(view.rejectAt()).isEqualTo(90);
        assertThat(view.bands()).containsExactly(new OrderViews.AmountBand(10_000, 15));
        assertThat(view.velocity().get(2)).isEqualTo(new OrderViews.Velocity(15, 3, 35));
        assertThat(view.velocity().get(0)).isEqualTo(new OrderViews.Velocity(60, 0, 0));
        assertThat(List.of(view.countryMismatchPoints(), view.maxUnitsPerSku(), view.skuQuantityPoints(),
            view.newCustomerPoints(), view.blockedPoints())).containsExactly(5, 4, 6, 8, 90);
        assertThat(view.newCustomerOverMinor()).isEqualTo(7_000);
        assertThat(view.emails()).containsExactly("a@b.example");
        assertThat(view.domains()).containsExactly("c.example");
        assertThat(view.postalCodes()).containsExactly("12345");
        assertThat(view.ips()).containsExactly("192.0.2.1");
        assertThat(driver.log().get(driver.log().size() - 1).type()).as("journaled")
            .isEqualTo(CommandType.SET_FRAUD_RULES);
    }

    @Test
    void theRulesViewBuildsBackIntoTheSameRules()
    {
        final FraudRules full = FraudRuleSets.quiet().thresholds(40, 90).amountBand(10_000, 15).amountBand(50_000, 45)
            .velocity(0, 5, 1, 10).velocity(4, 1_440, 7, 70).countryMismatch(5).skuQuantity(4, 6).newCustomer(7_000, 8)
            .blockedPoints(90).blockEmail("a@b.example").blockDomain("c.example").blockPostalCode("s 123")
            .blockIp("2001:db8::1").build();
        for (final FraudRules rules : List.of(FraudRules.DEFAULT, full))
        {
            final byte[] bytes = viewBytes(rules);
            assertThat(viewBytes(OrderViews.fraudRules(bytes).toBuilder().build())).isEqualTo(bytes);
        }
    }

    private static byte[] viewBytes(final FraudRules rules)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        rules.writeTo(w);
        final byte[] bytes = new byte[w.length()];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    @Test
    void aRulesChangeScreensTheNextOrderAndLeavesEarlierOnesAsTheyWere()
    {
        final Result before = driver.ordering().customer("mallory").line("A", 1).submit();
        assertThat(before.order().status()).isEqualTo(OrderStatus.READY_TO_RELEASE);

        rules(driver.fraudRules().toBuilder().blockEmail("mallory@example.com"));
        final Result after = driver.ordering().customer("mallory").line("A", 1).submit();

        assertThat(after.order().fraud().hits()).containsExactly(hit(FraudReason.BLOCKED_EMAIL, 100));
        assertThat(after.order().status()).isEqualTo(OrderStatus.REJECTED);
        final OrderViews.Order earlier = driver.order(before.orderId());
        assertThat(earlier.fraud()).isEqualTo(before.order().fraud());
        assertThat(earlier.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    @Test
    void rulesTheEngineCannotUseAreRefusedAndTheOldOnesStay()
    {
        rules(FraudRuleSets.quiet().countryMismatch(7));
        final OrderViews.FraudRuleSet inForce = driver.fraudRules();
        final byte[] valid = encoded(new Cmd.SetFraudRules(FraudRuleSets.quiet().build()));

        final byte[] zeroReviewAt = valid.clone();
        new org.agrona.concurrent.UnsafeBuffer(zeroReviewAt).putInt(16, 0, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(driver.applyPayload(CommandType.SET_FRAUD_RULES, zeroReviewAt).code())
            .isEqualTo(ResultCode.INVALID_FRAUD_RULES);

        final byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 1);
        assertThat(driver.applyPayload(CommandType.SET_FRAUD_RULES, truncated).code())
            .isEqualTo(ResultCode.MALFORMED_COMMAND);

        assertThat(driver.fraudRules()).isEqualTo(inForce);
    }

    @Test
    void theBuilderSaysWhatIsWrongWithRulesItCannotBuild()
    {
        assertThat(FraudRules.DEFAULT).isNotNull();
        assertThat(FraudRuleSets.quiet().validate()).isNull();
        final List<FraudRules.Builder> invalid = List.of(
            FraudRuleSets.quiet().thresholds(0, 100),
            FraudRuleSets.quiet().thresholds(60, 59),
            FraudRuleSets.quiet().thresholds(1, FraudRules.MAX_POINTS * 100 + 1),
            FraudRuleSets.quiet().amountBand(5_000, 10).amountBand(5_000, 20),
            FraudRuleSets.quiet().amountBand(5_000, 10).amountBand(1_000, 20),
            FraudRuleSets.quiet().amountBand(-1, 10),
            FraudRuleSets.quiet().amountBand(1_000, FraudRules.MAX_POINTS + 1),
            FraudRuleSets.quiet().amountBand(1_000, -1),
            FraudRuleSets.quiet().velocity(3, 0, 5, 10),
            FraudRuleSets.quiet().velocity(3, FraudRules.MAX_WINDOW_MINUTES + 1, 5, 10),
            FraudRuleSets.quiet().velocity(3, 60, -1, 10),
            FraudRuleSets.quiet().velocity(3, 60, 5, FraudRules.MAX_POINTS + 1),
            FraudRuleSets.quiet().countryMismatch(-1),
            FraudRuleSets.quiet().skuQuantity(-1, 10),
            FraudRuleSets.quiet().newCustomer(-1, 10),
            FraudRuleSets.quiet().blockedPoints(FraudRules.MAX_POINTS + 1),
            FraudRuleSets.quiet().blockIp(""),
            FraudRuleSets.quiet().blockIp("192.0.2.1 ünïcode"));
        for (final FraudRules.Builder rules : invalid)
        {
            final String problem = rules.validate();
            assertThat(problem).isNotBlank();
            assertThatThrownBy(rules::build).isInstanceOf(IllegalArgumentException.class).hasMessage(problem);
        }
        final FraudRules.Builder nineBands = FraudRuleSets.quiet();
        for (int i = 0; i <= FraudRules.MAX_BANDS; i++)
        {
            nineBands.amountBand(1_000L * (i + 1), 1);
        }
        assertThat(nineBands.validate()).contains("at most " + FraudRules.MAX_BANDS);
        assertThat(FraudRuleSets.quiet().velocity(4, FraudRules.MAX_WINDOW_MINUTES, 0, FraudRules.MAX_POINTS)
            .thresholds(1, 1).validate()).as("the limits themselves are allowed").isNull();
    }

    private static byte[] encoded(final Cmd cmd)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        cmd.encode(w, 0, 0);
        final byte[] bytes = new byte[w.length()];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
