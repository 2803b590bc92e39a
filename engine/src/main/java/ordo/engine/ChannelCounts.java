package ordo.engine;

import org.agrona.collections.Long2LongHashMap;

/**
 * Units per channel (channel hash → units), as a SKU counts its network holds and a stock cell what each channel has
 * taken there: what a pooled channel's share is reckoned from. Counted for every channel, pooled or not, once any
 * channel is defined ({@link Catalog#countsByChannel}), so the counts are right whenever a pool is defined or changed.
 * Not state: they follow from the live holds and the orders, and a snapshot restore rebuilds them. The map is made at
 * the first count.
 */
final class ChannelCounts
{
    /** The map's missing value: never a count, not even one gone wrong (the map would refuse to hold it). */
    private static final long NONE = Long.MIN_VALUE;

    private Long2LongHashMap counts;

    /** Adds units for the channel (negative when they are given back). */
    void add(final long channelHash, final long units)
    {
        if (counts == null)
        {
            counts = new Long2LongHashMap(NONE);
        }
        // An entry stays at 0 when the channel gives everything back: removing it cost a compaction per hold in the
        // flash sale's hold-release churn, and there are few channels.
        final long count = counts.get(channelHash);
        counts.put(channelHash, (count == NONE ? 0 : count) + units);
    }

    /** The channel's units (0 for one never counted). */
    long of(final long channelHash)
    {
        final long count = counts == null ? NONE : counts.get(channelHash);
        return count == NONE ? 0 : count;
    }

    /** Every channel's units summed. */
    long total()
    {
        if (counts == null)
        {
            return 0;
        }
        long total = 0;
        final Long2LongHashMap.ValueIterator values = counts.values().iterator();
        while (values.hasNext())
        {
            total += values.nextValue();
        }
        return total;
    }

    /** The counts other than 0, for InvariantChecker to compare with the holds and orders. */
    java.util.Map<Long, Long> nonZero()
    {
        final java.util.Map<Long, Long> nonZero = new java.util.HashMap<>();
        if (counts != null)
        {
            counts.forEach((channel, units) ->
            {
                if (units != 0)
                {
                    nonZero.put(channel, units);
                }
            });
        }
        return nonZero;
    }
}
