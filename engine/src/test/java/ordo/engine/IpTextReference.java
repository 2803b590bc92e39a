package ordo.engine;

import java.nio.charset.StandardCharsets;

/**
 * The first spelling of {@link IpText}, built with Strings: kept as the tests' oracle for {@link IpText.Writer},
 * which replaced it in the engine (same bytes for every text; IpTextTest, IpTextWriterPropertyTest).
 */
final class IpTextReference
{
    private IpTextReference()
    {
    }

    static byte[] canonical(final byte[] text)
    {
        final String s = new String(text, StandardCharsets.US_ASCII);
        final String canonical = s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s);
        return (canonical != null ? canonical : s.toLowerCase(java.util.Locale.ROOT)).getBytes(StandardCharsets.US_ASCII);
    }

    private static String ipv4(final String s)
    {
        final int[] octets = parseIpv4(s);
        return octets == null ? null : octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3];
    }

    private static int[] parseIpv4(final String s)
    {
        final String[] parts = s.split("\\.", -1);
        if (parts.length != 4)
        {
            return null;
        }
        final int[] octets = new int[4];
        for (int i = 0; i < 4; i++)
        {
            if (parts[i].isEmpty() || parts[i].length() > 3)
            {
                return null;
            }
            int value = 0;
            for (int c = 0; c < parts[i].length(); c++)
            {
                final char ch = parts[i].charAt(c);
                if (ch < '0' || ch > '9')
                {
                    return null;
                }
                value = value * 10 + (ch - '0');
            }
            if (value > 255)
            {
                return null;
            }
            octets[i] = value;
        }
        return octets;
    }

    private static String ipv6(final String text)
    {
        final int zone = text.indexOf('%');
        final String s = zone >= 0 ? text.substring(0, zone) : text;
        final int[] groups = new int[8];
        final int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0)
        {
            return null;
        }
        final String head = gap >= 0 ? s.substring(0, gap) : s;
        final String tail = gap >= 0 ? s.substring(gap + 2) : "";
        final int[] front = groups(head);
        final int[] back = groups(tail);
        if (front == null || back == null)
        {
            return null;
        }
        if (gap < 0 ? front.length != 8 : front.length + back.length > 7)
        {
            return null;
        }
        System.arraycopy(front, 0, groups, 0, front.length);
        System.arraycopy(back, 0, groups, 8 - back.length, back.length);
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 &&
            groups[5] == 0xFFFF)
        {
            return (groups[6] >> 8) + "." + (groups[6] & 0xFF) + "." + (groups[7] >> 8) + "." + (groups[7] & 0xFF);
        }
        final int run = IpText.longestZeroRun(groups);
        final int bestStart = run >> 8;
        final int bestLength = run & 0xFF;
        final StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(groups[i]));
            if (i < 7)
            {
                out.append(':');
            }
        }
        final String result = out.toString();
        return zone >= 0 ? result + text.substring(zone).toLowerCase(java.util.Locale.ROOT) : result;
    }

    /** Colon-separated hex groups; a last part in dotted IPv4 form counts as two groups. Null if malformed. */
    private static int[] groups(final String s)
    {
        if (s.isEmpty())
        {
            return new int[0];
        }
        final String[] parts = s.split(":", -1);
        final boolean dotted = parts[parts.length - 1].indexOf('.') >= 0;
        final int[] groups = new int[parts.length + (dotted ? 1 : 0)];
        for (int i = 0; i < parts.length; i++)
        {
            final String part = parts[i];
            if (dotted && i == parts.length - 1)
            {
                final int[] v4 = parseIpv4(part);
                if (v4 == null)
                {
                    return null;
                }
                groups[i] = v4[0] << 8 | v4[1];
                groups[i + 1] = v4[2] << 8 | v4[3];
                continue;
            }
            if (part.isEmpty() || part.length() > 4)
            {
                return null;
            }
            int value = 0;
            for (int c = 0; c < part.length(); c++)
            {
                final int digit = Character.digit(part.charAt(c), 16);
                if (digit < 0 || part.charAt(c) > 'f')
                {
                    return null;
                }
                value = value << 4 | digit;
            }
            groups[i] = value;
        }
        return groups;
    }
}
