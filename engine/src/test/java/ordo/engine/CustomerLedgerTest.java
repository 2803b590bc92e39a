package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Units per customer and SKU, told apart by the id bytes however the hashes collide. */
class CustomerLedgerTest
{
    private static final int CUSTOMERS = CustomerLedger.KEEP_EMPTY + 2_048;

    private final Sku sku = new Sku(0, "SKU-1".getBytes(StandardCharsets.US_ASCII), 1);

    @Test
    void customersWhoseHashesCollideKeepTheirOwnUnitsWhileEntriesComeAndGo()
    {
        final CustomerLedger ledger = new CustomerLedger();
        for (int round = 0; round < 3; round++)
        {
            for (int c = 0; c < CUSTOMERS; c++)
            {
                ledger.add(id(c), id(c).length, collidingHash(c), sku, 1 + c % 5);
            }
            for (int c = 0; c < CUSTOMERS; c++)
            {
                assertThat(ledger.held(slice(c), collidingHash(c), sku)).as("customer %d", c).isEqualTo(1 + c % 5);
                assertThat(ledger.held(slice(CUSTOMERS + c), collidingHash(c), sku)).isZero();
            }
            // Every other customer gives everything back: their entries empty, and most leave the table.
            for (int c = 0; c < CUSTOMERS; c += 2)
            {
                ledger.remove(id(c), id(c).length, collidingHash(c), sku, 1 + c % 5);
            }
            for (int c = 0; c < CUSTOMERS; c++)
            {
                assertThat(ledger.held(slice(c), collidingHash(c), sku)).as("customer %d", c)
                    .isEqualTo(c % 2 == 0 ? 0 : 1 + c % 5);
            }
            for (int c = 1; c < CUSTOMERS; c += 2)
            {
                ledger.remove(id(c), id(c).length, collidingHash(c), sku, 1 + c % 5);
            }
        }
    }

    /**
     * A ledger whose pooled entries were made ahead with room for SKUs ({@link CustomerLedger#preallocate(int, int)},
     * as the order book's is) answers as one that made them as needed, while customers hold several SKUs, empty, are
     * dropped past {@link CustomerLedger#KEEP_EMPTY} and their entries are reused by others with fewer or more SKUs.
     */
    @Test
    void entriesMadeAheadWithRoomForSkusAnswerAsEntriesMadeWhenNeeded()
    {
        final Sku[] skus = new Sku[7];
        for (int i = 0; i < skus.length; i++)
        {
            skus[i] = new Sku(i, ("SKU-" + i).getBytes(StandardCharsets.US_ASCII), i);
        }
        final CustomerLedger plain = new CustomerLedger();
        final CustomerLedger ahead = new CustomerLedger();
        ahead.preallocate(3_000, 3);
        final long[][] held = new long[CUSTOMERS][skus.length];
        final java.util.SplittableRandom random = new java.util.SplittableRandom(29);
        for (int step = 0; step < 120_000; step++)
        {
            final int c = random.nextInt(CUSTOMERS);
            final int k = random.nextInt(1 + c % skus.length);
            if (held[c][k] > 0 && random.nextInt(3) > 0)
            {
                final long qty = 1 + random.nextInt((int)held[c][k]);
                plain.remove(id(c), id(c).length, collidingHash(c), skus[k], qty);
                ahead.remove(id(c), id(c).length, collidingHash(c), skus[k], qty);
                held[c][k] -= qty;
            }
            else
            {
                final long qty = 1 + random.nextInt(4);
                plain.add(id(c), id(c).length, collidingHash(c), skus[k], qty);
                ahead.add(id(c), id(c).length, collidingHash(c), skus[k], qty);
                held[c][k] += qty;
            }
            if (step % 20_000 == 0)
            {
                // Everyone gives everything back now and then: entries empty, leave the table, go to the pools.
                for (int e = 0; e < CUSTOMERS; e++)
                {
                    for (int j = 0; j < skus.length; j++)
                    {
                        if (held[e][j] > 0)
                        {
                            plain.remove(id(e), id(e).length, collidingHash(e), skus[j], held[e][j]);
                            ahead.remove(id(e), id(e).length, collidingHash(e), skus[j], held[e][j]);
                            held[e][j] = 0;
                        }
                    }
                }
            }
        }
        for (int c = 0; c < CUSTOMERS; c++)
        {
            for (int k = 0; k < skus.length; k++)
            {
                assertThat(ahead.held(slice(c), collidingHash(c), skus[k])).as("customer %d, SKU %d", c, k)
                    .isEqualTo(held[c][k]).isEqualTo(plain.held(slice(c), collidingHash(c), skus[k]));
            }
        }
        assertThat(ahead.size()).isEqualTo(plain.size());
    }

    @Test
    void anIdHasTheSameTableHashFromACommandSliceAndFromTheBytesAHoldKeeps()
    {
        // Reserves look the ledger up by the slice's hash, holds and restores by the stored bytes' hash.
        final StringBuilder id = new StringBuilder();
        for (int length = 0; length <= Ids.MAX_LENGTH; length++)
        {
            final byte[] padded = ("###" + id).getBytes(StandardCharsets.US_ASCII);
            final byte[] stored =
                Arrays.copyOf(id.toString().getBytes(StandardCharsets.US_ASCII), Ids.MAX_LENGTH);
            final ByteSlice slice = new ByteSlice().wrap(new UnsafeBuffer(padded), 3, length);

            assertThat(slice.tableHash()).as("length %d", length).isEqualTo(ByteSlice.tableHash(stored, length));
            id.append((char)('a' + length % 26));
        }
    }

