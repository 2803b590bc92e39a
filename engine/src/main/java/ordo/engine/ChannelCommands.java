package ordo.engine;

/**
 * Channel definitions (kind, name, pools, the locations it takes stock from) and the sourcing policy: the admin
 * settings sourcing reads. The policy is engine state, swapped whole by a journaled command so replay decides exactly
 * as the live engine did.
 */
final class ChannelCommands
{
    private final Catalog catalog;
    private final SupplyListener supply;
    private final ByteSlice id = new ByteSlice();
    private final ByteSlice name = new ByteSlice();
    private final ByteSlice skuId = new ByteSlice();
    private final int[] poolSku = new int[Channel.MAX_POOLS];
    private final int[] poolShare = new int[Channel.MAX_POOLS];
    /** A refusal's a naming a location of the channel's {@code sourcesFrom} (d: its position) rather than a pool. */
    static final int SOURCES_FIELD = 2;
    private final ByteSlice locationId = new ByteSlice();
    private final int[] sources = new int[Channel.MAX_SOURCES];
    private SourcingPolicy policy = SourcingPolicy.DEFAULT;

    /** Run when the first channel is defined: network holds are counted per channel from then on. */
    private final Runnable firstChannelDefined;

    /** The holds, read for the first channel defined ({@link #leavesKeptHoldsShort}). */
    private final ReservationBook reservations;

    ChannelCommands(final Catalog catalog, final SupplyListener supply, final ReservationBook reservations,
        final Runnable firstChannelDefined)
    {
        this.catalog = catalog;
        this.supply = supply;
        this.reservations = reservations;
        this.firstChannelDefined = firstChannelDefined;
    }

    SourcingPolicy policy()
    {
        return policy;
    }

    void policy(final SourcingPolicy policy)
    {
        this.policy = policy;
    }

    void defineChannel(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        r.readAscii(id);
        final Codes.ChannelKind kind = Codes.ChannelKind.fromCode(r.readByte());
        r.readText(name);
        final int poolCount = r.readByte();
        if (!r.ok() || kind == null)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (!id.isValidId())
        {
            reply.code(ResultCode.INVALID_ID);
            return;
        }
        for (int i = 0; i < poolCount; i++)
        {
            r.readAscii(skuId);
            final int share = r.readShort();
            if (!r.ok())
            {
                reply.code(ResultCode.MALFORMED_COMMAND);
                return;
            }
            int sku = Channel.EVERY_SKU;
            if (skuId.length() != 0)
            {
                final Sku found = catalog.sku(skuId);
                if (found == null)
                {
                    LineChecks.unresolved(reply, ResultCode.UNKNOWN_SKU, skuId, i);
                    return;
                }
                sku = found.index;
            }
            if (share < 0 || share > Channel.FULL_SHARE_BPS)
            {
                reply.result(ResultCode.INVALID_FIELD, -1, 0, 0, 0, i);
                return;
            }
            for (int j = 0; j < i; j++)
            {
                if (poolSku[j] == sku)
                {
                    reply.result(ResultCode.INVALID_FIELD, -1, 0, 0, 0, i);
                    return;
                }
            }
            poolSku[i] = sku;
            poolShare[i] = share;
        }
        // The locations the channel takes stock from (rules version 17): none listed, every location.
        final int sourceCount = r.readShort();
        if (!r.ok() || sourceCount > Channel.MAX_SOURCES)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        for (int i = 0; i < sourceCount; i++)
        {
            r.readAscii(locationId);
            if (!r.ok())
            {
                reply.code(ResultCode.MALFORMED_COMMAND);
                return;
            }
            final Location location = catalog.location(locationId);
            if (location == null)
            {
                // a = 2: a location of the list, d its position (the gateway names sourcesFrom[d]); the id as data.
                reply.result(ResultCode.UNKNOWN_LOCATION, -1, SOURCES_FIELD, 0, 0, i);
                reply.beginData().putAscii(locationId.toString());
                reply.endData();
                return;
            }
            for (int j = 0; j < i; j++)
            {
                if (sources[j] == location.index)
                {
                    reply.result(ResultCode.INVALID_FIELD, -1, SOURCES_FIELD, 0, 0, i);
                    return;
                }
            }
            sources[i] = location.index;
        }
        if (catalog.channelHashTaken(id))
        {
            reply.code(ResultCode.ID_HASH_COLLISION);
            return;
        }
        final int[] listed = sourceCount == 0 ? null : sources;
        if (leavesKeptHoldsShort(id, sourceCount, listed, reply))
        {
            return;
        }
        final boolean first = catalog.definedChannelCount() == 0;
        final Channel channel = catalog.defineChannel(catalog.internChannel(id));
        if (first)
        {
            firstChannelDefined.run();
        }
        channel.kind = kind;
        channel.name = name.length() == 0 ? "" : new String(name.toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (channel.sourcesDiffer(sourceCount, listed))
        {
            // What the channel may sell of every SKU is counted over other locations now.
            catalog.changes().touchEverySku();
        }
        else
        {
            touchSharesChanged(channel, poolCount);
        }
        channel.pools(poolCount, poolSku, poolShare);
        channel.sources(sourceCount, listed);
        catalog.keptHolds().channelsChanged();
        // A wider pool, or more locations, may let this channel's backorders take stock now.
        supply.onEverySupplyMayHaveGrown();
        reply.result(ResultCode.OK, channel.index, 0, 0, 0, 0);
        ReplyCodec.channel(reply, channel, catalog);
    }

    /**
     * Whether keeping channel {@code id} to {@code listed} (null: every location) would leave, for some SKU, fewer
     * units of kept channels' network holds (its own among them) with units set aside for them than now
     * ({@link KeptHolds}): refused {@code KEPT_HOLDS_SHORT}, naming the SKU, before anything changes. Otherwise an
     * admin narrowing one channel's list could leave another channel's hold, untouched, with nothing to convert on
     * (Review-243). Only a list that changes is tried; each SKU's placement with the list as it is and as it would
     * be. Holds are counted per channel once a channel is defined: for the first definition, the channel's network
     * holds are read from the holds themselves, and as no other channel is kept, its list must have their units
     * (QA-244: a fresh engine's first channel was kept to a location without its hold's unit).
     */
    private boolean leavesKeptHoldsShort(final ByteSlice id, final int count, final int[] listed, final Reply reply)
    {
        final Channel existing = catalog.definedChannel(id.hash());
        final boolean changes = existing == null ? listed != null : existing.sourcesDiffer(count, listed);
        if (!changes)
        {
            return false;
        }
        if (!catalog.countsByChannel())
        {
            return firstListShort(id, count, listed, reply);
        }
        final Channel trial = new Channel(existing == null ? catalog.definedChannelCount() : existing.index,
            id.toBytes(), id.hash());
        trial.sources(count, listed);
        if (trialHolds == null)
        {
            trialHolds = new KeptHolds(catalog);
        }
        trialHolds.channelsWith(trial);
        final KeptHolds holds = catalog.keptHolds();
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            final Sku sku = catalog.sku(s);
            final long after = trialHolds.place(sku, null) ? trialHolds.unplaced() : 0;
            if (after > 0)
            {
                final long before = holds.place(sku, null) ? holds.unplaced() : 0;
                if (after > before)
                {
                    return keptHoldsShort(reply, sku, after - before);
                }
            }
        }
        return false;
    }

