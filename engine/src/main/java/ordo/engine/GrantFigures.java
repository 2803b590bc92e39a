package ordo.engine;

/**
 * The figures the grant rules bound, read from a whole engine before a command so that
 * {@link #check} can compare them with the same figures after it. Neither "network holds within
 * the network's supply" nor "a pooled channel within its pool" holds of every state: a count, a DAMAGE adjustment, a
 * raised safety stock, a node switched off or a pool made smaller may each leave holds and allocations granted before
 * it beyond what backs them now (docs/ORDERS.md, sourcing 2 and 6). What the engine does promise is about a command:
 * it grants nothing while over, and only those changes take it over. A state alone cannot show that, so the figures
 * are taken on each side of a command.
 *
 * <p>Recomputed from the cells, the channels' pools and the per-channel counts, not from the kept network supply (which
 * {@link InvariantChecker#check} compares with the cells). Slow and allocating: tests only. Each array is indexed by
 * SKU, location or defined channel index, which only grow, so a figure of the state before is found at the same
 * index after.
 */
public final class GrantFigures
{
    /** Whether per-channel counts were kept ({@link Catalog#countsByChannel}): before that, a channel took nothing. */
    final boolean countsByChannel;
    final int skuCount;
    final int locationCount;
    final int channelCount;
    /** Per SKU: network holds less the supply backing them (positive ATP at active nodes): over when positive. */
    final long[] networkExcess;
    /** Per SKU: everything granted — network holds, node holds and allocated units: it rises only by a grant. */
    final long[] committed;
    /** Per SKU and location: what the node may sell, {@code max(0, onHand − safetyStock)}, active or not. */
    final long[][] sellable;
    /** Per SKU and location: the node's ATP, {@code onHand − allocated − reserved − safetyStock} (0 with no cell). */
    final long[][] atp;
    /** Per location: whether the node was active (counts toward the network's supply and pooled totals). */
    final boolean[] active;
    /** Per channel and SKU: the channel's pool share in basis points ({@link Channel#FULL_SHARE_BPS}: no pool). */
    final int[][] shareBps;
    /**
     * Per SKU: the units of kept channels' network holds that find no room at their locations ({@link KeptHolds}, the
     * engine's own placement: its grants and its list changes must not make it grow).
     */
    final long[] keptUnplaced;
    /** Per channel: whether it is kept to some locations ({@link Channel#sources}). */
    final boolean[] kept;
    /** Per channel and location: whether the channel takes stock there (every location of a channel not kept). */
    final boolean[][] sources;
    /** Per channel and SKU: units the channel holds against the network. */
    final long[][] networkHeld;
    /** Per channel, SKU and location: units the channel has taken there ({@link StockCell#takenBy}). */
    final long[][][] taken;

    private GrantFigures(final Catalog catalog)
    {
        countsByChannel = catalog.countsByChannel();
        skuCount = catalog.skuCount();
        locationCount = catalog.locationCount();
        channelCount = catalog.definedChannelCount();
        networkExcess = new long[skuCount];
        committed = new long[skuCount];
        sellable = new long[skuCount][locationCount];
        atp = new long[skuCount][locationCount];
        active = new boolean[locationCount];
        shareBps = new int[channelCount][skuCount];
        kept = new boolean[channelCount];
        keptUnplaced = new long[skuCount];
        for (int s = 0; s < skuCount; s++)
        {
            keptUnplaced[s] = catalog.keptHolds().place(catalog.sku(s), null) ? catalog.keptHolds().unplaced() : 0;
        }
        sources = new boolean[channelCount][locationCount];
        for (int ch = 0; ch < channelCount; ch++)
        {
            final int[] listed = catalog.definedChannel(ch).sources;
            kept[ch] = listed != null;
            for (int l = 0; l < locationCount; l++)
            {
                sources[ch][l] = listed == null;
            }
            for (int i = 0; listed != null && i < listed.length; i++)
            {
                sources[ch][listed[i]] = true;
            }
        }
        networkHeld = new long[channelCount][skuCount];
        taken = new long[channelCount][skuCount][locationCount];
        for (int l = 0; l < locationCount; l++)
        {
            active[l] = catalog.location(l).active;
        }
        for (int s = 0; s < skuCount; s++)
        {
            final Sku sku = catalog.sku(s);
            long supply = 0;
            long units = sku.networkReserved;
            for (int c = 0; c < sku.cellCount(); c++)
            {
                final StockCell cell = sku.cell(c);
                final int l = cell.location.index;
                units += cell.reserved + cell.allocated;
                sellable[s][l] = Math.max(0, cell.onHand - cell.safetyStock);
                atp[s][l] = cell.onHand - cell.allocated - cell.reserved - cell.safetyStock;
                if (active[l])
                {
                    supply += Math.max(0, cell.onHand - cell.allocated - cell.reserved - cell.safetyStock);
                }
                for (int ch = 0; ch < channelCount; ch++)
                {
                    taken[ch][s][l] = cell.takenBy(catalog.definedChannel(ch).idHash);
                }
            }
            networkExcess[s] = sku.networkReserved - supply;
            committed[s] = units;
            for (int ch = 0; ch < channelCount; ch++)
            {
                final Channel channel = catalog.definedChannel(ch);
                shareBps[ch][s] = channel.shareBps(sku);
                networkHeld[ch][s] = sku.networkHeldBy(channel.idHash);
            }
        }
    }

