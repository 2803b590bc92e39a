package ordo.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The fraud rules, as engine state: set whole by a journaled command (PUT /v1/fraud/rules), snapshotted, hashed.
 * Immutable. Every rule that hits adds points with a reason; a score at or above {@code reviewAt} sends the order
 * to FRAUD_REVIEW, at or above {@code rejectAt} rejects it. Amounts are minor units of the order's currency (one
 * set of thresholds for every currency: state it in the rules you set). A rule with 0 points or a 0 limit is off.
 *
 * <pre>
 * layout  reviewAt:i32 rejectAt:i32
 *         amountBandCount:u8 { overMinor:i64 points:i32 }            (the highest band exceeded counts)
 *         5 × (CUSTOMER, EMAIL, IP, ADDRESS, PAYMENT_FINGERPRINT) { windowMinutes:i32 maxOrders:i32 points:i32 }
 *         countryMismatchPoints:i32 maxUnitsPerSku:i32 skuQuantityPoints:i32
 *         newCustomerOverMinor:i64 newCustomerPoints:i32 blockedPoints:i32
 *         emailCount:u16 { email:text } domainCount:u16 { domain:text } postalCount:u16 { postalCode:text }
 *         ipCount:u16 { ip:ascii }
 * </pre>
 */
public final class FraudRules
{
    public static final int VELOCITY_KINDS = 5;
    public static final int MAX_BANDS = 8;
    public static final int MAX_LIST = 10_000;
    public static final int MAX_WINDOW_MINUTES = 60 * 24 * 31;
    public static final int MAX_POINTS = 1_000;

    /** Velocity kinds, in layout order; their reasons follow {@link Codes.FraudReason#VELOCITY_CUSTOMER}. */
    public static final String[] VELOCITY_NAMES = {"customer", "email", "ip", "address", "paymentFingerprint"};

    /**
     * Defaults: no single soft signal reaches review (60); two strong ones or a blocklist hit do. Velocity limits
     * are per hour and generous (a household ordering twice is normal; twenty orders an hour from one card is not).
     */
    public static final FraudRules DEFAULT = new Builder()
        .thresholds(60, 100)
        .amountBand(200_000, 25).amountBand(1_000_000, 50)
        .velocity(0, 60, 20, 25).velocity(1, 60, 20, 25).velocity(2, 60, 50, 20).velocity(3, 60, 20, 20)
        .velocity(4, 60, 10, 30)
        .countryMismatch(20).skuQuantity(10, 25).newCustomer(100_000, 30).blockedPoints(100)
        .build();

    final int reviewAt;
    final int rejectAt;
    final long[] bandOverMinor;
    final int[] bandPoints;
    final int[] windowMinutes;
    final int[] maxOrders;
    final int[] velocityPoints;
    final int countryMismatchPoints;
    final int maxUnitsPerSku;
    final int skuQuantityPoints;
    final long newCustomerOverMinor;
    final int newCustomerPoints;
    final int blockedPoints;
    final List<String> emails;
    final List<String> domains;
    final List<String> postalCodes;
    final List<String> ips;
    final org.agrona.collections.LongHashSet emailHashes = new org.agrona.collections.LongHashSet();
    final org.agrona.collections.LongHashSet domainHashes = new org.agrona.collections.LongHashSet();
    final org.agrona.collections.LongHashSet postalHashes = new org.agrona.collections.LongHashSet();
    final org.agrona.collections.LongHashSet ipHashes = new org.agrona.collections.LongHashSet();

    private FraudRules(final Builder b)
    {
        reviewAt = b.reviewAt;
        rejectAt = b.rejectAt;
        bandOverMinor = b.bandOver.stream().mapToLong(Long::longValue).toArray();
        bandPoints = b.bandPoints.stream().mapToInt(Integer::intValue).toArray();
        windowMinutes = b.windowMinutes.clone();
        maxOrders = b.maxOrders.clone();
        velocityPoints = b.velocityPoints.clone();
        countryMismatchPoints = b.countryMismatchPoints;
        maxUnitsPerSku = b.maxUnitsPerSku;
        skuQuantityPoints = b.skuQuantityPoints;
        newCustomerOverMinor = b.newCustomerOverMinor;
        newCustomerPoints = b.newCustomerPoints;
        blockedPoints = b.blockedPoints;
        emails = List.copyOf(b.emails);
        domains = List.copyOf(b.domains);
        postalCodes = List.copyOf(b.postalCodes);
        ips = List.copyOf(b.ips);
        emails.forEach(e ->
        {
            final byte[] email = FraudScreen.lowerAscii(e.getBytes(UTF8));
            emailHashes.add(Hashing.hash(email, 0, FraudScreen.canonicalEmail(email, email.length)));
        });
        domains.forEach(d -> domainHashes.add(Hashing.hash(FraudScreen.lowerAscii(d.getBytes(UTF8)))));
        // An entry that folds to nothing would block every order whose postal code is blank (a SHIP order may have
        // one): the gateway refuses such entries, but a state may hold one taken before it did, and since rules
        // version 11 the fold leaves out more ("\u3164" folded to itself before; found in review).
        postalCodes.forEach(p ->
        {
            final byte[] folded = FraudScreen.postal(p.getBytes(UTF8));
            if (folded.length > 0)
            {
                postalHashes.add(Hashing.hash(folded));
            }
        });
        ips.forEach(i -> ipHashes.add(Hashing.hash(IpText.canonical(i.getBytes(UTF8)))));
    }

