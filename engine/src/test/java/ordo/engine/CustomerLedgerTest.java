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
