package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderEventType;
import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.PaymentActionKind;
import ordo.engine.Codes.PaymentActionStatus;
import ordo.engine.Codes.PaymentEventKind;
import ordo.engine.Codes.PaymentOutcome;
import ordo.engine.Codes.PaymentStatus;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Event;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/**
 * Payment verification, the gate between allocation and release: offline orders never wait; a card order asks the
 * provider once (an outbox action with a stable id, hence a stable idempotency key) and is released when the card is
 * authorized; a decline rejects it and gives the stock back; a mismatch or a provider error holds it with the reason
 * until an operator retries the same action; a second report of an action changes nothing.
 */
class PaymentVerificationTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10);
        stock(driver, "BO", "wh-sg", 2);
    }

    /** Three units of A at 10.00 EUR paid by card: 3000 minor units. */
    private long cardOrder(final String reference)
    {
        final Result placed = driver.ordering().stripe(reference).line("A", 3).submit();
        assertThat(placed.code()).as("%s", placed).isEqualTo(ResultCode.OK);
        return placed.orderId();
    }

    private long verification(final long orderId)
    {
        return driver.outstanding(orderId, PaymentActionKind.VERIFY).actionId();
    }

    // ---------------------------------------------------------------- offline

    @Test
    void anOfflineOrderGoesStraightToReadyToReleaseWithNothingAskedOfAProvider()
    {
        final Result placed = driver.placeOrder("A:2");

        final OrderViews.Order order = placed.order();
        assertThat(order.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(order.payment()).isEqualTo(new OrderViews.Payment(PaymentStatus.PENDING, 0, 0, 0, "", ""));
        assertThat(driver.orderEvents(placed.orderId()).statuses()).containsExactly(OrderStatus.CREATED,
            OrderStatus.ALLOCATED, OrderStatus.READY_TO_RELEASE);
        assertThat(driver.paymentActions().actions()).isEmpty();
        assertThat(driver.events()).extracting(Event::type).doesNotContain(EventType.PAYMENT_ACTION_REQUESTED);
    }

    @Test
    void markingAnOfflineOrderPaidRecordsTheMoneyOnce()
    {
        final long id = driver.placeOrder("A:2").orderId();

        final Result paid = driver.markPaid(id, "cash at the door");

        assertThat(paid.code()).isEqualTo(ResultCode.OK);
        assertThat(paid.order().payment().status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(paid.order().payment().capturedMinor()).isEqualTo(2_000);
        assertThat(paid.order().status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note)
            .containsExactly("offline payment of 2000 received: cash at the door");

        assertThat(driver.markPaid(id, "again").code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(driver.markPaid(cardOrder("pi_1"), "").code()).isEqualTo(ResultCode.PAYMENT_PROVIDER_MISMATCH);
        final long cancelled = driver.placeOrder("A:1").orderId();
        driver.cancelOrder(cancelled);
        assertThat(driver.markPaid(cancelled, "").code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(driver.markPaid(999_999, "").code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
    }

    // ---------------------------------------------------------------- card: asking

    @Test
    void aCardOrderAsksTheProviderToVerifyItOnceAtPlacement()
    {
        final Result placed = driver.ordering().stripe("pi_1").line("A", 3).submit();
        final long id = placed.orderId();

        assertThat(placed.order().status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(driver.orderEvents(id).statuses()).containsExactly(OrderStatus.CREATED, OrderStatus.ALLOCATED,
            OrderStatus.PAYMENT_PENDING);
        final OrderViews.PaymentActions outbox = driver.paymentActions();
        assertThat(outbox.actions()).hasSize(1);
        final OrderViews.PaymentAction verify = outbox.actions().get(0);
        assertThat(verify).isEqualTo(new OrderViews.PaymentAction(verify.actionId(), id, PaymentActionKind.VERIFY,
            PaymentActionStatus.OUTSTANDING, "stripe", "pi_1", 3_000, "EUR", 0));
        assertThat(verify.idempotencyKey()).isEqualTo("ordo_" + id + "_" + verify.actionId());
        assertThat(outbox.nextAfter()).isZero();
        assertThat(driver.events()).contains(new Event(EventType.PAYMENT_ACTION_REQUESTED, placed.seq(),
            placed.timeMillis(), verify.actionId()));
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_REQUESTED))
            .extracting(OrderViews.OrderEvent::note)
            .containsExactly("VERIFY 3000 EUR (action " + verify.actionId() + ")");

        assertThat(driver.paymentActions()).as("asked again, the same action").isEqualTo(outbox);
        driver.withIdempotency(77, 78).ordering().stripe("pi_2").line("A", 1).submit();
        final Result again = driver.withIdempotency(77, 78).ordering().stripe("pi_2").line("A", 1).submit();
        assertThat(again.replayed()).isTrue();
        assertThat(driver.paymentActions().actions()).as("a replayed placement asks nothing new").hasSize(2);
    }

    @Test
    void theOutboxIsReadInPagesOldestFirst()
    {
        final long first = verification(cardOrder("pi_1"));
        final long second = verification(cardOrder("pi_2"));
        final long third = verification(cardOrder("pi_3"));

        final OrderViews.PaymentActions page1 = OrderViews.paymentActions(driver.queryPaymentActions(0, 2).data());
        assertThat(page1.ids()).containsExactly(first, second);
        assertThat(page1.nextAfter()).isEqualTo(second);
        final OrderViews.PaymentActions page2 = OrderViews.paymentActions(
            driver.queryPaymentActions(page1.nextAfter(), 2).data());
        assertThat(page2.ids()).containsExactly(third);
        assertThat(page2.nextAfter()).isZero();

        driver.reportPayment(first, PaymentOutcome.SUCCEEDED);
        assertThat(driver.paymentActions().ids()).containsExactly(second, third);
        assertThat(driver.queryPaymentActions(0, 10).a()).as("outstanding in all").isEqualTo(2);
    }

    @Test
    void aPaymentReferencePaysForOneOrderOnlyAndACardPaymentNeedsOne()
    {
        final long id = cardOrder("pi_1");

        final Result second = driver.ordering().customer("c-2").stripe("pi_1").line("A", 1).submit();
        assertThat(second.code()).isEqualTo(ResultCode.PAYMENT_REFERENCE_IN_USE);
        assertThat(second.a()).isEqualTo(id);
        assertThat(driver.ordering().stripe(null).line("A", 1).submit().code()).isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(driver.paymentActions().actions()).hasSize(1);
    }

    // ---------------------------------------------------------------- card: answers

    @Test
    void aSucceededVerificationAuthorizesTheCardAndReleasesTheOrder()
    {
        final long id = cardOrder("pi_1");
        final long verify = verification(id);

        final Result result = driver.reportPayment(verify, PaymentOutcome.SUCCEEDED, "requires_capture", 3_000, "EUR",
            "");

        assertThat(result.code()).isEqualTo(ResultCode.OK);
        assertThat(result.entityId()).isEqualTo(verify);
        assertThat(result.applied()).isEqualTo(1);
        assertThat(result.b()).isEqualTo(id);
        assertThat(result.order().payment()).isEqualTo(new OrderViews.Payment(PaymentStatus.AUTHORIZED, 3_000, 0, 0, "",
            ""));
        assertThat(result.order().status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.paymentActions().actions()).isEmpty();
        assertThat(driver.orderEvents(id).ofType(OrderEventType.PAYMENT_UPDATED))
            .extracting(OrderViews.OrderEvent::note)
            .containsExactly("VERIFY SUCCEEDED (action " + verify + "): requires_capture");
    }

    @Test
    void aDeclinedCardRejectsTheOrderAndGivesItsStockBackAtOnce()
    {
        final Result placed = driver.ordering().stripe("pi_1").line("BO", 2).line("A", 3).submit();
        final long id = placed.orderId();
        final long waiting = driver.ordering().customer("c-2").line("BO", 1).submit().orderId();
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);

        final Result declined = driver.reportPayment(verification(id), PaymentOutcome.DECLINED, "card_declined", 0,
            "EUR", "insufficient funds");

        final OrderViews.Order order = declined.order();
        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(order.payment().problem()).isEqualTo("DECLINED: card_declined insufficient funds");
        assertThat(order.lines()).extracting(OrderViews.OrderLine::cancelled).containsExactly(2, 3);
        assertThat(driver.inventory("A").atp()).isEqualTo(10);
        assertThat(driver.order(waiting).status()).as("filled in the same step")
            .isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.paymentActions().actions()).as("nothing was authorized: nothing to void").isEmpty();
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aMismatchReportedByTheAdapterHoldsTheOrderAndSaysWhy()
    {
        final long id = cardOrder("pi_1");

        driver.reportPayment(verification(id), PaymentOutcome.MISMATCH, "requires_capture", 2_500, "EUR",
            "intent is for 2500 EUR");

        final OrderViews.Order order = driver.order(id);
        assertThat(order.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(order.payment().status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(order.payment().problem())
            .isEqualTo("MISMATCH on VERIFY: requires_capture intent is for 2500 EUR");
        assertThat(order.line("A").allocated()).as("held, not given back").isEqualTo(3);
        assertThat(driver.paymentActions().actions()).isEmpty();
    }

    @Test
    void aTimeoutThenSuccessOnRetryReleasesTheOrderUnderOneIdempotencyKey()
    {
        final long id = cardOrder("pi_1");
        final OrderViews.PaymentAction verify = driver.outstanding(id, PaymentActionKind.VERIFY);

        driver.reportPayment(verify.actionId(), PaymentOutcome.ERROR, "", 0, "EUR", "timed out after 3 tries");
        final OrderViews.Order held = driver.order(id);
        assertThat(held.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(held.payment().problem()).startsWith("ERROR on VERIFY: timed out after 3 tries").contains("retry");
        assertThat(driver.paymentActions().actions()).as("an error waits for an operator").isEmpty();

        final Result retried = driver.retryPayment(id);
        assertThat(retried.code()).isEqualTo(ResultCode.OK);
        assertThat(retried.order().payment().problem()).isEmpty();
        final OrderViews.PaymentAction reopened = driver.outstanding(id, PaymentActionKind.VERIFY);
        assertThat(reopened.actionId()).isEqualTo(verify.actionId());
        assertThat(reopened.idempotencyKey()).isEqualTo(verify.idempotencyKey());
        assertThat(reopened.attempts()).isEqualTo(1);
        assertThat(driver.events()).filteredOn(e -> e.type() == EventType.PAYMENT_ACTION_REQUESTED)
            .extracting(Event::entityId).containsExactly(verify.actionId(), verify.actionId());

        driver.reportPayment(verify.actionId(), PaymentOutcome.SUCCEEDED);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.retryPayment(id).code()).isEqualTo(ResultCode.NOTHING_TO_RETRY);
    }

    @Test
    void providerErrorsAfterEveryRetryKeepTheOrderHeldAndRetryable()
    {
        final long id = cardOrder("pi_1");
        final long verify = verification(id);

        for (int round = 1; round <= 3; round++)
        {
            driver.reportPayment(verify, PaymentOutcome.ERROR, "http_503", 0, "EUR", "provider unavailable");
            final OrderViews.Order held = driver.order(id);
            assertThat(held.status()).as("round %d", round).isEqualTo(OrderStatus.PAYMENT_PENDING);
            assertThat(held.payment().problem()).isEqualTo("ERROR on VERIFY: http_503 provider unavailable" +
                " (retry: POST /v1/orders/{id}/payment/retry)");
            assertThat(held.line("A").allocated()).isEqualTo(3);
            assertThat(driver.retryPayment(id).code()).isEqualTo(ResultCode.OK);
            assertThat(driver.outstanding(id, PaymentActionKind.VERIFY).attempts()).isEqualTo(round);
        }
        driver.reportPayment(verify, PaymentOutcome.SUCCEEDED);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    @Test
    void retryingWithNothingFailedIsRefused()
    {
        final long card = cardOrder("pi_1");
        final long offline = driver.placeOrder("A:1").orderId();

        assertThat(driver.retryPayment(card).code()).as("verification still outstanding")
            .isEqualTo(ResultCode.NOTHING_TO_RETRY);
        assertThat(driver.retryPayment(offline).code()).isEqualTo(ResultCode.NOTHING_TO_RETRY);
        assertThat(driver.retryPayment(999_999).code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
    }

    @Test
    void aSecondResultForAnActionAlreadyResolvedHasNoEffect()
    {
        final long id = cardOrder("pi_1");
        final long verify = verification(id);
        driver.reportPayment(verify, PaymentOutcome.SUCCEEDED, "requires_capture", 3_000, "EUR", "");
        final long hash = driver.stateHash();
        final Result view = driver.queryOrder(id);

        for (final PaymentOutcome late : PaymentOutcome.values())
        {
            final Result again = driver.reportPayment(verify, late, "late", 1, "EUR", "duplicate");
            assertThat(again.code()).isEqualTo(ResultCode.OK);
            assertThat(again.applied()).as("%s", late).isZero();
            assertThat(again.entityId()).isEqualTo(verify);
            assertThat(driver.stateHash()).as("%s", late).isEqualTo(hash);
        }
        assertThat(driver.queryOrder(id).data()).isEqualTo(view.data());

        final long declinedOrder = cardOrder("pi_2");
        final long declined = verification(declinedOrder);
        driver.reportPayment(declined, PaymentOutcome.DECLINED);
        driver.reportPayment(declined, PaymentOutcome.SUCCEEDED);
        assertThat(driver.order(declinedOrder).status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(driver.order(declinedOrder).payment().status()).isEqualTo(PaymentStatus.FAILED);

        assertThat(driver.reportPayment(999_999, PaymentOutcome.SUCCEEDED).code())
            .isEqualTo(ResultCode.PAYMENT_ACTION_NOT_FOUND);
    }

    // ---------------------------------------------------------------- amounts

    @Test
    void aCardPaymentOtherThanTheTotalHoldsTheOrderWithAmountMismatch()
    {
        final Result placed = driver.ordering().stripe("pi_1").payment(2_500, "EUR").line("A", 3).submit();
        final long id = placed.orderId();

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Order order = placed.order();
        assertThat(order.status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(order.payment().problem()).isEqualTo("AMOUNT_MISMATCH: payment 2500 but the order totals 3000 EUR");
        assertThat(order.line("A").allocated()).isEqualTo(3);
        assertThat(driver.paymentActions().actions()).as("nothing to verify").isEmpty();
        assertThat(driver.retryPayment(id).code()).isEqualTo(ResultCode.NOTHING_TO_RETRY);
        assertThat(driver.capture(id).code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);

        driver.cancelOrder(id);
        assertThat(driver.outstanding(id, PaymentActionKind.VOID).reference()).isEqualTo("pi_1");
    }

    @Test
    void anOfflinePaymentOtherThanTheTotalHoldsTheOrderUntilMarkedPaid()
    {
        final long id = driver.ordering().payment(1_000, "EUR").line("A", 2).submit().orderId();
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(driver.order(id).payment().problem()).startsWith("AMOUNT_MISMATCH");

        driver.markPaid(id, "paid 20.00 in store");

        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.order(id).payment().capturedMinor()).isEqualTo(2_000);
    }

    @Test
    void aPaymentInAnotherCurrencyIsRefused()
    {
        assertThat(driver.ordering().stripe("pi_1").payment(3_000, "USD").line("A", 3).submit().code())
            .isEqualTo(ResultCode.CURRENCY_MISMATCH);
        assertThat(driver.inventory("A").atp()).isEqualTo(10);
    }

    /**
     * Issue 4: "Amount and currency must equal the order total; mismatch → the order is not released and says why".
     * A provider that says it authorized less than the total, or another currency, has not verified the payment.
     */
    @Test
    void anAuthorizationThatDoesNotCoverTheTotalInItsCurrencyDoesNotReleaseTheOrder()
    {
        final long less = cardOrder("pi_1");
        driver.reportPayment(verification(less), PaymentOutcome.SUCCEEDED, "requires_capture", 2_500, "EUR", "");
        final long otherCurrency = cardOrder("pi_2");
        driver.reportPayment(verification(otherCurrency), PaymentOutcome.SUCCEEDED, "requires_capture", 3_000, "USD",
            "");
        final long byWebhook = cardOrder("pi_3");
        driver.paymentEvent("evt_1", PaymentEventKind.AUTHORIZED, "pi_3", 2_500);

        final SoftAssertions softly = new SoftAssertions();
        for (final long id : new long[] {less, otherCurrency, byWebhook})
        {
            final OrderViews.Order order = driver.order(id);
            softly.assertThat(order.status()).as("order %d (%s)", id, order.paymentReference())
                .isEqualTo(OrderStatus.PAYMENT_PENDING);
            softly.assertThat(order.payment().problem()).as("order %d (%s) says why", id, order.paymentReference())
                .isNotEmpty();
        }
        softly.assertAll();
    }

    // ---------------------------------------------------------------- with backorders

    @Test
    void aBackorderedCardOrderIsReadyOnlyWhenBothFilledAndAuthorized()
    {
        final long authorizedFirst = driver.ordering().stripe("pi_1").line("BO", 3).submit().orderId();
        final long filledFirst = driver.ordering().customer("c-2").stripe("pi_2").line("BO", 1).submit().orderId();
        assertThat(driver.order(authorizedFirst).status()).isEqualTo(OrderStatus.PARTIALLY_ALLOCATED);
        assertThat(driver.order(filledFirst).status()).isEqualTo(OrderStatus.BACKORDERED);

        driver.reportPayment(verification(authorizedFirst), PaymentOutcome.SUCCEEDED);
        assertThat(driver.order(authorizedFirst).status()).as("authorized, still waiting for stock")
            .isEqualTo(OrderStatus.PARTIALLY_ALLOCATED);

        driver.adjust("BO", "wh-sg", 2, Codes.AdjustmentReason.RECEIPT);
        assertThat(driver.order(authorizedFirst).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.orderEvents(authorizedFirst).statuses()).containsExactly(OrderStatus.CREATED,
            OrderStatus.PARTIALLY_ALLOCATED, OrderStatus.ALLOCATED, OrderStatus.READY_TO_RELEASE);
        assertThat(driver.order(filledFirst).status()).as("filled, still waiting for the card")
            .isEqualTo(OrderStatus.PAYMENT_PENDING);

        driver.reportPayment(verification(filledFirst), PaymentOutcome.SUCCEEDED);
        assertThat(driver.order(filledFirst).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.orderEvents(filledFirst).statuses()).containsExactly(OrderStatus.CREATED,
            OrderStatus.BACKORDERED, OrderStatus.ALLOCATED, OrderStatus.PAYMENT_PENDING, OrderStatus.READY_TO_RELEASE);
        assertThat(driver.checkInvariants()).isNull();
    }
}
