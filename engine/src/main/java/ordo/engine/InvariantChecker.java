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
 *   <li>cell: orders are allocated no more than {@code onHand} (a count or a loss sends the rest back to backorder:
 *   {@link StockShortage}); not checked of a state resumed under other rules;</li>
 *   <li>grants never exceed supply: {@code reserved + allocated + safetyStock <= onHand} per cell and
 *   {@code networkReserved <= networkSupply}, and a pooled channel keeps within its pool — except where stock was
 *   lowered, a node switched off or a pool narrowed after the grants, which {@link #check} cannot tell apart: so
 *   {@link GrantFigures#check} compares the figures before and after a command, and tests check the
 *   cells' side with a model;</li>
 *   <li>a SKU's network holds counted per channel equal each channel's live network holds;</li>
 *   <li>the {@link SoldOutBoard} shows every SKU as sold out exactly when a network hold of it is refused for stock
 *   alone (network ATP 0 or less), with its sale window;</li>
 *   <li>a SKU's backorder queue is oldest first, without repeats, and holds exactly the lines with units backordered
 *   (a stale entry once made a live and a restored engine fill one command apart);</li>
 *   <li>daily capacity: a node's count for its current day equals the orders holding a unit of that day there; an
 *   order holds a node's day only while it ships something from there, and a cancelled or rejected order holds
 *   none; and conversely, units allocated at a node on a day are held under that day's capacity there (not
 *   checked of a state resumed under other rules);</li>
 *   <li>an order's delivery promise is unknown (0) exactly while it has units backordered or nothing left to deliver;
 *   not checked of a state resumed under other rules;</li>
 *   <li>the ordered-units ledger behind per-customer limits: every customer's units of every SKU ordered equal the
 *   quantities less the cancelled units of their orders;</li>
 *   <li>the stock change feed's record ({@link StockChanges}): every SKU's last change is a command up to the current
 *   one, and no block of SKUs says it last changed before one of its SKUs did (whether it records every change is a
 *   test's: it compares the figures before and after each command).</li>
 * </ul>
 */
final class InvariantChecker
{
    private InvariantChecker()
    {
    }

    static String check(final Catalog catalog, final ReservationBook reservations, final OrderBook orders,
        final boolean statusesByThisBuildsRules)
    {
        final String orderProblem = checkOrders(catalog, orders, statusesByThisBuildsRules);
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
            if (sku.networkHeldTotal() != (catalog.countsByChannel() ? networkHeld[s] : 0))
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
                // Rules version 5 (StockShortage): no order keeps units a node does not have. A state resumed from
                // a snapshot of earlier rules may, until a stock command touches the cell.
                if (statusesByThisBuildsRules && cell.allocated > Math.max(0, cell.onHand))
                {
                    return "sku " + new String(sku.id) + " at " + new String(cell.location.id) + ": allocated " +
                        cell.allocated + " but only " + cell.onHand + " on hand";
                }
            }
        }
        final String ranks = catalog.rankMismatch();
        if (ranks != null)
        {
            return ranks;
        }
        final String currencies = catalog.costCurrencyMismatch();
        if (currencies != null)
        {
            return currencies;
        }
        final String cellsAtNodes = checkCellsAtNodes(catalog);
        if (cellsAtNodes != null)
        {
            return cellsAtNodes;
        }
        final String changes = catalog.changes().check();
        if (changes != null)
        {
            return changes;
        }
        return checkTakenByChannel(catalog, reservations, orders);
    }

    /**
     * Each node lists exactly the cells at it: every SKU's cell there once, and nothing else (a node switched on or
     * off reads its SKUs from this list).
     */
    private static String checkCellsAtNodes(final Catalog catalog)
    {
        final int[] cellsAt = new int[catalog.locationCount()];
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            final Sku sku = catalog.sku(s);
            for (int c = 0; c < sku.cellCount(); c++)
            {
                cellsAt[sku.cell(c).location.index]++;
            }
        }
        for (int n = 0; n < cellsAt.length; n++)
        {
            final Location node = catalog.location(n);
            final int[] skus = new int[node.cellCount()];
            for (int i = 0; i < node.cellCount(); i++)
            {
                final StockCell cell = node.cell(i);
                if (cell.location != node || cell.sku.findCell(node) != cell)
                {
                    return "location " + new String(node.id) + " lists a cell of " + new String(cell.sku.id) + " at " +
                        new String(cell.location.id) + " that is not that SKU's cell there";
                }
                skus[i] = cell.sku.index;
            }
            for (int i = 1; i < skus.length; i++)
            {
                if (skus[i] == skus[i - 1])
                {
                    return "location " + new String(node.id) + " lists the cell of " +
                        new String(catalog.sku(skus[i]).id) + " twice";
                }
                if (skus[i] < skus[i - 1])
                {
                    return "location " + new String(node.id) + " lists the cell of " +
                        new String(catalog.sku(skus[i]).id) + " after a later SKU's";
                }
            }
            // Each listed cell is a distinct SKU's cell here: the count tells whether one is missing.
            if (node.cellCount() != cellsAt[n])
            {
                return "location " + new String(node.id) + " lists " + node.cellCount() + " cells but " + cellsAt[n] +
                    " SKUs have one there";
            }
        }
        return null;
    }

    /**
     * Each cell's per-channel counts ({@link StockCell#takenBy}: what a pooled channel's share at the node is
     * reckoned from) equal the channel's live holds there plus its orders' units allocated there, once any channel
     * is defined; before that nothing is counted.
     */
    private static String checkTakenByChannel(final Catalog catalog, final ReservationBook reservations,
        final OrderBook orders)
    {
        final boolean counted = catalog.countsByChannel();
        final String network = checkNetworkHeldByChannel(catalog, reservations, counted);
        if (network != null)
        {
            return network;
        }
        final java.util.Map<StockCell, java.util.Map<Long, Long>> expected = new java.util.IdentityHashMap<>();
        reservations.forEachInIdOrder(r ->
        {
            if (r.isHeld() && !r.isNetwork())
            {
                for (int i = 0; i < r.lineCount; i++)
                {
                    expected.computeIfAbsent(r.sku(i).findCell(r.location()), k -> new java.util.HashMap<>())
                        .merge(r.channelHash, (long)r.qty(i), Long::sum);
                }
            }
        });
        for (long id = 1; id <= orders.lastId(); id++)
        {
            final Order o = orders.get(id);
            for (long a = o.firstAllocation; a != RecordArena.NONE; a = Order.nextAllocation(a))
            {
                expected.computeIfAbsent(o.sku(Order.allocationLine(a)).findCell(o.allocationLocation(a)),
                    k -> new java.util.HashMap<>()).merge(o.channelHash, (long)Order.allocationUnits(a), Long::sum);
            }
        }
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            final Sku sku = catalog.sku(s);
            for (int c = 0; c < sku.cellCount(); c++)
            {
                final StockCell cell = sku.cell(c);
                final java.util.Map<Long, Long> want = expected.getOrDefault(cell, java.util.Map.of());
                final java.util.Map<Long, Long> have = cell.takenByChannel();
                final java.util.Map<Long, Long> wantNonZero = new java.util.HashMap<>();
                if (counted)
                {
                    want.forEach((channel, units) ->
                    {
                        if (units != 0)
                        {
                            wantNonZero.put(channel, units);
                        }
                    });
                }
                if (!have.equals(wantNonZero))
                {
                    return "sku " + new String(sku.id) + " at " + new String(cell.location.id) + ": units taken per " +
                        "channel counted as " + have + " but holds and allocations there give " + wantNonZero;
                }
            }
        }
        return null;
    }

    /**
     * Each SKU's network holds counted per channel ({@link Sku#networkHeldBy}: what a pooled channel's holds and orders
     * take off its pooled total) equal the channel's live network holds of it, once any channel is defined. Their sum
     * alone is checked above; a count booked to the wrong channel would keep the sum and move a pool.
     */
    private static String checkNetworkHeldByChannel(final Catalog catalog, final ReservationBook reservations,
        final boolean counted)
    {
        final java.util.List<java.util.Map<Long, Long>> expected = new java.util.ArrayList<>();
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            expected.add(new java.util.HashMap<>());
        }
        reservations.forEachInIdOrder(r ->
        {
            if (counted && r.isHeld() && r.isNetwork())
            {
                for (int i = 0; i < r.lineCount; i++)
                {
                    if (r.qty(i) != 0)
                    {
                        expected.get(r.sku(i).index).merge(r.channelHash, (long)r.qty(i), Long::sum);
                    }
                }
            }
        });
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            final Sku sku = catalog.sku(s);
            final java.util.Map<Long, Long> have = sku.networkHeldByChannel();
            if (!have.equals(expected.get(s)))
            {
                return "sku " + new String(sku.id) + ": network holds per channel counted as " + have +
                    " but the live network holds give " + expected.get(s);
            }
        }
        return null;
    }

    private static String checkOrders(final Catalog catalog, final OrderBook orders,
        final boolean statusesByThisBuildsRules)
    {
        // The queues first: once each is known to be in order, a line is found in its queue by binary search (a
        // scan per line was quadratic in a flash sale's backorders, found in review).
        final long[] atStore = new long[catalog.locationCount()];
        final long[] counted = new long[catalog.locationCount()];
        long waiting = 0;
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            final String queue = checkBackorderQueue(orders, catalog.sku(s), atStore, counted);
            if (queue != null)
            {
                return queue;
            }
            final BackorderQueue kept = orders.backordersOf(catalog.sku(s));
            waiting += kept == null ? 0 : kept.units();
        }
        if (orders.waitingUnits() != waiting)
        {
            return "backordered units counted as " + orders.waitingUnits() + " in all but the queues hold " + waiting;
        }
        final String chains = checkCellChains(catalog, orders);
        if (chains != null)
        {
            return chains;
        }
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
            // Its plan and fills keep to its shipment limit; only a converted network hold's units may pass it.
            if (o.maxShipments > 0 && !o.convertedItsReservation() && o.shipmentCount() > o.maxShipments)
            {
                return "order " + id + ": ships from " + o.shipmentCount() + " nodes, limit " + o.maxShipments;
            }
            // Discounts within the goods, and what is open within what was asked for and never below 0.
            final long open = o.openTotalMinor();
            if ((o.charges != null && o.charges.discountMinor > o.linesValueMinor()) ||
                open < 0 || open > o.requestedTotalMinor())
            {
                return "order " + id + ": charges " + o.charges + ", total " + o.requestedTotalMinor() + ", open " +
                    open;
            }
            if (o.refundSettledMinor < 0 || o.refundWithheldMinor < 0 || o.refundWithheldMinor > o.capturedMinor ||
                o.refundSettledMinor > Math.min(o.refundFailedMinor + o.refundWithheldMinor, o.capturedMinor) ||
                (o.refundWithheldMinor > 0 && o.refundFailedMinor == 0))
            {
                return "order " + id + ": " + o.refundSettledMinor + " recorded paid back of " + o.refundFailedMinor +
                    " in failed refunds and " + o.refundWithheldMinor + " withheld";
            }
            final Codes.OrderStatus expected = OrderFlow.expectedStatus(o);
            if (statusesByThisBuildsRules && o.status != expected)
            {
                return "order " + id + ": status " + o.status + " but its state calls for " + expected;
            }
            if ((o.status == Codes.OrderStatus.CANCELLED || o.status == Codes.OrderStatus.REJECTED) &&
                o.totalAllocated() + o.totalBackordered() != 0)
            {
                return "order " + id + ": " + o.status + " but still holds units";
            }
            // The promise (docs/ORDERS.md, sourcing 8): unknown exactly while units wait, and none once nothing is
            // left to deliver (rules version 4; before, a cancelled order kept its promise).
            final boolean waits = o.totalBackordered() > 0;
            final boolean nothingLeft = o.totalAllocated() + o.totalBackordered() == 0;
            if (statusesByThisBuildsRules && (o.promisedDeliveryBy == 0) != (waits || nothingLeft))
            {
                return "order " + id + ": promised by " + o.promisedDeliveryBy + " with " + o.totalAllocated() +
                    " units allocated and " + o.totalBackordered() + " backordered";
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
        final String capacity = checkCapacity(catalog, orders, statusesByThisBuildsRules);
        return capacity != null ? capacity : checkOrderedLedger(orders);
    }

    /**
     * Each cell's chain of allocation records ({@link StockCell#lastAllocation}, {@link StockShortage}) holds every
     * record made there that still has units, once, and only records made there, each of its own order; and the
     * bounds never rise along it, each at least its record's order id and at most the book's newest. In memory of one
     * count per cell (it runs on a whole production state in {@code ordo journal verify}): a chain longer than all the
     * records is a loop, a record can be in no chain but its own cell's, so a chain without repeats holding as many
     * records with units as its cell has holds each once.
     */
    private static String checkCellChains(final Catalog catalog, final OrderBook orders)
    {
        final int[] firstCell = new int[catalog.skuCount() + 1];
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            firstCell[s + 1] = firstCell[s] + catalog.sku(s).cellCount();
        }
        final long[] withUnits = new long[firstCell[catalog.skuCount()]];
        long records = 0;
        for (long id = 1; id <= orders.lastId(); id++)
        {
            final Order o = orders.get(id);
            for (long a = o.firstAllocation; a != RecordArena.NONE; a = Order.nextAllocation(a))
            {
                records++;
                if (Order.allocationOrder(a) != id)
                {
                    return "order " + id + ": an allocation record names order " + Order.allocationOrder(a);
                }
                if (Order.allocationUnits(a) > 0)
                {
                    final Sku sku = o.sku(Order.allocationLine(a));
                    final StockCell cell = sku.findCell(o.allocationLocation(a));
                    if (cell == null)
                    {
                        return "order " + id + ": an allocation at " + new String(o.allocationLocation(a).id) +
                            ", where sku " + new String(sku.id) + " has no stock cell";
                    }
                    withUnits[firstCell[sku.index] + cell.position]++;
                }
            }
        }
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            final Sku sku = catalog.sku(s);
            for (int c = 0; c < sku.cellCount(); c++)
            {
                final StockCell cell = sku.cell(c);
                final String where = "sku " + new String(sku.id) + " at " + new String(cell.location.id);
                long bound = orders.lastId();
                long read = 0;
                long inChain = 0;
                for (long a = cell.lastAllocation; a != RecordArena.NONE; a = Order.previousAtCell(a))
                {
                    if (++read > records)
                    {
                        return where + ": its chain of allocations is longer than all the records (a loop)";
                    }
                    final Order o = orders.get(Order.allocationOrder(a));
                    if (o == null || Order.allocationLine(a) < 0 || Order.allocationLine(a) >= o.lineCount)
                    {
                        return where + ": its chain of allocations names order " + Order.allocationOrder(a) +
                            " line " + Order.allocationLine(a) + ", which does not exist";
                    }
                    if (o.sku(Order.allocationLine(a)) != sku || Order.allocationLocationIndex(a) != cell.location.index)
                    {
                        return where + ": its chain of allocations holds order " + o.id + "'s record of another cell";
                    }
                    final int then = Order.newestOrderThen(a);
                    if (then > bound || then < o.id)
                    {
                        return where + ": order " + o.id + "'s record in its chain has the bound " + then +
                            " where " + o.id + ".." + bound + " holds";
                    }
                    bound = then;
                    inChain += Order.allocationUnits(a) > 0 ? 1 : 0;
                }
                if (inChain != withUnits[firstCell[s] + c])
                {
                    return where + ": its chain of allocations holds " + inChain + " records with units, its orders " +
                        withUnits[firstCell[s] + c];
                }
            }
        }
        return null;
    }

    /** {@code atStore} and {@code counted}: scratch, one slot per location. */
    private static String checkBackorderQueue(final OrderBook orders, final Sku sku, final long[] atStore,
        final long[] counted)
    {
        final BackorderQueue queue = orders.backordersOf(sku);
        if (queue == null)
        {
            return null;
        }
        long units = 0;
        java.util.Arrays.fill(atStore, 0);
        java.util.Arrays.fill(counted, 0);
        for (int r = 0; r < queue.size(); r++)
        {
            final long entry = queue.entry(r);
            if (r > 0 && queue.entry(r - 1) >= entry)
            {
                return "sku " + new String(sku.id) + ": backorder queue not oldest first, or repeated, at " + r;
            }
            final long id = OrderBook.orderOf(entry);
            final int line = OrderBook.lineOf(entry);
            if (id < 1 || id > orders.lastId() || line >= orders.get(id).lineCount ||
                orders.get(id).sku(line) != sku || orders.get(id).backordered(line) <= 0)
            {
                return "sku " + new String(sku.id) + ": backorder queue entry " + r + " (order " + id + " line " +
                    line + ") is not a line of the SKU with units backordered";
            }
            final Order o = orders.get(id);
            final int store = o.pickupLocation == null ? BackorderQueue.SHIPPED : o.pickupLocation.index;
            if (queue.channelHash(r) != o.channelHash || queue.pickup(r) != store ||
                queue.country(r) != Location.countryKey(o.shipCountry))
            {
                return "sku " + new String(sku.id) + ": backorder queue entry " + r + " (order " + id + " line " +
                    line + ") names another channel, pickup store or ship-to country than its order";
            }
            units += o.backordered(line);
            if (o.pickupLocation != null)
            {
                atStore[store] += o.backordered(line);
            }
        }
        final long countedUnits = orders.backorderedUnits(sku, counted);
        if (countedUnits != units || !java.util.Arrays.equals(counted, atStore))
        {
            return "sku " + new String(sku.id) + ": the backorder totals say " + countedUnits + " units (" +
                java.util.Arrays.toString(counted) + " at stores) but the waiting lines have " + units + " (" +
                java.util.Arrays.toString(atStore) + ")";
        }
        return null;
    }

    private static String checkCapacity(final Catalog catalog, final OrderBook orders,
        final boolean statusesByThisBuildsRules)
    {
        final int[] heldToday = new int[catalog.locationCount()];
        final int[] holdersFound = new int[catalog.locationCount()];
        for (long id = 1; id <= orders.lastId(); id++)
        {
            final Order o = orders.get(id);
            final String unheld = statusesByThisBuildsRules ? shippedWithoutCapacity(o) : null;
            if (unheld != null)
            {
                return unheld;
            }
            if (o.capacityCount > 0 && (o.status == Codes.OrderStatus.CANCELLED || o.status == Codes.OrderStatus.REJECTED))
            {
                return "order " + id + ": " + o.status + " but holds daily capacity";
            }
            for (int i = 0; i < o.capacityCount; i++)
            {
                final Location node = o.capacityNode(i);
                final long day = o.capacityDay(i);
                for (int j = 0; j < i; j++)
                {
                    if (o.capacityNodeIndex(j) == node.index && o.capacityDay(j) == day)
                    {
                        return "order " + id + ": holds " + new String(node.id) + "'s day " + day + " twice";
                    }
                }
                // Not "allocated there that day": rules version 2 kept a day while the order shipped anything from
                // the node, and journal verify checks state those builds left (found in review).
                if (!o.shipsFrom(node))
                {
                    return "order " + id + ": holds " + new String(node.id) + "'s day " + day +
                        " with nothing left to ship from there";
                }
                if (day == node.capacityDay)
                {
                    heldToday[node.index]++;
                    if (node.holdersKnown)
                    {
                        if (!node.dayHolders.contains(id))
                        {
                            return "location " + new String(node.id) + ": order " + id + " holds day " + day +
                                " but is not among the day's holders";
                        }
                        holdersFound[node.index]++;
                    }
                }
            }
        }
        for (int l = 0; l < catalog.locationCount(); l++)
        {
            final Location node = catalog.location(l);
            if (node.capacityUsed != heldToday[l])
            {
                return "location " + new String(node.id) + ": " + node.capacityUsed + " orders counted on day " +
                    node.capacityDay + " but " + heldToday[l] + " hold a unit of it";
            }
            if (node.holdersKnown && node.dayHolders.size() != holdersFound[l])
            {
                return "location " + new String(node.id) + ": " + node.dayHolders.size() + " holders of day " +
                    node.capacityDay + " known but " + holdersFound[l] + " orders hold it";
            }
        }
        return null;
    }

    /**
     * The converse of a held day: units allocated at a node on a day ship under that day's capacity there, which the
     * order holds — a converted node hold's included (its node takes the order past its capacity if need be). Not
     * checked of a state resumed under other rules, which may have taken capacity otherwise.
     */
    private static String shippedWithoutCapacity(final Order o)
    {
        for (long a = o.firstAllocation; a != RecordArena.NONE; a = Order.nextAllocation(a))
        {
            final Location node = o.allocationLocation(a);
            final long at = Order.allocatedAt(a);
            final int units = Order.allocationUnits(a);
            // Its day ends after it, and within a day and a half of it: a day's end is fixed by its first order, at
            // most that far ahead (Location.today). A later day held is not this one's.
            final long day = o.capacityDayOf(node, at);
            if (units > 0 && (day == Long.MIN_VALUE || day - at > Location.LONGEST_DAY_MILLIS))
            {
                return "order " + o.id + ": ships " + units + (units == 1 ? " unit" : " units") + " from " +
                    new String(node.id) + " allocated at " + at + " without holding that day's capacity there";
            }
        }
        return null;
    }

    /**
     * Recounts, per customer and SKU, the ordered units from the orders, and asks the ledger for each. Pairs are keyed
     * by the customer's hash and the SKU in primitive maps (a few longs a pair, so a verify of a large journal stays
     * light); the ledger itself keys by the exact id, since ids can be crafted to share a hash, so a key two
     * customers share is not checked rather than reported as a fault (found in review).
     */
    private static String checkOrderedLedger(final OrderBook orders)
    {
        final org.agrona.collections.Long2LongHashMap expected = new org.agrona.collections.Long2LongHashMap(-1);
        final org.agrona.collections.Long2LongHashMap firstOrder = new org.agrona.collections.Long2LongHashMap(-1);
        final org.agrona.collections.LongHashSet shared = new org.agrona.collections.LongHashSet();
        final ByteSlice customer = new ByteSlice();
        for (long id = 1; id <= orders.lastId(); id++)
        {
            final Order o = orders.get(id);
            for (int i = 0; i < o.lineCount; i++)
            {
                final long key = Hashing.combine(o.customerHash, o.sku(i).index);
                final long units = expected.get(key);
                expected.put(key, (units == -1 ? 0 : units) + o.qty(i) - o.cancelled(i));
                final long first = firstOrder.get(key);
                if (first == -1)
                {
                    firstOrder.put(key, id);
                }
                else if (first != id && !orders.get(first).textEquals(Order.CUSTOMER, o.text(Order.CUSTOMER, customer)))
                {
                    shared.add(key);
                }
            }
        }
        for (long id = 1; id <= orders.lastId() && !expected.isEmpty(); id++)
        {
            final Order o = orders.get(id);
            for (int i = 0; i < o.lineCount; i++)
            {
                final long key = Hashing.combine(o.customerHash, o.sku(i).index);
                final long units = expected.remove(key);
                if (units == -1 || shared.contains(key))
                {
                    continue;
                }
                final long held = orders.ordered().held(o.text(Order.CUSTOMER, customer), o.customerHash, o.sku(i));
                if (held != units)
                {
                    return "order " + id + "'s customer: the ledger counts " + held + " units of " +
                        new String(o.sku(i).id) + " ordered but the customer's orders hold " + units;
                }
            }
        }
        return null;
    }

    private static boolean queued(final OrderBook orders, final Order o, final int line)
    {
        final BackorderQueue queue = orders.backordersOf(o.sku(line));
        if (queue == null)
        {
            return false;
        }
        final long entry = OrderBook.pack(o.id, line);
        int low = 0;
        int high = queue.size() - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long at = queue.entry(mid);
            if (at == entry)
            {
                return true;
            }
            if (at < entry)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return false;
    }

}
