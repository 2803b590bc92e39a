package ordo.engine.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ordo.engine.Codes;

/**
 * A card provider as the engine's tests need one: payment intents created at checkout (authorized for their amount
 * unless the card is bad), actions applied at most once per idempotency key (asked again under the same key, it
 * answers what it answered the first time and does nothing), and the webhooks it would send, queued for a test to
 * deliver in any order, late or twice. Webhook amounts are running totals, as providers send them. Not thread-safe.
 */
public final class FakeProvider
{
    public static final String NAME = "stripe";

    /** What the provider answered an action: the outcome, its status word and the amount it acted on. */
    public record Answer(Codes.PaymentOutcome outcome, String providerStatus, long amountMinor)
    {
    }

    private static final class Intent
    {
        long amountMinor;
        boolean authorized;
        long capturedMinor;
        long refundedMinor;
        boolean cancelled;
    }

    private final Map<String, Intent> intents = new HashMap<>();
    private final Map<String, Answer> answered = new HashMap<>();
    private final List<Cmd.PaymentEvent> pending = new ArrayList<>();
    private final List<Cmd.PaymentEvent> delivered = new ArrayList<>();
    private int events;
    private int refunds;

    /** The storefront's checkout: an intent for the amount, announced authorized (good card) or failed. */
    public void checkout(final String reference, final long amountMinor, final boolean goodCard)
    {
        final Intent intent = new Intent();
        intent.amountMinor = amountMinor;
        intent.authorized = goodCard;
        intents.put(reference, intent);
        announce(goodCard ? Codes.PaymentEventKind.AUTHORIZED : Codes.PaymentEventKind.FAILED, reference,
            goodCard ? amountMinor : 0);
    }

    /** Applies an action once per idempotency key; asked again under the key, answers as the first time. */
    public Answer apply(final OrderViews.PaymentAction action)
    {
        final Answer earlier = answered.get(action.idempotencyKey());
        if (earlier != null)
        {
            return earlier;
        }
        final Answer answer = act(action);
        answered.put(action.idempotencyKey(), answer);
        return answer;
    }

    /** Whether an action with this key reached the provider. */
    public boolean applied(final String idempotencyKey)
    {
        return answered.containsKey(idempotencyKey);
    }

    private Answer act(final OrderViews.PaymentAction action)
    {
        final Intent intent = intents.get(action.reference());
        if (intent == null)
        {
            return new Answer(Codes.PaymentOutcome.DECLINED, "resource_missing", 0);
        }
        switch (action.kind())
        {
            case VERIFY ->
            {
                return intent.authorized && !intent.cancelled ?
                    new Answer(Codes.PaymentOutcome.SUCCEEDED, "requires_capture", intent.amountMinor) :
                    new Answer(Codes.PaymentOutcome.DECLINED, "card_declined", 0);
            }
            case CAPTURE ->
            {
                if (!intent.authorized || intent.cancelled ||
                    intent.capturedMinor + action.amountMinor() > intent.amountMinor)
                {
                    return new Answer(Codes.PaymentOutcome.DECLINED, "payment_intent_unexpected_state", 0);
                }
                intent.capturedMinor += action.amountMinor();
                announce(Codes.PaymentEventKind.CAPTURED, action.reference(), intent.capturedMinor);
                return new Answer(Codes.PaymentOutcome.SUCCEEDED, "succeeded", action.amountMinor());
            }
            case VOID ->
            {
                if (intent.capturedMinor > 0)
                {
                    return new Answer(Codes.PaymentOutcome.DECLINED, "payment_intent_unexpected_state", 0);
                }
                intent.cancelled = true;
                return new Answer(Codes.PaymentOutcome.SUCCEEDED, "canceled", 0);
            }
            case REFUND ->
            {
                if (intent.refundedMinor + action.amountMinor() > intent.capturedMinor)
                {
                    return new Answer(Codes.PaymentOutcome.DECLINED, "charge_already_refunded", 0);
                }
                intent.refundedMinor += action.amountMinor();
                announce(Codes.PaymentEventKind.REFUNDED, action.reference(), intent.refundedMinor);
                ++refunds;
                if (Math.floorMod(action.reference().hashCode(), 3) == 0)
                {
                    // The refunds of a third of the intents are accepted pending and fail later (a closed card): each
                    // failure is keyed by its refund, as the gateway keys Stripe's. The running total stays what was
                    // accepted.
                    pending.add(new Cmd.PaymentEvent(NAME, "refund_failed:re_" + refunds,
                        Codes.PaymentEventKind.REFUND_FAILED, action.reference(), action.amountMinor(), "EUR"));
                    return new Answer(Codes.PaymentOutcome.SUCCEEDED, "pending", action.amountMinor());
                }
                return new Answer(Codes.PaymentOutcome.SUCCEEDED, "succeeded", action.amountMinor());
            }
            default -> throw new IllegalArgumentException("unknown action kind " + action.kind());
        }
    }

    private void announce(final Codes.PaymentEventKind kind, final String reference, final long amountMinor)
    {
        pending.add(new Cmd.PaymentEvent(NAME, "evt_" + ++events, kind, reference, amountMinor, "EUR"));
    }

    /** Takes one of the webhooks not yet delivered (by index, modulo), or null when none waits. */
    public Cmd.PaymentEvent deliver(final int pick)
    {
        if (pending.isEmpty())
        {
            return null;
        }
        final Cmd.PaymentEvent event = pending.remove(Math.floorMod(pick, pending.size()));
        delivered.add(event);
        return event;
    }

    /** One of the webhooks delivered before (by index, modulo), to deliver again, or null when none was. */
    public Cmd.PaymentEvent redeliver(final int pick)
    {
        return delivered.isEmpty() ? null : delivered.get(Math.floorMod(pick, delivered.size()));
    }

    public long capturedMinor(final String reference)
    {
        final Intent intent = intents.get(reference);
        return intent == null ? 0 : intent.capturedMinor;
    }

    public long refundedMinor(final String reference)
    {
        final Intent intent = intents.get(reference);
        return intent == null ? 0 : intent.refundedMinor;
    }
}
