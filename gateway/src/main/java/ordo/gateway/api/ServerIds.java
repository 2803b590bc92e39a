package ordo.gateway.api;

import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.gateway.http.Problem;
import ordo.gateway.http.ProblemCode;

/** The shape of the ids the server makes: a prefix ({@code res_}, {@code ord_}) and 16 lowercase hex digits. */
final class ServerIds
{
    private static final int HEX_DIGITS = 16;

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
}
