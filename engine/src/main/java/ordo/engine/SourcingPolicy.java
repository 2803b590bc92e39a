package ordo.engine;

import java.util.Arrays;

/**
 * The tunables of sourcing, as engine state: set by a journaled command (so replay decides exactly as the live
 * engine did), snapshotted, and part of the state hash. Immutable; the engine swaps the whole policy.
 *
 * <p>Costs are in minor units of the network's cost currency (handling costs of locations are assumed to share
 * it). A shipment from node n costs {@code handlingCost(n) + distanceMetres * ratePerKmMinor / 1000}; a plan costs
 * the sum of its shipments plus {@code splitPenaltyMinor} for every shipment after the first.
 *
 * <p>Per service level: a radius (0 = none) beyond which a node may not ship at that level, and a transit table
 * of bands {@code (upToMetres, transitMinutes)} in ascending distance; a node farther than the last band may not
 * ship at that level either. {@code promisedDeliveryBy} = the time the order became whole (its last unit allocated)
 * + the slowest shipment's transit; pickup orders are promised {@code pickupReadyMinutes} after it (docs/ORDERS.md,
 * rule 8, for cancellations).
 *
 * <p>{@code maxShipments} (0 = none; rules version 14) caps the shipments of an order's plan: beyond it the planner
 * takes the plan of that many nodes that covers the most units, and the rest is shortfall (docs/ORDERS.md, rule 4).
 * An order may ask for fewer ({@code maxShipments} on the order); the smaller applies.
 *
 * <pre>
 * layout  splitPenaltyMinor:i64 pickupReadyMinutes:i32
 *         3 × (STANDARD, EXPRESS, SAME_DAY) { ratePerKmMinor:i64 radiusMetres:i64(0=none)
 *                                              bandCount:u8 { upToMetres:i64 transitMinutes:i32 } }
 *         maxShipments:u8(0=none)   (rules version 14, snapshot format 10; absent before)
 * </pre>
 */
public final class SourcingPolicy
{
    public static final int MAX_BANDS = 16;
    /**
     * Half the equatorial circumference (WGS 84): above any distance {@link Geo} measures (its mean-radius sphere
     * gives at most 20 015 115 m), so a last band up to this reaches everywhere.
     */
    public static final long MAX_DISTANCE_METRES = 20_037_509L;
    public static final long MAX_RATE_PER_KM_MINOR = 1_000_000L;
    public static final long MAX_COST_MINOR = 1L << 40;
    public static final int MAX_TRANSIT_MINUTES = 60 * 24 * 365;
    /** The largest shipment limit, of the policy or of an order (an order's is six bits of its flags). */
    public static final int MAX_SHIPMENTS = 63;
    private static final int LEVELS = Codes.ServiceLevel.values().length;

    public static final SourcingPolicy DEFAULT = new Builder()
        .splitPenaltyMinor(500)
        .pickupReadyMinutes(120)
        .level(Codes.ServiceLevel.STANDARD, 1, 0,
            new long[]{100_000, 1_000_000, 5_000_000, MAX_DISTANCE_METRES}, new int[]{2880, 4320, 7200, 14400})
        .level(Codes.ServiceLevel.EXPRESS, 3, 1_000_000,
            new long[]{100_000, 1_000_000}, new int[]{720, 1440})
        .level(Codes.ServiceLevel.SAME_DAY, 5, 50_000,
            new long[]{50_000}, new int[]{360})
        .build();

    private final long splitPenaltyMinor;
    private final int pickupReadyMinutes;
    private final int maxShipments;
    private final long[] ratePerKmMinor;
    private final long[] radiusMetres;
    private final long[][] upToMetres;
    private final int[][] transitMinutes;

    private SourcingPolicy(final Builder b)
    {
        this.splitPenaltyMinor = b.splitPenaltyMinor;
        this.pickupReadyMinutes = b.pickupReadyMinutes;
        this.maxShipments = b.maxShipments;
        this.ratePerKmMinor = b.ratePerKmMinor.clone();
        this.radiusMetres = b.radiusMetres.clone();
        this.upToMetres = new long[LEVELS][];
        this.transitMinutes = new int[LEVELS][];
        for (int i = 0; i < LEVELS; i++)
        {
            this.upToMetres[i] = b.upToMetres[i].clone();
            this.transitMinutes[i] = b.transitMinutes[i].clone();
        }
    }

    public long splitPenaltyMinor()
    {
        return splitPenaltyMinor;
    }

    public int pickupReadyMinutes()
    {
        return pickupReadyMinutes;
    }

    /** The most shipments an order's plan may have; 0 = no limit. */
    public int maxShipments()
    {
        return maxShipments;
    }

    /**
     * The limit an order asking for {@code ordered} shipments at most (0 = it asks for none) is planned under: the
     * smaller of it and the policy's, 0 when neither sets one.
     */
    int shipmentLimit(final int ordered)
    {
        return ordered == 0 ? maxShipments : maxShipments == 0 ? ordered : Math.min(ordered, maxShipments);
    }

    public long ratePerKmMinor(final Codes.ServiceLevel level)
    {
        return ratePerKmMinor[level.code() - 1];
    }

