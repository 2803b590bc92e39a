package ordo.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Units each customer holds per SKU, for per-customer limits. Keyed by the exact customer id, not by its hash:
 * the id hash is public and unkeyed, so a buyer could craft an id that hashes like someone else's and exhaust their
 * limit in a flash sale. Entries with the same hash are told apart by their bytes. Which hash finds an entry is the
 * owner's choice, the same on every call to one ledger: the reservation book passes {@link ByteSlice#tableHash},
 * the order book the id's state hash.
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
    /** An entry holding more SKUs than this finds them by its index, not one by one. */
    static final int INDEX_FROM = 8;
    /** Longest SKU array or index a pooled entry keeps (elements). */
    static final int POOLED_ARRAY_LIMIT = 4096;

    /** Where an order's customer id is copied to be looked up (its texts are off the heap). */
    private final byte[] orderCustomer = new byte[Ids.MAX_LENGTH];

    static final class Entry
    {
        private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        final byte[] id = new byte[Ids.MAX_LENGTH];
        int idLength;
        /** The id's first sixteen bytes ({@link ByteSlice#word}): most ids compare without reading {@link #id}. */
        long idWord0;
        long idWord1;
        long hash;
        int skuCount;
        /**
         * SKU 0's index and units held, in the entry itself: a customer mostly holds one SKU, so a limit check, a hold
         * and a release read no array. SKUs 1.. are in {@link #more}.
         */
        private long sku0;
        private long held0;
        /** SKU {@code i >= 1}'s index and units held at {@code [2i - 2]} and {@code [2i - 1]}; null until needed. */
        private long[] more;
        /** Where each SKU sits, by SKU index; valid while {@link #indexed} (more than {@value #INDEX_FROM} SKUs). */
        private SkuPositions index;
        private boolean indexed;
        /** In the table (not in the pool). */
        boolean live;
        /** In the queue of emptied entries. */
        boolean emptied;

        void id(final byte[] bytes, final int length)
        {
            System.arraycopy(bytes, 0, id, 0, length);
            idLength = length;
            idWord0 = ByteSlice.word(bytes, 0, length);
            idWord1 = ByteSlice.word(bytes, 8, length);
        }

        boolean is(final byte[] bytes, final int length)
        {
            if (idLength != length)
            {
                return false;
            }
            if (length < 8)
            {
                return idWord0 == ByteSlice.word(bytes, 0, length);
            }
            if (length <= 16)
            {
                // As ByteSlice compares: the first word whole, bytes 8.. as the last word shifted down.
                return idWord0 == (long)LONG.get(bytes, 0) &&
                    idWord1 == (length == 8 ? 0 : (long)LONG.get(bytes, length - 8) >>> ((16 - length) << 3));
            }
            return Arrays.equals(id, 0, length, bytes, 0, length);
        }

        /** The id given as a {@link Reservation} keeps it: its length, first two words and, past sixteen bytes, all. */
        boolean is(final int length, final long word0, final long word1, final byte[] longId)
        {
            return idLength == length && idWord0 == word0 && idWord1 == word1 &&
                (length <= Reservation.INLINE_ID_BYTES || Arrays.equals(id, 0, length, longId, 0, length));
        }

        void id(final int length, final long word0, final long word1, final byte[] longId)
        {
            if (length > Reservation.INLINE_ID_BYTES)
            {
                System.arraycopy(longId, 0, id, 0, length);
            }
            else
            {
                LONG.set(id, 0, word0);
                LONG.set(id, 8, word1);
            }
            idLength = length;
            idWord0 = word0;
            idWord1 = word1;
        }

        boolean is(final ByteSlice slice)
        {
            return slice.contentEquals(idLength, idWord0, idWord1, id);
        }

        int find(final int sku)
        {
            if (skuCount == 0)
            {
                return -1;
            }
            if (sku0 == sku)
            {
                return 0;
            }
            if (indexed)
            {
                return index.get(sku);
            }
            for (int i = 1; i < skuCount; i++)
            {
                if (more[2 * i - 2] == sku)
                {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Lets go of arrays a customer of thousands of SKUs grew: the next customer to take this entry from the pool
         * would otherwise fill an index of that size when it first holds {@value #INDEX_FROM} SKUs (review).
         */
        private void shrinkForPool()
        {
            indexed = false;
            if (index != null && index.length() > POOLED_ARRAY_LIMIT)
            {
                index = null;
            }
            if (more != null && more.length > POOLED_ARRAY_LIMIT)
            {
                more = null;
            }
        }

        /**
         * A SKU taken at position {@code skuCount}, the entry's last: indexed once the entry holds more than
         * {@value #INDEX_FROM} SKUs (the index is made, or made larger, when it would be more than half full).
         */
        private void taken(final long sku, final long held)
        {
            final int at = skuCount++;
            set(at, sku, held);
            if (indexed && index.fits(skuCount))
            {
                index.put((int)sku, at);
            }
            else if (skuCount > INDEX_FROM)
            {
                reindex();
            }
        }

        /**
         * The SKU at {@code at} given up: the last one moves into its place. The index is left stale once the entry
         * is empty (it is made again when the entry next holds more than {@value #INDEX_FROM} SKUs).
         */
        private void givenUp(final int at)
        {
            final int last = skuCount - 1;
            if (indexed)
            {
                index.remove((int)skuAt(at));
                if (at != last)
                {
                    index.move((int)skuAt(last), at);
                }
            }
            set(at, skuAt(last), held(last));
            skuCount = last;
            if (last == 0)
            {
                indexed = false;
            }
        }

        /** Indexes every SKU held, in a table with room for them at most a quarter full. */
        private void reindex()
        {
            if (index == null)
            {
                index = new SkuPositions();
            }
            index.clear(skuCount);
            for (int at = 0; at < skuCount; at++)
            {
                index.put((int)skuAt(at), at);
            }
            indexed = true;
        }

        /** Whether the entry finds its SKUs by {@link SkuPositions} now (tests). */
        boolean indexed()
        {
            return indexed;
        }

        long held(final int at)
        {
            return at == 0 ? held0 : more[2 * at - 1];
        }

        private long skuAt(final int at)
        {
            return at == 0 ? sku0 : more[2 * at - 2];
        }

        private void set(final int at, final long sku, final long held)
        {
            if (at == 0)
            {
                sku0 = sku;
                held0 = held;
                return;
            }
            if (more == null || more.length < 2 * at)
            {
                more = more == null ? new long[8] : Arrays.copyOf(more, Math.max(2 * at, more.length * 2));
            }
            more[2 * at - 2] = sku;
            more[2 * at - 1] = held;
        }

        private void held(final int at, final long held)
        {
            if (at == 0)
            {
                held0 = held;
            }
            else
            {
                more[2 * at - 1] = held;
            }
        }

    }

    /**
     * Entries by customer hash, open addressing with linear probing, at most half full. Entries of ids with the same
     * hash sit in separate slots and are told apart by their bytes. A lookup reads a slot and the entry, instead of
     * a map's key array, value array and a chain.
     */
    private Entry[] table = new Entry[64];
    private int shift = Long.numberOfLeadingZeros(64 - 1);
    private int size;
    private final ArrayDeque<Entry> pool = new ArrayDeque<>();
    private final ArrayDeque<Entry> emptied = new ArrayDeque<>();
    /** The entry found last: a limit check and the hold that follows it name the same customer. */
    private Entry last;

    boolean isEmpty()
    {
        return size == 0;
    }

    /** Units of {@code sku} the customer (given by its id bytes and their hash) holds now. */
    long held(final ByteSlice customer, final long customerHash, final Sku sku)
    {
        if (size == 0)
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
        return at < 0 ? 0 : entry.held(at);
    }

    private Entry find(final ByteSlice customer, final long customerHash)
    {
        final Entry memo = last;
        if (memo != null && memo.live && memo.hash == customerHash && memo.is(customer))
        {
            return memo;
        }
        final Entry[] table = this.table;
        final int mask = table.length - 1;
        for (int i = home(customerHash); ; i = (i + 1) & mask)
        {
            final Entry e = table[i];
            if (e == null)
            {
                return null;
            }
            if (e.hash == customerHash && e.is(customer))
            {
                last = e;
                return e;
            }
        }
    }

    private int home(final long customerHash)
    {
        return (int)(customerHash >>> shift);
    }

    /** The slot holding the entry for these id bytes, or the empty slot where it would go (the table has room). */
    private int slot(final byte[] customer, final int customerLength, final long customerHash)
    {
        final int mask = table.length - 1;
        int i = home(customerHash);
        for (Entry e = table[i]; e != null; e = table[i])
        {
            if (e.hash == customerHash && e.is(customer, customerLength))
            {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    void add(final byte[] customer, final int customerLength, final long customerHash, final Sku sku, final long qty)
    {
        add(entry(customer, customerLength, customerHash), sku, qty);
    }

    /**
     * {@link #add} for every line of an order with open units ({@code qty − cancelled} per line), finding the
     * customer once.
     */
    void addLines(final Order order)
    {
        Entry entry = null;
        for (int i = 0; i < order.lineCount; i++)
        {
            final int open = order.qty(i) - order.cancelled(i);
            if (open > 0)
            {
                if (entry == null)
                {
                    entry = entry(order);
                }
                add(entry, order.sku(i), open);
            }
        }
    }

    /** {@link #remove(byte[], int, long, Sku, long)} for an order's customer. */
    void remove(final Order order, final Sku sku, final long qty)
    {
        remove(orderCustomer, order.copyText(Order.CUSTOMER, orderCustomer, 0), order.customerHash, sku, qty);
    }

    /** {@link #entry(byte[], int, long)} for an order's customer (its id copied out of the order's texts). */
    Entry entry(final Order order)
    {
        return entry(orderCustomer, order.copyText(Order.CUSTOMER, orderCustomer, 0), order.customerHash);
    }

    void remove(final byte[] customer, final int customerLength, final long customerHash, final Sku sku,
        final long qty)
    {
        final Entry e = table[slot(customer, customerLength, customerHash)];
        if (e != null)
        {
            remove(e, sku, qty);
            return;
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
        int at = slot(customer, customerLength, customerHash);
        final Entry found = table[at];
        if (found != null)
        {
            last = found;
            return found;
        }
        if (2 * (size + 1) > table.length)
        {
            grow();
            at = slot(customer, customerLength, customerHash);
        }
        final Entry entry = insert(at, customerHash);
        entry.id(customer, customerLength);
        return entry;
    }

    /** Customers in the ledger (those holding units, and the last emptied ones kept). */
    int size()
    {
        return size;
    }

    /** Pools entries and sizes the table for {@code customers} customers holding at once (see ReservationBook). */
    void preallocate(final int customers)
    {
        preallocate(customers, 1);
    }

    /**
     * {@link #preallocate(int)} with entries that have room for {@code skusEach} SKUs (a customer of an order of
     * three lines holds three): the array of the SKUs after the first is made now too, not when the entry is first
     * used (see {@link OrderBook#preallocate}).
     */
    void preallocate(final int customers, final int skusEach)
    {
        for (int missing = customers - size - pool.size(); missing > 0; missing--)
        {
            final Entry entry = new Entry();
            if (skusEach > 1)
            {
                entry.more = new long[Math.max(8, 2 * (skusEach - 1))];
            }
            pool.addLast(entry);
        }
        while (2L * customers > table.length && table.length < (1 << 30))
        {
            grow();
        }
    }

    /** A pooled (or new) entry, empty and live, in slot {@code at}; the caller sets its id. */
    private Entry insert(final int at, final long customerHash)
    {
        final Entry entry = pool.isEmpty() ? new Entry() : pool.pollFirst();
        entry.hash = customerHash;
        entry.skuCount = 0;
        entry.indexed = false;
        entry.live = true;
        table[at] = entry;
        size++;
        last = entry;
        return entry;
    }

    /**
     * {@link #entry(byte[], int, long)} for the customer of a hold, compared by the words it keeps instead of its
     * bytes: a hold does not copy its customer id into an array of its own.
     */
    Entry entry(final Reservation holder, final long customerHash)
    {
        final int length = holder.customerLength;
        final long word0 = holder.customerWord0;
        final long word1 = holder.customerWord1;
        final byte[] longId = holder.longCustomer();
        final Entry memo = last;
        if (memo != null && memo.live && memo.hash == customerHash && memo.is(length, word0, word1, longId))
        {
            return memo;
        }
        final int mask = table.length - 1;
        int at = home(customerHash);
        for (Entry e = table[at]; e != null; e = table[at])
        {
            if (e.hash == customerHash && e.is(length, word0, word1, longId))
            {
                last = e;
                return e;
            }
            at = (at + 1) & mask;
        }
        if (2 * (size + 1) > table.length)
        {
            grow();
            final int grownMask = table.length - 1;
            at = home(customerHash);
            while (table[at] != null)
            {
                at = (at + 1) & grownMask;
            }
        }
        final Entry entry = insert(at, customerHash);
        entry.id(length, word0, word1, longId);
        return entry;
    }

    void add(final Entry entry, final Sku sku, final long qty)
    {
        final int at = entry.find(sku.index);
        if (at < 0)
        {
            entry.taken(sku.index, qty);
        }
        else
        {
            entry.held(at, entry.held(at) + qty);
        }
    }

    void remove(final Entry entry, final Sku sku, final long qty)
    {
        final int at = entry.find(sku.index);
        if (!entry.live || at < 0 || entry.held(at) < qty)
        {
            throw new IllegalStateException("customer ledger out of step for " +
                new String(entry.id, 0, entry.idLength, java.nio.charset.StandardCharsets.US_ASCII));
        }
        final long left = entry.held(at) - qty;
        if (left == 0)
        {
            entry.givenUp(at);
        }
        else
        {
            entry.held(at, left);
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

    /** Takes an empty entry out of the table and back to the pool. */
    private void drop(final Entry entry)
    {
        final int mask = table.length - 1;
        int hole = home(entry.hash);
        while (table[hole] != entry)
        {
            hole = (hole + 1) & mask;
        }
        // Linear probing without tombstones: pull later entries of the run back over the hole when their home
        // slot is not between the hole and where they are, so every entry stays reachable from its home.
        for (int j = (hole + 1) & mask; table[j] != null; j = (j + 1) & mask)
        {
            if (((j - home(table[j].hash)) & mask) >= ((j - hole) & mask))
            {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = null;
        size--;
        entry.live = false;
        entry.shrinkForPool();
        if (last == entry)
        {
            last = null;
        }
        pool.addLast(entry);
    }

    private void grow()
    {
        final Entry[] old = table;
        table = new Entry[old.length * 2];
        shift--;
        final int mask = table.length - 1;
        for (final Entry e : old)
        {
            if (e != null)
            {
                int i = home(e.hash);
                while (table[i] != null)
                {
                    i = (i + 1) & mask;
                }
                table[i] = e;
            }
        }
    }
}
