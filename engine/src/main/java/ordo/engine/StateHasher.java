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
    private StateHasher()
    {
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
        h = Hashing.combine(h, orders.size());
        for (long id = 1; id <= orders.lastId(); id++)
        {
            h = Hashing.combine(h, orders.get(id).hash(withFills, orders.decisions()));
        }
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
