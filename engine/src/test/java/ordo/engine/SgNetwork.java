package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderBuilder;
import ordo.engine.testing.OrderViews;

/**
 * A small named network with real coordinates for the order tests, and the test-side arithmetic of sourcing:
 * great-circle distance (haversine in {@link StrictMath}, written here from the formula, sharing no code with the
 * engine) and the policy's cost formula.
 *
 * <p>Customers order from Bishan, Singapore ({@link OrderBuilder}'s default ship-to). Distances from there:
 * store-orchard ≈ 5.4 km, store-tampines ≈ 10.7 km, wh-sg (Jurong) ≈ 12.0 km, wh-kl ≈ 312 km, wh-jkt ≈ 904 km.
 */
final class SgNetwork
{
    /** The IUGG mean Earth radius, the sphere the engine measures on. */
    static final double EARTH_RADIUS_METRES = 6_371_008.8;

    static final long MINUTE = 60_000;
    /** The first UTC midnight after {@link EngineDriver#START_MILLIS} (2023-11-15T00:00:00Z). */
    static final long NEXT_UTC_MIDNIGHT = 1_700_006_400_000L;

    record Node(String id, Codes.LocationType type, int latMicro, int lonMicro, int capabilities)
    {
    }

    static final Node WH_SG = new Node("wh-sg", Codes.LocationType.WAREHOUSE, 1_333_000, 103_742_000,
        Codes.CAP_SHIP);
    static final Node WH_KL = new Node("wh-kl", Codes.LocationType.WAREHOUSE, 3_139_000, 101_686_900,
        Codes.CAP_SHIP | Codes.CAP_PICKUP);
    static final Node WH_JKT = new Node("wh-jkt", Codes.LocationType.DC, -6_208_800, 106_845_600, Codes.CAP_SHIP);
    static final Node STORE_ORCHARD = new Node("store-orchard", Codes.LocationType.STORE, 1_304_800, 103_831_800,
        Codes.CAP_PICKUP | Codes.CAP_SHIP_FROM_STORE);
    static final Node STORE_TAMPINES = new Node("store-tampines", Codes.LocationType.STORE, 1_352_600, 103_944_700,
        Codes.CAP_PICKUP);

    static final Map<String, Node> NODES = new LinkedHashMap<>();

    static
    {
        for (final Node node : new Node[] {WH_SG, WH_KL, WH_JKT, STORE_ORCHARD, STORE_TAMPINES})
        {
            NODES.put(node.id(), node);
        }
    }

    /** Every location starts with this handling cost (EUR minor units). */
    static final long HANDLING = 300;

    /**
     * STANDARD 2/km, no radius, bands 20 km → 1 day, 400 km → 2 days, 1500 km → 3 days; EXPRESS 4/km, bands 20 km →
     * 4 h, 400 km → 1 day (Jakarta is beyond it); SAME_DAY 10/km within 11 km (Jurong is beyond it), 6 h.
     */
    static final SourcingPolicy POLICY = policy(new long[] {20_000, 400_000, 1_500_000}, new int[] {1440, 2880, 4320});

    /** {@link #POLICY} with STANDARD's transit bands up to {@code upToMetres} taking {@code minutes} instead. */
    static SourcingPolicy policy(final long[] upToMetres, final int[] minutes)
    {
        return builder(upToMetres, minutes).build();
    }

    /** {@link #POLICY} with a shipment limit ({@code maxShipments}; 0 = none). */
    static SourcingPolicy withShipmentLimit(final int limit)
    {
        return builder(new long[] {20_000, 400_000, 1_500_000}, new int[] {1440, 2880, 4320}).maxShipments(limit)
            .build();
    }

    private static SourcingPolicy.Builder builder(final long[] upToMetres, final int[] minutes)
    {
        return new SourcingPolicy.Builder()
            .splitPenaltyMinor(500)
            .pickupReadyMinutes(120)
            .level(Codes.ServiceLevel.STANDARD, 2, 0, upToMetres, minutes)
            .level(Codes.ServiceLevel.EXPRESS, 4, 0, new long[] {20_000, 400_000}, new int[] {240, 1440})
            .level(Codes.ServiceLevel.SAME_DAY, 10, 11_000, new long[] {50_000}, new int[] {360});
    }

    private SgNetwork()
    {
    }

    /**
     * The policy, channels web (WEB), app (APP) and market (MARKETPLACE, a 50 % pool of every SKU), the five nodes
     * (unlimited capacity, handling {@link #HANDLING}) and SKUs A, B, C (no backorders), BO (backorders allowed) and
     * LTD (two per customer). No stock: each test sets its own.
     */
    static void define(final EngineDriver driver)
    {
        ok(driver.policy(POLICY).code());
        ok(driver.defineChannel("web", Codes.ChannelKind.WEB).code());
        ok(driver.defineChannel("app", Codes.ChannelKind.APP).code());
        ok(driver.defineChannel("market", Codes.ChannelKind.MARKETPLACE, new Cmd.Pool("", 5000)).code());
        for (final Node node : NODES.values())
        {
            node(driver, node.id(), 0, HANDLING);
        }
        for (final String sku : new String[] {"A", "B", "C"})
        {
            ok(driver.defineSku(sku, 0, false).code());
        }
        ok(driver.defineSku("BO", 0, true).code());
        ok(driver.defineSku("LTD", 2, false).code());
    }

