package ordo.gateway.api;

import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.ProblemCode;

/**
 * Storefront and store keys act for the channels they are bound to: a request naming another channel (to place,
 * reserve, list or read for it) is refused with 403 and the channel, whether or not that channel exists.
 */
final class ChannelAccess
{
    private ChannelAccess()
    {
    }

    /**
     * Whether the caller's key may {@code action} {@code channel} ("reserve for", "list orders of", …); answers 403
     * ("this key may not {action} channel {channel}") when not.
     */
    static boolean permits(final HttpExchange ex, final String channel, final String action)
    {
        if (ex.principal().canUseChannel(channel))
        {
            return true;
        }
        ex.respondProblem(ProblemCode.FORBIDDEN.problem("this key may not " + action + " channel " + channel)
            .with("channel", channel));
        return false;
    }
}