    static GrantFigures of(final Catalog catalog)
    {
        return new GrantFigures(catalog);
    }

    /** Whether the channel has a pool of less than all of the SKU. */
    boolean pooled(final int channel, final int sku)
    {
        return shareBps[channel][sku] != Channel.FULL_SHARE_BPS;
    }

    /**
     * A kept channel's network holds of the SKU less the supply backing them at its locations (the positive ATP of
     * the active ones): over when positive. Other channels must leave those units to them ({@link KeptHolds}).
     */
    long keptExcess(final int channel, final int sku)
    {
        long supply = 0;
        for (int l = 0; l < locationCount; l++)
        {
            supply += pooledIn(channel, l) ? Math.max(0, atp[sku][l]) : 0;
        }
        return networkHeld[channel][sku] - supply;
    }

    /** Whether the node counts toward the channel's pooled total: active, and one the channel takes stock from. */
    boolean pooledIn(final int channel, final int location)
    {
        return active[location] && sources[channel][location];
    }

    /**
     * A channel's share of what a node may sell, {@code floor(sellable × shareBps / 10000)} (docs/ORDERS.md, sourcing
     * 2), worked out here rather than by {@link Channel#pooledShare} so the check does not trust the code it checks.
     */
    long shareAt(final int channel, final int sku, final int location)
    {
        return sellable[sku][location] * shareBps[channel][sku] / Channel.FULL_SHARE_BPS;
    }

    /** What the node adds to the network's sellable stock: {@link #sellable} while active, else nothing. */
    long sellableInNetwork(final int sku, final int location)
    {
        return active[location] ? sellable[sku][location] : 0;
    }

    /**
     * What the channel has of the SKU across the network beyond its pooled total: its holds and allocations at active
     * nodes and its network holds, less its share of every active node (the excess at one node counts against the
     * others; inactive nodes, and those the channel does not take stock from, count on neither side, as the engine's
     * pooled total leaves them out). Over when positive.
     */
    long poolExcess(final int channel, final int sku)
    {
        long excess = networkHeld[channel][sku];
        for (int l = 0; l < locationCount; l++)
        {
            if (pooledIn(channel, l))
            {
                excess += taken[channel][sku][l] - shareAt(channel, sku, l);
            }
        }
        return excess;
    }

    /** Everything the channel has of the SKU, at any node or against the network: it rises only by a grant. */
    long poolGrabbed(final int channel, final int sku)
    {
        long units = networkHeld[channel][sku];
        for (int l = 0; l < locationCount; l++)
        {
            units += taken[channel][sku][l];
        }
        return units;
    }