    /**
     * {@link #leavesKeptHoldsShort} for the first channel an engine defines: each SKU it holds against the network
     * must have as many units at the active locations of {@code listed} (the first {@code count}).
     */
    private boolean firstListShort(final ByteSlice id, final int count, final int[] listed, final Reply reply)
    {
        final long[] held = reservations.networkHeldBy(id.hash(), catalog.skuCount());
        for (int s = 0; s < held.length; s++)
        {
            if (held[s] == 0)
            {
                continue;
            }
            final Sku sku = catalog.sku(s);
            long supply = 0;
            for (int i = 0; i < count; i++)
            {
                final Location location = catalog.location(listed[i]);
                final StockCell cell = location.active ? sku.findCell(location) : null;
                supply += cell == null ? 0 : Math.max(0, cell.atp());
            }
            if (held[s] > supply)
            {
                return keptHoldsShort(reply, sku, held[s] - supply);
            }
        }
        return false;
    }

    /** Refuses {@code KEPT_HOLDS_SHORT}: {@code units} of {@code sku} held would have no place (a; the SKU as data). */
    private static boolean keptHoldsShort(final Reply reply, final Sku sku, final long units)
    {
        reply.result(ResultCode.KEPT_HOLDS_SHORT, -1, units, 0, 0, 0);
        reply.beginData().putAscii(sku.id, sku.id.length);
        reply.endData();
        return true;
    }

    /** The kept channels as a new list would make them ({@link #leavesKeptHoldsShort}); made when first needed. */
    private KeptHolds trialHolds;

    /**
     * Tells the stock change feed of the SKUs whose share of the channel the new pools ({@link #poolSku},
     * {@link #poolShare}) change, what it may sell of them having changed: every SKU when the {@code *} pool's
     * share does, else those with a pool of their own, before or after, whose share differs (the same pools in
     * another order, or one SKU's pool changed, touched every SKU: found in review).
     */
    private void touchSharesChanged(final Channel channel, final int count)
    {
        final int everyBefore = Channel.shareBps(Channel.EVERY_SKU, channel.poolCount, channel.poolSku,
            channel.poolShareBps);
        if (everyBefore != Channel.shareBps(Channel.EVERY_SKU, count, poolSku, poolShare))
        {
            catalog.changes().touchEverySku();
            return;
        }
        for (int i = 0; i < channel.poolCount; i++)
        {
            touchIfShareChanged(channel, channel.poolSku[i], count);
        }
        for (int i = 0; i < count; i++)
        {
            touchIfShareChanged(channel, poolSku[i], count);
        }
    }

    private void touchIfShareChanged(final Channel channel, final int sku, final int count)
    {
        if (sku != Channel.EVERY_SKU && Channel.shareBps(sku, channel.poolCount, channel.poolSku,
            channel.poolShareBps) != Channel.shareBps(sku, count, poolSku, poolShare))
        {
            catalog.changes().touch(sku);
        }
    }

    void setPolicy(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        final SourcingPolicy read = SourcingPolicy.readFrom(r, false, true);
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (read == null)
        {
            reply.code(ResultCode.INVALID_POLICY);
            return;
        }
        if (read.maxShipments() != policy.maxShipments())
        {
            // What one SHIP line may take of every SKU is counted over that many nodes now (ChannelStock).
            catalog.changes().touchEverySku();
        }
        policy = read;
        supply.onEverySupplyMayHaveGrown();
        reply.code(ResultCode.OK);
        ReplyCodec.policy(reply, policy);
    }

    void queryChannel(final PayloadReader r, final Reply reply)
    {
        r.readAscii(id);
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        final Channel channel = catalog.channelHashTaken(id) ? null : catalog.definedChannel(id.hash());
        if (channel == null)
        {
            reply.code(ResultCode.CHANNEL_NOT_FOUND);
            return;
        }
        reply.code(ResultCode.OK);
        ReplyCodec.channel(reply, channel, catalog);
    }

    void queryPolicy(final Reply reply)
    {
        reply.code(ResultCode.OK);
        ReplyCodec.policy(reply, policy);
    }
}
