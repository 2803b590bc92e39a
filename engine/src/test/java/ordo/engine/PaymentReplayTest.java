package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.PaymentActionKind;
import ordo.engine.Codes.PaymentEventKind;
import ordo.engine.Codes.PaymentOutcome;
import ordo.engine.testing.Cmd;
import ordo.engine.testing.CommandLog;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.FraudRuleSets;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Query;
import ordo.engine.testing.Result;

/**
 * Payments and fraud are engine state: the outbox of outstanding actions survives a restart with the same ids (so
 * the adapter re-issues them under the same idempotency keys and a second report changes nothing), and replaying a
 * command log with payment results, webhooks, reviews and rule changes reproduces the state hash and every view byte
 * for byte: the outcomes are in the log, so replay never needs a provider.
 */
class PaymentReplayTest
{
    private static long verify(final EngineDriver d, final long id)
    {
        return d.outstanding(id, PaymentActionKind.VERIFY).actionId();
    }

    private static long card(final EngineDriver d, final String customer, final String reference, final String... lines)
    {
        final ordo.engine.testing.OrderBuilder order = d.ordering().customer(customer).stripe(reference);
        for (final String line : lines)
        {
            final String[] parts = line.split(":");
            order.line(parts[0], Integer.parseInt(parts[1]));
        }
        final Result placed = order.submit();
        assertThat(placed.code()).as("%s", placed).isEqualTo(ResultCode.OK);
        return placed.orderId();
    }

    @Test
    void outstandingActionsSurviveASnapshotRestoreWithTheirIdsAndKeys()
    {
        final EngineDriver live = new EngineDriver();
        SgNetwork.define(live);
        stock(live, "A", "wh-sg", 20);
        final long unverified = card(live, "c-1", "pi_1", "A:1");
        final long capturing = card(live, "c-2", "pi_2", "A:4");
        live.reportPayment(verify(live, capturing), PaymentOutcome.SUCCEEDED);
        live.capture(capturing);
        final long refunding = card(live, "c-3", "pi_3", "A:2");
        live.reportPayment(verify(live, refunding), PaymentOutcome.SUCCEEDED);
        live.capture(refunding);
        live.reportPayment(live.outstanding(refunding, PaymentActionKind.CAPTURE).actionId(), PaymentOutcome.SUCCEEDED);
        live.cancelOrder(refunding, "A:1");
        final long voiding = card(live, "c-4", "pi_4", "A:1");
        live.reportPayment(verify(live, voiding), PaymentOutcome.SUCCEEDED);
        live.cancelOrder(voiding);
        final long erred = card(live, "c-5", "pi_5", "A:1");
        final long erredAction = verify(live, erred);
        live.reportPayment(erredAction, PaymentOutcome.ERROR);
        final OrderViews.PaymentActions outbox = live.paymentActions();
        assertThat(outbox.actions()).extracting(OrderViews.PaymentAction::kind).containsExactly(
            PaymentActionKind.VERIFY, PaymentActionKind.CAPTURE, PaymentActionKind.REFUND, PaymentActionKind.VOID);

        final EngineDriver restarted = EngineDriver.restore(live.snapshot());

        assertThat(restarted.stateHash()).isEqualTo(live.stateHash());
        assertThat(restarted.queryPaymentActions(0, 1_000)).isEqualTo(live.queryPaymentActions(0, 1_000));
        assertThat(restarted.paymentActions()).isEqualTo(outbox);
        final OrderViews.PaymentAction capture = restarted.outstanding(capturing, PaymentActionKind.CAPTURE);
        assertThat(capture.idempotencyKey()).isEqualTo(live.outstanding(capturing, PaymentActionKind.CAPTURE)
            .idempotencyKey());
        assertThat(unverified).isPositive();

        // The adapter re-issues the capture under the same key; the provider captured once and says so, maybe twice.
        assertThat(restarted.reportPayment(capture.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 4_000, "EUR", "")
            .applied()).isEqualTo(1);
        assertThat(restarted.reportPayment(capture.actionId(), PaymentOutcome.SUCCEEDED, "succeeded", 4_000, "EUR", "")
            .applied()).isZero();
        assertThat(restarted.order(capturing).payment().capturedMinor()).isEqualTo(4_000);
        assertThat(restarted.paymentActions().of(capturing)).as("nothing left to re-issue").isEmpty();

        // What had erred is re-opened after the restart under its old id.
        restarted.retryPayment(erred);
        assertThat(restarted.outstanding(erred, PaymentActionKind.VERIFY).actionId()).isEqualTo(erredAction);

        // A snapshot taken after the capture was reported no longer lists it: nobody would capture again.
        final EngineDriver again = EngineDriver.restore(restarted.snapshot());
        assertThat(again.paymentActions().of(capturing)).isEmpty();
        assertThat(again.stateHash()).isEqualTo(restarted.stateHash());
    }

