package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;

/**
 * Rules version 8: a network's handling costs share one currency, and a transit table never promises a farther band
 * sooner than a nearer one. Sourcing adds handling costs to the per-km rates (minor units of that currency) and
 * compares the sums, so a GBP 2.50 node beat a EUR 2.60 one (found in QA).
 */
class CostCurrencyAndTransitTest
{
    private final EngineDriver driver = new EngineDriver();

    @Test
    void aLocationCostingInAnotherCurrencyThanTheOthersIsRefusedNamingOneOfThemAndNothingChanges()
    {
        assertThat(location("wh-eur", "EUR").code()).isEqualTo(ResultCode.OK);
        assertThat(location("wh-eur-2", "EUR").code()).isEqualTo(ResultCode.OK);
        final long before = driver.stateHash();

        final Result refused = location("wh-gbp", "GBP");

        assertThat(refused.code()).isEqualTo(ResultCode.COST_CURRENCY_MISMATCH);
        final PayloadReader data = new PayloadReader().wrap(new UnsafeBuffer(refused.data()), 0, refused.data().length);
        assertThat(data.readAsciiString()).as("the other location").isEqualTo("wh-eur");
        assertThat(data.readAsciiString()).as("its currency").isEqualTo("EUR");
        assertThat(driver.stateHash()).as("nothing defined").isEqualTo(before);
        assertThat(location("wh-eur-2", "GBP").code()).as("nor one redefined away from the others")
            .isEqualTo(ResultCode.COST_CURRENCY_MISMATCH);
        assertThat(driver.stateHash()).isEqualTo(before);
    }

    @Test
    void theOnlyLocationCostingInACurrencyMayChangeItAndOneNamingNoneIsLeftOut()
    {
        assertThat(location("wh-1", "EUR").code()).isEqualTo(ResultCode.OK);
        assertThat(location("wh-free", "", 0).code()).as("no currency: no cost to compare").isEqualTo(ResultCode.OK);
        assertThat(location("wh-1", "SGD").code()).as("the network's one currency, changed").isEqualTo(ResultCode.OK);
        assertThat(location("wh-2", "SGD").code()).isEqualTo(ResultCode.OK);
        assertThat(location("wh-3", "EUR").code()).isEqualTo(ResultCode.COST_CURRENCY_MISMATCH);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aHandlingCostWithoutACurrencyIsAnInvalidField()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final PayloadWriter w = new PayloadWriter();
        w.wrap(buffer, 0);
        CommandCodec.defineLocation(w, 0, 0, "wh-1", Codes.LocationType.WAREHOUSE, "wh-1", 0, 0, "SG", Codes.CAP_SHIP,
            0, 250, "", true);
        final byte[] payload = new byte[w.length()];
        buffer.getBytes(0, payload);

        assertThat(driver.applyPayload(CommandType.DEFINE_LOCATION, payload).code()).isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(location("wh-1", "", 0).code()).as("no cost, no currency").isEqualTo(ResultCode.OK);
    }

    /**
     * A state of rules version 7 may hold locations costing in several currencies (no command makes one now, so the
     * catalog is built here as a restored snapshot would leave it): a location keeping its own currency may still be
     * redefined — switched off, its capacity changed — while the network is brought to one; a new one, or one moved to
     * a third currency, may not; and the start can say which currencies there are.
     */
    @Test
    void aNetworkLeftInSeveralCurrenciesByAnOlderStateCanStillBeEditedLocationByLocation()
    {
        final Catalog catalog = new Catalog();
        catalog.costCurrency(catalog.newLocation(slice("wh-sgd")), "SGD");
        catalog.costCurrency(catalog.newLocation(slice("wh-eur")), "EUR");
        catalog.costCurrency(catalog.newLocation(slice("wh-none")), "");
        assertThat(catalog.costCurrenciesIfMixed()).isEqualTo("EUR (wh-eur), SGD (wh-sgd)");

        assertThat(catalog.locationCostingOtherwise(slice("wh-eur"), slice("EUR"))).as("keeps its own").isNull();
        assertThat(catalog.locationCostingOtherwise(slice("wh-sgd"), slice("SGD"))).isNull();
        assertThat(catalog.locationCostingOtherwise(slice("wh-eur"), slice("SGD"))).as("brought to the other's")
            .isNull();
        assertThat(catalog.locationCostingOtherwise(slice("wh-eur"), slice("GBP")).id).as("a third")
            .isEqualTo(bytes("wh-sgd"));
        assertThat(catalog.locationCostingOtherwise(slice("wh-new"), slice("EUR")).id).isEqualTo(bytes("wh-sgd"));
        assertThat(catalog.locationCostingOtherwise(slice("wh-none"), slice("SGD")).id).isEqualTo(bytes("wh-eur"));

        catalog.costCurrency(catalog.location(slice("wh-eur")), "SGD");
        assertThat(catalog.costCurrenciesIfMixed()).as("one currency").isNull();
        assertThat(catalog.costCurrencyMismatch()).isNull();
        assertThat(catalog.locationCostingOtherwise(slice("wh-new"), slice("EUR")).id).as("counted as moved")
            .isEqualTo(bytes("wh-sgd"));
        assertThat(catalog.locationCostingOtherwise(slice("wh-new"), slice("SGD"))).isNull();
    }

