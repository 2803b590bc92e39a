package ordo.gateway.api;

import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.Problem;
import ordo.gateway.http.ProblemCode;

/** The shape of the ids the server makes: a prefix ({@code res_}, {@code ord_}) and 16 lowercase hex digits. */
final class ServerIds
{
    private static final int HEX_DIGITS = 16;
    /** An id no order or hold has (their counters start at 1). */
    static final long NO_ID = 0;

    private ServerIds()
    {
    }

    static boolean hasShape(final String text, final String prefix)
    {
        if (text == null || text.length() != prefix.length() + HEX_DIGITS || !text.startsWith(prefix))
        {
            return false;
        }
        for (int i = prefix.length(); i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f'))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Why a text that is not one of our ids of this kind is not found. One with the shape of such an id names
     * nothing, like a well-formed id that was never issued: the parse rejects about half of those shapes (no counter
     * mixes to them), and they must answer as the engine answers the other half ({@code code}); any other text is
     * the generic 404 naming what it is not.
     */
    static Problem notFound(final String text, final String prefix, final ResultCode code, final String noun)
    {
        return hasShape(text, prefix) ? ResultProblems.of(new Reply().code(code)) :
            ProblemCode.NOT_FOUND.problem("no " + noun + " " + text);
    }

    /**
     * The id a request on the order or hold {@code text} (parsed: {@code id}, -1 when none of ours can have it) is
     * sent for, once the request is otherwise valid (its own faults, 400, come first for every id), or -1 once 404 is
     * answered ({@link #notFound}): {@code id} when it is ours and the caller may see such ids ({@code visible}: a key
     * bound to no channel sees none, as an empty list would mean every channel). A command with an
     * {@code Idempotency-Key} ({@code keyed}) on an id of our shape that is not, or that the caller cannot see, is
     * sent for {@link #NO_ID} instead: the engine judges its key as for every other unused id (422
     * IDEMPOTENCY_KEY_REUSED for a key used on another request, else the same 404, not remembered); the gateway
     * answered 404 for the ids it rules out, about half of those shapes, whatever the key (QA-258).
     */
    static long target(final HttpExchange ex, final long id, final boolean visible, final boolean keyed,
        final String text, final String prefix, final ResultCode code, final String noun)
    {
        if (id >= 0 && visible)
        {
            return id;
        }
        if (keyed && hasShape(text, prefix))
        {
            return NO_ID;
        }
        ex.respondProblem(notFound(text, prefix, code, noun));
        return -1;
    }
}
