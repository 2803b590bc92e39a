package ordo.gateway.api;

import java.util.EnumSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.engine.CommandType;
import ordo.engine.FraudRules;
import ordo.engine.ResultCode;
import ordo.gateway.auth.Role;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.Problem;
import ordo.gateway.http.Router;
import ordo.gateway.pipeline.CommandSlot;

/**
 * Fraud rules and review. The rules are engine state set whole by a journaled command: {@code PUT /v1/fraud/rules}
 * replaces every field (each is required, so a forgotten field cannot silently switch a rule off), {@code GET} shows
 * them. Each number is checked against its range here, the refusal naming the member (INVALID_FRAUD_RULES with
 * {@code field}), and the whole with {@link FraudRules.Builder#validate}, the engine's own check, before anything is
 * journaled. {@code POST /v1/orders/{orderId}/fraud-review} approves or rejects an order held in FRAUD_REVIEW; the
 * reviewer is the API key's name.
 */
final class FraudRoutes
{
    static final int MAX_NOTE_CHARS = 500;
    private static final Set<String> FIELDS = Set.of("thresholds", "amountBands", "velocity",
        "countryMismatchPoints", "skuQuantity", "newCustomer", "blockedPoints", "blocklists");
    private static final Set<String> THRESHOLD_FIELDS = Set.of("reviewAt", "rejectAt");
    private static final Set<String> BAND_FIELDS = Set.of("overMinor", "points");
    private static final Set<String> VELOCITY_FIELDS = Set.of(FraudRules.VELOCITY_NAMES);
    private static final Set<String> WINDOW_FIELDS = Set.of("windowMinutes", "maxOrders", "points");
    private static final Set<String> SKU_QUANTITY_FIELDS = Set.of("maxUnits", "points");
    private static final Set<String> NEW_CUSTOMER_FIELDS = Set.of("overMinor", "points");
    private static final Set<String> BLOCKLIST_FIELDS = Set.of("emails", "domains", "postalCodes", "ips");
    private static final Set<String> REVIEW_FIELDS = Set.of("decision", "note");
    private static final int MAX_INT = Integer.MAX_VALUE;

    enum Decision
    {
        APPROVE,
        REJECT
    }

    private final CommandBridge bridge;

    FraudRoutes(final CommandBridge bridge)
    {
        this.bridge = bridge;
    }

    void register(final Router router)
    {
        router.route("PUT", "/v1/fraud/rules", "putFraudRules", EnumSet.of(Role.ADMIN), BadRequest.guard(this::put));
        router.route("GET", "/v1/fraud/rules", "getFraudRules", EnumSet.of(Role.ADMIN, Role.AUDITOR),
            ex -> bridge.query(ex, CommandType.QUERY_FRAUD_RULES, null, Requests::encodeNothing, PaymentViews::rules));
        router.route("POST", "/v1/orders/{orderId}/fraud-review", "reviewOrderFraud", EnumSet.of(Role.ADMIN),
            BadRequest.guard(this::review));
    }

    private void put(final HttpExchange ex)
    {
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final FraudRules rules = read(JsonBody.parse(ex.bodyBytes()));
        bridge.submit(ex, envelope, CommandType.SET_FRAUD_RULES,
            new Requests.SetFraudRules(envelope.keyHash(), envelope.fingerprint(), rules),
            Requests.SetFraudRules::encode, 200, PaymentViews::rules);
    }

