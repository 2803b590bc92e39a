package ordo.engine;

import java.util.Arrays;

/**
 * Which SKUs' stock figures changed, and in which command: what the stock change feed
 * ({@code GET /v1/inventory?since=}) lists, so that a connector publishing stock to a marketplace reads what changed
 * since its last poll instead of every SKU (QA-216: only a full sync existed, every SKU read again each time).
 *
 * <p>Per SKU index, the last command that may have changed a figure the feed shows of it (the network's, or any
 * channel's): {@link #changedSeq}. A touch writes one array element and reads nothing, so order placement and
 * reservations pay a store per SKU they move: a sorted log of changes cost a reservation about a tenth of its time
 * (its appends and compactions; BENCHMARKS.md, forty-second round). A page pays instead: it reads the array from end
 * to end ({@link #next}: about a tenth of a millisecond per 100 000 SKUs, sequentially) and keeps the {@code limit}
 * smallest positions after its cursor in a heap.
 *
 * <p>A position is {@code (seq, sku index)}: SKUs in order of the command that last changed them, then of their index
 * (the order they were first defined). A cursor names one, so a page cut inside a command goes on after the SKU it
 * stopped at, and a SKU changed again after a page listed it comes again later.
 *
 * <p>Not state: the journal's sequence numbers stamp it, so a replay rebuilds it, and a snapshot keeps each SKU's
 * {@link #changedSeq} (format 13). Neither hashed nor compared across engines. Owned by the engine thread.
 */
final class StockChanges
{
    private final Catalog catalog;
    /** Per SKU index, the last command that touched it. */
    private long[] changedSeqs = new long[64];
    /** The command being applied: what a touch stamps. */
    private long seq;
    /** A page's selection: a max-heap of SKU indexes by position, then sorted ({@link #next}). */
    private int[] heap = new int[OrderQueries.MAX_PAGE];

    StockChanges(final Catalog catalog)
    {
        this.catalog = catalog;
    }

    /** The command {@code seq} begins: the touches until the next stamp it. */
    void begin(final long seq)
    {
        this.seq = seq;
    }

    /**
     * The figures the feed shows of SKU {@code sku} (its index) may have changed in the current command. The SKU is
     * known ({@link #added}).
     */
    void touch(final int sku)
    {
        changedSeqs[sku] = seq;
    }

    /** Every SKU's figures may have changed (a channel's {@code *} pool did). */
    void touchEverySku()
    {
        Arrays.fill(changedSeqs, 0, catalog.skuCount(), seq);
    }

    /** SKU {@code sku} (its index) was made: room for its {@link #changedSeq}. */
    void added(final int sku)
    {
        if (sku >= changedSeqs.length)
        {
            changedSeqs = Arrays.copyOf(changedSeqs, Math.max(2 * changedSeqs.length, sku + 1));
        }
    }

    /** The last command that may have changed what the feed shows of SKU {@code sku} (its index). */
    long changedSeq(final int sku)
    {
        return sku < changedSeqs.length ? changedSeqs[sku] : 0;
    }

    /** Sets {@link #changedSeq} as a snapshot read it. */
    void changedSeq(final int sku, final long changed)
    {
        added(sku);
        changedSeqs[sku] = changed;
    }

    /** After a restore at {@code lastSeq}: the stamp until the first command. */
    void restore(final long lastSeq)
    {
        seq = lastSeq;
    }

    /**
     * The next page: the SKU indexes whose position comes after {@code (sinceSeq, sinceSku)} ({@code sinceSku} -1:
     * after every SKU of that command), the {@code limit} (at most {@link OrderQueries#MAX_PAGE}) first in order,
     * written to the start of {@link #page}. Returns how many there are after the cursor in all (the page holds the
     * first {@code min(limit, that)}).
     */
    int next(final long sinceSeq, final int sinceSku, final int limit)
    {
        final int skus = catalog.skuCount();
        final long[] changed = changedSeqs;
        int held = 0;
        int after = 0;
        for (int sku = 0; sku < skus; sku++)
        {
            final long at = changed[sku];
            if (at < sinceSeq || (at == sinceSeq && sku <= sinceSku))
            {
                continue;
            }
            after++;
            if (held < limit)
            {
                heap[held] = sku;
                siftUp(held++);
            }
            else if (before(sku, heap[0]))
            {
                heap[0] = sku;
                siftDown(0, held);
            }
        }
        // Largest first out of the max-heap, each to the end: ascending order.
        for (int end = held - 1; end > 0; end--)
        {
            final int top = heap[0];
            heap[0] = heap[end];
            heap[end] = top;
            siftDown(0, end);
        }
        return after;
    }

    /** The page {@link #next} selected, in order: its first {@code min(limit, returned)} SKU indexes. */
    int[] page()
    {
        return heap;
    }

    /** Whether SKU {@code a}'s position comes before SKU {@code b}'s. */
    private boolean before(final int a, final int b)
    {
        final long seqA = changedSeqs[a];
        final long seqB = changedSeqs[b];
        return seqA < seqB || (seqA == seqB && a < b);
    }

    private void siftUp(final int at)
    {
        int child = at;
        while (child > 0)
        {
            final int parent = (child - 1) >>> 1;
            if (!before(heap[parent], heap[child]))
            {
                return;
            }
            swap(parent, child);
            child = parent;
        }
    }

    private void siftDown(final int at, final int size)
    {
        int parent = at;
        while (true)
        {
            final int left = 2 * parent + 1;
            if (left >= size)
            {
                return;
            }
            final int right = left + 1;
            final int larger = right < size && before(heap[left], heap[right]) ? right : left;
            if (!before(heap[parent], heap[larger]))
            {
                return;
            }
            swap(parent, larger);
            parent = larger;
        }
    }

    private void swap(final int i, final int j)
    {
        final int t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }

    /** For InvariantChecker: a SKU stamped after the current command or before any, or null. */
    String check()
    {
        for (int s = 0; s < catalog.skuCount(); s++)
        {
            if (changedSeq(s) < 0 || changedSeq(s) > seq)
            {
                return "SKU " + new String(catalog.sku(s).id, java.nio.charset.StandardCharsets.US_ASCII) +
                    " changed at seq " + changedSeq(s) + ", after the last command " + seq;
            }
        }
        return null;
    }
}
