package ordo.engine;

import java.util.Arrays;

/**
 * The sourcing decision kept with an order: per line what was asked and how it was met, and every candidate
 * node with its distance, cost, capacity, the units it could give each line, and why it won or lost. Written once
 * when the order is placed (the "why" of GET /v1/orders/{id}/sourcing); later backorder fills are on the order's
 * timeline instead. Owned by the engine thread.
 *
 * <p>Kept with every order for its life, so it is stored tight, yet every candidate row stays as it was at decision
 * time: arrays of exactly the candidates, copied from the planner's table without zeroing; distances in an int (at
 * most half the Earth's circumference: 20 015 km); costs and the candidate × line ATP in ints whenever every value
 * fits one, as they nearly always do (longs otherwise); capacities only when some node has a daily capacity; units
 * given only for the nodes that were given some; the candidate locations shared with the decision before when they
 * are the same nodes in the same order (the usual case in a network whose nodes stock the same SKUs: the arrays
 * are never written after they are taken). The accessors answer the full rows.
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
    /** Costs in ints when every one fits (nearly always), else {@link #costWide}. */
    private int[] costNarrow = NO_INTS;
    private long[] costWide;
    /** Null when no candidate has a daily capacity (-1 = unlimited everywhere: the usual network). */
    private int[] capacityLeft;
    /** Only the candidates that were given units: (candidate, units) pairs in candidate order. */
    private int[] allocatedPairs = NO_INTS;
    /** candidate × line, row-major: units the candidate could give the line; {@link #atpWide} when one needs a long. */
    private int[] atpNarrow = NO_INTS;
    private long[] atpWide;

    private static final int[] NO_INTS = {};
    private static final Location[] NO_LOCATIONS = {};
    private static final int UNLIMITED = -1;

    /** Sizes the line arrays (the candidate rows come from {@link #candidates}). */
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

    /**
     * Takes the candidate rows of a decision (just made, or read from a snapshot): exactly {@code candidates}
     * entries, each array copied without zeroing or stored in its compact form (see the class comment).
     */
    void candidates(final int candidates, final Location[] location, final byte[] reason, final int[] distanceMetres,
        final long[] costMinor, final int[] capacityLeft, final int[] allocatedUnits, final long[] atp)
    {
        candidates(candidates, location, reason, distanceMetres, costMinor, capacityLeft, allocatedUnits, atp, null);
    }

    /** As above, sharing {@code previous} (another decision's locations, or null) when it holds the same nodes. */
    void candidates(final int candidates, final Location[] location, final byte[] reason, final int[] distanceMetres,
        final long[] costMinor, final int[] capacityLeft, final int[] allocatedUnits, final long[] atp,
        final Location[] previous)
    {
        candidateCount = candidates;
        this.location = sameNodes(previous, location, candidates) ? previous : Arrays.copyOf(location, candidates);
        this.reason = Arrays.copyOf(reason, candidates);
        this.distanceMetres = Arrays.copyOf(distanceMetres, candidates);
        costWide = fitsInts(costMinor, candidates) ? null : Arrays.copyOf(costMinor, candidates);
        costNarrow = costWide == null ? narrow(costMinor, candidates) : NO_INTS;
        this.capacityLeft = null;
        int given = 0;
        for (int c = 0; c < candidates; c++)
        {
            if (capacityLeft[c] != UNLIMITED && this.capacityLeft == null)
            {
                this.capacityLeft = Arrays.copyOf(capacityLeft, candidates);
            }
            if (allocatedUnits[c] != 0)
            {
                given++;
            }
        }
        allocatedPairs = given == 0 ? NO_INTS : new int[given * 2];
        for (int c = 0, p = 0; c < candidates; c++)
        {
            if (allocatedUnits[c] != 0)
            {
                allocatedPairs[p++] = c;
                allocatedPairs[p++] = allocatedUnits[c];
            }
        }
        final int cells = candidates * lineCount;
        atpWide = fitsInts(atp, cells) ? null : Arrays.copyOf(atp, cells);
        atpNarrow = atpWide == null ? narrow(atp, cells) : NO_INTS;
    }

    private static boolean sameNodes(final Location[] previous, final Location[] location, final int candidates)
    {
        if (previous == null || previous.length != candidates)
        {
            return false;
        }
        for (int c = 0; c < candidates; c++)
        {
            if (previous[c] != location[c])
            {
                return false;
            }
        }
        return true;
    }

    long cost(final int candidate)
    {
        return costWide != null ? costWide[candidate] : costNarrow[candidate];
    }

    int capacityLeft(final int candidate)
    {
        return capacityLeft == null ? UNLIMITED : capacityLeft[candidate];
    }

    int allocatedUnits(final int candidate)
    {
        for (int p = 0; p < allocatedPairs.length; p += 2)
        {
            if (allocatedPairs[p] == candidate)
            {
                return allocatedPairs[p + 1];
            }
        }
        return 0;
    }

    long atp(final int candidate, final int line)
    {
        final int at = candidate * lineCount + line;
        return atpWide != null ? atpWide[at] : atpNarrow[at];
    }

    private static boolean fitsInts(final long[] values, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if ((int)values[i] != values[i])
            {
                return false;
            }
        }
        return true;
    }

    private static int[] narrow(final long[] values, final int count)
    {
        final int[] narrow = new int[count];
        for (int i = 0; i < count; i++)
        {
            narrow[i] = (int)values[i];
        }
        return narrow;
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
            h = Hashing.combine(h, cost(c));
            h = Hashing.combine(h, capacityLeft(c));
            h = Hashing.combine(h, allocatedUnits(c));
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
