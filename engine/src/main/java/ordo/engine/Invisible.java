package ordo.engine;

/**
 * Code points that show nothing, by number (so the same on every JVM, whatever Unicode version its
 * {@link Character} knows): Unicode's Default_Ignorable_Code_Point ranges (the reserved code points in them too), the
 * blank Braille cell U+2800 and the private-use planes and area. The gateway refuses a text made of nothing else; the
 * fraud screen leaves them out of a street line's or a postal code's key, so a character nobody sees does not make an
 * address new (rules version 11).
 */
public final class Invisible
{
    private Invisible()
    {
    }

    public static boolean codePoint(final int c)
    {
        if (c < 0x00AD)
        {
            return false;
        }
        return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 || c == 0x17B4 ||
            c == 0x17B5 || (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F) ||
            (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || c == 0x2800 || c == 0x3164 ||
            (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 ||
            (c >= 0xFFF0 && c <= 0xFFF8) || c == 0x16FE4 || (c >= 0x1BCA0 && c <= 0x1BCA3) ||
            (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE0FFF) || (c >= 0xF0000 && c <= 0xFFFFD) ||
            (c >= 0x100000 && c <= 0x10FFFD);
    }

    /**
     * Bytes of an invisible character starting at {@code i} in UTF-8 text, or 0 (an ASCII byte, a visible character,
     * or bytes that are not a whole, shortest UTF-8 sequence within {@code length}; surrogates and code points beyond
     * U+10FFFF are none of the set).
     */
    public static int at(final byte[] bytes, final int i, final int length)
    {
        final int lead = bytes[i] & 0xFF;
        final int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
        if (size == 0 || lead > 0xF4 || i + size > length)
        {
            return 0;
        }
        int c = lead & (0x7F >> size);
        for (int k = 1; k < size; k++)
        {
            final int next = bytes[i + k] & 0xFF;
            if ((next & 0xC0) != 0x80)
            {
                return 0;
            }
            c = c << 6 | next & 0x3F;
        }
        // An overlong form (E0 82 AD for U+00AD) is not UTF-8: what it spells is no character.
        final int least = size == 2 ? 0x80 : size == 3 ? 0x800 : 0x10000;
        return c >= least && codePoint(c) ? size : 0;
    }
}
