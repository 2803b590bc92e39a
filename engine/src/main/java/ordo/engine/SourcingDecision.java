package ordo.engine;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

/**
 * A flyweight over one recorded sourcing decision in a {@link DecisionStore}: per line what was asked and how it
 * was met, and every candidate node with its distance, cost, capacity, the units it could give each line, and why it
 * won or lost (the "why" of GET /v1/orders/{id}/sourcing). {@link #wrap} points it at a record; the scalar fields are
 * the record's header, the accessors read the columns in place. A view is reused: whoever holds one reads it before
 * wrapping it again. Layout of a record (native byte order, offsets in bytes):
 *
 * <pre>
 *   0                   8                   16                  24                  32
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | decidedAt         | decidedSeq        | planCostMinor     | atpBase           |
 *   +-------------------+---------+---------+---------+---------+--+--+--+--+-------+
 *   | locations address | shipmts | candids | lines   | pairs   |fl|dw|cw|aw|   (60 = header)
 *   +-------------------+---------+---------+---------+---------+--+--+--+--+
 *   | line values: lines × {@link #LINE_VALUES} ints (requested, fromReservation, allocated, backordered, cancelled)
 *   | reasons: a byte per candidate
 *   | distances: dw bytes per candidate (2: metres + 1 as an unsigned char; 4: int)
 *   | costs: cw bytes per candidate (2: cost + 1 as an unsigned char; 4: int; 8: long)
 *   | capacities: an int per candidate, only when flag bit 1 is set (else every node is unlimited, −1)
 *   | allocated pairs: (candidate, units) ints, for the candidates given units, in candidate order
 *   | ATPs: candidate × line, aw bytes each (1, 2, 4: difference from atpBase; 8: the ATP itself)
 *   | locations: a location index (int) per candidate, unless the record shares another record's column
 * </pre>
 *
 * Flag bit 0 is {@code exact}. Each column has the narrowest width that holds every value of this decision, so every
 * value reads back exactly as recorded. Owned by the engine thread (or a snapshot writer holding its own view).
 *
 * <p>This layout is also a file format: snapshot format 9 writes each record as these bytes, little-endian (the
 * location column in its own width; {@link DecisionRecords.Writer}, {@link DecisionStore#restore}), so a change to
 * it — a field, a column, a width — needs a new snapshot format, and the restore's checks with it.
 */
final class SourcingDecision
{
    /** Per line: requested, fromReservation, allocated, backordered, cancelled. */
    static final int LINE_VALUES = 5;
    static final int DECIDED_AT = 0;
    static final int DECIDED_SEQ = 8;
    static final int PLAN_COST = 16;
    static final int ATP_BASE = 24;
    static final int LOCATIONS = 32;
    static final int SHIPMENTS = 40;
    static final int CANDIDATES = 44;
    static final int LINES = 48;
    static final int PAIRS = 52;
    static final int FLAGS = 56;
    static final int DISTANCE_WIDTH = 57;
    static final int COST_WIDTH = 58;
    static final int ATP_WIDTH = 59;
    static final int HEADER = 60;
    static final byte EXACT = 1;
    static final byte HAS_CAPACITY = 2;
    private static final int UNLIMITED = -1;
    /**
     * The bytes of a record's header and columns before its location column (the record's length when it shares
     * another's column). The caller keeps {@code candidates × lines} within an int, so nothing overflows.
     */
    static long columnsLength(final int lines, final int candidates, final int distanceWidth, final int costWidth,
        final boolean hasCapacity, final int pairs, final int atpWidth)
    {
        return HEADER + (long)lines * LINE_VALUES * Integer.BYTES +
            candidates * (1L + distanceWidth + costWidth + (hasCapacity ? Integer.BYTES : 0)) +
            pairs * 2L * Integer.BYTES + (long)candidates * lines * atpWidth;
    }

    /**
     * A record of no lines and no candidates, all zero (direct memory is zeroed; this field keeps it for the JVM's
     * life): what an order with no decision yet ({@link RecordArena#NONE}: between its creation and its decision in
     * the placement, e.g. when that command failed part-way) reads as — as it did when each order held an empty
     * decision — instead of memory at address 0.
     */
    private static final ByteBuffer EMPTY_RECORD = ByteBuffer.allocateDirect(HEADER);
    private static final long EMPTY = BufferUtil.address(EMPTY_RECORD);

    private final DecisionStore store;

    long decidedAt;
    long decidedSeq;
    boolean exact;
    int shipments;
    long planCostMinor;
    int lineCount;
    int candidateCount;

    /** Memory addresses of the record's columns (0: the record has no capacity column). */
    private long lineValuesAt;
    private long reasonsAt;
    private long distancesAt;
    private int distanceWidth;
    private long costsAt;
    private int costWidth;
    private long capacitiesAt;
    private long pairsAt;
    private int pairCount;
    private long atpsAt;
    private int atpWidth;
    private long atpBase;
    private long locationsAt;

