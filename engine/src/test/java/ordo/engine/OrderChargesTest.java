package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.ChargeKind;
import ordo.engine.Codes.PaymentActionKind;
import ordo.engine.Codes.PaymentOutcome;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderBuilder;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Query;
import ordo.engine.testing.Result;

/**
 * An order's charges beside its lines (rules version 16): the payment covers lines + charges − discounts; what is open
 * keeps shipping and fees whole while a unit is, and tax and discounts in proportion to the value open, so a partial
 * cancellation refunds the units less their share of the discounts. Golden cases, the refusals (nothing changes),
 * and the charges across a snapshot.
 */
class OrderChargesTest
{
    private final EngineDriver driver = new EngineDriver();

    OrderChargesTest()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 20);
        stock(driver, "B", "wh-sg", 20);
    }

    /** 2 × 50.00 + shipping 5.00 + tax 0.70 − voucher 10.00 = 95.70. */
    private OrderBuilder marketplaceOrder()
    {
        return driver.ordering().channel("shopee").line("A", 2, 5_000, "EUR")
            .charge(ChargeKind.SHIPPING, "Standard delivery", 500)
            .charge(ChargeKind.TAX, null, 70)
            .charge(ChargeKind.DISCOUNT, "Voucher SHOPEE10", 1_000);
    }

    @Test
    void aPaymentOfLinesPlusChargesLessDiscountsIsTheTotal()
    {
        final Result placed = marketplaceOrder().submit();

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Order order = placed.order();
        assertThat(order.paymentAmountMinor()).isEqualTo(9_570);
        assertThat(order.payment().problem()).isEmpty();
        assertThat(order.status()).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
        assertThat(order.charges()).containsExactly(
            new OrderViews.Charge(ChargeKind.SHIPPING, 500, "Standard delivery"),
            new OrderViews.Charge(ChargeKind.TAX, 70, ""),
            new OrderViews.Charge(ChargeKind.DISCOUNT, 1_000, "Voucher SHOPEE10"));
        assertThat(order.totalMinor()).isEqualTo(9_570);
        assertThat(order.openTotalMinor()).isEqualTo(9_570);
        assertThat(driver.listOrders(10).orders().get(0).totalMinor()).isEqualTo(9_570);
    }

    @Test
    void aPaymentOfTheLinesAloneIsHeldAsAMismatchNamingTheTotal()
    {
        final Result placed = driver.ordering().line("A", 2, 5_000, "EUR").charge(ChargeKind.SHIPPING, null, 500)
            .payment(10_000, "EUR").submit();

        assertThat(placed.order().status()).isEqualTo(Codes.OrderStatus.PAYMENT_PENDING);
        assertThat(placed.order().payment().problem())
            .isEqualTo("AMOUNT_MISMATCH: payment 10000 but the order totals 10500 EUR");
    }

    @Test
    void aCardIsVerifiedForTheTotalAndAPartialCancellationRefundsTheUnitsLessTheirShareOfTheDiscount()
    {
        final long id = marketplaceOrder().stripe("pi_charges").submit().orderId();
        final OrderViews.PaymentAction verify = driver.outstanding(id, PaymentActionKind.VERIFY);
        assertThat(verify.amountMinor()).isEqualTo(9_570);
        driver.reportPayment(verify.actionId(), PaymentOutcome.SUCCEEDED, "requires_capture", 9_570, "EUR", "");
        driver.capture(id);
        final OrderViews.PaymentAction capture = driver.outstanding(id, PaymentActionKind.CAPTURE);
        assertThat(capture.amountMinor()).isEqualTo(9_570);
        driver.reportPayment(capture.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 9_570, "EUR", "");

        // One unit of two: 50.00 less its half of the voucher (5.00), plus its half of the tax (0.35).
        assertThat(driver.cancelOrder(id, "A:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).openTotalMinor()).isEqualTo(5_000 + 500 + 35 - 500);
        final OrderViews.PaymentAction refund = driver.outstanding(id, PaymentActionKind.REFUND);
        assertThat(refund.amountMinor()).isEqualTo(4_535);
        driver.reportPayment(refund.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 4_535, "EUR", "");

        // The last unit: everything left, shipping included.
        driver.cancelOrder(id, "A:1");
        final OrderViews.Order cancelled = driver.order(id);
        assertThat(cancelled.status()).isEqualTo(Codes.OrderStatus.CANCELLED);
        assertThat(cancelled.openTotalMinor()).isZero();
        assertThat(cancelled.totalMinor()).isEqualTo(9_570);
        assertThat(driver.outstanding(id, PaymentActionKind.REFUND).amountMinor()).isEqualTo(5_035);
    }

    @Test
    void anOfflineOrderRecordsItsRefundsTheSameWayRoundedDownOnTheOpenSide()
    {
        // 3 × 3.33 + tax 1.00 = 10.99; one unit cancelled leaves 6.66 + floor(100 × 666 / 999) = 6.66 + 0.66 open.
        final long id = driver.ordering().line("A", 3, 333, "EUR").charge(ChargeKind.TAX, "GST", 100)
            .charge(ChargeKind.FEE, "COD fee", 200).submit().orderId();
        driver.markPaid(id, "cash");
        assertThat(driver.order(id).payment().capturedMinor()).isEqualTo(1_299);

        driver.cancelOrder(id, "A:1");
        assertThat(driver.order(id).openTotalMinor()).isEqualTo(666 + 66 + 200);
        assertThat(driver.order(id).payment().refundedMinor()).isEqualTo(1_299 - 932);

        driver.cancelOrder(id, "A:2");
        assertThat(driver.order(id).payment().refundedMinor()).isEqualTo(1_299);
    }

    @Test
    void chargesOfZeroAndFreeGoodsAreTakenAndTaxOnFreeGoodsStaysWhileAUnitIsOpen()
    {
        final long id = driver.ordering().line("A", 2, 0, "EUR").charge(ChargeKind.SHIPPING, "free", 0)
            .charge(ChargeKind.TAX, null, 30).submit().orderId();
        assertThat(driver.order(id).totalMinor()).isEqualTo(30);

        driver.cancelOrder(id, "A:1");
        assertThat(driver.order(id).openTotalMinor()).isEqualTo(30);
        driver.cancelOrder(id, "A:1");
        assertThat(driver.order(id).openTotalMinor()).isZero();
    }

    @Test
    void refusalsNameTheChargeAndChangeNothing()
    {
        final long before = driver.stateHash();
        final int orders = driver.listOrders(10).orders().size();

        final Result currency = driver.ordering().line("A", 1, 1_000, "EUR")
            .charge(ChargeKind.SHIPPING, null, 100, "EUR").charge(ChargeKind.FEE, null, 100, "SGD").submit();
        assertThat(currency.code()).isEqualTo(ResultCode.CURRENCY_MISMATCH);
        assertThat(currency.a()).isEqualTo(2);
        assertThat(currency.d()).isEqualTo(1);

        final Result discount = driver.ordering().line("A", 1, 1_000, "EUR")
            .charge(ChargeKind.SHIPPING, null, 500).charge(ChargeKind.DISCOUNT, null, 1_001).submit();
        assertThat(discount.code()).isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(discount.a()).isEqualTo(2);
        assertThat(discount.d()).isEqualTo(-1);

        final OrderBuilder many = driver.ordering().line("A", 1, 1_000, "EUR");
        for (int i = 0; i <= OrderForm.MAX_CHARGES; i++)
        {
            many.charge(ChargeKind.FEE, "fee " + i, 1);
        }
        assertThat(many.submit().code()).isEqualTo(ResultCode.INVALID_FIELD);

        final Result longName = driver.ordering().line("A", 1, 1_000, "EUR")
            .charge(ChargeKind.FEE, "x".repeat(OrderForm.MAX_CHARGE_NAME_BYTES + 1), 1).submit();
        assertThat(longName.code()).isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(longName.d()).isZero();

        final Result tooMuch = driver.ordering().line("A", 1, 1_000, "EUR")
            .charge(ChargeKind.SHIPPING, null, OrderCommands.MAX_TOTAL_MINOR).payment(1_000, "EUR").submit();
        assertThat(tooMuch.code()).isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(tooMuch.d()).isEqualTo(-1);

        final Result overflow = driver.ordering().line("A", 1, 1_000, "EUR")
            .charge(ChargeKind.TAX, null, OrderCommands.MAX_TOTAL_MINOR)
            .charge(ChargeKind.FEE, null, OrderCommands.MAX_TOTAL_MINOR).payment(1_000, "EUR").submit();
        assertThat(overflow.code()).isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(overflow.d()).isEqualTo(1);

        final Result negative = driver.ordering().line("A", 1, 1_000, "EUR").charge(ChargeKind.FEE, null, -1).submit();
        assertThat(negative.code()).isEqualTo(ResultCode.INVALID_FIELD);

        // A card cannot authorize nothing: an order a voucher covers whole is paid offline.
        final Result cardOfNothing = driver.ordering().line("A", 1, 1_000, "EUR")
            .charge(ChargeKind.DISCOUNT, null, 1_000).stripe("pi_nothing").submit();
        assertThat(cardOfNothing.code()).isEqualTo(ResultCode.INVALID_FIELD);

        assertThat(driver.stateHash()).isEqualTo(before);
        assertThat(driver.listOrders(10).orders()).hasSize(orders);
    }

    @Test
    void anUnknownKindOrATruncatedChargeIsRefusedAsSuch()
    {
        final byte[] good = payload(driver.ordering().line("A", 1, 1_000, "EUR")
            .charge(ChargeKind.FEE, "f", 10).form());
        // The charge's kind byte follows the count byte, which follows the fingerprint (empty: one byte).
        final int kindAt = good.length - (1 + 8 + 4 + 3);
        assertThat(good[kindAt]).isEqualTo((byte)ChargeKind.FEE.code());

        final byte[] unknown = good.clone();
        unknown[kindAt] = 9;
        assertThat(driver.applyPayload(CommandType.PLACE_ORDER, unknown).code()).isEqualTo(ResultCode.INVALID_FIELD);

        final byte[] truncated = java.util.Arrays.copyOf(good, good.length - 2);
        assertThat(driver.applyPayload(CommandType.PLACE_ORDER, truncated).code())
            .isEqualTo(ResultCode.MALFORMED_COMMAND);

        assertThat(driver.applyPayload(CommandType.PLACE_ORDER, good).code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void chargesAreStateTheyHashSnapshotAndDescribe()
    {
        final long id = marketplaceOrder().submit().orderId();
        driver.cancelOrder(id, "A:1");

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(restored.order(id)).isEqualTo(driver.order(id));
        assertThat(restored.checkInvariants()).isNull();

        // Another name is another state.
        final EngineDriver other = new EngineDriver();
        SgNetwork.define(other);
        stock(other, "A", "wh-sg", 20);
        stock(other, "B", "wh-sg", 20);
        final EngineDriver same = new EngineDriver();
        SgNetwork.define(same);
        stock(same, "A", "wh-sg", 20);
        stock(same, "B", "wh-sg", 20);
        same.ordering().channel("shopee").line("A", 2, 5_000, "EUR").charge(ChargeKind.SHIPPING, "a", 500).submit();
        other.ordering().channel("shopee").line("A", 2, 5_000, "EUR").charge(ChargeKind.SHIPPING, "b", 500).submit();
        assertThat(other.stateHash()).isNotEqualTo(same.stateHash());

        final byte[] placed = payload(marketplaceOrder().form());
        final var fields = CommandDescriber.describe(CommandType.PLACE_ORDER,
            new org.agrona.concurrent.UnsafeBuffer(placed), 0, placed.length);
        assertThat(fields.get("charges")).isEqualTo(List.of(
            java.util.Map.of("kind", "SHIPPING", "amountMinor", 500L, "currency", "EUR", "name", "Standard delivery"),
            charge("TAX", 70L, null),
            java.util.Map.of("kind", "DISCOUNT", "amountMinor", 1_000L, "currency", "EUR", "name", "Voucher SHOPEE10")));
        assertThat(fields).doesNotContainKey("unreadBytes");
    }

    /**
     * A voucher may make the units still open cost nothing: the order has nothing left to pay for, so its card
     * authorization is voided (the customer's money released) and it goes on; before, it was voided and then waited in
     * PAYMENT_PENDING for good with no reason shown (review), and a provider's CANCELED report asked for a new payment.
     */
    @Test
    void anOrderLeftWithNothingToPayIsVoidedAndGoesOn()
    {
        // A card: 2 × 5.00 less 9.99; one unit cancelled leaves 5.00 + floor(-9.99 × 5 / 10) = 0 open.
        final long card = driver.ordering().line("A", 2, 500, "EUR").charge(ChargeKind.DISCOUNT, "V", 999)
            .stripe("pi_voucher").submit().orderId();
        driver.reportPayment(driver.outstanding(card, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED,
            "requires_capture", 1, "EUR", "");
        assertThat(driver.order(card).status()).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
        driver.cancelOrder(card, "A:1");
        assertThat(driver.order(card).openTotalMinor()).isZero();
        voidSucceeds(card);
        driver.paymentEvent("evt_canceled", Codes.PaymentEventKind.CANCELED, "pi_voucher", 0);
        final OrderViews.Order left = driver.order(card);
        assertThat(left.payment().status()).isEqualTo(Codes.PaymentStatus.VOIDED);
        assertThat(left.payment().problem()).isEmpty();
        assertThat(left.status()).as("one unit still to ship, nothing to pay").isEqualTo(
            Codes.OrderStatus.READY_TO_RELEASE);
        driver.cancelOrder(card, "A:1");
        assertThat(driver.order(card).status()).isEqualTo(Codes.OrderStatus.CANCELLED);
        assertThat(driver.paymentActions().of(card)).as("no second void").isEmpty();

        // Offline, wholly paid by a voucher: nothing to collect; recorded voided once nothing is open to pay for.
        final long offline = driver.ordering().customer("c-2").line("A", 2, 500, "EUR")
            .charge(ChargeKind.DISCOUNT, "100%", 1_000).submit().orderId();
        assertThat(driver.order(offline).status()).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
        final Result nothingToPay = driver.markPaid(offline, "voucher");
        assertThat(nothingToPay.code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(nothingToPay.d()).as("nothing open to pay for").isEqualTo(2);
        driver.cancelOrder(offline, "A:1");
        assertThat(driver.order(offline).status()).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);

        // A connector that sent the amount before the voucher: held AMOUNT_MISMATCH; marking it paid settles that.
        final long mismatch = driver.ordering().customer("c-3").line("A", 2, 500, "EUR")
            .charge(ChargeKind.DISCOUNT, "100%", 1_000).payment(1_000, "EUR").submit().orderId();
        assertThat(driver.order(mismatch).payment().problem()).startsWith("AMOUNT_MISMATCH");
        assertThat(driver.markPaid(mismatch, "nothing to take").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(mismatch).payment().problem()).isEmpty();
        assertThat(driver.order(mismatch).payment().capturedMinor()).isZero();
        assertThat(driver.order(mismatch).payment().status()).as("nothing recorded: not CAPTURED of 0")
            .isEqualTo(Codes.PaymentStatus.PENDING);
        assertThat(driver.order(mismatch).status()).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
        // And the d = 2 answer is only for an order nothing holds.
        final Result again = driver.markPaid(mismatch, "twice");
        assertThat(again.code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(again.d()).isEqualTo(2);
    }

    /**
     * A card is verified before anything is released, even when the units left cost nothing (review: such an order
     * went READY_TO_RELEASE with its verification outstanding, then REJECTED when the card was declined).
     */
    @Test
    void anOrderLeftWithNothingToPayStillWaitsForItsCardsVerification()
    {
        final long id = paidItemAndGift("c-1").stripe("pi_wait").submit().orderId();
        driver.cancelOrder(id, "A:1");
        assertThat(driver.order(id).status()).isEqualTo(Codes.OrderStatus.PAYMENT_PENDING);
        assertThat(driver.paymentActions().of(id)).as("no void before the verification answers: it would end it")
            .extracting(OrderViews.PaymentAction::kind).containsExactly(PaymentActionKind.VERIFY);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED,
            "requires_capture", 1_000, "EUR", "");
        assertThat(driver.order(id).status()).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
        assertThat(driver.outstanding(id, PaymentActionKind.VOID).amountMinor()).isZero();

        // Cancelled at the provider before the verification answered: never verified, so held, saying why.
        final long early = paidItemAndGift("c-2").stripe("pi_early").submit().orderId();
        driver.cancelOrder(early, "A:1");
        driver.paymentEvent("evt_early", Codes.PaymentEventKind.CANCELED, "pi_early", 0);
        assertThat(driver.order(early).status()).isEqualTo(Codes.OrderStatus.PAYMENT_PENDING);
        assertThat(driver.order(early).payment().problem()).startsWith("CANCELED at the provider");
    }

    /**
     * With nothing open to pay for, only the problems that asked for money or a release end; one about money the
     * provider reports in another currency stays (review: it was cleared in the command that set it), and a void the
     * provider refuses after cancelling the authorization itself holds nothing (review: it held the order for good,
     * and each later command logged the problem cleared).
     */
    @Test
    void onlyProblemsAboutMoneyNoLongerOwedEnd()
    {
        final long id = verifiedCardWithAGift("c-1", "pi_usd");
        driver.cancelOrder(id, "A:1");
        voidSucceeds(id);
        driver.apply(new ordo.engine.testing.Cmd.PaymentEvent("stripe", "evt_usd", Codes.PaymentEventKind.CAPTURED,
            "pi_usd", 1_000, "USD"));
        assertThat(driver.order(id).payment().problem()).contains("CURRENCY_MISMATCH");
        assertThat(driver.order(id).status()).isEqualTo(Codes.OrderStatus.PAYMENT_PENDING);

        final long refused = verifiedCardWithAGift("c-2", "pi_refused");
        driver.cancelOrder(refused, "A:1");
        final long voidId = driver.outstanding(refused, PaymentActionKind.VOID).actionId();
        driver.paymentEvent("evt_gone", Codes.PaymentEventKind.CANCELED, "pi_refused", 0);
        driver.reportPayment(voidId, PaymentOutcome.DECLINED, "canceled", 0, "EUR", "already canceled");
        driver.paymentEvent("evt_again", Codes.PaymentEventKind.CANCELED, "pi_refused", 0);
        final OrderViews.Order left = driver.order(refused);
        assertThat(left.payment().problem()).isEmpty();
        assertThat(left.status()).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
        assertThat(driver.orderEvents(refused).events()).filteredOn(e -> e.note().contains("problem cleared"))
            .hasSizeLessThanOrEqualTo(1);
    }

    /**
     * The provider cancels the authorization while a unit is still to be paid for: the order waits for a new payment
     * or a cancellation. Cancelling the paid units leaves nothing to pay for: the problem no longer holds it (review:
     * it stayed, and the order waited for good).
     */
    @Test
    void aProblemOfAnAuthorizationCancelledAtTheProviderEndsWhenNothingIsLeftToPayFor()
    {
        final long id = verifiedCardWithAGift("c-1", "pi_expired");
        driver.paymentEvent("evt_expired", Codes.PaymentEventKind.CANCELED, "pi_expired", 0);
        assertThat(driver.order(id).status()).isEqualTo(Codes.OrderStatus.PAYMENT_PENDING);
        assertThat(driver.order(id).payment().problem()).startsWith("CANCELED at the provider");

        driver.cancelOrder(id, "A:1");
        final OrderViews.Order left = driver.order(id);
        assertThat(left.payment().problem()).isEmpty();
        assertThat(left.status()).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);

        // Offline: a mismatch that no longer holds anything once the paid units are cancelled.
        final long offline = paidItemAndGift("c-2").payment(1_500, "EUR").submit().orderId();
        assertThat(driver.order(offline).payment().problem()).startsWith("AMOUNT_MISMATCH");
        driver.cancelOrder(offline, "A:1");
        assertThat(driver.order(offline).payment().problem()).isEmpty();
        assertThat(driver.order(offline).status()).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
    }

    /** Free goods without any charge, on a card: the same (a gift left alone once the paid item is cancelled). */
    @Test
    void aCardOrderWhoseOnlyUnitsLeftAreFreeIsVoidedAndGoesOn()
    {
        final long id = verifiedCardWithAGift("c-1", "pi_gift");
        driver.cancelOrder(id, "A:1");
        voidSucceeds(id);
        assertThat(driver.order(id).status()).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
        assertThat(driver.order(id).line("B").allocated()).isEqualTo(1);
    }

    /** A snapshot's charges are checked as placement checks them, sums included (review: each alone was). */
    @Test
    void aSnapshotWhoseChargesPlacementWouldRefuseIsRefused()
    {
        final long id = driver.ordering().line("A", 1, 1_000_000, "EUR").charge(ChargeKind.FEE, "f", 123_456_789L)
            .charge(ChargeKind.FEE, "g", 123_456_789L).charge(ChargeKind.DISCOUNT, "d", 987_654L).submit().orderId();
        assertThat(driver.order(id).totalMinor()).isEqualTo(1_000_000 + 2 * 123_456_789L - 987_654L);
        final byte[] snapshot = driver.snapshot();
        final byte[] fee = java.nio.ByteBuffer.allocate(8).putLong(123_456_789L).array();
        final byte[] max = java.nio.ByteBuffer.allocate(8).putLong(OrderCommands.MAX_TOTAL_MINOR).array();
        final byte[] discount = java.nio.ByteBuffer.allocate(8).putLong(987_654L).array();
        assertThat(EngineSnapshot.fromBytes(snapshot.clone(), EventSink.NONE).stateHash())
            .isEqualTo(driver.stateHash());

        // The fees together beyond the largest total (each alone within it).
        final byte[] fees = snapshot.clone();
        for (int n = 0; n < 2; n++)
        {
            final int at = indexOf(fees, fee);
            assertThat(at).isPositive();
            System.arraycopy(max, 0, fees, at, 8);
        }
        assertThatThrownBy(() -> EngineSnapshot.fromBytes(fees, EventSink.NONE))
            .hasMessageContaining("has a charge of kind 2");

        // A discount beyond the lines' value.
        final byte[] beyond = snapshot.clone();
        final int at = indexOf(beyond, discount);
        System.arraycopy(java.nio.ByteBuffer.allocate(8).putLong(1_000_001).array(), 0, beyond, at, 8);
        assertThatThrownBy(() -> EngineSnapshot.fromBytes(beyond, EventSink.NONE))
            .hasMessageContaining("beside lines worth 1000000");
    }

    /** An item of 10.00 and a free gift (line B). */
    private OrderBuilder paidItemAndGift(final String customer)
    {
        return driver.ordering().customer(customer).line("A", 1, 1_000, "EUR").line("B", 1, 0, "EUR");
    }

    /** {@link #paidItemAndGift} paid by a card its verification has authorized for the 10.00. */
    private long verifiedCardWithAGift(final String customer, final String reference)
    {
        final long id = paidItemAndGift(customer).stripe(reference).submit().orderId();
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED,
            "requires_capture", 1_000, "EUR", "");
        return id;
    }

    /** The provider's answer to the order's outstanding void: done. */
    private void voidSucceeds(final long id)
    {
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VOID).actionId(), PaymentOutcome.SUCCEEDED,
            "canceled", 0, "EUR", "");
    }

    private static int indexOf(final byte[] in, final byte[] what)
    {
        outer:
        for (int i = 0; i + what.length <= in.length; i++)
        {
            for (int j = 0; j < what.length; j++)
            {
                if (in[i + j] != what[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void anOrderWithoutChargesTotalsItsLinesAsBefore()
    {
        final long id = driver.ordering().line("A", 2, 700, "EUR").line("B", 1, 50, "EUR").submit().orderId();
        driver.cancelOrder(id, "B:1");

        final OrderViews.Order order = driver.order(id);
        assertThat(order.charges()).isEmpty();
        assertThat(order.totalMinor()).isEqualTo(1_450);
        assertThat(order.openTotalMinor()).isEqualTo(1_400);
        assertThat(driver.query(new Query.Orders("", null, "", 0, 10, List.of())).code()).isEqualTo(ResultCode.OK);
    }

    private static java.util.Map<String, Object> charge(final String kind, final long amount, final String name)
    {
        final java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("kind", kind);
        map.put("amountMinor", amount);
        map.put("currency", "EUR");
        map.put("name", name);
        return map;
    }

    private static byte[] payload(final OrderForm form)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        CommandCodec.placeOrder(w, 0, 0, form);
        final byte[] bytes = new byte[w.length()];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
