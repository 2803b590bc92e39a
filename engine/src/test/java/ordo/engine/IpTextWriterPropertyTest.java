package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link IpText.Writer} against {@link IpTextReference#canonical} over texts the random test in IpTextTest rarely
 * makes: texts glued from the pieces that decide a parse ("::", ':' and '%' in any order, 5-digit groups, dotted parts anywhere,
 * '+' and spaces, bytes above 0x7F in hex, octets and zones, upper case), long texts that make the writer grow, and
 * every short text over a small alphabet; always through writers reused across texts, as the fraud screen reuses one.
 */
class IpTextWriterPropertyTest
{
    private static final String[] PIECES = {
        "0", "1", "00", "0000", "00000", "ff", "FFFF", "ffff", "fFfF", "abcd", "12345", "g", "G", "Z", "::", ":", ":::",
        ".", "%", "%ETH0", "%En1:", "%::", "1.2.3.4", "0.0.0.0", "255.255.255.255", "256", "255", "010", "1.2.3",
        "+1", " ", "\u0080", "\u00ff", "\u00c3", "::ffff:", "0:0:0:0:0:ffff:", "1:2:3:4:5:6:7:8", "a:b:c:d", "e:f",
        "-", "%%"
    };

    private final IpText.Writer shared = new IpText.Writer();

    private static byte[] latin1(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] written(final IpText.Writer writer, final byte[] text)
    {
        final int length = writer.canonical(new ByteSlice().wrap(new UnsafeBuffer(text), 0, text.length));
        return Arrays.copyOf(writer.bytes(), length);
    }

    private static void agrees(final IpText.Writer writer, final byte[] text)
    {
        assertThat(written(writer, text)).as("%s", new String(text, StandardCharsets.ISO_8859_1))
            .isEqualTo(IpTextReference.canonical(text));
    }

    @Provide
    Arbitrary<String> glued()
    {
        return Arbitraries.of(PIECES).list().ofMaxSize(20).map(pieces -> String.join("", pieces));
    }

    @Property(tries = 20_000)
    void theWriterAgreesWithCanonicalOverGluedTexts(@ForAll("glued") final String text)
    {
        agrees(shared, latin1(text));
    }

    @Provide
    Arbitrary<List<String>> longAndShort()
    {
        final Arbitrary<String> longText = Arbitraries.of(PIECES).list().ofMinSize(50).ofMaxSize(400)
            .map(pieces -> String.join("", pieces));
        final Arbitrary<String> repeated = Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(4)
            .map(pieces -> String.join("", pieces))
            .flatMap(unit -> Arbitraries.integers().between(1, 300).map(unit::repeat));
        return Arbitraries.oneOf(glued(), longText, repeated).list().ofMinSize(1).ofMaxSize(6);
    }

    /** Long texts (the scratch arrays grow) among short ones, through one new writer: no stale state, no overrun. */
    @Property(tries = 1_000)
    void theWriterAgreesOverLongTextsAmongShortOnes(@ForAll("longAndShort") final List<String> texts)
    {
        final IpText.Writer writer = new IpText.Writer();
        for (final String text : texts)
        {
            agrees(writer, latin1(text));
        }
    }

    /** Every text of up to six bytes over the bytes that steer the parse (and one above 0x7F), through one writer. */
    @Test
    void theWriterAgreesWithCanonicalOverEveryShortText()
    {
        final byte[] alphabet = latin1("0f1F:.%g\u0080");
        final IpText.Writer writer = new IpText.Writer();
        for (int length = 0; length <= 6; length++)
        {
            final byte[] text = new byte[length];
            final int[] digits = new int[length];
            while (true)
            {
                for (int i = 0; i < length; i++)
                {
                    text[i] = alphabet[digits[i]];
                }
                agrees(writer, text);
                int i = length - 1;
                while (i >= 0 && ++digits[i] == alphabet.length)
                {
                    digits[i--] = 0;
                }
                if (i < 0)
                {
                    break;
                }
            }
        }
    }
}
