package ordo.engine;

import java.util.Arrays;

/**
 * The sourcing decision kept with an order: per line what was asked and how it was met, and every candidate
 * node with its distance, cost, capacity, the units it could give each line, and why it won or lost. Written once
 * when the order is placed (the "why" of GET /v1/orders/{id}/sourcing); later backorder fills are on the order's
 * timeline instead. Owned by the engine thread.
 *
 * <p>Kept with every order for its life, so it is stored tight: arrays of exactly the candidates, copied from the
 * planner's table without zeroing; distances in an int (at most half the Earth's circumference: 20 015 km); the
 * candidate × line ATP in ints whenever every value fits one, as it nearly always does (longs otherwise).
 */
final class SourcingDecision
{
    long decidedAt;
    long decidedSeq;
    boolean exact;
    int shipments;
    long planCostMinor;

    int lineCount;
    int[] requested = NO_INTS;
    int[] fromReservation = NO_INTS;
    int[] allocated = NO_INTS;
    int[] backordered = NO_INTS;
    int[] cancelled = NO_INTS;

    int candidateCount;
    Location[] location = NO_LOCATIONS;
    byte[] reason = Order.EMPTY;
    int[] distanceMetres = NO_INTS;
    long[] costMinor = NO_LONGS;
    int[] capacityLeft = NO_INTS;
    int[] allocatedUnits = NO_INTS;
    /** candidate × line, row-major: units the candidate could give the line; {@link #atpWide} when one needs a long. */
    private int[] atpNarrow = NO_INTS;
    private long[] atpWide;

    private static final int[] NO_INTS = {};
    private static final long[] NO_LONGS = {};
    private static final Location[] NO_LOCATIONS = {};

    /** Sizes the line arrays (the candidate arrays come from {@link #candidates} or {@link #size}). */
    void lines(final int lines)
    {
        lineCount = lines;
        if (requested.length < lines)
        {
            requested = new int[lines];
            fromReservation = new int[lines];
            allocated = new int[lines];
            backordered = new int[lines];
            cancelled = new int[lines];
        }
    }

    void size(final int lines, final int candidates)
    {
        lines(lines);
        candidateCount = candidates;
        if (location.length < candidates)
        {
            location = new Location[candidates];
            reason = new byte[candidates];
            distanceMetres = new int[candidates];
            costMinor = new long[candidates];
            capacityLeft = new int[candidates];
            allocatedUnits = new int[candidates];
        }
    }

    /** Takes the candidate rows of a decision just made: copies of exactly {@code candidates} entries. */
    void candidates(final int candidates, final Location[] location, final byte[] reason, final int[] distanceMetres,
        final long[] costMinor, final int[] capacityLeft, final int[] allocatedUnits, final long[] atp)
    {
        candidateCount = candidates;
        this.location = Arrays.copyOf(location, candidates);
        this.reason = Arrays.copyOf(reason, candidates);
        this.distanceMetres = Arrays.copyOf(distanceMetres, candidates);
        this.costMinor = Arrays.copyOf(costMinor, candidates);
        this.capacityLeft = Arrays.copyOf(capacityLeft, candidates);
        this.allocatedUnits = Arrays.copyOf(allocatedUnits, candidates);
        atp(atp, candidates * lineCount);
    }

    long atp(final int candidate, final int line)
    {
        final int at = candidate * lineCount + line;
        return atpWide != null ? atpWide[at] : atpNarrow[at];
    }

    /** Sets the candidate × line ATP (row-major, {@code count} values). */
    void atp(final long[] values, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if ((int)values[i] != values[i])
            {
                atpWide = Arrays.copyOf(values, count);
                atpNarrow = NO_INTS;
                return;
            }
        }
        final int[] narrow = new int[count];
        for (int i = 0; i < count; i++)
        {
            narrow[i] = (int)values[i];
        }
        atpNarrow = narrow;
        atpWide = null;
    }

    long hash()
    {
        long h = Hashing.combine(Hashing.SEED, decidedAt);
        h = Hashing.combine(h, decidedSeq);
        h = Hashing.combine(h, exact ? 1 : 0);
        h = Hashing.combine(h, shipments);
        h = Hashing.combine(h, planCostMinor);
        for (int i = 0; i < lineCount; i++)
        {
            h = Hashing.combine(h, requested[i]);
            h = Hashing.combine(h, fromReservation[i]);
            h = Hashing.combine(h, allocated[i]);
            h = Hashing.combine(h, backordered[i]);
            h = Hashing.combine(h, cancelled[i]);
        }
        for (int c = 0; c < candidateCount; c++)
        {
            h = Hashing.combine(h, location[c].index);
            h = Hashing.combine(h, reason[c]);
            h = Hashing.combine(h, distanceMetres[c]);
            h = Hashing.combine(h, costMinor[c]);
            h = Hashing.combine(h, capacityLeft[c]);
            h = Hashing.combine(h, allocatedUnits[c]);
            for (int i = 0; i < lineCount; i++)
            {
                h = Hashing.combine(h, atp(c, i));
            }
        }
        return h;
    }

    @Override
    public String toString()
    {
        return "SourcingDecision{shipments=" + shipments + ", cost=" + planCostMinor + ", candidates=" +
            candidateCount + ", reasons=" + Arrays.toString(Arrays.copyOf(reason, candidateCount)) + "}";
    }
}
