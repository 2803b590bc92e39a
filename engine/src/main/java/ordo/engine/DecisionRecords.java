package ordo.engine;

import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.agrona.UnsafeApi;

/**
 * Sourcing decisions as snapshot format 9 keeps them: each {@link DecisionStore} record's bytes ({@link
 * SourcingDecision}'s layout), little-endian, its location column its own or shared ({@link Writer}); and the checks
 * a record read back passes before {@link DecisionStore#restore} copies it into the store, since nothing reads a record
 * with bounds checks ({@link #length}, {@link #checkColumns}). A restore copies a record back instead of parsing ~450
 * numbers a decision and recording them anew.
 */
final class DecisionRecords
{
    /**
     * In a snapshot's record, where the record holds its location column's address ({@link SourcingDecision#LOCATIONS}):
     * the column follows the record's other columns, each location index in 4 bytes ({@code OWN_LOCATIONS}), in 2
     * ({@code OWN_LOCATIONS_CHAR}: every index below 65 536) or in 1 ({@code OWN_LOCATIONS_BYTE}: below 256), unsigned
     * and little-endian, and a restore widens it to the store's ints; or the record shares the column of the last
     * record written with one of its own, which has as many candidates ({@code SHARED_LOCATIONS}). In ints every
     * column a decision does not share cost 4 bytes a candidate where format 8's integers took about 1: a network whose
     * SKUs sit at different nodes, where consecutive decisions rarely share, wrote snapshots a fifth larger (found
     * measuring restarts).
     */
    static final long OWN_LOCATIONS = 0;
    static final long SHARED_LOCATIONS = 1;
    static final long OWN_LOCATIONS_BYTE = 2;
    static final long OWN_LOCATIONS_CHAR = 3;
    /** The arena is in the platform's order, a snapshot's records little-endian: on big-endian, every value swaps. */
    static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LE_CHAR = MethodHandles.byteArrayViewVarHandle(char[].class,
        ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);

    private DecisionRecords()
    {
    }

    /**
     * The length of the snapshot record whose {@link SourcingDecision#HEADER} bytes (little-endian, as {@link Writer}
     * wrote them) begin {@code bytes}: its header checked — counts, flags, widths, the marker, and a shared column only
     * of {@code sharedCount} candidates (the store's last own column; −1: none yet).
     *
     * @throws IOException naming the field a record {@link DecisionStore#record} makes could not have
     */
    static long length(final byte[] bytes, final int sharedCount) throws IOException
    {
        if (bytes.length < SourcingDecision.HEADER)
        {
            throw new IOException("a decision record shorter than its header");
        }
        final int lines = (int)LE_INT.get(bytes, SourcingDecision.LINES);
        final int candidates = (int)LE_INT.get(bytes, SourcingDecision.CANDIDATES);
        final int pairs = (int)LE_INT.get(bytes, SourcingDecision.PAIRS);
        final byte flags = bytes[SourcingDecision.FLAGS];
        final int distanceWidth = bytes[SourcingDecision.DISTANCE_WIDTH];
        final int costWidth = bytes[SourcingDecision.COST_WIDTH];
        final int atpWidth = bytes[SourcingDecision.ATP_WIDTH];
        final long locations = (long)LE_LONG.get(bytes, SourcingDecision.LOCATIONS);
        if (lines < 0 || candidates < 0)
        {
            throw new IOException("a decision record of " + lines + " lines and " + candidates + " candidates");
        }
        if (pairs < 0 || pairs > candidates)
        {
            throw new IOException("a decision record giving units to " + pairs + " of " + candidates + " candidates");
        }
        if ((flags & ~(SourcingDecision.EXACT | SourcingDecision.HAS_CAPACITY)) != 0)
        {
            throw new IOException("a decision record with flags " + (flags & 0xFF));
        }
        if (distanceWidth != Character.BYTES && distanceWidth != Integer.BYTES)
        {
            throw new IOException("a decision record with distances of " + distanceWidth + " bytes");
        }
        if (costWidth != Character.BYTES && costWidth != Integer.BYTES && costWidth != Long.BYTES)
        {
            throw new IOException("a decision record with costs of " + costWidth + " bytes");
        }
        if (atpWidth != Byte.BYTES && atpWidth != Short.BYTES && atpWidth != Integer.BYTES && atpWidth != Long.BYTES)
        {
            throw new IOException("a decision record with ATPs of " + atpWidth + " bytes");
        }
        if (atpWidth == Long.BYTES && (long)LE_LONG.get(bytes, SourcingDecision.ATP_BASE) != 0)
        {
            throw new IOException("a decision record with whole ATPs and a base");
        }
        final int indexWidth = indexWidth(locations);
        final boolean own = indexWidth > 0;
        if (!own && locations != SHARED_LOCATIONS)
        {
            throw new IOException("a decision record whose locations are " + locations +
                " (0, 2, 3: its own, in 4, 1 or 2 bytes an index; 1: shared)");
        }
        if (!own && candidates != sharedCount)
        {
            throw new IOException("a decision record of " + candidates + " candidates sharing the locations of " +
                (sharedCount < 0 ? "no decision" : "a decision of " + sharedCount));
        }
        // Counts up to 2^31 each: every term fits a long once the cells are known to fit an int.
        final long cells = (long)candidates * lines;
        if (cells > Integer.MAX_VALUE)
        {
            throw new IOException("a decision record of " + candidates + " candidates × " + lines + " lines");
        }
        final long length = SourcingDecision.columnsLength(lines, candidates, distanceWidth, costWidth,
            (flags & SourcingDecision.HAS_CAPACITY) != 0, pairs, atpWidth) +
            (long)candidates * indexWidth;
        if (length > DecisionStore.MAX_RECORD_BYTES)
        {
            throw new IOException("a decision record of " + length + " bytes");
        }
        return length;
    }

