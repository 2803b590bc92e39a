package ordo.engine;

import java.nio.charset.StandardCharsets;

/**
 * Payments and fraud review as journaled commands. The engine never calls a provider: it records what must be
 * done (an outbox of {@link PaymentAction}s), and the outcomes come back as commands — from the payment adapter
 * ({@code PAYMENT_ACTION_RESULT}), from verified provider webhooks ({@code PAYMENT_EVENT}), from operators
 * (capture, mark paid, retry, fraud review). Replaying the journal therefore never calls a provider again.
 *
 * <p>Every OK answer carries the order id in tuple {@code b} and renders the ORDER view.
 */
final class PaymentCommands
{
    /** The provider status of a captured payment intent. */
    private static final byte[] SUCCEEDED = "succeeded".getBytes(StandardCharsets.US_ASCII);

    private final Catalog catalog;
    private final OrderBook orders;
    private final PaymentBook payments;
    private final FraudScreen fraud;
    private final OrderFlow flow;
    private final OrderQueries queries;
    private final EventSink events;
    private final ByteSlice reviewer = new ByteSlice();
    private final ByteSlice note = new ByteSlice();
    private final ByteSlice providerStatus = new ByteSlice();
    private final ByteSlice currency = new ByteSlice();
    private final ByteSlice provider = new ByteSlice();
    private final ByteSlice eventId = new ByteSlice();
    private final ByteSlice reference = new ByteSlice();

    PaymentCommands(final Catalog catalog, final OrderBook orders, final PaymentBook payments, final FraudScreen fraud,
        final OrderFlow flow, final OrderQueries queries, final EventSink events)
    {
        this.catalog = catalog;
        this.orders = orders;
        this.payments = payments;
        this.fraud = fraud;
        this.flow = flow;
        this.queries = queries;
        this.events = events;
    }

    // ------------------------------------------------------------------------------------------------ fraud

    void setRules(final PayloadReader r, final long now, final Reply reply)
    {
        final FraudRules rules = FraudRules.readFrom(r);
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (rules == null)
        {
            reply.code(ResultCode.INVALID_FRAUD_RULES);
            return;
        }
        fraud.rules(rules);
        fraud.rebuildWindows(orders, now);
        reply.code(ResultCode.OK);
        ReplyCodec.fraudRules(reply, rules);
    }

    void queryRules(final Reply reply)
    {
        reply.code(ResultCode.OK);
        ReplyCodec.fraudRules(reply, fraud.rules());
    }

    /** FRAUD_REVIEW orderId:i64 decision:u8 (1 approve, 2 reject) reviewer:ascii note:text */
    void review(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        final long orderId = r.readLong();
        final int decision = r.readByte();
        r.readAscii(reviewer);
        r.readText(note);
        if (!r.ok() || (decision != 1 && decision != 2))
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (!reviewer.isValidId())
        {
            reply.code(ResultCode.INVALID_ID);
            return;
        }
        final Order o = orders.get(orderId);
        if (o == null)
        {
            reply.code(ResultCode.ORDER_NOT_FOUND);
            return;
        }
        if (o.status != Codes.OrderStatus.FRAUD_REVIEW)
        {
            reply.result(ResultCode.ORDER_NOT_IN_REVIEW, o.id, o.status.code(), o.id, 0, 0);
            return;
        }
        o.fraudReviewer = reviewer.toBytes();
        o.fraudNote = note.length() == 0 ? Order.EMPTY : note.toBytes();
        final String verdict = decision == 1 ? "APPROVE" : "REJECT";
        o.addEvent(seq, now, Codes.OrderEventType.FRAUD_REVIEWED, -1, null, o.fraudScore,
            OrderFlow.text(verdict + " by " + reviewer + (note.length() == 0 ? "" : ": " + utf8(note))));
        if (decision == 1)
        {
            o.fraudDecision = Codes.FraudDecision.APPROVED;
            fraud.knownCustomer(o.customerHash);
            OrderFlow.settle(o, seq, now);
        }
        else
        {
            o.fraudDecision = Codes.FraudDecision.REJECTED_BY_REVIEW;
            flow.reject(o, OrderFlow.text("rejected in fraud review by " + reviewer), seq, now);
        }
        answer(reply, o, o.id, 1);
    }

