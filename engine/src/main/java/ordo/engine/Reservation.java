package ordo.engine;

import java.util.Arrays;

/**
 * A cart hold: all its lines were granted together and are released together. Pooled: an instance is reused once
 * its retention after ending has passed, so its line arrays are sized by the largest cart it ever held.
 */
final class Reservation
{
    long id;
    Codes.ReservationStatus status;
    long channelHash;
    final byte[] customer = new byte[Ids.MAX_LENGTH];
    int customerLength;
    /** {@link ByteSlice#tableHash} of the customer id: the book's ledger key, not state (the state hash hashes
     *  the id bytes themselves when it is computed, not per reserve). */
    long customerKey;
    /** The node the hold is against, or null for the network. */
    Location location;
    long createdAt;
    long expiresAt;
    long endedAt;
    int lineCount;
    Sku[] skus = new Sku[2];
    int[] qty = new int[2];
    /** Links in the expiry queue while held (not state: rebuilt from expiresAt and id). */
    ExpiryQueue.Lane lane;
    Reservation expiryPrev;
    Reservation expiryNext;
    /** The holder's customer-ledger entry while held: giving the units back needs no lookup. */
    CustomerLedger.Entry ledgerEntry;

    void ensureLines(final int count)
    {
        if (skus.length < count)
        {
            skus = Arrays.copyOf(skus, count);
            qty = Arrays.copyOf(qty, count);
        }
    }

    boolean isHeld()
    {
        return status == Codes.ReservationStatus.HELD;
    }

    long hash()
    {
        long h = Hashing.combine(Hashing.SEED, id);
        h = Hashing.combine(h, status.code());
        h = Hashing.combine(h, channelHash);
        h = Hashing.combine(h, Hashing.hash(customer, 0, customerLength));
        h = Hashing.combine(h, location == null ? -1 : location.index);
        h = Hashing.combine(h, createdAt);
        h = Hashing.combine(h, expiresAt);
        h = Hashing.combine(h, endedAt);
        for (int i = 0; i < lineCount; i++)
        {
            h = Hashing.combine(h, skus[i].index);
            h = Hashing.combine(h, qty[i]);
        }
        return h;
    }
}