    /**
     * Checks the columns of a record whose header {@link #length} passed ({@code length} bytes of {@code bytes}): each
     * candidate given units once, in candidate order, with some; every reason one the views can name; every location
     * index below {@code locationCount}.
     *
     * @throws IOException naming what is wrong
     */
    static void checkColumns(final byte[] bytes, final int length, final int locationCount) throws IOException
    {
        final int lines = (int)LE_INT.get(bytes, SourcingDecision.LINES);
        final int candidates = (int)LE_INT.get(bytes, SourcingDecision.CANDIDATES);
        final int pairs = (int)LE_INT.get(bytes, SourcingDecision.PAIRS);
        final boolean hasCapacity = (bytes[SourcingDecision.FLAGS] & SourcingDecision.HAS_CAPACITY) != 0;
        final int distanceWidth = bytes[SourcingDecision.DISTANCE_WIDTH];
        final int costWidth = bytes[SourcingDecision.COST_WIDTH];
        final int indexWidth = indexWidth((long)LE_LONG.get(bytes, SourcingDecision.LOCATIONS));
        final int pairsAt = (int)(SourcingDecision.HEADER + (long)lines * SourcingDecision.LINE_VALUES * Integer.BYTES +
            candidates * (1L + distanceWidth + costWidth + (hasCapacity ? Integer.BYTES : 0)));
        // As recorded: each candidate given units once, in candidate order, and no pair of no units.
        for (int k = 0, before = -1; k < pairs; k++)
        {
            final int at = pairsAt + k * 2 * Integer.BYTES;
            final int candidate = (int)LE_INT.get(bytes, at);
            if (candidate <= before || candidate >= candidates)
            {
                throw new IOException("a decision record giving units to candidate " + candidate + " of " +
                    candidates + (candidate <= before ? " after " + before : ""));
            }
            if ((int)LE_INT.get(bytes, at + Integer.BYTES) == 0)
            {
                throw new IOException("a decision record giving no units to candidate " + candidate);
            }
            before = candidate;
        }
        final int reasonsAt = SourcingDecision.HEADER + lines * SourcingDecision.LINE_VALUES * Integer.BYTES;
        for (int c = 0; c < candidates; c++)
        {
            if (Codes.SourcingReason.fromCode(bytes[reasonsAt + c] & 0xFF) == null)
            {
                throw new IOException("a decision record gives candidate " + c + " the reason code " +
                    (bytes[reasonsAt + c] & 0xFF));
            }
        }
        final int columns = length - candidates * indexWidth;
        for (int c = 0; c < (indexWidth > 0 ? candidates : 0); c++)
        {
            final int index = index(bytes, columns, c, indexWidth);
            if (index < 0 || index >= locationCount)
            {
                throw new IOException("a decision record names location " + index + " of " + locationCount);
            }
        }
    }

