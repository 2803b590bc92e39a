package ordo.engine;

import java.util.Arrays;

/**
 * Which SKUs' stock figures changed, and in which command: what the stock change feed
 * ({@code GET /v1/inventory?since=}) lists, so that a connector publishing stock to a marketplace reads what changed
 * since its last poll instead of every SKU (QA-216: only a full sync existed, every SKU read again each time).
 *
 * <p>A log of entries {@code (seq, sku index)} in ascending order of both: the command that may have changed the SKU's
 * figures (any of those the feed shows: the network's and every channel's) and the SKU. A SKU's latest entry is live,
 * at {@link Sku#changedSeq}; its earlier ones are stale, stepped over by a page and dropped when the log is full (then
 * it doubles only if more than half of it is live, so a touch costs O(1) amortized). One entry per SKU and command:
 * the first touch appends, the others compare a field. A command's own entries are sorted by SKU once it ends
 * ({@link #settle}, O(k log k) for k SKUs, nothing when they came in order, as a pool's change appends them).
 *
 * <p>Not state: the journal's sequence numbers stamp it, so a replay rebuilds it, and a snapshot keeps each SKU's
 * {@link Sku#changedSeq} (format 13) to rebuild it after a restore. Neither hashed nor compared across engines.
 * Owned by the engine thread.
 */
final class StockChanges
{
    private static final int INITIAL = 1024;

    private final Catalog catalog;
    private long[] seqs = new long[INITIAL];
    private int[] skus = new int[INITIAL];
    private int size;
    /** The command being applied: what a touch stamps. */
    private long seq;
    /** Where the current command's entries start, and whether they are in SKU order yet ({@link #settle}). */
    private int groupStart;
    private boolean groupSorted = true;

    StockChanges(final Catalog catalog)
    {
        this.catalog = catalog;
    }

    /** The command {@code seq} begins: the touches until the next stamp it. */
    void begin(final long seq)
    {
        settle();
        this.seq = seq;
        groupStart = size;
    }

    /** The figures the feed shows of {@code sku} may have changed in the current command. */
    void touch(final Sku sku)
    {
        if (sku.changedSeq != seq)
        {
            sku.changedSeq = seq;
            append(sku.index);
        }
    }

    /** Every SKU's figures may have changed (a channel's pools did): each SKU once, in index order. */
    void touchEverySku()
    {
        for (int i = 0; i < catalog.skuCount(); i++)
        {
            touch(catalog.sku(i));
        }
    }

    private void append(final int sku)
    {
        if (size == seqs.length)
        {
            compact();
        }
        // The command's own entries are its last ones, put in SKU order once it ends (settle): moving each into
        // place cost O(k²) for k SKUs touched out of order, seconds for the holds of 100 000 SKUs expiring in one
        // command after downtime (found in review).
        if (size > groupStart && skus[size - 1] > sku)
        {
            groupSorted = false;
        }
        seqs[size] = seq;
        skus[size] = sku;
        size++;
    }

    /**
     * Puts the last command's entries in SKU order, as the log's readers need it: before a page, a check and the next
     * command.
     */
    void settle()
    {
        if (!groupSorted)
        {
            Arrays.sort(skus, groupStart, size);
            groupSorted = true;
        }
    }

    /** Drops the stale entries; doubles the log when more than half of it is live. */
    private void compact()
    {
        int kept = 0;
        int start = 0;
        for (int i = 0; i < size; i++)
        {
            if (i == groupStart)
            {
                // The command's own entries are all live: they start where the first of them is kept.
                start = kept;
            }
            if (live(i))
            {
                seqs[kept] = seqs[i];
                skus[kept] = skus[i];
                kept++;
            }
        }
        groupStart = groupStart == size ? kept : start;
        size = kept;
        if (2 * kept > seqs.length)
        {
            seqs = Arrays.copyOf(seqs, 2 * seqs.length);
            skus = Arrays.copyOf(skus, 2 * skus.length);
        }
    }