    /** 0 = no radius. */
    public long radiusMetres(final Codes.ServiceLevel level)
    {
        return radiusMetres[level.code() - 1];
    }

    public int bandCount(final Codes.ServiceLevel level)
    {
        return upToMetres[level.code() - 1].length;
    }

    public long bandUpToMetres(final Codes.ServiceLevel level, final int band)
    {
        return upToMetres[level.code() - 1][band];
    }

    public int bandTransitMinutes(final Codes.ServiceLevel level, final int band)
    {
        return transitMinutes[level.code() - 1][band];
    }

    /** Whether a node this far away may ship at this level (radius and transit table). */
    boolean reaches(final Codes.ServiceLevel level, final long distanceMetres)
    {
        final int l = level.code() - 1;
        final long radius = radiusMetres[l];
        if (radius != 0 && distanceMetres > radius)
        {
            return false;
        }
        final long[] bands = upToMetres[l];
        return bands.length > 0 && distanceMetres <= bands[bands.length - 1];
    }

    /**
     * The farthest distance {@link #reaches} accepts at a level ({@code reaches(level, d)} is {@code d <= this}),
     * or {@code Long.MIN_VALUE} when the level reaches nowhere: the planner compares each node against it.
     */
    long reachMetres(final Codes.ServiceLevel level)
    {
        final int l = level.code() - 1;
        final long[] bands = upToMetres[l];
        if (bands.length == 0)
        {
            return Long.MIN_VALUE;
        }
        final long last = bands[bands.length - 1];
        return radiusMetres[l] == 0 ? last : Math.min(radiusMetres[l], last);
    }

    /** Transit minutes for a shipment this far; the node must {@link #reaches reach} the customer. */
    int transitMinutes(final Codes.ServiceLevel level, final long distanceMetres)
    {
        final int l = level.code() - 1;
        final long[] bands = upToMetres[l];
        for (int i = 0; i < bands.length; i++)
        {
            if (distanceMetres <= bands[i])
            {
                return transitMinutes[l][i];
            }
        }
        return transitMinutes[l][bands.length - 1];
    }

    /**
     * Cost of one shipment at a level's {@link #ratePerKmMinor} from a node with this handling cost, this far away.
     * Exact integer arithmetic.
     */
    static long shipmentCost(final long ratePerKmMinor, final long handlingCostMinor, final long distanceMetres)
    {
        return handlingCostMinor + distanceMetres * ratePerKmMinor / 1000;
    }

    public void writeTo(final PayloadWriter w)
    {
        w.putLong(splitPenaltyMinor).putInt(pickupReadyMinutes);
        for (int l = 0; l < LEVELS; l++)
        {
            w.putLong(ratePerKmMinor[l]).putLong(radiusMetres[l]).putByte(upToMetres[l].length);
            for (int i = 0; i < upToMetres[l].length; i++)
            {
                w.putLong(upToMetres[l][i]).putInt(transitMinutes[l][i]);
            }
        }
        w.putByte(maxShipments);
    }

    /**
     * Reads a policy, a command's or ({@code stored}) a snapshot's ({@link Builder#stored}); returns null when the
     * bytes are short (the reader then reports not ok) or a value is out of range (see {@link Builder#validate}).
     * {@code withLimit}: the layout ends with {@code maxShipments} (every command this build replays, and snapshots
     * from format 10); a snapshot of an older format has none.
     */
    static SourcingPolicy readFrom(final PayloadReader r, final boolean stored, final boolean withLimit)
    {
        final Builder b = new Builder().splitPenaltyMinor(r.readLong()).pickupReadyMinutes(r.readInt());
        if (stored)
        {
            b.stored();
        }
        for (final Codes.ServiceLevel level : Codes.ServiceLevel.values())
        {
            final long rate = r.readLong();
            final long radius = r.readLong();
            final int bands = r.readByte();
            if (!r.ok() || bands > MAX_BANDS)
            {
                return null;
            }
            final long[] upTo = new long[bands];
            final int[] transit = new int[bands];
            for (int i = 0; i < bands; i++)
            {
                upTo[i] = r.readLong();
                transit[i] = r.readInt();
            }
            b.level(level, rate, radius, upTo, transit);
        }
        if (withLimit)
        {
            b.maxShipments(r.readByte());
        }
        return r.ok() && b.validate() == null ? b.build() : null;
    }

    long hash()
    {
        long h = Hashing.combine(Hashing.SEED, splitPenaltyMinor);
        h = Hashing.combine(h, pickupReadyMinutes);
        for (int l = 0; l < LEVELS; l++)
        {
            h = Hashing.combine(h, ratePerKmMinor[l]);
            h = Hashing.combine(h, radiusMetres[l]);
            for (int i = 0; i < upToMetres[l].length; i++)
            {
                h = Hashing.combine(h, upToMetres[l][i]);
                h = Hashing.combine(h, transitMinutes[l][i]);
            }
        }
        // Only a limit joins the hash, so a state without one hashes as it did before rules version 14.
        return maxShipments == 0 ? h : Hashing.combine(h, maxShipments);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof SourcingPolicy p && p.splitPenaltyMinor == splitPenaltyMinor &&
            p.pickupReadyMinutes == pickupReadyMinutes && p.maxShipments == maxShipments &&
            Arrays.equals(p.ratePerKmMinor, ratePerKmMinor) &&
            Arrays.equals(p.radiusMetres, radiusMetres) && Arrays.deepEquals(p.upToMetres, upToMetres) &&
            Arrays.deepEquals(p.transitMinutes, transitMinutes);
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(hash());
    }

