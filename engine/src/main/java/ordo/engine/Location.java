package ordo.engine;

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

    /** Unit vector of the coordinates, derived (never stored): distances cost one sqrt and one asin. */
    double x;
    double y;
    double z;

    /** Orders allocated here on engine-time UTC day {@link #capacityDay} (daily order capacity). */
    long capacityDay;
    int capacityUsed;

    Location(final int index, final byte[] id, final long idHash)
    {
        this.index = index;
        this.id = id;
        this.idHash = idHash;
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

    private static final long DAY_MILLIS = 86_400_000L;

    /** The engine-time UTC day of a time: daily capacity counts per node per such day. */
    static long day(final long timeMillis)
    {
        return Math.floorDiv(timeMillis, DAY_MILLIS);
    }

    /** The first millisecond of engine-time day {@code day}, clamped to the range of a long. */
    static long dayStart(final long day)
    {
        if (day > Long.MAX_VALUE / DAY_MILLIS)
        {
            return Long.MAX_VALUE;
        }
        return day < Long.MIN_VALUE / DAY_MILLIS ? Long.MIN_VALUE : day * DAY_MILLIS;
    }

    /** Orders this node may still take on engine-time day {@code day}; -1 = unlimited. */
    int capacityLeft(final long day)
    {
        if (dailyOrderCapacity == 0)
        {
            return -1;
        }
        return Math.max(0, dailyOrderCapacity - (capacityDay == day ? capacityUsed : 0));
    }

    void takeCapacity(final long day)
    {
        if (capacityDay != day)
        {
            capacityDay = day;
            capacityUsed = 0;
        }
        capacityUsed++;
    }

    /** Gives back an order taken on {@code day}; a day already over has nothing to give back. */
    void returnCapacity(final long day)
    {
        if (capacityDay == day && capacityUsed > 0)
        {
            capacityUsed--;
        }
    }

    boolean canShip()
    {
        final int needed = type == Codes.LocationType.STORE ? Codes.CAP_SHIP_FROM_STORE | Codes.CAP_SHIP : Codes.CAP_SHIP;
        return (capabilities & needed) != 0;
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
        h = Hashing.combine(h, capacityDay);
        h = Hashing.combine(h, capacityUsed);
        return Hashing.combine(h, active ? 1 : 0);
    }
}