    /** The whole rule set from a PUT body; every field is required. */
    static FraudRules read(final JsonBody body)
    {
        body.allowOnly(FIELDS);
        final FraudRules.Builder rules = new FraudRules.Builder();
        final JsonBody thresholds = body.object("thresholds").allowOnly(THRESHOLD_FIELDS);
        final int reviewAt = (int)inRange(thresholds, "reviewAt", 1, MAX_THRESHOLD, "");
        final int rejectAt = (int)inRange(thresholds, "rejectAt", reviewAt, MAX_THRESHOLD,
            " (at least reviewAt)");
        rules.thresholds(reviewAt, rejectAt);

        final JsonNode bands = body.array("amountBands", 0, FraudRules.MAX_BANDS);
        long previousOver = -1;
        for (int i = 0; i < bands.size(); i++)
        {
            final JsonBody band = body.element("amountBands", bands, i).allowOnly(BAND_FIELDS);
            final long over = inRange(band, "overMinor", Math.max(previousOver, previousOver + 1), Long.MAX_VALUE,
                i == 0 ? "" : " (bands must rise: above amountBands[" + (i - 1) + "].overMinor)");
            rules.amountBand(over, points(band, "points"));
            previousOver = over;
        }
        final JsonBody velocity = body.object("velocity").allowOnly(VELOCITY_FIELDS);
        for (int kind = 0; kind < FraudRules.VELOCITY_KINDS; kind++)
        {
            final JsonBody window = velocity.object(FraudRules.VELOCITY_NAMES[kind]).allowOnly(WINDOW_FIELDS);
            rules.velocity(kind, (int)inRange(window, "windowMinutes", 1, FraudRules.MAX_WINDOW_MINUTES, ""),
                (int)inRange(window, "maxOrders", 0, MAX_INT, " (0 = off)"), points(window, "points"));
        }
        rules.countryMismatch(points(body, "countryMismatchPoints"));
        final JsonBody skuQuantity = body.object("skuQuantity").allowOnly(SKU_QUANTITY_FIELDS);
        rules.skuQuantity((int)inRange(skuQuantity, "maxUnits", 0, MAX_INT, " (0 = off)"),
            points(skuQuantity, "points"));
        final JsonBody newCustomer = body.object("newCustomer").allowOnly(NEW_CUSTOMER_FIELDS);
        rules.newCustomer(inRange(newCustomer, "overMinor", 0, Long.MAX_VALUE, ""), points(newCustomer, "points"));
        rules.blockedPoints(points(body, "blockedPoints"));

        final JsonBody blocklists = body.object("blocklists").allowOnly(BLOCKLIST_FIELDS);
        final JsonNode emails = blocklists.array("emails", 0, FraudRules.MAX_LIST);
        for (int i = 0; i < emails.size(); i++)
        {
            final String email = entry(blocklists, "emails", emails, i, OrderFormReader.MAX_EMAIL_CHARS);
            if (!OrderFormReader.isEmailAddress(email))
            {
                throw BadRequest.field("blocklists.emails[" + i + "]",
                    "must be an email address, without spaces or invisible characters (no order could match it)");
            }
            rules.blockEmail(email);
        }
        final JsonNode domains = blocklists.array("domains", 0, FraudRules.MAX_LIST);
        for (int i = 0; i < domains.size(); i++)
        {
            final String domain = entry(blocklists, "domains", domains, i, OrderFormReader.MAX_EMAIL_CHARS);
            if (!DOMAIN.matcher(domain).matches() || OrderFormReader.hasBlank(domain) ||
                !OrderFormReader.isPlainDomain(domain))
            {
                throw BadRequest.field("blocklists.domains[" + i + "]", "must be a domain as it follows the @ of an "
                    + "email (example.com: no @, no leading or trailing dot, dots written '.', no spaces), or no order "
                    + "could match it");
            }
            rules.blockDomain(domain);
        }
        final JsonNode postalCodes = blocklists.array("postalCodes", 0, FraudRules.MAX_LIST);
        for (int i = 0; i < postalCodes.size(); i++)
        {
            // entry() refuses one with no visible character, a superset of what the screen folds out of postal codes
            // (FraudScreen.postal: spaces and the Invisible code points), so no entry folds to nothing: "\u200b" was
            // taken and blocked the SHIP orders whose postal code was " " or "\u200b" (found in QA).
            rules.blockPostalCode(entry(blocklists, "postalCodes", postalCodes, i,
                OrderFormReader.MAX_POSTAL_CODE_CHARS));
        }
        final JsonNode ips = blocklists.array("ips", 0, FraudRules.MAX_LIST);
        for (int i = 0; i < ips.size(); i++)
        {
            final String field = "blocklists.ips[" + i + "]";
            rules.blockIp(OrderFormReader.ipLiteral(field, blocklists.elementString("ips", ips, i)));
        }

        final String problem = rules.validate();
        if (problem != null)
        {
            throw new BadRequest(invalid(problem));
        }
        final FraudRules built = rules.build();
        final int bytes = Requests.encodedBytes(new Requests.SetFraudRules(0, 0, built),
            Requests.SetFraudRules::encode);
        if (bytes > CommandSlot.REQUEST_CAPACITY)
        {
            throw new BadRequest(invalid("the rules are " + bytes + " bytes encoded, more than a command holds (" +
                CommandSlot.REQUEST_CAPACITY + "); shorten the blocklists").with("field", "blocklists"));
        }
        return built;
    }