    // ------------------------------------------------------------------------------------------------ adapter

    /** PAYMENT_ACTION_RESULT actionId:i64 outcome:u8 providerStatus:ascii amountMinor:i64 currency:ascii detail:text */
    void actionResult(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        final long actionId = r.readLong();
        final Codes.PaymentOutcome outcome = Codes.PaymentOutcome.fromCode(r.readByte());
        r.readAscii(providerStatus);
        final long amount = r.readLong();
        r.readAscii(currency);
        r.readText(note);
        if (!r.ok() || outcome == null)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        final PaymentAction action = payments.get(actionId);
        if (action == null)
        {
            reply.code(ResultCode.PAYMENT_ACTION_NOT_FOUND);
            return;
        }
        final Order o = orders.get(action.orderId);
        if (!action.isOutstanding())
        {
            // A second report of the same action (the adapter retried after a crash): no second effect.
            answer(reply, o, action.id, 0);
            return;
        }
        action.attempts++;
        final long gapBefore = o.refundedMinor - o.capturedMinor;
        Codes.PaymentOutcome effective = outcome;
        byte[] detail = detail(outcome, providerStatus, note);
        if (outcome == Codes.PaymentOutcome.SUCCEEDED && action.kind == Codes.PaymentActionKind.VERIFY &&
            !coversOrder(o, amount, currency))
        {
            // An authorization that does not cover the order in its currency must not release it.
            effective = Codes.PaymentOutcome.MISMATCH;
            detail = OrderFlow.text("authorized " + amount + " " + currency + " for an order of " +
                o.requestedTotalMinor() + " " + new String(o.currency, StandardCharsets.US_ASCII));
        }
        final Codes.PaymentOutcome result = effective;
        final Codes.PaymentActionStatus status = switch (result)
        {
            case SUCCEEDED -> Codes.PaymentActionStatus.SUCCEEDED;
            case DECLINED -> Codes.PaymentActionStatus.DECLINED;
            case MISMATCH -> Codes.PaymentActionStatus.MISMATCH;
            case ERROR -> Codes.PaymentActionStatus.ERROR;
        };
        payments.resolve(action, status, now, detail);
        o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0,
            OrderFlow.text(action.kind.name() + " " + result.name() + " (action " + action.id + ")" +
                (detail.length == 0 ? "" : ": " + new String(detail, StandardCharsets.UTF_8))));
        if (action.kind == Codes.PaymentActionKind.VERIFY && o.paymentStatus != Codes.PaymentStatus.PENDING &&
            !shortAuthorization(o))
        {
            // The payment moved on meanwhile (a webhook, a void): a late verification has nothing to decide. Except
            // over a webhook's authorization of less than is open, before any money moved: the verification reads
            // the intent itself, so it decides that again (a retry once cleared the shortfall's problem and nothing
            // could put it back, found in review).
        }
        else if (result == Codes.PaymentOutcome.SUCCEEDED)
        {
            if (!erroredBesides(o))
            {
                o.paymentProblem = Order.EMPTY;
            }
            succeeded(o, action, amount);
        }
        else if (action.kind == Codes.PaymentActionKind.CAPTURE && result == Codes.PaymentOutcome.MISMATCH &&
            amount > 0 && providerStatus.contentEquals(SUCCEEDED))
        {
            // The intent was captured already ("succeeded"), for another amount: that money is held, and counted —
            // in the order's currency only, as a webhook's capture is.
            final boolean counted = currency.length() == 0 || currency.contentEquals(o.currency);
            final long reportedBefore = o.capturedReported;
            if (counted)
            {
                o.capturedReported = Math.max(o.capturedReported, amount);
                o.recomputeMoney();
                capturedStatus(o);
            }
            // Said when it tells something: the same capture answered again (a retry re-asks every MISMATCH) for money
            // already counted held the order with it for good — the refund of the excess had settled it, and no
            // action came after to clear it again (rules version 20; Review-270).
            if (!counted || o.capturedReported > reportedBefore)
            {
                o.paymentProblem = OrderFlow.text("MISMATCH on CAPTURE: " + new String(detail, StandardCharsets.UTF_8));
            }
        }
        else if (result == Codes.PaymentOutcome.DECLINED && action.kind == Codes.PaymentActionKind.VERIFY)
        {
            o.paymentStatus = Codes.PaymentStatus.FAILED;
            o.paymentProblem = OrderFlow.text("DECLINED: " + new String(detail, StandardCharsets.UTF_8));
            if (!OrderFlow.isFinal(o.status))
            {
                flow.reject(o, OrderFlow.text("payment declined"), seq, now);
            }
        }
        else
        {
            // Held with a reason: a mismatch needs the storefront or an operator; an error needs a retry.
            o.paymentProblem = OrderFlow.text(result.name() + " on " + action.kind.name() + ": " +
                new String(detail, StandardCharsets.UTF_8) +
                (result == Codes.PaymentOutcome.ERROR ? " (retry: POST /v1/orders/{id}/payment/retry)" : ""));
        }
        OrderFlow.noteRefundGap(o, gapBefore, seq, now);
        flow.reconcile(o, seq, now);
        OrderFlow.settle(o, seq, now);
        answer(reply, o, action.id, 1);
    }

    private void succeeded(final Order o, final PaymentAction action, final long reportedAmount)
    {
        switch (action.kind)
        {
            case VERIFY ->
            {
                if (o.paymentStatus == Codes.PaymentStatus.PENDING || shortAuthorization(o))
                {
                    o.paymentStatus = Codes.PaymentStatus.AUTHORIZED;
                    o.authorizedMinor = reportedAmount > 0 ? reportedAmount : action.amountMinor;
                }
            }
            case CAPTURE ->
            {
                o.capturedByActions += action.amountMinor;
                o.recomputeMoney();
                capturedStatus(o);
            }
            case VOID -> voidedStatus(o);
            case REFUND ->
            {
                o.refundedByActions += action.amountMinor;
                o.recomputeMoney();
                refundedStatus(o);
            }
        }
    }

    /** Why a capture is refused ({@code Codes.NOT_CAPTURABLE_*}), the first that holds; 0 for none of them. */
    private int whyNotCapturable(final Order o)
    {
        if (o.status == Codes.OrderStatus.FRAUD_REVIEW)
        {
            return Codes.NOT_CAPTURABLE_IN_REVIEW;
        }
        final int ended = ended(o);
        if (ended != 0)
        {
            return ended;
        }
        if (o.paymentProblem.length > 0)
        {
            return Codes.NOT_CAPTURABLE_PROBLEM;
        }
        return flow.has(o, Codes.PaymentActionKind.CAPTURE, false) ? Codes.NOT_CAPTURABLE_CAPTURING : 0;
    }

    /** {@link Codes#NOT_CAPTURABLE_CANCELLED} or {@link Codes#NOT_CAPTURABLE_REJECTED} for an ended order, else 0. */
    private static int ended(final Order o)
    {
        return o.status == Codes.OrderStatus.CANCELLED ? Codes.NOT_CAPTURABLE_CANCELLED :
            o.status == Codes.OrderStatus.REJECTED ? Codes.NOT_CAPTURABLE_REJECTED : 0;
    }

    /**
     * Whether another of the order's money movements — a capture, a void or a refund — ended in ERROR and has not been
     * retried (rules version 20): its outcome is unknown, its problem asks for a retry (which asks it again under its
     * own key), and this action's success does not settle it. Any success cleared the problem: a refund's success wiped
     * an earlier refund's ERROR, and the order went on, or ended cancelled, with the customer owed money no problem
     * said (QA-268). Not a verification's error: a success after it is the void that ends a cancelled order's
     * authorization, or a refund of money a webhook reported captured, and either leaves the order's money known
     * without it (review: not only the void). Nor a MISMATCH: a capture's may be one whose money was counted (the
     * intent captured for another amount, which no retry settles), a refund's or a void's is the refused release's
     * problem, for the provider; nor a currency mismatch the provider reported, which has no route of its own either
     * (review).
     */
    private boolean erroredBesides(final Order o)
    {
        // The action just resolved SUCCEEDED is none of them.
        return flow.errored(o, Codes.PaymentActionKind.CAPTURE) != null ||
            flow.errored(o, Codes.PaymentActionKind.VOID) != null ||
            flow.errored(o, Codes.PaymentActionKind.REFUND) != null;
    }

    /**
     * Whether a reported capture or refund is in another currency than the order's (the event's {@link #currency};
     * none given counts as the order's). Such an amount is not counted — it would be added to the order's money as
     * if it were in the order's currency, as it once was (found in QA) — and the order is held with the reason
     * ({@code CURRENCY_MISMATCH}) for an operator to settle at the provider.
     */
    private boolean currencyMismatch(final Order o, final Codes.PaymentEventKind kind, final long amount)
    {
        if (currency.length() == 0 || currency.contentEquals(o.currency))
        {
            return false;
        }
        final String mismatch = "CURRENCY_MISMATCH: the provider reports " + kind.name() + " " + amount + " " +
            currency + " for an order in " + new String(o.currency, StandardCharsets.US_ASCII) + "; not counted";
        o.paymentProblem = Order.joinedProblem(o.paymentProblem, mismatch);
        return true;
    }

    /**
     * A webhook's authorization of less than is open, before any money moved (rules version 3): the order is held
     * (an authorization must cover what is open) and a verification may decide it again.
     */
    private static boolean shortAuthorization(final Order o)
    {
        return o.paymentStatus == Codes.PaymentStatus.AUTHORIZED && o.capturedMinor == 0 && o.refundedMinor == 0 &&
            o.authorizedMinor < o.openTotalMinor();
    }

    /** The problem of an authorization that is not the order's total (less, more, or none). */
    private static String authorizationMismatch(final Order o, final long amount, final Object currency)
    {
        return "AUTHORIZATION_MISMATCH: authorized " + amount + " " + currency + " for an order of " +
            o.requestedTotalMinor() + " " + new String(o.currency, StandardCharsets.US_ASCII);
    }

    /** An amount of 0 means the adapter learnt none (the provider checked it against the request already). */
    private static boolean coversOrder(final Order o, final long amount, final ByteSlice currency)
    {
        return (amount == 0 || amount == o.requestedTotalMinor()) &&
            (currency.length() == 0 || currency.contentEquals(o.currency));
    }

    private static void capturedStatus(final Order o)
    {
        // A refund learnt before the capture it returns (webhooks and reports arrive in any order, an offline
        // payment is marked paid after the store reported a refund) still counts: once anything is refunded the
        // status says so, as it would had the capture been learnt first.
        if (o.refundedMinor > 0)
        {
            refundedStatus(o);
            return;
        }
        o.paymentStatus = o.capturedMinor >= o.openTotalMinor() ? Codes.PaymentStatus.CAPTURED :
            Codes.PaymentStatus.PARTIALLY_CAPTURED;
    }

    static void refundedStatus(final Order o)
    {
        o.paymentStatus = o.refundedMinor >= o.capturedMinor ? Codes.PaymentStatus.REFUNDED :
            Codes.PaymentStatus.PARTIALLY_REFUNDED;
    }

    private static void voidedStatus(final Order o)
    {
        // A refund means money was captured, even if its capture is not learnt yet (a contradictory report, or one
        // out of order): VOIDED would hide it.
        if (o.refundedMinor > 0)
        {
            refundedStatus(o);
            return;
        }
        o.paymentStatus = Codes.PaymentStatus.VOIDED;
    }

    // ------------------------------------------------------------------------------------------------ webhooks

    /** PAYMENT_EVENT provider:ascii eventId:ascii kind:u8 reference:ascii amountMinor:i64 currency:ascii */
    void event(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        r.readAscii(provider);
        r.readAscii(eventId);
        final Codes.PaymentEventKind kind = Codes.PaymentEventKind.fromCode(r.readByte());
        r.readAscii(reference);
        final long amount = r.readLong();
        r.readAscii(currency);
        if (!r.ok() || kind == null)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (!provider.isValidId() || !eventId.isValidId() || !reference.isValidId() || amount < 0)
        {
            reply.code(ResultCode.INVALID_FIELD);
            return;
        }
        final PaymentBook.EventState state = payments.eventState(provider, eventId);
        if (state == PaymentBook.EventState.SEEN)
        {
            // A duplicate delivery: no second effect, and the same order named as the first answer did (it once
            // answered without one, found in QA).
            final Order seenFor = payments.byReference(provider, reference);
            reply.result(ResultCode.OK, 0, 0, seenFor == null ? 0 : seenFor.id, 0, 0);
            return;
        }
        if (state == PaymentBook.EventState.COLLISION)
        {
            reply.code(ResultCode.ID_HASH_COLLISION);
            return;
        }
        final Order o = payments.byReference(provider, reference);
        if (o == null)
        {
            // Not ours, or not yet (the verification reads the intent itself): ignored, and not remembered, so a
            // redelivery once the order exists applies.
            reply.result(ResultCode.OK, 0, 2, 0, 0, 0);
            return;
        }
        payments.markSeen(provider, eventId);
        final long gapBefore = o.refundedMinor - o.capturedMinor;
        final String what = "webhook " + eventId + ": " + kind.name() + " " + amount;
        switch (kind)
        {
            case AUTHORIZED ->
            {
                if (o.paymentStatus != Codes.PaymentStatus.PENDING || currencyMismatch(o, kind, amount))
                {
                    // Rules version 3: an authorization in another currency is not counted (it stays pending, held
                    // by its problem), as a capture in one is not; counted, its amount compared with the order's.
                    break;
                }
                if (amount <= 0)
                {
                    // A webhook's amount is the provider's own: none authorized covers nothing (the exemption for 0
                    // is the adapter's, which learnt no amount). Pending, held, until the verification decides; said
                    // beside any problem already there (an AMOUNT_MISMATCH, a verification's error).
                    o.paymentProblem = Order.joinedProblem(o.paymentProblem,
                        authorizationMismatch(o, amount, currency));
                    break;
                }
                o.paymentStatus = Codes.PaymentStatus.AUTHORIZED;
                o.authorizedMinor = amount;
                if (!coversOrder(o, amount, currency))
                {
                    o.paymentProblem = OrderFlow.text(authorizationMismatch(o, amount, currency));
                }
            }
            case CAPTURED ->
            {
                if (currencyMismatch(o, kind, amount))
                {
                    break;
                }
                o.capturedReported = Math.max(o.capturedReported, amount);
                o.recomputeMoney();
                capturedStatus(o);
            }
            case FAILED ->
            {
                // Not final at the provider (the customer may pay with another card): recorded only; the
                // verification reads the intent itself.
            }
            case CANCELED ->
            {
                // Final: the authorization is gone (cancelled at the provider, or expired uncaptured). Not after a
                // refund: money was captured then, and VOIDED would hide the refund.
                if (o.capturedMinor == 0 && o.refundedMinor == 0)
                {
                    o.paymentStatus = Codes.PaymentStatus.VOIDED;
                    // Nothing open to pay for on a verified card: nothing is needed (rules version 16; review).
                    if (!OrderFlow.isFinal(o.status) && (o.openTotalMinor() > 0 || o.authorizedMinor == 0))
                    {
                        o.paymentProblem = OrderFlow.text(OrderFlow.CANCELED_AT_PROVIDER + ": " + what +
                            "; the order needs a new payment or a cancellation");
                    }
                }
            }
            case REFUNDED ->
            {
                if (currencyMismatch(o, kind, amount))
                {
                    break;
                }
                o.refundedReported = Math.max(o.refundedReported, amount);
                o.recomputeMoney();
                refundedStatus(o);
            }
            case REFUND_FAILED ->
            {
                // Rules version 9: a refund the provider accepted and then failed or canceled. The customer was not
                // paid back: the order says what they are owed until an operator records it paid (SETTLE_REFUND).
                // The refunded total keeps the refund, so the money is not asked back again automatically (it
                // would go to the same card), and from now on what reconcile would refund is owed too (withheld).
                if (currencyMismatch(o, kind, amount))
                {
                    break;
                }
                o.refundFailedMinor = Math.min(Long.MAX_VALUE - amount, o.refundFailedMinor) + amount;
            }
        }
        o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0, OrderFlow.text(what));
        OrderFlow.noteRefundGap(o, gapBefore, seq, now);
        flow.reconcile(o, seq, now);
        OrderFlow.settle(o, seq, now);
        events.onEvent(EventType.PAYMENT_UPDATED, seq, now, o.id);
        answer(reply, o, o.id, 1);
    }

    // ------------------------------------------------------------------------------------------------ operators

    /** CAPTURE_PAYMENT orderId:i64 channelCount:u8 { channel } — capture what is still open (card payments). */
    void capture(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        final Order o = queries.findScoped(r, reply);
        if (o == null)
        {
            return;
        }
        if (o.isOfflinePayment())
        {
            reply.result(ResultCode.PAYMENT_PROVIDER_MISMATCH, o.id, o.paymentStatus.code(), o.id, 0, 0);
            return;
        }
        // Never beyond what was authorized, and never while a problem holds the payment.
        final long amount = Math.min(o.openTotalMinor(), o.authorizedMinor) - o.capturedMinor;
        final boolean authorized = (o.paymentStatus == Codes.PaymentStatus.AUTHORIZED ||
            o.paymentStatus == Codes.PaymentStatus.PARTIALLY_CAPTURED) && o.paymentProblem.length == 0;
        final boolean closed = o.status == Codes.OrderStatus.CANCELLED || o.status == Codes.OrderStatus.REJECTED ||
            o.status == Codes.OrderStatus.FRAUD_REVIEW;
        final PaymentAction errored = flow.errored(o, Codes.PaymentActionKind.CAPTURE);
        if (errored != null && !closed)
        {
            // The last capture's outcome is unknown: ask again under its own key, never a second one.
            payments.reopen(errored);
            o.paymentProblem = Order.EMPTY;
            o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_REQUESTED, -1, null, 0,
                OrderFlow.text("CAPTURE retried (action " + errored.id + ")"));
            events.onEvent(EventType.PAYMENT_ACTION_REQUESTED, seq, now, errored.id);
            OrderFlow.settle(o, seq, now);
            answer(reply, o, o.id, 1);
            return;
        }
        if (!authorized || amount <= 0 || closed || flow.has(o, Codes.PaymentActionKind.CAPTURE, false))
        {
            // d says why (Codes.NOT_CAPTURABLE_*): a problem holds it since a review (the refusal said only the status,
            // which may be AUTHORIZED), each other reason since QA-268.
            reply.result(ResultCode.PAYMENT_NOT_CAPTURABLE, o.id, o.paymentStatus.code(), o.id, amount,
                whyNotCapturable(o));
            return;
        }
        flow.request(o, Codes.PaymentActionKind.CAPTURE, amount, seq, now);
        answer(reply, o, o.id, 1);
    }

    /**
     * MARK_PAID orderId:i64 channelCount:u8 { channel } pickupCount:u8 { location } note:text — cash on delivery or
     * paid in store (a store's counter, for the pickups it hands over too).
     */
    void markPaid(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        final Order o = queries.findSeen(r, reply);
        if (o == null)
        {
            return;
        }
        r.readText(note);
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (!o.isOfflinePayment())
        {
            reply.result(ResultCode.PAYMENT_PROVIDER_MISMATCH, o.id, o.paymentStatus.code(), o.id, 0, 0);
            return;
        }
        final long open = o.openTotalMinor();
        final boolean closed = o.status == Codes.OrderStatus.CANCELLED || o.status == Codes.OrderStatus.REJECTED;
        // Nothing open to pay for, nothing taken, and a problem holding the order (an AMOUNT_MISMATCH: a connector sent
        // the amount before a voucher): marking it paid records nothing and settles the problem, as it settles one of
        // an order with money open (review).
        final boolean settlesNothing = open == 0 && o.capturedMinor == 0 && o.paymentProblem.length > 0;
        if (closed || (o.capturedMinor >= open && !settlesNothing))
        {
            // d = 2: units are open but cost nothing (a voucher or free goods) and nothing holds the order: nothing to
            // pay (QA-230: the refusal read as if only a card could be marked); cancelled or rejected, or paid already
            // for what is open, by name (QA-268).
            reply.result(ResultCode.PAYMENT_NOT_CAPTURABLE, o.id, o.paymentStatus.code(), o.id, open,
                closed ? ended(o) : open == 0 && o.capturedMinor == 0 && !o.refundsExceedCaptures() ?
                Codes.NOT_CAPTURABLE_NOTHING_TO_PAY : o.capturedMinor > 0 ? Codes.NOT_CAPTURABLE_PAID : 0);
            return;
        }
        final long gapBefore = o.refundedMinor - o.capturedMinor;
        o.paymentProblem = Order.EMPTY;
        if (settlesNothing)
        {
            // Nothing recorded: the payment keeps its status (a VOIDED one is not CAPTURED of 0; review).
            o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0, OrderFlow.text("payment problem " +
                "settled, nothing open to pay for" + (note.length() == 0 ? "" : ": " + utf8(note))));
            OrderFlow.settle(o, seq, now);
            answer(reply, o, o.id, 1);
            return;
        }
        o.capturedByActions += open - o.capturedMinor;
        o.recomputeMoney();
        capturedStatus(o);
        o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0, OrderFlow.text("offline payment of " +
            open + " received" + (note.length() == 0 ? "" : ": " + utf8(note))));
        OrderFlow.noteRefundGap(o, gapBefore, seq, now);
        OrderFlow.settle(o, seq, now);
        answer(reply, o, o.id, 1);
    }

    /**
     * SETTLE_REFUND orderId:i64 channelCount:u8 { channel } amountMinor:i64 currency:ascii note:text — an operator
     * records that money a failed refund left owed was paid back outside Ordo (rules version 9).
     */
    void settleRefund(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        final Order o = queries.findScoped(r, reply);
        if (o == null)
        {
            return;
        }
        final long amount = r.readLong();
        r.readAscii(currency);
        r.readText(note);
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (amount <= 0)
        {
            reply.code(ResultCode.INVALID_FIELD);
            return;
        }
        if (!currency.contentEquals(o.currency))
        {
            // a = 1: the settlement's amount (not an order's lines or payment).
            reply.result(ResultCode.CURRENCY_MISMATCH, o.id, 1, o.id, 0, 0);
            return;
        }
        final long owed = o.refundOwedMinor();
        if (amount > owed)
        {
            reply.result(ResultCode.REFUND_NOT_OWED, o.id, o.paymentStatus.code(), o.id, owed, amount);
            return;
        }
        o.refundSettledMinor += amount;
        final String cur = new String(o.currency, StandardCharsets.US_ASCII);
        o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0, OrderFlow.text("refund of " + amount +
            " " + cur + " paid back outside Ordo; " + (owed - amount) + " " + cur + " still owed" +
            (note.length() == 0 ? "" : ": " + utf8(note))));
        events.onEvent(EventType.PAYMENT_UPDATED, seq, now, o.id);
        answer(reply, o, o.id, 1);
    }

    /** RETRY_PAYMENT orderId:i64 channelCount:u8 { channel } — re-opens actions that ended in ERROR or MISMATCH. */
    void retry(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        final Order o = queries.findScoped(r, reply);
        if (o == null)
        {
            return;
        }
        int reopened = 0;
        for (int i = 0; i < o.actionCount; i++)
        {
            final PaymentAction action = payments.get(o.actionIds[i]);
            if ((action.status == Codes.PaymentActionStatus.ERROR ||
                action.status == Codes.PaymentActionStatus.MISMATCH))
            {
                payments.reopen(action);
                events.onEvent(EventType.PAYMENT_ACTION_REQUESTED, seq, now, action.id);
                reopened++;
            }
        }
        if (reopened == 0)
        {
            reply.result(ResultCode.NOTHING_TO_RETRY, o.id, o.paymentStatus.code(), o.id, 0, 0);
            return;
        }
        // The reopened actions' problems are cleared; a short authorization's is not theirs to clear, and it still
        // holds the order (paymentCleared), so it is said again until a verification decides otherwise; nor is a
        // refused release's, which reconcile would say again (rules version 20: the order went on meanwhile).
        o.paymentProblem = shortAuthorization(o) ? OrderFlow.text(authorizationMismatch(o, o.authorizedMinor,
            new String(o.currency, StandardCharsets.US_ASCII))) : flow.standingRefusal(o);
        o.addEvent(seq, now, Codes.OrderEventType.PAYMENT_UPDATED, -1, null, 0,
            OrderFlow.text(reopened + " payment action(s) retried"));
        OrderFlow.settle(o, seq, now);
        answer(reply, o, o.id, 1);
    }

    // ------------------------------------------------------------------------------------------------ queries

    /**
     * QUERY_PAYMENT_ACTIONS afterActionId:i64 limit:u16 — outstanding actions, oldest first, for the adapter. The
     * cursor is 0 (from the first) or an action, outstanding or not (a position: the last of a page may have been
     * resolved since); any other id answers UNKNOWN_CURSOR. One beyond the last listed nothing, and one past 2^31
     * was cut to an int as an index: from the first action again, or below zero, which threw and stopped the engine.
     */
    void outstanding(final PayloadReader r, final Reply reply)
    {
        final long after = r.readLong();
        final int limit = Math.max(1, Math.min(r.readShort(), 1_000));
        if (!r.ok() || after < 0)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (after != 0 && payments.get(after) == null)
        {
            reply.code(ResultCode.UNKNOWN_CURSOR);
            return;
        }
        int count = 0;
        long last = after;
        for (PaymentAction a = payments.nextOutstanding(after); a != null && count < limit;
            a = payments.nextOutstanding(a.id))
        {
            count++;
            last = a.id;
        }
        final PayloadWriter w = reply.beginData().putShort(count);
        int written = 0;
        for (PaymentAction a = payments.nextOutstanding(after); a != null && written < count;
            a = payments.nextOutstanding(a.id))
        {
            ReplyCodec.paymentAction(w, a, orders.get(a.orderId));
            written++;
        }
        final boolean more = payments.nextOutstanding(last) != null;
        w.putLong(more ? last : 0);
        reply.endData();
        reply.result(ResultCode.OK, 0, payments.outstanding(), 0, 0, 0);
    }

    private void answer(final Reply reply, final Order o, final long entity, final long applied)
    {
        reply.result(ResultCode.OK, entity, applied, o.id, 0, 0);
        ReplyCodec.order(reply, o, catalog);
    }

    private static byte[] detail(final Codes.PaymentOutcome outcome, final ByteSlice status, final ByteSlice text)
    {
        if (status.length() == 0 && text.length() == 0)
        {
            return Order.EMPTY;
        }
        return OrderFlow.text((status.length() == 0 ? "" : status + (text.length() == 0 ? "" : " ")) + utf8(text));
    }

    private static String utf8(final ByteSlice slice)
    {
        return new String(slice.toBytes(), StandardCharsets.UTF_8);
    }
}
