package ordo.engine;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Units each customer holds per SKU, for per-customer limits. Keyed by the exact customer id, not by its hash:
 * the id hash is public and unkeyed, so a buyer could craft an id that hashes like someone else's and exhaust their
 * limit in a flash sale. Entries with the same hash are chained and told apart by their bytes.
 *
 * <p>An entry that empties stays in the map for a while (the last {@value #KEEP_EMPTY} emptied ones): a customer
 * who holds again soon, the usual case, finds it without a map insert and a removal per hold. Older empty entries
 * go back to a pool, so memory is bounded and steady-state use allocates nothing. Holders keep their entry
 * ({@link Reservation#ledgerEntry}) so giving units back needs no lookup. Empty entries hold nothing, so what
 * {@link #held} answers never depends on them. Owned by the engine thread.
 */
final class CustomerLedger
{
    static final int KEEP_EMPTY = 4096;

    static final class Entry
    {
        final byte[] id = new byte[Ids.MAX_LENGTH];
        int idLength;
        long hash;
        Entry next;
        int skuCount;
        int[] skuIndex = new int[4];
        long[] held = new long[4];
        /** In the map (not in the pool). */
        boolean live;
        /** In the queue of emptied entries. */
        boolean emptied;

        boolean is(final byte[] bytes, final int length)
        {
            return idLength == length && Arrays.equals(id, 0, length, bytes, 0, length);
        }

        boolean is(final ByteSlice slice)
        {
            return slice.contentEquals(id, idLength);
        }

        int find(final int sku)
        {
            for (int i = 0; i < skuCount; i++)
            {
                if (skuIndex[i] == sku)
                {
                    return i;
                }
            }
            return -1;
        }
    }

    private final Long2ObjectHashMap<Entry> byHash = new Long2ObjectHashMap<>();
    private final ArrayDeque<Entry> pool = new ArrayDeque<>();
    private final ArrayDeque<Entry> emptied = new ArrayDeque<>();
    /** The entry found last: a limit check and the hold that follows it name the same customer. */
    private Entry last;

    /** Units of {@code sku} the customer (given by its id bytes and their hash) holds now. */
    long held(final ByteSlice customer, final long customerHash, final Sku sku)
    {
        if (byHash.isEmpty())
        {
            // The ordered-units ledger of an engine without orders: every limit check asks it too.
            return 0;
        }
        final Entry entry = find(customer, customerHash);
        if (entry == null)
        {
            return 0;
        }
        final int at = entry.find(sku.index);
        return at < 0 ? 0 : entry.held[at];
    }

    private Entry find(final ByteSlice customer, final long customerHash)
    {
        final Entry memo = last;
        if (memo != null && memo.live && memo.hash == customerHash && memo.is(customer))
        {
            return memo;
        }
        for (Entry e = byHash.get(customerHash); e != null; e = e.next)
        {
            if (e.is(customer))
            {
                last = e;
                return e;
            }
        }
        return null;
    }

    void add(final byte[] customer, final int customerLength, final long customerHash, final Sku sku, final long qty)
    {
        add(entry(customer, customerLength, customerHash), sku, qty);
    }

    /**
     * {@link #add} for every line of an order with open units ({@code qty − cancelled} per line), finding the
     * customer once.
     */
    void addLines(final byte[] customer, final int customerLength, final long customerHash, final Sku[] skus,
        final int[] qty, final int[] cancelled, final int count)
    {
        Entry entry = null;
        for (int i = 0; i < count; i++)
        {
            final int open = qty[i] - cancelled[i];
            if (open > 0)
            {
                if (entry == null)
                {
                    entry = entry(customer, customerLength, customerHash);
                }
                add(entry, skus[i], open);
            }
        }
    }

    void remove(final byte[] customer, final int customerLength, final long customerHash, final Sku sku,
        final long qty)
    {
        for (Entry e = byHash.get(customerHash); e != null; e = e.next)
        {
            if (e.is(customer, customerLength))
            {
                remove(e, sku, qty);
                return;
            }
        }
        throw new IllegalStateException("customer ledger has no entry for " +
            new String(customer, 0, customerLength, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The customer's entry, made if there is none; it stays valid while the customer holds units through it. */
    Entry entry(final byte[] customer, final int customerLength, final long customerHash)
    {
        final Entry memo = last;
        if (memo != null && memo.live && memo.hash == customerHash && memo.is(customer, customerLength))
        {
            return memo;
        }
        final Entry head = byHash.get(customerHash);
        for (Entry e = head; e != null; e = e.next)
        {
            if (e.is(customer, customerLength))
            {
                last = e;
                return e;
            }
        }
        final Entry entry = pool.isEmpty() ? new Entry() : pool.pollFirst();
        System.arraycopy(customer, 0, entry.id, 0, customerLength);
        entry.idLength = customerLength;
        entry.hash = customerHash;
        entry.skuCount = 0;
        entry.next = head;
        entry.live = true;
        byHash.put(customerHash, entry);
        last = entry;
        return entry;
    }

    void add(final Entry entry, final Sku sku, final long qty)
    {
        int at = entry.find(sku.index);
        if (at < 0)
        {
            if (entry.skuCount == entry.skuIndex.length)
            {
                entry.skuIndex = Arrays.copyOf(entry.skuIndex, entry.skuCount * 2);
                entry.held = Arrays.copyOf(entry.held, entry.skuCount * 2);
            }
            at = entry.skuCount++;
            entry.skuIndex[at] = sku.index;
            entry.held[at] = 0;
        }
        entry.held[at] += qty;
    }

    void remove(final Entry entry, final Sku sku, final long qty)
    {
        final int at = entry.find(sku.index);
        if (!entry.live || at < 0 || entry.held[at] < qty)
        {
            throw new IllegalStateException("customer ledger out of step for " +
                new String(entry.id, 0, entry.idLength, java.nio.charset.StandardCharsets.US_ASCII));
        }
        entry.held[at] -= qty;
        if (entry.held[at] == 0)
        {
            final int lastSku = --entry.skuCount;
            entry.skuIndex[at] = entry.skuIndex[lastSku];
            entry.held[at] = entry.held[lastSku];
        }
        if (entry.skuCount == 0 && !entry.emptied)
        {
            entry.emptied = true;
            emptied.addLast(entry);
            if (emptied.size() > KEEP_EMPTY)
            {
                final Entry oldest = emptied.pollFirst();
                oldest.emptied = false;
                if (oldest.skuCount == 0)
                {
                    drop(oldest);
                }
            }
        }
    }

    /** Takes an empty entry out of the map and back to the pool. */
    private void drop(final Entry entry)
    {
        final Entry head = byHash.get(entry.hash);
        if (head == entry)
        {
            if (entry.next == null)
            {
                byHash.remove(entry.hash);
            }
            else
            {
                byHash.put(entry.hash, entry.next);
            }
        }
        else
        {
            Entry previous = head;
            while (previous.next != entry)
            {
                previous = previous.next;
            }
            previous.next = entry.next;
        }
        entry.next = null;
        entry.live = false;
        if (last == entry)
        {
            last = null;
        }
        pool.addLast(entry);
    }
}
