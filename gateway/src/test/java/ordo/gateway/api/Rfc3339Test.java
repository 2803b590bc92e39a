package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
}
