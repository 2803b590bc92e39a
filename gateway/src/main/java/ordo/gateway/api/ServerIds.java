package ordo.gateway.api;

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
}
