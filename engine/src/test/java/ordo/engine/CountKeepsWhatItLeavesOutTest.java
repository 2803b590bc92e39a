package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.testing.EngineDriver;

/**
 * A count ({@code SET_INVENTORY}) keeps the figure it leaves out ({@link CommandCodec#KEEP}; rules version 13): a
 * store's count without a safety stock set the planner's to 0 and its buffer went to a waiting online order; setting
 * a safety stock meant restating onHand, and a receipt in between was lost (QA-211).
 */
class CountKeepsWhatItLeavesOutTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    @Test
    void aCountWithoutSafetyStockKeepsThePlannersBuffer()
    {
        driver.setInventory("BO", "store-orchard", 10, 4);

        assertThat(driver.setInventory("BO", "store-orchard", 9, CommandCodec.KEEP).code()).isEqualTo(ResultCode.OK);

        assertThat(driver.inventory("BO").at("store-orchard").safetyStock()).isEqualTo(4);
        assertThat(driver.inventory("BO").at("store-orchard").onHand()).isEqualTo(9);
        final long online = driver.placeOrder("BO:6").orderId();
        assertThat(driver.order(online).line("BO").backordered()).as("the buffer is not online stock").isEqualTo(1);
        assertThat(driver.order(online).allocatedAt("BO", "store-orchard")).isEqualTo(5);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aSafetyStockAloneKeepsTheCountAndItsReceipts()
    {
        stock(driver, "A", "wh-sg", 10);
        driver.adjust("A", "wh-sg", 5, Codes.AdjustmentReason.RECEIPT);

        assertThat(driver.setInventory("A", "wh-sg", CommandCodec.KEEP, 3).code()).isEqualTo(ResultCode.OK);

        assertThat(driver.inventory("A").at("wh-sg").onHand()).as("the receipt is kept").isEqualTo(15);
        assertThat(driver.inventory("A").at("wh-sg").safetyStock()).isEqualTo(3);
        assertThat(driver.inventory("A").at("wh-sg").atp()).isEqualTo(12);
    }

    @Test
    void aSafetyStockRaisedAboveWhatIsFreeLeavesOrdersTheirUnits()
    {
        stock(driver, "A", "wh-sg", 5);
        final long order = driver.placeOrder("A:4").orderId();

        driver.setInventory("A", "wh-sg", CommandCodec.KEEP, 3);

        assertThat(driver.order(order).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.order(order).allocatedAt("A", "wh-sg")).isEqualTo(4);
        assertThat(driver.inventory("A").at("wh-sg").atp()).as("below zero: nothing new is granted").isEqualTo(-2);
        assertThat(driver.checkInvariants()).isNull();
    }

    @Test
    void aCountKeepingBothOrNegativeOtherwiseIsAnInvalidQuantityAndChangesNothing()
    {
        driver.setInventory("A", "wh-sg", 7, 1);
        final long before = driver.stateHash();

        assertThat(driver.setInventory("A", "wh-sg", CommandCodec.KEEP, CommandCodec.KEEP).code())
            .isEqualTo(ResultCode.INVALID_QUANTITY);
        assertThat(driver.setInventory("A", "wh-sg", -2, 0).code()).isEqualTo(ResultCode.INVALID_QUANTITY);
        assertThat(driver.setInventory("A", "wh-sg", 3, -2).code()).isEqualTo(ResultCode.INVALID_QUANTITY);

        assertThat(driver.stateHash()).isEqualTo(before);
    }

    @Test
    void aFirstCountAtANodeMayGiveOnlyItsSafetyStock()
    {
        assertThat(driver.setInventory("A", "wh-kl", CommandCodec.KEEP, 2).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.inventory("A").at("wh-kl").onHand()).isZero();
        assertThat(driver.inventory("A").at("wh-kl").safetyStock()).isEqualTo(2);
        driver.adjust("A", "wh-kl", 5, Codes.AdjustmentReason.RECEIPT);
        assertThat(driver.inventory("A").at("wh-kl").atp()).isEqualTo(3);
    }
}
