package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.FraudDecision;
import ordo.engine.Codes.OrderEventType;
import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.PaymentActionKind;
import ordo.engine.Codes.PaymentOutcome;
import ordo.engine.Codes.PaymentStatus;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.FraudRuleSets;
import ordo.engine.testing.OrderBuilder;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/**
 * An order scoring at or above the review threshold waits in FRAUD_REVIEW with its stock allocated and nothing
 * captured; a reviewer approves it (it moves on to payment or release) or rejects it (REJECTED, stock back at once,
 * the authorization voided). Who decided, and why, is on the order and its timeline.
 */
class FraudReviewTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10);
        stock(driver, "BO", "wh-sg", 2);
        // A billing country other than the ship-to country alone reaches review; nothing else scores.
        assertThat(driver.setFraudRules(FraudRuleSets.quiet().countryMismatch(60).build()).code())
            .isEqualTo(ResultCode.OK);
    }

    private OrderBuilder suspicious(final String customer)
    {
        return driver.ordering().customer(customer).billingCountry("MY");
    }

    private long placed(final OrderBuilder order, final OrderStatus expected)
    {
        final Result result = order.submit();
        assertThat(result.code()).as("%s", result).isEqualTo(ResultCode.OK);
        assertThat(result.order().status()).isEqualTo(expected);
        return result.orderId();
    }

    @Test
    void anOrderInReviewKeepsItsStockAndNothingIsCaptured()
    {
        final long id = placed(suspicious("c-1").stripe("pi_1").line("A", 3), OrderStatus.FRAUD_REVIEW);

        final OrderViews.Order order = driver.order(id);
        assertThat(order.fraud().decision()).isEqualTo(FraudDecision.REVIEW);
        assertThat(order.fraud().score()).isEqualTo(60);
        assertThat(order.line("A").allocated()).isEqualTo(3);
        assertThat(driver.inventory("A").allocated()).isEqualTo(3);
        assertThat(driver.inventory("A").atp()).isEqualTo(7);

        assertThat(driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(),
            PaymentOutcome.SUCCEEDED).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).status()).as("an authorized card does not end the review")
            .isEqualTo(OrderStatus.FRAUD_REVIEW);
        assertThat(driver.capture(id).code()).isEqualTo(ResultCode.PAYMENT_NOT_CAPTURABLE);
        assertThat(driver.paymentActions().of(id)).isEmpty();
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void approvingACardOrderNotYetVerifiedMovesItOnToPaymentPending()
    {
        final long id = placed(suspicious("c-1").stripe("pi_1").line("A", 3), OrderStatus.FRAUD_REVIEW);

        final Result approved = driver.approve(id, "alice", "called the customer");

        assertThat(approved.code()).isEqualTo(ResultCode.OK);
        assertThat(approved.applied()).isEqualTo(1);
        assertThat(approved.order().status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        assertThat(approved.order().fraud().decision()).isEqualTo(FraudDecision.APPROVED);
        assertThat(approved.order().line("A").allocated()).as("stock kept").isEqualTo(3);
        assertThat(driver.inventory("A").atp()).isEqualTo(7);

        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.orderEvents(id).statuses()).containsExactly(OrderStatus.CREATED, OrderStatus.ALLOCATED,
            OrderStatus.FRAUD_REVIEW, OrderStatus.PAYMENT_PENDING, OrderStatus.READY_TO_RELEASE);
    }

    @Test
    void approvingAnOrderWhoseCardWasAuthorizedDuringReviewMakesItReadyToRelease()
    {
        final long id = placed(suspicious("c-1").stripe("pi_1").line("A", 3), OrderStatus.FRAUD_REVIEW);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED);

        assertThat(driver.approve(id, "alice", "").order().status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.capture(id).code()).as("capturable once approved").isEqualTo(ResultCode.OK);
    }

    @Test
    void approvingAnOfflineOrderMakesItReadyToRelease()
    {
        final long id = placed(suspicious("c-1").line("A", 2), OrderStatus.FRAUD_REVIEW);

        assertThat(driver.approve(id, "alice", "").order().status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.paymentActions().actions()).isEmpty();
    }

    /**
     * The units are allocated when the order is placed, before it is screened, and they stay allocated (out of ATP)
     * while it waits for its review: the timeline shows that status before FRAUD_REVIEW, as the API's status order
     * (CREATED → ALLOCATED | PARTIALLY_ALLOCATED | BACKORDERED → FRAUD_REVIEW? → …) has it.
     */
    @Test
    void anOrderSentToReviewShowsItsStockAllocatedFirst()
    {
        final Result placed = suspicious("c-1").line("A", 3).submit();

        final OrderViews.OrderEvents timeline = driver.orderEvents(placed.orderId());
        assertThat(timeline.statuses()).containsExactly(OrderStatus.CREATED, OrderStatus.ALLOCATED,
            OrderStatus.FRAUD_REVIEW);
        assertThat(timeline.events()).allMatch(e -> e.seq() == placed.seq());
        assertThat(driver.inventory("A").allocated()).isEqualTo(3);
    }

    @Test
    void anOrderSentToReviewWaitingForStockShowsWhatItWaitsFor()
    {
        final long partly = placed(suspicious("c-1").line("BO", 3), OrderStatus.FRAUD_REVIEW);
        final long wholly = placed(suspicious("c-2").line("BO", 1), OrderStatus.FRAUD_REVIEW);

        assertThat(driver.orderEvents(partly).statuses()).containsExactly(OrderStatus.CREATED,
            OrderStatus.PARTIALLY_ALLOCATED, OrderStatus.FRAUD_REVIEW);
        assertThat(driver.orderEvents(wholly).statuses()).containsExactly(OrderStatus.CREATED,
            OrderStatus.BACKORDERED, OrderStatus.FRAUD_REVIEW);
    }

    /** Stock that arrives during the review completes the allocation: approval shows it before the next gate. */
    @Test
    void approvingAnOrderFilledDuringItsReviewShowsItAllocatedOnTheWay()
    {
        final long id = placed(suspicious("c-1").line("BO", 3), OrderStatus.FRAUD_REVIEW);
        driver.adjust("BO", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT);
        assertThat(driver.order(id).status()).as("still in review").isEqualTo(OrderStatus.FRAUD_REVIEW);

        assertThat(driver.approve(id, "alice", "").order().status()).isEqualTo(OrderStatus.READY_TO_RELEASE);

        assertThat(driver.orderEvents(id).statuses()).containsExactly(OrderStatus.CREATED,
            OrderStatus.PARTIALLY_ALLOCATED, OrderStatus.FRAUD_REVIEW, OrderStatus.ALLOCATED,
            OrderStatus.READY_TO_RELEASE);
    }

    @Test
    void approvingAnOrderStillWaitingForStockLeavesItWaiting()
    {
        final long id = placed(suspicious("c-1").line("BO", 3), OrderStatus.FRAUD_REVIEW);

        assertThat(driver.approve(id, "alice", "").order().status()).isEqualTo(OrderStatus.PARTIALLY_ALLOCATED);

        driver.adjust("BO", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    @Test
    void rejectingInReviewGivesTheStockBackAtOnceAndVoidsTheAuthorization()
    {
        final long id = placed(suspicious("c-1").stripe("pi_1").line("BO", 2).line("A", 4), OrderStatus.FRAUD_REVIEW);
        driver.reportPayment(driver.outstanding(id, PaymentActionKind.VERIFY).actionId(), PaymentOutcome.SUCCEEDED);
        final long waiting = placed(driver.ordering().customer("c-2").line("BO", 1), OrderStatus.BACKORDERED);

        final Result rejected = driver.reject(id, "bob", "stolen card");

        assertThat(rejected.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Order order = driver.order(id);
        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.fraud().decision()).isEqualTo(FraudDecision.REJECTED_BY_REVIEW);
        assertThat(order.lines()).extracting(OrderViews.OrderLine::cancelled).containsExactly(2, 4);
        assertThat(order.allocations()).isEmpty();
        assertThat(driver.inventory("A").atp()).isEqualTo(10);
        assertThat(driver.order(waiting).status()).as("the waiting backorder is filled in the same step")
            .isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.order(waiting).allocations().get(0).allocatedAt()).isEqualTo(rejected.timeMillis());
        final OrderViews.PaymentAction voiding = driver.outstanding(id, PaymentActionKind.VOID);
        assertThat(voiding.reference()).isEqualTo("pi_1");
        assertThat(driver.paymentActions().of(id)).containsExactly(voiding);

        driver.reportPayment(voiding.actionId(), PaymentOutcome.SUCCEEDED);
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.VOIDED);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void rejectingACardOrderInReviewBeforeItsVerificationAnswersStillVoids()
    {
        final long id = placed(suspicious("c-1").stripe("pi_1").line("A", 1), OrderStatus.FRAUD_REVIEW);

        driver.reject(id, "bob", "");

        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(driver.paymentActions().of(id)).extracting(OrderViews.PaymentAction::kind)
            .containsExactly(PaymentActionKind.VERIFY, PaymentActionKind.VOID);
    }

    @Test
    void reviewingAnOrderThatIsNotInReviewIsRefusedAndChangesNothing()
    {
        final long passed = placed(driver.ordering().customer("c-1").line("A", 1), OrderStatus.READY_TO_RELEASE);
        final long reviewed = placed(suspicious("c-2").line("A", 1), OrderStatus.FRAUD_REVIEW);
        driver.approve(reviewed, "alice", "");
        final long hash = driver.stateHash();

        assertThat(driver.approve(passed, "alice", "").code()).isEqualTo(ResultCode.ORDER_NOT_IN_REVIEW);
        assertThat(driver.reject(passed, "alice", "").code()).isEqualTo(ResultCode.ORDER_NOT_IN_REVIEW);
        assertThat(driver.reject(reviewed, "bob", "second thoughts").code()).as("decided already")
            .isEqualTo(ResultCode.ORDER_NOT_IN_REVIEW);
        assertThat(driver.approve(999_999, "alice", "").code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);

        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.order(reviewed).fraud().reviewer()).isEqualTo("alice");
    }

    @Test
    void aReviewRetriedUnderItsIdempotencyKeyAnswersTheFirstDecisionAgain()
    {
        final long id = placed(suspicious("c-1").line("A", 1), OrderStatus.FRAUD_REVIEW);
        final Result first = driver.withIdempotency(41, 42).approve(id, "alice", "ok");
        final long hash = driver.stateHash();

        final Result again = driver.withIdempotency(41, 42).approve(id, "alice", "ok");

        assertThat(again.replayed()).isTrue();
        assertThat(again.withoutSeqAndTime()).isEqualTo(new Result(first.code(), first.entityId(), first.a(),
            first.b(), first.c(), first.d(), true, 0, 0, first.data()));
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.withIdempotency(41, 43).reject(id, "alice", "changed").code())
            .isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
    }

    @Test
    void aReviewerMustBeNamed()
    {
        final long id = placed(suspicious("c-1").line("A", 1), OrderStatus.FRAUD_REVIEW);

        assertThat(driver.approve(id, "", "").code()).isEqualTo(ResultCode.INVALID_ID);
        assertThat(driver.approve(id, "has space", "").code()).isEqualTo(ResultCode.INVALID_ID);
        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.FRAUD_REVIEW);
    }

    @Test
    void theDecisionItsReviewerAndNoteAreOnTheOrderAndItsTimeline()
    {
        final long approvedId = placed(suspicious("c-1").line("A", 1), OrderStatus.FRAUD_REVIEW);
        final long rejectedId = placed(suspicious("c-2").line("A", 1), OrderStatus.FRAUD_REVIEW);

        final Result approval = driver.approve(approvedId, "alice", "called the customer: genuine");
        final Result rejection = driver.reject(rejectedId, "bob", "");

        final OrderViews.Fraud approved = driver.order(approvedId).fraud();
        assertThat(approved.reviewer()).isEqualTo("alice");
        assertThat(approved.note()).isEqualTo("called the customer: genuine");
        assertThat(approved.score()).as("the score stays as screened").isEqualTo(60);
        final OrderViews.OrderEvent approvalEvent = driver.orderEvents(approvedId)
            .ofType(OrderEventType.FRAUD_REVIEWED).get(0);
        assertThat(approvalEvent.note()).isEqualTo("APPROVE by alice: called the customer: genuine");
        assertThat(approvalEvent.seq()).isEqualTo(approval.seq());
        assertThat(approvalEvent.qty()).isEqualTo(60);

        final OrderViews.Fraud rejected = driver.order(rejectedId).fraud();
        assertThat(rejected.reviewer()).isEqualTo("bob");
        assertThat(rejected.note()).isEmpty();
        final OrderViews.OrderEvents timeline = driver.orderEvents(rejectedId);
        assertThat(timeline.ofType(OrderEventType.FRAUD_REVIEWED)).extracting(OrderViews.OrderEvent::note)
            .containsExactly("REJECT by bob");
        assertThat(timeline.ofType(OrderEventType.FRAUD_REVIEWED).get(0).seq()).isEqualTo(rejection.seq());
        assertThat(timeline.statuses()).containsExactly(OrderStatus.CREATED, OrderStatus.ALLOCATED,
            OrderStatus.FRAUD_REVIEW, OrderStatus.REJECTED);
        assertThat(timeline.ofType(OrderEventType.UNITS_CANCELLED)).extracting(OrderViews.OrderEvent::note)
            .containsExactly("rejected in fraud review by bob");
    }

    @Test
    void anOrderInReviewMayBeCancelledAndItsAuthorizationIsVoided()
    {
        final long id = placed(suspicious("c-1").stripe("pi_1").line("A", 2), OrderStatus.FRAUD_REVIEW);

        assertThat(driver.cancelOrder(id).code()).isEqualTo(ResultCode.OK);

        assertThat(driver.order(id).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(driver.inventory("A").atp()).isEqualTo(10);
        assertThat(driver.outstanding(id, PaymentActionKind.VOID).amountMinor()).isZero();
        assertThat(driver.approve(id, "alice", "").code()).isEqualTo(ResultCode.ORDER_NOT_IN_REVIEW);
    }

    /** A rejection is told to the event sink as ORDER_REJECTED, at the rejection's sequence, for that order. */
    @Test
    void aRejectionIsAnOrderRejectedEvent()
    {
        final long id = placed(suspicious("c-1").line("A", 1), OrderStatus.FRAUD_REVIEW);

        final Result rejection = driver.reject(id, "bob", "stolen card");

        assertThat(driver.events()).filteredOn(e -> e.type() == EventType.ORDER_REJECTED)
            .containsExactly(new ordo.engine.testing.Event(EventType.ORDER_REJECTED, rejection.seq(), driver.now(), id));
    }
}
