package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class Rfc3339Test
{
    private static final DateTimeFormatter REFERENCE =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesWhatTheJavaTimeFormatterWritesForAnyMillisecond()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++)
        {
            final long millis = i % 2 == 0 ?
                random.nextLong(-62_167_219_200_000L, 253_402_300_800_000L) :
                1_795_000_000_000L + random.nextLong(0, 10_000);
            assertThat(Rfc3339.format(millis)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
        }
    }

    @Test
    void theEdgesOfTheFourDigitYearsAndOfSecondsAreExact()
    {
        for (final long millis : new long[] {0, -1, 999, 1000, -1000, -1001, -62_167_219_200_000L,
            253_402_300_799_999L, 951_782_400_000L, 1_709_164_800_000L})
        {
            assertThat(Rfc3339.format(millis)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
        }
    }

    @Test
    void yearsThatNeedASignGoToTheJavaTimeFormatter()
    {
        for (final long millis : new long[] {-62_167_219_200_001L, 253_402_300_800_000L, Long.MAX_VALUE / 1000})
        {
            assertThat(Rfc3339.write(millis, new byte[Rfc3339.LENGTH], 0)).isFalse();
            assertThat(Rfc3339.format(millis)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
        }
    }

    @Test
    void everyDayOfTheFourDigitYearsIsTheDateJavaTimeGives()
    {
        final byte[] out = new byte[Rfc3339.LENGTH];
        for (long day = LocalDate.of(0, 1, 1).toEpochDay(); day <= LocalDate.of(9999, 12, 31).toEpochDay(); day++)
        {
            Rfc3339.write(day * 86_400_000L + 43_200_000L, out, 0);
            final String date = new String(out, 0, 10, StandardCharsets.US_ASCII);
            if (!date.equals(LocalDate.ofEpochDay(day).toString()))
            {
                assertThat(date).as("epoch day %d", day).isEqualTo(LocalDate.ofEpochDay(day).toString());
            }
        }
    }

    /**
     * What RFC 3339's date-time is, and only that, is read (QA-256: {@code Instant.parse} alone took {@code 24:00},
     * a fraction without digits and an offset with seconds, and refused ten fraction digits); a fraction finer than a
     * millisecond rounds a window's bound up, digits beyond nanoseconds included.
     */
    @Test
    void readsRfc3339DateTimesOnly()
    {
        for (final String good : new String[] {"2026-12-02T09:31:20Z", "2026-12-02t09:31:20.5z",
            "2026-12-02T09:31:20.232+08:00", "2026-12-31T23:59:60Z", "2026-12-02T09:31:20.1234567890Z",
            "0000-01-01T00:00:00Z", "2026-12-02T09:31:20-05:30"})
        {
            assertThat(Rfc3339.read("t", good).instant()).as(good).isNotNull();
        }
        for (final String bad : new String[] {"2026-12-02T09:31:20.Z", "2026-12-01T24:00:00Z",
            "2026-12-02T09:31:20.232+08:00:00", "2026-12-02T09:31:20", "2026-12-02 09:31:20Z", "2026-12-02",
            "2026-02-30T00:00:00Z", "2026-12-02T09:31:20+0800", "+10000-01-01T00:00:00Z", " 2026-12-02T09:31:20Z",
            "2026-12-02T09:31:20,5Z", "1764667880000"})
        {
            final BadRequest refused = org.junit.jupiter.api.Assertions.assertThrows(BadRequest.class,
                () -> Rfc3339.read("createdFrom", bad), bad);
            assertThat(refused.getMessage()).as(bad).contains("createdFrom");
        }
        assertThat(Rfc3339.read("t", "2026-12-02T09:31:20.232Z").millisRoundedUp())
            .isEqualTo(Instant.parse("2026-12-02T09:31:20.232Z").toEpochMilli());
        assertThat(Rfc3339.read("t", "2026-12-02T09:31:20.2320001Z").millisRoundedUp())
            .isEqualTo(Instant.parse("2026-12-02T09:31:20.233Z").toEpochMilli());
        assertThat(Rfc3339.read("t", "2026-12-02T09:31:20.2320000001Z").millisRoundedUp())
            .as("a digit beyond nanoseconds").isEqualTo(Instant.parse("2026-12-02T09:31:20.233Z").toEpochMilli());
        assertThat(Rfc3339.read("t", "2026-12-02T09:31:20.2320000000Z").millisRoundedUp())
            .isEqualTo(Instant.parse("2026-12-02T09:31:20.232Z").toEpochMilli());
        assertThat(Rfc3339.parse("t", "2026-12-02T09:31:20.9999999999Z")).as("a sale's time rounded up too (QA-258)")
            .isEqualTo(Instant.parse("2026-12-02T09:31:21.000Z").toEpochMilli());
        assertThat(Rfc3339.parse("t", "2026-12-02T09:31:20.0001Z"))
            .isEqualTo(Instant.parse("2026-12-02T09:31:20.001Z").toEpochMilli());
    }

    /**
     * A leap second is read as the next minute's first instant, whatever its fraction or offset: no engine time falls
     * within it, and the first after it is that (read as second 59, a window from it let in the second before; QA-258).
     * Second 60 of any other minute than 23:59 UTC at a month's end is refused, as before (found in review).
     */
    @Test
    void aLeapSecondIsTheNextMinutesFirstInstant()
    {
        final long midnight = Instant.parse("2017-01-01T00:00:00Z").toEpochMilli();
        for (final String leap : new String[] {"2016-12-31T23:59:60Z", "2016-12-31T23:59:60.5Z",
            "2016-12-31T23:59:60.999999999999Z", "2017-01-01T07:59:60+08:00", "2016-12-31t23:59:60z"})
        {
            assertThat(Rfc3339.read("t", leap).millisRoundedUp()).as(leap).isEqualTo(midnight);
            assertThat(Rfc3339.parse("t", leap)).as(leap).isEqualTo(midnight);
        }
        assertThat(Rfc3339.read("t", "2016-12-31T23:59:59.999Z").millisRoundedUp()).isEqualTo(midnight - 1);
        org.junit.jupiter.api.Assertions.assertThrows(BadRequest.class,
            () -> Rfc3339.read("t", "9999-12-31T23:59:60Z"), "past the last time written");
        for (final String notLeap : new String[] {"2026-03-05T10:15:60Z", "2016-12-30T23:59:60Z",
            "2016-12-31T23:59:60+08:00", "2016-06-30T23:58:60Z"})
        {
            final BadRequest refused = org.junit.jupiter.api.Assertions.assertThrows(BadRequest.class,
                () -> Rfc3339.read("saleStartsAt", notLeap), notLeap);
            assertThat(refused.getMessage()).as(notLeap).contains("saleStartsAt").contains("leap second");
        }
        assertThat(Rfc3339.parse("t", "2016-06-30T23:59:60Z")).isEqualTo(Instant.parse("2016-07-01T00:00:00Z")
            .toEpochMilli());
    }

    /** A capacity day's start: an RFC 3339 full-time on a whole minute, seconds optional; "-00:00" reads as Z. */
    @Test
    void aDayStartIsAFullTimeOnAWholeMinute()
    {
        assertThat(Rfc3339.dayStart("f", "14:00:00+07:00")).isEqualTo(new Rfc3339.DayStart(840, 420));
        assertThat(Rfc3339.dayStart("f", "14:00+07:00")).isEqualTo(new Rfc3339.DayStart(840, 420));
        assertThat(Rfc3339.dayStart("f", "00:00:00.000Z")).isEqualTo(Rfc3339.DayStart.MIDNIGHT_UTC);
        assertThat(Rfc3339.dayStart("f", "23:59:00z")).isEqualTo(new Rfc3339.DayStart(1439, 0));
        assertThat(Rfc3339.dayStart("f", "00:00:00-00:00")).isEqualTo(Rfc3339.DayStart.MIDNIGHT_UTC);
        assertThat(Rfc3339.dayStart("f", "09:30:00-05:30")).isEqualTo(new Rfc3339.DayStart(570, -330));
        assertThat(Rfc3339.dayStart("f", "00:00:00+23:59")).isEqualTo(new Rfc3339.DayStart(0, 1439));
        for (final String notATime : new String[] {"24:00:00Z", "14:00:00", "14:00:00+7:00", "14:60Z", "2pm",
            "14:00:00+24:00", "T14:00:00Z", "14:00:00 +07:00", "", "2026-12-02T14:00:00Z", "14:00:60Z"})
        {
            final BadRequest refused = org.junit.jupiter.api.Assertions.assertThrows(BadRequest.class,
                () -> Rfc3339.dayStart("capacityDayStartsAt", notATime), notATime);
            assertThat(refused.getMessage()).as(notATime).contains("capacityDayStartsAt")
                .contains("such as 14:00:00+07:00");
        }
        for (final String notAWholeMinute : new String[] {"14:00:30+07:00", "14:00:00.5Z", "14:00:59.000Z"})
        {
            final BadRequest refused = org.junit.jupiter.api.Assertions.assertThrows(BadRequest.class,
                () -> Rfc3339.dayStart("capacityDayStartsAt", notAWholeMinute), notAWholeMinute);
            assertThat(refused.getMessage()).as(notAWholeMinute).contains("whole minute");
        }
    }

    @Test
    void writingATimeAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final byte[] out = new byte[Rfc3339.LENGTH];
        // Loaded and linked first: what loading the class allocates (its formatter for years beyond 9999, and the
        // classes its parser names) is not a write's.
        Rfc3339.write(0, out, 0);
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++)
        {
            // Two times an hour apart, as every hold writes them.
            Rfc3339.write(1_795_867_200_123L + i * 1_000L, out, 0);
            Rfc3339.write(1_795_870_800_123L + i * 1_000L, out, 0);
        }
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(10_000);
    }
}
