package ordo.engine;

/**
 * A node of the network: warehouse, DC or store. Defined by admin commands; owned by the engine thread.
 */
final class Location
{
    final int index;
    final byte[] id;
    final long idHash;
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

    Location(final int index, final byte[] id, final long idHash)
    {
        this.index = index;
        this.id = id;
        this.idHash = idHash;
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
        return Hashing.combine(h, active ? 1 : 0);
    }
}
