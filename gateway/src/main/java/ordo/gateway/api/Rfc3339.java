package ordo.gateway.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Engine times (epoch milliseconds) as RFC 3339 UTC with milliseconds, {@code 2026-11-28T09:00:00.123Z}: what
 * {@code DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")} writes, at a fraction of its cost (that
 * formatter built zone rules and a BigDecimal per call and was most of the reply thread's time). The date is worked
 * out by arithmetic from the day number, as {@code LocalDate.ofEpochDay} does, without its objects: a cache of the
 * last second made a {@code LocalDateTime}, its date and time and a new prefix on every other call, since a hold
 * writes two times an hour or more apart ({@code createdAt}, {@code expiresAt}).
 *
 * <p>Thread-safe: no state. Years outside 0000–9999 (which need a sign) go to the {@code DateTimeFormatter}.
 */
final class Rfc3339
{
    static final int LENGTH = 24;
    /** Where the seconds of a date-time the parser matched start. */
    private static final int SECONDS = 17;
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in epoch seconds. */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_799L;
    private static final DateTimeFormatter SLOW =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Days from 0000-03-01 to 1970-01-01: the day count starts on a March so that a leap day ends its year. */
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468;
    private static final int DAYS_PER_400_YEARS = 146_097;

    private Rfc3339()
    {
    }

    /**
     * An RFC 3339 time, e.g. {@code 2026-11-28T09:00:00.000Z}, in epoch milliseconds, a finer fraction rounded up
     * ({@link Time#millisRoundedUp}: a sale window is {@code [start, end)} in engine time, as an order list's window
     * is; truncated, a sale written to start at {@code 00.0001Z} opened at {@code 00.000Z}: QA-258); 400 naming
     * {@code field} for anything else, or a year beyond 0000–9999.
     */
    static long parse(final String field, final String text)
    {
        return read(field, text).millisRoundedUp();
    }

    /**
     * A time read: its instant to the nanosecond, and whether the fraction had digits beyond nanoseconds that were
     * not all 0 (RFC 3339 allows any number of them; {@code Instant.parse} takes nine at most).
     */
    record Time(Instant instant, boolean beyondNanos)
    {
        /**
         * In whole milliseconds, a finer fraction rounded up: a window's bound, so that an engine time (whole
         * milliseconds) is within {@code [from, before)} exactly when the time written is (truncated, {@code
         * 00.0005Z} let in an order of {@code 00.000Z}, found in review).
         */
        long millisRoundedUp()
        {
            return instant.toEpochMilli() + (instant.getNano() % 1_000_000 != 0 || beyondNanos ? 1 : 0);
        }
    }

    /**
     * An RFC 3339 date-time (section 5.6): a full date, {@code T}, hours 00–23, minutes, seconds, an optional fraction
     * of one digit or more, and {@code Z} or an offset {@code ±hh:mm}; either letter in either case. {@code
     * Instant.parse} alone took {@code 24:00}, a fraction without digits and an offset with seconds, and refused a
     * fraction of ten digits (QA-256). Second 60 is a leap second, which falls at 23:59:60 UTC at a month's end
     * (RFC 3339 section 5.7; another minute's is refused, as {@code Instant.parse} refused it: found in review), and is
     * read as the next month's first instant: engine time has no leap seconds, and the first engine time at or after
     * any instant of one is that (read as second 59, as {@code Instant.parse} reads it, a window or a sale starting at
     * the leap second let in the second before it: QA-258).
     */
    static Time read(final String field, final String text)
    {
        final Matcher m = Parsing.DATE_TIME.matcher(text);
        if (!m.matches())
        {
            throw BadRequest.field(field, "must be an RFC 3339 time such as 2026-11-28T09:00:00.000Z");
        }
        final String fraction = m.group(1);
        boolean beyondNanos = false;
        String nanosText = text;
        final boolean leap = text.startsWith("60", SECONDS);
        if (leap)
        {
            // Second 59 without its fraction, a second later: the next minute's first instant.
            nanosText = text.substring(0, SECONDS) + "59" + text.substring(fraction == null ? SECONDS + 2 : m.end(1));
        }
        else if (fraction != null && fraction.length() > 10)
        {
            // '.' and nine digits kept; what follows only says whether the time is finer than that.
            for (int i = 10; i < fraction.length(); i++)
            {
                beyondNanos |= fraction.charAt(i) != '0';
            }
            nanosText = text.substring(0, m.start(1) + 10) + text.substring(m.end(1));
        }
        final Instant time;
        try
        {
            final Instant parsed = Instant.parse(nanosText);
            time = leap ? parsed.plusSeconds(1) : parsed;
            if (leap && !isMonthStart(time.getEpochSecond()))
            {
                throw BadRequest.field(field, "has second 60, which is a leap second only at 23:59:60 UTC at the " +
                    "end of a month");
            }
        }
        catch (final DateTimeParseException e)
        {
            throw BadRequest.field(field, "must be an RFC 3339 time such as 2026-11-28T09:00:00.000Z");
        }
        // RFC 3339 has four-digit years; Instant.parse takes signed ones far beyond, where toEpochMilli overflowed
        // into a 500 (found in QA).
        // (Seconds compared: no Instant made when the class loads, which writing a time must not allocate for.)
        if (time.getEpochSecond() < MIN_SECOND || time.getEpochSecond() > MAX_SECOND)
        {
            throw BadRequest.field(field,
                "must be an RFC 3339 time between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
        }
        return new Time(time, beyondNanos);
    }

    /** A time of day at a UTC offset, in minutes: when a location's capacity day begins. */
    record DayStart(int minute, int offsetMinutes)
    {
        static final DayStart MIDNIGHT_UTC = new DayStart(0, 0);
    }

    /**
     * An RFC 3339 {@code full-time} (section 5.6) on a whole minute: hours 00–23, minutes, optionally seconds 00, then
     * {@code Z} or an offset {@code ±hh:mm} ({@code -00:00}, "offset unknown", is read as {@code Z}); e.g.
     * {@code 14:00:00+07:00} or {@code 14:00+07:00}. 400 naming {@code field} for anything else.
     */
    static DayStart dayStart(final String field, final String text)
    {
        final Matcher m = Parsing.FULL_TIME.matcher(text);
        if (!m.matches())
        {
            throw BadRequest.field(field, "must be a time of day with its UTC offset, such as 14:00:00+07:00 " +
                "(RFC 3339 full-time)");
        }
        if (m.group(3) != null && !m.group(3).matches(":00(\\.0+)?"))
        {
            throw BadRequest.field(field, "must be on a whole minute (seconds 00), such as 14:00:00+07:00");
        }
        final int minute = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
        final String offset = m.group(4);
        if (offset.equalsIgnoreCase("Z"))
        {
            return new DayStart(minute, 0);
        }
        final int magnitude = Integer.parseInt(offset.substring(1, 3)) * 60 + Integer.parseInt(offset.substring(4, 6));
        return new DayStart(minute, offset.charAt(0) == '-' ? -magnitude : magnitude);
    }

    /** Whether the epoch second is 00:00:00 UTC on the first day of a month. */
    private static boolean isMonthStart(final long epochSecond)
    {
        return Math.floorMod(epochSecond, 86_400) == 0 &&
            java.time.LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400)).getDayOfMonth() == 1;
    }

    /** The parser's pattern, made when a time is first read (writing times needs none). */
    private static final class Parsing
    {
        static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt](?:[01]\\d|2[0-3]):[0-5]\\d:" +
            "(?:[0-5]\\d|60)(\\.\\d+)?(?:[Zz]|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)");
        /** A time of day: hours, minutes, any seconds (checked after), an offset. */
        static final Pattern FULL_TIME = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)(:[0-5]\\d(?:\\.\\d+)?)?" +
            "([Zz]|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)");
    }

    static String format(final long epochMillis)
    {
        final byte[] out = new byte[LENGTH];
        if (!write(epochMillis, out, 0))
        {
            return SLOW.format(Instant.ofEpochMilli(epochMillis));
        }
        return new String(out, StandardCharsets.US_ASCII);
    }

    /**
     * Writes the {@link #LENGTH} ASCII bytes of the time at {@code offset}.
     *
     * @return false, writing nothing, for a year outside 0000–9999 (use {@link #format})
     */
    static boolean write(final long epochMillis, final byte[] out, final int offset)
    {
        final long second = Math.floorDiv(epochMillis, 1000);
        if (second < MIN_SECOND || second > MAX_SECOND)
        {
            return false;
        }
        writeDate(Math.floorDiv(second, 86_400), out, offset);
        final int secondOfDay = (int)Math.floorMod(second, 86_400);
        out[offset + 10] = 'T';
        digits(out, offset + 11, secondOfDay / 3600, 2);
        out[offset + 13] = ':';
        digits(out, offset + 14, secondOfDay / 60 % 60, 2);
        out[offset + 16] = ':';
        digits(out, offset + 17, secondOfDay % 60, 2);
        out[offset + 19] = '.';
        final int millis = (int)Math.floorMod(epochMillis, 1000);
        out[offset + 20] = (byte)('0' + millis / 100);
        out[offset + 21] = (byte)('0' + millis / 10 % 10);
        out[offset + 22] = (byte)('0' + millis % 10);
        out[offset + 23] = 'Z';
        return true;
    }

    /**
     * {@code yyyy-MM-dd} of a day from 0000-01-01 on: the civil-from-days algorithm (H. Hinnant), which counts in
     * 400-year eras of years that start on March 1st.
     */
    private static void writeDate(final long epochDay, final byte[] out, final int offset)
    {
        final long days = epochDay + DAYS_0000_03_01_TO_EPOCH;
        final long era = Math.floorDiv(days, DAYS_PER_400_YEARS);
        final int dayOfEra = (int)(days - era * DAYS_PER_400_YEARS);
        final int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final int monthFromMarch = (5 * dayOfYear + 2) / 153;
        final int day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        final int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        final int year = (int)(era * 400) + yearOfEra + (month <= 2 ? 1 : 0);
        digits(out, offset, year, 4);
        out[offset + 4] = '-';
        digits(out, offset + 5, month, 2);
        out[offset + 7] = '-';
        digits(out, offset + 8, day, 2);
    }

    private static void digits(final byte[] out, final int offset, final int value, final int width)
    {
        int v = value;
        for (int i = offset + width - 1; i >= offset; i--)
        {
            out[i] = (byte)('0' + v % 10);
            v /= 10;
        }
    }
}
