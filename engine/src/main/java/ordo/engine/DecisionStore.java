package ordo.engine;

import java.io.IOException;

import org.agrona.UnsafeApi;

/**
 * Every sourcing decision the engine keeps — each order's placement and its backorder fills — written once into a
 * {@link RecordArena} off the heap (layout: {@link SourcingDecision}) and read through {@link SourcingDecision}
 * views. An order holds only the record's address, so a decision over 50 candidates is ~0.5 KB of direct memory
 * instead of a dozen heap objects the collector copies with every order it keeps.
 *
 * <p>Compact: each column has the narrowest width that holds all of its values (distances and costs + 1 in a
 * {@code char} on a local network; the candidate × line ATPs as differences from the first one in a byte, short or
 * int when they fit — a network's ATPs are close to each other), capacities only when some node has a daily
 * capacity, units given only for the nodes that were given some; and a decision over the same nodes in the same
 * order as the one recorded before it (the usual case in a network whose nodes stock the same SKUs) shares that
 * one's location column. Each column is one pass to find its range and one to write it.
 *
 * <p>A snapshot (format 9) keeps each decision as its record's bytes, little-endian ({@link DecisionRecords},
 * {@link #restore}): a restore copies them back instead of parsing ~450 numbers a decision and recording them anew,
 * and checks every count, width and location index first, since nothing reads a record with bounds checks.
 *
 * <p>Owned by the engine's thread; {@link #view} is that thread's reusable view.
 */
