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
            final int ahead = queue == null ? 0 : queue.linesAhead(OrderBook.pack(o.id, i), o.pickupLocation,
                Location.countryKey(o.shipCountry), sku, catalog);
            w.putAscii(sku.id, sku.id.length).putShort(i).putInt(backordered).putInt(ahead).putInt(gives);
            ReplyCodec.candidates(w, plan);
        }
    }
}
