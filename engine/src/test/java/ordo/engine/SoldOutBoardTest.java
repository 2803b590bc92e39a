package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;

/**
 * What the engine publishes for the gateway to refuse a sold-out network hold without a command: true only when the
 * engine, given that hold now, would refuse it with INSUFFICIENT_STOCK. Every answer of the board here is checked
 * against the engine's own answer to the same hold at the same time.
 */
class SoldOutBoardTest
{
    private static final long MINUTE = 60_000;

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        driver.defineLocation("wh-1");
        driver.defineLocation("wh-2");
        driver.defineSku("S");
        driver.defineSku("OTHER");
        driver.setInventory("S", "wh-1", 2, 0);
        driver.setInventory("OTHER", "wh-1", 1_000, 0);
    }

    @Test
    void aSkuIsSoldOutWhenNetworkHoldsTakeItsLastUnitAndNotOnceOneIsReleased()
    {
        assertThat(boardRefuses("S", "web", driver.now())).as("channel web never used").isFalse();
        final Result first = driver.reserve("web", "c-1", null, MINUTE, "S:1");
        assertThat(boardRefuses("S", "web", driver.now())).isFalse();
        driver.reserve("web", "c-2", null, MINUTE, "S:1");

        assertRefusedAlike("S", "web");
        assertThat(boardRefuses("S", "app", driver.now())).as("channel app never used").isFalse();
        assertThat(boardRefuses("NO-SUCH-SKU", "web", driver.now())).isFalse();

        driver.release(first.reservationId());
        assertThat(boardRefuses("S", "web", driver.now())).isFalse();
        assertThat(driver.reserve("web", "c-3", null, MINUTE, "S:1").code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void theAnswerNamesTheSeqOfTheStateItRestsOn()
    {
        driver.reserve("web", "c-0", null, MINUTE, "OTHER:1");
        driver.reserve("web", "c-1", null, MINUTE, "S:2");
        final long soldOutAt = driver.seq();
        final byte[] body = bytes("S,web");

        assertThat(driver.engine().soldOutBoard().soldOutAsOf(body, 0, 1, 2, 3, driver::now)).isEqualTo(soldOutAt);
        // Same time, a later expiry than the earliest, no SKU sold out or back: the command writes nothing.
        driver.reserve("web", "c-2", null, MINUTE, "OTHER:1");
        assertThat(driver.engine().soldOutBoard().soldOutAsOf(body, 0, 1, 2, 3, driver::now)).isEqualTo(soldOutAt);
        // Engine time moved: written as of that command.
        driver.advance(1).reserve("web", "c-3", null, MINUTE, "OTHER:1");
        assertThat(driver.engine().soldOutBoard().soldOutAsOf(body, 0, 1, 2, 3, driver::now))
            .isEqualTo(driver.seq());
    }

    @Test
    void nodeHoldsOrdersCountsSafetyStockAndNodesSwitchedOffAllCount()
    {
        driver.reserve("web", "c-0", null, MINUTE, "OTHER:1"); // channel web in use
        driver.reserve("web", "c-1", "wh-1", MINUTE, "S:2");
        assertRefusedAlike("S", "web");

        driver.setInventory("S", "wh-2", 3, 0);
        assertThat(boardRefuses("S", "web", driver.now())).as("stock counted at wh-2").isFalse();
        driver.setInventory("S", "wh-2", 3, 3);
        assertRefusedAlike("S", "web");
        driver.setInventory("S", "wh-2", 3, 1);
        assertThat(boardRefuses("S", "web", driver.now())).isFalse();
        driver.defineLocation("wh-2", Codes.LocationType.WAREHOUSE, 1_352_100, 103_819_800, Codes.CAP_SHIP, false);
        assertRefusedAlike("S", "web");
        driver.defineLocation("wh-2", Codes.LocationType.WAREHOUSE, 1_352_100, 103_819_800, Codes.CAP_SHIP, true);
        assertThat(boardRefuses("S", "web", driver.now())).isFalse();

        final Result order = driver.placeOrder("S:2");
        assertThat(order.code()).isEqualTo(ResultCode.OK);
        assertRefusedAlike("S", "web");
        driver.cancelOrder(order.orderId(), "S:1");
        assertThat(boardRefuses("S", "web", driver.now())).isFalse();
    }

    @Test
    void aHoldDueBeforeTheRequestLeavesItToTheEngine()
    {
        driver.reserve("web", "c-0", null, MINUTE, "OTHER:1");
        final long start = driver.now();
        driver.reserve("web", "c-1", null, 1_000, "S:2"); // due at start + 1000
        driver.at(start + 900).reserve("web", "c-2", null, MINUTE, "OTHER:1");

        assertThat(boardRefuses("S", "web", start + 999)).isTrue();
        assertThat(boardRefuses("S", "web", start + 1_000)).as("the hold is due: the engine ends it first").isFalse();
        assertThat(driver.at(start + 1_000).reserve("web", "c-3", null, MINUTE, "S:1").code())
            .isEqualTo(ResultCode.OK);
    }

    @Test
    void anEngineIdleForAHoldTimeLeavesItToTheEngine()
    {
        driver.reserve("web", "c-0", null, MINUTE, "OTHER:1");
        driver.reserve("web", "c-1", null, 10 * MINUTE, "S:2");
        final long last = driver.now();

        assertThat(boardRefuses("S", "web", last + ReservationCommands.MIN_TTL_MILLIS - 1)).isTrue();
        // A hold made since the last command seen could be due by now: the board cannot tell.
        assertThat(boardRefuses("S", "web", last + ReservationCommands.MIN_TTL_MILLIS)).isFalse();
        assertThat(boardRefuses("S", "web", last - 1)).as("a clock behind engine time").isFalse();
    }

    @Test
    void aSoldOutSkuWithAPerCustomerLimitIsRefusedForStockByAnyCustomerAndASaleWindowIsChecked()
    {
        // Holds that outlast the sale window below, so that no hold is due while it is checked.
        driver.reserve("web", "c-0", null, 60 * MINUTE, "OTHER:1");
        driver.reserve("web", "c-1", null, 60 * MINUTE, "S:2");
        assertRefusedAlike("S", "web");

        // A limit the holder is already at: stock is checked first (rules version 2), so it is refused for stock.
        driver.defineSku("S", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(boardRefuses("S", "web", driver.now())).isTrue();
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "S:1").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertRefusedAlike("S", "web");

        final long now = driver.now();
        driver.defineSku("S", 0, now + MINUTE, Long.MAX_VALUE);
        assertThat(boardRefuses("S", "web", now)).as("not open yet").isFalse();
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "S:1").code()).isEqualTo(ResultCode.SALE_NOT_OPEN);

        final long end = now + 10 * MINUTE;
        driver.defineSku("S", 0, now - MINUTE, end);
        assertRefusedAlike("S", "web");
        // Engine time near the sale's end, so that only the end's margin decides.
        driver.at(end - 1_500).reserve("web", "c-9", null, MINUTE, "OTHER:1");
        assertThat(boardRefuses("S", "web", end - ReservationCommands.MIN_TTL_MILLIS - 1)).isTrue();
        assertThat(boardRefuses("S", "web", end - ReservationCommands.MIN_TTL_MILLIS))
            .as("too near the sale's end").isFalse();
    }

    @Test
    void aRestoredEngineShowsWhatTheOriginalShowed()
    {
        driver.reserve("web", "c-0", null, MINUTE, "OTHER:1");
        driver.reserve("web", "c-1", null, MINUTE, "S:2");
        assertRefusedAlike("S", "web");

        final Engine restored = EngineSnapshot.fromBytes(EngineSnapshot.toBytes(driver.engine()), EventSink.NONE);

        assertThat(restored.soldOutBoard().soldOutAsOf(bytes("S,web"), 0, 1, 2, 3, () -> driver.now()))
            .as("as of the snapshot's seq").isEqualTo(driver.seq());
        assertThat(restored.soldOutBoard().soldOutAsOf(bytes("OTHER,web"), 0, 5, 6, 3, () -> driver.now()))
            .isEqualTo(SoldOutBoard.NOT_CERTAIN);
        assertThat(restored.checkInvariants()).isNull();
    }

    private void assertRefusedAlike(final String sku, final String channel)
    {
        assertThat(boardRefuses(sku, channel, driver.now())).as("the board refuses %s", sku).isTrue();
        final Result engine = driver.reserve(channel, "someone", null, MINUTE, sku + ":1");
        assertThat(engine.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(engine.a()).as("available").isZero();
        assertThat(engine.line()).isZero();
        assertThat(driver.engine().checkInvariants()).isNull();
    }

    private boolean boardRefuses(final String sku, final String channel, final long nowMillis)
    {
        // The SKU and the channel from one array, at offsets, as the gateway passes them from a request body.
        final byte[] body = bytes("{" + sku + "," + channel + "}");
        final long asOf = driver.engine().soldOutBoard().soldOutAsOf(body, 1, sku.length(), sku.length() + 2,
            channel.length(), () -> nowMillis);
        assertThat(asOf).as("no seq beyond the engine's").isLessThanOrEqualTo(driver.seq());
        return asOf != SoldOutBoard.NOT_CERTAIN;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
