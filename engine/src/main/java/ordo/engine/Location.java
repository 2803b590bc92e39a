package ordo.engine;

import org.agrona.collections.LongHashSet;

/**
 * A node of the network: warehouse, DC or store. Defined by admin commands; owned by the engine thread.
 */
final class Location
{
    final int index;
    final byte[] id;
    final long idHash;
    /** Position of the id in byte order among all locations: sourcing breaks ties by it. Derived. */
    int idRank;
    Codes.LocationType type;
    String name;
    int latMicro;
    int lonMicro;
    String countryCode;
    int capabilities;
    int dailyOrderCapacity;
    long handlingCostMinor;
    String currency;
    boolean active;
    /**
     * The countries a shipment from here may go to ({@link #countryKey}s, ascending; rules version 15): empty for
     * anywhere. A SHIP line to another country does not take units here ({@code COUNTRY_NOT_SERVED}); a pickup here is
     * not a shipment, so it is not bound by it.
     */
    short[] shipsTo = ANYWHERE;
    static final short[] ANYWHERE = {};
    /** The most countries a location may list in {@link #shipsTo} (a count byte in DEFINE_LOCATION). */
    static final int MAX_SHIPS_TO = 255;

    /** Unit vector of the coordinates, derived (never stored): distances cost one sqrt and one asin. */
    double x;
    double y;
    double z;

    /**
     * When this node's capacity day begins (rules version 19): the local time of day in minutes (0–1439) and the UTC
     * offset it was given at, in minutes ({@link Codes#MAX_DAY_OFFSET_MINUTES} either way), as {@code PUT /v1/locations/{id}} wrote them
     * ({@code capacityDayStartsAt}, e.g. {@code 14:00:00+07:00}: a Jakarta warehouse's cut-off). Default midnight UTC.
     */
    int dayStartsAtMinute;
    int dayStartsAtOffsetMinutes;
    /** Derived from the two: the day begins this many milliseconds after each UTC midnight (0 ≤ b < a day). */
    private long dayBoundaryMillis;
    /** {@link #nextBoundary}'s last answer, valid for the day before it. Derived: a memo, cleared with the boundary. */
    private long boundaryMemo = Long.MIN_VALUE;

    /**
     * The end of the capacity day whose orders {@link #capacityUsed} counts: the first millisecond of the next day
     * (rules version 19; a day's number before). A day's end is fixed when the node first counts an order in it, so a
     * new {@link #dayStartsAtMinute} takes effect from the next day. {@link Long#MIN_VALUE}: no day counted yet.
     */
    long capacityDay = Long.MIN_VALUE;
    int capacityUsed;
    /**
     * The ids of the orders holding day {@link #capacityDay} here, while {@link #holdersKnown}: kept from the first
     * order of a day that began with a daily capacity (without one, every day has room; given one or made unlimited
     * during its day, a node does not know its holders until the next). Derived: neither hashed nor in snapshots;
     * rebuilt on restore ({@link OrderBook#rebuildDerived}). When every node that may ship a SKU is full, only these
     * orders may take more of it there that day, so a backorder fill reads their waiting lines alone
     * ({@link BackorderPassOver}).
     */
    final LongHashSet dayHolders = new LongHashSet();
    boolean holdersKnown;
    /**
     * The stock cells at this node, one per SKU stocked here, in SKU order (by {@link Sku#index}, the order SKUs were
     * defined): the same live and after a restore (which makes the cells SKU by SKU), so a page of the node's stock
     * ({@code GET /v1/locations/{id}/stock}) goes on from its cursor across a restart. A node switched on or off adds
     * up its SKUs' network supply and marks them for the sold-out board over them ({@link InventoryCommands
     * #defineLocation}), where it once looked for a cell in every SKU of the catalog. Derived: neither hashed nor in
     * snapshots (Review-194).
     */
    private StockCell[] cells = NO_CELLS;
    private int cellCount;
    private static final StockCell[] NO_CELLS = {};