    SourcingDecision(final DecisionStore store)
    {
        this.store = store;
    }

    /**
     * Points this view at the record at {@code record} (from {@link DecisionStore#record}), or at the empty decision
     * for {@link RecordArena#NONE}.
     */
    SourcingDecision wrap(final long record)
    {
        final long address = record == RecordArena.NONE ? EMPTY : record;
        decidedAt = UnsafeApi.getLong(address + DECIDED_AT);
        decidedSeq = UnsafeApi.getLong(address + DECIDED_SEQ);
        planCostMinor = UnsafeApi.getLong(address + PLAN_COST);
        atpBase = UnsafeApi.getLong(address + ATP_BASE);
        locationsAt = UnsafeApi.getLong(address + LOCATIONS);
        shipments = UnsafeApi.getInt(address + SHIPMENTS);
        candidateCount = UnsafeApi.getInt(address + CANDIDATES);
        lineCount = UnsafeApi.getInt(address + LINES);
        pairCount = UnsafeApi.getInt(address + PAIRS);
        final byte flags = UnsafeApi.getByte(address + FLAGS);
        exact = (flags & EXACT) != 0;
        distanceWidth = UnsafeApi.getByte(address + DISTANCE_WIDTH);
        costWidth = UnsafeApi.getByte(address + COST_WIDTH);
        atpWidth = UnsafeApi.getByte(address + ATP_WIDTH);
        lineValuesAt = address + HEADER;
        reasonsAt = lineValuesAt + (long)lineCount * LINE_VALUES * Integer.BYTES;
        distancesAt = reasonsAt + candidateCount;
        costsAt = distancesAt + (long)candidateCount * distanceWidth;
        final long capacities = costsAt + (long)candidateCount * costWidth;
        final boolean hasCapacity = (flags & HAS_CAPACITY) != 0;
        capacitiesAt = hasCapacity ? capacities : 0;
        pairsAt = capacities + (hasCapacity ? (long)candidateCount * Integer.BYTES : 0);
        atpsAt = pairsAt + (long)pairCount * 2 * Integer.BYTES;
        return this;
    }

    // ------------------------------------------------------------------------------------------------ lines

    int requested(final int line)
    {
        return lineValue(line, 0);
    }

    int fromReservation(final int line)
    {
        return lineValue(line, 1);
    }

    int allocated(final int line)
    {
        return lineValue(line, 2);
    }

    int backordered(final int line)
    {
        return lineValue(line, 3);
    }

    int cancelled(final int line)
    {
        return lineValue(line, 4);
    }

    private int lineValue(final int line, final int value)
    {
        return UnsafeApi.getInt(lineValuesAt + (long)(line * LINE_VALUES + value) * Integer.BYTES);
    }

    // ------------------------------------------------------------------------------------------------ candidates

    int locationIndex(final int candidate)
    {
        return UnsafeApi.getInt(locationsAt + (long)candidate * Integer.BYTES);
    }

    Location location(final int candidate)
    {
        return store.catalog().location(locationIndex(candidate));
    }

    byte reason(final int candidate)
    {
        return UnsafeApi.getByte(reasonsAt + candidate);
    }

    int distanceMetres(final int candidate)
    {
        return distanceWidth == Character.BYTES ? UnsafeApi.getChar(distancesAt + (long)candidate * Character.BYTES) - 1 :
            UnsafeApi.getInt(distancesAt + (long)candidate * Integer.BYTES);
    }

    long cost(final int candidate)
    {
        return switch (costWidth)
        {
            case Character.BYTES -> UnsafeApi.getChar(costsAt + (long)candidate * Character.BYTES) - 1;
            case Integer.BYTES -> UnsafeApi.getInt(costsAt + (long)candidate * Integer.BYTES);
            default -> UnsafeApi.getLong(costsAt + (long)candidate * Long.BYTES);
        };
    }

    int capacityLeft(final int candidate)
    {
        return capacitiesAt == 0 ? UNLIMITED : UnsafeApi.getInt(capacitiesAt + (long)candidate * Integer.BYTES);
    }

    int allocatedUnits(final int candidate)
    {
        for (int p = 0; p < pairCount; p++)
        {
            final long at = pairsAt + (long)p * 2 * Integer.BYTES;
            if (UnsafeApi.getInt(at) == candidate)
            {
                return UnsafeApi.getInt(at + Integer.BYTES);
            }
        }
        return 0;
    }