    /** The bytes an index takes in a snapshot's own location column of this marker; 0 for none (shared, or unknown). */
    static int indexWidth(final long marker)
    {
        return marker == OWN_LOCATIONS ? Integer.BYTES : marker == OWN_LOCATIONS_CHAR ? Character.BYTES :
            marker == OWN_LOCATIONS_BYTE ? Byte.BYTES : 0;
    }

    /** Candidate {@code c}'s location index in a snapshot's column at {@code from}, {@code width} bytes each. */
    static int index(final byte[] bytes, final int from, final int c, final int width)
    {
        return switch (width)
        {
            case Byte.BYTES -> bytes[from + c] & 0xFF;
            case Character.BYTES -> (char)LE_CHAR.get(bytes, from + c * Character.BYTES);
            default -> (int)LE_INT.get(bytes, from + c * Integer.BYTES);
        };
    }

    /**
     * Reverses the bytes of every value of a record in {@code bytes} (its header's numbers and each column's values at
     * their widths, up to the location column, which is written and read little-endian value by value): little-endian
     * to big-endian or back.
     */
    static void swap(final byte[] bytes, final int lines, final int candidates, final boolean hasCapacity,
        final int pairs, final int distanceWidth, final int costWidth, final int atpWidth)
    {
        int p = reverse(bytes, 0, 5, Long.BYTES); // decidedAt, decidedSeq, planCostMinor, atpBase, locations
        p = reverse(bytes, p, 4, Integer.BYTES); // shipments, candidates, lines, pairs (then the four bytes)
        p = reverse(bytes, SourcingDecision.HEADER, lines * SourcingDecision.LINE_VALUES, Integer.BYTES);
        p += candidates; // reasons
        p = reverse(bytes, p, candidates, distanceWidth);
        p = reverse(bytes, p, candidates, costWidth);
        p = reverse(bytes, p, hasCapacity ? candidates : 0, Integer.BYTES);
        p = reverse(bytes, p, 2 * pairs, Integer.BYTES);
        reverse(bytes, p, candidates * lines, atpWidth);
    }

    /** Reverses each of {@code count} values of {@code width} bytes from {@code from}; answers where they end. */
    private static int reverse(final byte[] bytes, final int from, final int count, final int width)
    {
        int p = from;
        for (int k = 0; k < count; k++, p += width)
        {
            for (int i = 0, j = width - 1; i < j; i++, j--)
            {
                final byte b = bytes[p + i];
                bytes[p + i] = bytes[p + j];
                bytes[p + j] = b;
            }
        }
        return p;
    }

    /**
     * Writes decisions as a snapshot keeps them (format 9), one after the other: each record's bytes, little-endian,
     * with {@link #OWN_LOCATIONS} and its location column after the others, or {@link #SHARED_LOCATIONS} and none when
     * its locations are those of the decision written before it (by value: a restore shares as {@link DecisionStore#record} does,
     * whichever record the column was shared with here). One snapshot, its writer's thread.
     */
    static final class Writer
    {
        /**
         * What {@link SourcingDecision} reads for {@link RecordArena#NONE} (an order not decided yet), as
         * {@link DecisionStore#record} makes a decision of no lines and no candidates: the widths it gives no values.
         */
        private static final byte[] EMPTY = new byte[SourcingDecision.HEADER];

        static
        {
            EMPTY[SourcingDecision.DISTANCE_WIDTH] = Integer.BYTES;
            EMPTY[SourcingDecision.COST_WIDTH] = Integer.BYTES;
            EMPTY[SourcingDecision.ATP_WIDTH] = Long.BYTES;
        }

        private byte[] bytes = new byte[1024];
        /** The location column of the decision written last, and its length (-1: none written yet). */
        private long lastLocations = RecordArena.NONE;
        private int lastLocationCount = -1;

