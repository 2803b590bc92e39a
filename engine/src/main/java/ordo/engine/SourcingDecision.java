package ordo.engine;

import java.util.Arrays;

/**
 * The sourcing decision kept with an order: per line what was asked and how it was met, and every candidate
 * node with its distance, cost, capacity, the units it could give each line, and why it won or lost. Written once
 * when the order is placed (the "why" of GET /v1/orders/{id}/sourcing), and once for each later backorder fill
 * (a one-line decision, kept in {@link BackorderFills}). Owned by the engine thread; never written after it is
 * recorded.
 *
 * <p>Kept with every order for its life, so it is stored tight, every value exactly as recorded (the accessors
 * answer the full values): the per-line figures in one array; the candidate rows in arrays of exactly the
 * candidates, each column in the narrowest element type that holds every value this decision has — distances and
 * costs (+ 1, so that −1 = unknown fits) in a {@code char} when under 65 535 (a local network), else an int (or a
 * long); the candidate × line ATP as differences from one base (the first candidate's first ATP: a network's ATPs
 * are close to each other, all large in a well-stocked network and all small in a sparse one) in a byte, short or
 * int when they fit, else the ATPs themselves in longs; capacities only when some node has a daily capacity; units
 * given only for the nodes that were given some. At 50 candidates and 3 lines the ATP column is 0.3 KB instead of
 * 0.6 KB. Each column is one pass to find its range and one to copy (loops the compiler vectorises), no more work
 * than copying it whole. The candidate locations are shared with the decision before when they are the same nodes
 * in the same order (the usual case in a network whose nodes stock the same SKUs: the arrays are never written
 * after they are taken).
 */
final class SourcingDecision
{
    /** Per line: requested, fromReservation, allocated, backordered, cancelled. */
    static final int LINE_VALUES = 5;
    private static final int UNLIMITED = -1;
    private static final int[] NO_INTS = {};
    private static final Location[] NO_LOCATIONS = {};
    /** A char holds a value + 1 in 0..65 535: −1 (unknown) up to 65 534. */
    private static final long CHAR_MAX = Character.MAX_VALUE - 1;

    long decidedAt;
    long decidedSeq;
    boolean exact;
    int shipments;
    long planCostMinor;

    int lineCount;
    /** {@link #LINE_VALUES} per line. */
    private int[] lineValues = NO_INTS;

    int candidateCount;
    Location[] location = NO_LOCATIONS;
    private byte[] reason = Order.EMPTY;
    /** char[] (metres + 1) or int[]. */
    private Object distances = NO_INTS;
    /** char[] (cost + 1), int[] or long[]. */
    private Object costs = NO_INTS;
    /** Null when no candidate has a daily capacity (-1 = unlimited everywhere: the usual network). */
    private int[] capacityLeft;
    /** Only the candidates that were given units: (candidate, units) pairs in candidate order. */
    private int[] allocatedPairs = NO_INTS;
    /** candidate × line, row-major: byte[], short[] or int[] of differences from {@link #atpBase}, or long[] ATPs. */
    private Object atps = NO_INTS;
    private long atpBase;

    /**
     * Takes a decision (just made, or read from a snapshot): {@code lineValues} holds {@link #LINE_VALUES} per line,
     * the candidate arrays at least {@code candidates} entries (ATP: candidate × line, row-major); each is copied in
     * its compact form (see the class comment).
     */
    void record(final int lines, final int[] lineValues, final int candidates, final Location[] location,
        final byte[] reason, final int[] distanceMetres, final long[] costMinor, final int[] capacityLeft,
        final int[] allocatedUnits, final long[] atp)
    {
        record(lines, lineValues, candidates, location, reason, distanceMetres, costMinor, capacityLeft,
            allocatedUnits, atp, null);
    }

    /** As above, sharing {@code previous} (another decision's locations, or null) when it holds the same nodes. */
    void record(final int lines, final int[] lineValues, final int candidates, final Location[] location,
        final byte[] reason, final int[] distanceMetres, final long[] costMinor, final int[] capacityLeft,
        final int[] allocatedUnits, final long[] atp, final Location[] previous)
    {
        lineCount = lines;
        this.lineValues = Arrays.copyOf(lineValues, lines * LINE_VALUES);
        candidateCount = candidates;
        this.location = sameNodes(previous, location, candidates) ? previous : Arrays.copyOf(location, candidates);
        this.reason = Arrays.copyOf(reason, candidates);
        distances = narrowInts(distanceMetres, candidates);
        costs = narrowLongs(costMinor, candidates);
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
        recordAtps(atp, candidates * lines);
    }

