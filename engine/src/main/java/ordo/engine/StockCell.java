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
    /** The SKU this is stock of: it keeps the network's supply up to date as this cell changes. */
    final Sku sku;
    /** Where this cell is in its SKU's cells (location order): its entry in {@link Sku#cellAtps}. Set by the SKU. */
    int position;
    // Read freely; written only through the methods below, which keep Sku#networkSupply in step.
    long onHand;
    long reserved;
    long allocated;
    long safetyStock;

    StockCell(final Location location, final Sku sku)
    {
        this.location = location;
        this.sku = sku;
    }

    void addReserved(final long qty)
    {
        final long before = atp();
        reserved += qty;
        sku.supplyChanged(this, before);
    }

    void addAllocated(final long units)
    {
        final long before = atp();
        allocated += units;
        sku.supplyChanged(this, before);
    }

    void onHand(final long units)
    {
        final long before = atp();
        onHand = units;
        sku.supplyChanged(this, before);
    }

    void stock(final long onHand, final long safetyStock)
    {
        final long before = atp();
        this.onHand = onHand;
        this.safetyStock = safetyStock;
        sku.supplyChanged(this, before);
    }

    /** A snapshot's values. */
    void restore(final long onHand, final long reserved, final long allocated, final long safetyStock)
    {
        final long before = atp();
        this.onHand = onHand;
        this.reserved = reserved;
        this.allocated = allocated;
        this.safetyStock = safetyStock;
        sku.supplyChanged(this, before);
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
