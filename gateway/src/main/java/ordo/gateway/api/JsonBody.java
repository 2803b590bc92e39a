package ordo.gateway.api;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ordo.engine.Ids;
import ordo.engine.ResultCode;

/**
 * Typed, validating access to a JSON request body. Every getter names the field in its error, so a client always
 * learns exactly what to fix; unknown fields are refused (a typo must not be silently ignored).
 */
final class JsonBody
{
    /** Jackson's location: "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]". */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; (line: \\d+, column: \\d+)]");
    /** Where a limit comes from: "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)". */
    private static final Pattern LIMIT_FROM = Pattern.compile(", from `[^`]*`\\)");
    /** Why a comment was not read: " (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)". */
    private static final Pattern FEATURE_NOT_ENABLED =
        Pattern.compile(" \\(not recognized as one since Feature '[^']*' not enabled for parser\\)");

    /** The parser's token names, each with what a client would call it. */
    private static final String[] TOKEN_NAMES = {"VALUE_STRING", "a string", "FIELD_NAME", "a field name",
        "VALUE_NUMBER_INT", "a number", "VALUE_NUMBER_FLOAT", "a number", "START_OBJECT", "an object", "START_ARRAY",
        "an array", "END_OBJECT", "the end of an object", "END_ARRAY", "the end of an array"};

    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        // A body is one JSON value: "{…}{…}" or "{…}x" is refused, not read up to the first value (found in review).
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode node;
    private final String path;

    private JsonBody(final JsonNode node, final String path)
    {
        this.node = node;
        this.path = path;
    }

    static JsonBody parse(final byte[] body)
    {
        if (body == null || body.length == 0)
        {
            throw BadRequest.malformed("request body is empty; a JSON object is required");
        }
        for (final byte b : body)
        {
            if (b == 0)
            {
                // JSON text is UTF-8 (RFC 8259 §8.1), where a NUL byte is never valid: UTF-16 and UTF-32 have one in
                // every ASCII character. The parser detects those encodings and reads them, so one JSON text in two
                // encodings was two requests to the byte-for-byte idempotency check (found in QA).
                throw BadRequest.malformed("request body is not valid JSON: it must be UTF-8 (it holds a NUL byte, " +
                    "as UTF-16 and UTF-32 do)");
            }
        }
        final JsonNode node;
        try
        {
            node = MAPPER.readTree(body);
        }
        catch (final IOException e)
        {
            final String duplicate = duplicateMember(e);
            final String detail = "request body is not valid JSON: " + parserProblem(e.getMessage());
            // The member sent twice is known: named as any other refused member is (QA-235: no field).
            throw duplicate == null ? BadRequest.malformed(detail) : BadRequest.malformed(duplicate, detail);
        }
        catch (final NumberFormatException e)
        {
            // A decimal whose exponent puts its scale beyond an int ("0e-2147483648", "0.1e-2147483647") is JSON, but
            // no BigDecimal: the parser throws this, not an IOException, and it was a 500 on every route (QA-209).
            // RFC 8259 §9 lets a reader bound the numbers it takes; the body is refused, naming the bound.
            throw BadRequest.malformed("request body holds a number this API cannot read: its exponent is out of " +
                "range (a number's digits and exponent must keep its scale within ±2147483647)");
        }
        if (node == null || !node.isObject())
        {
            throw BadRequest.malformed("request body must be a JSON object");
        }
        return new JsonBody(node, "");
    }

    /**
     * A body a request may leave out: null when empty, else an object of those {@code fields} only (an action on a
     * path: capture, retry, mark-paid, a hold's release).
     */
    static JsonBody optional(final byte[] body, final Set<String> fields)
    {
        return body.length == 0 ? null : parse(body).allowOnly(fields);
    }

    JsonBody allowOnly(final Set<String> fields)
    {
        for (final Iterator<String> it = node.fieldNames(); it.hasNext(); )
        {
            final String name = it.next();
            if (!fields.contains(name))
            {
                throw BadRequest.field(path + name, "unknown field");
            }
        }
        return this;
    }

    /** The full name of a field of this object, as errors name it ({@code lines[2].unitPrice.currency}). */
    String pathOf(final String field)
    {
        return path + field;
    }

    boolean has(final String field)
    {
        return node.hasNonNull(field);
    }

    /** Whether the field is sent as {@code null} (which {@link #has} and the readers take as absent). */
    boolean isExplicitNull(final String field)
    {
        final JsonNode value = node.get(field);
        return value != null && value.isNull();
    }

    String string(final String field)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            throw BadRequest.field(path + field, "is required");
        }
        if (!value.isTextual())
        {
            throw BadRequest.field(path + field, "must be a string");
        }
        final String text = value.asText();
        if (!isUnicode(text))
        {
            throw notUnicode(path + field);
        }
        return text;
    }

    /**
     * JSON lets a string escape half of a surrogate pair ({@code "\\udc00"}); that is no character, UTF-8 cannot
     * encode it, and the command encoding would store '?' in its place: refused, so what is stored is what was sent.
     * (The field's path is built only for the refusal: every request reads its strings through here.)
     */
    private static boolean isUnicode(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    private static BadRequest notUnicode(final String at)
    {
        return BadRequest.field(at, "must be Unicode text (it holds half of a surrogate pair)");
    }

    String optionalString(final String field)
    {
        return has(field) ? string(field) : null;
    }

    /** Free text (names, address lines): at most {@code maxChars} characters, no control characters. */
    String text(final String field, final int maxChars)
    {
        final String value = string(field);
        // Characters as a reader counts them (code points): counted in UTF-16 units, a name of 150 emoji was "more
        // than 200 characters" (found in review).
        if (value.length() > maxChars && value.codePointCount(0, value.length()) > maxChars)
        {
            throw BadRequest.field(path + field, "must be at most " + maxChars + " characters");
        }
        for (int i = 0; i < value.length(); i++)
        {
            if (Character.isISOControl(value.charAt(i)))
            {
                throw BadRequest.field(path + field, "must not contain control characters");
            }
        }
        return value;
    }

    String optionalText(final String field, final int maxChars)
    {
        return has(field) ? text(field, maxChars) : null;
    }

    /**
     * Printable ASCII ({@code ' '..'~'}), at most {@code maxChars}: for fields the engine stores as ASCII (payment
     * references), where any other character would not survive the command encoding.
     */
    String ascii(final String field, final int maxChars)
    {
        final String value = string(field);
        if (value.isEmpty() || value.length() > maxChars)
        {
            throw BadRequest.field(path + field, "must be 1-" + maxChars + " characters");
        }
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c < ' ' || c > '~')
            {
                throw BadRequest.field(path + field, "must be printable ASCII");
            }
        }
        return value;
    }

    String optionalAscii(final String field, final int maxChars)
    {
        return has(field) ? ascii(field, maxChars) : null;
    }

    /** A string that must be one of the names of {@code type}'s constants. */
    <E extends Enum<E>> E enumValue(final String field, final Class<E> type)
    {
        final String value = string(field);
        for (final E constant : type.getEnumConstants())
        {
            if (constant.name().equals(value))
            {
                return constant;
            }
        }
        final StringBuilder names = new StringBuilder();
        for (final E constant : type.getEnumConstants())
        {
            names.append(names.length() == 0 ? "" : ", ").append(constant.name());
        }
        throw BadRequest.field(path + field, "must be one of " + names);
    }

    /** A JSON number, exactly as written (no binary floating point). */
    BigDecimal decimal(final String field)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            throw BadRequest.field(path + field, "is required");
        }
        if (!value.isNumber())
        {
            throw BadRequest.field(path + field, "must be a number");
        }
        return value.decimalValue();
    }

    String id(final String field)
    {
        final String value = string(field);
        if (!Ids.isValid(value))
        {
            throw BadRequest.field(path + field, "must be 1-64 characters of [A-Za-z0-9._:-]");
        }
        if (QueryParams.isDotSegment(value))
        {
            // No path can name it (clients and proxies remove such segments), so it could be used but never defined
            // or read: a channel ".." took orders but could have no pool (QA-216).
            throw BadRequest.field(path + field, "may not be . or .. (no path could name it)");
        }
        return value;
    }

    /**
     * Refuses {@code field} unless it is absent or the same id as the path's: a definition read back
     * ({@code GET /v1/locations/{id}} and the lists show the id beside the rest) may be PUT again as it is (QA-217).
     */
    void sameIdAsPath(final String field, final String pathId)
    {
        if (has(field) && !pathId.equals(string(field)))
        {
            throw BadRequest.field(path + field, "must be the id in the path, " + pathId + ", or be left out");
        }
    }

    String optionalId(final String field)
    {
        return has(field) ? id(field) : null;
    }

    long integer(final String field, final long min, final long max)
    {
        return integer(field, min, max, null);
    }

    /**
     * An integer in {@code min..max}; out of it — below, above or beyond a long alike — answers {@code outOfRange}
     * (null: {@code INVALID_REQUEST}) naming the field and the range. Missing or not an integer is always
     * {@code INVALID_REQUEST}: the body's shape, not a value.
     */
    long integer(final String field, final long min, final long max, final ResultCode outOfRange)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            throw BadRequest.field(path + field, "is required");
        }
        final java.math.BigDecimal whole = wholeNumber(field, value);
        if (whole == null)
        {
            throw BadRequest.field(path + field, isMinorUnits(field) && value.isNumber() ? "must be an integer " +
                "number of minor units, written without a decimal point or exponent (2000 is 20.00; 20.0 is refused)" :
                "must be an integer");
        }
        // A huge integer is out of range too: the range is what to fix (it said "must be an integer", found in review).
        if (!fitsLong(whole) || whole.longValue() < min || whole.longValue() > max)
        {
            final String detail = "must be between " + min + " and " + max;
            throw outOfRange == null ? BadRequest.field(path + field, detail) :
                BadRequest.field(outOfRange, path + field, detail);
        }
        return whole.longValue();
    }

    /**
     * The value of a JSON number with no fractional part, or null for anything else: {@code 1}, and as JSON Schema's
     * {@code integer} (which the OpenAPI document declares) also {@code 1.0} and {@code 1e0} — what a client
     * serialising floats or decimals sends (found in QA: {@code "qty": 1.0} was "must be an integer") — but for an
     * amount in minor units, which must be written as an integer. A number written with a huge exponent is never
     * expanded: beyond a long, only its size is looked at.
     */
    private static java.math.BigDecimal wholeNumber(final String field, final JsonNode value)
    {
        if (value.isIntegralNumber())
        {
            return new java.math.BigDecimal(value.bigIntegerValue());
        }
        // Money in minor units is written as an integer, never 20.0: a client writing major units as decimals
        // (20.0 for 20.00) would have its whole amounts taken as cents (found in review), its others refused.
        if (isMinorUnits(field) || !value.isNumber() || !(value.isBigDecimal() || value.isDouble() || value.isFloat()))
        {
            return null;
        }
        final java.math.BigDecimal decimal = value.decimalValue();
        if (decimal.signum() == 0)
        {
            return java.math.BigDecimal.ZERO;
        }
        if (decimal.scale() <= 0)
        {
            // Whole as written: stripping the zeros of 100e2147483647 took its scale below an int's and threw
            // ArithmeticException, a 500 (found in review); fitsLong looks at its size only.
            return decimal;
        }
        final java.math.BigDecimal stripped = decimal.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped : null;
    }

    /** Whether the field is an amount of money in minor units ({@code amountMinor}, {@code ratePerKmMinor}, …). */
    private static boolean isMinorUnits(final String field)
    {
        return field.endsWith("Minor");
    }

    /** Whether a whole number fits a long, without expanding one written as 1e1000000000 (only its digits counted). */
    private static boolean fitsLong(final java.math.BigDecimal whole)
    {
        // precision − scale = its digits before the point; a long has at most 19.
        return (long)whole.precision() - whole.scale() <= 19 &&
            whole.compareTo(LONG_MIN) >= 0 && whole.compareTo(LONG_MAX) <= 0;
    }

    private static final java.math.BigDecimal LONG_MIN = java.math.BigDecimal.valueOf(Long.MIN_VALUE);
    private static final java.math.BigDecimal LONG_MAX = java.math.BigDecimal.valueOf(Long.MAX_VALUE);

    /** The text of the field's integer when it is one beyond a long, else null (out of range, not malformed). */
    String integerBeyondLong(final String field)
    {
        final JsonNode value = node.get(field);
        final java.math.BigDecimal whole = value == null ? null : wholeNumber(field, value);
        return whole != null && !fitsLong(whole) ? value.asText() : null;
    }

    long optionalInteger(final String field, final long min, final long max, final long absent)
    {
        return has(field) ? integer(field, min, max) : absent;
    }

    boolean bool(final String field, final boolean absent)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            return absent;
        }
        if (!value.isBoolean())
        {
            throw BadRequest.field(path + field, "must be true or false");
        }
        return value.asBoolean();
    }

    /** Decimal degrees to integer micro-degrees, exactly (no binary floating point on the way). */
    int microDegrees(final String field, final int maxAbsDegrees)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            throw BadRequest.field(path + field, "is required");
        }
        if (!value.isNumber())
        {
            throw BadRequest.field(path + field, "must be a number of decimal degrees");
        }
        final BigDecimal degrees = value.decimalValue();
        if (degrees.abs().compareTo(BigDecimal.valueOf(maxAbsDegrees)) > 0)
        {
            throw BadRequest.field(path + field, "must be between -" + maxAbsDegrees + " and " + maxAbsDegrees);
        }
        // At most half a micro-degree rounds (half to even) to 0, decided by comparing magnitudes, which never scales
        // anything: "1e-999999999" was otherwise scaled to six decimals through 10^999999993 — a 500, or with a smaller
        // exponent minutes of an event loop and hundreds of MB (found in review). What is left is at least 5·10⁻⁷ with
        // digits the parser bounds, so the scaling below is as cheap as the text is long.
        if (degrees.abs().compareTo(HALF_MICRO_DEGREE) <= 0)
        {
            return 0;
        }
        return degrees.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).intValueExact();
    }

    private static final BigDecimal HALF_MICRO_DEGREE = new BigDecimal("0.0000005");

    /** RFC 3339 time to epoch milliseconds. */
    long optionalTime(final String field, final long absent)
    {
        return has(field) ? Rfc3339.parse(path + field, string(field)) : absent;
    }

    JsonBody object(final String field)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            throw BadRequest.field(path + field, "is required");
        }
        if (!value.isObject())
        {
            throw BadRequest.field(path + field, "must be an object");
        }
        return new JsonBody(value, path + field + ".");
    }

    JsonBody optionalObject(final String field)
    {
        return has(field) ? object(field) : null;
    }

    JsonNode array(final String field, final int minSize, final int maxSize)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            throw BadRequest.field(path + field, "is required");
        }
        if (!value.isArray())
        {
            throw BadRequest.field(path + field, "must be an array");
        }
        if (value.size() < minSize || value.size() > maxSize)
        {
            throw BadRequest.field(path + field, "must have between " + minSize + " and " + maxSize + " items");
        }
        return value;
    }

    /**
     * A list of distinct strings in {@code field}, in the order sent; absent or null: an empty list. An empty array is
     * refused (it would mean "none", which {@code absentMeans} says leaving it out does not), and so are more than
     * {@code max} items, an item {@code fault} finds a fault with (its words, null for none) and an item named twice,
     * each naming the item ({@code field[i]}). A location's {@code shipsTo} and a channel's {@code sourcesFrom}.
     */
    java.util.List<String> distinctStrings(final String field, final String one, final String many, final int max,
        final String absentMeans, final java.util.function.UnaryOperator<String> fault)
    {
        if (!has(field))
        {
            return java.util.List.of();
        }
        final JsonNode list = array(field, 0, Integer.MAX_VALUE);
        if (list.isEmpty())
        {
            throw BadRequest.field(path + field, "must name at least one " + one + "; leave it out, or send null, for " +
                absentMeans);
        }
        if (list.size() > max)
        {
            throw BadRequest.field(path + field, "may name at most " + max + " " + many);
        }
        final java.util.List<String> items = new java.util.ArrayList<>(list.size());
        final Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++)
        {
            final String item = elementString(field, list, i);
            final String at = path + field + "[" + i + "]";
            final String wrong = fault.apply(item);
            if (wrong != null)
            {
                throw BadRequest.field(at, wrong);
            }
            if (!seen.add(item))
            {
                throw BadRequest.field(at, "names " + item + " a second time");
            }
            items.add(item);
        }
        return items;
    }

    JsonBody element(final String field, final JsonNode array, final int index)
    {
        final JsonNode value = array.get(index);
        final String at = path + field + "[" + index + "]";
        if (!value.isObject())
        {
            throw BadRequest.field(at, "must be an object");
        }
        return new JsonBody(value, at + ".");
    }

    String elementString(final String field, final JsonNode array, final int index)
    {
        final JsonNode value = array.get(index);
        if (!value.isTextual())
        {
            throw BadRequest.field(path + field + "[" + index + "]", "must be a string");
        }
        final String text = value.asText();
        if (!isUnicode(text))
        {
            throw notUnicode(path + field + "[" + index + "]");
        }
        return text;
    }

    /**
     * The member a duplicate-key refusal is about, as errors name members ({@code lines[0].sku}), or null when the
     * refusal is of another kind.
     */
    static String duplicateMember(final IOException e)
    {
        if (!(e instanceof com.fasterxml.jackson.core.JsonParseException parse) ||
            !firstLine(e.getMessage()).startsWith("Duplicate field '") || parse.getProcessor() == null)
        {
            return null;
        }
        final com.fasterxml.jackson.core.JsonStreamContext member = parse.getProcessor().getParsingContext();
        final StringBuilder name = new StringBuilder();
        appendPath(member, name);
        return name.length() == 0 ? null : name.toString();
    }

    /** {@code context}'s path from the root: {@code a.b[2].c}. */
    private static void appendPath(final com.fasterxml.jackson.core.JsonStreamContext context, final StringBuilder name)
    {
        if (context == null || context.inRoot())
        {
            return;
        }
        appendPath(context.getParent(), name);
        if (context.inArray())
        {
            name.append('[').append(Math.max(0, context.getCurrentIndex())).append(']');
        }
        else if (context.getCurrentName() != null)
        {
            if (name.length() > 0)
            {
                name.append('.');
            }
            name.append(context.getCurrentName());
        }
    }

    /**
     * The parser's message for the client: its first line, without the hints addressed to Jackson's user (which
     * feature to enable, which Java type the value was bound as) that once reached clients (found in QA).
     */
    private static String parserProblem(final String message)
    {
        final String line = firstLine(message);
        if (line.startsWith("Trailing token"))
        {
            return "more than one JSON value; the body must be one object";
        }
        // Both forms Jackson writes: "…; enable `JsonReadFeature…` to allow" and "Non-standard token 'NaN': enable …".
        int hint = line.indexOf("; enable `");
        if (hint < 0)
        {
            hint = line.indexOf(": enable `");
        }
        final String problem = hint < 0 ? line : line.substring(0, hint);
        // The parser's settings are not the client's business (QA, review): a location as line and column only, a
        // limit as its number, a comment as a character nobody expected.
        return tokenNamesInWords(FEATURE_NOT_ENABLED.matcher(LIMIT_FROM.matcher(SOURCE.matcher(problem)
            .replaceAll("[$1]")).replaceAll(")")).replaceAll(""));
    }

    /**
     * The parser's token name ending a message, as a client would say it: "Unexpected end-of-input in VALUE_STRING"
     * (QA). Only there, as the parser writes it, so a field name the client sent and the message quotes stays as it
     * was.
     */
    private static String tokenNamesInWords(final String problem)
    {
        for (int i = 0; i < TOKEN_NAMES.length; i += 2)
        {
            if (problem.endsWith(" in " + TOKEN_NAMES[i]))
            {
                return problem.substring(0, problem.length() - TOKEN_NAMES[i].length()) + TOKEN_NAMES[i + 1];
            }
        }
        return problem;
    }

    private static String firstLine(final String message)
    {
        if (message == null)
        {
            return "unreadable";
        }
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
