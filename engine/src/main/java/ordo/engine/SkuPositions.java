package ordo.engine;

import java.util.Arrays;

/**
 * Where each of a customer's SKUs sits in its {@link CustomerLedger} entry: SKU index → position, open addressing
 * with linear probing, at most half full, no tombstones. A business customer orders thousands of SKUs over time and
 * every line of its orders looks its SKU up; read one by one, a 100-line order of a customer with 10 000 SKUs
 * compared half a million of them. Fibonacci-hashed: the product's top bits, so SKU indexes a power of two apart
 * spread too (the bits below them clustered into probe runs of 31–62; found in review). Every probe is bounded by
 * the table's length. Owned by the engine thread.
 */
final class SkuPositions
{
    private static final int EMPTY = -1;
    private static final long FIBONACCI = 0x9E3779B97F4A7C15L;
    private static final int SMALLEST = 16;

    private int[] skus = new int[0];
    private int[] positions = new int[0];
    /** 64 − log2(length): {@link #home} keeps the product's top bits. */
    private int shift = 64;

    /** Empty, with room for {@code count} SKUs at most half full (its arrays kept when they are large enough). */
    void clear(final int count)
    {
        int length = SMALLEST;
        while (length < 4 * count)
        {
            length <<= 1;
        }
        if (skus.length < length)
        {
            skus = new int[length];
            positions = new int[length];
        }
        Arrays.fill(skus, EMPTY);
        shift = 64 - Integer.numberOfTrailingZeros(skus.length);
    }

    /** Slots in the table (0 before the first {@link #clear}). */
    int length()
    {
        return skus.length;
    }

    /** Whether {@code count} SKUs fit at most half full. */
    boolean fits(final int count)
    {
        return 2 * count <= skus.length;
    }

    /** The SKU's position, or -1 when it is not here. */
    int get(final int sku)
    {
        final int mask = skus.length - 1;
        int i = home(sku, shift);
        for (int probes = 0; probes < skus.length; probes++, i = (i + 1) & mask)
        {
            if (skus[i] == sku)
            {
                return positions[i];
            }
            if (skus[i] == EMPTY)
            {
                return -1;
            }
        }
        return -1;
    }

    /** Adds a SKU that is not here (the caller keeps the table at most half full: {@link #fits}). */
    void put(final int sku, final int position)
    {
        final int mask = skus.length - 1;
        int i = home(sku, shift);
        for (int probes = 0; skus[i] != EMPTY; probes++, i = (i + 1) & mask)
        {
            if (probes == skus.length)
            {
                throw new IllegalStateException("SKU positions full at " + skus.length);
            }
        }
        skus[i] = sku;
        positions[i] = position;
    }

    /** A SKU here moved to {@code position}. */
    void move(final int sku, final int position)
    {
        positions[slotOf(sku)] = position;
    }

    /** Takes a SKU here out, pulling later slots of its run back over the hole so every SKU stays reachable. */
    void remove(final int sku)
    {
        final int mask = skus.length - 1;
        int hole = slotOf(sku);
        for (int j = (hole + 1) & mask; skus[j] != EMPTY; j = (j + 1) & mask)
        {
            if (((j - home(skus[j], shift)) & mask) >= ((j - hole) & mask))
            {
                skus[hole] = skus[j];
                positions[hole] = positions[j];
                hole = j;
            }
        }
        skus[hole] = EMPTY;
    }

    /** The home slot of {@code sku} in a table of {@code 1 << (64 - shift)} slots. */
    static int home(final long sku, final int shift)
    {
        return (int)((sku * FIBONACCI) >>> shift);
    }

    private int slotOf(final int sku)
    {
        final int mask = skus.length - 1;
        int i = home(sku, shift);
        for (int probes = 0; skus[i] != sku; probes++, i = (i + 1) & mask)
        {
            if (probes == skus.length || skus[i] == EMPTY)
            {
                throw new IllegalStateException("SKU " + sku + " has no position");
            }
        }
        return i;
    }
}
