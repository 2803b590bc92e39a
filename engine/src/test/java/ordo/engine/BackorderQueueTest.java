package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;

/** The queue's own bookkeeping: what a fill drops, with other SKUs' completed lines among them, and a single drop. */
class BackorderQueueTest
{
    @Test
    void removeAllDropsItsOwnLinesAmongOtherSkusAndKeepsTheRestInOrder()
    {
        final BackorderQueue queue = new BackorderQueue();
        for (final long id : new long[] {2, 3, 5, 8, 13})
        {
            queue.add(OrderBook.pack(id, 1), 100 + id, id == 5 ? 7 : BackorderQueue.SHIPPED, (short)(0x4100 + id));
        }
        // A fill across SKUs completes lines of several queues, in order id order: 1, 4, 6 and 7 are other SKUs'.
        final LongArrayList done = new LongArrayList();
        for (final long id : new long[] {1, 3, 4, 6, 7, 8})
        {
            done.addLong(OrderBook.pack(id, id == 3 || id == 8 ? 1 : 0));
        }

        queue.removeAll(done);

        assertThat(entries(queue)).containsExactly(OrderBook.pack(2, 1), OrderBook.pack(5, 1), OrderBook.pack(13, 1));
        assertThat(queue.channelHash(1)).isEqualTo(105);
        assertThat(queue.pickup(1)).isEqualTo(7);
        assertThat(queue.pickup(2)).isEqualTo(BackorderQueue.SHIPPED);
        assertThat(queue.country(2)).as("each line keeps its country").isEqualTo(0x4100 + 13);
        assertThat(queue.firstAtOrAfter(OrderBook.pack(5, 0))).isEqualTo(1);
        assertThat(queue.firstAtOrAfter(OrderBook.pack(14, 0))).isEqualTo(3);

        assertThat(queue.remove(OrderBook.pack(5, 1))).isTrue();
        assertThat(queue.remove(OrderBook.pack(5, 1))).isFalse();
        assertThat(entries(queue)).containsExactly(OrderBook.pack(2, 1), OrderBook.pack(13, 1));
        assertThat(queue.channelHash(1)).isEqualTo(113);
        assertThat(queue.country(1)).isEqualTo(0x4100 + 13);
    }

    private static long[] entries(final BackorderQueue queue)
    {
        final long[] entries = new long[queue.size()];
        for (int i = 0; i < entries.length; i++)
        {
            entries[i] = queue.entry(i);
        }
        return entries;
    }
}
