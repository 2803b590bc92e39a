package ordo.engine;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The live holds in expiry order, (expiresAt, id): the engine's timer. Holds with the same time to live are made in
 * time order with rising ids, so each TTL gets a lane, an intrusive doubly linked list that stays sorted by appending;
 * a small min-heap orders the lanes by their first hold. A release unlinks its hold in O(1) (no lazy deletion, no
 * lookup by id), and with the usual handful of TTLs an add or an expiry costs O(1) as well. Lanes are not state:
 * the order of expiries is (expiresAt, id) whatever the lanes are, so replay and restore expire exactly alike.
 * Owned by the engine thread.
 */
final class ExpiryQueue
{
    /** The holds of one TTL, oldest first. */
    static final class Lane
    {
        long ttl;
        Reservation head;
        /** {@code head.expiresAt}, kept here: peeking at the next expiry (every command) reads no hold. */
        long headAt;
        Reservation tail;
        int heapIndex = -1;
    }

    private final Long2ObjectHashMap<Lane> lanesByTtl = new Long2ObjectHashMap<>();
    private final ArrayDeque<Lane> pool = new ArrayDeque<>();
    private Lane[] heap = new Lane[16];
    private int heapSize;
    private int size;
    /**
     * {@code heap[0].headAt}, or {@link Long#MAX_VALUE} when empty: set whenever the heap changes (appending to a lane
     * never does), so the peek every command makes is one load.
     */
    private long firstAt = Long.MAX_VALUE;
    /**
     * The lane of the last add: most holds share a TTL, so most adds skip the map. It stays in the map while empty
     * (out of the heap): with one hold at a time (each expires before the next is made) the lane would otherwise
     * leave the map and come back on every hold. At most this one empty lane is kept.
     */
    private Lane lastLane;

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    /** The hold that expires first, or null. */
    Reservation peek()
    {
        return heapSize == 0 ? null : heap[0].head;
    }

    /** Expiry time of the first hold, {@link Long#MAX_VALUE} when none. */
    long peekTime()
    {
        return firstAt;
    }

    void add(final Reservation r)
    {
        final long ttl = r.expiresAt - r.createdAt;
        Lane lane = lastLane;
        if (lane == null || lane.ttl != ttl)
        {
            if (lane != null && lane.head == null)
            {
                dropLane(lane);
            }
            lane = lanesByTtl.get(ttl);
            if (lane == null)
            {
                lane = pool.isEmpty() ? new Lane() : pool.pollFirst();
                lane.ttl = ttl;
                lanesByTtl.put(ttl, lane);
            }
            lastLane = lane;
        }
        size++;
        final Reservation tail = lane.tail;
        if (tail == null)
        {
            r.expiryPrev = null;
            r.expiryNext = null;
            lane.head = r;
            lane.headAt = r.expiresAt;
            lane.tail = r;
            heapInsert(lane);
            firstChanged();
            return;
        }
        if (!before(r, tail))
        {
            r.expiryPrev = tail;
            r.expiryNext = null;
            tail.expiryNext = r;
            tail.expiryNextAt = r.expiresAt;
            lane.tail = r;
            return;
        }
        // Out of order (a restore that is not in id order): walk back to the place; never on the live path.
        Reservation after = tail;
        while (after.expiryPrev != null && before(r, after.expiryPrev))
        {
            after = after.expiryPrev;
        }
        r.expiryNext = after;
        r.expiryNextAt = after.expiresAt;
        r.expiryPrev = after.expiryPrev;
        if (after.expiryPrev == null)
        {
            lane.head = r;
            lane.headAt = r.expiresAt;
        }
        else
        {
            after.expiryPrev.expiryNext = r;
            after.expiryPrev.expiryNextAt = r.expiresAt;
        }
        after.expiryPrev = r;
        if (lane.head == r)
        {
            siftUp(lane.heapIndex);
            firstChanged();
        }
    }

    /**
     * Unlinks a hold that is in the queue. Its lane is the one of its TTL: a lane with holds in it stays in the map
     * (only an empty one is dropped), and most holds share the TTL of the last add, which is looked at first.
     */
    void remove(final Reservation r)
    {
        final long ttl = r.expiresAt - r.createdAt;
        final Lane lane = lastLane != null && lastLane.ttl == ttl ? lastLane : lanesByTtl.get(ttl);
        final Reservation prev = r.expiryPrev;
        final Reservation next = r.expiryNext;
        r.expiryPrev = null;
        r.expiryNext = null;
        size--;
        if (next == null)
        {
            lane.tail = prev;
        }
        else
        {
            next.expiryPrev = prev;
        }
        if (prev != null)
        {
            prev.expiryNext = next;
            prev.expiryNextAt = r.expiryNextAt;
            return;
        }
        lane.head = next;
        if (next != null)
        {
            lane.headAt = r.expiryNextAt;
            siftDown(lane.heapIndex);
            firstChanged();
            return;
        }
        heapRemove(lane.heapIndex);
        firstChanged();
        if (lane != lastLane)
        {
            dropLane(lane);
        }
    }

    private void firstChanged()
    {
        firstAt = heapSize == 0 ? Long.MAX_VALUE : heap[0].headAt;
    }

    private void dropLane(final Lane lane)
    {
        lanesByTtl.remove(lane.ttl);
        pool.addLast(lane);
    }

    private static boolean before(final Reservation x, final Reservation y)
    {
        return x.expiresAt < y.expiresAt || (x.expiresAt == y.expiresAt && x.id < y.id);
    }

    /** Lane order is their first holds' order; the holds themselves are read only on a tie of times. */
    private static boolean lanesBefore(final Lane x, final Lane y)
    {
        return x.headAt < y.headAt || (x.headAt == y.headAt && x.head.id < y.head.id);
    }

    private void heapInsert(final Lane lane)
    {
        if (heapSize == heap.length)
        {
            heap = Arrays.copyOf(heap, heapSize * 2);
        }
        final int at = heapSize++;
        heap[at] = lane;
        lane.heapIndex = at;
        siftUp(at);
    }

    private void heapRemove(final int index)
    {
        final Lane removed = heap[index];
        removed.heapIndex = -1;
        final int last = --heapSize;
        if (index != last)
        {
            final Lane moved = heap[last];
            heap[index] = moved;
            moved.heapIndex = index;
            heap[last] = null;
            siftDown(index);
            siftUp(moved.heapIndex);
        }
        else
        {
            heap[last] = null;
        }
    }

    private void siftUp(final int index)
    {
        final Lane lane = heap[index];
        int at = index;
        while (at > 0)
        {
            final int parent = (at - 1) >>> 1;
            final Lane p = heap[parent];
            if (!lanesBefore(lane, p))
            {
                break;
            }
            heap[at] = p;
            p.heapIndex = at;
            at = parent;
        }
        heap[at] = lane;
        lane.heapIndex = at;
    }

    private void siftDown(final int index)
    {
        final Lane lane = heap[index];
        int at = index;
        while (true)
        {
            final int left = 2 * at + 1;
            if (left >= heapSize)
            {
                break;
            }
            final int right = left + 1;
            final int child = right < heapSize && lanesBefore(heap[right], heap[left]) ? right : left;
            final Lane c = heap[child];
            if (!lanesBefore(c, lane))
            {
                break;
            }
            heap[at] = c;
            c.heapIndex = at;
            at = child;
        }
        heap[at] = lane;
        lane.heapIndex = at;
    }
}