    @Test
    void replayingTheLogReproducesPaymentsAndFraudByteForByte()
    {
        final EngineDriver live = new EngineDriver();
        final List<Long> orders = scriptedDay(live);

        final EngineDriver fresh = new EngineDriver();
        final List<Result> replies = live.log().replayInto(fresh);

        assertThat(replies).isEqualTo(live.results());
        assertThat(fresh.events()).isEqualTo(live.events());
        sameAnswers(fresh, live, orders);
        assertThat(fresh.snapshot()).isEqualTo(live.snapshot());
    }

    @Test
    void aSnapshotAtAnyPointPlusTheRestOfTheLogGivesTheSameState()
    {
        final EngineDriver live = new EngineDriver();
        final List<Long> orders = scriptedDay(live);

        for (long cut = 0; cut <= live.seq(); cut += 3)
        {
            final EngineDriver prefix = new EngineDriver();
            CommandLog.replayInto(prefix, live.log().entries().subList(0, (int)cut));
            final EngineDriver restored = EngineDriver.restore(prefix.snapshot());
            assertThat(restored.stateHash()).as("restored at %d", cut).isEqualTo(prefix.stateHash());
            assertThat(CommandLog.replayInto(restored, live.log().after(cut))).as("replies after %d", cut)
                .isEqualTo(live.results().subList((int)cut, live.results().size()));
            sameAnswers(restored, live, orders);
        }
    }

    @Test
    void theJournalDescriberReadsEveryPaymentAndFraudCommand()
    {
        final EngineDriver live = new EngineDriver();
        scriptedDay(live);

        for (final CommandLog.Entry entry : live.log().entries())
        {
            final byte[] payload = entry.payload();
            assertThat(CommandDescriber.describe(entry.type(), new org.agrona.concurrent.UnsafeBuffer(payload), 0,
                payload.length)).as("%s", entry).doesNotContainKey("malformed");
            assertThat(CommandDescriber.describe(entry.type(), new org.agrona.concurrent.UnsafeBuffer(payload), 0,
                payload.length - 1)).as("%s cut by one byte", entry).containsEntry("malformed", true);
        }
        final CommandLog.Entry review = live.log().entries().stream()
            .filter(e -> e.type() == CommandType.FRAUD_REVIEW).findFirst().orElseThrow();
        final byte[] payload = review.payload();
        assertThat(CommandDescriber.describe(review.type(), new org.agrona.concurrent.UnsafeBuffer(payload), 0,
            payload.length)).containsEntry("decision", "APPROVE").containsEntry("reviewer", "alice")
            .containsEntry("note", "known customer");
    }

    private static void sameAnswers(final EngineDriver other, final EngineDriver live, final List<Long> orders)
    {
        other.at(live.now());
        assertThat(other.stateHash()).isEqualTo(live.stateHash());
        for (final long id : orders)
        {
            assertThat(other.queryOrder(id)).as("order %d", id).isEqualTo(live.queryOrder(id));
            assertThat(other.queryOrderEvents(id)).as("events of %d", id).isEqualTo(live.queryOrderEvents(id));
            assertThat(other.querySourcing(id)).as("sourcing of %d", id).isEqualTo(live.querySourcing(id));
        }
        assertThat(other.queryPaymentActions(0, 1_000)).isEqualTo(live.queryPaymentActions(0, 1_000));
        assertThat(other.query(new Query.FraudRules())).isEqualTo(live.query(new Query.FraudRules()));
        assertThat(other.query(new Query.Orders("", null, "", 0, 1_000, List.of())))
            .isEqualTo(live.query(new Query.Orders("", null, "", 0, 1_000, List.of())));
    }

