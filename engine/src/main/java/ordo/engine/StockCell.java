package ordo.engine;

/**
 * Stock of one SKU at one location. Invariant (checked by tests after every command):
 * {@code reserved >= 0, allocated >= 0} and {@code reserved + allocated + safetyStock <= onHand} unless an
 * adjustment or a count lowered {@code onHand} below the commitments, in which case {@link #atp()} is negative and
 * nothing new is granted here until it recovers.
 */
final class StockCell
{
    final Location location;
    long onHand;
    long reserved;
    long allocated;
    long safetyStock;

    StockCell(final Location location)
    {
        this.location = location;
    }

    /** Available to promise at this node; may be negative after a downward adjustment. */
    long atp()
    {
        return onHand - allocated - reserved - safetyStock;
    }

    long hash()
    {
        long h = Hashing.combine(location.idHash, onHand);
        h = Hashing.combine(h, reserved);
        h = Hashing.combine(h, allocated);
        return Hashing.combine(h, safetyStock);
    }
}
