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
    /**
     * {@link #networkReserved} per channel: what a pooled channel already holds of its share against the network
     * ({@link ChannelCounts}: counted once any channel is defined, not state).
     */
    private final ChannelCounts networkHeldByChannel = new ChannelCounts();
    /**
     * Sum over cells at active nodes of max(0, node ATP): what network holds may draw on. Kept as cells change and
     * nodes are switched on or off (not state: it follows from the cells; InvariantChecker recomputes it), so a
     * network hold's stock check reads this SKU only, not its cells.
     */
    private long networkSupply;

    private StockCell[] cells = new StockCell[4];
    private int cellCount;
    /**
     * Each cell's ATP, in the cells' order, kept as they change (not state: it follows from the cells;
     * InvariantChecker compares them). Sourcing reads a line's ATP at every node from this one array instead of
     * from a cell object per node.
     */
    private long[] cellAtps = new long[4];

    /**
     * Where this SKU is published to the gateway as sold out or not ({@link SoldOutBoard}), and the catalog that
     * publishes it at the end of a command; null for a SKU made outside a catalog (tests). Not state.
     */
    SoldOutBoard.Entry boardEntry;
    Catalog catalog;
    /** Where the catalog records the SKUs' last changes ({@link #changed}), null outside a catalog. Not state. */
    StockChanges changes;
    /** Something the board shows of this SKU may have changed in this command: it is in the catalog's list. */
    private boolean boardDirty;
    /** Whether the board shows this SKU sold out: kept here so that a stock change compares without reading it. */
    private boolean markedSoldOut;

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

    /** Each cell's ATP, the first {@link #cellCount} in the cells' order: read-only, for sourcing's loop. */
    long[] cellAtps()
    {
        return cellAtps;
    }

    /**
     * This SKU's cell at {@code l}, or null: cells are kept in location index order (cellFor; the invariant checker
     * checks it), so a SKU stocked at every node up to this one has it at the node's index, and any other is found by
     * a binary search (a scan of every cell cost ~1 µs a hold or release with a thousand stores; an audit).
     */
    StockCell findCell(final Location l)
    {
        final int position = findPosition(l);
        return position < 0 ? null : cells[position];
    }

    /** The position of this SKU's cell at {@code l} among {@link #cells}, or -1 ({@link #findCell}). */
    int findPosition(final Location l)
    {
        if (l.index < cellCount && cells[l.index].location == l)
        {
            return l.index;
        }
        int low = 0;
        int high = cellCount - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int at = cells[mid].location.index;
            if (at < l.index)
            {
                low = mid + 1;
            }
            else if (at > l.index)
            {
                high = mid - 1;
            }
            else
            {
                return cells[mid].location == l ? mid : -1;
            }
        }
        return -1;
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
            cellAtps = Arrays.copyOf(cellAtps, cellCount * 2);
        }
        final StockCell cell = new StockCell(location, this);
        // Keep cells ordered by location index so views, snapshots and hashes never depend on history, and because
        // Sourcing.cellOf finds a cell by binary search over that order (InvariantChecker checks it).
        int at = cellCount;
        while (at > 0 && cells[at - 1].location.index > location.index)
        {
            cells[at] = cells[at - 1];
            cellAtps[at] = cellAtps[at - 1];
            cells[at].position = at;
            at--;
        }
        cells[at] = cell;
        cellAtps[at] = cell.atp();
        cell.position = at;
        cellCount++;
        location.addCell(cell);
        return cell;
    }

    /** Sum over active nodes of max(0, node ATP): what network holds may draw on. */
    long networkSupply()
    {
        return networkSupply;
    }

    /** Why the kept per-cell ATPs or positions disagree with the cells, or null when they agree (invariant). */
    String cellAtpMismatch()
    {
        for (int i = 0; i < cellCount; i++)
        {
            if (cells[i].position != i)
            {
                return "cell at " + i + " says it is at " + cells[i].position;
            }
            if (cellAtps[i] != cells[i].atp())
            {
                return "kept ATP " + cellAtps[i] + " at " + new String(cells[i].location.id) + " but the cell's is " +
                    cells[i].atp();
            }
        }
        return null;
    }

    /** {@link #networkSupply} summed from the cells: what the kept sum must equal. */
    long networkSupplyFromCells()
    {
        long supply = 0;
        for (int i = 0; i < cellCount; i++)
        {
            final StockCell cell = cells[i];
            if (cell.location.active)
            {
                supply += Math.max(0, cell.atp());
            }
        }
        return supply;
    }

    /** A cell of this SKU changed from {@code atpBefore}. */
    void supplyChanged(final StockCell cell, final long atpBefore)
    {
        cellAtps[cell.position] = cell.atp();
        if (cell.location.active)
        {
            networkSupply += Math.max(0, cell.atp()) - Math.max(0, atpBefore);
        }
        markForBoard();
        changed();
    }

    /** The node of {@code cell} was switched on ({@code active}) or off: its ATP starts or stops counting. */
    void nodeSwitched(final StockCell cell, final boolean active)
    {
        final long atp = Math.max(0, cell.atp());
        networkSupply += active ? atp : -atp;
        markForBoard();
        changed();
    }

    /** {@link #networkReserved} changed by {@code units} (a network hold made or ended, negative when it ended). */
    void addNetworkReserved(final long units)
    {
        networkReserved += units;
        markForBoard();
        changed();
    }

    /** What the stock change feed shows of this SKU may have changed in this command ({@link StockChanges}). */
    void changed()
    {
        if (changes != null)
        {
            changes.touch(index);
        }
    }

    /**
     * Network ATP may have changed: when what the board shows of this SKU is now wrong, the catalog publishes it at the
     * end of the command ({@link Catalog#publishSoldOut}), once per SKU and command. A change that leaves the board
     * right costs a comparison; a later change in the same command that makes it wrong is listed then.
     */
    void markForBoard()
    {
        if (!boardDirty && catalog != null && soldOutNow() != markedSoldOut)
        {
            boardDirty = true;
            catalog.boardChanged(this);
        }
    }

    /** The sale window may have changed, or the SKU was restored: published afresh. */
    void markDefinitionForBoard()
    {
        if (!boardDirty && catalog != null)
        {
            boardDirty = true;
            catalog.boardChanged(this);
        }
    }

    /**
     * A network hold of this SKU is refused for stock alone: network ATP 0 or less. (Stock is checked before the
     * customer's limit, whose holdings the board does not show; before rules version 2 it was the other way round.)
     */
    private boolean soldOutNow()
    {
        return networkAtp() <= 0;
    }

    /**
     * Publishes whether a network hold of this SKU is refused for stock alone: network ATP 0 or less. Writes only on
     * a change.
     */
    void publishSoldOut(final long seq)
    {
        boardDirty = false;
        final boolean soldOut = soldOutNow();
        if (soldOut != markedSoldOut || (soldOut && !SoldOutBoard.showsWindow(boardEntry, saleStartsAt, saleEndsAt)))
        {
            markedSoldOut = soldOut;
            catalog.board().mark(seq, boardEntry, soldOut, saleStartsAt, saleEndsAt);
        }
    }

    /** Whether the board shows what {@link #publishSoldOut} would publish now, and nothing is pending (invariant). */
    String boardMismatch()
    {
        if (boardDirty)
        {
            return "still marked for the board after the command";
        }
        final boolean soldOut = soldOutNow();
        if (SoldOutBoard.isMarked(boardEntry) != soldOut || markedSoldOut != soldOut)
        {
            return "published " + (soldOut ? "available" : "sold out") + " but network ATP is " + networkAtp();
        }
        if (soldOut && !SoldOutBoard.showsWindow(boardEntry, saleStartsAt, saleEndsAt))
        {
            return "published sold out with another sale window";
        }
        return null;
    }

    long networkAtp()
    {
        return networkSupply - networkReserved;
    }

    /** Counts a network hold's units of this SKU (negative when it ends) for its channel. */
    void addNetworkHeld(final long channelHash, final long units)
    {
        networkHeldByChannel.add(channelHash, units);
    }

    /** The per-channel counts summed: equal to {@link #networkReserved} (InvariantChecker). */
    long networkHeldTotal()
    {
        return networkHeldByChannel.total();
    }

    /** The per-channel network holds other than 0, for InvariantChecker to compare with the holds. */
    java.util.Map<Long, Long> networkHeldByChannel()
    {
        return networkHeldByChannel.nonZero();
    }

    /** Units of this SKU the channel holds against the network. */
    long networkHeldBy(final long channelHash)
    {
        return networkHeldByChannel.of(channelHash);
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
