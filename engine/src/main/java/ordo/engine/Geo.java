package ordo.engine;

/**
 * Great-circle distances between micro-degree coordinates, in whole metres. Only {@code StrictMath} is used for
 * the transcendental functions, and Java 17 arithmetic is strict, so every JVM computes the same metres and replay
 * makes the same sourcing decisions.
 *
 * <p>Points are kept as unit vectors (computed once per location, once per order); the distance is then
 * {@code 2R·asin(chord/2)} for the chord between the vectors — one sqrt and one asin per pair, and accurate at
 * short range (no cancellation, unlike the spherical law of cosines).
 */
final class Geo
{
    /** Mean Earth radius (IUGG). */
    static final double EARTH_RADIUS_METRES = 6_371_008.8;

    private Geo()
    {
    }

    static double[] unitVector(final int latMicro, final int lonMicro)
    {
        final double lat = StrictMath.toRadians(latMicro / 1e6);
        final double lon = StrictMath.toRadians(lonMicro / 1e6);
        final double cosLat = StrictMath.cos(lat);
        return new double[]{cosLat * StrictMath.cos(lon), cosLat * StrictMath.sin(lon), StrictMath.sin(lat)};
    }

    static long distanceMetres(final double ax, final double ay, final double az,
        final double bx, final double by, final double bz)
    {
        final double dx = ax - bx;
        final double dy = ay - by;
        final double dz = az - bz;
        final double halfChord = StrictMath.sqrt(dx * dx + dy * dy + dz * dz) / 2;
        return Math.round(2 * EARTH_RADIUS_METRES * StrictMath.asin(Math.min(1.0, halfChord)));
    }

    static long distanceMetres(final int latA, final int lonA, final int latB, final int lonB)
    {
        final double[] a = unitVector(latA, lonA);
        final double[] b = unitVector(latB, lonB);
        return distanceMetres(a[0], a[1], a[2], b[0], b[1], b[2]);
    }
}