    /**
     * A day with every payment and fraud command: rules set and changed, orders passed, reviewed (approved and
     * rejected) and rejected outright, every adapter outcome, a retry, captures, webhooks (one duplicate, one for an
     * unknown reference), refunds and voids from cancellations, mark-paid, and time passing through velocity windows.
     */
    private static List<Long> scriptedDay(final EngineDriver d)
    {
        SgNetwork.define(d);
        stock(d, "A", "wh-sg", 40);
        stock(d, "B", "wh-kl", 10);
        stock(d, "BO", "wh-sg", 1);
        d.setFraudRules(FraudRuleSets.quiet().countryMismatch(60).velocity(0, 30, 2, 40).blockedPoints(100)
            .blockEmail("fraud@example.com").build());
        final List<Long> orders = new ArrayList<>();

        final long passed = card(d, "c-1", "pi_1", "A:3", "B:1");
        orders.add(passed);
        d.advance(MINUTE).reportPayment(verify(d, passed), PaymentOutcome.SUCCEEDED, "requires_capture", 4_000, "EUR",
            "");
        d.capture(passed);
        d.paymentEvent("evt_1", PaymentEventKind.CAPTURED, "pi_9", 4_000);
        d.reportPayment(d.outstanding(passed, PaymentActionKind.CAPTURE).actionId(), PaymentOutcome.SUCCEEDED);
        d.advance(MINUTE).cancelOrder(passed, "A:1");

        final long reviewed = d.ordering().customer("c-2").billingCountry("MY").stripe("pi_2").line("A", 2).submit()
            .orderId();
        orders.add(reviewed);
        d.paymentEvent("evt_2", PaymentEventKind.AUTHORIZED, "pi_2", 2_000);
        d.paymentEvent("evt_2", PaymentEventKind.AUTHORIZED, "pi_2", 2_000);
        d.advance(MINUTE).approve(reviewed, "alice", "known customer");

        final long rejectedInReview = d.ordering().customer("c-3").billingCountry("MY").line("A", 5).submit()
            .orderId();
        orders.add(rejectedInReview);
        final long backorder = d.ordering().customer("c-4").stripe("pi_4").line("BO", 2).submit().orderId();
        orders.add(backorder);
        d.reject(rejectedInReview, "bob", "");

        orders.add(d.ordering().customer("c-5").email("Fraud@Example.com").stripe("pi_5").line("A", 1).submit()
            .orderId());

        final long declined = card(d, "c-6", "pi_6", "A:2");
        orders.add(declined);
        d.reportPayment(verify(d, declined), PaymentOutcome.DECLINED, "card_declined", 0, "EUR", "");

        final long erred = card(d, "c-7", "pi_7", "A:1");
        orders.add(erred);
        d.reportPayment(verify(d, erred), PaymentOutcome.ERROR, "http_503", 0, "EUR", "unavailable");
        d.advance(10 * MINUTE).retryPayment(erred);
        d.reportPayment(verify(d, erred), PaymentOutcome.MISMATCH, "requires_capture", 900, "EUR", "");

        for (int i = 0; i < 3; i++)
        {
            orders.add(d.advance(5 * MINUTE).ordering().customer("busy").line("A", 1).submit().orderId());
        }
        final long offline = d.ordering().customer("c-8").line("A", 2).submit().orderId();
        orders.add(offline);
        d.markPaid(offline, "cash");
        d.adjust("BO", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT);
        d.reportPayment(verify(d, backorder), PaymentOutcome.SUCCEEDED);

        d.setFraudRules(FraudRules.DEFAULT);
        d.advance(40 * MINUTE);
        orders.add(d.ordering().customer("busy").line("A", 1).submit().orderId());
        d.cancelOrder(reviewed);
        d.paymentEvent("evt_3", PaymentEventKind.REFUNDED, "pi_1", 1_000);

        // Refunds learnt before their captures: REFUND_EXCEEDS_CAPTURE is derived from the money, not stored, so the
        // cuts that fall inside these gaps check that a restored engine shows it and holds the order the same.
        final long gap = card(d, "c-9", "pi_10", "A:2");
        orders.add(gap);
        d.paymentEvent("evt_10", PaymentEventKind.AUTHORIZED, "pi_10", 2_000);
        d.paymentEvent("evt_11", PaymentEventKind.REFUNDED, "pi_10", 500);
        d.paymentEvent("evt_12", PaymentEventKind.REFUNDED, "pi_10", 700);
        assertThat(d.order(gap).payment().problem()).startsWith("REFUND_EXCEEDS_CAPTURE: ");
        d.advance(MINUTE).cancelOrder(gap, "A:1");
        d.paymentEvent("evt_13", PaymentEventKind.CAPTURED, "pi_10", 2_000);
        final long offlineGap = d.ordering().customer("c-10").offline("pos-1").line("A", 1).submit().orderId();
        orders.add(offlineGap);
        d.apply(new Cmd.PaymentEvent("offline", "pos-evt-1", PaymentEventKind.REFUNDED, "pos-1", 400, "EUR"));
        assertThat(d.order(offlineGap).status()).isEqualTo(OrderStatus.PAYMENT_PENDING);
        d.advance(MINUTE).tick();
        d.markPaid(offlineGap, "cash");
        d.tick();

        for (final long id : orders)
        {
            assertThat(id).isPositive();
        }
        assertThat(d.order(passed).payment().refundedMinor()).isEqualTo(1_000);
        assertThat(d.order(rejectedInReview).status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(d.order(backorder).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(d.order(gap).payment().problem()).isEmpty();
        assertThat(d.order(offlineGap).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(d.checkInvariants()).isNull();
        return orders;
    }
}
