package ordo.engine;

import java.util.Arrays;

/**
 * A sellable item and its stock across the network. Owned by the engine thread.
 *
 * <p>Network ATP is the sum over active locations of each node's ATP (a node short of stock counts as zero, since
 * its own commitments can't be met from elsewhere) minus the holds placed against the network as a whole.
 */
final class Sku
{
    static final long NO_SALE_START = Long.MIN_VALUE;
    static final long NO_SALE_END = Long.MAX_VALUE;

    final int index;
    final byte[] id;
    final long idHash;
    /** {@link ByteSlice#tableHash} of the id: the catalog's lookup key (not state). */
    long tableHash;
    /** The id's length and first sixteen bytes ({@link ByteSlice#word}): a lookup compares them, not the array. */
    int idLength;
    long idWord0;
    long idWord1;
    String name;
    int weightGrams;
    int perCustomerLimit;
    long saleStartsAt = NO_SALE_START;
    long saleEndsAt = NO_SALE_END;
    boolean allowBackorder;

    /** Units held by reservations placed against the network rather than one node. */
    long networkReserved;

    private StockCell[] cells = new StockCell[4];
    private int cellCount;
    /**
     * {@code cells[0]}, or null: a network hold on a well-stocked SKU reads its first cell only, and reaches it from
     * the SKU without reading the array (a cache line fewer per reserve when SKUs are many).
     */
    private StockCell firstCell;

    Sku(final int index, final byte[] id, final long idHash)
    {
        this.index = index;
        this.id = id;
        this.idHash = idHash;
    }

    int cellCount()
    {
        return cellCount;
    }

    StockCell cell(final int position)
    {
        return cells[position];
    }

    /** The cells themselves, the first {@link #cellCount} in location order: read-only, for sourcing's loop. */
    StockCell[] cells()
    {
        return cells;
    }

    StockCell findCell(final Location location)
    {
        for (int i = 0; i < cellCount; i++)
        {
            if (cells[i].location == location)
            {
                return cells[i];
            }
        }
        return null;
    }

    StockCell cellFor(final Location location)
    {
        final StockCell existing = findCell(location);
        if (existing != null)
        {
            return existing;
        }
        if (cellCount == cells.length)
        {
            cells = Arrays.copyOf(cells, cellCount * 2);
        }
        final StockCell cell = new StockCell(location);
        // Keep cells ordered by location index so views, snapshots and hashes never depend on history, and because
        // Sourcing.cellOf finds a cell by binary search over that order (InvariantChecker checks it).
        int at = cellCount;
        while (at > 0 && cells[at - 1].location.index > location.index)
        {
            cells[at] = cells[at - 1];
            at--;
        }
        cells[at] = cell;
        cellCount++;
        firstCell = cells[0];
        return cell;
    }

    /** Sum over active nodes of max(0, node ATP): what network holds may draw on. */
    long networkSupply()
    {
        long supply = 0;
        for (int i = 0; i < cellCount; i++)
        {
            final StockCell cell = cells[i];
            if (cell.location.active)
            {
                final long atp = cell.atp();
                if (atp > 0)
                {
                    supply += atp;
                }
            }
        }
        return supply;
    }

    long networkAtp()
    {
        return networkSupply() - networkReserved;
    }

    /**
     * {@code networkAtp() >= qty}, summing only as many nodes as it takes: the sum only grows node by node, so a
     * well-stocked SKU answers after its first node instead of reading every cell.
     */
    boolean networkAtpAtLeast(final long qty)
    {
        final long needed = qty + networkReserved;
        final StockCell first = firstCell;
        if (first == null)
        {
            return needed <= 0;
        }
        long supply = 0;
        final long firstAtp = first.atp();
        if (firstAtp > 0 && first.location.active)
        {
            supply = firstAtp;
            if (supply >= needed)
            {
                return true;
            }
        }
        for (int i = 1; i < cellCount; i++)
        {
            final StockCell cell = cells[i];
            final long atp = cell.atp();
            if (atp > 0 && cell.location.active)
            {
                supply += atp;
                if (supply >= needed)
                {
                    return true;
                }
            }
        }
        return supply >= needed;
    }

    boolean saleOpenAt(final long timeMillis)
    {
        return timeMillis >= saleStartsAt;
    }

    boolean saleEndedAt(final long timeMillis)
    {
        return timeMillis >= saleEndsAt;
    }

    long hash()
    {
        long h = Hashing.combine(idHash, index);
        h = Hashing.combine(h, Hashing.hashText(name));
        h = Hashing.combine(h, weightGrams);
        h = Hashing.combine(h, perCustomerLimit);
        h = Hashing.combine(h, saleStartsAt);
        h = Hashing.combine(h, saleEndsAt);
        h = Hashing.combine(h, allowBackorder ? 1 : 0);
        h = Hashing.combine(h, networkReserved);
        for (int i = 0; i < cellCount; i++)
        {
            h = Hashing.combine(h, cells[i].hash());
        }
        return h;
    }
}
