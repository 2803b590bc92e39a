package ordo.gateway.payments;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ordo.engine.CommandCodec;

/** Field readers shared by the webhook parsers: each names the field it failed on, as a path into the body. */
final class WebhookJson
{
    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        // One JSON value, as the API's bodies: "{…}garbage" was read up to the first value and applied (QA-235).
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]{1,255}");
    /** ASCII only before upper-casing: Locale.ROOT makes "ſgd" (long s) SGD and "ınr" (dotless i) INR. */
    private static final Pattern LETTERS = Pattern.compile("[A-Za-z]{3}");

    private WebhookJson()
    {
    }

    static JsonNode object(final byte[] rawBody)
    {
        if (rawBody == null || rawBody.length == 0)
        {
            throw new MalformedWebhookException("body", "is empty; a JSON object is required");
        }
        for (final byte b : rawBody)
        {
            if (b == 0)
            {
                // JSON is UTF-8 (RFC 8259 §8.1), where a NUL byte is never valid; the parser would detect UTF-16 or
                // UTF-32 and read them, as the API's bodies no longer are (JsonBody).
                throw new MalformedWebhookException("body", "is not valid JSON: it must be UTF-8 (it holds a NUL " +
                    "byte, as UTF-16 and UTF-32 do)");
            }
        }
        final JsonNode node;
        try
        {
            node = JSON.readTree(rawBody);
        }
        catch (final IOException e)
        {
            throw new MalformedWebhookException("body", "is not valid JSON");
        }
        if (node == null || !node.isObject())
        {
            throw new MalformedWebhookException("body", "must be a JSON object");
        }
        return node;
    }

    static JsonNode object(final JsonNode parent, final String field, final String path)
    {
        final JsonNode value = parent.path(field);
        if (!value.isObject())
        {
            throw new MalformedWebhookException(path, value.isMissingNode() ? "is required" : "must be an object");
        }
        return value;
    }

    /** 1-255 printable ASCII characters: ids, types and references. */
    static String string(final JsonNode parent, final String field, final String path)
    {
        final JsonNode value = parent.path(field);
        if (!value.isTextual())
        {
            throw new MalformedWebhookException(path, value.isMissingNode() || value.isNull()
                ? "is required" : "must be a string");
        }
        if (!PRINTABLE.matcher(value.textValue()).matches())
        {
            throw new MalformedWebhookException(path, "must be 1-255 printable ASCII characters");
        }
        return value.textValue();
    }

    /**
     * An id the engine keeps (an event id, a payment reference): {@link ordo.engine.Ids}'s rule, 1-64 of
     * {@code A-Z a-z 0-9 . _ : -}. The engine refused any other with a problem that named no field (found in review).
     */
    static String id(final JsonNode parent, final String field, final String path)
    {
        return checkedId(string(parent, field, path), path);
    }

    static String checkedId(final String id, final String path)
    {
        if (!ordo.engine.Ids.isValid(id))
        {
            throw new MalformedWebhookException(path, "must be 1 to " + ordo.engine.Ids.MAX_LENGTH +
                " of A-Z a-z 0-9 . _ : -");
        }
        return id;
    }

    /**
     * An amount in minor units, 0 to {@link CommandCodec#MAX_PAYMENT_MINOR} (the largest payment an order may have):
     * an event of 2^63 - 1 was recorded as captured and refunded (QA-235).
     */
    static long amount(final JsonNode parent, final String field, final String path)
    {
        final JsonNode value = parent.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0 ||
            value.longValue() > CommandCodec.MAX_PAYMENT_MINOR)
        {
            throw new MalformedWebhookException(path, value.isMissingNode() || value.isNull()
                ? "is required" : "must be an integer from 0 to " + CommandCodec.MAX_PAYMENT_MINOR + " (minor units)");
        }
        return value.longValue();
    }

    /**
     * An ISO 4217 code that {@link IsoCodes} takes, either case (Stripe writes them lower case), answered upper case.
     * Three letters alone let XXQ, XTS or XAU through to the engine, which journaled the event as a currency mismatch
     * and so used up its id: the provider's real event for the payment was then a duplicate (found in QA).
     */
    static String currency(final JsonNode parent, final String field, final String path)
    {
        final JsonNode value = parent.path(field);
        final String code = value.isTextual() && LETTERS.matcher(value.textValue()).matches()
            ? value.textValue().toUpperCase(Locale.ROOT) : null;
        if (!IsoCodes.isCurrency(code))
        {
            throw new MalformedWebhookException(path, value.isMissingNode() || value.isNull()
                ? "is required" : "must be an ISO 4217 code such as EUR");
        }
        return code;
    }
}
