package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.PaymentActionKind;
import ordo.engine.Codes.PaymentOutcome;
import ordo.engine.Codes.PaymentStatus;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/**
 * Capturing a card order (only when authorized, one capture at a time, what is still open), and the money on
 * cancellation: a whole cancellation before capture voids the authorization, a partial one needs nothing (the capture
 * is smaller); after capture exactly the cancelled amount is refunded, and the rest when the rest is cancelled.
 */
class PaymentCaptureTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10);
        stock(driver, "B", "wh-sg", 10);
    }

    /** A card order of 3 × A and 1 × B at 10.00 EUR (4000), verified: AUTHORIZED, READY_TO_RELEASE. */
    private long authorizedOrder(final String reference)
    {
        final long id = driver.ordering().stripe(reference).line("A", 3).line("B", 1).submit().orderId();
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED,
            "requires_capture", 4_000, "EUR", "");
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        return id;
    }

    private OrderViews.PaymentAction capture(final long id)
    {
        assertThat(driver.capture(id).code()).isEqualTo(ResultCode.OK);
        return driver.outstanding(id, PaymentActionKind.CAPTURE);
    }

    private long capturedOrder(final String reference)
    {
        final long id = authorizedOrder(reference);
        driver.reportPayment(capture(id).actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 4_000, "EUR", "");
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.CAPTURED);
        return id;
    }

    /** What the order's units still cost: the money the merchant may keep. */
    private static long openMinor(final OrderViews.Order order)
    {
        long open = 0;
        for (final OrderViews.OrderLine line : order.lines())
        {
            open += (line.qty() - line.cancelled()) * line.unitPriceMinor();
        }
        return open;
    }

    /** Captured, less refunded and less the refunds still outstanding: the money the merchant will keep. */
    private long keptMinor(final long id)
    {
        final OrderViews.Order order = driver.order(id);
        long refunding = 0;
        for (final OrderViews.PaymentAction action : driver.paymentActions().of(id))
        {
            if (action.kind() == PaymentActionKind.REFUND)
            {
                refunding += action.amountMinor();
            }
        }
        return order.payment().capturedMinor() - order.payment().refundedMinor() - refunding;
    }

    /** Every CAPTURE the engine ever asked for this order (outstanding or not). */
    private List<Long> captureIds(final long id)
    {
        final PaymentBook book = driver.engine().payments();
        final List<Long> ids = new ArrayList<>();
        for (long actionId = 1; actionId <= book.size(); actionId++)
        {
            final PaymentAction action = book.get(actionId);
            if (action.orderId == id && action.kind == PaymentActionKind.CAPTURE)
            {
                ids.add(actionId);
            }
        }
        return ids;
    }

    // ---------------------------------------------------------------- capture

    @Test
    void captureIsRefusedUntilTheCardIsAuthorized()
    {
        final long pending = driver.ordering().stripe("pi_1").line("A", 1).submit().orderId();
        final long offline = driver.placeOrder("A:1").orderId();

        assertThat(driver.capture(pending).code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(driver.capture(offline).code()).isEqualTo(ResultCode.PAYMENT_PROVIDER_MISMATCH);
        assertThat(driver.capture(999_999).code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(driver.paymentActions().actions()).extracting(OrderViews.PaymentAction::kind)
            .containsExactly(PaymentActionKind.VERIFY);
    }

    @Test
    void anAuthorizedOrderIsCapturedOnceForWhatIsOpen()
    {
        final long id = authorizedOrder("pi_1");

        final Result asked = driver.capture(id);

        assertThat(asked.code()).isEqualTo(ResultCode.OK);
        final OrderViews.PaymentAction capture = driver.outstanding(id, PaymentActionKind.CAPTURE);
        assertThat(capture.amountMinor()).isEqualTo(4_000);
        assertThat(capture.reference()).isEqualTo("pi_1");
        assertThat(driver.capture(id).code()).as("one capture at a time").isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(driver.paymentActions().of(id)).containsExactly(capture);

        final Result captured = driver.reportPayment(capture.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 4_000,
            "EUR", "");

        assertThat(captured.order().payment()).isEqualTo(new OrderViews.Payment(PaymentStatus.CAPTURED, 4_000, 4_000,
            0, "", ""));
        assertThat(captured.order().status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.capture(id).code()).as("nothing left to capture")
            .isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(captureIds(id)).containsExactly(capture.actionId());
    }

    @Test
    void aPartialCancellationBeforeCaptureMovesNoMoneyAndTheCaptureTakesOnlyWhatIsLeft()
    {
        final long id = authorizedOrder("pi_1");

        driver.cancelOrder(id, "A:2");
        assertThat(driver.paymentActions().of(id)).as("the authorization stays; the capture will be smaller").isEmpty();

        final OrderViews.PaymentAction capture = capture(id);
        assertThat(capture.amountMinor()).isEqualTo(2_000);
        driver.reportPayment(capture.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 2_000, "EUR", "");

        final OrderViews.Payment payment = driver.order(id).payment();
        assertThat(payment.authorizedMinor()).isEqualTo(4_000);
        assertThat(payment.capturedMinor()).isEqualTo(2_000);
        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
    }

    @Test
    void aCaptureThatErredIsRetriedUnderTheSameKeyAndCountedOnce()
    {
        final long id = authorizedOrder("pi_1");
        final OrderViews.PaymentAction capture = capture(id);

        driver.reportPayment(capture.actionId(), PaymentOutcome.ERROR, "http_502", 0, "EUR", "bad gateway");
        assertThat(driver.order(id).status()).as("held while the capture is unresolved")
            .isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(driver.order(id).payment().problem()).startsWith("ERROR on CAPTURE");

        driver.retryPayment(id);
        assertThat(driver.outstanding(id, PaymentActionKind.CAPTURE).idempotencyKey())
            .isEqualTo(capture.idempotencyKey());
        driver.reportPayment(capture.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 4_000, "EUR", "");
        driver.reportPayment(capture.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 4_000, "EUR", "again");

        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment().capturedMinor()).isEqualTo(4_000);
        assertThat(order.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    @Test
    void aDeclinedCaptureHoldsTheOrderWithTheReason()
    {
        final long id = authorizedOrder("pi_1");

        driver.reportPayment(capture(id).actionId(), PaymentOutcome.DECLINED, "expired", 0, "EUR",
            "authorization expired");

        final OrderViews.Order order = driver.order(id);
        assertThat(order.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(order.payment().problem()).isEqualTo("DECLINED on CAPTURE: expired authorization expired");
        assertThat(order.line("A").allocated()).isEqualTo(3);
    }

    /**
     * "A capture is never made twice": a capture that ended in ERROR may have happened at the provider (a timeout),
     * so asking again must go under the same idempotency key (the same action), never a new one.
     */
    @Test
    void capturingAgainAfterAnErroredCaptureNeverAsksUnderANewKey()
    {
        final long id = authorizedOrder("pi_1");
        final OrderViews.PaymentAction first = capture(id);
        driver.reportPayment(first.actionId(), PaymentOutcome.ERROR, "", 0, "EUR", "timed out");

        driver.capture(id);

        assertThat(captureIds(id)).as("CAPTURE actions of the order").containsExactly(first.actionId());
    }

    /**
     * The capture command after an erred capture asks again under that capture's own key: accepted, the action
     * outstanding again, the problem cleared, and the retry on the timeline and told to the adapter.
     */
    @Test
    void captureAfterAnErredCaptureReopensThatCapture()
    {
        final long id = authorizedOrder("pi_1");
        final OrderViews.PaymentAction first = capture(id);
        driver.reportPayment(first.actionId(), PaymentOutcome.ERROR, "", 0, "EUR", "timed out");
        assertThat(driver.order(id).payment().problem()).startsWith("ERROR on CAPTURE");

        final Result again = driver.capture(id);

        assertThat(again.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.outstanding(id, PaymentActionKind.CAPTURE).actionId()).isEqualTo(first.actionId());
        assertThat(driver.order(id).payment().problem()).isEmpty();
        assertThat(driver.orderEvents(id).ofType(Codes.OrderEventType.PAYMENT_REQUESTED))
            .extracting(OrderViews.OrderEvent::seq, OrderViews.OrderEvent::note)
            .endsWith(org.assertj.core.groups.Tuple.tuple(again.seq(),
                "CAPTURE retried (action " + first.actionId() + ")"));
        assertThat(driver.events()).contains(new ordo.engine.testing.Event(EventType.PAYMENT_ACTION_REQUESTED,
            again.seq(), driver.now(), first.actionId()));
    }

    /** Only an erred capture is retried by the capture command: an erred refund is not, and nothing is captured. */
    @Test
    void captureAfterAnErredRefundRetriesNothing()
    {
        final long id = capturedOrder("pi_1");
        driver.cancelOrder(id, "A:1");
        final OrderViews.PaymentAction refund = driver.outstanding(id, PaymentActionKind.REFUND);
        driver.reportPayment(refund.actionId(), PaymentOutcome.ERROR, "", 0, "EUR", "timed out");
        final int requested = driver.orderEvents(id).ofType(Codes.OrderEventType.PAYMENT_REQUESTED).size();

        final Result again = driver.capture(id);

        assertThat(again.code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(driver.orderEvents(id).ofType(Codes.OrderEventType.PAYMENT_REQUESTED)).hasSize(requested);
        assertThat(driver.paymentActions().of(id)).as("the erred refund is not outstanding again").isEmpty();
    }

    // ---------------------------------------------------------------- cancellation: void

    @Test
    void cancellingAWholeOrderBeforeCaptureVoidsTheAuthorization()
    {
        final long id = authorizedOrder("pi_1");

        driver.cancelOrder(id);

        final OrderViews.PaymentAction voiding = driver.outstanding(id, PaymentActionKind.VOID);
        assertThat(voiding.amountMinor()).isZero();
        assertThat(driver.paymentActions().of(id)).containsExactly(voiding);
        driver.reportPayment(voiding.actionId(), PaymentOutcome.SUCCEEDED, "canceled", 0, "EUR", "");
        final OrderViews.Order order = driver.order(id);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.VOIDED);
        assertThat(order.payment().capturedMinor()).isZero();
        assertThat(driver.capture(id).code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
    }

    @Test
    void cancellingWhileTheVerificationIsOutstandingVoidsTheIntentToo()
    {
        final long id = driver.ordering().stripe("pi_1").line("A", 2).submit().orderId();

        driver.cancelOrder(id);

        assertThat(driver.paymentActions().of(id)).extracting(OrderViews.PaymentAction::kind)
            .containsExactly(PaymentActionKind.VERIFY, PaymentActionKind.VOID);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VOID).actionId(), PaymentOutcome.SUCCEEDED);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED);
        assertThat(driver.order(id).payment().status()).as("a late verification does not revive a voided intent")
            .isEqualTo(PaymentStatus.VOIDED);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void anOfflineOrderCancelledWholeIsRecordedVoidedOrRefunded()
    {
        final long unpaid = driver.placeOrder("A:1").orderId();
        final long paid = driver.placeOrder("A:2").orderId();
        driver.markPaid(paid, "");

        driver.cancelOrder(unpaid);
        driver.cancelOrder(paid);

        assertThat(driver.order(unpaid).payment().status()).isEqualTo(PaymentStatus.VOIDED);
        assertThat(driver.order(paid).payment().status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(driver.order(paid).payment().refundedMinor()).isEqualTo(2_000);
        assertThat(driver.paymentActions().actions()).as("settled outside: nothing asked of a provider").isEmpty();
    }

    // ---------------------------------------------------------------- cancellation: refund

    @Test
    void aPartialCancellationAfterCaptureRefundsExactlyTheCancelledAmount()
    {
        final long id = capturedOrder("pi_1");

        driver.cancelOrder(id, "A:2");

        final OrderViews.PaymentAction refund = driver.outstanding(id, PaymentActionKind.REFUND);
        assertThat(refund.amountMinor()).isEqualTo(2_000);
        driver.reportPayment(refund.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 2_000, "EUR", "");
        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment()).isEqualTo(new OrderViews.Payment(PaymentStatus.PARTIALLY_REFUNDED, 4_000, 4_000,
            2_000, "", ""));
        assertThat(order.status()).as("the rest still goes out").isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    @Test
    void cancellingTheRestAfterAPartialRefundRefundsWhatIsLeft()
    {
        final long id = capturedOrder("pi_1");
        driver.cancelOrder(id, "B:1");
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.REFUND).actionId(), PaymentOutcome.SUCCEEDED);

        driver.cancelOrder(id);

        final OrderViews.PaymentAction rest = driver.outstanding(id, PaymentActionKind.REFUND);
        assertThat(rest.amountMinor()).isEqualTo(3_000);
        driver.reportPayment(rest.actionId(), PaymentOutcome.SUCCEEDED);
        final OrderViews.Order order = driver.order(id);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(order.payment().refundedMinor()).isEqualTo(4_000);
    }

    @Test
    void cancellingAWholeCapturedOrderRefundsAllOfIt()
    {
        final long id = capturedOrder("pi_1");

        driver.cancelOrder(id);

        assertThat(driver.outstanding(id, PaymentActionKind.REFUND).amountMinor()).isEqualTo(4_000);
        assertThat(driver.paymentActions().of(id)).extracting(OrderViews.PaymentAction::kind)
            .as("captured money is refunded, not voided").containsExactly(PaymentActionKind.REFUND);
    }

    @Test
    void refundsWhileEarlierOnesAreOutstandingNeverAddUpToMoreThanWasCaptured()
    {
        final long id = capturedOrder("pi_1");

        driver.cancelOrder(id, "A:1");
        driver.cancelOrder(id, "A:1");
        driver.cancelOrder(id);

        assertThat(driver.paymentActions().of(id)).extracting(OrderViews.PaymentAction::amountMinor)
            .containsExactly(1_000L, 1_000L, 2_000L);
        assertThat(keptMinor(id)).isZero();
    }

    // ---------------------------------------------------------------- cancellation while a capture is outstanding

    /**
     * A partial cancellation while a capture is at the provider: the capture takes the whole authorized amount, so
     * the cancelled units' money must come back once it is captured (or the cancellation must wait).
     */
    @Test
    void aPartialCancellationWhileACaptureIsOutstandingEndsWithTheCancelledAmountRefunded()
    {
        final long id = authorizedOrder("pi_1");
        final OrderViews.PaymentAction capture = capture(id);

        driver.cancelOrder(id, "A:1");
        driver.reportPayment(capture.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 4_000, "EUR", "");

        final OrderViews.Order order = driver.order(id);
        assertThat(keptMinor(id)).as("captured − refunded − refunding, for an order left with %d",
            openMinor(order)).isEqualTo(openMinor(order));
    }

    /** The same for a whole cancellation: the void comes too late (the provider refuses it), a refund is owed. */
    @Test
    void aWholeCancellationWhileACaptureIsOutstandingEndsWithEverythingRefunded()
    {
        final long id = authorizedOrder("pi_1");
        final OrderViews.PaymentAction capture = capture(id);

        driver.cancelOrder(id);
        driver.reportPayment(capture.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 4_000, "EUR", "");
        for (final OrderViews.PaymentAction action : driver.paymentActions().of(id))
        {
            if (action.kind() == PaymentActionKind.VOID)
            {
                driver.reportPayment(action.actionId(), PaymentOutcome.DECLINED, "payment_intent_unexpected_state", 0,
                    "EUR", "already captured");
            }
        }

        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(keptMinor(id)).as("money kept for a cancelled order").isZero();
    }
}