    private static final java.nio.charset.Charset UTF8 = java.nio.charset.StandardCharsets.UTF_8;

    public void writeTo(final PayloadWriter w)
    {
        w.putInt(reviewAt).putInt(rejectAt).putByte(bandOverMinor.length);
        for (int i = 0; i < bandOverMinor.length; i++)
        {
            w.putLong(bandOverMinor[i]).putInt(bandPoints[i]);
        }
        for (int k = 0; k < VELOCITY_KINDS; k++)
        {
            w.putInt(windowMinutes[k]).putInt(maxOrders[k]).putInt(velocityPoints[k]);
        }
        w.putInt(countryMismatchPoints).putInt(maxUnitsPerSku).putInt(skuQuantityPoints)
            .putLong(newCustomerOverMinor).putInt(newCustomerPoints).putInt(blockedPoints);
        putTexts(w, emails);
        putTexts(w, domains);
        putTexts(w, postalCodes);
        w.putShort(ips.size());
        for (final String ip : ips)
        {
            w.putAscii(ip);
        }
    }

    private static void putTexts(final PayloadWriter w, final List<String> values)
    {
        w.putShort(values.size());
        for (final String value : values)
        {
            w.putText(value);
        }
    }

    /** @return the rules, or null when the bytes are short (reader not ok) or a value is out of range. */
    static FraudRules readFrom(final PayloadReader r)
    {
        final Builder b = new Builder().thresholds(r.readInt(), r.readInt());
        final int bands = r.readByte();
        if (!r.ok() || bands > MAX_BANDS)
        {
            return null;
        }
        for (int i = 0; i < bands; i++)
        {
            b.amountBand(r.readLong(), r.readInt());
        }
        for (int k = 0; k < VELOCITY_KINDS; k++)
        {
            b.velocity(k, r.readInt(), r.readInt(), r.readInt());
        }
        b.countryMismatch(r.readInt()).skuQuantity(r.readInt(), r.readInt()).newCustomer(r.readLong(), r.readInt())
            .blockedPoints(r.readInt());
        if (!readTexts(r, b.emails) || !readTexts(r, b.domains) || !readTexts(r, b.postalCodes))
        {
            return null;
        }
        final int ips = r.readShort();
        if (!r.ok() || ips > MAX_LIST)
        {
            return null;
        }
        for (int i = 0; i < ips && r.ok(); i++)
        {
            b.ips.add(r.readAsciiString());
        }
        return r.ok() && b.validate() == null ? b.build() : null;
    }

    private static boolean readTexts(final PayloadReader r, final List<String> into)
    {
        final int count = r.readShort();
        if (!r.ok() || count > MAX_LIST)
        {
            return false;
        }
        for (int i = 0; i < count && r.ok(); i++)
        {
            into.add(r.readTextString());
        }
        return r.ok();
    }

    public int reviewAt()
    {
        return reviewAt;
    }

    public int rejectAt()
    {
        return rejectAt;
    }

    long hash()
    {
        long h = Hashing.combine(Hashing.SEED, reviewAt);
        h = Hashing.combine(h, rejectAt);
        for (int i = 0; i < bandOverMinor.length; i++)
        {
            h = Hashing.combine(Hashing.combine(h, bandOverMinor[i]), bandPoints[i]);
        }
        for (int k = 0; k < VELOCITY_KINDS; k++)
        {
            h = Hashing.combine(Hashing.combine(Hashing.combine(h, windowMinutes[k]), maxOrders[k]), velocityPoints[k]);
        }
        h = Hashing.combine(h, countryMismatchPoints);
        h = Hashing.combine(h, maxUnitsPerSku);
        h = Hashing.combine(h, skuQuantityPoints);
        h = Hashing.combine(h, newCustomerOverMinor);
        h = Hashing.combine(h, newCustomerPoints);
        h = Hashing.combine(h, blockedPoints);
        for (final List<String> list : List.of(emails, domains, postalCodes, ips))
        {
            h = Hashing.combine(h, list.size());
            for (final String value : list)
            {
                h = Hashing.combine(h, Hashing.hashText(value));
            }
        }
        return h;
    }

    public static final class Builder
    {
        private int reviewAt;
        private int rejectAt;
        private final List<Long> bandOver = new ArrayList<>();
        private final List<Integer> bandPoints = new ArrayList<>();
        private final int[] windowMinutes = new int[VELOCITY_KINDS];
        private final int[] maxOrders = new int[VELOCITY_KINDS];
        private final int[] velocityPoints = new int[VELOCITY_KINDS];
        private int countryMismatchPoints;
        private int maxUnitsPerSku;
        private int skuQuantityPoints;
        private long newCustomerOverMinor;
        private int newCustomerPoints;
        private int blockedPoints;
        private final List<String> emails = new ArrayList<>();
        private final List<String> domains = new ArrayList<>();
        private final List<String> postalCodes = new ArrayList<>();
        private final List<String> ips = new ArrayList<>();

