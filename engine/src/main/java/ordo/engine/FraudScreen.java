package ordo.engine;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayQueue;
import org.agrona.collections.LongHashSet;

/**
 * Screens every new order against the {@link FraudRules} on the engine thread, deterministically: the score is a
 * function of the order, the rules and the orders placed before it in engine time. Velocity windows are exact and
 * sliding: an order placed at {@code t} counts the earlier orders with the same key placed after
 * {@code t − window} (one placed exactly at {@code t − window} has left the window).
 *
 * <p>Keys are 64-bit hashes of the normalised value (customer id; email lower-cased without a {@code +tag}, and
 * Gmail's dots: {@link #canonicalEmail}; IP; ship-to line 1 + postal code + country; payment fingerprint), and so are
 * the known customers. A crafted collision could only make two buyers share a count, or a new customer pass as a
 * known one to the new-customer rule (docs/PAYMENTS.md says so) — never read or change anyone's orders — so hashes
 * suffice here, unlike per-customer stock limits. Owned by the engine thread.
 */
final class FraudScreen
{
    private static final long MINUTE_MILLIS = 60_000L;
    /** The largest window {@link #preallocate} makes room for: ten queues of 8 MiB each at most. */
    static final int MAX_PREALLOCATED_WINDOW = 1 << 20;

    private FraudRules rules = FraudRules.DEFAULT;
    /** Per velocity kind: placement times and keys in placement order, and live counts per key. */
    private final LongArrayQueue[] times = new LongArrayQueue[FraudRules.VELOCITY_KINDS];
    private final LongArrayQueue[] keys = new LongArrayQueue[FraudRules.VELOCITY_KINDS];
    private final Long2LongHashMap[] counts = new Long2LongHashMap[FraudRules.VELOCITY_KINDS];
    /** Customers who have placed an order before (derived from the orders). */
    private LongHashSet knownCustomers = new LongHashSet();
    private final long[] orderKeys = new long[FraudRules.VELOCITY_KINDS];
    /** Folded text is hashed from here, so screening an order allocates nothing (grows to the longest field). */
    private byte[] scratch = new byte[64];
    /** Points at the order text being screened (one at a time). */
    private final ByteSlice text = new ByteSlice();
    /** Spells client IPs canonically without allocating. */
    private final IpText.Writer ip = new IpText.Writer();

