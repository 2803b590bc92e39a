package ordo.engine;

import java.util.Arrays;

/**
 * Where the holds placed against the network by channels kept to some locations ({@link Channel#sources}) stand: a
 * kept channel's network hold is granted against the units of its own locations, and it may convert only there, so
 * other channels (and other kept channels) must leave those units to it. A network hold lowers no node's ATP, so the
 * units are set aside here instead, per SKU, as a function of the state (nothing kept, nothing hashed or snapshotted).
 * What others may take at a node is its ATP less what is set aside there for the other kept channels
 * ({@link #others}). Found in review: another channel's order took the DC units behind a marketplace's hold, which
 * then could not be converted (Review-241).
 *
 * <p>The placement: each kept channel's network holds of the SKU go on the ATP of its active locations, the channels
 * with the fewest locations first (then in the order defined), each first on its locations that no channel placed
 * before it lists, then on the others, each time in the order it lists them (an admin lists first where a channel's
 * holds should stand: another channel's order near a location set aside ships from farther, or waits). Where that
 * leaves a hold short while units it could stand on hold another's, units are moved along the channels' lists
 * (augmenting paths, as a maximum flow is found) until every hold stands or none can move: so every hold stands
 * whenever some placement would let it. With lists nested or apart (a marketplace kept to one DC inside the web kept
 * to every warehouse) the first placement already does, and nothing moves.
 *
 * <p>Why it keeps holds backed: a grant takes at a node no more than its ATP beyond what is set aside there for
 * others (a kept channel's own orders no more than its locations' units beyond others' holds, less its own holds), so
 * the placement before the grant still fits the state after it, and the next placement, which finds one whenever
 * one exists, finds one. A count, a loss or a location switched off may still leave holds short, as they may leave
 * any hold short. Owned by the engine thread.
 */
final class KeptHolds
{
    private final Catalog catalog;
    /** The kept channels, fewest locations first, then in the order they were defined. */
    private Channel[] kept = new Channel[0];
    /** Per kept channel and position in its list: the units set aside there for it in the last placement. */
    private long[][] amounts = new long[0][];
    /** Per kept channel and position in its list: the cell of the SKU placed last there, -1 for none or inactive. */
    private int[][] cellAt = new int[0][];
    /** Per kept channel: its network holds of the SKU placed last not yet set aside. */
    private long[] unplaced = new long[0];
    /** Per cell of the SKU placed last: the units set aside for every kept channel, and for the asking one's. */
    private long[] total = new long[16];
    private long[] mine = new long[16];
    /** Per location index: the placement ({@link #stamp}) in which a channel placed before the current one lists it. */
    private int[] listedBefore = new int[16];
    private int stamp;
    /** A search for a path: per kept channel, whether reached and how (the channel and list position it came from). */
    private int[] reachedIn = new int[0];
    private int[] fromChannel = new int[0];
    private int[] fromPosition = new int[0];
    private int[] queue = new int[0];
    private int search;
    /** Per kept channel and cell of the SKU: its position in the channel's list, -1 for none (for a search). */
    private int[][] positions = new int[0][];

    KeptHolds(final Catalog catalog)
    {
        this.catalog = catalog;
    }

    /** Orders the kept channels again, after a channel was defined or restored. */
    void channelsChanged()
    {
        int count = 0;
        final Channel[] all = new Channel[catalog.definedChannelCount()];
        for (int i = 0; i < all.length; i++)
        {
            final Channel channel = catalog.definedChannel(i);
            if (channel.kept())
            {
                all[count++] = channel;
            }
        }
        use(Arrays.copyOf(all, count));
    }

    /**
     * The defined kept channels with {@code changed} (a channel not yet defined, or one defined, kept to another
     * list) in the place of the channel of its id, for a trial of a list before it is set ({@link ChannelCommands}).
     */
    void channelsWith(final Channel changed)
    {
        int count = 0;
        final Channel[] all = new Channel[catalog.definedChannelCount() + 1];
        for (int i = 0; i < catalog.definedChannelCount(); i++)
        {
            final Channel channel = catalog.definedChannel(i);
            if (channel.kept() && channel.idHash != changed.idHash)
            {
                all[count++] = channel;
            }
        }
        if (changed.kept())
        {
            all[count++] = changed;
        }
        use(Arrays.copyOf(all, count));
    }