    /**
     * What a command may do to the figures grants are bounded by ({@link GrantFigures}, read before and after it). The
     * engine does not keep every state within them — stock may be lowered, a node switched off or a pool narrowed
     * under what was granted — but it grants nothing while over and never goes further over by itself. A command's
     * "lowered" below is what it took away itself: the sellable stock of active nodes (a count, a loss, a raised
     * safety stock, a node switched off), and for a pool the channel's shares so lost (a narrower pool too) plus its
     * units at a node switched on. Grants may fall on either side of it: time's work (holds expiring, a new day's
     * capacity) fills backorders under the rules before the command, before it runs (found by
     * BackorderPassOverPropertyTest: a new day's fills, then a pool narrowed to 0).
     * <ul>
     *   <li>network (ReservationCommands.checkStock; Sourcing's line cap {@code max(0, network ATP) + held units},
     *   docs/ORDERS.md sourcing 2): a command that granted units of a SKU (its holds and allocated units grew: a
     *   hold, an order's fresh units, a fill) leaves its network holds over the supply backing them by no more than it
     *   lowered; and whatever the command, their excess grows past {@code max(0, before)} by no more than it
     *   lowered;</li>
     *   <li>a pooled channel across the network (its units at active nodes and its network holds against its share of
     *   every active node: the pooled total), and a channel kept to some locations likewise over those alone (a
     *   location added to its list counts as a node switched on, one taken off as one switched off): the same two,
     *   with what it took (its holds, network holds and allocations grew) for the grant;</li>
     *   <li>a channel kept to some locations: it takes nothing at a location on neither its list before the command
     *   nor after;</li>
     *   <li>a pooled channel at a node: where a command raised what it has at an active node, and none of its network
     *   holds of the SKU ended in the command, it has at most its share there, before or after the command — a hold
     *   or an order's fresh units get no more than {@link Channel#pooledLeft}; a converted network hold may bring a
     *   node more (a node may give its share plus the held units), so the node check leaves out a command that ended
     *   one (an expiry at the command's time included).</li>
     * </ul>
     * Pools are compared only for a channel defined, and its units counted, before the command (the first channel
     * defined starts the counts); one pooled only now is compared with the whole stock before. Returns the first
     * breach found, or null.
     */
    static String check(final GrantFigures before, final GrantFigures after, final Catalog catalog)
    {
        for (int s = 0; s < before.skuCount; s++)
        {
            final String network = checkNetworkGrants(before, after, catalog.sku(s));
            if (network != null)
            {
                return network;
            }
            final String placed = checkKeptPlacement(before, after, catalog.sku(s));
            if (placed != null)
            {
                return placed;
            }
            for (int ch = 0; ch < after.channelCount; ch++)
            {
                final String pool = after.pooled(ch, s) ?
                    checkPoolGrants(before, after, ch, catalog.sku(s), catalog) : null;
                if (pool != null)
                {
                    return pool;
                }
                final String kept = after.kept[ch] ? checkKeptGrants(before, after, ch, catalog.sku(s), catalog) : null;
                if (kept != null)
                {
                    return kept;
                }
            }
        }
        return null;
    }

    /**
     * Kept channels' network holds lose room only to stock taken away: nothing granted, and no list changed, leaves
     * more of their units without a place than the command's lowered sellable stock explains (Review-243: narrowing
     * one channel's list left another's hold with nothing to convert on).
     */
    private static String checkKeptPlacement(final GrantFigures before, final GrantFigures after, final Sku sku)
    {
        final int s = sku.index;
        long lowered = 0;
        for (int l = 0; l < before.locationCount; l++)
        {
            lowered += Math.max(0, before.sellableInNetwork(s, l) - after.sellableInNetwork(s, l));
        }
        if (after.keptUnplaced[s] > before.keptUnplaced[s] + lowered)
        {
            return "sku " + new String(sku.id) + ": " + after.keptUnplaced[s] + " units of kept channels' network " +
                "holds find no room at their locations, " + before.keptUnplaced[s] + " before the command, though it " +
                "took only " + lowered + " units of sellable stock away";
        }
        return null;
    }

    private static String checkNetworkGrants(final GrantFigures before, final GrantFigures after, final Sku sku)
    {
        final int s = sku.index;
        final long excess = after.networkExcess[s];
        long lowered = 0;
        for (int l = 0; l < before.locationCount; l++)
        {
            lowered += Math.max(0, before.sellableInNetwork(s, l) - after.sellableInNetwork(s, l));
        }
        final long granted = after.committed[s] - before.committed[s];
        if (granted > 0 && excess > lowered)
        {
            return "sku " + new String(sku.id) + ": " + granted + " more units granted while network holds " +
                sku.networkReserved + " are over the supply backing them by " + excess + " (the command took " +
                lowered + " units of sellable stock away)";
        }
        final long allowed = Math.max(0, before.networkExcess[s]) + lowered;
        if (excess > allowed)
        {
            return "sku " + new String(sku.id) + ": network holds " + sku.networkReserved + " over the supply backing " +
                "them by " + excess + ", by " + before.networkExcess[s] + " before the command, though it took only " +
                lowered + " units of sellable stock away";
        }
        return null;
    }

