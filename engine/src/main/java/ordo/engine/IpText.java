package ordo.engine;

import java.nio.charset.StandardCharsets;

/**
 * One spelling per IP address, so blocklists and velocity keys match however a client or an admin wrote it:
 * IPv4 as four decimal octets without leading zeros; IPv6 as RFC 5952 says (lower-case hex, no leading zeros, the
 * longest run of two or more zero groups as "::", the first such run on a tie); an IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}) as its IPv4 address. Text that is not an address is only lower-cased (read as US-ASCII:
 * a byte above 0x7F is '?'). Pure, and with a {@link Writer} allocation-free; runs on the engine thread, so it
 * never resolves a name.
 */
final class IpText
{
    private IpText()
    {
    }

    /** The canonical spelling of {@code text}'s bytes (rules, once each; the fraud screen keeps a {@link Writer}). */
    static byte[] canonical(final byte[] text)
    {
        final Writer writer = new Writer();
        final int length = writer.canonical(new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(text), 0,
            text.length));
        return java.util.Arrays.copyOf(writer.bytes(), length);
    }

    /**
     * The run of zero groups "::" stands for (RFC 5952): the longest of two or more, the first on a tie; as its start
     * times 256 plus its length, the start -1 (and the length 1) when there is none.
     */
    static int longestZeroRun(final int[] groups)
    {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; )
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0)
            {
                j++;
            }
            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        return bestStart * 256 + bestLength;
    }

    /**
     * The canonical spelling without allocating, for the engine thread's fraud screen: the text is read into a
     * scratch array, parsed into scratch groups and written into an output array, each reused (they only grow, to
     * the longest text seen). The bytes are exactly those of the String spelling it replaced (IpTextReference, in
     * the tests). One per thread.
     */
    static final class Writer
    {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        private byte[] in = new byte[64];
        private byte[] out = new byte[64];
        private final int[] groups = new int[8];
        private final int[] front = new int[8];
        private final int[] back = new int[8];
        private final int[] octets = new int[4];
        private int length;
        private int written;

        /** Writes the canonical spelling of the slice's bytes; answers its length ({@link #bytes} holds it). */
        int canonical(final ByteSlice text)
        {
            length = text.length();
            if (in.length < length)
            {
                in = new byte[Math.max(length, in.length * 2)];
            }
            text.copyTo(in);
            // Never longer than the text (a dotted quad of 7+ bytes becomes at most two groups of 4 hex digits and a
            // colon, a "::" replaces what it stands for), but a text of a few bytes may still need the room.
            if (out.length < length + 16)
            {
                out = new byte[Math.max(length + 16, out.length * 2)];
            }
            written = 0;
            final boolean done = indexOf(':', 0, length) >= 0 ? ipv6() : ipv4(0, length);
            if (!done)
            {
                written = 0;
                for (int i = 0; i < length; i++)
                {
                    final byte b = in[i];
                    // As the String spelling does: US-ASCII, a byte above 0x7F is '?'; lower-cased letters.
                    out[written++] = b < 0 ? (byte)'?' : b >= 'A' && b <= 'Z' ? (byte)(b + ('a' - 'A')) : b;
                }
            }
            return written;
        }

        /** The canonical spelling written last ({@link #canonical}'s length of it). */
        byte[] bytes()
        {
            return out;
        }

        private int indexOf(final char c, final int from, final int to)
        {
            for (int i = from; i < to; i++)
            {
                if (in[i] == c)
                {
                    return i;
                }
            }
            return -1;
        }

        /** The four octets of {@code in[from, to)} into {@link #octets}; false if it is not a dotted quad. */
        private boolean parseIpv4(final int from, final int to)
        {
            int part = 0;
            int start = from;
            for (int i = from; i <= to; i++)
            {
                if (i < to && in[i] != '.')
                {
                    continue;
                }
                if (part == 4)
                {
                    return false; // a fifth part
                }
                final int digits = i - start;
                if (digits == 0 || digits > 3)
                {
                    return false;
                }
                int value = 0;
                for (int c = start; c < i; c++)
                {
                    final byte ch = in[c];
                    if (ch < '0' || ch > '9')
                    {
                        return false;
                    }
                    value = value * 10 + (ch - '0');
                }
                if (value > 255)
                {
                    return false;
                }
                octets[part++] = value;
                start = i + 1;
            }
            return part == 4;
        }

        private boolean ipv4(final int from, final int to)
        {
            if (!parseIpv4(from, to))
            {
                return false;
            }
            for (int i = 0; i < 4; i++)
            {
                if (i > 0)
                {
                    out[written++] = '.';
                }
                decimal(octets[i]);
            }
            return true;
        }

        private void decimal(final int value)
        {
            if (value >= 100)
            {
                out[written++] = (byte)('0' + value / 100);
            }
            if (value >= 10)
            {
                out[written++] = (byte)('0' + value / 10 % 10);
            }
            out[written++] = (byte)('0' + value % 10);
        }

        private boolean ipv6()
        {
            final int zone = indexOf('%', 0, length);
            final int end = zone >= 0 ? zone : length;
            int gap = -1;
            for (int i = 0; i + 1 < end; i++)
            {
                if (in[i] == ':' && in[i + 1] == ':')
                {
                    gap = i;
                    break;
                }
            }
            if (gap >= 0)
            {
                for (int i = gap + 1; i + 1 < end; i++)
                {
                    if (in[i] == ':' && in[i + 1] == ':')
                    {
                        return false; // a second "::" (":::" too)
                    }
                }
            }
            final int frontCount = gap >= 0 ? groups(0, gap, front) : groups(0, end, front);
            final int backCount = gap >= 0 ? groups(gap + 2, end, back) : 0;
            if (frontCount < 0 || backCount < 0)
            {
                return false;
            }
            if (gap < 0 ? frontCount != 8 : frontCount + backCount > 7)
            {
                return false;
            }
            java.util.Arrays.fill(groups, 0);
            System.arraycopy(front, 0, groups, 0, frontCount);
            System.arraycopy(back, 0, groups, 8 - backCount, backCount);
            if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 &&
                groups[5] == 0xFFFF)
            {
                decimal(groups[6] >> 8);
                out[written++] = '.';
                decimal(groups[6] & 0xFF);
                out[written++] = '.';
                decimal(groups[7] >> 8);
                out[written++] = '.';
                decimal(groups[7] & 0xFF);
                return true; // the zone is dropped, as the String spelling drops it
            }
            final int run = longestZeroRun(groups);
            final int bestStart = run >> 8;
            final int bestLength = run & 0xFF;
            for (int i = 0; i < 8; i++)
            {
                if (i == bestStart)
                {
                    out[written++] = ':';
                    if (i == 0)
                    {
                        out[written++] = ':';
                    }
                    i += bestLength - 1;
                    continue;
                }
                hex(groups[i]);
                if (i < 7)
                {
                    out[written++] = ':';
                }
            }
            for (int i = zone < 0 ? length : zone; i < length; i++)
            {
                final byte b = in[i];
                out[written++] = b < 0 ? (byte)'?' : b >= 'A' && b <= 'Z' ? (byte)(b + ('a' - 'A')) : b;
            }
            return true;
        }

        private void hex(final int value)
        {
            boolean started = false;
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                final int digit = value >> shift & 0xF;
                if (digit != 0 || started || shift == 0)
                {
                    out[written++] = HEX[digit];
                    started = true;
                }
            }
        }

        /**
         * The colon-separated hex groups of {@code in[from, to)} into {@code into} (a last part in dotted IPv4 form
         * counts as two); answers how many, or -1 if malformed or more than eight (never an address then).
         */
        private int groups(final int from, final int to, final int[] into)
        {
            if (from == to)
            {
                return 0;
            }
            int lastStart = from;
            for (int i = from; i < to; i++)
            {
                if (in[i] == ':')
                {
                    lastStart = i + 1;
                }
            }
            final boolean dotted = indexOf('.', lastStart, to) >= 0;
            int count = 0;
            int start = from;
            for (int i = from; i <= to; i++)
            {
                if (i < to && in[i] != ':')
                {
                    continue;
                }
                if (dotted && start == lastStart)
                {
                    if (count + 2 > 8 || !parseIpv4(start, to))
                    {
                        return -1;
                    }
                    into[count++] = octets[0] << 8 | octets[1];
                    into[count++] = octets[2] << 8 | octets[3];
                    break;
                }
                final int digits = i - start;
                if (digits == 0 || digits > 4 || count == 8)
                {
                    return -1;
                }
                int value = 0;
                for (int c = start; c < i; c++)
                {
                    final int digit = hexDigit(in[c]);
                    if (digit < 0)
                    {
                        return -1;
                    }
                    value = value << 4 | digit;
                }
                into[count++] = value;
                start = i + 1;
            }
            return count;
        }

        private static int hexDigit(final byte b)
        {
            if (b >= '0' && b <= '9')
            {
                return b - '0';
            }
            if (b >= 'a' && b <= 'f')
            {
                return b - 'a' + 10;
            }
            if (b >= 'A' && b <= 'F')
            {
                return b - 'A' + 10;
            }
            return -1;
        }
    }
}