    /**
     * Business customers who order thousands of SKUs: each customer's SKUs are found by its entry's index once it
     * holds more than {@link CustomerLedger#INDEX_FROM}, and the index follows SKUs taken and given up in any order
     * (the last SKU moves into a given-up one's place), down to empty and up again, whatever the SKU indexes'
     * spacing: the ledger answers as a plain map does at every step.
     */
    @Test
    void customersHoldingThousandsOfSkusKeepEveryUnitWhileSkusComeAndGo()
    {
        final int skuCount = 3_000;
        final Sku[] skus = new Sku[skuCount];
        for (int i = 0; i < skuCount; i++)
        {
            // Indexes 0, 1, .. and multiples of 1 024: runs of equal low bits for the index's hash.
            final int index = i < skuCount / 2 ? i : skuCount / 2 + (i - skuCount / 2) * 1_024;
            skus[i] = new Sku(index, ("SKU-" + i).getBytes(StandardCharsets.US_ASCII), 1);
        }
        final int customers = 3;
        final CustomerLedger ledger = new CustomerLedger();
        final long[][] held = new long[customers][skuCount];
        final java.util.SplittableRandom random = new java.util.SplittableRandom(97);
        int indexedEmptied = 0;
        for (int round = 0; round < 4; round++)
        {
            // Up: each customer takes a random share of the SKUs (round 0: all of them), a unit or more each.
            for (int step = 0; step < 2 * skuCount; step++)
            {
                final int c = random.nextInt(customers);
                final int k = round == 0 ? step % skuCount : random.nextInt(skuCount);
                final long qty = 1 + random.nextInt(3);
                ledger.add(id(c), id(c).length, collidingHash(c), skus[k], qty);
                held[c][k] += qty;
            }
            checkAgainst(ledger, held, skus);
            // Down: SKUs given up in random order, some in part, every customer's down to nothing in odd rounds.
            for (int c = 0; c < customers; c++)
            {
                final boolean all = round % 2 == 1;
                for (int k : shuffled(skuCount, random))
                {
                    if (held[c][k] > 0 && (all || random.nextInt(3) == 0))
                    {
                        final long qty = all || random.nextBoolean() ? held[c][k] : 1;
                        ledger.remove(id(c), id(c).length, collidingHash(c), skus[k], qty);
                        held[c][k] -= qty;
                        if (k % 97 == 0)
                        {
                            checkAgainst(ledger, held, skus);
                        }
                    }
                }
                if (all)
                {
                    indexedEmptied++;
                }
            }
            checkAgainst(ledger, held, skus);
        }
        assertThat(indexedEmptied).isEqualTo(2 * customers);
    }

    @Test
    void anEntryIsIndexedPastEightSkusAndNoLongerOnceEmpty()
    {
        final CustomerLedger ledger = new CustomerLedger();
        final Sku[] skus = new Sku[CustomerLedger.INDEX_FROM + 1];
        for (int i = 0; i < skus.length; i++)
        {
            skus[i] = new Sku(i, ("SKU-" + i).getBytes(StandardCharsets.US_ASCII), i);
        }
        for (int i = 0; i < CustomerLedger.INDEX_FROM; i++)
        {
            ledger.add(id(1), id(1).length, collidingHash(1), skus[i], 1);
        }
        final CustomerLedger.Entry entry = ledger.entry(id(1), id(1).length, collidingHash(1));
        assertThat(entry.indexed()).as("eight SKUs: read one by one").isFalse();

        ledger.add(id(1), id(1).length, collidingHash(1), skus[CustomerLedger.INDEX_FROM], 1);
        assertThat(entry.indexed()).as("nine").isTrue();
        for (final Sku sku : skus)
        {
            assertThat(ledger.held(slice(1), collidingHash(1), sku)).isEqualTo(1);
        }

        for (final Sku sku : skus)
        {
            ledger.remove(id(1), id(1).length, collidingHash(1), sku, 1);
        }
        assertThat(entry.indexed()).as("empty").isFalse();
    }

    private static void checkAgainst(final CustomerLedger ledger, final long[][] held, final Sku[] skus)
    {
        for (int c = 0; c < held.length; c++)
        {
            for (int k = 0; k < skus.length; k++)
            {
                assertThat(ledger.held(slice(c), collidingHash(c), skus[k])).as("customer %d, SKU %d", c, k)
                    .isEqualTo(held[c][k]);
            }
        }
    }

    private static int[] shuffled(final int n, final java.util.SplittableRandom random)
    {
        final int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A handful of distinct hashes, most sharing their top bits: long probe runs and equal hashes. */
    private static long collidingHash(final int customer)
    {
        return ((long)(customer % 11) << 60) | (customer % 3);
    }

    /** Ids shorter than a word, between one and two words, and longer than two words. */
    private static byte[] id(final int customer)
    {
        final String id = switch (customer % 3)
        {
            case 0 -> "c" + customer;
            case 1 -> "customer-" + customer;
            default -> "a-customer-id-longer-than-sixteen-bytes-" + customer;
        };
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteSlice slice(final int customer)
    {
        final byte[] bytes = id(customer);
        return new ByteSlice().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
    }
}
