package ordo.engine;

import java.nio.charset.StandardCharsets;

/**
 * Where an order goes next, in one place: its status from its units, fraud verdict and payment; giving units back
 * (cancellation, rejection); and the payment actions those moves call for. Order of the gates (issue 4):
 * capture → allocate → fraud screen → payment verification → READY_TO_RELEASE.
 *
 * <pre>
 *   CANCELLED / REJECTED / released: final here
 *   nothing open                     → CANCELLED
 *   fraud verdict REVIEW             → FRAUD_REVIEW        (stock stays allocated, nothing captured)
 *   units backordered                → PARTIALLY_ALLOCATED | BACKORDERED
 *   payment not cleared              → PAYMENT_PENDING     (card not yet authorized, or a payment problem)
 *   otherwise                        → READY_TO_RELEASE
 * </pre>
 */
final class OrderFlow
{
    private final OrderBook orders;
    private final ReservationBook reservations;
    private final PaymentBook payments;
    private final EventSink events;

    OrderFlow(final OrderBook orders, final ReservationBook reservations, final PaymentBook payments,
        final EventSink events)
    {
        this.orders = orders;
        this.reservations = reservations;
        this.payments = payments;
        this.events = events;
    }

    static boolean isFinal(final Codes.OrderStatus status)
    {
        return status == Codes.OrderStatus.CANCELLED || status == Codes.OrderStatus.REJECTED ||
            status.code() > Codes.OrderStatus.READY_TO_RELEASE.code();
    }

    /** The status the order's state calls for (see the class comment); final statuses stay. */
    static Codes.OrderStatus expectedStatus(final Order o)
    {
        if (isFinal(o.status))
        {
            return o.status;
        }
        final Codes.OrderStatus units = o.statusFromUnits();
        if (units == Codes.OrderStatus.CANCELLED)
        {
            return Codes.OrderStatus.CANCELLED;
        }
        if (o.fraudDecision == Codes.FraudDecision.REVIEW)
        {
            return Codes.OrderStatus.FRAUD_REVIEW;
        }
        if (units != Codes.OrderStatus.ALLOCATED)
        {
            return units;
        }
        return o.paymentCleared() ? Codes.OrderStatus.READY_TO_RELEASE : Codes.OrderStatus.PAYMENT_PENDING;
    }

    /**
     * Moves the order to its expected status. Before a gate (FRAUD_REVIEW, PAYMENT_PENDING, READY_TO_RELEASE) the
     * timeline shows where the units stand (ALLOCATED, or PARTIALLY_ALLOCATED / BACKORDERED for a review) when it
     * has not shown that yet: a newly complete allocation, also one completed while the order waited for its review,
     * and the stock an order holds while it waits for review (it was allocated before it was screened).
     */
    static void settle(final Order o, final long seq, final long now)
    {
        final Codes.OrderStatus target = expectedStatus(o);
        if (target == o.status)
        {
            return;
        }
        if (target == Codes.OrderStatus.FRAUD_REVIEW || target == Codes.OrderStatus.PAYMENT_PENDING ||
            target == Codes.OrderStatus.READY_TO_RELEASE)
        {
            final Codes.OrderStatus units = o.statusFromUnits();
            if (units != o.lastUnitsStatus())
            {
                o.transition(units, seq, now);
            }
        }
        o.transition(target, seq, now);
    }

