package ordo.engine;

import static ordo.engine.OrderSnapshot.readVarLong;
import static ordo.engine.OrderSnapshot.unzigzag;

import java.io.DataInput;
import java.io.IOException;

/**
 * Reads the sourcing decisions of snapshot formats 6 to 8: columns of fixed-width numbers (6) or of variable-length
 * integers (7 and 8, {@link OrderSnapshot#COMPACT_DECISIONS_FORMAT}), recorded anew into the engine's
 * {@link DecisionStore}. This build writes format 9 (decisions as their records' bytes,
 * {@link OrderSnapshotReader#readDecisionRecord}); these are read for the snapshots older builds left, such as the one
 * a clean stop writes before an upgrade.
 */
final class OrderSnapshotOldDecisions
{
    private OrderSnapshotOldDecisions()
    {
    }

    /** Reads a decision formats 6 to 8 wrote into the store and answers its address. */
    static long readDecision(final DataInput in, final Catalog catalog, final DecisionStore decisions,
        final boolean compact, final OrderSnapshotScratch scratch) throws IOException
    {
        final long decidedAt = in.readLong();
        final long decidedSeq = in.readLong();
        final boolean exact = in.readBoolean();
        final int shipments = in.readInt();
        final long planCostMinor = in.readLong();
        final int lines = in.readInt();
        final int candidates = in.readInt();
        scratch.decision(lines, candidates);
        final int[] lineValues = scratch.lineValues;
        final Location[] location = scratch.location;
        final byte[] reason = scratch.reason;
        final int[] distance = scratch.distance;
        final long[] cost = scratch.cost;
        final int[] capacityLeft = scratch.capacityLeft;
        final int[] allocatedUnits = scratch.allocatedUnits;
        final long[] atp = scratch.atp;
        for (int v = 0, values = lines * SourcingDecision.LINE_VALUES; v < values; v++)
        {
            lineValues[v] = in.readInt();
        }
        for (int c = 0; c < candidates; c++)
        {
            if (compact)
            {
                final long index = readVarLong(in);
                if (index < 0 || index >= catalog.locationCount())
                {
                    throw new IOException("a decision names location " + index + " of " + catalog.locationCount());
                }
                location[c] = catalog.location((int)index);
                reason[c] = reason(in);
                distance[c] = readVarInt(in, "distance");
                cost[c] = unzigzag(readVarLong(in));
                capacityLeft[c] = readVarInt(in, "capacity");
                allocatedUnits[c] = readVarInt(in, "units");
                for (int i = 0; i < lines; i++)
                {
                    atp[c * lines + i] = (c == 0 ? 0 : atp[(c - 1) * lines + i]) + unzigzag(readVarLong(in));
                }
                continue;
            }
            location[c] = catalog.location(in.readInt());
            reason[c] = reason(in);
            distance[c] = (int)in.readLong();
            cost[c] = in.readLong();
            capacityLeft[c] = in.readInt();
            allocatedUnits[c] = in.readInt();
            for (int i = 0; i < lines; i++)
            {
                atp[c * lines + i] = in.readLong();
            }
        }
        return decisions.record(decidedAt, decidedSeq, exact, shipments, planCostMinor, lines, lineValues, candidates,
            location, reason, distance, cost, capacityLeft, allocatedUnits, atp);
    }

    private static int readVarInt(final DataInput in, final String what) throws IOException
    {
        final long v = unzigzag(readVarLong(in));
        if (v != (int)v)
        {
            throw new IOException(what + " " + v + " in a decision does not fit an int");
        }
        return (int)v;
    }

    /** A candidate's reason read, one the views can name ({@link Codes.SourcingReason}), else refused. */
    private static byte reason(final DataInput in) throws IOException
    {
        final byte reason = in.readByte();
        if (Codes.SourcingReason.fromCode(reason & 0xFF) == null)
        {
            throw new IOException("a decision gives a candidate the reason code " + (reason & 0xFF));
        }
        return reason;
    }
}
