package ordo.engine;

/**
 * Why an order's backordered units still wait, for its sourcing view: each waiting line planned now as the next fill
 * would plan it ({@link BackorderFiller#unitsAFillWouldGive}: changes nothing), with every candidate node and its
 * reason — out of stock, the channel's pool spent, the day's capacity reached, too far for the service level, not the
 * pickup store, switched off. The view explained the decisions made, not the wait: an agent saw a line backordered
 * beside a node with units to promise and had to work out which rule kept them (found in QA).
 *
 * <p>The candidates are recorded as a fill records its plan, into a scratch store of this class's own, never the
 * engine's decisions: a query changes no state and nothing of it is kept or hashed. The scratch store is dropped for
 * a new one once it holds {@link #SCRATCH_BYTES} (each record is read once, by the query that made it). Owned by the
 * engine thread.
 */
final class WaitingLines
{
    static final long SCRATCH_BYTES = 4L << 20;

    private final Catalog catalog;
    private final BackorderFiller filler;
    private final Sourcing sourcing;
    private final int[] lineValues = new int[SourcingDecision.LINE_VALUES];
    private DecisionStore scratch;

    WaitingLines(final Catalog catalog, final BackorderFiller filler, final Sourcing sourcing)
    {
        this.catalog = catalog;
        this.filler = filler;
        this.sourcing = sourcing;
    }

    /**
     * Writes {@code waitingCount:u16 { sku line:u16 backordered:i32 aFillWouldGive:i32 candidates }} for the order's
     * lines with backordered units, as planned at {@code now} (layout in {@link ReplyCodec}).
     */
    void write(final PayloadWriter w, final Order o, final long now)
    {
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
            final DecisionStore store = store();
            final SourcingDecision plan = store.view(sourcing.record(store, 0, now, lineValues));
            final Sku sku = o.sku(i);
            w.putAscii(sku.id, sku.id.length).putShort(i).putInt(backordered).putInt(gives);
            ReplyCodec.candidates(w, plan);
        }
    }

    private DecisionStore store()
    {
        if (scratch == null || scratch.usedBytes() > SCRATCH_BYTES)
        {
            scratch = new DecisionStore(catalog);
        }
        return scratch;
    }
}
