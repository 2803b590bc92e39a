package ordo.gateway.api;

import java.util.List;
import java.util.Map;

import ordo.engine.Ids;
import ordo.gateway.http.HttpExchange;

/**
 * The query parameters of the reads that take them (lists, the inventory's {@code channel}): each at most once, ids of
 * the API's shape, integers in range. Unknown names are refused before the route runs (the route is registered with
 * the names it reads). Each fault is a 400 naming the parameter.
 */
final class QueryParams
{
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    private QueryParams()
    {
    }

    /** Refuses a parameter given more than once. */
    static void once(final HttpExchange ex)
    {
        for (final Map.Entry<String, List<String>> param : ex.queryParams().entrySet())
        {
            if (param.getValue().size() > 1)
            {
                throw BadRequest.field(param.getKey(), "may be given once");
            }
        }
    }

    /** An id parameter (1-64 characters of {@code [A-Za-z0-9._:-]}), or null when absent. */
    static String id(final HttpExchange ex, final String name)
    {
        final String value = ex.queryParam(name);
        if (value != null && !Ids.isValid(value))
        {
            throw BadRequest.field(name, "must be 1-64 characters of [A-Za-z0-9._:-]");
        }
        if (value != null && isDotSegment(value))
        {
            throw BadRequest.field(name, "may not be . or .. (no path could name it)");
        }
        return value;
    }

    /** {@code .} or {@code ..}: ids no path can name, refused wherever an id is given (paths, bodies, queries). */
    static boolean isDotSegment(final String id)
    {
        return id.equals(".") || id.equals("..");
    }

    /** {@code limit}: a page of 1 to {@link #MAX_PAGE} items, {@link #DEFAULT_PAGE} when absent. */
    static int limit(final HttpExchange ex)
    {
        return (int)number(ex, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
    }

    /** A decimal parameter within {@code [min, max]}, or {@code absent}. */
    static long number(final HttpExchange ex, final String name, final long min, final long max, final long absent)
    {
        final String value = ex.queryParam(name);
        if (value == null)
        {
            return absent;
        }
        final long number = digits(value, 19);
        if (number < 0 || number < min || number > max)
        {
            throw BadRequest.field(name, "must be an integer between " + min + " and " + max);
        }
        return number;
    }

    /**
     * The number {@code text} writes in 1 to {@code maxDigits} decimal digits (19 may pass 2^63 and read negative),
     * or -1 when it is anything else.
     */
    static long digits(final String text, final int maxDigits)
    {
        if (text.isEmpty() || text.length() > maxDigits)
        {
            return -1;
        }
        long number = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}