    private void use(final Channel[] sorted)
    {
        final int count = sorted.length;
        Arrays.sort(sorted, (a, b) -> a.sources.length != b.sources.length ?
            Integer.compare(a.sources.length, b.sources.length) : Integer.compare(a.index, b.index));
        kept = sorted;
        amounts = new long[count][];
        cellAt = new int[count][];
        for (int k = 0; k < count; k++)
        {
            amounts[k] = new long[sorted[k].sources.length];
            cellAt[k] = new int[sorted[k].sources.length];
        }
        unplaced = new long[count];
        reachedIn = new int[count];
        fromChannel = new int[count];
        fromPosition = new int[count];
        queue = new int[count];
        search = 0;
        positions = new int[count][0];
    }

    /**
     * Places the kept channels' network holds of {@code sku} on its cells; false when no kept channel holds any of it
     * (nothing is set aside: the arrays are not touched). {@code own}: the channel asking (null: none), whose own
     * holds {@link #others} leaves out — its own orders take them, within its total less its holds.
     */
    boolean place(final Sku sku, final Channel own)
    {
        final Channel[] channels = kept;
        if (channels.length == 0)
        {
            return false;
        }
        boolean any = false;
        for (final Channel channel : channels)
        {
            if (sku.networkHeldBy(channel.idHash) > 0)
            {
                any = true;
                break;
            }
        }
        if (!any)
        {
            return false;
        }
        final int cells = sku.cellCount();
        if (total.length < cells)
        {
            total = new long[Math.max(cells, total.length * 2)];
            mine = new long[total.length];
        }
        Arrays.fill(total, 0, cells, 0);
        if (listedBefore.length < catalog.locationCount())
        {
            listedBefore = new int[Math.max(catalog.locationCount(), listedBefore.length * 2)];
            stamp = 0;
        }
        if (++stamp == Integer.MAX_VALUE)
        {
            Arrays.fill(listedBefore, 0);
            stamp = 1;
        }
        boolean anyShort = false;
        for (int k = 0; k < channels.length; k++)
        {
            final Channel channel = channels[k];
            final int[] listed = channel.sources;
            final int[] at = cellAt[k];
            Arrays.fill(amounts[k], 0);
            long need = sku.networkHeldBy(channel.idHash);
            // A channel holding none of the SKU sets nothing aside, and a search never passes through it.
            for (int i = 0; i < listed.length; i++)
            {
                final Location location = catalog.location(listed[i]);
                at[i] = need > 0 && location.active ? sku.findPosition(location) : -1;
            }
            // First where no channel placed before lists (an inner list's), then the rest.
            need = placeOn(sku, k, need, true);
            need = placeOn(sku, k, need, false);
            unplaced[k] = need;
            anyShort |= need > 0;
            for (final int index : listed)
            {
                listedBefore[index] = stamp;
            }
        }
        if (anyShort)
        {
            moveAlongPaths(sku);
        }
        Arrays.fill(mine, 0, cells, 0);
        for (int k = 0; k < channels.length; k++)
        {
            if (channels[k] == own)
            {
                for (int i = 0; i < amounts[k].length; i++)
                {
                    if (amounts[k][i] > 0)
                    {
                        mine[cellAt[k][i]] += amounts[k][i];
                    }
                }
            }
        }
        return true;
    }

    /** After {@link #place}: the units set aside at cell {@code c} for kept channels other than the one asking. */
    long others(final int c)
    {
        return total[c] - mine[c];
    }

    /** After {@link #place}: the units of kept channels' network holds that found no room. */
    long unplaced()
    {
        long units = 0;
        for (final long left : unplaced)
        {
            units += left;
        }
        return units;
    }

