package ordo.gateway.payments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The last attempt of one call to Stripe: an HTTP answer ({@code status > 0}, with its JSON body when it had one) or
 * a failure without an answer ({@code status == 0}: timeout, dropped connection, interruption).
 *
 * @param status    the HTTP status, or 0 when no answer came
 * @param body      the answer's JSON, or null when it had none or it did not parse
 * @param condition without an answer, what happened, as {@link ProviderResult#providerStatus()} reports it
 * @param detail    without an answer, a sentence saying what happened
 * @param retryable whether another attempt may help (5xx, 409, 429, timeouts, dropped connections, or Stripe's own
 *                  {@code Stripe-Should-Retry} header)
 * @param attempts  how many attempts the call made
 */
record StripeReply(int status, JsonNode body, String condition, String detail, boolean retryable, int attempts)
{
    static StripeReply answered(final int status, final JsonNode body, final boolean retryable, final int attempts)
    {
        return new StripeReply(status, body, "http_" + status, "HTTP " + status, retryable, attempts);
    }

    static StripeReply failed(final String condition, final String detail, final boolean retryable,
        final int attempts)
    {
        return new StripeReply(0, null, condition, detail, retryable, attempts);
    }

    boolean isSuccess()
    {
        return status >= 200 && status < 300;
    }

    /** Stripe's {@code error} object of a 4xx/5xx answer, or a missing node. */
    JsonNode error()
    {
        return body == null ? MissingNode.getInstance() : body.path("error");
    }

    /** The {@code error.code} of the answer ({@code card_declined}), or null. */
    String errorCode()
    {
        final JsonNode code = error().path("code");
        return code.isTextual() ? code.textValue() : null;
    }

    /** "HTTP 402 card_error card_declined (insufficient_funds): Your card has insufficient funds." */
    String describe()
    {
        if (status == 0)
        {
            return detail;
        }
        final StringBuilder text = new StringBuilder("HTTP ").append(status);
        final JsonNode error = error();
        appendIfText(text, " ", error.path("type"), "");
        appendIfText(text, " ", error.path("code"), "");
        appendIfText(text, " (", error.path("decline_code"), ")");
        appendIfText(text, ": ", error.path("message"), "");
        return text.toString();
    }

    private static void appendIfText(final StringBuilder text, final String before, final JsonNode value,
        final String after)
    {
        if (value.isTextual() && !value.textValue().isBlank())
        {
            text.append(before).append(value.textValue()).append(after);
        }
    }
}
