package ordo.engine;

import java.util.Arrays;

/**
 * A binary min-heap of (expiresAt, reservationId) pairs in two primitive arrays: the engine's timer wheel.
 * Ties are broken by id, so expiries at the same millisecond happen in a fixed order on every replay. Entries
 * of holds released early stay until they reach the top and are skipped there (lazy deletion).
 */
final class ExpiryHeap
{
    private long[] times = new long[1024];
    private long[] ids = new long[1024];
    private int size;

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    long peekTime()
    {
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    long peekId()
    {
        return ids[0];
    }

    void add(final long time, final long id)
    {
        if (size == times.length)
        {
            times = Arrays.copyOf(times, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
        }
        int at = size++;
        while (at > 0)
        {
            final int parent = (at - 1) >>> 1;
            if (!less(time, id, times[parent], ids[parent]))
            {
                break;
            }
            times[at] = times[parent];
            ids[at] = ids[parent];
            at = parent;
        }
        times[at] = time;
        ids[at] = id;
    }

    void removeTop()
    {
        final int last = --size;
        final long time = times[last];
        final long id = ids[last];
        int at = 0;
        while (true)
        {
            final int left = 2 * at + 1;
            if (left >= size)
            {
                break;
            }
            final int right = left + 1;
            final int child = right < size && less(times[right], ids[right], times[left], ids[left]) ? right : left;
            if (!less(times[child], ids[child], time, id))
            {
                break;
            }
            times[at] = times[child];
            ids[at] = ids[child];
            at = child;
        }
        if (size > 0)
        {
            times[at] = time;
            ids[at] = id;
        }
    }

    void clear()
    {
        size = 0;
    }

    private static boolean less(final long timeA, final long idA, final long timeB, final long idB)
    {
        return timeA < timeB || (timeA == timeB && idA < idB);
    }
}