    Location(final int index, final byte[] id, final long idHash)
    {
        this.index = index;
        this.id = id;
        this.idHash = idHash;
    }

    /**
     * A cell made at this node ({@link Sku#cellFor}), put in its SKU's place. Cells are made for new SKUs mostly, at
     * the end; one for an older SKU moves the later ones along (an admin's first count of it here).
     */
    void addCell(final StockCell cell)
    {
        if (cellCount == cells.length)
        {
            cells = java.util.Arrays.copyOf(cells, Math.max(4, cellCount * 2));
        }
        final int found = cellPosition(cell.sku.index);
        // Sku.cellFor makes one cell per SKU here; a second would go before the first (InvariantChecker finds it).
        final int at = found < 0 ? -found - 1 : found;
        System.arraycopy(cells, at, cells, at + 1, cellCount - at);
        cells[at] = cell;
        cellCount++;
    }

    /**
     * Where this node's cell of the SKU of index {@code skuIndex} is among its cells ({@link #cell}), or
     * {@code -(where it would go) - 1} when the SKU has none here (a binary search over their SKU order).
     */
    int cellPosition(final int skuIndex)
    {
        int low = 0;
        int high = cellCount - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int at = cells[mid].sku.index;
            if (at < skuIndex)
            {
                low = mid + 1;
            }
            else if (at > skuIndex)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -low - 1;
    }

    int cellCount()
    {
        return cellCount;
    }

    StockCell cell(final int i)
    {
        return cells[java.util.Objects.checkIndex(i, cellCount)];
    }

    void coordinates(final int latMicro, final int lonMicro)
    {
        this.latMicro = latMicro;
        this.lonMicro = lonMicro;
        final double[] v = Geo.unitVector(latMicro, lonMicro);
        this.x = v[0];
        this.y = v[1];
        this.z = v[2];
    }

    static final long DAY_MILLIS = 86_400_000L;
    private static final long MINUTE_MILLIS = 60_000L;
    /** Times this close to the end of engine time have their day's end clamped (no overflow). */
    private static final long EDGE = 3 * DAY_MILLIS;
    /** The shortest a capacity day may be: a start moved later by less lengthens the next day ({@link #today}). */
    static final long SHORTEST_DAY_MILLIS = DAY_MILLIS / 2;
    /** The longest: a day and a start moved later by less than half a day. */
    static final long LONGEST_DAY_MILLIS = DAY_MILLIS + SHORTEST_DAY_MILLIS;

    /**
     * Sets when the node's capacity day begins: local minute {@code minute} of the day at UTC offset {@code offset}
     * minutes (both checked by the caller). The day being counted keeps its end; the next begins at the new time.
     */
    void dayStartsAt(final int minute, final int offset)
    {
        dayStartsAtMinute = minute;
        dayStartsAtOffsetMinutes = offset;
        dayBoundaryMillis = Math.floorMod(minute - offset, 1440) * MINUTE_MILLIS;
        boundaryMemo = Long.MIN_VALUE;
    }

    /**
     * The end of this node's capacity day at engine time {@code now}: the day it counts orders in while that lasts,
     * else the next time the node's day begins after {@code now}, a day later when that would end the day after a
     * counted one less than {@link #SHORTEST_DAY_MILLIS} after it. A function of the node's state and {@code now}
     * (the memo only saves a division); it does not go back as engine time goes on, except when the node's start
     * changes while it counts no day (then the new start applies at once).
     */
    long today(final long now)
    {
        if (now < capacityDay)
        {
            return capacityDay;
        }
        long next;
        final long memo = boundaryMemo;
        if (now < memo && now >= memo - DAY_MILLIS)
        {
            next = memo;
        }
        else
        {
            next = nextBoundary(now);
            // Not a clamped end: it holds for the times up to it, not for a day before it.
            if (next != Long.MAX_VALUE)
            {
                boundaryMemo = next;
            }
        }
        // A start moved later (a cut-off from 14:00 to 15:00, a zone's clocks going back) would make the stretch
        // from the counted day's end to the new start a day of its own, with a whole day's capacity: it joins the
        // next day instead, so a day is 12 to 36 hours long (Review-264).
        if (capacityDay != Long.MIN_VALUE && next != Long.MAX_VALUE && next - capacityDay < SHORTEST_DAY_MILLIS)
        {
            next += DAY_MILLIS;
        }
        return next;
    }

