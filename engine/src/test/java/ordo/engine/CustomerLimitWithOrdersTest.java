package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;

/** Per-customer limits count live holds plus ordered units that are not cancelled (LTD: two per customer). */
class CustomerLimitWithOrdersTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "LTD", "wh-sg", 100);
    }

    @Test
    void aHoldAndAnOrderTogetherReachTheLimitInEitherForm()
    {
        assertThat(driver.reserve("web", "c-1", null, 10 * MINUTE, "LTD:1").code()).isEqualTo(ResultCode.OK);
        final Result order = driver.placeOrder("LTD:1");
        assertThat(order.code()).isEqualTo(ResultCode.OK);
        final long hash = driver.stateHash();

        assertThat(driver.reserve("web", "c-1", null, 10 * MINUTE, "LTD:1").code())
            .isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        final Result thirdAsOrder = driver.placeOrder("LTD:1");
        assertThat(thirdAsOrder.code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        assertThat(thirdAsOrder.b()).as("limit").isEqualTo(2);
        assertThat(driver.ordering().channel("app").line("LTD", 1).submit().code())
            .as("the limit is the customer's, whatever the channel").isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.ordering().customer("c-2").line("LTD", 2).submit().code()).isEqualTo(ResultCode.OK);

        assertThat(driver.cancelOrder(order.orderId()).code()).isEqualTo(ResultCode.OK);

        assertThat(driver.reserve("web", "c-1", null, 10 * MINUTE, "LTD:1").code())
            .as("cancelled units no longer count").isEqualTo(ResultCode.OK);
    }

    @Test
    void stockIsCheckedBeforeTheLimitForAHoldAndForAnOrder()
    {
        assertThat(driver.placeOrder("LTD:2").code()).isEqualTo(ResultCode.OK);
        driver.setInventory("LTD", "wh-sg", 0, 0);

        // At the limit, and no stock: refused for stock (rules version 2), the same answer anyone gets.
        final Result order = driver.placeOrder("LTD:1");
        assertThat(order.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(order.a()).as("available").isZero();
        assertThat(driver.reserve("web", "c-1", null, 10 * MINUTE, "LTD:1").code())
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);

        driver.setInventory("LTD", "wh-sg", 10, 0);
        assertThat(driver.placeOrder("LTD:1").code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        assertThat(driver.reserve("web", "c-1", null, 10 * MINUTE, "LTD:1").code())
            .isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
    }

    @Test
    void onlyTheUnitsStillOrderedCount()
    {
        final long id = driver.placeOrder("LTD:2").orderId();
        assertThat(driver.placeOrder("LTD:1").code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);

        driver.cancelOrder(id, "LTD:1");

        assertThat(driver.placeOrder("LTD:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.placeOrder("LTD:1").code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
    }

    @Test
    void convertingAHoldDoesNotCountItsUnitsTwice()
    {
        final long hold = driver.reserve("web", "c-1", null, 10 * MINUTE, "LTD:2").reservationId();

        assertThat(driver.ordering().reservation(hold).line("LTD", 2).submit().code()).isEqualTo(ResultCode.OK);

        assertThat(driver.reserve("web", "c-1", null, 10 * MINUTE, "LTD:1").code())
            .isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
    }

    @Test
    void backorderedUnitsCountToo()
    {
        driver.defineSku("LTD", 2, true);
        driver.setInventory("LTD", "wh-sg", 1, 0);

        assertThat(driver.placeOrder("LTD:2").code()).isEqualTo(ResultCode.OK);

        assertThat(driver.placeOrder("LTD:1").code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
    }
}