    private static ByteSlice slice(final String text)
    {
        final byte[] bytes = bytes(text);
        return new ByteSlice().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * What ORDERS.md (Sourcing, step 3) and openapi state: a shipment's distance part is an integer division, rounded
     * down for each shipment on its own before its handling cost is added and before a plan sums its shipments.
     */
    @Test
    void aShipmentsDistanceCostIsRoundedDownForEachShipmentOnItsOwn()
    {
        assertThat(SourcingPolicy.shipmentCost(1, 0, 1_500)).as("1.5 rounds down").isEqualTo(1);
        assertThat(SourcingPolicy.shipmentCost(1, 100, 1_999)).as("after the handling cost").isEqualTo(101);
        assertThat(SourcingPolicy.shipmentCost(3, 0, 333)).as("0.999 rounds down").isZero();
        assertThat(SourcingPolicy.shipmentCost(1, 0, 1_500) * 2).as("two shipments, not 3000 m at once")
            .isEqualTo(2);
        assertThat(SourcingPolicy.shipmentCost(SourcingPolicy.MAX_RATE_PER_KM_MINOR, SourcingPolicy.MAX_COST_MINOR,
            SourcingPolicy.MAX_DISTANCE_METRES)).as("the largest, exactly")
            .isEqualTo((1L << 40) + 20_037_509_000L);
    }

    @Test
    void aTransitTableWhoseMinutesFallWithDistanceIsRefusedAndEqualOnesAreNot()
    {
        SgNetwork.define(driver);
        final long before = driver.stateHash();

        final Result falling = driver.policy(falling(new int[] {720, 240}));

        assertThat(falling.code()).isEqualTo(ResultCode.INVALID_POLICY);
        assertThat(driver.stateHash()).as("the policy as it was").isEqualTo(before);
        assertThat(driver.policy(SgNetwork.policy(new long[] {20_000, 400_000, 1_500_000},
            new int[] {1440, 1440, 1440})).code()).isEqualTo(ResultCode.OK);
    }

    /**
     * A snapshot taken under rules version 7 may hold a table whose minutes fall: it is read back as it was (a start
     * after the upgrade must not fail on it), while a command with the same bytes is refused.
     */
    @Test
    void aStoredPolicyIsReadAsItWasSetAndTheSameBytesAsACommandAreRefused()
    {
        final SourcingPolicy stored = falling(new int[] {720, 240});
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final PayloadWriter w = new PayloadWriter();
        w.wrap(buffer, 0);
        stored.writeTo(w);

        assertThat(SourcingPolicy.readFrom(new PayloadReader().wrap(buffer, 0, w.length()), true, true))
            .isEqualTo(stored);
        assertThat(SourcingPolicy.readFrom(new PayloadReader().wrap(buffer, 0, w.length()), false, true)).isNull();
        assertThat(new SourcingPolicy.Builder().splitPenaltyMinor(1).pickupReadyMinutes(1)
            .level(Codes.ServiceLevel.STANDARD, 1, 0, new long[] {1, 2}, new int[] {2, 1})
            .level(Codes.ServiceLevel.EXPRESS, 1, 0, new long[] {1}, new int[] {1})
            .level(Codes.ServiceLevel.SAME_DAY, 1, 0, new long[] {1}, new int[] {1}).validate())
            .isEqualTo("STANDARD: transit minutes must not fall as distance rises (band 1 is 1 minutes, band 0 2)");
    }

    /** The test network's policy with STANDARD's two bands taking {@code minutes}, built as a snapshot holds it. */
    private static SourcingPolicy falling(final int[] minutes)
    {
        return new SourcingPolicy.Builder().stored()
            .splitPenaltyMinor(500)
            .pickupReadyMinutes(120)
            .level(Codes.ServiceLevel.STANDARD, 2, 0, new long[] {50_000, 400_000}, minutes)
            .level(Codes.ServiceLevel.EXPRESS, 4, 0, new long[] {20_000, 400_000}, new int[] {240, 1440})
            .level(Codes.ServiceLevel.SAME_DAY, 10, 11_000, new long[] {50_000}, new int[] {360})
            .build();
    }

    private Result location(final String id, final String currency)
    {
        return location(id, currency, 250);
    }

    private Result location(final String id, final String currency, final long handlingCost)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final PayloadWriter w = new PayloadWriter();
        w.wrap(buffer, 0);
        CommandCodec.defineLocation(w, 0, 0, id, Codes.LocationType.WAREHOUSE, id, 1_352_100, 103_819_800, "SG",
            Codes.CAP_SHIP, 0, handlingCost, currency, true);
        final byte[] payload = new byte[w.length()];
        buffer.getBytes(0, payload);
        return driver.applyPayload(CommandType.DEFINE_LOCATION, payload);
    }
}
