package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.FraudRuleSets;
import ordo.engine.testing.Query;
import ordo.engine.testing.Result;

/**
 * Orders with every free text set (ids, contact, address, client IP, payment reference and fingerprint; short ones,
 * ones over 64 bytes, one of 65 535 bytes, empty ones, mixed case for the fraud rules' folding) hash, snapshot, answer
 * and are screened exactly as the build that kept the texts in arrays did (cb1c9d9): the values were taken there.
 * Replay and restore tests compare a build with itself, so a change to how a text is hashed, written or compared that
 * is the same on both sides would pass them.
 */
class OrderTextsPinnedTest
{
    /**
     * Taken at cb1c9d9 (the snapshot as SHA-256; the answers: every reply's code, figures and bytes, and the events);
     * the answers again when the events view began to carry the order's reservation id (session 28); the snapshot
     * again for format 8 (each order's failed refunds; the state hash unchanged), and for format 9 (decisions as
     * their records' bytes; the state hash and answers unchanged); the answers again when an order list's summaries
     * began to carry their delivery method and pickup store, and when the sourcing view began to end with the lines
     * still waiting (session 40; state hash and snapshot unchanged); the snapshot for format 10 and the answers when
     * the order and sourcing views began to carry the order's shipment limit (rules version 14; the state hash
     * unchanged); the snapshot for format 11 (a location's countries; rules version 15; the state hash unchanged);
     * the snapshot for format 12 and the answers when the order view began to end with its charges and totals (rules
     * version 16; the state hash unchanged); the snapshot for format 13 (each SKU's last change; the state hash and
     * answers unchanged), for format 14 (each channel's locations; rules version 17; the state hash and answers
     * unchanged), and for format 15 (when each location's capacity day begins, a day held as its end; rules version
     * 19; the state hash and answers unchanged).
     */
    private static final String STATE_HASH = "9772803c92ddb046";
    private static final String SNAPSHOT = "43adf266841413c26909fff8eb580107233396a0289cb292e8ea8bcfe7c65a46";
    private static final String ANSWERS = "564cbafd3917079a743c0c3baf0a9d95c53b944e57c6b7be4797ff6cc167c896";

    private static final String LONG_CUSTOMER = "customer-0123456789-0123456789-0123456789-0123456789-0123456789";
    private static final String LONG_EMAIL = "Some.Very.Long.Name.With.Many.Parts.For.Testing@Sub.Example-Domain.COM";
    private static final String LONG_LINE1 =
        "Blk 123 Bishan Street 11, #12-345, Tower B, The Residences at Bishan Park";
    private static final String LONG_FINGERPRINT = "fp_" + "0123456789abcdef".repeat(8);

    @Test
    void ordersWithEveryTextHashSnapshotAndAnswerAsBefore()
    {
        final Run run = run(0);
        assertThat(run.driver.checkInvariants()).isNull();
        // The screening read every text it keys or blocks on (folded, canonical, without spaces).
        assertThat(reasons(run.driver, 1)).containsExactly(Codes.FraudReason.BLOCKED_EMAIL_DOMAIN,
            Codes.FraudReason.BLOCKED_POSTAL_CODE, Codes.FraudReason.BLOCKED_IP);
        assertThat(reasons(run.driver, 2)).containsExactly(Codes.FraudReason.VELOCITY_EMAIL,
            Codes.FraudReason.VELOCITY_IP, Codes.FraudReason.VELOCITY_ADDRESS,
            Codes.FraudReason.VELOCITY_PAYMENT_FINGERPRINT, Codes.FraudReason.BLOCKED_EMAIL_DOMAIN,
            Codes.FraudReason.BLOCKED_POSTAL_CODE, Codes.FraudReason.BLOCKED_IP);
        assertThat(reasons(run.driver, 3)).containsExactly(Codes.FraudReason.BLOCKED_EMAIL);
        assertThat(reasons(run.driver, 8)).containsExactly(Codes.FraudReason.VELOCITY_EMAIL,
            Codes.FraudReason.VELOCITY_IP, Codes.FraudReason.VELOCITY_ADDRESS,
            Codes.FraudReason.VELOCITY_PAYMENT_FINGERPRINT);
        assertThat(Engine.formatHash(run.driver.stateHash())).isEqualTo(STATE_HASH);
        assertThat(sha256(run.driver.snapshot())).isEqualTo(SNAPSHOT);
        assertThat(run.answers()).isEqualTo(ANSWERS);
    }