    /**
     * The first time after {@code now} the node's day begins ({@link Long#MAX_VALUE} within three days of the end of
     * time); exact at the other end (no overflow: the distance to it is added to {@code now}).
     */
    private long nextBoundary(final long now)
    {
        if (now > Long.MAX_VALUE - EDGE)
        {
            return Long.MAX_VALUE;
        }
        final long sinceStart = Math.floorMod(Math.floorMod(now, DAY_MILLIS) - dayBoundaryMillis, DAY_MILLIS);
        return now + (DAY_MILLIS - sinceStart);
    }

    /**
     * What the state hash takes of a day's end {@code end}: an end at midnight UTC as the day's number rules version 18
     * counted it by (a snapshot of that build restores to its header's hash), no day as 0 (its first value), any other
     * end as itself. Of the value alone, not of the node's start now.
     */
    static long hashedDay(final long end)
    {
        if (end == Long.MIN_VALUE)
        {
            return 0;
        }
        return Math.floorMod(end, DAY_MILLIS) == 0 ? Math.floorDiv(end, DAY_MILLIS) - 1 : end;
    }

    /** A day number of a snapshot before format 15 (rules version 18 and older: UTC days) as the day's end. */
    static long endOfUtcDay(final long day)
    {
        try
        {
            return Math.multiplyExact(Math.addExact(day, 1), DAY_MILLIS);
        }
        catch (final ArithmeticException beyondTime)
        {
            return day > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    /** Orders this node may still take in its capacity day at engine time {@code now}; -1 = unlimited. */
    int capacityLeftAt(final long now)
    {
        return dailyOrderCapacity == 0 ? -1 : capacityLeft(today(now));
    }

    /** Orders this node may still take in its capacity day ending at {@code day}; -1 = unlimited. */
    int capacityLeft(final long day)
    {
        if (dailyOrderCapacity == 0)
        {
            return -1;
        }
        return Math.max(0, dailyOrderCapacity - (capacityDay == day ? capacityUsed : 0));
    }

    /** Counts order {@code orderId} against day {@code day} here (once per order and day: the order's to ensure). */
    void takeCapacity(final long day, final long orderId)
    {
        if (capacityDay != day)
        {
            capacityDay = day;
            capacityUsed = 0;
            forgetHolders();
        }
        capacityUsed++;
        if (holdersKnown)
        {
            dayHolders.add(orderId);
        }
    }

    /**
     * Gives back order {@code orderId}'s unit of {@code day}; a day already over has nothing to give back. Answers
     * whether the node was full that day: only then may a waiting order take what it could not before.
     */
    boolean returnCapacity(final long day, final long orderId)
    {
        if (capacityDay == day && capacityUsed > 0)
        {
            final boolean wasFull = capacityLeft(day) == 0;
            capacityUsed--;
            if (holdersKnown)
            {
                dayHolders.remove(orderId);
            }
            return wasFull;
        }
        return false;
    }

    /** Whether {@link #dayHolders} are the orders holding day {@code day} here. */
    boolean knowsHoldersOf(final long day)
    {
        return holdersKnown && capacityDay == day;
    }

    /**
     * Starts {@link #dayHolders} afresh, known at a node with a daily capacity: at a new day, on a restore (each
     * order's days then {@link #restoreHolder restored}), and when the node is made unlimited. The cleared set's
     * table goes back to a small one once a large day left it large (its iterator walks all of it); a small one is
     * left, as compacting always makes a new table, and the first order of a day would allocate.
     */
    void forgetHolders()
    {
        dayHolders.clear();
        if (dayHolders.capacity() > 64)
        {
            dayHolders.compact();
        }
        // A node given a capacity during its day does not know who holds that day until the next.
        holdersKnown = dailyOrderCapacity > 0;
    }

    /**
     * A new daily capacity. Made unlimited, the node has room every day, and stops keeping its holders until a day
     * begins with a capacity again (it kept them all day, however many).
     */
    void dailyOrderCapacity(final int capacity)
    {
        dailyOrderCapacity = capacity;
        if (capacity == 0)
        {
            forgetHolders();
        }
    }

    /** An order's hold of day {@code day} here, found on restore. */
    void restoreHolder(final long day, final long orderId)
    {
        if (holdersKnown && capacityDay == day)
        {
            dayHolders.add(orderId);
        }
    }

    boolean canShip()
    {
        final int needed = type == Codes.LocationType.STORE ? Codes.CAP_SHIP_FROM_STORE | Codes.CAP_SHIP : Codes.CAP_SHIP;
        return (capabilities & needed) != 0;
    }

    /**
     * Whether a shipment from here may go to the country of key {@code country} ({@link #countryKey}; 0, no country,
     * goes nowhere a list names).
     */
    boolean shipsTo(final int country)
    {
        return shipsTo.length == 0 || (country != 0 && java.util.Arrays.binarySearch(shipsTo, (short)country) >= 0);
    }

    /**
     * The key of a country code: its two letters A to Z as one number, {@code (first << 8) | second} (so keys sort as
     * the codes do); 0 for anything else (no country, or not two capital letters).
     */
    static int countryKey(final byte[] code)
    {
        return code.length == 2 ? countryKey(code[0], code[1]) : 0;
    }

    /** {@link #countryKey} of a code read from a payload. */
    static int countryKey(final ByteSlice code)
    {
        return code.length() == 2 ? countryKey(code.byteAt(0), code.byteAt(1)) : 0;
    }

    /** {@link #countryKey} of the two letters of a code. */
    static int countryKey(final byte first, final byte second)
    {
        return isCapital(first) && isCapital(second) ? (first << 8) | second : 0;
    }

    private static boolean isCapital(final byte b)
    {
        return b >= 'A' && b <= 'Z';
    }

    boolean canOfferPickup()
    {
        return (capabilities & Codes.CAP_PICKUP) != 0;
    }

    long hash()
    {
        long h = Hashing.combine(idHash, index);
        h = Hashing.combine(h, type.code());
        h = Hashing.combine(h, Hashing.hashText(name));
        h = Hashing.combine(h, latMicro);
        h = Hashing.combine(h, lonMicro);
        h = Hashing.combine(h, Hashing.hashAscii(countryCode));
        h = Hashing.combine(h, capabilities);
        h = Hashing.combine(h, dailyOrderCapacity);
        h = Hashing.combine(h, handlingCostMinor);
        h = Hashing.combine(h, Hashing.hashAscii(currency));
        h = Hashing.combine(h, hashedDay(capacityDay));
        h = Hashing.combine(h, capacityUsed);
        h = Hashing.combine(h, active ? 1 : 0);
        // Only a list joins the hash, so a network without one hashes as it did before rules version 15.
        for (final short country : shipsTo)
        {
            h = Hashing.combine(h, country);
        }
        // Likewise only a day that does not begin at midnight UTC (rules version 19).
        if (dayStartsAtMinute != 0 || dayStartsAtOffsetMinutes != 0)
        {
            h = Hashing.combine(h, dayStartsAtMinute);
            h = Hashing.combine(h, dayStartsAtOffsetMinutes);
        }
        return h;
    }
}
