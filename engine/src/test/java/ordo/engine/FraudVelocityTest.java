package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ordo.engine.Codes.FraudReason;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.FraudRuleSets;
import ordo.engine.testing.OrderBuilder;
import ordo.engine.testing.OrderViews.FraudHit;
import ordo.engine.testing.Result;

/**
 * Velocity rules count the earlier orders with the same key in an exact sliding window of engine time: an order at
 * {@code t} counts those placed after {@code t − window}, so one placed exactly at {@code t − window} has left the
 * window and one placed a millisecond later has not. Each kind (customer, email, IP, ship-to address, payment
 * fingerprint) keys on its own value only.
 */
class FraudVelocityTest
{
    private static final int WINDOW_MINUTES = 30;
    private static final long T = EngineDriver.START_MILLIS + 10 * MINUTE;

    private final EngineDriver driver = new EngineDriver();
    private int orders;

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 1_000);
    }

    /** Only kind {@code kind} on: more than one order per window adds 40 points. */
    private void onlyVelocity(final int kind, final int maxOrders)
    {
        assertThat(driver.setFraudRules(FraudRuleSets.quiet().velocity(kind, WINDOW_MINUTES, maxOrders, 40).build())
            .code()).isEqualTo(ResultCode.OK);
    }

    /** An order whose value of kind {@code kind} is {@code shared}; its values of every other kind are its own. */
    private OrderBuilder orderSharing(final int kind, final String shared)
    {
        final int n = ++orders;
        final OrderBuilder order = driver.ordering().customer("buyer-" + n).email("buyer-" + n + "@example.com")
            .clientIp("198.51.100." + n).address(n + " Bishan Street 11", "5700" + (10 + n), "SG")
            .fingerprint("fp_" + n).line("A", 1);
        return switch (kind)
        {
            case 0 -> order.customer(shared).email("buyer-" + n + "@example.com");
            case 1 -> order.email(shared);
            case 2 -> order.clientIp(shared);
            case 3 -> order.address(shared, "570001", "SG");
            case 4 -> order.fingerprint(shared);
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    private List<FraudHit> hits(final OrderBuilder order)
    {
        final Result placed = order.submit();
        assertThat(placed.code()).as("%s", placed).isEqualTo(ResultCode.OK);
        return placed.order().fraud().hits();
    }

    private List<FraudHit> hitsAt(final long millis, final int kind, final String shared)
    {
        driver.at(millis);
        return hits(orderSharing(kind, shared));
    }

    private List<FraudHit> hitsAfter(final long millis, final int kind, final String shared)
    {
        driver.advance(millis);
        return hits(orderSharing(kind, shared));
    }

    private static FraudHit velocity(final int kind, final int points)
    {
        return new FraudHit(FraudReason.fromCode(FraudReason.VELOCITY_CUSTOMER.code() + kind), points);
    }

    @ParameterizedTest(name = "velocity.{0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void anOrderExactlyOneWindowAgoHasLeftTheWindowAndOneAMillisecondLaterHasNot(final int kind)
    {
        onlyVelocity(kind, 1);
        final long windowMillis = WINDOW_MINUTES * MINUTE;

        assertThat(hitsAt(T, kind, "left")).isEmpty();
        assertThat(hitsAt(T + 1, kind, "stays")).isEmpty();

        assertThat(hitsAt(T + windowMillis, kind, "left"))
            .as("the earlier order was placed exactly a window ago").isEmpty();
        assertThat(hitsAt(T + windowMillis, kind, "stays"))
            .as("the earlier order was placed a window minus 1 ms ago").containsExactly(velocity(kind, 40));
    }

    @ParameterizedTest(name = "velocity.{0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void ordersSharingOnlyAnotherKindsValueAreNotCounted(final int kind)
    {
        onlyVelocity(kind, 1);

        for (int other = 0; other < FraudRules.VELOCITY_KINDS; other++)
        {
            if (other != kind)
            {
                assertThat(hits(orderSharing(other, "shared-" + other))).isEmpty();
                assertThat(hits(orderSharing(other, "shared-" + other))).as("sharing kind %d", other).isEmpty();
            }
        }
        assertThat(hits(orderSharing(kind, "mine"))).isEmpty();
        assertThat(hits(orderSharing(kind, "mine"))).containsExactly(velocity(kind, 40));
    }

    @Test
    void moreThanMaxOrdersInTheWindowHitsAndTheCountFallsAsOrdersLeaveIt()
    {
        onlyVelocity(0, 3);

        driver.at(T);
        assertThat(hits(orderSharing(0, "busy"))).isEmpty();
        assertThat(hitsAfter(MINUTE, 0, "busy")).isEmpty();
        assertThat(hitsAfter(MINUTE, 0, "busy")).as("the third: at the limit")
            .isEmpty();
        assertThat(hitsAfter(MINUTE, 0, "busy")).as("the fourth")
            .containsExactly(velocity(0, 40));

        // At T + 30 min the first order has left; the three later ones (one of which hit) are still counted.
        assertThat(hitsAt(T + 30 * MINUTE, 0, "busy")).containsExactly(velocity(0, 40));
        // At T + 32 min the orders of T, T + 1 and T + 2 min have left: T + 3 and T + 30 remain, so this is the third.
        assertThat(hitsAt(T + 32 * MINUTE, 0, "busy")).isEmpty();
    }

    @Test
    void emailVelocityIgnoresTheCaseOfTheAddress()
    {
        onlyVelocity(1, 1);

        assertThat(hits(orderSharing(1, "Pat@Example.com"))).isEmpty();
        assertThat(hits(orderSharing(1, "pat@EXAMPLE.COM"))).containsExactly(velocity(1, 40));
    }

    /** Rules version 7: a new {@code +tag} per order made a new key, so the limit never hit. */
    @Test
    void emailVelocityIgnoresAPlusTagAndGmailsDots()
    {
        onlyVelocity(1, 1);

        assertThat(hits(orderSharing(1, "pat@example.com"))).isEmpty();
        assertThat(hits(orderSharing(1, "Pat+Shop1@example.com"))).containsExactly(velocity(1, 40));
        assertThat(hits(orderSharing(1, "p.a.t@example.com"))).as("dots count outside Gmail").isEmpty();
        assertThat(hits(orderSharing(1, "pat@example.org"))).isEmpty();

        assertThat(hits(orderSharing(1, "jo.ann+1@gmail.com"))).isEmpty();
        assertThat(hits(orderSharing(1, "joann@googlemail.com"))).containsExactly(velocity(1, 40));
        assertThat(hits(orderSharing(1, "J.O.A.N.N+2@GMAIL.COM"))).containsExactly(velocity(1, 40));
        assertThat(hits(orderSharing(1, "+joann@gmail.com"))).as("no local part before the tag: kept whole")
            .isEmpty();
    }

    @Test
    void addressVelocityIgnoresCaseAndSpacesInThePostalCodeButNotTheCountry()
    {
        onlyVelocity(3, 1);

        assertThat(hits(driver.ordering().customer("p1").address("1 Bishan Street 11", "570 001", "SG").line("A", 1)))
            .isEmpty();
        assertThat(hits(driver.ordering().customer("p2").address("1 BISHAN STREET 11", "570001", "SG").line("A", 1)))
            .containsExactly(velocity(3, 40));
        assertThat(hits(driver.ordering().customer("p3").address("1 Bishan Street 11", "570001", "MY").line("A", 1)))
            .as("another country, another address").isEmpty();
    }

    /**
     * Rules version 4: a street line compares with each run of spaces as one and zero-width characters left out, a
     * postal code without either. A doubled, trailing or no-break space made a new key (found in review).
     */
    @Test
    void addressVelocityIgnoresSpacesAndInvisibleCharactersInTheStreet()
    {
        onlyVelocity(3, 3);

        assertThat(hits(driver.ordering().customer("q1").address("1 Bishan Street 11", "570001", "SG").line("A", 1)))
            .isEmpty();
        assertThat(hits(driver.ordering().customer("q2").address("1  Bishan Street 11 ", "570001", "SG")
            .line("A", 1))).isEmpty();
        assertThat(hits(driver.ordering().customer("q3").address("1\u00a0Bishan Street\u200b\t11", "570\u3000001", "SG")
            .line("A", 1))).isEmpty();
        assertThat(hits(driver.ordering().customer("q4").address("\ufeff1 bishan street 11", "57 0001", "SG")
            .line("A", 1))).as("the fourth order of one address").containsExactly(velocity(3, 40));
        assertThat(hits(driver.ordering().customer("q5").address("1 Bishan Street 12", "570001", "SG").line("A", 1)))
            .as("another street").isEmpty();
    }

    /**
     * Rules version 11: every character that shows nothing ({@link Invisible}: Hangul fillers, soft hyphens, bidi
     * controls, variation selectors, tags, private use …) is left out of the street and the postal code, not only the
     * zero-width ones: "570\u3164001" looks like "570001" and made a new address for the velocity rule.
     */
    @Test
    void addressVelocityIgnoresEveryCharacterThatShowsNothing()
    {
        onlyVelocity(3, 3);

        assertThat(hits(driver.ordering().customer("r1").address("1 Bishan Street 11", "570001", "SG").line("A", 1)))
            .isEmpty();
        assertThat(hits(driver.ordering().customer("r2").address("1 Bishan\u00ad Street\u202e 11", "570\u3164001", "SG")
            .line("A", 1))).isEmpty();
        assertThat(hits(driver.ordering().customer("r3").address("1 Bis\ufe0fhan Street 11\udb40\udc20", "\uffa0570001\ue000",
            "SG").line("A", 1))).isEmpty();
        assertThat(hits(driver.ordering().customer("r4").address("1 Bishan\u2800 Street 11", "5700\u115f01", "SG")
            .line("A", 1))).as("the fourth order of one address").containsExactly(velocity(3, 40));
        assertThat(hits(driver.ordering().customer("r5").address("1 Bishan Street 1\u0661", "570001", "SG").line("A", 1)))
            .as("a digit of another script is seen: another street").isEmpty();
    }

    /**
     * Rules version 4: every window ages with every order. Aged only by orders with a key of its kind, a flood of
     * client IPs followed by orders without one stayed in the IP window, its snapshots and its state hash for good
     * (found in review).
     */
    @Test
    void everyWindowAgesWithEveryOrderEvenOneWithoutAKeyOfItsKind()
    {
        onlyVelocity(2, 5);
        driver.at(T);
        for (int i = 0; i < 3; i++)
        {
            assertThat(hits(orderSharing(2, "203.0.113.7"))).isEmpty();
        }
        final FraudScreen fraud = driver.engine().fraud();
        assertThat(fraud.windowSize(2)).isEqualTo(3);

        driver.at(T + WINDOW_MINUTES * 60_000L);
        assertThat(hits(driver.ordering().customer("no-ip").clientIp(null).line("A", 1))).isEmpty();

        assertThat(fraud.windowSize(2)).as("the IPs' window, aged by an order without one").isZero();
    }

    @Test
    void anOrderWithoutAFingerprintIsNotCountedAgainstOtherOrdersWithoutOne()
    {
        onlyVelocity(4, 1);

        assertThat(hits(driver.ordering().customer("n1").line("A", 1))).isEmpty();
        assertThat(hits(driver.ordering().customer("n2").line("A", 1))).isEmpty();
    }

    /**
     * The window is a rule like any other: widened, it counts the orders placed within the new width before the
     * next order, including ones that had already left the narrower window.
     */
    @Test
    void wideningAWindowCountsTheOrdersWithinTheNewWidth()
    {
        assertThat(driver.setFraudRules(FraudRuleSets.quiet().velocity(0, 10, 2, 40).build()).code())
            .isEqualTo(ResultCode.OK);
        driver.at(T);
        assertThat(hits(orderSharing(0, "wide"))).isEmpty();
        assertThat(hitsAt(T + 15 * MINUTE, 0, "wide")).as("the first has left")
            .isEmpty();

        assertThat(driver.setFraudRules(FraudRuleSets.quiet().velocity(0, 60, 2, 40).build()).code())
            .isEqualTo(ResultCode.OK);
        final List<FraudHit> third = hitsAt(T + 20 * MINUTE, 0, "wide");

        assertThat(third).as("three orders within the last 60 minutes").containsExactly(velocity(0, 40));
    }

    /**
     * Longer than the screen's first scratch buffer (64 bytes): screened without stopping the engine, and counted
     * like any other value, whatever its case.
     */
    @ParameterizedTest(name = "velocity.{0}")
    @ValueSource(ints = {1, 3})
    void aValueLongerThanSixtyFourBytesIsScreenedAndCountedInAnyCase(final int kind)
    {
        onlyVelocity(kind, 1);
        final String longValue = kind == 1 ? "b".repeat(100) + "@example.com" : "1 " + "Very Long Street Name ".repeat(4);
        assertThat(hits(orderSharing(kind, longValue))).isEmpty();
        assertThat(hits(orderSharing(kind, longValue.toUpperCase(java.util.Locale.ROOT))))
            .containsExactly(velocity(kind, 40));
    }
}
