package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpTextTest
{
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "203.0.113.7, 203.0.113.7",
        "203.000.113.007, 203.0.113.7",
        "2001:DB8::1, 2001:db8::1",
        "2001:db8:0:0:0:0:0:1, 2001:db8::1",
        "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "0:0:0:0:0:0:0:1, ::1",
        "::, ::",
        "fe80::1%ETH0, fe80::1%eth0",
        "::ffff:192.0.2.1, 192.0.2.1",
        "0:0:0:0:0:ffff:c000:0201, 192.0.2.1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "not-an-ip, not-an-ip",
        "1::2::3, 1::2::3",
        "256.1.1.1, 256.1.1.1",
        "ABC, abc"
    })
    void everySpellingOfAnAddressHasOneCanonicalForm(final String text, final String canonical)
    {
        assertThat(new String(IpText.canonical(text.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))
            .isEqualTo(canonical);
    }

    /** {@link IpText.Writer}'s bytes for a text, through a reused writer (as the fraud screen uses one). */
    private static byte[] written(final IpText.Writer writer, final byte[] text)
    {
        final int length = writer.canonical(new ByteSlice().wrap(new UnsafeBuffer(text), 0, text.length));
        return Arrays.copyOf(writer.bytes(), length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "203.0.113.7", "203.000.113.007", "2001:DB8::1", "2001:0db8:0000:0000:0001:0000:0000:0001", "::", "::1",
        "fe80::1%ETH0", "::ffff:192.0.2.1", "::FFFF:192.0.2.1%eth0", "0:0:0:0:0:ffff:c000:0201", "1:0:0:2:0:0:0:3",
        "not-an-ip", "1::2::3", "256.1.1.1", "ABC", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5::1.2.3.4",
        "1:2:3:4:5:6:7:8:9", ":::", ":1::2", "1:", "1.2.3.4.", "1.2.3", "::1.2.3.4", "g::1", "12345::1",
        "1:2:3:4:5:6:7:1.2.3.4", "%", "::%", "1.2.3.4%x", "abc%x:y", "0.0.0.0", "::0.0.0.0",
        // '%' before ':', a second "::" only in the zone, dotted parts first or not last, signs and spaces, too many
        "%:", "%1::2", "0::%::", "1::2%A::B", "1.2.3.4::", "1:1.2.3.4::5", "1.2.3.4:1::", "1.2:1::", "+1.2.3.4",
        "' 1.2.3.4'", "::+1.2.3.4", "::1.2.3.4.5", "::1.2.3", "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::",
        "1:2:3:4:5:6:7:8%", "12345:1:2:3:4:5:6:7", "::ffff:1.2.3.4:5", "0:0:0:0:0:FFFF:1.2.3.4%Z", "1::2:3:4:5:6:7",
        "::ffff:ffff:ffff"
    })
    void theWriterSpellsEveryTextAsCanonicalDoes(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(written(new IpText.Writer(), bytes), StandardCharsets.US_ASCII))
            .isEqualTo(new String(IpTextReference.canonical(bytes), StandardCharsets.US_ASCII));
    }

    /**
     * Random texts over the characters addresses are made of (and some they are not, a byte above 0x7F among them),
     * and random spellings of IPv6 addresses (leading zeros, upper case, "::" anywhere, a dotted tail, IPv4-mapped,
     * zones), through one writer reused for all, as the fraud screen reuses it: the same bytes as the String spelling.
     */
    @Test
    void theWriterAgreesWithCanonicalOverRandomTexts()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final byte[] alphabet = "0123456789abcdefABCDEF:.%gxZ- ".getBytes(StandardCharsets.US_ASCII);
        final IpText.Writer writer = new IpText.Writer();
        for (int round = 0; round < 20_000; round++)
        {
            final byte[] text;
            if (random.nextBoolean())
            {
                text = new byte[random.nextInt(random.nextInt(8) == 0 ? 200 : 40)];
                for (int i = 0; i < text.length; i++)
                {
                    text[i] = random.nextInt(50) == 0 ? (byte)0xC3 : alphabet[random.nextInt(alphabet.length)];
                }
            }
            else
            {
                text = randomIpv6(random).getBytes(StandardCharsets.US_ASCII);
            }
            assertThat(written(writer, text)).as("%s", new String(text, StandardCharsets.ISO_8859_1))
                .isEqualTo(IpTextReference.canonical(text));
        }
    }

    private static String randomIpv6(final SplittableRandom random)
    {
        final int[] groups = new int[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(4) == 0 ? 0xFFFF : random.nextInt(0x10000);
        }
        if (random.nextInt(6) == 0)
        {
            Arrays.fill(groups, 0, 5, 0);
            groups[5] = 0xFFFF;
        }
        final boolean dotted = random.nextInt(4) == 0;
        final int written = dotted ? 6 : 8;
        final int gapAt = random.nextInt(3) == 0 ? -1 : random.nextInt(written + 1);
        final int gapLength = gapAt < 0 ? 0 : random.nextInt(written - gapAt + 1);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < written; )
        {
            if (i == gapAt)
            {
                text.append(i == 0 ? "::" : ":");
                i += Math.max(gapLength, 1);
                continue;
            }
            String hex = Integer.toHexString(groups[i]);
            if (random.nextInt(4) == 0)
            {
                hex = "0".repeat(random.nextInt(5 - hex.length())) + hex;
            }
            text.append(random.nextBoolean() ? hex.toUpperCase(java.util.Locale.ROOT) : hex);
            i++;
            if (i < written)
            {
                text.append(':');
            }
        }
        if (dotted)
        {
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':')
            {
                text.append(':');
            }
            text.append(groups[6] >> 8).append('.').append(groups[6] & 0xFF).append('.')
                .append(groups[7] >> 8).append('.').append(groups[7] & 0xFF);
        }
        if (random.nextInt(5) == 0)
        {
            text.append('%').append(random.nextBoolean() ? "ETH0" : "en1");
        }
        return text.toString();
    }
}
