package ordo.engine;

/**
 * Why an order's backordered units still wait, for its sourcing view: each waiting line planned as a fill would plan it
 * at engine time — as of the last command — as if it were first in line ({@link BackorderFiller#unitsAFillWouldGive}:
 * changes nothing), with every candidate node and its reason — out of stock, the channel's pool spent, the day's
 * capacity reached, too far for the service level, not the pickup store, switched off — and how many waiting lines of
 * older orders that may take its units a fill serves before it. The view explained the decisions made, not the wait: an
 * agent saw a line backordered beside a node with units to promise and had to work out which rule kept them (found in
 * QA).
 *
 * <p>Engine time, not the query's: a hold expired or a day turned since the last command is let go by the next one
 * (a TICK is due for each), and a plan at the query's time showed a new day's capacity as free while an expired hold
 * still held its units (found in review).
 *
 * <p>The candidates are recorded as a fill records its plan, into a scratch store of this class's own, never the
 * engine's decisions, cleared before each view (each record is read once, by the query that made it): a query
 * changes no state, nothing of it is kept or hashed, and it takes no memory after the first. Owned by the engine
 * thread.
 */
final class WaitingLines
{
    private final Catalog catalog;
    /**
     * A {@link #linesAhead} query's other countries met, and whether a node serves each with the line's (1) or not
     * (0); -1 for one not asked yet.
     */
    private final org.agrona.collections.Int2IntHashMap servedWithLine = new org.agrona.collections.Int2IntHashMap(-1);
    private final OrderBook orders;
    private final BackorderFiller filler;
    private final Sourcing sourcing;
    private final int[] lineValues = new int[SourcingDecision.LINE_VALUES];
    private final DecisionStore scratch;

    WaitingLines(final Catalog catalog, final OrderBook orders, final BackorderFiller filler, final Sourcing sourcing)
    {
        this.catalog = catalog;
        this.orders = orders;
        this.filler = filler;
        this.sourcing = sourcing;
        this.scratch = new DecisionStore(catalog);
    }

    /**
     * The waiting lines queued before {@code entry} (a line of {@code o}) that may take units it waits for, which a
     * fill serves first. For a pickup: the pickups at its store and, when the store is active and ships, the shipped
     * lines to a country it ships to — not the pickups at other stores, which never take its units (found in QA), nor
     * shipped lines its units cannot go to. For a shipped line: the shipped lines to its country or to one an active
     * node that ships serves with it, and the pickups at active stores that may ship to it (Review-226, QA-227,
     * Review-228: lines to another country no node serves with it, and pickups at stores that ship nothing, were
     * counted). An upper bound still: reach, capacity and pools are left out. Reads the lines ahead one by one: for a
     * query, not a command.
     */
    private int linesAhead(final BackorderQueue queue, final long entry, final Order o)
    {
        final int position = queue.firstAtOrAfter(entry);
        final Location store = o.pickupLocation;
        int ahead = 0;
        if (store != null)
        {
            final boolean ships = store.active && store.canShip();
            for (int q = 0; q < position; q++)
            {
                final int pickup = queue.pickup(q);
                ahead += pickup == store.index ||
                    pickup == BackorderQueue.SHIPPED && ships && store.shipsTo(queue.country(q)) ? 1 : 0;
            }
            return ahead;
        }
        final int country = Location.countryKey(o.shipCountry);
        servedWithLine.clear();
        for (int q = 0; q < position; q++)
        {
            final int pickup = queue.pickup(q);
            if (pickup != BackorderQueue.SHIPPED)
            {
                final Location other = catalog.location(pickup);
                ahead += other.active && other.canShip() && other.shipsTo(country) ? 1 : 0;
            }
            else
            {
                final int other = queue.country(q);
                ahead += other == country || servedWith(country, other) ? 1 : 0;
            }
        }
        return ahead;
    }

    /**
     * Whether an active node that ships may ship to both countries (keys; a node listing none ships to both), asked
     * once per other country a query (lines to several countries alternate in a queue).
     */
    private boolean servedWith(final int country, final int other)
    {
        final int known = servedWithLine.get(other);
        if (known >= 0)
        {
            return known == 1;
        }
        boolean served = false;
        for (int l = 0; l < catalog.locationCount() && !served; l++)
        {
            final Location node = catalog.location(l);
            served = node.active && node.canShip() && node.shipsTo(country) && node.shipsTo(other);
        }
        servedWithLine.put(other, served ? 1 : 0);
        return served;
    }

    /**
     * Writes {@code waitingCount:u16 { sku line:u16 backordered:i32 linesAhead:i32 aFillWouldGive:i32 candidates }}
     * for the order's lines with backordered units, planned at engine time {@code now} (layout in {@link ReplyCodec}).
     */
    void write(final PayloadWriter w, final Order o, final long now)
    {
        scratch.clear();
        int waiting = 0;
        for (int i = 0; i < o.lineCount; i++)
        {
            waiting += o.backordered(i) > 0 ? 1 : 0;
        }
        w.putShort(waiting);
        for (int i = 0; i < o.lineCount; i++)
        {
            final int backordered = o.backordered(i);
            if (backordered <= 0)
            {
                continue;
            }
            final int gives = (int)Math.min(backordered, filler.unitsAFillWouldGive(o, i, now));
            lineValues[0] = backordered;
            lineValues[1] = 0;
            lineValues[2] = gives;
            lineValues[3] = backordered - gives;
            lineValues[4] = 0;
            final SourcingDecision plan = scratch.view(sourcing.record(scratch, 0, now, lineValues));
            final Sku sku = o.sku(i);
            final BackorderQueue queue = orders.backordersOf(sku);
            final int ahead = queue == null ? 0 : linesAhead(queue, OrderBook.pack(o.id, i), o);
            w.putAscii(sku.id, sku.id.length).putShort(i).putInt(backordered).putInt(ahead).putInt(gives);
            ReplyCodec.candidates(w, plan);
        }
    }
}