    private void recordAtps(final long[] atp, final int cells)
    {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int k = 0; k < cells; k++)
        {
            min = Math.min(min, atp[k]);
            max = Math.max(max, atp[k]);
        }
        final long base = cells == 0 ? 0 : atp[0];
        // base is one of the values, so both spans are ≥ 0 unless they overflow (then they are negative).
        final long above = max - base;
        final long below = base - min;
        atpBase = base;
        if (above >= 0 && below >= 0 && above <= Byte.MAX_VALUE && below <= -Byte.MIN_VALUE)
        {
            final byte[] narrow = new byte[cells];
            for (int k = 0; k < cells; k++)
            {
                narrow[k] = (byte)(atp[k] - base);
            }
            atps = narrow;
        }
        else if (above >= 0 && below >= 0 && above <= Short.MAX_VALUE && below <= -Short.MIN_VALUE)
        {
            final short[] narrow = new short[cells];
            for (int k = 0; k < cells; k++)
            {
                narrow[k] = (short)(atp[k] - base);
            }
            atps = narrow;
        }
        else if (above >= 0 && below >= 0 && above <= Integer.MAX_VALUE && below <= -(long)Integer.MIN_VALUE)
        {
            final int[] narrow = new int[cells];
            for (int k = 0; k < cells; k++)
            {
                narrow[k] = (int)(atp[k] - base);
            }
            atps = narrow;
        }
        else
        {
            atpBase = 0;
            atps = Arrays.copyOf(atp, cells);
        }
    }

    /** A char[] of value + 1 when every value is in −1..65 534, else the ints. */
    private static Object narrowInts(final int[] values, final int count)
    {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int c = 0; c < count; c++)
        {
            min = Math.min(min, values[c]);
            max = Math.max(max, values[c]);
        }
        if (count == 0 || min < -1 || max > CHAR_MAX)
        {
            return Arrays.copyOf(values, count);
        }
        final char[] narrow = new char[count];
        for (int c = 0; c < count; c++)
        {
            narrow[c] = (char)(values[c] + 1);
        }
        return narrow;
    }

    /** A char[] of value + 1 when every value is in −1..65 534, else an int[] when they fit one, else the longs. */
    private static Object narrowLongs(final long[] values, final int count)
    {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int c = 0; c < count; c++)
        {
            min = Math.min(min, values[c]);
            max = Math.max(max, values[c]);
        }
        if (count > 0 && min >= -1 && max <= CHAR_MAX)
        {
            final char[] narrow = new char[count];
            for (int c = 0; c < count; c++)
            {
                narrow[c] = (char)(values[c] + 1);
            }
            return narrow;
        }
        if (count == 0 || (min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE))
        {
            final int[] narrow = new int[count];
            for (int c = 0; c < count; c++)
            {
                narrow[c] = (int)values[c];
            }
            return narrow;
        }
        return Arrays.copyOf(values, count);
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

    // ------------------------------------------------------------------------------------------------ lines

    int requested(final int line)
    {
        return lineValues[line * LINE_VALUES];
    }

    int fromReservation(final int line)
    {
        return lineValues[line * LINE_VALUES + 1];
    }

    int allocated(final int line)
    {
        return lineValues[line * LINE_VALUES + 2];
    }

    int backordered(final int line)
    {
        return lineValues[line * LINE_VALUES + 3];
    }

    int cancelled(final int line)
    {
        return lineValues[line * LINE_VALUES + 4];
    }

    // ------------------------------------------------------------------------------------------------ candidates

    byte reason(final int candidate)
    {
        return reason[candidate];
    }

    int distanceMetres(final int candidate)
    {
        return distances instanceof char[] narrow ? narrow[candidate] - 1 : ((int[])distances)[candidate];
    }

    long cost(final int candidate)
    {
        if (costs instanceof char[] narrow)
        {
            return narrow[candidate] - 1;
        }
        return costs instanceof int[] ints ? ints[candidate] : ((long[])costs)[candidate];
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
        if (atps instanceof byte[] bytes)
        {
            return atpBase + bytes[at];
        }
        if (atps instanceof short[] shorts)
        {
            return atpBase + shorts[at];
        }
        return atps instanceof int[] ints ? atpBase + ints[at] : ((long[])atps)[at];
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
            h = Hashing.combine(h, requested(i));
            h = Hashing.combine(h, fromReservation(i));
            h = Hashing.combine(h, allocated(i));
            h = Hashing.combine(h, backordered(i));
            h = Hashing.combine(h, cancelled(i));
        }
        for (int c = 0; c < candidateCount; c++)
        {
            h = Hashing.combine(h, location[c].index);
            h = Hashing.combine(h, reason(c));
            h = Hashing.combine(h, distanceMetres(c));
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
        final byte[] reasons = new byte[candidateCount];
        for (int c = 0; c < candidateCount; c++)
        {
            reasons[c] = reason(c);
        }
        return "SourcingDecision{shipments=" + shipments + ", cost=" + planCostMinor + ", candidates=" +
            candidateCount + ", reasons=" + Arrays.toString(reasons) + "}";
    }
}
