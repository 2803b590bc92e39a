package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderEventType;
import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.PaymentActionKind;
import ordo.engine.Codes.PaymentEventKind;
import ordo.engine.Codes.PaymentOutcome;
import ordo.engine.Codes.PaymentStatus;
import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/**
 * Verified provider webhooks as journaled commands: authorized, captured, failed and refunded events change the order
 * they pay for (found by provider and payment reference), each provider event id at most once; an event for a
 * reference no order has is recorded and ignored. Webhooks and the adapter's reports may arrive in either order.
 */
class PaymentWebhookTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10);
    }

    /** Four units of A by card: 4000 EUR minor units, PAYMENT_PENDING with a VERIFY outstanding. */
    private long cardOrder(final String reference)
    {
        return driver.ordering().stripe(reference).line("A", 4).submit().orderId();
    }

    private long capturedOrder(final String reference)
    {
        final long id = cardOrder(reference);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED);
        driver.capture(id);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.CAPTURE).actionId(), PaymentOutcome.SUCCEEDED);
        assertThat(driver.order(id).payment().capturedMinor()).isEqualTo(4_000);
        return id;
    }

    @Test
    void anAuthorizedEventAuthorizesAPendingCardOrderAndReleasesIt()
    {
        final long id = cardOrder("pi_1");

        final Result applied = driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);

        assertThat(applied.code()).isEqualTo(ResultCode.OK);
        assertThat(applied.applied()).isEqualTo(1);
        assertThat(applied.entityId()).isEqualTo(id);
        assertThat(applied.order().payment()).isEqualTo(new OrderViews.Payment(PaymentStatus.AUTHORIZED, 4_000, 0, 0,
            "", ""));
        assertThat(applied.order().status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note)
            .containsExactly("webhook evt_1: AUTHORIZED 4000");
        assertThat(driver.events()).contains(new ordo.engine.testing.Event(EventType.PAYMENT_UPDATED, applied.seq(),
            applied.timeMillis(), id));

        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED,
            "requires_capture", 4_000, "EUR", "");
        assertThat(driver.order(id).payment().authorizedMinor()).as("the late report agrees").isEqualTo(4_000);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    @Test
    void aCapturedEventRecordsACaptureMadeOutsideTheEngine()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);

        driver.paymentEvent("evt_2", PaymentEventKind.CAPTURED, "pi_1", 4_000);

        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(order.payment().capturedMinor()).isEqualTo(4_000);
        assertThat(order.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.capture(id).code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
    }

    @Test
    void aCaptureOrRefundReportedInAnotherCurrencyIsNotCountedAndHoldsTheOrderWithTheReason()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);

        final Result captured = driver.apply(new Cmd.PaymentEvent("stripe", "evt_2", PaymentEventKind.CAPTURED, "pi_1",
            4_000, "USD"));

        assertThat(captured.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment().capturedMinor()).as("4000 USD is not 4000 EUR").isZero();
        assertThat(order.payment().problem())
            .isEqualTo("CURRENCY_MISMATCH: the provider reports CAPTURED 4000 USD for an order in EUR; not counted");
        assertThat(order.status()).as("held for an operator").isEqualTo(OrderStatus.PAYMENT_PENDING);

        driver.apply(new Cmd.PaymentEvent("stripe", "evt_3", PaymentEventKind.REFUNDED, "pi_1", 1_000, "USD"));

        final OrderViews.Order after = driver.order(id);
        assertThat(after.payment().refundedMinor()).isZero();
        assertThat(after.payment().problem()).as("both kept").contains("CAPTURED 4000 USD")
            .contains("REFUNDED 1000 USD");
        assertThat(driver.paymentEvent("evt_4", PaymentEventKind.CAPTURED, "pi_1", 4_000).code())
            .isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).payment().capturedMinor()).as("in the order's currency it counts")
            .isEqualTo(4_000);
    }

    @Test
    void aFailedEventIsRecordedButDecidesNothingTheVerificationDoes()
    {
        final long id = cardOrder("pi_1");

        // payment_intent.payment_failed is not final (the customer may retry with another card), and webhooks
        // arrive out of order: rejecting on it lost good orders (found in review).
        driver.paymentEvent("evt_1", PaymentEventKind.FAILED, "pi_1", 0);

        final OrderViews.Order order = driver.order(id);
        assertThat(order.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(order.line("A").allocated()).isEqualTo(4);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aCanceledAuthorizationHoldsTheOrderWithTheReason()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);

        driver.paymentEvent("evt_2", PaymentEventKind.CANCELED, "pi_1", 4_000);

        final OrderViews.Order order = driver.order(id);
        assertThat(order.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.VOIDED);
        assertThat(order.payment().problem()).startsWith("CANCELED at the provider");
        assertThat(driver.capture(id).code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aFailedEventAfterTheCardWasAuthorizedChangesNothing()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);

        driver.paymentEvent("evt_2", PaymentEventKind.FAILED, "pi_1", 0);

        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.AUTHORIZED);
    }

    @Test
    void refundedEventsCarryTheRunningTotalRefunded()
    {
        final long id = capturedOrder("pi_1");

        driver.paymentEvent("evt_r1", PaymentEventKind.REFUNDED, "pi_1", 1_000);
        assertThat(driver.order(id).payment().refundedMinor()).isEqualTo(1_000);
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);

        driver.paymentEvent("evt_r2", PaymentEventKind.REFUNDED, "pi_1", 4_000);
        assertThat(driver.order(id).payment().refundedMinor()).isEqualTo(4_000);
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.REFUNDED);

        driver.paymentEvent("evt_r0", PaymentEventKind.REFUNDED, "pi_1", 1_000);
        assertThat(driver.order(id).payment().refundedMinor()).as("an older total arriving late")
            .isEqualTo(4_000);
    }

    @Test
    void aDuplicateEventIdHasNoSecondEffectWhateverItCarries()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);
        final long hash = driver.stateHash();
        final byte[] view = driver.queryOrder(id).data();

        final Result same = driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);
        final Result different = driver.paymentEvent("evt_1", PaymentEventKind.FAILED, "pi_1", 0);

        for (final Result duplicate : new Result[] {same, different})
        {
            assertThat(duplicate.code()).isEqualTo(ResultCode.OK);
            assertThat(duplicate.applied()).isZero();
            assertThat(duplicate.b()).as("the order the first delivery named").isEqualTo(id);
        }
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.queryOrder(id).data()).isEqualTo(view);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED)).hasSize(1);
    }

    @Test
    void theSameEventIdFromAnotherProviderIsAnotherEvent()
    {
        cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);

        final Result other = driver.apply(new Cmd.PaymentEvent("adyen", "evt_1", PaymentEventKind.AUTHORIZED, "pi_1",
            4_000, "EUR"));

        assertThat(other.code()).isEqualTo(ResultCode.OK);
        assertThat(other.applied()).as("recorded for adyen; no adyen payment pi_1").isEqualTo(2);
    }

    @Test
    void anEventForAnUnknownReferenceIsIgnoredAndNotRemembered()
    {
        final long id = cardOrder("pi_1");
        final byte[] view = driver.queryOrder(id).data();

        final Result unknown = driver.paymentEvent("evt_9", PaymentEventKind.CAPTURED, "pi_unknown", 4_000);

        assertThat(unknown.code()).isEqualTo(ResultCode.OK);
        assertThat(unknown.applied()).isEqualTo(2);
        assertThat(unknown.b()).as("no order").isZero();
        assertThat(unknown.data()).isEmpty();
        assertThat(driver.queryOrder(id).data()).isEqualTo(view);
        assertThat(driver.paymentEvent("evt_9", PaymentEventKind.CAPTURED, "pi_unknown", 4_000).applied())
            .as("not remembered: a redelivery once the order exists is applied").isEqualTo(2);
    }

    @Test
    void anEventWithoutIdsOrWithANegativeAmountIsRefused()
    {
        cardOrder("pi_1");
        final long hash = driver.stateHash();

        assertThat(driver.paymentEvent("", PaymentEventKind.AUTHORIZED, "pi_1", 4_000).code())
            .isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "", 4_000).code())
            .isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", -1).code())
            .isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(driver.apply(new Cmd.PaymentEvent("", "evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000, "EUR"))
            .code()).isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000).applied())
            .as("a refused event was not recorded").isEqualTo(1);
    }

    @Test
    void aCaptureReportFollowedByItsWebhookIsCountedOnce()
    {
        final long id = cardOrder("pi_1");
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED);
        driver.capture(id);

        driver.reportPayment(driver.outstanding(id, PaymentActionKind.CAPTURE).actionId(), PaymentOutcome.SUCCEEDED,
            "succeeded", 4_000, "EUR", "");
        driver.paymentEvent("evt_c", PaymentEventKind.CAPTURED, "pi_1", 4_000);

        assertThat(driver.order(id).payment().capturedMinor()).isEqualTo(4_000);
    }

    /**
     * The provider's webhook often arrives before the adapter's own report is journaled (and always can after a
     * restart, when the adapter re-issues the capture and the provider answers it again under the same key). The
     * capture happened once; it must be counted once.
     */
    @Test
    void aCaptureWebhookArrivingBeforeTheCaptureReportIsCountedOnce()
    {
        final long id = cardOrder("pi_1");
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED);
        driver.capture(id);
        final long capture = driver.outstanding(id, PaymentActionKind.CAPTURE).actionId();

        driver.paymentEvent("evt_c", PaymentEventKind.CAPTURED, "pi_1", 4_000);
        driver.reportPayment(capture, PaymentOutcome.SUCCEEDED, "succeeded", 4_000, "EUR", "");

        final OrderViews.Payment payment = driver.order(id).payment();
        assertThat(payment.capturedMinor()).as("captured of an authorization of %d", payment.authorizedMinor())
            .isEqualTo(4_000);
    }

    /** The same for a refund: one refund at the provider, however its news arrives. */
    @Test
    void aRefundWebhookArrivingBeforeTheRefundReportIsCountedOnce()
    {
        final long id = capturedOrder("pi_1");
        driver.cancelOrder(id, "A:1");
        final long refund = driver.outstanding(id, PaymentActionKind.REFUND).actionId();

        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 1_000);
        driver.reportPayment(refund, PaymentOutcome.SUCCEEDED, "succeeded", 1_000, "EUR", "");

        assertThat(driver.order(id).payment().refundedMinor()).isEqualTo(1_000);
    }

    /**
     * A refund made at the provider (say a goodwill refund from its dashboard) and Ordo's own refund for a later
     * cancellation are two refunds: the provider's running total counted only the first when Ordo asked for the
     * second, so the second adds to it. Counting the larger of the two alone lost one of them, and Ordo asked for the
     * cancelled amount a second time.
     */
    @Test
    void aRefundForACancellationAfterARefundAtTheProviderIsAskedOnceAndCountsBoth()
    {
        final long id = capturedOrder("pi_1");
        driver.paymentEvent("evt_r1", PaymentEventKind.REFUNDED, "pi_1", 1_000);
        driver.cancelOrder(id, "A:2");
        final OrderViews.PaymentAction refund = driver.outstanding(id, PaymentActionKind.REFUND);
        assertThat(refund.amountMinor()).as("2000 cancelled, 1000 of it refunded already").isEqualTo(1_000);

        driver.reportPayment(refund.actionId(), PaymentOutcome.SUCCEEDED);

        assertThat(driver.paymentActions().actions()).as("the cancelled amount is refunded once").isEmpty();
        assertThat(driver.order(id).payment().refundedMinor()).isEqualTo(2_000);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        driver.paymentEvent("evt_r2", PaymentEventKind.REFUNDED, "pi_1", 2_000);
        assertThat(driver.order(id).payment().refundedMinor()).as("the provider's total agrees").isEqualTo(2_000);
        assertThat(driver.paymentActions().actions()).isEmpty();
    }

    /** The same when the refund came before the capture: never more asked back than was captured. */
    @Test
    void aCancelledOrderRefundedInPartBeforeItsCaptureIsRefundedTheRestOnly()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);
        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 1_000);
        driver.cancelOrder(id, "A:4");
        driver.paymentEvent("evt_c", PaymentEventKind.CAPTURED, "pi_1", 4_000);
        final OrderViews.PaymentAction refund = driver.outstanding(id, PaymentActionKind.REFUND);
        assertThat(refund.amountMinor()).isEqualTo(3_000);

        driver.reportPayment(refund.actionId(), PaymentOutcome.SUCCEEDED);

        assertThat(driver.paymentActions().actions()).noneMatch(a -> a.kind() == PaymentActionKind.REFUND);
        final OrderViews.Payment payment = driver.order(id).payment();
        assertThat(payment.refundedMinor()).isEqualTo(4_000);
        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    /** Offline: the store's refund and the refund Ordo records for a cancellation are two refunds too. */
    @Test
    void anOfflineRefundRecordedAfterAStoreRefundCountsBothOnce()
    {
        final long id = offlineOrder("pos-1");
        driver.markPaid(id, "cash");
        offlineEvent("pos-evt-r", PaymentEventKind.REFUNDED, "pos-1", 1_000);

        driver.cancelOrder(id, "A:2");
        assertThat(driver.order(id).payment().refundedMinor()).isEqualTo(2_000);
        driver.cancelOrder(id, "A:1");

        assertThat(driver.order(id).payment().refundedMinor()).isEqualTo(3_000);
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note)
            .filteredOn(note -> note.startsWith("offline refund of "))
            .containsExactly("offline refund of 1000 recorded", "offline refund of 1000 recorded");
    }

    @Test
    void aRefundedEventArrivingBeforeTheCapturedEventLeavesThePaymentRefunded()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);

        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 4_000);
        driver.paymentEvent("evt_c", PaymentEventKind.CAPTURED, "pi_1", 4_000);

        final OrderViews.Payment payment = driver.order(id).payment();
        assertThat(payment.capturedMinor()).isEqualTo(4_000);
        assertThat(payment.refundedMinor()).isEqualTo(4_000);
        assertThat(payment.status()).as("all that was captured was refunded, whichever event came first")
            .isEqualTo(PaymentStatus.REFUNDED);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
    }

    @Test
    void aCaptureReportedAfterARefundWebhookLeavesThePaymentPartlyRefunded()
    {
        final long id = cardOrder("pi_1");
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED);
        driver.capture(id);
        final long capture = driver.outstanding(id, PaymentActionKind.CAPTURE).actionId();

        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 1_000);
        driver.reportPayment(capture, PaymentOutcome.SUCCEEDED);

        final OrderViews.Payment payment = driver.order(id).payment();
        assertThat(payment.capturedMinor()).isEqualTo(4_000);
        assertThat(payment.refundedMinor()).isEqualTo(1_000);
        assertThat(payment.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    }

    /** Four units of A paid offline under a reference the store's webhooks name: 4000, nothing paid yet. */
    private long offlineOrder(final String reference)
    {
        return driver.ordering().offline(reference).line("A", 4).submit().orderId();
    }

    private Result offlineEvent(final String eventId, final PaymentEventKind kind, final String reference,
        final long amountMinor)
    {
        return driver.apply(new Cmd.PaymentEvent("offline", eventId, kind, reference, amountMinor, "EUR"));
    }

    @Test
    void markingPaidAfterARefundedEventKeepsTheRefundInThePaymentStatus()
    {
        final long id = offlineOrder("pos-1");
        offlineEvent("pos-evt-r", PaymentEventKind.REFUNDED, "pos-1", 1_000);

        assertThat(driver.markPaid(id, "cash at the door").code()).isEqualTo(ResultCode.OK);

        final OrderViews.Payment payment = driver.order(id).payment();
        assertThat(payment.capturedMinor()).isEqualTo(4_000);
        assertThat(payment.refundedMinor()).isEqualTo(1_000);
        assertThat(payment.status()).as("the refund recorded before the money came in is not hidden")
            .isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    }

    @Test
    void markingPaidAfterAFullRefundedEventLeavesThePaymentRefunded()
    {
        final long id = offlineOrder("pos-1");
        offlineEvent("pos-evt-r", PaymentEventKind.REFUNDED, "pos-1", 4_000);

        driver.markPaid(id, "cash at the door");

        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    /**
     * A refund means the money was captured, whether or not its capture was learnt yet: a cancellation reported
     * after it (contradictory, as providers cancel only uncaptured authorizations) must not turn it into VOIDED.
     */
    @Test
    void aCanceledEventAfterARefundedEventKeepsTheRefundInThePaymentStatus()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);
        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 1_000);

        driver.paymentEvent("evt_x", PaymentEventKind.CANCELED, "pi_1", 4_000);

        final OrderViews.Payment payment = driver.order(id).payment();
        assertThat(payment.refundedMinor()).isEqualTo(1_000);
        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(driver.checkInvariants()).isNull();
    }

    /** The same for a void: an order cancelled while a refund is known asks for no void, which would hide it. */
    @Test
    void cancellingAnOrderWhoseRefundArrivedBeforeItsCaptureAsksForNoVoid()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);
        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 4_000);

        assertThat(driver.cancelOrder(id, "A:4").code()).isEqualTo(ResultCode.OK);

        assertThat(driver.paymentActions().actions()).noneMatch(a -> a.kind() == PaymentActionKind.VOID);
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.REFUNDED);
        driver.paymentEvent("evt_c", PaymentEventKind.CAPTURED, "pi_1", 4_000);
        assertThat(driver.paymentActions().actions()).as("captured and refunded in full: nothing to release")
            .noneMatch(a -> a.kind() == PaymentActionKind.VOID || a.kind() == PaymentActionKind.REFUND);
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void aVoidReportedAfterARefundedEventKeepsTheRefundInThePaymentStatus()
    {
        final long id = cardOrder("pi_1");
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED);
        driver.cancelOrder(id, "A:4");
        final long voidAction = driver.outstanding(id, PaymentActionKind.VOID).actionId();

        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 1_000);
        driver.reportPayment(voidAction, PaymentOutcome.SUCCEEDED);

        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    /**
     * A provider cannot refund more than it captured, so a refund beyond the captures Ordo knows is either news of a
     * capture not learnt yet or an anomaly at the provider. Either way what the provider reported is kept, Ordo's
     * own refund flow asks for nothing more, and the order says why it is held.
     */
    @Test
    void aRefundBeyondTheCaptureIsKeptAsReportedAndHoldsTheOrderWithTheReason()
    {
        final long id = capturedOrder("pi_1");

        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 5_000);

        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment().capturedMinor()).isEqualTo(4_000);
        assertThat(order.payment().refundedMinor()).as("what the provider reported is not lost").isEqualTo(5_000);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(order.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(order.payment().problem()).isEqualTo("REFUND_EXCEEDS_CAPTURE: the provider reports 5000 EUR " +
            "refunded but 4000 EUR captured; held until the capture is learnt or the payment is settled at the " +
            "provider");
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note)
            .contains(order.payment().problem());
        assertThat(driver.paymentActions().actions()).isEmpty();
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void cancellingAnOrderRefundedBeyondItsCaptureAsksForNoFurtherRefund()
    {
        final long id = capturedOrder("pi_1");
        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 5_000);

        assertThat(driver.cancelOrder(id, "A:4").code()).isEqualTo(ResultCode.OK);

        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(driver.paymentActions().actions()).as("no refund or void of money Ordo never captured").isEmpty();
        assertThat(driver.order(id).payment().problem()).startsWith("REFUND_EXCEEDS_CAPTURE: ");
    }

    @Test
    void aRefundLearntBeforeItsCaptureIsExplainedUntilTheCaptureArrives()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);

        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 1_000);
        assertThat(driver.order(id).payment().problem()).startsWith("REFUND_EXCEEDS_CAPTURE: the provider reports " +
            "1000 EUR refunded but 0 EUR captured");

        driver.paymentEvent("evt_c", PaymentEventKind.CAPTURED, "pi_1", 4_000);

        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment().problem()).as("the gap's problem gone; why it is held said (QA-268: nothing was)")
            .isEqualTo("CAPTURE_SHORTFALL: the provider reports 4000 EUR captured and 1000 EUR of it refunded, 3000 " +
                "EUR kept of 4000 EUR open; the rest is not collected: settle it at the provider, or cancel the units " +
                "it does not cover");
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(order.status()).as("1000 refunded at the provider for units still ordered")
            .isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note)
            .contains("REFUND_EXCEEDS_CAPTURE resolved: 4000 EUR captured, 1000 EUR refunded");
    }

    /** The gap is noted once while it stays the same: a second report of the same refund total adds nothing. */
    @Test
    void aRefundGapReportedAgainUnchangedIsNotNotedAgainNorResolved()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);
        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 1_000);
        final List<String> notes = driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED).stream()
            .map(OrderViews.OrderEvent::note).toList();
        assertThat(notes).filteredOn(n -> n.startsWith("REFUND_EXCEEDS_CAPTURE")).hasSize(1);

        driver.paymentEvent("evt_r2", PaymentEventKind.REFUNDED, "pi_1", 1_000);

        assertThat(driver.order(id).payment().problem()).startsWith("REFUND_EXCEEDS_CAPTURE: ");
        final List<String> after = new java.util.ArrayList<>(notes);
        after.add("webhook evt_r2: REFUNDED 1000");
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note).as("the webhook only: the gap did not change")
            .containsExactlyElementsOf(after);
    }

    /** Refunds learnt before a capture of the same amount: the gap closes at zero, and the timeline says so. */
    @Test
    void aCaptureEqualToTheRefundsLearntResolvesTheGap()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 4_000);
        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 4_000);
        assertThat(driver.order(id).payment().problem()).startsWith("REFUND_EXCEEDS_CAPTURE: ");

        driver.paymentEvent("evt_c", PaymentEventKind.CAPTURED, "pi_1", 4_000);

        assertThat(driver.order(id).payment().problem()).as("no gap; held, as all was refunded, and says so")
            .startsWith("CAPTURE_SHORTFALL: the provider reports 4000 EUR captured and 4000 EUR of it refunded, 0 EUR " +
                "kept of 4000 EUR open");
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note)
            .contains("REFUND_EXCEEDS_CAPTURE resolved: 4000 EUR captured, 4000 EUR refunded");
    }

    @Test
    void aStoreRefundBeforeAnOfflineOrderIsPaidHoldsItUntilMarkedPaid()
    {
        final long id = offlineOrder("pos-1");
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);

        offlineEvent("pos-evt-r", PaymentEventKind.REFUNDED, "pos-1", 1_000);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(driver.order(id).payment().problem()).startsWith("REFUND_EXCEEDS_CAPTURE: ");

        driver.markPaid(id, "cash at the door");

        assertThat(driver.order(id).payment().problem()).isEmpty();
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    /** The anomaly never hides a problem that holds the order for another reason, nor clears it. */
    @Test
    void aRefundBeyondTheCaptureIsShownBesideAnotherPaymentProblem()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 3_000);
        final String mismatch = driver.order(id).payment().problem();
        assertThat(mismatch).startsWith("AUTHORIZATION_MISMATCH: ");

        driver.paymentEvent("evt_r", PaymentEventKind.REFUNDED, "pi_1", 1_000);
        assertThat(driver.order(id).payment().problem()).startsWith(mismatch + "; REFUND_EXCEEDS_CAPTURE: ");

        driver.paymentEvent("evt_c", PaymentEventKind.CAPTURED, "pi_1", 3_000);
        assertThat(driver.order(id).payment().problem()).isEqualTo(mismatch);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
    }

    // ---------------------------------------------------------------- a refund that fails after it was accepted

    /** Cancels {@code units} of order {@code id}; its refund of {@code minor} EUR is reported made, still pending. */
    private void refundPending(final long id, final String units, final long minor)
    {
        driver.cancelOrder(id, units);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.REFUND).actionId(), PaymentOutcome.SUCCEEDED,
            "pending", minor, "EUR", "");
    }

    private static String owedText(final long failed, final long withheld, final long settled, final long owed)
    {
        return "REFUND_FAILED: the provider reports " + failed + " EUR of refunds failed (the money went back to the " +
            "merchant)" + (withheld == 0 ? "" : ", and " + withheld + " EUR more was not asked for since") +
            (settled == 0 ? "" : "; " + settled + " EUR paid back since") + "; the customer is owed " + owed +
            " EUR by Ordo's reckoning (a refund made at the provider since is not in it: check there): pay it back " +
            "outside Ordo and record it (POST /v1/orders/{id}/payment/refund-settled)";
    }

    /**
     * Stripe answers a refund {@code pending} and may fail it days later (a closed card): the money goes back to the
     * merchant. The order said REFUNDED and nothing flagged it (found in review). Rules version 9: the failure is
     * counted once, and from then on what Ordo would refund is owed outside it instead of asked for (a refund to the
     * same card would fail too, and the provider's totals no longer tell which refunds reached the customer: QA),
     * until an operator records it paid back.
     */
    @Test
    void aRefundThatFailsAfterItWasAcceptedIsOwedUntilRecordedPaidBack()
    {
        final long id = capturedOrder("pi_1");
        refundPending(id, "A:2", 2_000);
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);

        final Result failed = driver.paymentEvent("refund_failed:re_1", PaymentEventKind.REFUND_FAILED, "pi_1", 2_000);

        assertThat(failed.code()).isEqualTo(ResultCode.OK);
        assertThat(failed.applied()).isEqualTo(1);
        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment().problem()).isEqualTo(owedText(2_000, 0, 0, 2_000));
        assertThat(order.status()).as("what is open is paid for: not held").isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.paymentActions().of(id)).as("not asked back again: it would go to the same card").isEmpty();
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note).contains("webhook refund_failed:re_1: REFUND_FAILED 2000");

        // The same refund's failure reported again (another of Stripe's events for it carries the same key): once.
        final long hash = driver.stateHash();
        assertThat(driver.paymentEvent("refund_failed:re_1", PaymentEventKind.REFUND_FAILED, "pi_1", 2_000).applied())
            .isZero();
        assertThat(driver.stateHash()).isEqualTo(hash);

        // A later cancellation is owed outside Ordo too, not refunded to the card.
        driver.cancelOrder(id, "A:1");
        assertThat(driver.paymentActions().of(id)).isEmpty();
        assertThat(driver.order(id).payment().problem()).isEqualTo(owedText(2_000, 1_000, 0, 3_000));
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note).contains("refund of 1000 EUR not asked for: a refund of this payment failed; owed to the customer " +
                "outside Ordo");

        // An operator pays it back by bank transfer, in two goes; more than is owed is refused, changing nothing.
        final Result part = driver.settleRefund(id, 500, "bank transfer 1");
        assertThat(part.code()).isEqualTo(ResultCode.OK);
        assertThat(part.order().payment().problem()).isEqualTo(owedText(2_000, 1_000, 500, 2_500));
        final long beforeTooMuch = driver.stateHash();
        final Result tooMuch = driver.settleRefund(id, 2_501, "too much");
        assertThat(tooMuch.code()).isEqualTo(ResultCode.REFUND_NOT_OWED);
        assertThat(tooMuch.c()).as("what is owed").isEqualTo(2_500);
        assertThat(driver.stateHash()).isEqualTo(beforeTooMuch);
        assertThat(driver.apply(new Cmd.SettleRefund(id, java.util.List.of(), 100, "USD", "")).code())
            .isEqualTo(ResultCode.CURRENCY_MISMATCH);
        driver.settleRefund(id, 2_500, "bank transfer 2");
        assertThat(driver.order(id).payment().problem()).isEmpty();
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note)
            .contains("refund of 500 EUR paid back outside Ordo; 2500 EUR still owed: bank transfer 1",
                "refund of 2500 EUR paid back outside Ordo; 0 EUR still owed: bank transfer 2");
        assertThat(driver.settleRefund(id, 1, "").code()).as("nothing owed any more")
            .isEqualTo(ResultCode.REFUND_NOT_OWED);
        driver.cancelOrder(id);
        assertThat(driver.paymentActions().of(id)).as("the last unit: owed, not refunded").isEmpty();
        assertThat(driver.order(id).payment().problem()).isEqualTo(owedText(2_000, 2_000, 3_000, 1_000));

        // Kept across a snapshot, and part of the state hash.
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(restored.order(id)).isEqualTo(driver.order(id));
    }

    /**
     * QA: after a refund failed, a refund made in the dashboard was not seen (the provider's total left the failed
     * one out, so it stayed below Ordo's own), and the next cancellation refunded that money again: 12 000 back on a
     * 10 000 charge. Nothing is refunded automatically after a failure now: the money is owed, by Ordo's reckoning.
     */
    @Test
    void afterARefundFailedNoCancellationRefundsMoneyTheDashboardMayHaveReturned()
    {
        final long id = capturedOrder("pi_1");
        refundPending(id, "A:1", 1_000);
        driver.paymentEvent("refund_failed:re_1", PaymentEventKind.REFUND_FAILED, "pi_1", 1_000);
        driver.paymentEvent("evt_dash", PaymentEventKind.REFUNDED, "pi_1", 500);

        driver.cancelOrder(id);

        assertThat(driver.paymentActions().of(id)).as("no refund to the card").isEmpty();
        assertThat(driver.order(id).payment().problem()).isEqualTo(owedText(1_000, 3_000, 0, 4_000));
    }

    /**
     * Reports come in any order: the failure may be learnt before the refund's own report. What is owed is the
     * failure, never derived from the refunded total (which holds such a refund or not), and the refund asked for
     * still runs; its re-issue after a crash that finds it failed is answered as made (StripeProvider).
     */
    @Test
    void aFailureLearntBeforeTheRefundIsOwedExactlyOnce()
    {
        final long id = capturedOrder("pi_1");
        driver.cancelOrder(id, "A:2");
        final long refund = driver.outstanding(id, PaymentActionKind.REFUND).actionId();

        driver.paymentEvent("refund_failed:re_1", PaymentEventKind.REFUND_FAILED, "pi_1", 2_000);
        assertThat(driver.order(id).payment().problem()).isEqualTo(owedText(2_000, 0, 0, 2_000));
        assertThat(driver.paymentActions().of(id)).as("the refund asked for still runs, nothing more")
            .extracting(OrderViews.PaymentAction::actionId).containsExactly(refund);

        driver.reportPayment(refund, PaymentOutcome.SUCCEEDED, "failed", 2_000, "EUR",
            "refund re_1 was made and has since failed (its webhook reports that)");
        assertThat(driver.order(id).payment().problem()).isEqualTo(owedText(2_000, 0, 0, 2_000));
        assertThat(driver.paymentActions().of(id)).isEmpty();
        assertThat(driver.order(id).status()).as("not held").isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    /**
     * Whether a running total the provider reported still holds a refund that failed since cannot be told (it does
     * after the failure no longer), so the money covering what is open counts the larger of the provider's total and
     * Ordo's own refunds less the failed ones: an order a dashboard refund left short stays held (review: subtracting
     * the failures from the larger released one with 8 000 for 9 000 open). A failed refund of Ordo's own does not.
     */
    @Test
    void aFailedRefundNeverReleasesAnOrderTheMoneyMayNotCover()
    {
        final long id = capturedOrder("pi_1");
        refundPending(id, "A:1", 1_000);
        driver.paymentEvent("refund_failed:re_1", PaymentEventKind.REFUND_FAILED, "pi_1", 1_000);
        assertThat(driver.order(id).status()).as("Ordo's own refund failed: what is open is paid")
            .isEqualTo(OrderStatus.READY_TO_RELEASE);

        driver.paymentEvent("evt_dash", PaymentEventKind.REFUNDED, "pi_1", 2_000);

        assertThat(driver.order(id).status()).as("a dashboard refund of units still ordered: 2 000 of 4 000 kept")
            .isEqualTo(OrderStatus.PAYMENT_PENDING);
    }

    /** A capture refused because a payment problem holds the order says so (it named only the status). */
    @Test
    void aCaptureRefusedForAPaymentProblemSaysSo()
    {
        final long id = cardOrder("pi_1");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_1", 3_000);
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(driver.order(id).payment().problem()).startsWith("AUTHORIZATION_MISMATCH: ");

        final Result refused = driver.capture(id);

        assertThat(refused.code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(refused.d()).as("a problem holds it").isEqualTo(Codes.NOT_CAPTURABLE_PROBLEM);
        driver.cancelOrder(id);
        assertThat(driver.capture(id).d()).as("cancelled, said by name (QA-268)")
            .isEqualTo(Codes.NOT_CAPTURABLE_CANCELLED);
    }

    /** A SETTLE_REFUND cut short anywhere is malformed and changes nothing; whole, it applies. */
    @Test
    void aSettlementCutShortIsMalformedAndChangesNothing()
    {
        final long id = capturedOrder("pi_1");
        driver.paymentEvent("refund_failed:re_1", PaymentEventKind.REFUND_FAILED, "pi_1", 1_000);
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(256);
        final PayloadWriter writer = new PayloadWriter();
        writer.wrap(buffer, 0);
        new Cmd.SettleRefund(id, java.util.List.of(), 400, "EUR", "bank transfer").encode(writer, 0, 0);
        final byte[] full = new byte[writer.length()];
        buffer.getBytes(0, full);
        final long hash = driver.stateHash();

        for (int length = 0; length < full.length; length++)
        {
            assertThat(driver.applyPayload(CommandType.SETTLE_REFUND, java.util.Arrays.copyOf(full, length)).code())
                .as("cut to %d of %d bytes", length, full.length).isEqualTo(ResultCode.MALFORMED_COMMAND);
        }
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.applyPayload(CommandType.SETTLE_REFUND, full).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).payment().problem()).contains("the customer is owed 600 EUR");
    }

    /** A failure reported in another currency than the order's is not counted, as a refund in one is not. */
    @Test
    void aRefundFailureInAnotherCurrencyIsNotCounted()
    {
        final long id = capturedOrder("pi_1");
        driver.cancelOrder(id, "A:2");
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.REFUND).actionId(), PaymentOutcome.SUCCEEDED);

        driver.apply(new Cmd.PaymentEvent("stripe", "refund_failed:re_1", PaymentEventKind.REFUND_FAILED, "pi_1", 2_000,
            "USD"));

        assertThat(driver.order(id).payment().problem()).startsWith("CURRENCY_MISMATCH: the provider reports " +
            "REFUND_FAILED 2000 USD").doesNotContain("REFUND_FAILED: ");
        assertThat(driver.settleRefund(id, 1, "").code()).isEqualTo(ResultCode.REFUND_NOT_OWED);
    }
}
