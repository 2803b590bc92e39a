package ordo.engine;

/**
 * Great-circle distances between micro-degree coordinates, in whole metres. Only {@code StrictMath} is used for
 * the transcendental functions, and Java 17 arithmetic is strict, so every JVM computes the same metres and replay
 * makes the same sourcing decisions.
 *
 * <p>Points are kept as unit vectors (computed once per location, once per order); the distance is then
 * {@code 2R·asin(chord/2)} for the chord between the vectors — one sqrt and one asin per pair, and accurate at
 * short range (no cancellation, unlike the spherical law of cosines).
 *
 * <p>The asin per pair is {@link #asin}, written here in plain Java rather than {@code StrictMath.asin}: that one is
 * a JNI call into fdlibm (~30 ns, the largest single cost of sourcing an order over 50 nodes), this one a few
 * nanoseconds. It stays bit-identical on every JVM because it uses only {@code + − × ÷} and {@link Math#sqrt} on
 * doubles, each of which IEEE 754 and the JLS define as correctly rounded (Java 17 arithmetic is strict, and the
 * JIT never fuses a multiply and an add), with coefficients that are exact rational numbers rounded once; the
 * branches depend on the argument alone. It agrees with {@code StrictMath.asin} to within a few ulps; a distance
 * within 10 µm of a half metre, where those ulps could round the other way, is recomputed with
 * {@code StrictMath.asin}, so the metres are always exactly the ones StrictMath gives.
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
        final double half = StrictMath.sqrt(dx * dx + dy * dy + dz * dz) / 2;
        // Math.min(1.0, half) for every input, NaN and −0.0 included, without the sequence a double min compiles to
        // for those cases; 1 % of an order at 50 nodes went to it.
        final double halfChord = half > 1.0 ? 1.0 : half;
        final double metres = 2 * EARTH_RADIUS_METRES * asin(halfChord);
        final double fraction = metres - (long)metres;
        if (Math.abs(fraction - 0.5) < NEAR_HALF_METRE)
        {
            // Close enough to a half metre that asin's few ulps could round the other way: decide as
            // StrictMath.asin does, so every journal replays to the metres it was recorded with (found in review:
            // (0, 0) → (30.007846, −99.988191) is 10 968 092.4999999998 here, 10 968 092.500000002 there).
            return roundHalfUp(2 * EARTH_RADIUS_METRES * StrictMath.asin(halfChord));
        }
        return roundHalfUp(metres);
    }

    /**
     * {@link #asin} is within 8 ulps of {@code StrictMath.asin} (GeoTest), under 4·10⁻⁸ m at the longest distance on
     * Earth; a margin far beyond that, and rare enough (2·10⁻⁵ of pairs) to cost nothing.
     */
    private static final double NEAR_HALF_METRE = 1e-5;

    /**
     * {@code Math.round} for 0 ≤ v < 2^52, without its general-case bit handling: {@code v − floor(v)} is exact
     * there, so the comparison with 1/2 decides exactly as {@code Math.round} does (ties up).
     */
    static long roundHalfUp(final double v)
    {
        final long whole = (long)v;
        return v - whole >= 0.5 ? whole + 1 : whole;
    }

    private static final double HALF_PI = 0x1.921fb54442d18p0;
    /** Taylor coefficients of asin: (2n)! / (4^n (n!)^2 (2n+1)), each an exact fraction rounded once. */
    private static final double C1 = 1.0 / 6;
    private static final double C2 = 3.0 / 40;
    private static final double C3 = 5.0 / 112;
    private static final double C4 = 35.0 / 1152;
    private static final double C5 = 63.0 / 2816;
    private static final double C6 = 231.0 / 13312;
    private static final double C7 = 143.0 / 10240;
    /** Below this (about 100 km of arc) three terms leave a truncation error under 2^-60 of the result. */
    private static final double SHORT = 0x1p-7;
    /** Below this (about 800 km) seven terms leave one under 2^-60. */
    private static final double MEDIUM = 0x1p-4;

    /**
     * asin(x) for 0 ≤ x ≤ 1, deterministic (see the class comment). The Taylor series {@code x + x·Σ Cn·x^2n}
     * converges fast for small x, which is where sourcing distances are; larger arguments are first brought below
     * {@link #MEDIUM} by halving the angle — {@code sin(θ/2) = x / sqrt(2(1 + sqrt(1 − x²)))}, no cancellation —
     * or, above 1/2, by {@code asin(x) = π/2 − 2·asin(sqrt((1 − x)/2))} ({@code 1 − x} is exact there).
     */
    static double asin(final double x)
    {
        if (x <= SHORT)
        {
            final double t = x * x;
            return x + x * (t * (C1 + t * (C2 + t * C3)));
        }
        if (x <= MEDIUM)
        {
            return series(x);
        }
        if (x > 0.5)
        {
            return HALF_PI - 2 * asin(Math.sqrt((1 - x) / 2));
        }
        double half = x;
        double scale = 1;
        while (half > MEDIUM)
        {
            half = half / Math.sqrt(2 * (1 + Math.sqrt(1 - half * half)));
            scale *= 2;
        }
        return scale * series(half);
    }

    private static double series(final double x)
    {
        final double t = x * x;
        return x + x * (t * (C1 + t * (C2 + t * (C3 + t * (C4 + t * (C5 + t * (C6 + t * C7)))))));
    }

    static long distanceMetres(final int latA, final int lonA, final int latB, final int lonB)
    {
        final double[] a = unitVector(latA, lonA);
        final double[] b = unitVector(latB, lonB);
        return distanceMetres(a[0], a[1], a[2], b[0], b[1], b[2]);
    }
}