    /**
     * After placement (units allocated, backordered or dropped; fraud screened): asks for payment verification and
     * applies the fraud verdict.
     */
    void afterPlacement(final Order o, final long seq, final long now)
    {
        final long requested = o.requestedTotalMinor();
        if (o.paymentAmountMinor != requested)
        {
            o.paymentProblem = text(AMOUNT_MISMATCH + ": payment " + o.paymentAmountMinor + " but the order totals " +
                requested + " " + new String(o.currency, StandardCharsets.US_ASCII));
            o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0, o.paymentProblem);
        }
        else if (o.isStripe() && o.fraudDecision != Codes.FraudDecision.REJECTED)
        {
            request(o, Codes.PaymentActionKind.VERIFY, requested, seq, now);
        }
        if (o.fraudDecision == Codes.FraudDecision.REJECTED)
        {
            // Where the units stood when the screen ended the order, as a review shows them before FRAUD_REVIEW: the
            // timeline read CREATED → REJECTED with ALLOCATED events in between (found in review; rules version 4).
            final Codes.OrderStatus units = o.statusFromUnits();
            if (units != Codes.OrderStatus.CANCELLED && units != o.lastUnitsStatus())
            {
                o.transition(units, seq, now);
            }
            reject(o, text("fraud score " + o.fraudScore + " at or above the reject threshold"), seq, now);
            return;
        }
        settle(o, seq, now);
    }

    /**
     * Rejects an order (fraud, declined payment): every open unit is given back at once, it ends REJECTED, and the
     * money is released (void before capture, refund after).
     */
    void reject(final Order o, final byte[] note, final long seq, final long now)
    {
        for (int line = 0; line < o.lineCount; line++)
        {
            cancelUnits(o, line, o.openUnits(line), note, seq, now);
        }
        if (o.returnUnusedCapacity())
        {
            orders.markEveryQueue(); // a full node's day given back may let a waiting backorder go
        }
        o.promisedDeliveryBy = 0; // nothing is delivered (the placement's promise stayed; found in review)
        o.transition(Codes.OrderStatus.REJECTED, seq, now);
        reconcile(o, seq, now);
        events.onEvent(EventType.ORDER_REJECTED, seq, now, o.id);
    }

    /**
     * Takes up to {@code units} of a line off the order's allocations ({@code at} one node, or any when null), most
     * recent allocation first, and gives them back to their stock cells; each allocation taken from is an event of
     * {@code type} on the timeline, with its node and units. Shared by a cancellation and a node's stock falling short
     * ({@link StockShortage}). Answers the units taken.
     */
    static int takeAllocated(final Order order, final int line, final Location at, final int units,
        final Codes.OrderEventType type, final byte[] note, final long seq, final long now)
    {
        final Sku sku = order.sku(line);
        int left = units;
        for (long a = order.lastAllocation; a != RecordArena.NONE && left > 0; a = Order.previousAllocation(a))
        {
            final int there = Order.allocationUnits(a);
            if (Order.allocationLine(a) != line || there == 0 || (at != null && order.allocationLocation(a) != at))
            {
                continue;
            }
            final int take = Math.min(left, there);
            Order.allocationUnits(a, there - take);
            order.allocated(line, order.allocated(line) - take);
            final Location node = order.allocationLocation(a);
            sku.findCell(node).addAllocated(-take, order.channelHash);
            left -= take;
            order.addEvent(seq, now, type, line, node, take, note);
        }
        return units - left;
    }

    /** Backordered units go first, then allocated ones, most recent allocation first. */
    void cancelUnits(final Order order, final int line, final int units, final byte[] note, final long seq,
        final long now)
    {
        if (units == 0)
        {
            return;
        }
        final Sku sku = order.sku(line);
        int left = units;
        final int fromBackorder = Math.min(left, order.backordered(line));
        if (fromBackorder > 0)
        {
            orders.backordered(order, line, order.backordered(line) - fromBackorder);
            left -= fromBackorder;
            order.addEvent(seq, now, Codes.OrderEventType.UNITS_CANCELLED, line, null, fromBackorder, note);
            if (order.backordered(line) == 0)
            {
                // The line waits no more: its queue entry goes now. Left in place, the queue looked non-empty, so a
                // later supply change marked the SKU for a fill that a snapshot-restored engine (whose queues are
                // rebuilt from the lines still backordered) did not mark: the two filled a backorder one command
                // apart and their state hashes parted. Only this entry: compacting the whole queue read every
                // waiting order, so each cancellation cost as much as the queue was long.
                orders.dropBackorder(order, line);
            }
        }
        takeAllocated(order, line, null, left, Codes.OrderEventType.UNITS_CANCELLED, note, seq, now);
        order.cancelled(line, order.cancelled(line) + units);
        orders.ordered().remove(order, sku, units);
        reservations.supply().onSupplyMayHaveGrown(sku);
    }

    /**
     * Brings the money in line with what is still open, after any change to either: the units kept (cancellation,
     * rejection) or the money (a capture, refund or void done, a provider's webhook). Card payments: money held
     * beyond the open total is refunded (net of refunds already asked for); an order with nothing open to pay for
     * and nothing captured has its authorization voided: every unit cancelled, or the units left cost nothing (free
     * goods, or a voucher's share; rules version 16: such an order is cleared for release, {@link
     * Order#paymentCleared}). Nothing is decided while a capture is in flight or ended in
     * an error (its outcome is unknown: a retry under the same key settles it first). Offline payments are settled
     * outside: the refund or void is recorded only.
     */
    void reconcile(final Order o, final long seq, final long now)
    {
        final long open = o.openTotalMinor();
        clearProblemWhenNothingIsOwed(o, open, seq, now);
        if (o.isOfflinePayment())
        {
            final long excess = o.capturedMinor - o.refundedMinor - open;
            if (excess > 0)
            {
                // A refund recorded now is none of those the store reported so far: it adds to their total.
                o.refundedByActions = Math.max(o.refundedByActions, o.refundedReported) + excess;
                o.recomputeMoney();
                PaymentCommands.refundedStatus(o);
                o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0,
                    text("offline refund of " + excess + " recorded"));
            }
            else if (open == 0 && o.capturedMinor == 0 && o.paymentStatus == Codes.PaymentStatus.PENDING)
            {
                o.paymentStatus = Codes.PaymentStatus.VOIDED;
                o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0, text("offline payment voided"));
                clearProblemWhenNothingIsOwed(o, open, seq, now);
            }
            return;
        }
        // A capture in flight or ended in ERROR may have gone through: only a retry under its key settles it.
        if (has(o, Codes.PaymentActionKind.CAPTURE, true) || has(o, Codes.PaymentActionKind.VOID, true))
        {
            return;
        }
        final byte[] refusal = standingRefusal(o);
        if (refusal != Order.EMPTY)
        {
            // The provider refused a void or refund: asking again would loop. An operator settles it at the
            // provider; the order says why.
            o.paymentProblem = refusal;
            return;
        }
        if (o.refundFailedMinor > 0)
        {
            // After a refused release (settled at the provider, as it says), not before: that money is not owed twice.
            // Rules version 9: once a refund failed, what Ordo would refund is owed outside it, not asked for: a refund
            // to the same card would fail too, and the provider's running totals no longer tell which refunds
            // reached the customer (QA: a refund made in the dashboard after a failure went unseen, and the next
            // cancellation refunded that money again). Refunds already asked for still run.
            final long withhold = o.capturedMinor - o.refundedMinor - pendingRefunds(o) - o.refundWithheldMinor - open;
            if (withhold > 0)
            {
                o.refundWithheldMinor += withhold;
                o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0, text("refund of " + withhold +
                    " " + new String(o.currency, StandardCharsets.US_ASCII) + " not asked for: a refund of this " +
                    "payment failed; owed to the customer outside Ordo"));
            }
            return;
        }
        final long pending = pendingRefunds(o);
        final long excess = o.capturedMinor - o.refundedMinor - pending - open;
        if (excess > 0)
        {
            if (pending == 0)
            {
                // The refund asked for now is none of those the provider reported so far, so once it succeeds it adds
                // to their total: the reported total becomes the base Ordo's own refunds count from. Counting only
                // the larger of the two lost a refund made at the provider, and the same money was asked back twice.
                // Not while another refund is pending: a report may already include it, and it would count twice.
                o.refundedByActions = Math.max(o.refundedByActions, o.refundedReported);
            }
            request(o, Codes.PaymentActionKind.REFUND, excess, seq, now);
        }
        else if (open == 0 && o.capturedMinor == 0 && o.refundedMinor == 0 &&
            o.paymentStatus != Codes.PaymentStatus.VOIDED && o.paymentStatus != Codes.PaymentStatus.FAILED &&
            (o.paymentStatus != Codes.PaymentStatus.PENDING || !o.hasOpenUnits()))
        {
            // With units still open (free ones) not before the card is verified: the void would end its verification,
            // and the order be released unverified (review). Every unit cancelled: at once, as always.
            // Not after a refund: it means money was captured (its capture not learnt yet), which no void releases.
            request(o, Codes.PaymentActionKind.VOID, 0, seq, now);
        }
    }

    static final String AMOUNT_MISMATCH = "AMOUNT_MISMATCH";
    static final String REFUSED_RELEASE = "the provider refused to release money";
    static final String CANCELED_AT_PROVIDER = "CANCELED at the provider";
    /** How PaymentCommands words a void the provider refused (its action's outcome, then the action). */
    private static final String VOID_DECLINED = Codes.PaymentOutcome.DECLINED.name() + " on " +
        Codes.PaymentActionKind.VOID.name();
    private static final String VOID_MISMATCHED = Codes.PaymentOutcome.MISMATCH.name() + " on " +
        Codes.PaymentActionKind.VOID.name();

    /** A VOIDED payment that took nothing and gave nothing back: the authorization is gone, nothing is owed. */
    static boolean voidedWithNothingTaken(final Order o)
    {
        return o.paymentStatus == Codes.PaymentStatus.VOIDED && o.capturedMinor == 0 && o.refundedMinor == 0;
    }

    /**
     * Nothing taken, nothing owed, nothing open to pay for, the payment voided: a problem that only asked for money or
     * a release (the provider cancelled a verified authorization while units were still to be paid for, or refused a
     * void it had cancelled itself; an offline amount that did not match) holds nothing now. It stayed, and the order
     * waited in PAYMENT_PENDING for good (rules version 16; review). Any other problem stays (a capture or a refund in
     * another currency, a card never verified: their money is not known).
     */
    private static void clearProblemWhenNothingIsOwed(final Order o, final long open, final long seq, final long now)
    {
        final byte[] problem = o.paymentProblem;
        final boolean moot = o.isOfflinePayment() ? startsWith(problem, AMOUNT_MISMATCH) :
            o.authorizedMinor > 0 && (startsWith(problem, CANCELED_AT_PROVIDER) ||
                startsWith(problem, REFUSED_RELEASE) || startsWith(problem, VOID_DECLINED) ||
                startsWith(problem, VOID_MISMATCHED));
        if (open == 0 && voidedWithNothingTaken(o) && moot)
        {
            o.paymentProblem = Order.EMPTY;
            o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0,
                text("payment problem cleared: nothing is open to pay for"));
        }
    }

    /**
     * Puts on the timeline when refunds recorded come to exceed the captures recorded, change while they do, and
     * stop: the view's problem shows the gap while it lasts (derived from the money), the timeline keeps its history.
     *
     * @param gapBefore refunded minus captured before the command changed the money
     */
    static void noteRefundGap(final Order o, final long gapBefore, final long seq, final long now)
    {
        final long gap = o.refundedMinor - o.capturedMinor;
        if (gap > 0 && gap != gapBefore)
        {
            o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0,
                text(o.refundsBeyondCapturesText()));
        }
        else if (gap <= 0 && gapBefore > 0)
        {
            final String cur = new String(o.currency, StandardCharsets.US_ASCII);
            o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0,
                text(Order.REFUND_EXCEEDS_CAPTURE + " resolved: " + o.capturedMinor + " " + cur + " captured, " +
                    o.refundedMinor + " " + cur + " refunded"));
        }
    }

    /** Whether the order has an action of this kind outstanding (or, with {@code orError}, ended in ERROR). */
    boolean has(final Order o, final Codes.PaymentActionKind kind, final boolean orError)
    {
        for (int i = 0; i < o.actionCount; i++)
        {
            final PaymentAction a = payments.get(o.actionIds[i]);
            if (a.kind == kind && (a.isOutstanding() || (orError && a.status == Codes.PaymentActionStatus.ERROR)))
            {
                return true;
            }
        }
        return false;
    }

    /** The order's action of this kind that ended in ERROR, or null: retried under its own key. */
    PaymentAction errored(final Order o, final Codes.PaymentActionKind kind)
    {
        for (int i = o.actionCount - 1; i >= 0; i--)
        {
            final PaymentAction a = payments.get(o.actionIds[i]);
            if (a.kind == kind && a.status == Codes.PaymentActionStatus.ERROR)
            {
                return a;
            }
        }
        return null;
    }

    /**
     * Refunds asked for and not known to have failed: outstanding, or ended in ERROR (it may have gone through;
     * only a retry under its own key tells, so no second refund is asked for the same money).
     */
    private long pendingRefunds(final Order o)
    {
        long pending = 0;
        for (int i = 0; i < o.actionCount; i++)
        {
            final PaymentAction a = payments.get(o.actionIds[i]);
            if (a.kind == Codes.PaymentActionKind.REFUND &&
                (a.isOutstanding() || a.status == Codes.PaymentActionStatus.ERROR))
            {
                pending += a.amountMinor;
            }
        }
        return pending;
    }

    /**
     * The problem of a void or refund the provider refused, while it stands (the order not voided with nothing taken),
     * or {@link Order#EMPTY}: settle it at the provider — and, since rules version 20, only once a refund of the order
     * still asked for (in flight, or ended in ERROR: a retry asks it again) has been answered. The refusal's text
     * replaced that refund's ERROR, and a refund made by hand for it would be made again when it goes through
     * (Review-270, Review-271). Reconcile writes it, and a retry, which clears the order's problem, writes it again:
     * the retry once left the order released while the refusal stood, until the next reconcile (Review-271).
     */
    byte[] standingRefusal(final Order o)
    {
        if (!refusedRelease(o) || voidedWithNothingTaken(o))
        {
            return Order.EMPTY;
        }
        return text(REFUSED_RELEASE + " for this order; settle it at the provider" +
            (!has(o, Codes.PaymentActionKind.REFUND, true) ? "" : ", once the refund still asked for has been " +
            "answered (one that ended in an error: retry it, POST /v1/orders/{id}/payment/retry): a refund made by " +
            "hand before would be made again"));
    }

    /** A void or refund the provider declined or answered with a mismatch. */
    private boolean refusedRelease(final Order o)
    {
        for (int i = 0; i < o.actionCount; i++)
        {
            final PaymentAction a = payments.get(o.actionIds[i]);
            if ((a.kind == Codes.PaymentActionKind.VOID || a.kind == Codes.PaymentActionKind.REFUND) &&
                (a.status == Codes.PaymentActionStatus.DECLINED || a.status == Codes.PaymentActionStatus.MISMATCH))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(final byte[] text, final String prefix)
    {
        if (text.length < prefix.length())
        {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++)
        {
            if (text[i] != prefix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** Adds an outstanding payment action (the adapter is told by the event and finds it by query after restarts). */
    PaymentAction request(final Order o, final Codes.PaymentActionKind kind, final long amountMinor, final long seq,
        final long now)
    {
        final PaymentAction action = payments.add(o.id, kind, amountMinor, now);
        o.addAction(action.id);
        o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_REQUESTED, -1, null, 0,
            text(kind.name() + " " + amountMinor + " " + new String(o.currency, StandardCharsets.US_ASCII) +
                " (action " + action.id + ")"));
        events.onEvent(EventType.PAYMENT_ACTION_REQUESTED, seq, now, action.id);
        return action;
    }

    /**
     * A note the engine builds (a prefix and a caller's free text of up to 65 535 bytes) as a text field: cut at
     * 65 535 UTF-8 bytes, on a character boundary, or the order holding it could not be written to a snapshot and
     * read back, nor its timeline rendered (both carry a text's length in two bytes).
     */
    static byte[] text(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_TEXT_BYTES)
        {
            return bytes;
        }
        int end = MAX_TEXT_BYTES;
        while ((bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }
        return java.util.Arrays.copyOf(bytes, end);
    }

    static final int MAX_TEXT_BYTES = 0xFFFF;
}
