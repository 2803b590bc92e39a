package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.PaymentOutcome;
import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.FakeProvider;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.PaymentOpRunner;
import ordo.engine.testing.PaymentOpRunner.Applied;
import ordo.engine.testing.PaymentOpRunner.Placed;
import ordo.engine.testing.RandomPayments;
import ordo.engine.testing.RandomPayments.Op;

/**
 * Random streams mixing orders (card and offline, suspicious and not), cancellations, fraud reviews, captures,
 * retries, the adapter's reports with random outcomes, lost reports, webhooks late, out of order and twice, receipts,
 * rule changes and time, against a provider that applies each idempotency key once. After every command: the engine's
 * own invariants hold; no action succeeds twice; a report or webhook answered as already applied changed nothing; a
 * card order's captured − refunded is never negative nor above what was authorized, and the engine never believes
 * more was captured or refunded than the provider did; a REJECTED or CANCELLED order holds no units; a card order is
 * never released before its card was authorized; an order waiting in PAYMENT_PENDING shows a problem or has a payment
 * action outstanding (orders with a free gift reach "nothing open to pay for", rules version 16). At the end a
 * snapshot restores the same state.
 */
class PaymentInvariantPropertyTest
{
    @Provide
    Arbitrary<List<Op>> streams()
    {
        return RandomPayments.streams(10, 100);
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void moneyStockAndTheOutboxStayConsistentAfterEveryCommand(@ForAll("streams") final List<Op> ops)
    {
        final EngineDriver driver = new EngineDriver();
        final PaymentOpRunner runner = new PaymentOpRunner(driver);
        runner.setUp();
        final Map<Long, Integer> successes = new HashMap<>();
        for (final Op op : ops)
        {
            final Applied applied = runner.apply(op);
            if (applied.isCommand())
            {
                check(driver, runner, applied, successes);
                Statistics.label("commands").collect(applied.cmd().commandType(), applied.result().code());
            }
        }

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        restored.at(driver.now());
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(restored.queryPaymentActions(0, 1_000)).isEqualTo(driver.queryPaymentActions(0, 1_000));
        for (final Placed placed : runner.orders())
        {
            assertThat(restored.queryOrder(placed.id())).isEqualTo(driver.queryOrder(placed.id()));
            final OrderViews.Order order = driver.order(placed.id());
            Statistics.label("final status").collect(order.status());
            Statistics.label("final payment").collect(order.payment().status());
        }
    }

    private static void check(final EngineDriver driver, final PaymentOpRunner runner, final Applied applied,
        final Map<Long, Integer> successes)
    {
        final String after = applied.op() + " → " + applied.cmd() + " → " + applied.result();
        assertThat(driver.checkInvariants()).as(after).isNull();

        if (applied.cmd() instanceof Cmd.PaymentActionResult report && applied.result().isOk())
        {
            if (applied.result().applied() == 1 && report.outcome() == PaymentOutcome.SUCCEEDED)
            {
                assertThat(successes.merge(report.actionId(), 1, Integer::sum)).as("successes of action %d: %s",
                    report.actionId(), after).isEqualTo(1);
            }
            if (applied.result().applied() == 0)
            {
                assertThat(driver.stateHash()).as("a second report changes nothing: %s", after)
                    .isEqualTo(applied.hashBefore());
            }
        }
        if (applied.cmd() instanceof Cmd.PaymentEvent && applied.result().isOk() && applied.result().applied() == 0)
        {
            assertThat(driver.stateHash()).as("a duplicate webhook changes nothing: %s", after)
                .isEqualTo(applied.hashBefore());
        }

        final FakeProvider provider = runner.provider();
        for (final Placed placed : runner.orders())
        {
            final OrderViews.Order order = driver.order(placed.id());
            if (order.status() == OrderStatus.REJECTED || order.status() == OrderStatus.CANCELLED)
            {
                for (final OrderViews.OrderLine line : order.lines())
                {
                    assertThat(line.allocated() + line.backordered()).as("%s order %d holds %s after %s",
                        order.status(), order.id(), line, after).isZero();
                }
            }
            if (placed.reference() != null)
            {
                final OrderViews.Payment payment = order.payment();
                final long kept = payment.capturedMinor() - payment.refundedMinor();
                assertThat(kept).as("order %d captured − refunded (%s) after %s", order.id(), payment, after)
                    .isBetween(0L, payment.authorizedMinor());
                assertThat(payment.capturedMinor()).as("order %d captured as the provider did, after %s", order.id(),
                    after).isLessThanOrEqualTo(provider.capturedMinor(placed.reference()));
                assertThat(payment.refundedMinor()).as("order %d refunded as the provider did, after %s", order.id(),
                    after).isLessThanOrEqualTo(provider.refundedMinor(placed.reference()));
                // Never released on a card that was never verified (review: nothing left to pay, released early).
                if (order.status() == OrderStatus.READY_TO_RELEASE)
                {
                    assertThat(payment.authorizedMinor() + payment.capturedMinor()).as("order %d released unverified "
                        + "after %s: %s", order.id(), after, payment).isPositive();
                }
            }
            final boolean unitsOpen = order.lines().stream().anyMatch(l -> l.qty() > l.cancelled());
            if (unitsOpen && order.openTotalMinor() == 0)
            {
                Statistics.label("nothing to pay, units open").collect(placed.reference() != null ? "card" : "offline",
                    order.status());
            }
            // Never held without a reason: a problem shown, or a payment action still to answer (review: held for
            // good with none).
            if (order.status() == OrderStatus.PAYMENT_PENDING)
            {
                assertThat(!order.payment().problem().isEmpty() || !driver.paymentActions().of(order.id()).isEmpty())
                    .as("order %d held with no reason after %s: %s", order.id(), after, order.payment()).isTrue();
            }
        }
    }
}