    FraudScreen()
    {
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            times[k] = new LongArrayQueue(256, Long.MIN_VALUE);
            keys[k] = new LongArrayQueue(256, Long.MIN_VALUE);
            counts[k] = new Long2LongHashMap(0);
        }
    }

    /**
     * Room in every velocity window for {@code orders} placements (at most {@link #MAX_PREALLOCATED_WINDOW}), so that
     * a window growing to that size copies no array on the command path: each window is a queue of times and one of
     * keys, and doubling them as orders arrived was a sixth of what placing an order allocated. Each window's counts
     * per key and the set of known customers are sized for as many keys, so they are not rehashed into new arrays
     * either (the arrays are state: a young collection would copy them). Changes no state.
     */
    void preallocate(final int orders)
    {
        final int capacity = Math.min(orders, MAX_PREALLOCATED_WINDOW);
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            windowWithRoomFor(k, capacity);
        }
        if (!Hashing.tableHolds(knownCustomers.capacity(), capacity))
        {
            final LongHashSet larger = new LongHashSet(Hashing.tableCapacity(capacity));
            larger.addAll(knownCustomers);
            knownCustomers = larger;
        }
    }

    /**
     * Room in velocity window {@code k} for {@code entries} more placements before its queues or its counts grow: a
     * restore, which knows how many it is about to add (each table grown by doubling copied every entry again, a
     * tenth of a large snapshot's restore with the other tables so grown).
     */
    void roomForWindow(final int k, final int entries)
    {
        windowWithRoomFor(k, (int)Math.min(Integer.MAX_VALUE - 8, (long)times[k].size() + entries));
    }

    /** Window {@code k}'s queues and counts, each with room for {@code capacity} placements. */
    private void windowWithRoomFor(final int k, final int capacity)
    {
        times[k] = withRoomFor(times[k], capacity);
        keys[k] = withRoomFor(keys[k], capacity);
        counts[k] = Hashing.withRoomFor(counts[k], capacity);
    }

    /** {@code queue}, or a copy of it (same contents, same order) with room for {@code capacity} values. */
    private static LongArrayQueue withRoomFor(final LongArrayQueue queue, final int capacity)
    {
        if (queue.capacity() >= capacity)
        {
            return queue;
        }
        final LongArrayQueue larger = new LongArrayQueue(capacity, Long.MIN_VALUE);
        for (int i = 0, n = queue.size(); i < n; i++)
        {
            larger.addLong(queue.pollLong());
        }
        return larger;
    }

    FraudRules rules()
    {
        return rules;
    }

    void rules(final FraudRules rules)
    {
        this.rules = rules;
    }

    /** Scores a newly placed order (its lines and shortfall settled) and records it in the velocity windows. */
    void screen(final Order o, final long totalMinor, final long now)
    {
        o.fraudReasonCount = 0;
        o.fraudScore = 0;
        for (int b = rules.bandOverMinor.length - 1; b >= 0; b--)
        {
            if (totalMinor > rules.bandOverMinor[b])
            {
                hit(o, Codes.FraudReason.AMOUNT, rules.bandPoints[b]);
                break;
            }
        }
        keysOf(o);
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            // Every window ages with every order, whether or not this order has a key of its kind: aged only by
            // orders that did, a flood of client IPs followed by orders without one (a marketplace's) stayed in the
            // IP window, its snapshots and its state hash for good (found in review; rules version 4).
            expire(k, now);
            if (orderKeys[k] == 0)
            {
                continue;
            }
            // One probe: the count with this order in it (absent keys count 0).
            final long earlier = counts[k].merge(orderKeys[k], 1, FraudScreen::plus) - 1;
            if (rules.maxOrders[k] > 0 && earlier + 1 > rules.maxOrders[k])
            {
                hit(o, Codes.FraudReason.fromCode(Codes.FraudReason.VELOCITY_CUSTOMER.code() + k),
                    rules.velocityPoints[k]);
            }
            times[k].addLong(now);
            keys[k].addLong(orderKeys[k]);
        }
        if (o.billingCountry.length > 0 && o.shipCountry.length > 0 &&
            !java.util.Arrays.equals(o.billingCountry, o.shipCountry))
        {
            hit(o, Codes.FraudReason.COUNTRY_MISMATCH, rules.countryMismatchPoints);
        }
        screenBlocklists(o);
        if (rules.maxUnitsPerSku > 0)
        {
            for (int i = 0; i < o.lineCount; i++)
            {
                if (o.qty(i) > rules.maxUnitsPerSku)
                {
                    hit(o, Codes.FraudReason.SKU_QUANTITY, rules.skuQuantityPoints);
                    break;
                }
            }
        }
        final boolean fast = o.serviceLevel == Codes.ServiceLevel.EXPRESS || o.serviceLevel == Codes.ServiceLevel.SAME_DAY;
        if (rules.newCustomerOverMinor > 0 && fast && totalMinor > rules.newCustomerOverMinor &&
            !knownCustomers.contains(o.customerHash))
        {
            hit(o, Codes.FraudReason.NEW_CUSTOMER_FAST_HIGH_VALUE, rules.newCustomerPoints);
        }
        o.fraudDecision = o.fraudScore >= rules.rejectAt ? Codes.FraudDecision.REJECTED :
            o.fraudScore >= rules.reviewAt ? Codes.FraudDecision.REVIEW : Codes.FraudDecision.PASSED;
        // Known once an order of theirs passes (or is approved in review: knownCustomer). Every screened order made
        // the customer known, so a rejected order's retry scored as a returning customer's: 100 points, then 70
        // (found in review; rules version 4).
        if (o.fraudDecision == Codes.FraudDecision.PASSED)
        {
            knownCustomers.add(o.customerHash);
        }
    }

    /**
     * An empty list blocks nothing, so its key is not folded and hashed at all (the usual rules list few or no
     * emails, domains, postal codes or addresses).
     */
    private void screenBlocklists(final Order o)
    {
        if (o.textLength(Order.EMAIL) > 0 && !(rules.emailHashes.isEmpty() && rules.domainHashes.isEmpty()))
        {
            final int length = lowerAsciiInto(o.text(Order.EMAIL, text));
            final byte[] email = scratch;
            // The domain as written (a blocked googlemail.com is not gmail.com), then the address as the screen keys it.
            final int at = lastAt(email, length);
            final boolean blockedDomain = at >= 0 && rules.domainHashes.contains(Hashing.hash(email, at + 1,
                length - at - 1));
            if (rules.emailHashes.contains(Hashing.hash(email, 0, canonicalEmail(email, length))))
            {
                hit(o, Codes.FraudReason.BLOCKED_EMAIL, rules.blockedPoints);
            }
            if (blockedDomain)
            {
                hit(o, Codes.FraudReason.BLOCKED_EMAIL_DOMAIN, rules.blockedPoints);
            }
        }
        if (o.textLength(Order.POSTAL_CODE) > 0 && !rules.postalHashes.isEmpty() &&
            rules.postalHashes.contains(postalHash(o.text(Order.POSTAL_CODE, text))))
        {
            hit(o, Codes.FraudReason.BLOCKED_POSTAL_CODE, rules.blockedPoints);
        }
        if (o.textLength(Order.CLIENT_IP) > 0 && !rules.ipHashes.isEmpty() &&
            rules.ipHashes.contains(ipHash(o)))
        {
            hit(o, Codes.FraudReason.BLOCKED_IP, rules.blockedPoints);
        }
    }

    private static long plus(final long a, final long b)
    {
        return a + b;
    }

    private static void hit(final Order o, final Codes.FraudReason reason, final int points)
    {
        if (points <= 0)
        {
            return;
        }
        o.addFraudReason(reason, points);
    }

    /** Drops placements that have left kind {@code k}'s window as seen at {@code now}. */
    private void expire(final int k, final long now)
    {
        final long oldestKept = now - rules.windowMinutes[k] * MINUTE_MILLIS;
        while (!times[k].isEmpty() && times[k].peekLong() <= oldestKept)
        {
            times[k].pollLong();
            final long key = keys[k].pollLong();
            final long left = counts[k].get(key) - 1;
            if (left <= 0)
            {
                counts[k].remove(key);
            }
            else
            {
                counts[k].put(key, left);
            }
        }
    }

    private void keysOf(final Order o)
    {
        orderKeys[0] = o.customerHash;
        // One slice for every text: each is hashed before the next is pointed at.
        orderKeys[1] = o.textLength(Order.EMAIL) == 0 ? 0 : emailHash(o.text(Order.EMAIL, text));
        orderKeys[2] = o.textLength(Order.CLIENT_IP) == 0 ? 0 : ipHash(o);
        orderKeys[3] = o.textLength(Order.LINE1) == 0 ? 0 : Hashing.combine(Hashing.combine(
            addressHash(o.text(Order.LINE1, text)), postalHash(o.text(Order.POSTAL_CODE, text))),
            Hashing.hash(o.shipCountry));
        orderKeys[4] = o.textLength(Order.PAYMENT_FINGERPRINT) == 0 ? 0 : o.textHash(Order.PAYMENT_FINGERPRINT);
        for (int k = 1; k < FraudRules.VELOCITY_KINDS; k++)
        {
            if (orderKeys[k] == 0 && present(o, k))
            {
                orderKeys[k] = 1;
            }
        }
        // 0 means "no key" and Long.MIN_VALUE is the window queue's null: neither may be a key. A hash is an
        // invertible mix, so a crafted email could otherwise hash to the null and stop the engine (found in review).
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            if (orderKeys[k] == Long.MIN_VALUE)
            {
                orderKeys[k] = Long.MIN_VALUE + 1;
            }
        }
        if (orderKeys[0] == 0)
        {
            orderKeys[0] = 1;
        }
    }

    /** The hash of the order's client IP as {@link IpText#canonical} spells it. */
    private long ipHash(final Order o)
    {
        final int length = ip.canonical(o.text(Order.CLIENT_IP, text));
        return Hashing.hash(ip.bytes(), 0, length);
    }

    private static boolean present(final Order o, final int k)
    {
        return switch (k)
        {
            case 1 -> o.textLength(Order.EMAIL) > 0;
            case 2 -> o.textLength(Order.CLIENT_IP) > 0;
            case 3 -> o.textLength(Order.LINE1) > 0;
            default -> o.textLength(Order.PAYMENT_FINGERPRINT) > 0;
        };
    }

    /** The hash of an email as the screen keys it ({@link #canonicalEmail}), folded in the scratch buffer. */
    private long emailHash(final ByteSlice bytes)
    {
        // Two statements on purpose: lowerAsciiInto may replace the scratch array, and hash(scratch, …,
        // lowerAsciiInto(b)) would read the field before the call — the old, shorter array (found in review: an email
        // or street over 64 bytes threw on the engine thread).
        final int length = lowerAsciiInto(bytes);
        return Hashing.hash(scratch, 0, canonicalEmail(scratch, length));
    }

    private static final byte[] GMAIL = "gmail.com".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] GOOGLEMAIL = "googlemail.com".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * An email, already ASCII lower-cased, as the screen keys its velocity and compares it with the blocked emails,
     * rewritten in place; answers its length. A {@code +tag} ending the local part is left out ("ann+shop@x.com" is
     * "ann@x.com": plus addressing, which Gmail, Outlook, iCloud and most providers deliver to the one mailbox), and
     * at gmail.com and googlemail.com the local part's dots too, the domain as gmail.com (Gmail ignores dots). A new
     * tag per order evaded an email velocity limit and a blocked address (rules version 7). A {@code +} that starts the
     * local part is kept (the tag is from the first {@code +} after it: "+a+b@x" is "+a@x"); a local part of only dots
     * and a text without {@code @} stay as they are.
     */
    static int canonicalEmail(final byte[] email, final int length)
    {
        final int at = lastAt(email, length);
        if (at <= 0)
        {
            return length;
        }
        int localEnd = at;
        for (int i = 1; i < at; i++)
        {
            if (email[i] == '+')
            {
                localEnd = i;
                break;
            }
        }
        final boolean gmail = isDomain(email, at + 1, length, GMAIL) || isDomain(email, at + 1, length, GOOGLEMAIL);
        int w = 0;
        for (int i = 0; i < localEnd; i++)
        {
            if (!gmail || email[i] != '.')
            {
                email[w++] = email[i]; // w ≤ i: an in-place copy forward
            }
        }
        if (w == 0)
        {
            return length;
        }
        if (gmail)
        {
            email[w++] = '@';
            System.arraycopy(GMAIL, 0, email, w, GMAIL.length); // w + 10 ≤ at + 1 + GMAIL.length ≤ length
            return w + GMAIL.length;
        }
        System.arraycopy(email, at, email, w, length - at);
        return w + length - at;
    }

    private static int lastAt(final byte[] email, final int length)
    {
        for (int i = length - 1; i >= 0; i--)
        {
            if (email[i] == '@')
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDomain(final byte[] email, final int from, final int to, final byte[] domain)
    {
        return to - from == domain.length && java.util.Arrays.equals(email, from, to, domain, 0, domain.length);
    }

    /** ASCII letters only: Unicode case tables change between JDKs, and replay must decide as the live engine did. */
    static byte[] lowerAscii(final byte[] bytes)
    {
        final byte[] lower = bytes.clone();
        for (int i = 0; i < lower.length; i++)
        {
            if (lower[i] >= 'A' && lower[i] <= 'Z')
            {
                lower[i] += 'a' - 'A';
            }
        }
        return lower;
    }

    /** {@link #lowerAscii} into the scratch buffer; returns the length. */
    private int lowerAsciiInto(final ByteSlice bytes)
    {
        final int length = bytes.length();
        if (scratch.length < length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        bytes.copyTo(scratch);
        for (int i = 0; i < length; i++)
        {
            final byte b = scratch[i];
            if (b >= 'A' && b <= 'Z')
            {
                scratch[i] = (byte)(b + ('a' - 'A'));
            }
        }
        return length;
    }

    /** The hash of {@link #postal}, folded in the scratch buffer. */
    private long postalHash(final ByteSlice bytes)
    {
        // Two statements: the fold may replace the scratch array (see emailHash).
        final int length = foldIntoScratch(bytes, false);
        return Hashing.hash(scratch, 0, length);
    }

    /**
     * The hash of a street line with ASCII letters lower-cased, every run of spaces (no-break ones too) one space,
     * none at either end, and invisible characters left out: "1  Bishan St 11 " and "1 bishan st 11" are one address
     * for the velocity rule (a doubled, trailing or no-break space made a new key; found in review; rules version 4;
     * every {@link Invisible} character since rules version 11, zero-width ones only before).
     * A line written with single spaces hashes as before.
     */
    private long addressHash(final ByteSlice bytes)
    {
        final int length = foldIntoScratch(bytes, true);
        return Hashing.hash(scratch, 0, length);
    }

    /** {@link #foldStreet} or {@link #foldPostal} of the slice into the scratch buffer; returns the length. */
    private int foldIntoScratch(final ByteSlice bytes, final boolean street)
    {
        final int length = bytes.length();
        if (scratch.length < length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        bytes.copyTo(scratch);
        return street ? foldStreet(scratch, length) : foldPostal(scratch, length);
    }

    /**
     * Postal codes compare upper-cased without spaces or invisible characters ({@link Invisible}: "s 238801" =
     * "S238801" = "S238\u00A0801" = "S238\u3164801"; rules version 11 — only zero-width ones before).
     */
    static byte[] postal(final byte[] bytes)
    {
        final byte[] out = bytes.clone();
        return java.util.Arrays.copyOf(out, foldPostal(out, out.length));
    }

    /** Folds UTF-8 text in place: ASCII letters upper-cased, spaces and invisible characters left out. */
    static int foldPostal(final byte[] bytes, final int length)
    {
        int n = 0;
        int i = 0;
        while (i < length)
        {
            final int blank = Math.max(spaceAt(bytes, i, length), Invisible.at(bytes, i, length));
            if (blank > 0)
            {
                i += blank;
                continue;
            }
            final byte b = bytes[i++];
            bytes[n++] = b >= 'a' && b <= 'z' ? (byte)(b - ('a' - 'A')) : b;
        }
        return n;
    }

    /**
     * Folds UTF-8 text in place: ASCII letters lower-cased, each run of spaces one ASCII space and none at either
     * end, invisible characters ({@link Invisible}) left out. Writes never pass reads (a space is written only after a run of at least
     * one byte was skipped), so in place is safe.
     */
    static int foldStreet(final byte[] bytes, final int length)
    {
        int n = 0;
        int i = 0;
        boolean spaceDue = false;
        while (i < length)
        {
            final int space = spaceAt(bytes, i, length);
            if (space > 0)
            {
                spaceDue = n > 0;
                i += space;
                continue;
            }
            final int invisible = Invisible.at(bytes, i, length);
            if (invisible > 0)
            {
                i += invisible;
                continue;
            }
            if (spaceDue)
            {
                bytes[n++] = ' ';
                spaceDue = false;
            }
            final byte b = bytes[i++];
            bytes[n++] = b >= 'A' && b <= 'Z' ? (byte)(b + ('a' - 'A')) : b;
        }
        return n;
    }

    /**
     * Bytes of a space at {@code i}, or 0: ASCII space and tab; in UTF-8 the no-break space U+00A0, the spaces
     * U+2000–U+200A, the narrow no-break space U+202F, U+205F and the ideographic space U+3000.
     */
    static int spaceAt(final byte[] bytes, final int i, final int length)
    {
        final int c = bytes[i] & 0xFF;
        if (c == ' ' || c == '\t')
        {
            return 1;
        }
        if (c == 0xC2)
        {
            return i + 1 < length && (bytes[i + 1] & 0xFF) == 0xA0 ? 2 : 0;
        }
        if (i + 2 >= length || (c != 0xE2 && c != 0xE3))
        {
            return 0;
        }
        final int c1 = bytes[i + 1] & 0xFF;
        final int c2 = bytes[i + 2] & 0xFF;
        final boolean space = c == 0xE2 ? c1 == 0x80 && (c2 <= 0x8A || c2 == 0xAF) || c1 == 0x81 && c2 == 0x9F :
            c1 == 0x80 && c2 == 0x80;
        return space ? 3 : 0;
    }

    /**
     * After a rules change: the windows again from the orders themselves, so a widened window counts the orders
     * within its new width (the old width had already let them go). Orders are kept and created in engine-time
     * order, so this reads from the first order within the widest window ({@link OrderBook#firstCreatedAtOrAfter}).
     */
    void rebuildWindows(final OrderBook orders, final long now)
    {
        long widestMillis = 0;
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            times[k].clear();
            keys[k].clear();
            counts[k].clear();
            widestMillis = Math.max(widestMillis, rules.windowMinutes[k] * MINUTE_MILLIS);
        }
        // Created after now − widest: at or after the millisecond after it.
        for (long id = orders.firstCreatedAtOrAfter(now - widestMillis + 1); id <= orders.lastId(); id++)
        {
            final Order o = orders.get(id);
            keysOf(o);
            for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
            {
                if (orderKeys[k] != 0 && o.createdAt > now - rules.windowMinutes[k] * MINUTE_MILLIS)
                {
                    restoreWindowEntry(k, o.createdAt, orderKeys[k]);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ state

    /** A customer whose order passed the screen or was approved in review: no longer a new customer. */
    void knownCustomer(final long customerHash)
    {
        knownCustomers.add(customerHash);
    }

    /** Whether an order's fraud decision makes its customer known ({@link #knownCustomer}). */
    static boolean makesKnown(final Codes.FraudDecision decision)
    {
        return decision == Codes.FraudDecision.PASSED || decision == Codes.FraudDecision.APPROVED;
    }

    int windowSize(final int k)
    {
        return times[k].size();
    }

    /** Placements kind k's window holds before its queues grow (tests of {@link #preallocate}). */
    int windowCapacity(final int k)
    {
        return Math.min(times[k].capacity(), keys[k].capacity());
    }

    /** Visits kind k's window oldest first (snapshots, hashes). */
    void forEachInWindow(final int k, final WindowVisitor visitor)
    {
        final int n = times[k].size();
        int i = 0;
        try
        {
            for (; i < n; i++)
            {
                final long time = times[k].pollLong();
                final long key = keys[k].pollLong();
                times[k].addLong(time);
                keys[k].addLong(key);
                visitor.visit(time, key);
            }
        }
        finally
        {
            // A visitor that threw (a snapshot refused as too large) must not leave the window rotated: pruning
            // takes its head as the oldest placement.
            for (i++; i < n; i++)
            {
                times[k].addLong(times[k].pollLong());
                keys[k].addLong(keys[k].pollLong());
            }
        }
    }

    void restoreWindowEntry(final int k, final long time, final long key)
    {
        times[k].addLong(time);
        keys[k].addLong(key);
        counts[k].put(key, counts[k].get(key) + 1);
    }

    interface WindowVisitor
    {
        void visit(long time, long key);
    }

    long hash()
    {
        final long[] h = {Hashing.combine(Hashing.SEED, rules.hash())};
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            forEachInWindow(k, (time, key) -> h[0] = Hashing.combine(Hashing.combine(h[0], time), key));
        }
        return h[0];
    }
}
