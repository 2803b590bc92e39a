package ordo.engine;

import java.util.Arrays;

/**
 * The sourcing decision kept with an order: per line what was asked and how it was met, and every candidate
 * node with its distance, cost, capacity, the units it could give each line, and why it won or lost. Written once
 * when the order is placed (the "why" of GET /v1/orders/{id}/sourcing); later backorder fills are on the order's
 * timeline instead. Owned by the engine thread.
 */
final class SourcingDecision
{
    long decidedAt;
    long decidedSeq;
    boolean exact;
    int shipments;
    long planCostMinor;

    int lineCount;
    int[] requested = new int[0];
    int[] fromReservation = new int[0];
    int[] allocated = new int[0];
    int[] backordered = new int[0];
    int[] cancelled = new int[0];

    int candidateCount;
    Location[] location = new Location[0];
    byte[] reason = new byte[0];
    long[] distanceMetres = new long[0];
    long[] costMinor = new long[0];
    int[] capacityLeft = new int[0];
    int[] allocatedUnits = new int[0];
    /** candidate × line, row-major: units the candidate could give the line. */
    long[] atp = new long[0];

    void size(final int lines, final int candidates)
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
        candidateCount = candidates;
        if (location.length < candidates)
        {
            location = new Location[candidates];
            reason = new byte[candidates];
            distanceMetres = new long[candidates];
            costMinor = new long[candidates];
            capacityLeft = new int[candidates];
            allocatedUnits = new int[candidates];
        }
        if (atp.length < candidates * lines)
        {
            atp = new long[candidates * lines];
        }
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
                h = Hashing.combine(h, atp[c * lineCount + i]);
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
