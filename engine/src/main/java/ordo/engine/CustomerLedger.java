package ordo.engine;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Units each customer holds per SKU, for per-customer limits. Keyed by the exact customer id, not by its hash:
 * the id hash is public and unkeyed, so a buyer could craft an id that hashes like someone else's and exhaust their
 * limit in a flash sale. Entries with the same hash are chained and told apart by their bytes. An entry lives while
 * its customer holds anything and then goes back to a pool, so steady-state use allocates nothing.
 * Owned by the engine thread.
 */
final class CustomerLedger
{
    private static final class Entry
    {
        final byte[] id = new byte[Ids.MAX_LENGTH];
        int idLength;
        long hash;
        Entry next;
        int skuCount;
        int[] skuIndex = new int[4];
        long[] held = new long[4];

        boolean is(final byte[] bytes, final int length)
        {
            return idLength == length && Arrays.equals(id, 0, length, bytes, 0, length);
        }

        boolean is(final ByteSlice slice)
        {
            if (idLength != slice.length())
            {
                return false;
            }
            for (int i = 0; i < idLength; i++)
            {
                if (id[i] != slice.byteAt(i))
                {
                    return false;
                }
            }
            return true;
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

    /** Units of {@code sku} the customer (given by its id bytes and their hash) holds now. */
    long held(final ByteSlice customer, final long customerHash, final Sku sku)
    {
        for (Entry e = byHash.get(customerHash); e != null; e = e.next)
        {
            if (e.is(customer))
            {
                final int at = e.find(sku.index);
                return at < 0 ? 0 : e.held[at];
            }
        }
        return 0;
    }

    void add(final Reservation r, final Sku sku, final long qty)
    {
        add(r.customer, r.customerLength, r.customerHash, sku, qty);
    }

    void remove(final Reservation r, final Sku sku, final long qty)
    {
        remove(r.customer, r.customerLength, r.customerHash, sku, qty);
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

    private Entry entry(final byte[] customer, final int customerLength, final long customerHash)
    {
        Entry entry = null;
        final Entry head = byHash.get(customerHash);
        for (Entry e = head; e != null; e = e.next)
        {
            if (e.is(customer, customerLength))
            {
                entry = e;
                break;
            }
        }
        if (entry == null)
        {
            entry = pool.isEmpty() ? new Entry() : pool.pollFirst();
            System.arraycopy(customer, 0, entry.id, 0, customerLength);
            entry.idLength = customerLength;
            entry.hash = customerHash;
            entry.skuCount = 0;
            entry.next = head;
            byHash.put(customerHash, entry);
        }
        return entry;
    }

    private static void add(final Entry entry, final Sku sku, final long qty)
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

    void remove(final byte[] customer, final int customerLength, final long customerHash, final Sku sku,
        final long qty)
    {
        Entry previous = null;
        for (Entry e = byHash.get(customerHash); e != null; previous = e, e = e.next)
        {
            if (!e.is(customer, customerLength))
            {
                continue;
            }
            final int at = e.find(sku.index);
            if (at < 0 || e.held[at] < qty)
            {
                throw new IllegalStateException("customer ledger out of step for " +
                    new String(customer, 0, customerLength, java.nio.charset.StandardCharsets.US_ASCII));
            }
            e.held[at] -= qty;
            if (e.held[at] == 0)
            {
                final int last = --e.skuCount;
                e.skuIndex[at] = e.skuIndex[last];
                e.held[at] = e.held[last];
            }
            if (e.skuCount == 0)
            {
                if (previous == null)
                {
                    if (e.next == null)
                    {
                        byHash.remove(customerHash);
                    }
                    else
                    {
                        byHash.put(customerHash, e.next);
                    }
                }
                else
                {
                    previous.next = e.next;
                }
                e.next = null;
                pool.addLast(e);
            }
            return;
        }
        throw new IllegalStateException("customer ledger has no entry for " +
            new String(customer, 0, customerLength, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
