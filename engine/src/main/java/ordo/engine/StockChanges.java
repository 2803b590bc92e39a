package ordo.engine;

import java.util.Arrays;

/**
 * Which SKUs' stock figures changed, and in which command: what the stock change feed
 * ({@code GET /v1/inventory?since=}) lists, so that a connector publishing stock to a marketplace reads what changed
 * since its last poll instead of every SKU (QA-216: only a full sync existed, every SKU read again each time).
 *
 * <p>Per SKU index, the last command that may have changed a figure the feed shows of it (the network's, or any
 * channel's): {@link #changedSeq}; and per block of {@value #BLOCK} SKU indexes, the last of those. A touch writes two
 * array elements and reads nothing, so order placement and reservations pay two stores per SKU they move: a sorted
 * log of changes cost a reservation about a tenth of its time (its appends and compactions; BENCHMARKS.md,
 * forty-second round). A page pays instead ({@link #next}): it reads, SKU by SKU, the blocks that changed after its
 * cursor, and keeps the {@code limit} first positions after the cursor in a heap of their keys. A poll of the last
 * few seconds reads the few blocks they changed; a backlog of every SKU reads every block on every page (O(n) a page
 * with the blocks read least recently changed first: a full sync is cheaper by the feed's {@code after}).
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
    private static final int BLOCK_SHIFT = 10;
    /** SKU indexes per block of {@link #blockLast}. */
    static final int BLOCK = 1 << BLOCK_SHIFT;
    /** Bits of a block's number in {@link #blockOrder} (SKU indexes are below 2^31, so blocks below 2^21). */
    private static final int BLOCK_BITS = 21;
    private static final long BLOCK_MASK = (1L << BLOCK_BITS) - 1;
    /** The most a block's age counts for its order: beyond it, blocks read in the order of their numbers. */
    private static final long MAX_AGE = (1L << (63 - BLOCK_BITS)) - 1;

    private final Catalog catalog;
    /** Per SKU index, the last command that touched it. */
    private long[] changedSeqs = new long[BLOCK];
    /** Per block of {@link #BLOCK} SKU indexes, the last command that touched one of them (sequences only rise). */
    private long[] blockLast = new long[1];
    /**
     * A page's blocks to read, each as {@code (its last change − the cursor's seq) << 21 | block}, sorted: the blocks
     * changed least recently first ({@link #next}).
     */
    private long[] blockOrder = new long[1];
    /** The command being applied: what a touch stamps. */
    private long seq;
    /** A page's selection: a max-heap of positions (a SKU's seq, then its index), then sorted ({@link #next}). */
    private final long[] heapSeq = new long[OrderQueries.MAX_PAGE];
    private final int[] heapSku = new int[OrderQueries.MAX_PAGE];

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
        blockLast[sku >>> BLOCK_SHIFT] = seq;
    }

    /** Every SKU's figures may have changed (a channel's {@code *} pool did). */
    void touchEverySku()
    {
        final int skus = catalog.skuCount();
        Arrays.fill(changedSeqs, 0, skus, seq);
        Arrays.fill(blockLast, 0, blocks(skus), seq);
    }

    /** SKU {@code sku} (its index) was made: room for its {@link #changedSeq}. */
    void added(final int sku)
    {
        if (sku >= changedSeqs.length)
        {
            changedSeqs = Arrays.copyOf(changedSeqs, Math.max(2 * changedSeqs.length, sku + 1));
        }
        if (blocks(sku + 1) > blockLast.length)
        {
            blockLast = Arrays.copyOf(blockLast, Math.max(2 * blockLast.length, blocks(sku + 1)));
            blockOrder = new long[blockLast.length];
        }
    }

    private static int blocks(final int skus)
    {
        return (skus + BLOCK - 1) >>> BLOCK_SHIFT;
    }

    /** The last command that may have changed what the feed shows of SKU {@code sku}, a known SKU's index. */
    long changedSeq(final int sku)
    {
        return changedSeqs[sku];
    }

    /** Sets {@link #changedSeq} as a snapshot read it. */
    void changedSeq(final int sku, final long changed)
    {
        added(sku);
        changedSeqs[sku] = changed;
        final int block = sku >>> BLOCK_SHIFT;
        blockLast[block] = Math.max(blockLast[block], changed);
    }

    /** After a restore at {@code lastSeq}: the stamp until the first command. */
    void restore(final long lastSeq)
    {
        seq = lastSeq;
    }

    /**
     * The next page: the SKU indexes whose position comes after {@code (sinceSeq, sinceSku)} ({@code sinceSku}
     * {@link Integer#MAX_VALUE}: after every SKU of that command), the {@code limit} first in order, in
     * {@link #pageSku}. Returns how many there are after the cursor in all (the page holds the first
     * {@code min(limit, that)}).
     *
     * @param limit 1 to {@link OrderQueries#MAX_PAGE}.
     */
    int next(final long sinceSeq, final int sinceSku, final int limit)
    {
        if (limit < 1 || limit > heapSeq.length)
        {
            throw new IllegalArgumentException("a page of " + limit + " SKUs");
        }
        final int skus = catalog.skuCount();
        final long[] changed = changedSeqs;
        // The blocks changed after the cursor, those changed least recently first: their SKUs hold the first positions
        // more often, so the heap fills with them early and the rest are passed over by one comparison. In the order
        // of their indexes, SKUs changed in the reverse of it each replaced the heap's last (3 ms a page over 100 000;
        // found in review). Only the speed depends on it.
        int eligible = 0;
        for (int block = 0, blockCount = blocks(skus); block < blockCount; block++)
        {
            if (blockLast[block] >= sinceSeq)
            {
                blockOrder[eligible++] = Math.min(blockLast[block] - sinceSeq, MAX_AGE) << BLOCK_BITS | block;
            }
        }
        Arrays.sort(blockOrder, 0, eligible);
        int held = 0;
        int after = 0;
        for (int e = 0; e < eligible; e++)
        {
            final int block = (int)(blockOrder[e] & BLOCK_MASK);
            final int end = Math.min(skus, (block + 1) << BLOCK_SHIFT);
            for (int sku = block << BLOCK_SHIFT; sku < end; sku++)
            {
                final long at = changed[sku];
                if (at < sinceSeq || (at == sinceSeq && sku <= sinceSku))
                {
                    continue;
                }
                after++;
                if (held < limit)
                {
                    heapSeq[held] = at;
                    heapSku[held] = sku;
                    siftUp(held++);
                }
                else if (at < heapSeq[0] || (at == heapSeq[0] && sku < heapSku[0]))
                {
                    heapSeq[0] = at;
                    heapSku[0] = sku;
                    siftDown(0, held);
                }
            }
        }
        // Largest first out of the max-heap, each to the end: ascending order.
        for (int end = held - 1; end > 0; end--)
        {
            swap(0, end);
            siftDown(0, end);
        }
        return after;
    }

    /** The SKU index at {@code position} of the page {@link #next} selected, in order. */
    int pageSku(final int position)
    {
        return heapSku[position];
    }

    /** Whether the position at heap slot {@code a} comes before the one at slot {@code b}. */
    private boolean before(final int a, final int b)
    {
        return heapSeq[a] < heapSeq[b] || (heapSeq[a] == heapSeq[b] && heapSku[a] < heapSku[b]);
    }

    private void siftUp(final int at)
    {
        int child = at;
        while (child > 0)
        {
            final int parent = (child - 1) >>> 1;
            if (!before(parent, child))
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
            final int larger = right < size && before(left, right) ? right : left;
            if (!before(parent, larger))
            {
                return;
            }
            swap(parent, larger);
            parent = larger;
        }
    }

    private void swap(final int i, final int j)
    {
        final long seqI = heapSeq[i];
        heapSeq[i] = heapSeq[j];
        heapSeq[j] = seqI;
        final int skuI = heapSku[i];
        heapSku[i] = heapSku[j];
        heapSku[j] = skuI;
    }

    /**
     * For InvariantChecker: a SKU stamped outside 0 .. the current command, or a block's last change not the last of
     * its SKUs' (or earlier than one), or null.
     */
    String check()
    {
        final int skus = catalog.skuCount();
        for (int block = 0; block < blocks(skus); block++)
        {
            long last = 0;
            for (int s = block << BLOCK_SHIFT; s < Math.min(skus, (block + 1) << BLOCK_SHIFT); s++)
            {
                if (changedSeqs[s] < 0 || changedSeqs[s] > seq)
                {
                    return "SKU " + new String(catalog.sku(s).id, java.nio.charset.StandardCharsets.US_ASCII) +
                        " changed at seq " + changedSeqs[s] + ", outside 0.." + seq;
                }
                last = Math.max(last, changedSeqs[s]);
            }
            if (blockLast[block] < last)
            {
                return "block " + block + " of SKUs last changed at " + blockLast[block] + ", one of its SKUs at " +
                    last;
            }
        }
        return null;
    }
}
