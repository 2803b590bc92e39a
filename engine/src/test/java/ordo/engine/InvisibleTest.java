package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class InvisibleTest
{
    @Test
    void findsAnInvisibleCharacterOfEveryUtf8LengthAndNothingElse()
    {
        assertThat(at("\u00ad")).as("soft hyphen, 2 bytes").isEqualTo(2);
        assertThat(at("\u3164")).as("Hangul filler, 3 bytes").isEqualTo(3);
        assertThat(at("\uDB40\uDC20")).as("tag space U+E0020, 4 bytes").isEqualTo(4);
        assertThat(at("\uDBFF\uDFFD")).as("U+10FFFD, private use").isEqualTo(4);
        assertThat(at("\u2800")).as("blank Braille cell").isEqualTo(3);
        assertThat(at("\u2065")).as("unassigned, but default-ignorable").isEqualTo(3);

        assertThat(at("a")).isZero();
        assertThat(at("\u00e9")).as("é").isZero();
        assertThat(at("\u3163")).as("the Hangul letter before the filler").isZero();
        assertThat(at("\u2801")).as("a Braille dot").isZero();
        assertThat(at("\uD83D\uDE00")).as("an emoji").isZero();
        assertThat(at("\u200a")).as("a space, which folds as a space, not as nothing").isZero();
    }

    @Test
    void aSequenceCutShortOrNotUtf8IsNotOne()
    {
        final byte[] filler = "\u3164".getBytes(StandardCharsets.UTF_8);
        assertThat(Invisible.at(filler, 0, 2)).isZero();
        assertThat(Invisible.at(new byte[] {(byte)0xE3, (byte)0x85, 'A'}, 0, 3)).isZero();
        assertThat(Invisible.at(new byte[] {(byte)0x85, (byte)0xA4}, 0, 2)).as("a continuation byte").isZero();
        assertThat(Invisible.at(new byte[] {(byte)0xF5, (byte)0x80, (byte)0x80, (byte)0x80}, 0, 4)).isZero();
        assertThat(Invisible.at(new byte[] {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80}, 0, 4))
            .as("beyond U+10FFFF").isZero();
        assertThat(Invisible.at(new byte[] {(byte)0xED, (byte)0xA0, (byte)0x80}, 0, 3)).as("a surrogate").isZero();
        assertThat(Invisible.at(new byte[] {(byte)0xE0, (byte)0x82, (byte)0xAD}, 0, 3)).as("U+00AD overlong").isZero();
        assertThat(Invisible.at(new byte[] {(byte)0xF0, (byte)0x82, (byte)0x80, (byte)0x8B}, 0, 4))
            .as("U+200B overlong").isZero();
        assertThat(Invisible.at(("x" + "\u3164").getBytes(StandardCharsets.UTF_8), 1, 4)).isEqualTo(3);
    }

    private static int at(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Invisible.at(bytes, 0, bytes.length);
    }
}