    @Test
    void restoredFromItsSnapshotTheStateIsTheSame()
    {
        final Run run = run(0);
        final byte[] snapshot = run.driver.snapshot();
        final EngineDriver restored = EngineDriver.restore(snapshot);
        assertThat(restored.stateHash()).isEqualTo(run.driver.stateHash());
        assertThat(restored.snapshot()).isEqualTo(snapshot);
        for (long id = 1; id <= 8; id++)
        {
            assertThat(restored.queryOrder(id).data()).isEqualTo(run.driver.queryOrder(id).data());
        }
    }

    @Test
    void aPreallocatedEngineAnswersTheSame()
    {
        final Run plain = run(0);
        final Run preallocated = run(3);
        assertThat(preallocated.answers()).isEqualTo(plain.answers());
        assertThat(preallocated.driver.stateHash()).isEqualTo(plain.driver.stateHash());
        assertThat(preallocated.driver.snapshot()).isEqualTo(plain.driver.snapshot());
    }

    private record Run(EngineDriver driver, MessageDigest digest)
    {
        String answers()
        {
            try
            {
                return HexFormat.of().formatHex(((MessageDigest)digest.clone()).digest());
            }
            catch (final CloneNotSupportedException e)
            {
                throw new AssertionError(e);
            }
        }
    }

    private static Run run(final int preallocateOrders)
    {
        final EngineDriver driver = new EngineDriver();
        driver.engine().preallocateOrders(preallocateOrders);
        final MessageDigest digest = sha256();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100);
        stock(driver, "B", "wh-sg", 100);
        stock(driver, "LTD", "wh-sg", 100);
        // Every screening rule that reads a text, each worth a few points.
        answer(digest, driver.setFraudRules(FraudRuleSets.quiet()
            .velocity(1, 60, 1, 3).velocity(2, 60, 1, 5).velocity(3, 60, 1, 7).velocity(4, 60, 1, 11)
            .blockedPoints(13).blockEmail("blocked@example.com").blockDomain("sub.example-domain.com")
            .blockPostalCode("S 238801").blockIp("2001:db8::1").build()));

        // 1: every text, several over 64 bytes, mixed case, a non-canonical IPv6 address.
        final OrderForm first = driver.ordering().customer(LONG_CUSTOMER).externalId("mkt-000001")
            .email(LONG_EMAIL).stripe("pi_3NxAbCdEfGhIjKlMnOpQrStU").fingerprint(LONG_FINGERPRINT)
            .clientIp("2001:DB8:0:0:0:0:0:1").address(LONG_LINE1, "s 238801", "SG").billingCountry("MY")
            .line("A", 2).line("LTD", 1).form();
        first.phone = "+65 6000 0000";
        first.shipName = "Zoë Tan Ah Kow, c/o The Very Long Name Holdings Pte. Ltd., Accounts Payable";
        first.city = "Singapore (Bishan-Toa Payoh Planning Area, Central Region), Republic of";
        answer(digest, driver.apply(new Cmd.PlaceOrder(first)));
        driver.advance(MINUTE);

        // 2: the same e-mail, address, IP and card in other spellings, a customer id of exactly 16 bytes.
        final OrderForm second = driver.ordering().customer("c-12345678901234").externalId("mkt-000002")
            .email(LONG_EMAIL.toLowerCase()).fingerprint(LONG_FINGERPRINT).clientIp("2001:db8::1")
            .address(LONG_LINE1.toUpperCase(), "S238801", "SG").line("A", 1).line("B", 1).line("LTD", 1).form();
        second.phone = "+65 6111 1111";
        answer(digest, driver.apply(new Cmd.PlaceOrder(second)));
        driver.advance(MINUTE);

        // 3: texts left empty (no external id, phone, IP, reference or fingerprint), a pickup order.
        final OrderForm third = driver.ordering().customer("c").email("blocked@EXAMPLE.com").clientIp(null)
            .pickupAt("store-orchard").line("B", 1).form();
        third.shipName = "";
        third.line1 = "";
        third.city = "";
        third.postalCode = "";
        stock(driver, "B", "store-orchard", 5);
        answer(digest, driver.apply(new Cmd.PlaceOrder(third)));
        driver.advance(MINUTE);