final class DecisionStore
{
    /** The longest record {@link #record} makes (and so the longest a snapshot may hold). */
    static final int MAX_RECORD_BYTES = Integer.MAX_VALUE - 64;
    private static final long CHAR_MAX = Character.MAX_VALUE - 1;
    private static final int UNLIMITED = -1;
    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);
    private static final long INT_ARRAY_BASE = UnsafeApi.arrayBaseOffset(int[].class);
    private static final long LONG_ARRAY_BASE = UnsafeApi.arrayBaseOffset(long[].class);

    private final Catalog catalog;
    private final RecordArena arena = new RecordArena();
    private final SourcingDecision view;
    /** The location column of the last decision recorded, and its length: the next one shares it when equal. */
    private long lastLocations = RecordArena.NONE;
    private int lastLocationCount = -1;
    /** The locations of that column themselves: the next decision's are compared by reference, not by index. */
    private Location[] lastLocationNodes = new Location[16];

    DecisionStore(final Catalog catalog)
    {
        this.catalog = catalog;
        this.view = new SourcingDecision(this);
    }

    /**
     * Records a decision (just made, or read from a snapshot) and answers its address. {@code lineValues} holds
     * {@link SourcingDecision#LINE_VALUES} per line; the candidate arrays at least {@code candidates} entries (ATP:
     * candidate × line, row-major). Nothing is kept of the arrays: the caller may reuse them at once.
     */
    long record(final long decidedAt, final long decidedSeq, final boolean exact, final int shipments,
        final long planCostMinor, final int lines, final int[] lineValues, final int candidates,
        final Location[] location, final byte[] reason, final int[] distanceMetres, final long[] costMinor,
        final int[] capacityLeft, final int[] allocatedUnits, final long[] atp)
    {
        // Every column is read in place by copies that check no bounds: the arrays must hold what the counts say.
        if (lineValues.length < lines * SourcingDecision.LINE_VALUES || location.length < candidates ||
            reason.length < candidates || distanceMetres.length < candidates || costMinor.length < candidates ||
            capacityLeft.length < candidates || allocatedUnits.length < candidates ||
            atp.length < (long)candidates * lines)
        {
            throw new IllegalArgumentException("a decision of " + lines + " lines and " + candidates +
                " candidates with shorter arrays");
        }
        final int distanceWidth = intWidth(distanceMetres, candidates);
        final int costWidth = longWidth(costMinor, candidates);
        final int cells = candidates * lines;
        long atpMin = Long.MAX_VALUE;
        long atpMax = Long.MIN_VALUE;
        for (int k = 0; k < cells; k++)
        {
            atpMin = Math.min(atpMin, atp[k]);
            atpMax = Math.max(atpMax, atp[k]);
        }
        final long atpBase = cells == 0 ? 0 : atp[0];
        final int atpWidth = deltaWidth(atpBase, atpMin, atpMax);
        boolean hasCapacity = false;
        int pairs = 0;
        for (int c = 0; c < candidates; c++)
        {
            hasCapacity |= capacityLeft[c] != UNLIMITED;
            pairs += allocatedUnits[c] != 0 ? 1 : 0;
        }
        final boolean shared = sameLocations(location, candidates);
        final long length = SourcingDecision.HEADER + (long)lines * SourcingDecision.LINE_VALUES * Integer.BYTES +
            candidates * (1L + distanceWidth + costWidth + (hasCapacity ? Integer.BYTES : 0) +
            (shared ? 0 : Integer.BYTES)) + pairs * 2L * Integer.BYTES + (long)cells * atpWidth;
        if (length > MAX_RECORD_BYTES)
        {
            throw new IllegalStateException("a sourcing decision of " + length + " bytes");
        }
        final long address = arena.allocate((int)length);
        long p = address + SourcingDecision.HEADER;
        for (int v = 0, values = lines * SourcingDecision.LINE_VALUES; v < values; v++, p += Integer.BYTES)
        {
            UnsafeApi.putInt(p, lineValues[v]);
        }
        UnsafeApi.copyMemory(reason, BYTE_ARRAY_BASE, null, p, candidates);
        p += candidates;
        if (distanceWidth == Character.BYTES)
        {
            for (int c = 0; c < candidates; c++, p += Character.BYTES)
            {
                UnsafeApi.putChar(p, (char)(distanceMetres[c] + 1));
            }
        }
        else
        {
            UnsafeApi.copyMemory(distanceMetres, INT_ARRAY_BASE, null, p, (long)candidates * Integer.BYTES);
            p += (long)candidates * Integer.BYTES;
        }
        // A char holds cost + 1 (−1 = unknown fits); an int the cost itself.
        p = putLongs(p, costMinor, candidates, costWidth, costWidth == Character.BYTES ? -1 : 0);
        if (hasCapacity)
        {
            UnsafeApi.copyMemory(capacityLeft, INT_ARRAY_BASE, null, p, (long)candidates * Integer.BYTES);
            p += (long)candidates * Integer.BYTES;
        }
        for (int c = 0; c < candidates; c++)
        {
            if (allocatedUnits[c] != 0)
            {
                UnsafeApi.putInt(p, c);
                UnsafeApi.putInt(p + Integer.BYTES, allocatedUnits[c]);
                p += 2 * Integer.BYTES;
            }
        }
        p = putLongs(p, atp, cells, atpWidth, atpBase);
        final long locations;
        if (shared)
        {
            locations = lastLocations;
        }
        else
        {
            locations = p;
            for (int c = 0; c < candidates; c++, p += Integer.BYTES)
            {
                UnsafeApi.putInt(p, location[c].index);
            }
            lastLocations(locations, candidates);
            System.arraycopy(location, 0, lastLocationNodes, 0, candidates);
        }
        // Nothing checks each store's bounds (RecordArena): the record must end exactly where its length says.
        if (p - address != length)
        {
            throw new IllegalStateException("decision record wrote " + (p - address) + " of " + length + " bytes");
        }
        UnsafeApi.putLong(address + SourcingDecision.DECIDED_AT, decidedAt);
        UnsafeApi.putLong(address + SourcingDecision.DECIDED_SEQ, decidedSeq);
        UnsafeApi.putLong(address + SourcingDecision.PLAN_COST, planCostMinor);
        UnsafeApi.putLong(address + SourcingDecision.ATP_BASE, atpWidth == Long.BYTES ? 0 : atpBase);
        UnsafeApi.putLong(address + SourcingDecision.LOCATIONS, locations);
        UnsafeApi.putInt(address + SourcingDecision.SHIPMENTS, shipments);
        UnsafeApi.putInt(address + SourcingDecision.CANDIDATES, candidates);
        UnsafeApi.putInt(address + SourcingDecision.LINES, lines);
        UnsafeApi.putInt(address + SourcingDecision.PAIRS, pairs);
        UnsafeApi.putByte(address + SourcingDecision.FLAGS,
            (byte)((exact ? SourcingDecision.EXACT : 0) | (hasCapacity ? SourcingDecision.HAS_CAPACITY : 0)));
        UnsafeApi.putByte(address + SourcingDecision.DISTANCE_WIDTH, (byte)distanceWidth);
        UnsafeApi.putByte(address + SourcingDecision.COST_WIDTH, (byte)costWidth);
        UnsafeApi.putByte(address + SourcingDecision.ATP_WIDTH, (byte)atpWidth);
        return address;
    }

    /** Makes {@code locations} the column the next decision over the same nodes shares; room for its nodes. */
    private void lastLocations(final long locations, final int candidates)
    {
        lastLocations = locations;
        lastLocationCount = candidates;
        if (lastLocationNodes.length < candidates)
        {
            lastLocationNodes = new Location[Math.max(candidates, lastLocationNodes.length * 2)];
        }
    }

    /**
     * The length of the snapshot record whose {@link SourcingDecision#HEADER} bytes begin {@code bytes}, its header
     * checked ({@link DecisionRecords#length}) against this store: a record may share only the column of the last one
     * restored with its own.
     */
    long restoredLength(final byte[] bytes) throws IOException
    {
        return DecisionRecords.length(bytes, lastLocationCount);
    }

    /**
     * Records a decision a snapshot kept as its record's bytes ({@link DecisionRecords.Writer}: {@code length} of
     * {@code bytes}, little-endian) and answers its address: the record checked whole first — every count, width and
     * the length they make, the allocated units' candidates, every location index — as nothing reads a record with
     * bounds checks; then copied, its location column pointed at its own or at the one it shares, and that column
     * made the one the next decision shares, as {@link #record} would have. A record refused leaves the store as it
     * was. {@code bytes} may be changed (on a big-endian platform, turned to its order).
     *
     * @throws IOException naming what is wrong with the record
     */
    long restore(final byte[] bytes, final int length) throws IOException
    {
        final long expected = restoredLength(bytes);
        if (expected != length)
        {
            throw new IOException("a decision record of " + length + " bytes where its header makes " + expected);
        }
        if (bytes.length < length)
        {
            throw new IllegalArgumentException("a record of " + length + " bytes in an array of " + bytes.length);
        }
        final int lines = (int)DecisionRecords.LE_INT.get(bytes, SourcingDecision.LINES);
        final int candidates = (int)DecisionRecords.LE_INT.get(bytes, SourcingDecision.CANDIDATES);
        final int pairs = (int)DecisionRecords.LE_INT.get(bytes, SourcingDecision.PAIRS);
        final boolean hasCapacity = (bytes[SourcingDecision.FLAGS] & SourcingDecision.HAS_CAPACITY) != 0;
        final int distanceWidth = bytes[SourcingDecision.DISTANCE_WIDTH];
        final int costWidth = bytes[SourcingDecision.COST_WIDTH];
        final int atpWidth = bytes[SourcingDecision.ATP_WIDTH];
        final int indexWidth = DecisionRecords.indexWidth((long)DecisionRecords.LE_LONG.get(bytes, SourcingDecision.LOCATIONS));
        final boolean own = indexWidth > 0;
        DecisionRecords.checkColumns(bytes, length, catalog.locationCount());
        final int columns = length - candidates * indexWidth;
        final long storeLength = columns + (own ? (long)candidates * Integer.BYTES : 0);
        if (storeLength > MAX_RECORD_BYTES)
        {
            throw new IOException("a decision record of " + storeLength + " bytes in the store");
        }
        if (!DecisionRecords.NATIVE_LITTLE_ENDIAN)
        {
            DecisionRecords.swap(bytes, lines, candidates, hasCapacity, pairs, distanceWidth, costWidth, atpWidth);
        }
        // In the store the column is ints, as record() writes it, whatever width the snapshot kept it in.
        final long address = arena.allocate((int)storeLength);
        UnsafeApi.copyMemory(bytes, BYTE_ARRAY_BASE, null, address, columns);
        final long locations = own ? address + columns : lastLocations;
        UnsafeApi.putLong(address + SourcingDecision.LOCATIONS, locations);
        if (own)
        {
            lastLocations(locations, candidates);
            for (int c = 0; c < candidates; c++)
            {
                final int index = DecisionRecords.index(bytes, columns, c, indexWidth);
                UnsafeApi.putInt(locations + (long)c * Integer.BYTES, index);
                lastLocationNodes[c] = catalog.location(index);
            }
        }
        return address;
    }

    /** The engine thread's view, pointed at a record: read it before the next call. */
    SourcingDecision view(final long address)
    {
        return view.wrap(address);
    }

    /**
     * Forgets every decision, keeping the memory ({@link RecordArena#rewind}): a scratch store's, whose records are
     * read once ({@link WaitingLines}). Never the engine's.
     */
    void clear()
    {
        arena.rewind();
        lastLocations = RecordArena.NONE;
        lastLocationCount = -1;
    }

    /** Where new pages come from once the preallocated ones are used up (see {@link RecordArena#pageSupply}). */
    void pageSupply(final PageSupply supply)
    {
        arena.pageSupply(supply);
    }

    /** Takes direct memory now for about {@code bytes} of decisions (see {@link RecordArena#preallocate}). */
    void preallocate(final long bytes)
    {
        arena.preallocate(bytes);
    }

    /** Bytes of decisions recorded. */
    long usedBytes()
    {
        return arena.usedBytes();
    }

    /** Bytes of direct memory held for decisions. Any thread. */
    long pageBytes()
    {
        return arena.pageBytes();
    }

    Catalog catalog()
    {
        return catalog;
    }

    private boolean sameLocations(final Location[] location, final int candidates)
    {
        if (lastLocationCount != candidates)
        {
            return false;
        }
        for (int c = 0; c < candidates; c++)
        {
            if (lastLocationNodes[c] != location[c])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes {@code count} values at {@code p} in {@code width} bytes each — as differences from {@code base}, or,
     * at width 2 with base −1, + 1 as a char; width 8: the values themselves — and answers the address after them.
     */
    private static long putLongs(final long start, final long[] values, final int count, final int width,
        final long base)
    {
        long p = start;
        switch (width)
        {
            case Byte.BYTES ->
            {
                for (int k = 0; k < count; k++, p++)
                {
                    UnsafeApi.putByte(p, (byte)(values[k] - base));
                }
            }
            case Short.BYTES ->
            {
                for (int k = 0; k < count; k++, p += Short.BYTES)
                {
                    UnsafeApi.putShort(p, (short)(values[k] - base));
                }
            }
            case Integer.BYTES ->
            {
                for (int k = 0; k < count; k++, p += Integer.BYTES)
                {
                    UnsafeApi.putInt(p, (int)(values[k] - base));
                }
            }
            default ->
            {
                UnsafeApi.copyMemory(values, LONG_ARRAY_BASE, null, p, (long)count * Long.BYTES);
                p += (long)count * Long.BYTES;
            }
        }
        return p;
    }

    /** 2 when every value is in −1..65 534 (kept + 1 as a char), else 4. */
    private static int intWidth(final int[] values, final int count)
    {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int c = 0; c < count; c++)
        {
            min = Math.min(min, values[c]);
            max = Math.max(max, values[c]);
        }
        return count > 0 && min >= -1 && max <= CHAR_MAX ? Character.BYTES : Integer.BYTES;
    }

    /** 2 when every value is in −1..65 534 (kept + 1 as a char), 4 when they fit an int, else 8. */
    private static int longWidth(final long[] values, final int count)
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
            return Character.BYTES;
        }
        return count == 0 || (min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE) ? Integer.BYTES : Long.BYTES;
    }

    /** The narrowest width for every value as a difference from {@code base} (one of them), or 8 for the values. */
    private static int deltaWidth(final long base, final long min, final long max)
    {
        // base is one of the values, so both spans are ≥ 0 unless they overflow (then they are negative).
        final long above = max - base;
        final long below = base - min;
        if (above < 0 || below < 0)
        {
            return Long.BYTES;
        }
        if (above <= Byte.MAX_VALUE && below <= -Byte.MIN_VALUE)
        {
            return Byte.BYTES;
        }
        if (above <= Short.MAX_VALUE && below <= -Short.MIN_VALUE)
        {
            return Short.BYTES;
        }
        return above <= Integer.MAX_VALUE && below <= -(long)Integer.MIN_VALUE ? Integer.BYTES : Long.BYTES;
    }
}