    /** What the engine allows a rejectAt ({@link FraudRules.Builder#validate}). */
    private static final int MAX_THRESHOLD = FraudRules.MAX_POINTS * 100;

    /** A rule's points, 0 (off) to {@link FraudRules#MAX_POINTS}. */
    private static int points(final JsonBody body, final String field)
    {
        return (int)inRange(body, field, 0, FraudRules.MAX_POINTS, "");
    }

    /**
     * A number the rules need in {@code min..max}: out of it is INVALID_FRAUD_RULES naming the member in
     * {@code field} and the detail. {@link FraudRules.Builder#validate} (the engine's own check, run after) said only
     * "points must be between 0 and 1000; limits >= 0", with no field, for five members at once (found in QA).
     */
    private static long inRange(final JsonBody body, final String field, final long min, final long max,
        final String why)
    {
        // An integer beyond a long is out of range as any other: it answered with Java's limits (found in review).
        final String huge = body.integerBeyondLong(field);
        final long value = huge != null ? 0 : body.integer(field, Long.MIN_VALUE, Long.MAX_VALUE);
        if (huge != null || value < min || value > max)
        {
            final String at = body.pathOf(field);
            // One wording whichever side the value falls (it said "at least 0" below and "between 0 and …" above;
            // QA): a bound no long passes is left unsaid.
            final String range = max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw new BadRequest(invalid(at + ": must be " + range + why + ", not " + (huge != null ? huge : value))
                .with("field", at));
        }
        return value;
    }

    /** What follows an email's {@code @}: no {@code @}, not starting or ending with a dot. */
    private static final java.util.regex.Pattern DOMAIN = java.util.regex.Pattern.compile("[^@.][^@]*(?<!\\.)");

    /** One blocklist entry: text with a visible character and without control characters. */
    private static String entry(final JsonBody lists, final String field, final JsonNode array, final int index,
        final int maxChars)
    {
        final String value = lists.elementString(field, array, index);
        final String at = lists.pathOf(field) + "[" + index + "]";
        if (value.isEmpty() || value.length() > maxChars)
        {
            throw BadRequest.field(at, "must be 1-" + maxChars + " characters");
        }
        // Not String.isBlank: "   " was refused as "must be 1-32 characters" (it is 3), and "\u200b" passed (QA).
        if (OrderFormReader.showsNothing(value))
        {
            throw BadRequest.field(at, "must have a visible character" + ("postalCodes".equals(field) ?
                " (the screen compares postal codes without spaces and invisible characters: this one is nothing)" :
                ""));
        }
        for (int i = 0; i < value.length(); i++)
        {
            if (Character.isISOControl(value.charAt(i)))
            {
                throw BadRequest.field(at, "must not contain control characters");
            }
        }
        return value;
    }

    private static Problem invalid(final String detail)
    {
        return ResultProblems.of(ResultCode.INVALID_FRAUD_RULES, detail);
    }

    /** The SET_FRAUD_RULES payload length, envelope included: a command slot holds at most 8 KiB. */
    private void review(final HttpExchange ex)
    {
        final long id = OrderRoutes.orderId(ex);
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final JsonBody body = JsonBody.parse(ex.bodyBytes()).allowOnly(REVIEW_FIELDS);
        final Decision decision = body.enumValue("decision", Decision.class);
        final String note = body.text("note", MAX_NOTE_CHARS);
        if (OrderFormReader.showsNothing(note))
        {
            throw BadRequest.field("note", "must not be blank: say why");
        }
        final long target = OrderRoutes.target(ex, id, envelope.inFlightKey() != null);
        if (target < 0)
        {
            return;
        }
        bridge.submit(ex, envelope, CommandType.FRAUD_REVIEW, new Requests.FraudReview(envelope.keyHash(),
            envelope.fingerprint(), target, decision == Decision.APPROVE, ex.principal().name(), note),
            Requests.FraudReview::encode, 200, OrderViews::order);
    }
}