    private static String checkPoolGrants(final GrantFigures before, final GrantFigures after, final int ch,
        final Sku sku, final Catalog catalog)
    {
        if (ch >= before.channelCount || !before.countsByChannel)
        {
            return null;
        }
        final int s = sku.index;
        final Channel channel = catalog.definedChannel(ch);
        final String what = "channel " + new String(catalog.channel(channel.idHash)) + " (pool " +
            after.shareBps[ch][s] + " bps) of sku " + new String(sku.id);
        // Shares lost to the command: a pool narrowed (from the whole stock, for one pooled only now), stock lowered,
        // a node switched off; and units at a node switched on, which count against the pool from now on.
        // A location the channel now takes stock from counts as a node switched on, one it no longer does as one
        // switched off.
        long lost = 0;
        for (int l = 0; l < before.locationCount; l++)
        {
            final long shareBefore = before.pooledIn(ch, l) ? before.shareAt(ch, s, l) : 0;
            final long shareAfter = after.pooledIn(ch, l) ? after.shareAt(ch, s, l) : 0;
            lost += Math.max(0, shareBefore - shareAfter);
            if (!before.pooledIn(ch, l) && after.pooledIn(ch, l))
            {
                lost += Math.max(0, after.taken[ch][s][l]);
            }
        }
        final long excess = after.poolExcess(ch, s);
        final long took = after.poolGrabbed(ch, s) - before.poolGrabbed(ch, s);
        if (took > 0 && excess > lost)
        {
            return what + ": took " + took + " more units while over its pooled total by " + excess + " (" +
                after.networkHeld[ch][s] + " held against the network; the command took " + lost +
                " units of its shares away)";
        }
        final boolean networkHoldEnded = after.networkHeld[ch][s] < before.networkHeld[ch][s];
        for (int l = 0; l < after.locationCount && !networkHoldEnded; l++)
        {
            final boolean known = l < before.locationCount;
            final long was = known ? before.taken[ch][s][l] : 0;
            final long has = after.taken[ch][s][l];
            final long share = Math.max(after.shareAt(ch, s, l), known ? before.shareAt(ch, s, l) : 0);
            if (after.active[l] && has > was && has > share)
            {
                return what + " at " + new String(catalog.location(l).id) + ": took " + (has - was) + " more units " +
                    "there, to " + has + ", beyond its share " + share + " (of " + after.sellable[s][l] +
                    " sellable, or what the node had when the command began)";
            }
        }
        final long allowed = Math.max(0, before.poolExcess(ch, s)) + lost;
        if (excess > allowed)
        {
            return what + ": over its pooled total by " + excess + ", by " + before.poolExcess(ch, s) + " before the " +
                "command, though it lost only " + lost + " units of its shares";
        }
        return null;
    }

    /**
     * A channel kept to some locations: it takes nothing at the others (Sourcing rules them out CHANNEL_NOT_SERVED, a
     * hold there is refused), whatever it held before; time's work before a command that narrowed the list fills under
     * the list before it. And its network holds stay backed by its locations' supply as the network's do by the
     * network's ({@link #checkNetworkGrants}, over its locations, a location leaving the list or switched off
     * lowering it): no other channel takes the units behind them ({@link KeptHolds}; Review-241).
     */
    private static String checkKeptGrants(final GrantFigures before, final GrantFigures after, final int ch,
        final Sku sku, final Catalog catalog)
    {
        if (ch >= before.channelCount || !before.countsByChannel)
        {
            return null;
        }
        final int s = sku.index;
        final Channel channel = catalog.definedChannel(ch);
        final String what = "channel " + new String(catalog.channel(channel.idHash)) + " (kept to " +
            (channel.sources == null ? 0 : channel.sources.length) + " locations) of sku " + new String(sku.id);
        for (int l = 0; l < after.locationCount; l++)
        {
            final boolean known = l < before.locationCount;
            final long was = known ? before.taken[ch][s][l] : 0;
            if (!after.sources[ch][l] && !(known && before.sources[ch][l]) && after.taken[ch][s][l] > was)
            {
                return what + " at " + new String(catalog.location(l).id) + ": took " + (after.taken[ch][s][l] - was) +
                    " units at a location the channel does not take stock from";
            }
        }
        long lowered = 0;
        for (int l = 0; l < before.locationCount; l++)
        {
            final long was = before.pooledIn(ch, l) ? before.sellable[s][l] : 0;
            final long is = after.pooledIn(ch, l) ? after.sellable[s][l] : 0;
            lowered += Math.max(0, was - is);
        }
        final long excess = after.keptExcess(ch, s);
        final long took = after.poolGrabbed(ch, s) - before.poolGrabbed(ch, s);
        if (took > 0 && excess > lowered)
        {
            return what + ": took " + took + " more units while its network holds " + after.networkHeld[ch][s] +
                " are over its locations' supply by " + excess + " (the command took " + lowered + " units of " +
                "sellable stock there away)";
        }
        final long allowed = Math.max(0, before.keptExcess(ch, s)) + lowered;
        if (excess > allowed)
        {
            return what + ": network holds " + after.networkHeld[ch][s] + " over its locations' supply by " + excess +
                ", by " + before.keptExcess(ch, s) + " before the command, though it took only " + lowered +
                " units of sellable stock there away";
        }
        return null;
    }
}
