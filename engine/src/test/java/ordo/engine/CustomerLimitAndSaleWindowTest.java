package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/** Per-customer limits (live holds only, per SKU, per customer) and sale windows (exact to the millisecond). */
class CustomerLimitAndSaleWindowTest
{
    private static final long MINUTE = 60_000;

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        driver.defineLocation("wh-1");
        driver.defineSku("LTD", 2, Long.MIN_VALUE, Long.MAX_VALUE);
        driver.defineSku("ONE", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        driver.defineSku("FREE");
        driver.setInventory("LTD", "wh-1", 100, 0);
        driver.setInventory("ONE", "wh-1", 100, 0);
        driver.setInventory("FREE", "wh-1", 100, 0);
    }

    @Test
    void perCustomerLimitCountsLiveHolds()
    {
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "LTD:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "LTD:1").code()).isEqualTo(ResultCode.OK);

        final Result third = driver.reserve("web", "c-1", null, MINUTE, "FREE:1", "LTD:1");

        assertThat(third.code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        assertThat(third.line()).isEqualTo(1);
        assertThat(third.a()).as("held").isEqualTo(2);
        assertThat(third.b()).as("limit").isEqualTo(2);
        assertThat(third.c()).as("requested").isEqualTo(1);
        assertThat(Views.skuId(third.data())).isEqualTo("LTD");
        assertThat(driver.reserve("app", "c-1", null, MINUTE, "LTD:1").code())
            .as("the limit is the customer's, whatever the channel").isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        assertThat(driver.reserve("web", "c-9", null, MINUTE, "LTD:3").code())
            .as("one request above the limit").isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
    }

    @Test
    void perCustomerLimitIsPerCustomerAndPerSku()
    {
        driver.reserve("web", "c-1", null, MINUTE, "LTD:2", "ONE:1");

        assertThat(driver.reserve("web", "c-2", null, MINUTE, "LTD:2", "ONE:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "FREE:50").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "ONE:1").code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "LTD:1").code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
    }

    @Test
    void perCustomerLimitFreesOnRelease()
    {
        final long id = driver.reserve("web", "c-1", null, MINUTE, "LTD:2").reservationId();
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "LTD:1").code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);

        driver.release(id);

        assertThat(driver.reserve("web", "c-1", null, MINUTE, "LTD:2").code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void perCustomerLimitFreesOnExpiry()
    {
        final Result hold = driver.reserve("web", "c-1", null, MINUTE, "LTD:2");

        driver.at(hold.a() - 1);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "LTD:1").code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        driver.at(hold.a());
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "LTD:2").code()).isEqualTo(ResultCode.OK);
    }

    /** Regression: counts were kept only while a SKU had a limit, so redefining the limit left them wrong. */
    @Test
    void perCustomerLimitStillCountsLiveHoldsAfterTheLimitIsRedefined()
    {
        final long id = driver.reserve("web", "c-1", null, 10 * MINUTE, "LTD:2").reservationId();
        driver.defineSku("LTD", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        driver.release(id);
        driver.defineSku("LTD", 2, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(driver.reserve("web", "c-1", null, 10 * MINUTE, "LTD:2").code())
            .as("a hold released while the SKU was unlimited no longer counts").isEqualTo(ResultCode.OK);

        driver.defineSku("FREE", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        driver.reserve("web", "c-2", null, 10 * MINUTE, "FREE:2");
        driver.defineSku("FREE", 2, Long.MIN_VALUE, Long.MAX_VALUE);
        final Result overLimit = driver.reserve("web", "c-2", null, 10 * MINUTE, "FREE:1");
        assertThat(overLimit.code()).as("a hold taken while the SKU was unlimited counts once it is limited")
            .isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        assertThat(overLimit.a()).isEqualTo(2);
    }

    @Test
    void saleWindowOpensAndEndsToTheMillisecond()
    {
        final long opens = driver.now() + 10 * MINUTE;
        final long ends = opens + 60 * MINUTE;
        driver.defineSku("DROP", 0, opens, ends);
        driver.setInventory("DROP", "wh-1", 10, 0);

        driver.at(opens - 1);
        final Result early = driver.reserve("web", "c-1", null, MINUTE, "FREE:1", "DROP:1");
        assertThat(early.code()).isEqualTo(ResultCode.SALE_NOT_OPEN);
        assertThat(early.line()).isEqualTo(1);
        assertThat(Views.skuId(early.data())).isEqualTo("DROP");

        driver.at(opens);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "DROP:1").code()).isEqualTo(ResultCode.OK);
        driver.at(ends - 1);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "DROP:1").code()).isEqualTo(ResultCode.OK);
        driver.at(ends);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "DROP:1").code()).isEqualTo(ResultCode.SALE_ENDED);
    }

    @Test
    void saleWindowIsCheckedBeforeStockAndStockBeforeLimits()
    {
        final long opens = driver.now() + MINUTE;
        driver.defineSku("DROP", 1, opens, Long.MAX_VALUE);

        assertThat(driver.reserve("web", "c-1", null, MINUTE, "DROP:5").code())
            .as("no stock and over the limit, but first of all not on sale yet").isEqualTo(ResultCode.SALE_NOT_OPEN);
        driver.at(opens);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "DROP:5").code())
            .as("no stock and over the limit: stock first (rules version 2)").isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "DROP:1").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        driver.setInventory("DROP", "wh-1", 10, 0);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "DROP:5").code())
            .as("stock enough, over the limit").isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "DROP:1").code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void aSaleWindowMustEndAfterItStarts()
    {
        final long t = driver.now();
        assertThat(driver.defineSku("BAD", 0, t, t).code()).isEqualTo(ResultCode.INVALID_SALE_WINDOW);
        assertThat(driver.defineSku("BAD", 0, t + 1, t).code()).isEqualTo(ResultCode.INVALID_SALE_WINDOW);
        assertThat(driver.defineSku("BAD", -1, Long.MIN_VALUE, Long.MAX_VALUE).code()).isEqualTo(ResultCode.INVALID_FIELD);
        assertThat(driver.defineSku("GOOD", 0, t, t + 1).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.sku("GOOD")).isEqualTo(new Views.Sku("GOOD", "Item GOOD", 250, 0, t, t + 1, false));
    }

    @Test
    void aCustomerIdCraftedToHashLikeAnotherDoesNotShareItsLimit()
    {
        // Ids hash without a key, so a buyer can find an id with the same 64-bit hash as someone else's in well
        // under a second; the limit must still be counted per exact id.
        final String victim = "alice";
        final String attacker = "X-iKLb.sX_HPibjj";
        assertThat(Hashing.hashAscii(attacker)).isEqualTo(Hashing.hashAscii(victim));

        assertThat(driver.reserve("web", attacker, null, MINUTE, "LTD:2").code()).isEqualTo(ResultCode.OK);

        assertThat(driver.reserve("web", victim, null, MINUTE, "LTD:2").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserve("web", attacker, null, MINUTE, "LTD:1").code())
            .isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        assertThat(driver.reserve("web", victim, null, MINUTE, "LTD:1").code())
            .isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
    }
}
