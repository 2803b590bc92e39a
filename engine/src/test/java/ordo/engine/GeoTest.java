package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GeoTest
{
    @Test
    void thePlainJavaAsinGivesStrictMathsMetresOverEveryRangeItBranchesOn()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final double[] ranges = {0x1p-7, 0x1p-4, 0.5, 1.0};
        for (int k = 0; k < 400_000; k++)
        {
            final double x = random.nextDouble() * ranges[k % ranges.length];
            final double expected = StrictMath.asin(x);
            final double actual = Geo.asin(x);
            assertThat(Math.abs(actual - expected)).as("asin(%s)", x).isLessThanOrEqualTo(8 * Math.ulp(expected));
            assertThat(Math.round(2 * Geo.EARTH_RADIUS_METRES * actual))
                .as("metres for asin(%s)", x)
                .isEqualTo(Math.round(2 * Geo.EARTH_RADIUS_METRES * expected));
        }
        assertThat(Geo.asin(0)).isEqualTo(0);
        assertThat(Geo.asin(1)).isEqualTo(StrictMath.asin(1));
    }

    @Test
    void distancesBetweenMicroDegreePointsAreTheGreatCircleMetresOfStrictMath()
    {
        final SplittableRandom random = new SplittableRandom(5);
        for (int k = 0; k < 200_000; k++)
        {
            final int latA = random.nextInt(-90_000_000, 90_000_001);
            final int lonA = random.nextInt(-180_000_000, 180_000_001);
            final boolean near = k % 2 == 0;
            final int latB = near ? Math.max(-90_000_000, Math.min(90_000_000, latA + random.nextInt(-3_000_000, 3_000_000))) :
                random.nextInt(-90_000_000, 90_000_001);
            final int lonB = near ? lonA + random.nextInt(-3_000_000, 3_000_000) : random.nextInt(-180_000_000, 180_000_001);
            final double[] a = Geo.unitVector(latA, lonA);
            final double[] b = Geo.unitVector(latB, lonB);
            final double dx = a[0] - b[0];
            final double dy = a[1] - b[1];
            final double dz = a[2] - b[2];
            final double halfChord = Math.min(1.0, StrictMath.sqrt(dx * dx + dy * dy + dz * dz) / 2);
            assertThat(Geo.distanceMetres(latA, lonA, latB, lonB))
                .as("(%d, %d) to (%d, %d)", latA, lonA, latB, lonB)
                .isEqualTo(Math.round(2 * Geo.EARTH_RADIUS_METRES * StrictMath.asin(halfChord)));
        }
    }

    @Test
    void roundingHalfUpIsMathRoundForEveryDistance()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final double[] edges = {0, 0.5, 0.49999999999999994, 1.5, 2.5, 20_015_086.5, 0x1p52 - 0.5};
        for (final double v : edges)
        {
            assertThat(Geo.roundHalfUp(v)).as("%s", v).isEqualTo(Math.round(v));
        }
        for (int k = 0; k < 200_000; k++)
        {
            final double v = random.nextDouble() * 40_000_000;
            assertThat(Geo.roundHalfUp(v)).as("%s", v).isEqualTo(Math.round(v));
            final double half = Math.floor(v) + 0.5;
            assertThat(Geo.roundHalfUp(half)).as("%s", half).isEqualTo(Math.round(half));
        }
    }

    /**
     * A distance a fraction of a nanometre from a half metre, where the plain-Java asin and StrictMath's round
     * different ways (found in review): the metres are StrictMath's, as journals recorded before the change expect.
     */
    @Test
    void aDistanceNanometresFromAHalfMetreRoundsAsStrictMathDoes()
    {
        final double[] a = Geo.unitVector(0, 0);
        final double[] b = Geo.unitVector(30_007_846, -99_988_191);
        final double dx = a[0] - b[0];
        final double dy = a[1] - b[1];
        final double dz = a[2] - b[2];
        final double halfChord = StrictMath.sqrt(dx * dx + dy * dy + dz * dz) / 2;
        final long strict = Math.round(2 * Geo.EARTH_RADIUS_METRES * StrictMath.asin(halfChord));
        assertThat(strict).isEqualTo(10_968_093);
        assertThat(Geo.distanceMetres(0, 0, 30_007_846, -99_988_191)).isEqualTo(strict);
    }
}
