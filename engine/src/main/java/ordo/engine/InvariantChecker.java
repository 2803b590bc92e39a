package ordo.engine;

/**
 * Recomputes every stock total from the live reservations and checks the invariants; used by tests after every
 * command and by {@code ordo journal verify}. Slow by design: it trusts nothing the engine keeps incrementally.
 *
 * <ul>
 *   <li>cell: {@code reserved >= 0}, {@code allocated >= 0}, and {@code reserved} equals the sum of live node holds;</li>
 *   <li>SKU: {@code networkReserved} equals the sum of live network holds;</li>
 *   <li>grants never exceed supply: {@code reserved + allocated + safetyStock <= onHand} per cell and
 *   {@code networkReserved <= networkSupply} — except where stock was lowered by a count or an adjustment after
 *   the grants, which {@link #check} cannot tell apart, so tests check that side with a model.</li>
 * </ul>
 */
final class InvariantChecker
{
    private InvariantChecker()
    {
    }

    static String check(final Catalog catalog, final ReservationBook reservations)
    {
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
                if (r.location == null)
                {
                    networkHeld[r.skus[i].index] += r.qty[i];
                }
                else
                {
                    nodeHeld.merge(InventoryCommands.pack(r.skus[i], r.location), (long)r.qty[i], Long::sum);
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
            for (int c = 0; c < sku.cellCount(); c++)
            {
                final StockCell cell = sku.cell(c);
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
}