    /** (Re)defines a node of the network, active, with this daily order capacity (0 = unlimited) and handling. */
    static void node(final EngineDriver driver, final String id, final int capacity, final long handlingMinor)
    {
        final Node node = NODES.get(id);
        ok(driver.defineLocation(id, node.type(), node.latMicro(), node.lonMicro(), node.capabilities(), true,
            capacity, handlingMinor).code());
    }

    /**
     * {@link #node}, its capacity day beginning at local minute {@code minute} of a day at UTC offset {@code offset}
     * minutes (rules version 19).
     */
    static void node(final EngineDriver driver, final String id, final int capacity, final int minute,
        final int offset)
    {
        final Node node = NODES.get(id);
        ok(driver.apply(new Cmd.DefineLocation(id, node.type(), node.latMicro(), node.lonMicro(), node.capabilities(),
            true, capacity, HANDLING, List.of(), minute, offset)).code());
    }

    /** Switches a node of the network off (unlimited capacity, handling {@link #HANDLING}). */
    static void deactivate(final EngineDriver driver, final String id)
    {
        final Node node = NODES.get(id);
        ok(driver.defineLocation(id, node.type(), node.latMicro(), node.lonMicro(), node.capabilities(), false, 0,
            HANDLING).code());
    }

    static void stock(final EngineDriver driver, final String sku, final String location, final long onHand)
    {
        ok(driver.setInventory(sku, location, onHand, 0).code());
    }

    private static void ok(final ResultCode code)
    {
        assertThat(code).isEqualTo(ResultCode.OK);
    }

    // ---------------------------------------------------------------- the test-side arithmetic

    /** Great-circle distance in metres (unrounded) between two micro-degree points: the haversine formula. */
    static double metres(final int latMicro1, final int lonMicro1, final int latMicro2, final int lonMicro2)
    {
        final double lat1 = StrictMath.toRadians(latMicro1 / 1e6);
        final double lat2 = StrictMath.toRadians(latMicro2 / 1e6);
        final double dLat = lat2 - lat1;
        final double dLon = StrictMath.toRadians((lonMicro2 - lonMicro1) / 1e6);
        final double sinLat = StrictMath.sin(dLat / 2);
        final double sinLon = StrictMath.sin(dLon / 2);
        final double h = sinLat * sinLat + StrictMath.cos(lat1) * StrictMath.cos(lat2) * sinLon * sinLon;
        return 2 * EARTH_RADIUS_METRES * StrictMath.asin(StrictMath.min(1.0, StrictMath.sqrt(h)));
    }

    /** From a node of this network to Bishan. */
    static double metresToBishan(final String location)
    {
        final Node node = NODES.get(location);
        return metres(node.latMicro(), node.lonMicro(), OrderBuilder.BISHAN_LAT_MICRO, OrderBuilder.BISHAN_LON_MICRO);
    }

    /** The policy's cost of one shipment: handling + distance × rate per km / 1000, in exact integer arithmetic. */
    static long cost(final SourcingPolicy policy, final Codes.ServiceLevel level, final long handlingMinor,
        final long distanceMetres)
    {
        return handlingMinor + distanceMetres * policy.ratePerKmMinor(level) / 1000;
    }

    /** Transit minutes of the band this distance falls in (the node must be within the last band). */
    static int transitMinutes(final SourcingPolicy policy, final Codes.ServiceLevel level, final long distanceMetres)
    {
        for (int band = 0; band < policy.bandCount(level); band++)
        {
            if (distanceMetres <= policy.bandUpToMetres(level, band))
            {
                return policy.bandTransitMinutes(level, band);
            }
        }
        throw new AssertionError(distanceMetres + " m is beyond the transit table of " + level);
    }

    /**
     * Checks a priced candidate against the test's arithmetic: the distance within 1 m of the haversine from the
     * order's coordinates, the cost exactly the formula's from the engine's own distance.
     */
    static void assertPriced(final OrderViews.Sourcing sourcing, final String location, final long handlingMinor,
        final int nodeLat, final int nodeLon)
    {
        final OrderViews.Candidate candidate = sourcing.candidate(location);
        final double expectedMetres = metres(nodeLat, nodeLon, sourcing.latMicro(), sourcing.lonMicro());
        assertThat((double)candidate.distanceMetres()).as("distance of %s", location)
            .isCloseTo(expectedMetres, org.assertj.core.data.Offset.offset(1.0));
        assertThat(candidate.costMinor()).as("cost of %s", location)
            .isEqualTo(cost(POLICY, sourcing.serviceLevel(), handlingMinor, candidate.distanceMetres()));
    }

    /** {@link #assertPriced} for a node of this network. */
    static void assertPriced(final OrderViews.Sourcing sourcing, final String location, final long handlingMinor)
    {
        final Node node = NODES.get(location);
        assertPriced(sourcing, location, handlingMinor, node.latMicro(), node.lonMicro());
    }
}