    public static final class Builder
    {
        private long splitPenaltyMinor;
        private int pickupReadyMinutes;
        private int maxShipments;
        private final long[] ratePerKmMinor = new long[LEVELS];
        private final long[] radiusMetres = new long[LEVELS];
        private final long[][] upToMetres = new long[LEVELS][0];
        private final int[][] transitMinutes = new int[LEVELS][0];
        private boolean stored;

        public Builder splitPenaltyMinor(final long value)
        {
            this.splitPenaltyMinor = value;
            return this;
        }

        public Builder pickupReadyMinutes(final int value)
        {
            this.pickupReadyMinutes = value;
            return this;
        }

        /** The most shipments an order's plan may have, 1 to {@link #MAX_SHIPMENTS}; 0 (the default) = no limit. */
        public Builder maxShipments(final int value)
        {
            this.maxShipments = value;
            return this;
        }

        /** Bands: ascending {@code upToMetres}, each with the transit minutes of a shipment up to that distance. */
        public Builder level(final Codes.ServiceLevel level, final long ratePerKmMinor, final long radiusMetres,
            final long[] upToMetres, final int[] transitMinutes)
        {
            final int l = level.code() - 1;
            this.ratePerKmMinor[l] = ratePerKmMinor;
            this.radiusMetres[l] = radiusMetres;
            this.upToMetres[l] = upToMetres.clone();
            this.transitMinutes[l] = transitMinutes.clone();
            return this;
        }

        /**
         * A policy read back from a snapshot: checked as rules version 7 checked it, without the rule of version 8
         * that transit minutes never fall as distance rises (a state taken under version 7 may hold such a table; a
         * new policy may not).
         */
        Builder stored()
        {
            stored = true;
            return this;
        }

        /** @return what is wrong, or null when the policy is valid. */
        public String validate()
        {
            if (splitPenaltyMinor < 0 || splitPenaltyMinor > MAX_COST_MINOR)
            {
                return "splitPenalty must be between 0 and " + MAX_COST_MINOR;
            }
            if (pickupReadyMinutes < 0 || pickupReadyMinutes > MAX_TRANSIT_MINUTES)
            {
                return "pickupReadyMinutes must be between 0 and " + MAX_TRANSIT_MINUTES;
            }
            if (maxShipments < 0 || maxShipments > MAX_SHIPMENTS)
            {
                return "maxShipments must be between 1 and " + MAX_SHIPMENTS + ", or null for no limit";
            }
            for (final Codes.ServiceLevel level : Codes.ServiceLevel.values())
            {
                final int l = level.code() - 1;
                if (ratePerKmMinor[l] < 0 || ratePerKmMinor[l] > MAX_RATE_PER_KM_MINOR)
                {
                    return level + ": ratePerKm must be between 0 and " + MAX_RATE_PER_KM_MINOR;
                }
                if (radiusMetres[l] < 0 || radiusMetres[l] > MAX_DISTANCE_METRES)
                {
                    return level + ": radiusMetres must be between 0 (none) and " + MAX_DISTANCE_METRES;
                }
                final long[] upTo = upToMetres[l];
                if (upTo.length == 0 || upTo.length > MAX_BANDS || transitMinutes[l].length != upTo.length)
                {
                    return level + ": the transit table needs 1 to " + MAX_BANDS + " bands";
                }
                for (int i = 0; i < upTo.length; i++)
                {
                    if (upTo[i] <= 0 || upTo[i] > MAX_DISTANCE_METRES || (i > 0 && upTo[i] <= upTo[i - 1]))
                    {
                        return level + ": band distances must rise, each between 1 and " + MAX_DISTANCE_METRES;
                    }
                    if (transitMinutes[l][i] <= 0 || transitMinutes[l][i] > MAX_TRANSIT_MINUTES)
                    {
                        return level + ": transit minutes must be between 1 and " + MAX_TRANSIT_MINUTES;
                    }
                    if (!stored && i > 0 && transitMinutes[l][i] < transitMinutes[l][i - 1])
                    {
                        // Rules version 8: a farther band was promised sooner than a nearer one (found in QA).
                        return level + ": transit minutes must not fall as distance rises (band " + i + " is " +
                            transitMinutes[l][i] + " minutes, band " + (i - 1) + " " + transitMinutes[l][i - 1] + ")";
                    }
                }
            }
            return null;
        }

        public SourcingPolicy build()
        {
            final String problem = validate();
            if (problem != null)
            {
                throw new IllegalArgumentException(problem);
            }
            return new SourcingPolicy(this);
        }
    }
}
