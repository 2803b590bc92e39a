package ordo.engine;

/**
 * Recomputes every stock total from the live reservations and checks the invariants; used by tests after every
 * command and by {@code ordo journal verify}. Slow by design: it trusts nothing the engine keeps incrementally.
 *
 * <ul>
 *   <li>cell: {@code reserved >= 0}, {@code allocated >= 0}, and {@code reserved} equals the sum of live node holds;</li>
 *   <li>SKU: {@code networkReserved} equals the sum of live network holds; the network supply it keeps equals the
 *   sum over its cells at active nodes of their positive ATP; its cells are in strictly increasing
 *   location index order (sourcing finds a cell by binary search);</li>
 *   <li>cell: {@code allocated} equals the open allocated units of all orders there; per order line
 *   {@code qty = allocated + backordered + cancelled} and allocations sum to {@code allocated}; an order's status
 *   matches its units; every backordered line is queued;</li>
 *   <li>grants never exceed supply: {@code reserved + allocated + safetyStock <= onHand} per cell and
 *   {@code networkReserved <= networkSupply} — except where stock was lowered by a count or an adjustment after
 *   the grants, which {@link #check} cannot tell apart, so tests check that side with a model;</li>
 *   <li>the {@link SoldOutBoard} shows every SKU as sold out exactly when a network hold of it is refused for stock
 *   alone (network ATP 0 or less), with its sale window.</li>
 * </ul>
 */
final class InvariantChecker
{
    private InvariantChecker()
    {
    }

    static String check(final Catalog catalog, final ReservationBook reservations, final OrderBook orders)
    {
        final String orderProblem = checkOrders(catalog, orders);
        if (orderProblem != null)
        {
            return orderProblem;
        }
        final int skus = catalog.skuCount();
        final long[] networkHeld = new long[skus];
        final java.util.Map<Long, Long> nodeHeld = new java.util.HashMap<>();
        final int[] live = {0};
        reservations.forEachInIdOrder(r ->
        {
            if (!r.isHeld())
            {
                return;
            }
            live[0]++;
            for (int i = 0; i < r.lineCount; i++)
            {
                if (r.isNetwork())
                {
                    networkHeld[r.sku(i).index] += r.qty(i);
                }
                else
                {
                    nodeHeld.merge(InventoryCommands.pack(r.sku(i), r.location()), (long)r.qty(i), Long::sum);
                }
            }
        });
        if (live[0] != reservations.liveCount())
        {
            return "live reservation count " + reservations.liveCount() + " but " + live[0] + " are held";
        }
        for (int s = 0; s < skus; s++)
        {
            final Sku sku = catalog.sku(s);
            if (sku.networkReserved != networkHeld[s])
            {
                return "sku " + new String(sku.id) + ": networkReserved " + sku.networkReserved + " but holds sum to " +
                    networkHeld[s];
            }
            if (sku.networkHeldTotal() != (catalog.definedChannelCount() > 0 ? networkHeld[s] : 0))
            {
                return "sku " + new String(sku.id) + ": network holds counted per channel sum to " +
                    sku.networkHeldTotal() + " but holds sum to " + networkHeld[s];
            }
            if (sku.networkSupply() != sku.networkSupplyFromCells())
            {
                return "sku " + new String(sku.id) + ": network supply kept as " + sku.networkSupply() + " but its cells " +
                    "sum to " + sku.networkSupplyFromCells();
            }
            final String kept = sku.cellAtpMismatch();
            if (kept != null)
            {
                return "sku " + new String(sku.id) + ": " + kept;
            }
            final String board = sku.boardMismatch();
            if (board != null)
            {
                return "sku " + new String(sku.id) + " on the sold-out board: " + board;
            }
            for (int c = 0; c < sku.cellCount(); c++)
            {
                final StockCell cell = sku.cell(c);
                if (c > 0 && sku.cell(c - 1).location.index >= cell.location.index)
                {
                    return "sku " + new String(sku.id) + ": cells out of location order at position " + c +
                        " (sourcing finds a cell by binary search over that order)";
                }
                final long held = nodeHeld.getOrDefault(InventoryCommands.pack(sku, cell.location), 0L);
                if (cell.reserved != held || cell.reserved < 0 || cell.allocated < 0)
                {
                    return "sku " + new String(sku.id) + " at " + new String(cell.location.id) + ": reserved " +
                        cell.reserved + ", allocated " + cell.allocated + ", holds sum to " + held;
                }
            }
        }
        return null;
    }
    private static String checkOrders(final Catalog catalog, final OrderBook orders)
    {
        final java.util.Map<Long, Long> allocatedAt = new java.util.HashMap<>();
        for (long id = 1; id <= orders.lastId(); id++)
        {
            final Order o = orders.get(id);
            final long[] fromAllocations = new long[o.lineCount];
            for (long a = o.firstAllocation; a != RecordArena.NONE; a = Order.nextAllocation(a))
            {
                final int units = Order.allocationUnits(a);
                if (units < 0)
                {
                    return "order " + id + ": negative allocation";
                }
                fromAllocations[Order.allocationLine(a)] += units;
                allocatedAt.merge(InventoryCommands.pack(o.sku(Order.allocationLine(a)), o.allocationLocation(a)),
                    (long)units, Long::sum);
            }
            for (int i = 0; i < o.lineCount; i++)
            {
                if (o.allocated(i) < 0 || o.backordered(i) < 0 || o.cancelled(i) < 0 ||
                    o.allocated(i) + o.backordered(i) + o.cancelled(i) != o.qty(i) || fromAllocations[i] != o.allocated(i))
                {
                    return "order " + id + " line " + i + ": qty " + o.qty(i) + " allocated " + o.allocated(i) +
                        " backordered " + o.backordered(i) + " cancelled " + o.cancelled(i) + " allocations " +
                        fromAllocations[i];
                }
                if (o.backordered(i) > 0 && !queued(orders, o, i))
                {
                    return "order " + id + " line " + i + ": backordered but not queued";
                }
            }
            final Codes.OrderStatus expected = OrderFlow.expectedStatus(o);
            if (o.status != expected)
            {
                return "order " + id + ": status " + o.status + " but its state calls for " + expected;
            }
            if ((o.status == Codes.OrderStatus.CANCELLED || o.status == Codes.OrderStatus.REJECTED) &&
                o.totalAllocated() + o.totalBackordered() != 0)
            {
                return "order " + id + ": " + o.status + " but still holds units";
            }
        }
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            final Sku sku = catalog.sku(s);
            for (int c = 0; c < sku.cellCount(); c++)
            {
                final StockCell cell = sku.cell(c);
                final long expected = allocatedAt.getOrDefault(InventoryCommands.pack(sku, cell.location), 0L);
                if (cell.allocated != expected)
                {
                    return "sku " + new String(sku.id) + " at " + new String(cell.location.id) + ": allocated " +
                        cell.allocated + " but orders hold " + expected;
                }
            }
        }
        return null;
    }

    private static boolean queued(final OrderBook orders, final Order o, final int line)
    {
        final org.agrona.collections.LongArrayList queue = orders.backordersOf(o.sku(line));
        if (queue == null)
        {
            return false;
        }
        final long entry = OrderBook.pack(o.id, line);
        for (int i = 0; i < queue.size(); i++)
        {
            if (queue.getLong(i) == entry)
            {
                return true;
            }
        }
        return false;
    }
}
