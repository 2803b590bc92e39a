package ordo.engine;

/**
 * The state hash: one 64-bit value over the whole business state — locations and SKUs in index order, stock cells
 * in location order, defined channels, the sourcing policy, orders in id order (with their allocations, timeline
 * and sourcing decision), reservations (live and retained) in id order, idempotency records oldest first (with
 * the first reply's view bytes where a record keeps them), and the id counter. It leaves out the engine clock and
 * the sequence, so an idle server's hash does not drift, and it never depends on hash-map iteration order, so a
 * snapshot-restored engine hashes exactly like the live one.
 */
final class StateHasher
{
    /** Orders whose decisions are hashed ahead at a time, and decisions hashed side by side. */
    private static final int BLOCK = 1024;
    private static final int DECISIONS_AT_ONCE = 4;

    private StateHasher()
    {
    }

    /**
     * The hash of the placement decision of each of {@code count} orders from id {@code first} into {@code into}:
     * four at once where four orders in a row have decisions of one shape (the usual case: a network's orders
     * are sourced over the same nodes), the rest one at a time.
     */
    private static void hashDecisions(final OrderBook orders, final long first, final int count,
        final SourcingDecision[] views, final long[] into)
    {
        int k = 0;
        while (k + DECISIONS_AT_ONCE <= count)
        {
            for (int v = 0; v < DECISIONS_AT_ONCE; v++)
            {
                views[v].wrap(orders.get(first + k + v).decisionAt);
            }
            if (sameShape(views))
            {
                SourcingDecision.hash4(views[0], views[1], views[2], views[3], into, k);
                k += DECISIONS_AT_ONCE;
            }
            else
            {
                into[k] = views[0].hash();
                k++;
            }
        }
        for (; k < count; k++)
        {
            into[k] = views[0].wrap(orders.get(first + k).decisionAt).hash();
        }
    }

    private static boolean sameShape(final SourcingDecision[] views)
    {
        for (int v = 1; v < views.length; v++)
        {
            if (views[v].lineCount != views[0].lineCount || views[v].candidateCount != views[0].candidateCount)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code h} combined with every order's hash in id order ({@link Order#hash}). The placements' decisions are hashed
     * ahead, a block of orders at a time, four of one shape side by side ({@link SourcingDecision#hash4}): the same
     * values, combined in the same order (a test compares this with the plain loop over several blocks).
     */
    static long withOrders(final long h, final OrderBook orders, final boolean withFills)
    {
        long hash = h;
        final DecisionStore decisions = orders.decisions();
        final SourcingDecision[] views = new SourcingDecision[DECISIONS_AT_ONCE];
        for (int v = 0; v < views.length; v++)
        {
            views[v] = new SourcingDecision(decisions);
        }
        final long[] decisionHashes = new long[(int)Math.min(BLOCK, orders.lastId())];
        for (long first = 1; first <= orders.lastId(); first += BLOCK)
        {
            final int count = (int)Math.min(BLOCK, orders.lastId() - first + 1);
            hashDecisions(orders, first, count, views, decisionHashes);
            for (int k = 0; k < count; k++)
            {
                hash = Hashing.combine(hash, orders.get(first + k).hash(withFills, decisions, decisionHashes[k]));
            }
        }
        return hash;
    }

    static long hash(final Catalog catalog, final ReservationBook reservations, final IdempotencyTable idempotency,
        final OrderBook orders, final SourcingPolicy policy, final boolean withFills)
    {
        long h = Hashing.SEED;
        h = Hashing.combine(h, catalog.locationCount());
        for (int i = 0; i < catalog.locationCount(); i++)
        {
            h = Hashing.combine(h, catalog.location(i).hash());
        }
        h = Hashing.combine(h, catalog.skuCount());
        for (int i = 0; i < catalog.skuCount(); i++)
        {
            h = Hashing.combine(h, catalog.sku(i).hash());
        }
        h = Hashing.combine(h, catalog.definedChannelCount());
        for (int i = 0; i < catalog.definedChannelCount(); i++)
        {
            h = Hashing.combine(h, catalog.definedChannel(i).hash());
        }
        h = Hashing.combine(h, policy.hash());
        h = withOrders(Hashing.combine(h, orders.size()), orders, withFills);
        final long[] acc = {Hashing.combine(h, reservations.lastId())};
        reservations.forEachInIdOrder(r -> acc[0] = Hashing.combine(acc[0], r.hash()));
        idempotency.forEach((key, fingerprint, createdAt, type, code, entity, a, b, c, d, view) ->
        {
            long record = Hashing.combine(key, fingerprint);
            record = Hashing.combine(record, createdAt);
            record = Hashing.combine(record, type);
            record = Hashing.combine(record, code);
            record = Hashing.combine(record, entity);
            record = Hashing.combine(record, a);
            record = Hashing.combine(record, b);
            record = Hashing.combine(record, c);
            record = Hashing.combine(record, d);
            // A record without a view hashes as before; one with a view adds the bytes' hash, so an engine whose
            // remembered first answer disagreed would show.
            acc[0] = Hashing.combine(acc[0], view == null ? record :
                Hashing.combine(record, Hashing.hash(view, 0, view.length)));
        });
        return acc[0];
    }
}
