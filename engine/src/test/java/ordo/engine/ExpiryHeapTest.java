package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.PriorityQueue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The engine's timer: a min-heap of (time, id) that must pop in exactly (time, id) order, past its first capacity. */
class ExpiryHeapTest
{
    /** An add (time in a narrow range, so ties are common) or, when time is negative, a removeTop. */
    record HeapOp(long time, long id)
    {
    }

    @Provide
    Arbitrary<List<HeapOp>> heapOps()
    {
        final Arbitrary<HeapOp> op = Combinators.combine(Arbitraries.longs().between(-3, 20),
            Arbitraries.longs().between(1, 50)).as(HeapOp::new);
        return op.list().ofMinSize(0).ofMaxSize(3_000);
    }

    @Property(tries = 200)
    void popsInTimeThenIdOrderLikeAPriorityQueue(@ForAll("heapOps") final List<HeapOp> ops)
    {
        final ExpiryHeap heap = new ExpiryHeap();
        final PriorityQueue<long[]> reference = new PriorityQueue<>(
            (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        for (final HeapOp op : ops)
        {
            if (op.time() < 0)
            {
                if (!reference.isEmpty())
                {
                    final long[] top = reference.poll();
                    assertThat(new long[] {heap.peekTime(), heap.peekId()}).isEqualTo(top);
                    heap.removeTop();
                }
            }
            else
            {
                heap.add(op.time(), op.id());
                reference.add(new long[] {op.time(), op.id()});
            }
            assertThat(heap.size()).isEqualTo(reference.size());
        }
        while (!reference.isEmpty())
        {
            assertThat(new long[] {heap.peekTime(), heap.peekId()}).isEqualTo(reference.poll());
            heap.removeTop();
        }
        assertThat(heap.isEmpty()).isTrue();
        assertThat(heap.peekTime()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void growsPastItsInitialCapacity()
    {
        final ExpiryHeap heap = new ExpiryHeap();
        for (int i = 5_000; i > 0; i--)
        {
            heap.add(i / 3, i);
        }
        long lastTime = Long.MIN_VALUE;
        long lastId = Long.MIN_VALUE;
        for (int i = 0; i < 5_000; i++)
        {
            final long time = heap.peekTime();
            final long id = heap.peekId();
            assertThat(time > lastTime || (time == lastTime && id > lastId)).isTrue();
            lastTime = time;
            lastId = id;
            heap.removeTop();
        }
        assertThat(heap.isEmpty()).isTrue();
    }
}