    long atp(final int candidate, final int line)
    {
        final long k = (long)candidate * lineCount + line;
        return switch (atpWidth)
        {
            case Byte.BYTES -> atpBase + UnsafeApi.getByte(atpsAt + k);
            case Short.BYTES -> atpBase + UnsafeApi.getShort(atpsAt + k * Short.BYTES);
            case Integer.BYTES -> atpBase + UnsafeApi.getInt(atpsAt + k * Integer.BYTES);
            default -> UnsafeApi.getLong(atpsAt + k * Long.BYTES);
        };
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
            h = Hashing.combine(h, locationIndex(c));
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

    /**
     * {@link #hash} of four decisions of the same shape (line and candidate counts) at once, into
     * {@code into[at..at+3]}: the same four values, each its own chain, computed side by side. A decision's hash is
     * one chain of ~450 dependent mixes over 50 candidates (latency, not work: the multiplier waits on the mix before),
     * so four chains interleaved take little longer than one (a verified restore's state hash).
     */
    static void hash4(final SourcingDecision a, final SourcingDecision b, final SourcingDecision c,
        final SourcingDecision d, final long[] into, final int at)
    {
        final int lines = a.lineCount;
        final int candidates = a.candidateCount;
        if (b.lineCount != lines || c.lineCount != lines || d.lineCount != lines || b.candidateCount != candidates ||
            c.candidateCount != candidates || d.candidateCount != candidates)
        {
            throw new IllegalArgumentException("decisions of different shapes");
        }
        long ha = head(a);
        long hb = head(b);
        long hc = head(c);
        long hd = head(d);
        for (int i = 0; i < lines; i++)
        {
            for (int v = 0; v < LINE_VALUES; v++)
            {
                ha = Hashing.combine(ha, a.lineValue(i, v));
                hb = Hashing.combine(hb, b.lineValue(i, v));
                hc = Hashing.combine(hc, c.lineValue(i, v));
                hd = Hashing.combine(hd, d.lineValue(i, v));
            }
        }
        for (int k = 0; k < candidates; k++)
        {
            ha = Hashing.combine(ha, a.locationIndex(k));
            hb = Hashing.combine(hb, b.locationIndex(k));
            hc = Hashing.combine(hc, c.locationIndex(k));
            hd = Hashing.combine(hd, d.locationIndex(k));
            ha = Hashing.combine(ha, a.reason(k));
            hb = Hashing.combine(hb, b.reason(k));
            hc = Hashing.combine(hc, c.reason(k));
            hd = Hashing.combine(hd, d.reason(k));
            ha = Hashing.combine(ha, a.distanceMetres(k));
            hb = Hashing.combine(hb, b.distanceMetres(k));
            hc = Hashing.combine(hc, c.distanceMetres(k));
            hd = Hashing.combine(hd, d.distanceMetres(k));
            ha = Hashing.combine(ha, a.cost(k));
            hb = Hashing.combine(hb, b.cost(k));
            hc = Hashing.combine(hc, c.cost(k));
            hd = Hashing.combine(hd, d.cost(k));
            ha = Hashing.combine(ha, a.capacityLeft(k));
            hb = Hashing.combine(hb, b.capacityLeft(k));
            hc = Hashing.combine(hc, c.capacityLeft(k));
            hd = Hashing.combine(hd, d.capacityLeft(k));
            ha = Hashing.combine(ha, a.allocatedUnits(k));
            hb = Hashing.combine(hb, b.allocatedUnits(k));
            hc = Hashing.combine(hc, c.allocatedUnits(k));
            hd = Hashing.combine(hd, d.allocatedUnits(k));
            for (int i = 0; i < lines; i++)
            {
                ha = Hashing.combine(ha, a.atp(k, i));
                hb = Hashing.combine(hb, b.atp(k, i));
                hc = Hashing.combine(hc, c.atp(k, i));
                hd = Hashing.combine(hd, d.atp(k, i));
            }
        }
        into[at] = ha;
        into[at + 1] = hb;
        into[at + 2] = hc;
        into[at + 3] = hd;
    }

    /** The part of {@link #hash} before the lines. */
    private static long head(final SourcingDecision d)
    {
        long h = Hashing.combine(Hashing.SEED, d.decidedAt);
        h = Hashing.combine(h, d.decidedSeq);
        h = Hashing.combine(h, d.exact ? 1 : 0);
        h = Hashing.combine(h, d.shipments);
        return Hashing.combine(h, d.planCostMinor);
    }

    @Override
    public String toString()
    {
        final StringBuilder reasons = new StringBuilder();
        for (int c = 0; c < candidateCount; c++)
        {
            reasons.append(c == 0 ? "" : ", ").append(reason(c));
        }
        return "SourcingDecision{shipments=" + shipments + ", cost=" + planCostMinor + ", candidates=" +
            candidateCount + ", reasons=[" + reasons + "]}";
    }
}