        public Builder thresholds(final int reviewAt, final int rejectAt)
        {
            this.reviewAt = reviewAt;
            this.rejectAt = rejectAt;
            return this;
        }

        public Builder amountBand(final long overMinor, final int points)
        {
            bandOver.add(overMinor);
            bandPoints.add(points);
            return this;
        }

        /** @param kind index into {@link #VELOCITY_NAMES}; maxOrders 0 = off. */
        public Builder velocity(final int kind, final int windowMinutes, final int maxOrders, final int points)
        {
            this.windowMinutes[kind] = windowMinutes;
            this.maxOrders[kind] = maxOrders;
            this.velocityPoints[kind] = points;
            return this;
        }

        public Builder countryMismatch(final int points)
        {
            this.countryMismatchPoints = points;
            return this;
        }

        /** More than {@code maxUnits} of one SKU on one order (scalpers); 0 = off. */
        public Builder skuQuantity(final int maxUnits, final int points)
        {
            this.maxUnitsPerSku = maxUnits;
            this.skuQuantityPoints = points;
            return this;
        }

        /** A customer's first order, EXPRESS or SAME_DAY, over this total; 0 = off. */
        public Builder newCustomer(final long overMinor, final int points)
        {
            this.newCustomerOverMinor = overMinor;
            this.newCustomerPoints = points;
            return this;
        }

        public Builder blockedPoints(final int points)
        {
            this.blockedPoints = points;
            return this;
        }

        /**
         * Kept with ASCII letters lower-cased and compared so on both sides, as the email velocity rule keys an email
         * ({@link FraudScreen#canonicalEmail}: without a {@code +tag}, and Gmail's dots); other letters compare as
         * written (Unicode case tables differ between JDKs, and replay must decide as the live engine did).
         */
        public Builder blockEmail(final String email)
        {
            emails.add(lowerAscii(email));
            return this;
        }

        public Builder blockDomain(final String domain)
        {
            domains.add(lowerAscii(domain));
            return this;
        }

        /** The screen's own folding ({@link FraudScreen#lowerAscii}), so a list and an order fold alike. */
        private static String lowerAscii(final String text)
        {
            return new String(FraudScreen.lowerAscii(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                java.nio.charset.StandardCharsets.UTF_8);
        }

        public Builder blockPostalCode(final String postalCode)
        {
            postalCodes.add(postalCode);
            return this;
        }

        public Builder blockIp(final String ip)
        {
            ips.add(ip);
            return this;
        }

        /** @return what is wrong, or null. */
        public String validate()
        {
            if (reviewAt < 1 || rejectAt < reviewAt || rejectAt > MAX_POINTS * 100)
            {
                return "thresholds: need 1 <= reviewAt <= rejectAt <= " + MAX_POINTS * 100;
            }
            if (bandOver.size() > MAX_BANDS)
            {
                return "at most " + MAX_BANDS + " amount bands";
            }
            for (int i = 0; i < bandOver.size(); i++)
            {
                if (bandOver.get(i) < 0 || (i > 0 && bandOver.get(i) <= bandOver.get(i - 1)))
                {
                    return "amount bands must rise, each overMinor >= 0";
                }
                if (!points(bandPoints.get(i)))
                {
                    return "amount band points must be between 0 and " + MAX_POINTS;
                }
            }
            for (int k = 0; k < VELOCITY_KINDS; k++)
            {
                if (windowMinutes[k] < 1 || windowMinutes[k] > MAX_WINDOW_MINUTES || maxOrders[k] < 0 ||
                    !points(velocityPoints[k]))
                {
                    return "velocity." + VELOCITY_NAMES[k] + ": windowMinutes 1.." + MAX_WINDOW_MINUTES +
                        ", maxOrders >= 0 (0 = off), points 0.." + MAX_POINTS;
                }
            }
            if (!points(countryMismatchPoints) || !points(skuQuantityPoints) || !points(newCustomerPoints) ||
                !points(blockedPoints) || maxUnitsPerSku < 0 || newCustomerOverMinor < 0)
            {
                return "points must be between 0 and " + MAX_POINTS + "; limits >= 0";
            }
            if (emails.size() > MAX_LIST || domains.size() > MAX_LIST || postalCodes.size() > MAX_LIST ||
                ips.size() > MAX_LIST)
            {
                return "at most " + MAX_LIST + " entries per blocklist";
            }
            for (final String ip : ips)
            {
                if (ip.isEmpty() || ip.length() > 45 || !ip.chars().allMatch(c -> c < 128))
                {
                    return "blocked IPs must be ASCII addresses";
                }
            }
            return null;
        }

        private static boolean points(final int points)
        {
            return points >= 0 && points <= MAX_POINTS;
        }

        public FraudRules build()
        {
            final String problem = validate();
            if (problem != null)
            {
                throw new IllegalArgumentException(problem);
            }
            return new FraudRules(this);
        }
    }
}
