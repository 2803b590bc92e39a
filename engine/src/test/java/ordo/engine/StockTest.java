package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/** Node holds and network holds, inactive locations, safety stock, counts and adjustments. */
class StockTest
{
    private static final long MINUTE = 60_000;

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        driver.defineLocation("wh-1");
        driver.defineLocation("wh-2");
        driver.defineSku("A");
    }

    @Test
    void aNodeHoldNeedsNodeAtpAndNetworkAtp()
    {
        driver.setInventory("A", "wh-1", 5, 0);
        driver.setInventory("A", "wh-2", 5, 0);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "A:8").code()).isEqualTo(ResultCode.OK);

        // Regression: wh-1 shows 5 free, but 3 of its units already back the network hold of 8.
        final Result nodeHold = driver.reserve("web", "c-2", "wh-1", MINUTE, "A:3");
        assertThat(nodeHold.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(nodeHold.a()).as("available: network ATP").isEqualTo(2);
        assertThat(driver.reserve("web", "c-2", "wh-1", MINUTE, "A:2").code()).isEqualTo(ResultCode.OK);

        final Views.Inventory view = driver.inventory("A");
        assertThat(view.atp()).isZero();
        assertThat(view.networkHolds()).isEqualTo(8).isLessThanOrEqualTo(view.networkSupply());
        assertThat(view.reserved()).isEqualTo(10);
        assertThat(view.at("wh-1").reserved()).isEqualTo(2);
        assertThat(view.at("wh-1").atp()).isEqualTo(3);
    }

    @Test
    void aNodeHoldNeedsAtpAtThatNode()
    {
        driver.setInventory("A", "wh-1", 2, 0);
        driver.setInventory("A", "wh-2", 10, 0);

        final Result result = driver.reserve("web", "c-1", "wh-1", MINUTE, "A:3");

        assertThat(result.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(result.a()).isEqualTo(2);
        driver.defineLocation("store-1");
        assertThat(driver.reserve("web", "c-1", "store-1", MINUTE, "A:1").a())
            .as("a node without a stock cell has nothing").isZero();
    }

    @Test
    void aNetworkHoldCannotTakeWhatNodeHoldsTook()
    {
        driver.setInventory("A", "wh-1", 5, 0);
        driver.reserve("web", "c-1", "wh-1", MINUTE, "A:4");

        assertThat(driver.reserve("web", "c-2", null, MINUTE, "A:2").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.reserve("web", "c-2", null, MINUTE, "A:1").code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void anInactiveLocationTakesNoHoldsAndBacksNoNetworkHolds()
    {
        driver.setInventory("A", "wh-1", 5, 0);
        driver.setInventory("A", "wh-2", 7, 0);
        driver.defineLocation("wh-2", Codes.LocationType.WAREHOUSE, 0, 0, Codes.CAP_SHIP, false);

        assertThat(driver.reserve("web", "c-1", "wh-2", MINUTE, "A:1").code()).isEqualTo(ResultCode.LOCATION_INACTIVE);
        final Views.Inventory view = driver.inventory("A");
        assertThat(view.at("wh-2").active()).isFalse();
        assertThat(view.onHand()).isEqualTo(12);
        assertThat(view.atp()).isEqualTo(5);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "A:6").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "A:5").code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void anInactiveLocationIsReportedBeforeStockAndSaleChecks()
    {
        driver.defineLocation("wh-2", Codes.LocationType.WAREHOUSE, 0, 0, Codes.CAP_SHIP, false);
        driver.defineSku("DROP", 0, driver.now() + MINUTE, Long.MAX_VALUE);

        assertThat(driver.reserve("web", "c-1", "wh-2", MINUTE, "DROP:1").code())
            .isEqualTo(ResultCode.LOCATION_INACTIVE);
    }

    @Test
    void safetyStockIsNeverGranted()
    {
        driver.setInventory("A", "wh-1", 5, 2);

        assertThat(driver.inventory("A").atp()).isEqualTo(3);
        assertThat(driver.reserve("web", "c-1", "wh-1", MINUTE, "A:4").a()).isEqualTo(3);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "A:4").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "A:2").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserve("web", "c-1", "wh-1", MINUTE, "A:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "A:1").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        final Views.Inventory view = driver.inventory("A");
        assertThat(view.onHand() - view.reserved()).as("what is left is the safety stock").isEqualTo(2);
        assertThat(view.at("wh-1").atp()).as("node ATP does not see network holds").isEqualTo(2);
        assertThat(view.atp()).isZero();
    }

    @Test
    void downwardAdjustmentBelowCommitmentsLeavesNegativeAtpAndExistingHolds()
    {
        driver.setInventory("A", "wh-1", 5, 0);
        final long nodeHold = driver.reserve("web", "c-1", "wh-1", 10 * MINUTE, "A:4").reservationId();
        final long networkHold = driver.reserve("web", "c-2", null, 10 * MINUTE, "A:1").reservationId();

        final Result damage = driver.adjust("A", "wh-1", -3, Codes.AdjustmentReason.DAMAGE);

        assertThat(damage.code()).isEqualTo(ResultCode.OK);
        assertThat(damage.cell()).isEqualTo(new Views.Cell("A", "wh-1", 2, 4, 0, 0, -2));
        final Views.Inventory view = driver.inventory("A");
        assertThat(view.at("wh-1").atp()).isEqualTo(-2);
        assertThat(view.atp()).as("the network holds 1 with no supply left: a shortfall of 1 (shown as atp 0 over HTTP)")
            .isEqualTo(-1);
        assertThat(view.networkHolds()).isEqualTo(1);
        assertThat(driver.reservation(nodeHold).status()).isEqualTo(Codes.ReservationStatus.HELD);
        assertThat(driver.reservation(networkHold).status()).isEqualTo(Codes.ReservationStatus.HELD);
        assertThat(driver.reserve("web", "c-3", null, MINUTE, "A:1").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.reserve("web", "c-3", "wh-1", MINUTE, "A:1").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.checkInvariants()).isNull();

        final Result receipt = driver.adjust("A", "wh-1", 10, Codes.AdjustmentReason.RECEIPT);

        assertThat(receipt.cell().atp()).isEqualTo(8);
        assertThat(driver.inventory("A").atp()).isEqualTo(7);
        assertThat(driver.reserve("web", "c-3", "wh-1", MINUTE, "A:7").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserve("web", "c-3", null, MINUTE, "A:1").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
    }

    @Test
    void aCycleCountBelowCommitmentsWorksLikeADownwardAdjustment()
    {
        driver.setInventory("A", "wh-1", 5, 0);
        driver.reserve("web", "c-1", "wh-1", 10 * MINUTE, "A:5");

        final Result count = driver.setInventory("A", "wh-1", 1, 1);

        assertThat(count.cell()).isEqualTo(new Views.Cell("A", "wh-1", 1, 5, 0, 1, -5));
        assertThat(driver.reserve("web", "c-2", null, MINUTE, "A:1").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void onHandNeverGoesBelowZero()
    {
        driver.setInventory("A", "wh-1", 2, 0);
        final long hash = driver.stateHash();

        final Result result = driver.adjust("A", "wh-1", -3, Codes.AdjustmentReason.COUNT);

        assertThat(result.code()).isEqualTo(ResultCode.ON_HAND_NEGATIVE);
        assertThat(result.a()).as("on hand before").isEqualTo(2);
        assertThat(Views.skuId(result.data())).isEqualTo("A");
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.adjust("A", "wh-2", -1, Codes.AdjustmentReason.COUNT).code())
            .isEqualTo(ResultCode.ON_HAND_NEGATIVE);
        assertThat(driver.inventory("A").at("wh-2")).as("a rejected adjustment creates no cell").isNull();
        assertThat(driver.adjust("A", "wh-1", Long.MIN_VALUE, Codes.AdjustmentReason.COUNT).code())
            .isEqualTo(ResultCode.ON_HAND_NEGATIVE);
        assertThat(driver.stateHash()).isEqualTo(hash);
    }

    @Test
    void onHandNeverPassesTheLargestCountAndSaysSo()
    {
        driver.setInventory("A", "wh-1", CommandCodec.MAX_UNITS - 1, 0);
        final long hash = driver.stateHash();

        final Result result = driver.adjust("A", "wh-1", 2, Codes.AdjustmentReason.RECEIPT);

        assertThat(result.code()).as("not ON_HAND_NEGATIVE: it would grow").isEqualTo(ResultCode.ON_HAND_TOO_LARGE);
        assertThat(result.a()).as("on hand before").isEqualTo(CommandCodec.MAX_UNITS - 1);
        assertThat(result.b()).as("the largest count").isEqualTo(CommandCodec.MAX_UNITS);
        assertThat(Views.skuId(result.data())).isEqualTo("A");
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.adjust("A", "wh-1", 1, Codes.AdjustmentReason.RECEIPT).code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void inventoryCommandsValidateTheirInput()
    {
        assertThat(driver.setInventory("NOPE", "wh-1", 1, 0).code()).isEqualTo(ResultCode.SKU_NOT_FOUND);
        assertThat(driver.setInventory("A", "nowhere", 1, 0).code()).isEqualTo(ResultCode.LOCATION_NOT_FOUND);
        // -1 is KEEP since rules version 13 (CountKeepsWhatItLeavesOutTest); any other negative is refused.
        assertThat(driver.setInventory("A", "wh-1", -2, 0).code()).isEqualTo(ResultCode.INVALID_QUANTITY);
        assertThat(driver.setInventory("A", "wh-1", 1, -2).code()).isEqualTo(ResultCode.INVALID_QUANTITY);
        assertThat(driver.setInventory("A", "wh-1", Long.MIN_VALUE, 0).code()).isEqualTo(ResultCode.INVALID_QUANTITY);
        assertThat(driver.setInventory("A", "wh-1", (1L << 40) + 1, 0).code()).isEqualTo(ResultCode.INVALID_QUANTITY);
        assertThat(driver.adjust("A", "wh-1", 0, Codes.AdjustmentReason.COUNT).code())
            .isEqualTo(ResultCode.INVALID_QUANTITY);
        assertThat(driver.adjust("NOPE", "wh-1", 1, Codes.AdjustmentReason.COUNT).code())
            .isEqualTo(ResultCode.SKU_NOT_FOUND);
        assertThat(driver.adjust("A", "nowhere", 1, Codes.AdjustmentReason.COUNT).code())
            .isEqualTo(ResultCode.LOCATION_NOT_FOUND);
        assertThat(driver.queryInventory("NOPE").code()).isEqualTo(ResultCode.SKU_NOT_FOUND);
        assertThat(driver.inventory("A").locations()).isEmpty();
    }

    /** Rules version 3: a receipt adds stock and damage takes it away; a count or a transfer goes either way. */
    @Test
    void aReceiptAddsStockAndDamageTakesItAway()
    {
        driver.setInventory("A", "wh-1", 10, 0);
        final long hash = driver.stateHash();
        assertThat(driver.adjust("A", "wh-1", -1, Codes.AdjustmentReason.RECEIPT).code())
            .isEqualTo(ResultCode.INVALID_QUANTITY);
        assertThat(driver.adjust("A", "wh-1", 1, Codes.AdjustmentReason.DAMAGE).code())
            .isEqualTo(ResultCode.INVALID_QUANTITY);
        assertThat(driver.stateHash()).as("refused before anything changed").isEqualTo(hash);
        for (final Codes.AdjustmentReason either : new Codes.AdjustmentReason[]{Codes.AdjustmentReason.COUNT,
            Codes.AdjustmentReason.TRANSFER})
        {
            assertThat(driver.adjust("A", "wh-1", -2, either).code()).isEqualTo(ResultCode.OK);
            assertThat(driver.adjust("A", "wh-1", 1, either).code()).isEqualTo(ResultCode.OK);
        }
        assertThat(driver.adjust("A", "wh-1", 3, Codes.AdjustmentReason.RECEIPT).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.adjust("A", "wh-1", -1, Codes.AdjustmentReason.DAMAGE).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.inventory("A").at("wh-1").onHand()).isEqualTo(10);
    }

    @Test
    void locationsAreValidatedAndShownAsDefined()
    {
        assertThat(driver.defineLocation("bad id").code()).isEqualTo(ResultCode.INVALID_ID);
        assertThat(driver.defineLocation("x", Codes.LocationType.DC, 90_000_001, 0, 0, true).code())
            .isEqualTo(ResultCode.INVALID_COORDINATES);
        assertThat(driver.defineLocation("x", Codes.LocationType.DC, 0, -180_000_001, 0, true).code())
            .isEqualTo(ResultCode.INVALID_COORDINATES);
        assertThat(driver.defineLocation("x", Codes.LocationType.DC, 0, 0, 8, true).code())
            .isEqualTo(ResultCode.INVALID_FIELD);

        final Result defined = driver.defineLocation("dc-1", Codes.LocationType.DC, -33_868_800, 151_209_300,
            Codes.CAP_SHIP_FROM_STORE, true);

        assertThat(defined.entityId()).as("index in definition order").isEqualTo(2);
        final Views.Location expected = new Views.Location("dc-1", Codes.LocationType.DC, "Location dc-1",
            -33_868_800, 151_209_300, "SG", Codes.CAP_SHIP_FROM_STORE, 500, 250, "EUR", true,
            java.util.List.of(), "00:00:00Z");
        assertThat(Views.location(defined.data())).isEqualTo(expected);
        assertThat(driver.location("dc-1")).isEqualTo(expected);
    }
}
