package ordo.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A cart hold: all its lines were granted together and are released together. Pooled: an instance is reused once
 * its retention after ending has passed (then its other fields are cold), so a hold keeps the usual case in its own
 * fields instead of in arrays of its own: a customer id of up to {@value #INLINE_ID_BYTES} bytes as two words and
 * the first line as a SKU and a quantity. Filling or reading such a hold touches one object, not four. Longer ids
 * and further lines go to arrays sized by the largest the instance has held.
 */
final class Reservation
{
    /** Customer ids up to this long are kept in {@link #customerWord0} and {@link #customerWord1} only. */
    static final int INLINE_ID_BYTES = 16;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final byte HELD = (byte)Codes.ReservationStatus.HELD.code();

    long id;
    /**
     * {@link Codes.ReservationStatus#code()}: a number, not the enum constant, for the reason the SKUs and the node
     * are indices (below) — the enum's constants are made when the class is first used, which may be the first hold
     * after start-up, and stay young for several collections.
     */
    private byte statusCode;
    long channelHash;
    int customerLength;
    /** Bytes 0..7 and 8..15 of the customer id as little-endian words, zero past its end ({@link ByteSlice#word}). */
    long customerWord0;
    long customerWord1;
    /** The whole customer id when it is longer than {@value #INLINE_ID_BYTES} bytes; otherwise not read. */
    private byte[] longCustomer;
    /** {@link ByteSlice#tableHash} of the customer id: the book's ledger key, not state (the state hash hashes
     *  the id bytes themselves when it is computed, not per reserve). */
    long customerKey;
    /**
     * The node the hold is against as its catalog index, or -1 for the network. Indices, not references, for the
     * node and the SKUs: a hold lives for minutes in the old generation, and the catalog's objects are made while the
     * server runs (a SKU defined before a sale is still young when the sale starts); a reference from an old object
     * to a young one keeps that object's card dirty until the young one is promoted, and every young collection
     * until then rescans every live hold — 60 to 210 ms a pause for 1 to 3 M holds, growing with them
     * (docs/BENCHMARKS.md, fourteenth round).
     */
    private int locationIndex = -1;
    long createdAt;
    long expiresAt;
    long endedAt;
    int lineCount;
    /** Line 0: its SKU's catalog index and its quantity. */
    private int sku0;
    private int qty0;
    /** Lines 1.. at {@code [line - 1]}, null until the instance holds a cart of more than one line. */
    private int[] moreSkus;
    private int[] moreQty;
    /** Where the indices above are resolved; null only in tests of the book's structures, which read no SKU. */
    private final Catalog catalog;
    /**
     * Links in the expiry queue while held (not state: rebuilt from expiresAt and id). The hold's lane is found by
     * its TTL ({@link ExpiryQueue#remove}), not kept here: lanes are made while the server runs, like SKUs (above).
     */
    Reservation expiryPrev;
    Reservation expiryNext;
    /**
     * {@code expiryNext.expiresAt} while there is a next: when this hold leaves the head of its lane, the lane learns
     * its new first expiry without reading the next hold (a line the release of that hold reads later anyway).
     */
    long expiryNextAt;
    /** The holder's customer-ledger entry while held: giving the units back needs no lookup. */
    CustomerLedger.Entry ledgerEntry;
    /**
     * The id of the order that converted the hold, 0 while it has not. Not state (neither hashed nor snapshotted):
     * the order names the hold and its timeline has the conversion, so a restore finds it again
     * ({@link ReservationBook#relinkConversions}).
     */
    long convertedBy;

    Reservation(final Catalog catalog)
    {
        this.catalog = catalog;
    }

    /** A hold whose SKUs and node are never read (tests of the table and the expiry queue). */
    Reservation()
    {
        this(null);
    }

    /** The node the hold is against, or null for the network. */
    Location location()
    {
        return locationIndex < 0 ? null : catalog.location(locationIndex);
    }

    /** Whether the hold is against the whole network (no node). */
    boolean isNetwork()
    {
        return locationIndex < 0;
    }

    void location(final Location location)
    {
        locationIndex = location == null ? -1 : location.index;
    }

    /** The node's catalog index, or -1 for the network. */
    int locationIndex()
    {
        return locationIndex;
    }

    /** Makes room for {@code count} lines (their contents are then set by {@link #line}). */
    void ensureLines(final int count)
    {
        final int more = count - 1;
        if (more > 0 && (moreSkus == null || moreSkus.length < more))
        {
            moreSkus = moreSkus == null ? new int[more] : Arrays.copyOf(moreSkus, more);
            moreQty = moreQty == null ? new int[more] : Arrays.copyOf(moreQty, more);
        }
    }

    void line(final int line, final Sku sku, final int qty)
    {
        if (line == 0)
        {
            sku0 = sku.index;
            qty0 = qty;
        }
        else
        {
            moreSkus[line - 1] = sku.index;
            moreQty[line - 1] = qty;
        }
    }

    Sku sku(final int line)
    {
        return catalog.sku(skuIndex(line));
    }

    /** The catalog index of line {@code line}'s SKU. */
    int skuIndex(final int line)
    {
        return line == 0 ? sku0 : moreSkus[line - 1];
    }

    int qty(final int line)
    {
        return line == 0 ? qty0 : moreQty[line - 1];
    }

    /** The customer id from a command (a valid id: 1..{@link Ids#MAX_LENGTH} bytes). */
    void customer(final ByteSlice customer)
    {
        final int length = customer.length();
        customerLength = length;
        customerWord0 = customer.word0();
        customerWord1 = customer.word1();
        if (length > INLINE_ID_BYTES)
        {
            customer.copyTo(longCustomerArray());
        }
    }

    /** The customer id from its bytes (a snapshot). */
    void customer(final byte[] bytes, final int length)
    {
        customerLength = length;
        customerWord0 = ByteSlice.word(bytes, 0, length);
        customerWord1 = ByteSlice.word(bytes, 8, length);
        if (length > INLINE_ID_BYTES)
        {
            System.arraycopy(bytes, 0, longCustomerArray(), 0, length);
        }
    }

    /** The whole id when longer than {@value #INLINE_ID_BYTES} bytes (compare with the words first), else unread. */
    byte[] longCustomer()
    {
        return longCustomer;
    }

    /**
     * Writes the customer id's bytes at {@code at}; returns the position after them. The array must have sixteen
     * bytes of room from {@code at} even for a shorter id: a short id is written as its two words, and whatever
     * follows it is written after.
     */
    int copyCustomer(final byte[] out, final int at)
    {
        final int length = customerLength;
        if (length > INLINE_ID_BYTES)
        {
            System.arraycopy(longCustomer, 0, out, at, length);
        }
        else
        {
            LONG.set(out, at, customerWord0);
            LONG.set(out, at + 8, customerWord1);
        }
        return at + length;
    }

    /**
     * Writes the customer id's {@link #customerLength} bytes to {@code out} without an array of its own: the shadow
     * snapshotter writes every live hold at every periodic snapshot, and a copy per hold was most of what the server
     * allocated between requests.
     */
    void writeCustomer(final java.io.DataOutput out) throws java.io.IOException
    {
        final int length = customerLength;
        if (length > INLINE_ID_BYTES)
        {
            out.write(longCustomer, 0, length);
            return;
        }
        for (int i = 0; i < length; i++)
        {
            out.writeByte((int)((i < 8 ? customerWord0 >>> (i << 3) : customerWord1 >>> ((i - 8) << 3)) & 0xFF));
        }
    }

    /**
     * {@link Hashing#hash(byte[])} of the customer id, from the two words for an inline id (they are the id's
     * little-endian words, zero past its end, which is what that hash combines), without copying it.
     */
    long customerHash()
    {
        final int length = customerLength;
        if (length > INLINE_ID_BYTES)
        {
            return Hashing.hash(longCustomer, 0, length);
        }
        return Hashing.hashInlineWords(length, customerWord0, customerWord1);
    }

    private byte[] longCustomerArray()
    {
        if (longCustomer == null)
        {
            longCustomer = new byte[Ids.MAX_LENGTH];
        }
        return longCustomer;
    }

    boolean isHeld()
    {
        return statusCode == HELD;
    }

    /** {@link Codes.ReservationStatus#code()} of the status, as kept (0 for an instance never held). */
    int statusCode()
    {
        return statusCode;
    }

    Codes.ReservationStatus status()
    {
        return Codes.ReservationStatus.fromCode(statusCode);
    }

    void status(final Codes.ReservationStatus status)
    {
        statusCode = (byte)status.code();
    }

    long hash()
    {
        long h = Hashing.combine(Hashing.SEED, id);
        h = Hashing.combine(h, statusCode);
        h = Hashing.combine(h, channelHash);
        h = Hashing.combine(h, customerHash());
        h = Hashing.combine(h, locationIndex);
        h = Hashing.combine(h, createdAt);
        h = Hashing.combine(h, expiresAt);
        h = Hashing.combine(h, endedAt);
        for (int i = 0; i < lineCount; i++)
        {
            h = Hashing.combine(h, skuIndex(i));
            h = Hashing.combine(h, qty(i));
        }
        return h;
    }
}
