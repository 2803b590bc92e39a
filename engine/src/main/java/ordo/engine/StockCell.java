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
    /**
     * Units each channel has taken here (its holds at this node plus its orders' allocations here;
     * {@link ChannelCounts}, as {@link Sku#networkHeldBy}): a pooled channel may have at most its share of the node's
     * stock, what it has taken included ({@link Channel#pooledLeft}), so taking the share in steps gives it no more
     * than taking it at once (rules version 4).
     */
    private final ChannelCounts takenByChannel = new ChannelCounts();
    /**
     * The newest allocation record made here with units left when made, {@link RecordArena#NONE} for none: the head
     * of the cell's chain ({@link Order#previousAtCell}), which a stock shortage walks ({@link StockShortage}).
     * Derived: neither hashed nor snapshotted, rebuilt as a restore adds the orders' allocations.
     */
    long lastAllocation = RecordArena.NONE;

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

    /** A hold here of the channel (negative units when it ends), counted for the channel. */
    void addReserved(final long qty, final long channelHash)
    {
        addReserved(qty);
        if (countsByChannel())
        {
            addTaken(channelHash, qty);
        }
    }

    /** An allocation here to an order of the channel (negative units when they are freed), counted for the channel. */
    void addAllocated(final long units, final long channelHash)
    {
        addAllocated(units);
        if (countsByChannel())
        {
            addTaken(channelHash, units);
        }
    }

    private boolean countsByChannel()
    {
        return sku.catalog != null && sku.catalog.countsByChannel();
    }

    /** Counts units the channel took here (negative when it gives them back); see {@link #takenByChannel}. */
    void addTaken(final long channelHash, final long units)
    {
        takenByChannel.add(channelHash, units);
    }

    /** Units the channel holds or has allocated here (0 until a channel is defined). */
    long takenBy(final long channelHash)
    {
        return takenByChannel.of(channelHash);
    }

    /** The per-channel counts other than 0, for InvariantChecker to compare with the holds and orders. */
    java.util.Map<Long, Long> takenByChannel()
    {
        return takenByChannel.nonZero();
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
