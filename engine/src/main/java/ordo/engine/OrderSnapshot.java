package ordo.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The order part of {@link EngineSnapshot}: channel definitions, the sourcing policy and every order with its
 * allocations, timeline, capacity holds, sourcing decision and the decisions of its backorder fills. The external-id
 * index, backorder queues and ordered-units ledger are derived and rebuilt on read ({@link OrderBook#rebuildDerived}).
 *
 * <p>{@link OrderSnapshotWriter} writes it (the current format only); {@link OrderSnapshotReader} reads every format
 * from {@link EngineSnapshot#OLDEST_READ_FORMAT}, with {@link OrderSnapshotOldDecisions} for the decisions formats 6
 * to 8 wrote and {@link OrderSnapshotScratch} for what a restore reuses. This class holds what both sides share: the
 * format versions where the order part changed, the variable-length integers and the length-prefixed byte fields.
 */
final class OrderSnapshot
{
    private OrderSnapshot()
    {
    }

    /** The first format with each order's failed and settled refunds ({@link Order#refundFailedMinor}, rules 9). */
    static final int REFUND_FAILED_FORMAT = 8;
    /** The first format whose decisions are written in variable-length integers ({@link EngineSnapshot}). */
    static final int COMPACT_DECISIONS_FORMAT = 7;
    /** The first format whose decisions are written as their records' bytes ({@link DecisionRecords.Writer}). */
    static final int RECORD_DECISIONS_FORMAT = 9;
    /** The first format with shipment limits: the policy's and each order's ({@link Order#maxShipments}, rules 14). */
    static final int SHIPMENT_LIMIT_FORMAT = 10;
    /** The first format with each order's charges ({@link Order#charges}, rules 16). */
    static final int CHARGES_FORMAT = 12;
    /** The first format with the locations each channel takes stock from ({@link Channel#sources}, rules 17). */
    static final int CHANNEL_SOURCES_FORMAT = 14;

    /** Signed to unsigned, small magnitudes to small numbers: 0, −1, 1, −2 … → 0, 1, 2, 3 … */
    static long zigzag(final long v)
    {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(final long v)
    {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Seven bits a byte, low first, the high bit set on every byte but the last: 1 to 10 bytes. */
    static void writeVarLong(final DataOutput out, final long value) throws IOException
    {
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            out.writeByte((int)(v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int)v);
    }

    static long readVarLong(final DataInput in) throws IOException
    {
        return in instanceof SnapshotReader reader ? reader.readVarLong() : readVarLongBytes(in);
    }

    /** {@link #readVarLong} a byte at a time: any input, and a snapshot's near the end of one of its blocks. */
    static long readVarLongBytes(final DataInput in) throws IOException
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            final int b = in.readUnsignedByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (shift == 63 && b > 1)
                {
                    break; // bits past the 64th
                }
                return value;
            }
        }
        throw new IOException("a variable-length integer longer than 64 bits");
    }

    static void blob(final DataOutput out, final byte[] bytes) throws IOException
    {
        blob(out, bytes, bytes.length);
    }

    static void blob(final DataOutput out, final byte[] bytes, final int length) throws IOException
    {
        out.writeInt(length);
        out.write(bytes, 0, length);
    }

    /** The length of a field written by {@link #blob(DataOutput, byte[])}, checked. */
    static int blobLength(final DataInput in) throws IOException
    {
        final int length = in.readInt();
        if (length < 0 || length > 0xFFFF)
        {
            throw new IOException("order field of " + length + " bytes");
        }
        return length;
    }

    static byte[] blob(final DataInput in) throws IOException
    {
        final int length = blobLength(in);
        if (length == 0)
        {
            return Order.EMPTY;
        }
        final byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