        // 4: a ship-to name of 65 535 bytes (the longest text), e-mail of exactly eight bytes.
        final OrderForm fourth = driver.ordering().customer("c-8bytes0").email("a@b.com1").externalId("mkt-000004")
            .offline("ref-0004").line("A", 1).form();
        fourth.shipName = "x".repeat(65_535);
        fourth.phone = "1".repeat(64);
        fourth.city = "y".repeat(65);
        answer(digest, driver.apply(new Cmd.PlaceOrder(fourth)));
        driver.advance(MINUTE);

        // The first captured again (its external id: the order we have), one over the per-customer limit.
        answer(digest, driver.apply(new Cmd.PlaceOrder(first)));
        answer(digest, driver.ordering().customer(LONG_CUSTOMER).line("LTD", 2).submit());
        // 5, 6: in another channel with the first's external id; the first customer again.
        answer(digest, driver.ordering().channel("app").customer(LONG_CUSTOMER).externalId("mkt-000001")
            .line("A", 1).submit());
        answer(digest, driver.ordering().customer(LONG_CUSTOMER).line("LTD", 1).submit());
        driver.advance(MINUTE);

        // A cancellation (the ledger by the order's customer), webhooks by reference, reviews.
        answer(digest, driver.cancelOrder(1, "LTD:1"));
        answer(digest, driver.ordering().customer(LONG_CUSTOMER).line("LTD", 1).submit());
        answer(digest, driver.paymentEvent("evt-1", Codes.PaymentEventKind.AUTHORIZED, "pi_3NxAbCdEfGhIjKlMnOpQrStU",
            first.paymentAmountMinor));
        answer(digest, driver.paymentEvent("evt-2", Codes.PaymentEventKind.AUTHORIZED, "pi_unknown", 1));
        answer(digest, driver.approve(2, "reviewer-1", "looked fine"));
        driver.advance(MINUTE);

        // New rules: the windows are rebuilt from the orders' texts; 8 then counts against them.
        answer(digest, driver.setFraudRules(FraudRuleSets.quiet()
            .velocity(1, 120, 2, 3).velocity(2, 120, 2, 5).velocity(3, 120, 2, 7).velocity(4, 120, 2, 11).build()));
        answer(digest, driver.ordering().customer("c-again").email(LONG_EMAIL.toUpperCase())
            .fingerprint(LONG_FINGERPRINT).clientIp("2001:0db8::0001").address(LONG_LINE1, "S 2388 01", "SG")
            .line("A", 1).submit());
        driver.advance(MINUTE);

        // Every view of every order, the lists (a customer's too), the payment actions.
        for (long id = 1; id <= 8; id++)
        {
            answer(digest, driver.queryOrder(id));
            answer(digest, driver.queryOrderEvents(id));
            answer(digest, driver.querySourcing(id));
        }
        answer(digest, driver.query(new Query.Orders("", null, "", 0, 100, List.of())));
        answer(digest, driver.query(new Query.Orders("", null, LONG_CUSTOMER, 0, 100, List.of())));
        answer(digest, driver.query(new Query.Orders("", null, "c-12345678901234", 0, 100, List.of())));
        answer(digest, driver.query(new Query.Orders("", null, "c-1234567890123", 0, 100, List.of())));
        answer(digest, driver.queryPaymentActions(0, 100));
        digest.update(driver.events().toString().getBytes(StandardCharsets.UTF_8));
        return new Run(driver, digest);
    }

    private static List<Codes.FraudReason> reasons(final EngineDriver driver, final long orderId)
    {
        return driver.order(orderId).fraud().hits().stream().map(hit -> hit.reason()).toList();
    }

    private static void answer(final MessageDigest digest, final Result result)
    {
        digest.update((result.code() + " " + result.entityId() + " " + result.a() + " " + result.b() + " " +
            result.c() + " " + result.d() + " " + result.replayed() + " " + result.data().length + "\n")
            .getBytes(StandardCharsets.UTF_8));
        digest.update(result.data());
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new AssertionError(e);
        }
    }

    private static String sha256(final byte[] bytes)
    {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