    /**
     * Sets aside up to {@code need} units for kept channel {@code k} at its locations, in the order it lists them: on
     * the first pass those no channel placed before it lists, on the second those it does. Returns what is left.
     */
    private long placeOn(final Sku sku, final int k, final long need, final boolean first)
    {
        long left = need;
        final long[] atps = sku.cellAtps();
        final int[] listed = kept[k].sources;
        final int[] at = cellAt[k];
        for (int i = 0; i < listed.length && left > 0; i++)
        {
            final int c = at[i];
            if (c < 0 || (listedBefore[listed[i]] == stamp) == first)
            {
                continue;
            }
            final long free = atps[c] - total[c];
            if (free > 0)
            {
                final long take = Math.min(free, left);
                total[c] += take;
                amounts[k][i] += take;
                left -= take;
            }
        }
        return left;
    }

    /**
     * Moves units along the channels' lists until no channel short of room can get any: from a short channel's
     * location, the channel holding units there moves them to another of its locations, and so on to a location with
     * units free (a breadth-first search for an augmenting path, the channels and their lists in their order, so the
     * outcome is the same on every replay).
     */
    private void moveAlongPaths(final Sku sku)
    {
        final int cells = sku.cellCount();
        for (int k = 0; k < kept.length; k++)
        {
            if (positions[k].length < cells)
            {
                positions[k] = new int[Math.max(cells, positions[k].length * 2)];
            }
            Arrays.fill(positions[k], 0, cells, -1);
            final int[] at = cellAt[k];
            for (int i = 0; i < at.length; i++)
            {
                if (at[i] >= 0)
                {
                    positions[k][at[i]] = i;
                }
            }
        }
        boolean moved = true;
        while (moved)
        {
            moved = false;
            for (int k = 0; k < kept.length; k++)
            {
                while (unplaced[k] > 0 && augment(sku, k))
                {
                    moved = true;
                }
            }
        }
    }

    /** One augmenting path from short channel {@code start}: true when units moved. */
    private boolean augment(final Sku sku, final int start)
    {
        final long[] atps = sku.cellAtps();
        if (++search == Integer.MAX_VALUE)
        {
            Arrays.fill(reachedIn, 0);
            search = 1;
        }
        int head = 0;
        int tail = 0;
        queue[tail++] = start;
        reachedIn[start] = search;
        fromChannel[start] = -1;
        while (head < tail)
        {
            final int k = queue[head++];
            final int[] at = cellAt[k];
            for (int i = 0; i < at.length; i++)
            {
                final int c = at[i];
                if (c < 0)
                {
                    continue;
                }
                if (atps[c] - total[c] > 0)
                {
                    moveTo(k, i, c, atps[c] - total[c], start);
                    return true;
                }
                // Full: another channel holding units here may move them elsewhere for k.
                for (int j = 0; j < kept.length; j++)
                {
                    if (reachedIn[j] != search)
                    {
                        final int p = positionOf(j, c);
                        if (p >= 0 && amounts[j][p] > 0)
                        {
                            reachedIn[j] = search;
                            fromChannel[j] = k;
                            fromPosition[j] = i;
                            queue[tail++] = j;
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * Applies the path found: channel {@code k} takes units at its position {@code i} (cell {@code c}, {@code free}
     * units free), the channel it was reached from takes over what {@code k} gave up, and so on back to {@code start}.
     */
    private void moveTo(final int k, final int i, final int c, final long free, final int start)
    {
        // The bottleneck: the free units, each link's units to give up, and what start still needs.
        long units = Math.min(free, unplaced[start]);
        for (int j = k; fromChannel[j] >= 0; j = fromChannel[j])
        {
            final int parent = fromChannel[j];
            final int given = positionOf(j, cellAt[parent][fromPosition[j]]);
            units = Math.min(units, amounts[j][given]);
        }
        total[c] += units;
        amounts[k][i] += units;
        for (int j = k; fromChannel[j] >= 0; j = fromChannel[j])
        {
            final int parent = fromChannel[j];
            final int p = fromPosition[j];
            amounts[j][positionOf(j, cellAt[parent][p])] -= units;
            amounts[parent][p] += units;
        }
        unplaced[start] -= units;
    }

    /** The position in kept channel {@code k}'s list of the location of cell {@code c}, or -1 (during a search). */
    private int positionOf(final int k, final int c)
    {
        return positions[k][c];
    }
}
