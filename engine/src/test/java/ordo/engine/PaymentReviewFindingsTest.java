package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.PaymentActionKind;
import ordo.engine.Codes.PaymentActionStatus;
import ordo.engine.Codes.PaymentOutcome;
import ordo.engine.Codes.PaymentStatus;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/**
 * What a review of the payment and fraud change found, each pinned by a test: a crafted key or list cursor must not
 * stop the engine, money released must never be asked for twice or in a loop, a capture never goes beyond the
 * authorization, and a verification that comes back late decides nothing.
 */
class PaymentReviewFindingsTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10);
        stock(driver, "B", "wh-sg", 10);
    }

    /** 3 × A and 1 × B at 10.00 EUR: 4000, verified. */
    private long authorizedOrder(final String reference)
    {
        final long id = driver.ordering().stripe(reference).line("A", 3).line("B", 1).submit().orderId();
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED,
            "requires_capture", 4_000, "EUR", "");
        return id;
    }

    private long capturedOrder(final String reference)
    {
        final long id = authorizedOrder(reference);
        assertThat(driver.capture(id).code()).isEqualTo(ResultCode.OK);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.CAPTURE).actionId(), PaymentOutcome.SUCCEEDED,
            "succeeded", 4_000, "EUR", "");
        return id;
    }

    /**
     * GET /v1/payments/actions?after=: the cursor is 0 or an action, outstanding or not. One past 2^31 was cut to an
     * int index (below zero it threw and stopped the engine; 2^32 listed from the first action again), and one beyond
     * the last answered an empty last page.
     */
    @Test
    void aPaymentActionsCursorNamesAnActionOrIsRefusedAndNeverStopsTheEngine()
    {
        final long first = driver.ordering().stripe("pi_1").line("A", 1).submit().orderId();
        final long verify = driver.outstanding(first, PaymentActionKind.VERIFY).actionId();
        for (final long cursor : new long[] {verify + 1, 1L << 31, 1L << 32, Long.MAX_VALUE})
        {
            assertThat(driver.queryPaymentActions(cursor, 10).code()).as("after %d", cursor)
                .isEqualTo(ResultCode.UNKNOWN_CURSOR);
        }
        final long second = driver.ordering().stripe("pi_2").line("A", 1).submit().orderId();
        final long secondVerify = driver.outstanding(second, PaymentActionKind.VERIFY).actionId();
        driver.reportPayment(verify, PaymentOutcome.SUCCEEDED, "requires_capture", 1_000, "EUR", "");
        final OrderViews.PaymentActions page = OrderViews.paymentActions(driver.queryPaymentActions(verify, 10).data());
        assertThat(page.ids()).as("the cursor's action is resolved: still a position").containsExactly(secondVerify);
        assertThat(page.nextAfter()).isZero();
    }

    /** Actions of a kind ever asked for the order (outstanding or not): its PAYMENT_REQUESTED timeline entries. */
    private long actionsOf(final long id, final PaymentActionKind kind)
    {
        return driver.orderEvents(id).events().stream()
            .filter(e -> e.type() == Codes.OrderEventType.PAYMENT_REQUESTED && e.note().startsWith(kind.name() + " "))
            .count();
    }

    @Test
    void anEmailWhoseHashIsTheWindowQueuesNullIsScreenedLikeAnyOther()
    {
        // Hashing is an invertible mix: this email (found by inverting it) hashes to Long.MIN_VALUE, the null of the
        // velocity window queue. Adding it threw inside PLACE_ORDER, half-applied, and replay threw again.
        final String crafted = "ayuponti%\"o?,a/a@x.io";
        assertThat(Hashing.hash(FraudScreen.lowerAscii(crafted.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
            .isEqualTo(Long.MIN_VALUE);

        final long id = driver.ordering().email(crafted).line("A", 1).submit().orderId();
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        driver.ordering().email(crafted).line("A", 1).submit();
        assertThat(driver.checkInvariants()).isNull();
        final Engine restored = EngineSnapshot.fromBytes(EngineSnapshot.toBytes(driver.engine()), EventSink.NONE);
        assertThat(restored.stateHash()).isEqualTo(driver.engine().stateHash());
    }

    @Test
    void aRefundThatEndedInAnErrorIsNeverAskedForAgainUnderANewKey()
    {
        final long id = capturedOrder("pi_r");
        driver.cancelOrder(id, "B:1");
        final OrderViews.PaymentAction refund = driver.outstanding(id, PaymentActionKind.REFUND);
        assertThat(refund.amountMinor()).isEqualTo(1_000);

        driver.reportPayment(refund.actionId(), PaymentOutcome.ERROR, "timeout", 0, "EUR", "no answer");

        assertThat(actionsOf(id, PaymentActionKind.REFUND)).as("the errored refund may have gone through").isEqualTo(1);
        assertThat(driver.retryPayment(id).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.outstanding(id, PaymentActionKind.REFUND).actionId()).isEqualTo(refund.actionId());
        driver.reportPayment(refund.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 1_000, "EUR", "");
        assertThat(actionsOf(id, PaymentActionKind.REFUND)).isEqualTo(1);
        assertThat(driver.order(id).payment().refundedMinor()).isEqualTo(1_000);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    @Test
    void aDeclinedVoidIsNotAskedForAgainAndTheOrderSaysWhy()
    {
        final long id = authorizedOrder("pi_v");
        driver.cancelOrder(id);
        final OrderViews.PaymentAction voidAction = driver.outstanding(id, PaymentActionKind.VOID);

        driver.reportPayment(voidAction.actionId(), PaymentOutcome.DECLINED, "payment_intent_unexpected_state", 0, "EUR",
            "cannot cancel");

        assertThat(actionsOf(id, PaymentActionKind.VOID)).as("no loop of voids").isEqualTo(1);
        assertThat(driver.paymentActions().of(id)).noneMatch(a -> a.status() == PaymentActionStatus.OUTSTANDING);
        assertThat(driver.order(id).payment().problem()).contains("refused to release money");
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aCaptureNeverGoesBeyondTheAuthorizationNorPastAPaymentProblem()
    {
        final long id = driver.ordering().stripe("pi_c").line("A", 3).line("B", 1).submit().orderId();
        // A webhook authorizes less than the order: held, and nothing may be captured.
        driver.paymentEvent("evt_1", Codes.PaymentEventKind.AUTHORIZED, "pi_c", 1_000);
        assertThat(driver.order(id).payment().problem()).startsWith("AUTHORIZATION_MISMATCH");
        assertThat(driver.capture(id).code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(actionsOf(id, PaymentActionKind.CAPTURE)).isZero();
    }

    @Test
    void aVerificationThatComesBackAfterTheVoidDecidesNothing()
    {
        final long id = driver.ordering().stripe("pi_late").line("A", 1).submit().orderId();
        final OrderViews.PaymentAction verify = driver.outstanding(id, PaymentActionKind.VERIFY);
        driver.cancelOrder(id);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VOID).actionId(), PaymentOutcome.SUCCEEDED,
            "canceled", 0, "EUR", "");
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.VOIDED);

        driver.reportPayment(verify.actionId(), PaymentOutcome.DECLINED, "canceled", 0, "EUR", "intent canceled");

        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.VOIDED);
        assertThat(order.payment().problem()).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    // ---------------------------------------------------------------- the session-25 review (rules version 3)

    /** 3 × A and 1 × B at 10.00 EUR: 4000, its verification still outstanding. */
    private long pendingOrder(final String reference)
    {
        return driver.ordering().stripe(reference).line("A", 3).line("B", 1).submit().orderId();
    }

    /** A capture the provider reports of a quarter of the order, before any authorization: not released. */
    @Test
    void aPartialCaptureReportedByTheProviderDoesNotReleaseTheOrder()
    {
        final long id = pendingOrder("pi_p");
        driver.paymentEvent("evt_p", Codes.PaymentEventKind.CAPTURED, "pi_p", 1_000);

        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_CAPTURED);
        assertThat(order.status()).as("1000 of 4000 collected").isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(order.payment().problem()).as("says why, though no problem is stored")
            .startsWith("CAPTURE_SHORTFALL: the provider reports 1000 EUR captured of 4000 EUR open");
        driver.paymentEvent("evt_p2", Codes.PaymentEventKind.CAPTURED, "pi_p", 4_000);
        final OrderViews.Order whole = driver.order(id);
        assertThat(whole.status()).as("the rest captured too").isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(whole.payment().problem()).isEmpty();
    }

    /** An authorization of nothing is said beside a problem already there, not in its place. */
    @Test
    void anAuthorizationOfNothingIsSaidBesideTheProblemAlreadyThere()
    {
        final long id = driver.ordering().stripe("pi_n").payment(3_900, "EUR").line("A", 3).line("B", 1).submit()
            .orderId();
        assertThat(driver.order(id).payment().problem()).startsWith("AMOUNT_MISMATCH");
        driver.paymentEvent("evt_n", Codes.PaymentEventKind.AUTHORIZED, "pi_n", 0);
        assertThat(driver.order(id).payment().problem()).startsWith("AMOUNT_MISMATCH")
            .contains("; AUTHORIZATION_MISMATCH: authorized 0");
    }

    /**
     * An authorization of less than the order, then a retry of the verification that said so: still held, still
     * saying why, until a verification of the whole amount decides it.
     */
    @Test
    void aRetryDoesNotReleaseAnOrderAuthorizedForLess()
    {
        final long id = pendingOrder("pi_s");
        driver.paymentEvent("evt_s", Codes.PaymentEventKind.AUTHORIZED, "pi_s", 2_500);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.MISMATCH,
            "requires_capture", 2_500, "EUR", "authorized 2500");
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.PAYMENT_PENDING);

        assertThat(driver.retryPayment(id).code()).isEqualTo(ResultCode.OK);

        final OrderViews.Order retried = driver.order(id);
        assertThat(retried.status()).as("2500 of 4000 authorized").isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(retried.payment().problem()).contains("AUTHORIZATION_MISMATCH");
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED,
            "requires_capture", 4_000, "EUR", "");
        final OrderViews.Order verified = driver.order(id);
        assertThat(verified.status()).as("authorized again, for the whole").isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(verified.payment().problem()).isEmpty();
    }

    /** An authorization in another currency, or of nothing, is not counted: pending, held, until verified. */
    @Test
    void anAuthorizationInAnotherCurrencyOrOfNothingIsNotCounted()
    {
        final long otherCurrency = pendingOrder("pi_c");
        driver.apply(new ordo.engine.testing.Cmd.PaymentEvent("stripe", "evt_c", Codes.PaymentEventKind.AUTHORIZED,
            "pi_c", 9_000, "USD"));
        final long nothing = driver.ordering().customer("c-2").stripe("pi_z").line("A", 1).submit().orderId();
        driver.paymentEvent("evt_z", Codes.PaymentEventKind.AUTHORIZED, "pi_z", 0);

        for (final long id : new long[] {otherCurrency, nothing})
        {
            final OrderViews.Order order = driver.order(id);
            assertThat(order.payment().status()).as("order %d", id).isEqualTo(PaymentStatus.PENDING);
            assertThat(order.status()).as("order %d", id).isEqualTo(OrderStatus.PAYMENT_PENDING);
            assertThat(order.payment().problem()).as("order %d says why", id).isNotEmpty();
            driver.retryPayment(id);
            assertThat(driver.order(id).status()).as("order %d after a retry", id)
                .isEqualTo(OrderStatus.PAYMENT_PENDING);
        }
    }

    // ---------------------------------------------------------------- the session-50 QA (QA-268)

    /**
     * Cancels B of an authorized order (3000 open of 4000) and captures: the provider answers the capture a MISMATCH,
     * the intent already captured whole in its dashboard (4000, counted). That capture action.
     */
    private OrderViews.PaymentAction overCaptured(final long id)
    {
        driver.cancelOrder(id, "B:1");
        assertThat(driver.capture(id).code()).isEqualTo(ResultCode.OK);
        final OrderViews.PaymentAction capture = driver.outstanding(id, PaymentActionKind.CAPTURE);
        assertThat(capture.amountMinor()).isEqualTo(3_000);
        driver.reportPayment(capture.actionId(), PaymentOutcome.MISMATCH, "succeeded", 4_000, "EUR",
            "already captured 4000");
        return capture;
    }

    /** Cancels {@code line} of a captured order and reports its refund ended in an ERROR (no answer): that refund. */
    private OrderViews.PaymentAction erroredRefund(final long id, final String line)
    {
        driver.cancelOrder(id, line);
        final OrderViews.PaymentAction refund = driver.outstanding(id, PaymentActionKind.REFUND);
        driver.reportPayment(refund.actionId(), PaymentOutcome.ERROR, "timeout", 0, "EUR", "no answer");
        return refund;
    }

    /**
     * Captured whole, then refunded at the provider for units still ordered (a dashboard's partial refund): held, and
     * the view says why — it said nothing, with the capture refused and nothing to retry.
     */
    @Test
    void aRefundAtTheProviderOfUnitsStillOrderedSaysWhyTheOrderIsHeld()
    {
        final long id = pendingOrder("pi_d");
        driver.paymentEvent("evt_d1", Codes.PaymentEventKind.CAPTURED, "pi_d", 4_000);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);

        driver.paymentEvent("evt_d2", Codes.PaymentEventKind.REFUNDED, "pi_d", 2_000);

        final OrderViews.Order held = driver.order(id);
        assertThat(held.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(held.status()).as("2000 of 4000 kept").isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(held.payment().problem()).isEqualTo("CAPTURE_SHORTFALL: the provider reports 4000 EUR captured " +
            "and 2000 EUR of it refunded, 2000 EUR kept of 4000 EUR open; the rest is not collected: settle it at " +
            "the provider, or cancel the units it does not cover");
    }

    /** A refund learnt before its capture: once the capture is, the refund still leaves it short, and it says so. */
    @Test
    void aRefundLearntBeforeItsCaptureSaysWhyTheOrderIsHeldOnceTheCaptureIsLearnt()
    {
        final long id = pendingOrder("pi_e");
        driver.paymentEvent("evt_e1", Codes.PaymentEventKind.REFUNDED, "pi_e", 1_000);
        driver.paymentEvent("evt_e2", Codes.PaymentEventKind.CAPTURED, "pi_e", 4_000);

        final OrderViews.Order held = driver.order(id);
        assertThat(held.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(held.payment().problem()).startsWith("CAPTURE_SHORTFALL: the provider reports 4000 EUR " +
            "captured and 1000 EUR of it refunded, 3000 EUR kept of 4000 EUR open");
    }

    /**
     * A refund that ended in an ERROR may or may not have gone through; a later refund's success does not settle it
     * (rules version 20). It wiped the first one's problem, and the order went on with the customer owed its money and
     * nothing saying so (QA-268); a retry asks the first again under its own key.
     */
    @Test
    void aRefundsSuccessKeepsTheProblemOfAnEarlierRefundThatEndedInAnError()
    {
        final long id = capturedOrder("pi_q");
        final OrderViews.PaymentAction first = erroredRefund(id, "A:1");
        assertThat(driver.order(id).payment().problem()).startsWith("ERROR on REFUND: timeout");
        driver.cancelOrder(id, "A:1");
        final OrderViews.PaymentAction second = driver.outstanding(id, PaymentActionKind.REFUND);
        assertThat(second.actionId()).isNotEqualTo(first.actionId());

        driver.reportPayment(second.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 1_000, "EUR", "");

        final OrderViews.Order held = driver.order(id);
        assertThat(held.payment().problem()).as("the first refund's outcome is unknown still")
            .startsWith("ERROR on REFUND: timeout");
        assertThat(held.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(driver.retryPayment(id).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.outstanding(id, PaymentActionKind.REFUND).actionId()).isEqualTo(first.actionId());
        driver.reportPayment(first.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 1_000, "EUR", "");
        final OrderViews.Order settled = driver.order(id);
        assertThat(settled.payment().problem()).isEmpty();
        assertThat(settled.payment().refundedMinor()).isEqualTo(2_000);
        assertThat(settled.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.checkInvariants()).isNull();
    }

    /** The same when the later refund is the whole cancellation's: cancelled, and still saying what is unknown. */
    @Test
    void aWholeCancellationsRefundKeepsTheProblemOfAnEarlierRefundThatEndedInAnError()
    {
        final long id = capturedOrder("pi_w");
        final OrderViews.PaymentAction first = erroredRefund(id, "B:1");
        driver.cancelOrder(id);
        final OrderViews.PaymentAction rest = driver.outstanding(id, PaymentActionKind.REFUND);
        assertThat(rest.amountMinor()).isEqualTo(3_000);

        driver.reportPayment(rest.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 3_000, "EUR", "");

        final OrderViews.Order cancelled = driver.order(id);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(cancelled.payment().problem()).startsWith("ERROR on REFUND: timeout");
    }

    /**
     * A capture the provider made for more than Ordo asked (the intent was captured whole in the dashboard after a unit
     * was cancelled) is counted and refunded back to what is open: its MISMATCH is not an error for a retry to settle,
     * so the refund's success releases the order (a first cut of version 20 held it for good: review).
     */
    @Test
    void aRefundOfWhatAnOverCaptureTookBeyondTheOpenTotalReleasesTheOrder()
    {
        final long id = authorizedOrder("pi_o");
        overCaptured(id);
        final OrderViews.PaymentAction refund = driver.outstanding(id, PaymentActionKind.REFUND);
        assertThat(refund.amountMinor()).isEqualTo(1_000);

        driver.reportPayment(refund.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 1_000, "EUR", "");

        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment().problem()).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    /** A verification that ended in an error, then the order cancelled: the void's success leaves nothing said. */
    @Test
    void aVoidsSuccessClearsAVerificationsErrorOnACancelledOrder()
    {
        final long id = pendingOrder("pi_ve");
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.ERROR,
            "timeout", 0, "EUR", "no answer");
        assertThat(driver.order(id).payment().problem()).startsWith("ERROR on VERIFY");
        driver.cancelOrder(id);

        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VOID).actionId(), PaymentOutcome.SUCCEEDED,
            "canceled", 0, "EUR", "");

        final OrderViews.Order order = driver.order(id);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.VOIDED);
        assertThat(order.payment().problem()).isEmpty();
    }

    /**
     * A refund whose outcome is unknown beside one the provider refused: the refusal's problem, which replaces the
     * error's, says to retry the unknown one before settling by hand (Review-270: it said only to settle at the
     * provider, and a refund made by hand would have been made again by the retry).
     */
    @Test
    void aRefusedRefundBesideOneWhoseOutcomeIsUnknownSaysToRetryFirst()
    {
        final long id = capturedOrder("pi_rr");
        final OrderViews.PaymentAction first = erroredRefund(id, "A:1");
        driver.cancelOrder(id, "A:1");
        final OrderViews.PaymentAction second = driver.outstanding(id, PaymentActionKind.REFUND);
        assertThat(second.amountMinor()).as("the unknown one counted as asked for").isEqualTo(1_000);

        driver.reportPayment(second.actionId(), PaymentOutcome.DECLINED, "failed", 0, "EUR", "card closed");

        final String waiting = "the provider refused to release money for this order; settle it at the provider, " +
            "once the refund still asked for has been answered (one that ended in an error: retry it, POST " +
            "/v1/orders/{id}/payment/retry): a refund made by hand before would be made again";
        assertThat(driver.order(id).payment().problem()).isEqualTo(waiting);
        assertThat(driver.retryPayment(id).code()).isEqualTo(ResultCode.OK);
        // The refusal still stands while the retried refund is in flight (Review-271: the retry cleared it, and the
        // order was released until the refund's answer).
        assertThat(driver.order(id).payment().problem()).isEqualTo(waiting);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        driver.reportPayment(first.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 1_000, "EUR", "");
        assertThat(driver.order(id).payment().problem()).as("the refusal alone now")
            .isEqualTo("the provider refused to release money for this order; settle it at the provider");
    }

    /**
     * The over-capture above, its refund ended in an error: the retry that settles the refund re-asks the capture too
     * (every MISMATCH is re-asked), and the provider answers the same over-capture again, for money already counted.
     * That answer held the order for good — its problem set again, no action left to clear it (Review-270); now it
     * sets none, and the order goes on once the refund is settled.
     */
    @Test
    void anOverCaptureAnsweredAgainByARetryForMoneyAlreadyCountedHoldsNothing()
    {
        final long id = authorizedOrder("pi_oo");
        final OrderViews.PaymentAction capture = overCaptured(id);
        assertThat(driver.order(id).payment().problem()).startsWith("MISMATCH on CAPTURE");
        final OrderViews.PaymentAction refund = driver.outstanding(id, PaymentActionKind.REFUND);
        driver.reportPayment(refund.actionId(), PaymentOutcome.ERROR, "timeout", 0, "EUR", "no answer");

        assertThat(driver.retryPayment(id).code()).isEqualTo(ResultCode.OK);
        driver.reportPayment(refund.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 1_000, "EUR", "");
        driver.reportPayment(capture.actionId(), PaymentOutcome.MISMATCH, "succeeded", 4_000, "EUR",
            "already captured 4000");

        final OrderViews.Order order = driver.order(id);
        assertThat(order.payment().problem()).isEmpty();
        assertThat(order.payment().capturedMinor()).isEqualTo(4_000);
        assertThat(order.payment().refundedMinor()).isEqualTo(1_000);
        assertThat(order.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.paymentActions().actions()).as("nothing more asked for").isEmpty();
    }

    /**
     * A capture or a mark-paid refused says which of its reasons holds (rules version 20): the refusal listed them all
     * — in review, cancelled or rejected, a capture outstanding; marked paid once — though the engine knew (QA-268).
     */
    @Test
    void aRefusedCaptureOrMarkPaidSaysWhichReasonHolds()
    {
        final long capturing = authorizedOrder("pi_cc");
        assertThat(driver.capture(capturing).code()).isEqualTo(ResultCode.OK);
        final Result again = driver.capture(capturing);
        assertThat(again.code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(again.d()).isEqualTo(Codes.NOT_CAPTURABLE_CAPTURING);

        final long cancelled = authorizedOrder("pi_cr");
        driver.cancelOrder(cancelled);
        assertThat(driver.capture(cancelled).d()).isEqualTo(Codes.NOT_CAPTURABLE_CANCELLED);

        final long offline = driver.ordering().line("A", 1).submit().orderId();
        assertThat(driver.markPaid(offline, "cash").code()).isEqualTo(ResultCode.OK);
        final Result paidAgain = driver.markPaid(offline, "cash again");
        assertThat(paidAgain.code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(paidAgain.d()).isEqualTo(Codes.NOT_CAPTURABLE_PAID);
        driver.cancelOrder(offline);
        assertThat(driver.markPaid(offline, "late").d()).isEqualTo(Codes.NOT_CAPTURABLE_CANCELLED);
    }
}