    /**
     * After a restore at {@code lastSeq}, the SKUs' {@link Sku#changedSeq} read (or {@code lastSeq} for a snapshot
     * that has none: every SKU then reads as changed at the snapshot, a full sync for a poller from before it): the
     * log of their live entries, rebuilt. {@code lastSeq} is also the stamp until the first command.
     */
    void restore(final long lastSeq)
    {
        final int count = catalog.skuCount();
        // In order of (changedSeq, index) without boxing: each seq's rank among the distinct ones, packed above the
        // index, and the packed longs sorted.
        final long[] distinct = new long[count];
        for (int i = 0; i < count; i++)
        {
            distinct[i] = catalog.sku(i).changedSeq;
        }
        Arrays.sort(distinct);
        int ranks = 0;
        for (int i = 0; i < count; i++)
        {
            if (i == 0 || distinct[i] != distinct[i - 1])
            {
                distinct[ranks++] = distinct[i];
            }
        }
        final long[] packed = new long[count];
        for (int i = 0; i < count; i++)
        {
            packed[i] = (long)Arrays.binarySearch(distinct, 0, ranks, catalog.sku(i).changedSeq) << 32 | i;
        }
        Arrays.sort(packed);
        int capacity = INITIAL;
        while (capacity < 2 * count)
        {
            capacity *= 2;
        }
        seqs = new long[capacity];
        skus = new int[capacity];
        size = 0;
        for (final long entry : packed)
        {
            final int sku = (int)entry;
            seqs[size] = catalog.sku(sku).changedSeq;
            skus[size] = sku;
            size++;
        }
        seq = lastSeq;
        groupStart = size;
        groupSorted = true;
    }

    /** Entries in the log, live or stale. */
    int size()
    {
        return size;
    }

    long seqAt(final int position)
    {
        return seqs[position];
    }

    int skuAt(final int position)
    {
        return skus[position];
    }

    /** Whether the entry at {@code position} is its SKU's latest. */
    boolean live(final int position)
    {
        return catalog.sku(skus[position]).changedSeq == seqs[position];
    }

    /**
     * The position of the first entry after {@code (seq, sku)} ({@code sku} -1: the first after every entry of
     * commands up to {@code seq - 1}, so the command's own are included; {@link Integer#MAX_VALUE}: after all of
     * {@code seq}'s), {@link #size} when none is.
     */
    int firstAfter(final long seq, final int sku)
    {
        int low = 0;
        int high = size;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (seqs[mid] < seq || (seqs[mid] == seq && skus[mid] <= sku))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /**
     * For InvariantChecker: a fault in the log (out of order, past the command, a SKU not live once), or null. It does
     * not settle the last command's entries, so that a reader which forgot to ({@link #settle}: pages and the next
     * command do) is not hidden: those may be in any order while the command's group says it is unsorted, and must
     * be in order once it says it is sorted.
     */
    String check()
    {
        final long lastSeq = seq;
        for (int i = 1; i < size; i++)
        {
            final boolean inUnsortedGroup = !groupSorted && i > groupStart;
            if (seqs[i - 1] > seqs[i] || (!inUnsortedGroup && seqs[i - 1] == seqs[i] && skus[i - 1] >= skus[i]))
            {
                return "stock change log out of order at " + i;
            }
        }
        if (groupStart < size && seqs[size - 1] != seqs[groupStart])
        {
            return "the last command's entries in the stock change log are of more than one command";
        }
        final int[] liveEntries = new int[catalog.skuCount()];
        for (int i = 0; i < size; i++)
        {
            if (seqs[i] > lastSeq)
            {
                return "stock change log entry after the last command: " + seqs[i];
            }
            if (live(i))
            {
                liveEntries[skus[i]]++;
            }
        }
        for (int s = 0; s < liveEntries.length; s++)
        {
            if (liveEntries[s] != 1)
            {
                return "SKU " + new String(catalog.sku(s).id, java.nio.charset.StandardCharsets.US_ASCII) + " has " +
                    liveEntries[s] + " live entries in the stock change log (changed at " +
                    catalog.sku(s).changedSeq + ")";
            }
        }
        return null;
    }
}
