package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The per-entry index under churn, against a map: entries hovering around {@link CustomerLedger#INDEX_FROM}, SKUs
 * whose homes are the index's last slots (so runs wrap around, and removals must pull them back across the end),
 * and indexed entries emptied into the pool and reused by other customers (from review).
 */
class CustomerLedgerIndexChurnTest
{
    /** The home slot of {@code sku} in an index of 64 slots, as {@link SkuPositions} hashes it. */
    private static int homeIn64(final long sku)
    {
        return SkuPositions.home(sku, 64 - 6);
    }

    private static void churn(final Sku[] skus, final long seed, final int customers, final int steps)
    {
        final CustomerLedger ledger = new CustomerLedger();
        final long[][] held = new long[customers][skus.length];
        final int[] count = new int[customers];
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int step = 0; step < steps; step++)
        {
            final int c = random.nextInt(customers);
            final int k = random.nextInt(skus.length);
            // Bias toward 6..14 SKUs held: crosses INDEX_FROM both ways many times.
            final boolean add = held[c][k] == 0 ? count[c] < 6 || random.nextInt(count[c]) < 10 : random.nextInt(4) == 0;
            if (add)
            {
                final long qty = 1 + random.nextInt(3);
                if (held[c][k] == 0)
                {
                    count[c]++;
                }
                ledger.add(id(c), id(c).length, c * 0x9E3779B97F4A7C15L, skus[k], qty);
                held[c][k] += qty;
            }
            else if (held[c][k] > 0)
            {
                final long qty = random.nextBoolean() ? held[c][k] : 1;
                ledger.remove(id(c), id(c).length, c * 0x9E3779B97F4A7C15L, skus[k], qty);
                held[c][k] -= qty;
                if (held[c][k] == 0)
                {
                    count[c]--;
                }
            }
            for (int j = 0; j < skus.length; j++)
            {
                assertThat(ledger.held(slice(c), c * 0x9E3779B97F4A7C15L, skus[j]))
                    .as("step %d customer %d sku %d", step, c, j).isEqualTo(held[c][j]);
            }
        }
    }

    @Test
    void skusHoveringAroundTheIndexThresholdAreFoundAsAMapFindsThem()
    {
        final Sku[] skus = new Sku[30];
        for (int i = 0; i < skus.length; i++)
        {
            skus[i] = new Sku(i, ("SKU-" + i).getBytes(StandardCharsets.US_ASCII), i);
        }
        churn(skus, 7, 50, 400_000);
    }

    @Test
    void skusWhoseHomesAreTheIndexsLastSlotsWrapAround()
    {
        // Index lengths 64 and 128 (9..32 SKUs): homes in the last 3 slots of 64, so in 122..127 of 128.
        final List<Sku> list = new ArrayList<>();
        for (int s = 0; list.size() < 40; s++)
        {
            if (homeIn64(s) >= 61)
            {
                list.add(new Sku(s, ("SKU-" + s).getBytes(StandardCharsets.US_ASCII), s));
            }
        }
        churn(list.toArray(new Sku[0]), 11, 20, 300_000);
    }

    @Test
    void indexedEntriesDroppedToThePoolAndReusedAnswerForTheirNewCustomer()
    {
        final Sku[] skus = new Sku[40];
        for (int i = 0; i < skus.length; i++)
        {
            skus[i] = new Sku(i, ("SKU-" + i).getBytes(StandardCharsets.US_ASCII), i);
        }
        final CustomerLedger ledger = new CustomerLedger();
        final int n = CustomerLedger.KEEP_EMPTY + 2_000;
        for (int round = 0; round < 3; round++)
        {
            final int base = round * n;
            final int take = round == 1 ? 5 : 12 + round;
            for (int c = base; c < base + n; c++)
            {
                for (int k = 0; k < take; k++)
                {
                    ledger.add(id(c), id(c).length, c * 31L, skus[(c + k * 7) % skus.length], 1);
                }
            }
            for (int c = base; c < base + n; c++)
            {
                for (int j = 0; j < skus.length; j++)
                {
                    boolean has = false;
                    for (int k = 0; k < take; k++)
                    {
                        has |= (c + k * 7) % skus.length == j;
                    }
                    assertThat(ledger.held(slice(c), c * 31L, skus[j])).as("round %d c %d sku %d", round, c, j)
                        .isEqualTo(has ? 1 : 0);
                }
            }
            for (int c = base; c < base + n; c++)
            {
                for (int k = take - 1; k >= 0; k--)
                {
                    ledger.remove(id(c), id(c).length, c * 31L, skus[(c + k * 7) % skus.length], 1);
                }
            }
        }
    }

    private static byte[] id(final int customer)
    {
        return ("c" + customer).getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteSlice slice(final int customer)
    {
        final byte[] bytes = id(customer);
        return new ByteSlice().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
    }
}