        void write(final DataOutput out, final long record) throws IOException
        {
            final int candidates;
            final int length;
            final boolean own;
            long marker = OWN_LOCATIONS;
            if (record == RecordArena.NONE)
            {
                candidates = 0;
                own = lastLocationCount != 0;
                // Shared after another of none, as record() shares it (an own marker here made the restore give the
                // second its own empty column: found in review).
                marker = own ? OWN_LOCATIONS : SHARED_LOCATIONS;
                length = SourcingDecision.HEADER;
                System.arraycopy(EMPTY, 0, bytes, 0, length);
                if (own)
                {
                    lastLocationCount = 0;
                    lastLocations = RecordArena.NONE;
                }
            }
            else
            {
                candidates = UnsafeApi.getInt(record + SourcingDecision.CANDIDATES);
                final int lines = UnsafeApi.getInt(record + SourcingDecision.LINES);
                final int pairs = UnsafeApi.getInt(record + SourcingDecision.PAIRS);
                final boolean hasCapacity =
                    (UnsafeApi.getByte(record + SourcingDecision.FLAGS) & SourcingDecision.HAS_CAPACITY) != 0;
                final int distanceWidth = UnsafeApi.getByte(record + SourcingDecision.DISTANCE_WIDTH);
                final int costWidth = UnsafeApi.getByte(record + SourcingDecision.COST_WIDTH);
                final int atpWidth = UnsafeApi.getByte(record + SourcingDecision.ATP_WIDTH);
                final int columns = (int)SourcingDecision.columnsLength(lines, candidates, distanceWidth, costWidth,
                    hasCapacity, pairs, atpWidth);
                final long locations = UnsafeApi.getLong(record + SourcingDecision.LOCATIONS);
                own = !sameLocations(locations, candidates);
                int highest = 0;
                for (int c = 0; own && c < candidates; c++)
                {
                    highest = Math.max(highest, UnsafeApi.getInt(locations + (long)c * Integer.BYTES));
                }
                final int indexWidth = !own ? 0 : highest < 1 << Byte.SIZE ? Byte.BYTES :
                    highest < 1 << Character.SIZE ? Character.BYTES : Integer.BYTES;
                marker = !own ? SHARED_LOCATIONS : indexWidth == Byte.BYTES ? OWN_LOCATIONS_BYTE :
                    indexWidth == Character.BYTES ? OWN_LOCATIONS_CHAR : OWN_LOCATIONS;
                length = columns + candidates * indexWidth;
                if (bytes.length < length)
                {
                    bytes = new byte[Math.max(length, 2 * bytes.length)];
                }
                UnsafeApi.copyMemory(null, record, bytes, BYTE_ARRAY_BASE, columns);
                if (!NATIVE_LITTLE_ENDIAN)
                {
                    swap(bytes, lines, candidates, hasCapacity, pairs, distanceWidth, costWidth, atpWidth);
                }
                if (own)
                {
                    for (int c = 0, p = columns; c < candidates; c++, p += indexWidth)
                    {
                        final int index = UnsafeApi.getInt(locations + (long)c * Integer.BYTES);
                        switch (indexWidth)
                        {
                            case Byte.BYTES -> bytes[p] = (byte)index;
                            case Character.BYTES -> LE_CHAR.set(bytes, p, (char)index);
                            default -> LE_INT.set(bytes, p, index);
                        }
                    }
                    lastLocations = locations;
                    lastLocationCount = candidates;
                }
            }
            LE_LONG.set(bytes, SourcingDecision.LOCATIONS, marker);
            out.write(bytes, 0, length);
        }

        /** Whether the column at {@code locations} holds the same indices as the last one written. */
        private boolean sameLocations(final long locations, final int candidates)
        {
            if (candidates != lastLocationCount)
            {
                return false;
            }
            if (locations == lastLocations)
            {
                return true;
            }
            for (int c = 0; c < candidates; c++)
            {
                if (UnsafeApi.getInt(locations + (long)c * Integer.BYTES) !=
                    UnsafeApi.getInt(lastLocations + (long)c * Integer.BYTES))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
