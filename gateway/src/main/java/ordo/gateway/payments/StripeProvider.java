package ordo.gateway.payments;

import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Stripe, through its PaymentIntents API: the storefront creates and confirms a PaymentIntent with
 * {@code capture_method=manual}; Ordo checks it is {@code requires_capture} for the order's amount and currency,
 * captures it when the order may go ahead, cancels it when it may not, and refunds captured money.
 *
 * <pre>
 *   verify             GET  {base}/v1/payment_intents/{id}
 *   capture            POST {base}/v1/payment_intents/{id}/capture   amount_to_capture=…
 *   voidAuthorization  POST {base}/v1/payment_intents/{id}/cancel
 *   refund             POST {base}/v1/refunds                         payment_intent=…&amp;amount=…
 * </pre>
 *
 * <p>How answers map to outcomes: 2xx by the object's status (see each method); 402 and other 4xx are
 * {@link Outcome#DECLINED} with Stripe's error code, not retried; 401 and 403 (our key is wrong or may not do this)
 * are {@link Outcome#ERROR}, not retried: a misconfigured key must not decline customers' orders; 409, 429, 5xx,
 * timeouts and dropped connections are retried (see {@link StripeHttp}) and are {@link Outcome#ERROR} once the
 * attempts are spent.
 *
 * <p>A capture, cancel or refund whose answer was lost is safe to repeat: the same idempotency key makes Stripe replay
 * the first answer. Should Stripe no longer know the key (it keeps them 24 hours), capturing an intent that is
 * already captured for the same amount, or cancelling one that is already canceled, still answers
 * {@link Outcome#SUCCEEDED}.
 *
 * <p>Thread-safe. {@link #close()} releases the HTTP client's threads.
 */
public final class StripeProvider implements PaymentProvider, AutoCloseable
{
    /** The metadata key each refund carries the action's idempotency key under ({@link #refund}). */
    static final String REFUND_KEY = "ordo_key";

    public static final String NAME = "stripe";

    private static final Pattern INTENT_ID = Pattern.compile("pi_[A-Za-z0-9_]{1,250}");
    /** What a PaymentIntent's client secret has after its id. */
    public static final String CLIENT_SECRET = "_secret_";
    private static final String UNEXPECTED_STATE = "payment_intent_unexpected_state";
    /** Pages of a payment's refunds read to find one already made (100 each): more than any payment has. */
    private static final int MAX_REFUND_PAGES = 20;

    private final StripeHttp http;

    /** A provider whose retry jitter comes from an unseeded {@link Random}. */
    public StripeProvider(final StripeConfig config)
    {
        this(config, Backoff.of(config, new Random()));
    }

    /**
     * @param backoff the pauses between attempts; tests pass one with a seeded random source
     * @throws IllegalArgumentException when {@code config} has no secret key (Stripe disabled)
     */
    public StripeProvider(final StripeConfig config, final Backoff backoff)
    {
        this.http = new StripeHttp(config, backoff);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    /**
     * {@link Outcome#SUCCEEDED} when the intent is {@code requires_capture} for exactly the request's amount and
     * currency; {@link Outcome#DECLINED} when it is canceled or does not exist; {@link Outcome#MISMATCH} for another
     * amount, currency or status (the result carries the intent's).
     */
    @Override
    public ProviderResult verify(final PaymentRequest request)
    {
        if (!isIntentId(request.reference()))
        {
            return invalidReference(request);
        }
        final StripeReply reply = http.get("verify", request, intentPath(request));
        if (!reply.isSuccess())
        {
            return failure(reply, request);
        }
        final Intent intent = Intent.of(reply.body());
        if (intent == null)
        {
            return malformedAnswer(request);
        }
        if ("canceled".equals(intent.status))
        {
            return intent.result(Outcome.DECLINED, intent.amount, "the PaymentIntent is canceled");
        }
        if (intent.amount != request.amountMinor() || !intent.currency.equals(request.currency()))
        {
            return intent.result(Outcome.MISMATCH, intent.amount, "the PaymentIntent is for " + intent.amount + " "
                + intent.currency + ", the order for " + request.amountMinor() + " " + request.currency());
        }
        if (!"requires_capture".equals(intent.status))
        {
            return intent.result(Outcome.MISMATCH, intent.amount,
                "the PaymentIntent is " + intent.status + ", not requires_capture");
        }
        return intent.result(Outcome.SUCCEEDED, intent.amount, "authorized");
    }

    /**
     * {@link Outcome#SUCCEEDED} when the intent ends {@code succeeded} having received the request's amount, also
     * when an earlier attempt already captured it; {@link Outcome#MISMATCH} when it received another amount;
     * {@link Outcome#DECLINED} for card errors, a canceled intent, or one never authorized.
     */
    @Override
    public ProviderResult capture(final PaymentRequest request)
    {
        if (!isIntentId(request.reference()))
        {
            return invalidReference(request);
        }
        final StripeReply reply = http.post("capture", request, intentPath(request) + "/capture",
            "amount_to_capture=" + request.amountMinor());
        if (reply.isSuccess())
        {
            final Intent intent = Intent.of(reply.body());
            return intent == null ? malformedAnswer(request) : captured(intent, request, "captured");
        }
        if (!UNEXPECTED_STATE.equals(reply.errorCode()))
        {
            return failure(reply, request);
        }
        // Not capturable: perhaps because an earlier attempt captured it and its answer was lost.
        return withCurrentIntent(reply, request, intent -> "succeeded".equals(intent.status)
            ? captured(intent, request, "already captured")
            : intent.result(Outcome.DECLINED, intent.amount,
                "cannot capture: the PaymentIntent is " + intent.status + " (" + reply.describe() + ")"));
    }

    /**
     * {@link Outcome#SUCCEEDED} when the intent ends {@code canceled}, also when it already was;
     * {@link Outcome#DECLINED} when it can no longer be canceled (captured: refund it instead).
     */
    @Override
    public ProviderResult voidAuthorization(final PaymentRequest request)
    {
        if (!isIntentId(request.reference()))
        {
            return invalidReference(request);
        }
        final StripeReply reply = http.post("void", request, intentPath(request) + "/cancel", "");
        if (reply.isSuccess())
        {
            final Intent intent = Intent.of(reply.body());
            if (intent == null)
            {
                return malformedAnswer(request);
            }
            return "canceled".equals(intent.status)
                ? intent.result(Outcome.SUCCEEDED, intent.amount, "canceled")
                : intent.result(Outcome.ERROR, intent.amount, "cancel answered with status " + intent.status);
        }
        if (!UNEXPECTED_STATE.equals(reply.errorCode()))
        {
            return failure(reply, request);
        }
        // A captured intent reports what it received (its amount is what was asked: review).
        return withCurrentIntent(reply, request, intent -> "canceled".equals(intent.status)
            ? intent.result(Outcome.SUCCEEDED, intent.amount, "already canceled")
            : intent.result(Outcome.DECLINED, "succeeded".equals(intent.status) ? intent.amountReceived : intent.amount,
                "cannot cancel: the PaymentIntent is " + intent.status + " (" + reply.describe() + ")"));
    }

    /**
     * {@link Outcome#SUCCEEDED} when Stripe made the refund, whatever became of it ({@code succeeded}, {@code
     * pending}, {@code requires_action}, or {@code failed}/{@code canceled} since: the provider status says which,
     * and the refund's webhook reports a failure); {@link Outcome#DECLINED} when it refused to make it (more than is
     * left to refund, nothing captured); {@link Outcome#ERROR} when the search for one made already could not finish.
     */
    @Override
    public ProviderResult refund(final PaymentRequest request)
    {
        if (!isIntentId(request.reference()))
        {
            return invalidReference(request);
        }
        // Stripe keeps an idempotency key 24 h: a refund re-issued later (an action interrupted by a crash, re-issued
        // at the next start) would be a second refund (found in review). Each refund carries its key in its
        // metadata, and one already made with the key is answered instead of made again.
        JsonNode earlier = null;
        String after = null;
        for (int page = 0; earlier == null && page < MAX_REFUND_PAGES; page++)
        {
            final StripeReply list = http.get("refund lookup", request, "/v1/refunds?payment_intent="
                + request.reference() + "&limit=100" + (after == null ? "" : "&starting_after=" + after));
            if (list.retryable())
            {
                // Stripe or the way to it is failing: the refund would fail too, after as many attempts again.
                return failure(list, request);
            }
            if (!list.isSuccess() || list.body() == null)
            {
                if (page > 0)
                {
                    // Past the first page, a search that could not finish is no answer: a refund made now could be a
                    // second one (review).
                    return failure(list, request);
                }
                break;
            }
            earlier = refundMadeWith(list.body(), request);
            // Every page, not the first only: a payment with more than 100 refunds hid an earlier one of Ordo's,
            // which was then made twice (found in QA).
            final JsonNode data = list.body().path("data");
            if (!list.body().path("has_more").asBoolean(false) || data.size() == 0)
            {
                break;
            }
            after = data.get(data.size() - 1).path("id").asText(null);
            if (after == null || page == MAX_REFUND_PAGES - 1)
            {
                return ProviderResult.of(Outcome.ERROR, "refund_lookup_incomplete", request, "the PaymentIntent's "
                    + "refunds could not all be read (" + (page + 1) + " pages): a refund made now could be a second");
            }
        }
        if (earlier != null)
        {
            // Made already: answered as made, whatever became of it since. A refund that failed (or was canceled)
            // after Stripe accepted it is reported by its own webhook, as when its first answer was not lost; answered
            // DECLINED, it held the order as a refused refund does and counted the failure a second way (QA).
            return refundResult(earlier, request);
        }
        final StripeReply reply = http.post("refund", request, "/v1/refunds",
            "payment_intent=" + request.reference() + "&amount=" + request.amountMinor() + "&metadata%5B"
                + REFUND_KEY + "%5D=" + java.net.URLEncoder.encode(request.idempotencyKey(),
                java.nio.charset.StandardCharsets.UTF_8));
        if (!reply.isSuccess())
        {
            return failure(reply, request);
        }
        return refundResult(reply.body(), request);
    }

    /** The refund in Stripe's list {@code refunds} whose metadata carries the request's idempotency key, or null. */
    private static JsonNode refundMadeWith(final JsonNode refunds, final PaymentRequest request)
    {
        if (refunds == null)
        {
            return null;
        }
        for (final JsonNode refund : refunds.path("data"))
        {
            if (request.idempotencyKey().equals(refund.path("metadata").path(REFUND_KEY).asText(null)))
            {
                return refund;
            }
        }
        return null;
    }

    private ProviderResult refundResult(final JsonNode body, final PaymentRequest request)
    {
        final String status = body == null ? null : text(body, "status");
        final String currency = body == null ? null : text(body, "currency");
        if (status == null || currency == null || !isLong(body.path("amount")))
        {
            return malformedAnswer(request);
        }
        final long amount = body.path("amount").longValue();
        final String upperCurrency = currency.toUpperCase(Locale.ROOT);
        switch (status)
        {
            case "succeeded", "pending", "requires_action":
                return new ProviderResult(Outcome.SUCCEEDED, status, amount, upperCurrency,
                    "refund " + text(body, "id") + " " + status);
            case "failed", "canceled":
                // Made, and failed since (or at once): a refund the provider refused is an error answer, never a
                // refund object. Its failure is its webhook's to report (REFUND_FAILED), which the order then owes;
                // answered DECLINED, the order was held for good as for a refused refund, and the money was owed
                // twice (review).
                return new ProviderResult(Outcome.SUCCEEDED, status, amount, upperCurrency,
                    "refund " + text(body, "id") + " was made and has " + ("failed".equals(status) ? "failed" :
                    "been canceled") + (text(body, "failure_reason") == null ? "" : " (" +
                    text(body, "failure_reason") + ")") + "; its webhook reports that");
            default:
                return new ProviderResult(Outcome.ERROR, status, amount, upperCurrency,
                    "refund answered with unknown status " + status);
        }
    }

    @Override
    public void close()
    {
        http.close();
    }

    private static ProviderResult captured(final Intent intent, final PaymentRequest request, final String what)
    {
        if ("succeeded".equals(intent.status))
        {
            if (intent.amountReceived == request.amountMinor() && intent.currency.equals(request.currency()))
            {
                return intent.result(Outcome.SUCCEEDED, intent.amountReceived, what);
            }
            return intent.result(Outcome.MISMATCH, intent.amountReceived, what + " " + intent.amountReceived + " "
                + intent.currency + ", the order asked for " + request.amountMinor() + " " + request.currency());
        }
        if ("canceled".equals(intent.status))
        {
            return intent.result(Outcome.DECLINED, intent.amountReceived, "the PaymentIntent is canceled");
        }
        return intent.result(Outcome.ERROR, intent.amountReceived, "capture answered with status " + intent.status);
    }

    /**
     * Decides on the intent as it stands after an "unexpected state" error. Stripe puts the intent in the error;
     * when it does not, it is fetched.
     */
    private ProviderResult withCurrentIntent(final StripeReply reply, final PaymentRequest request,
        final Function<Intent, ProviderResult> decide)
    {
        final Intent inError = Intent.of(reply.error().path("payment_intent"));
        if (inError != null)
        {
            return decide.apply(inError);
        }
        final StripeReply fetched = http.get("look-up", request, intentPath(request));
        if (!fetched.isSuccess())
        {
            return failure(fetched, request);
        }
        final Intent intent = Intent.of(fetched.body());
        return intent == null ? malformedAnswer(request) : decide.apply(intent);
    }

    private static ProviderResult failure(final StripeReply reply, final PaymentRequest request)
    {
        final int status = reply.status();
        final String attempts = reply.attempts() == 1 ? "" : "after " + reply.attempts() + " attempts: ";
        final boolean clientError = status >= 400 && status < 500;
        if (!clientError || status == 409 || status == 429)
        {
            return ProviderResult.of(Outcome.ERROR, reply.condition(), request, attempts + reply.describe());
        }
        if (status == 401 || status == 403)
        {
            return ProviderResult.of(Outcome.ERROR, reply.condition(), request,
                "Stripe refused Ordo's API key: " + reply.describe());
        }
        final String code = reply.errorCode();
        return ProviderResult.of(Outcome.DECLINED, code == null ? reply.condition() : code, request,
            attempts + reply.describe());
    }

    private static ProviderResult invalidReference(final PaymentRequest request)
    {
        return ProviderResult.of(Outcome.DECLINED, "invalid_reference", request,
            "the payment reference is not a Stripe PaymentIntent id (pi_…)");
    }

    private static ProviderResult malformedAnswer(final PaymentRequest request)
    {
        return ProviderResult.of(Outcome.ERROR, "malformed_answer", request,
            "Stripe answered without the expected JSON object");
    }

    /**
     * Whether {@code reference} has a PaymentIntent id's shape ({@code pi_…}, not its client secret
     * {@code pi_…_secret_…}, which a storefront's browser holds): the only reference Stripe orders take.
     */
    public static boolean isIntentId(final String reference)
    {
        return reference != null && INTENT_ID.matcher(reference).matches() && !reference.contains(CLIENT_SECRET);
    }

    private static String intentPath(final PaymentRequest request)
    {
        return "/v1/payment_intents/" + request.reference();
    }

    private static boolean isLong(final JsonNode value)
    {
        return value.isIntegralNumber() && value.canConvertToLong();
    }

    private static String text(final JsonNode node, final String field)
    {
        final JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : null;
    }

    /** The fields of a PaymentIntent that Ordo reads; currency upper-cased (Stripe writes it lower case). */
    private static final class Intent
    {
        final String status;
        final long amount;
        final long amountReceived;
        final String currency;

        private Intent(final String status, final long amount, final long amountReceived, final String currency)
        {
            this.status = status;
            this.amount = amount;
            this.amountReceived = amountReceived;
            this.currency = currency;
        }

        /** Null when {@code node} is not a PaymentIntent with a status, an amount and a currency. */
        static Intent of(final JsonNode node)
        {
            if (node == null || !node.isObject())
            {
                return null;
            }
            final String status = text(node, "status");
            final String currency = text(node, "currency");
            if (status == null || currency == null || !isLong(node.path("amount")))
            {
                return null;
            }
            final JsonNode received = node.path("amount_received");
            return new Intent(status, node.path("amount").longValue(),
                isLong(received) ? received.longValue() : 0, currency.toUpperCase(Locale.ROOT));
        }

        ProviderResult result(final Outcome outcome, final long amountMinor, final String detail)
        {
            return new ProviderResult(outcome, status, amountMinor, currency, detail);
        }
    }
}
