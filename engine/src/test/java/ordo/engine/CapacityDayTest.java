package ordo.engine;

import static ordo.engine.SgNetwork.HANDLING;
import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.NEXT_UTC_MIDNIGHT;
import static ordo.engine.SgNetwork.node;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.SourcingReason;
import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's capacity day begins at its own time ({@code capacityDayStartsAt}, rules version 19): a Jakarta warehouse's
 * at local midnight (17:00 UTC) or at its 14:00 cut-off (07:00 UTC), not at midnight UTC. The day being counted keeps
 * its end when the time changes; a snapshot keeps both.
 */
class CapacityDayTest
{
    private static final long HOUR = 60 * MINUTE;
    /** 00:00+07:00: 17:00 UTC, the day after the driver's start. */
    private static final long JAKARTA_MIDNIGHT = NEXT_UTC_MIDNIGHT + 17 * HOUR;

    private final EngineDriver driver = new EngineDriver();

    /** Jakarta ships alone: every other node switched off. */
    @BeforeEach
    void jakartaAlone()
    {
        SgNetwork.define(driver);
        for (final String other : new String[] {"wh-sg", "wh-kl", "store-orchard", "store-tampines"})
        {
            SgNetwork.deactivate(driver, other);
        }
        stock(driver, "A", "wh-jkt", 10);
        stock(driver, "BO", "wh-jkt", 10);
    }

    @Test
    void aBackorderWaitingForTheDaysCapacityGoesAtTheNodesLocalMidnightNotAtUtcMidnight()
    {
        node(driver, "wh-jkt", 1, 0, 7 * 60);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        final long waiting = driver.placeOrder("BO:1").orderId();
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);
        assertThat(driver.engine().nextTickAt()).as("the node's midnight").isEqualTo(JAKARTA_MIDNIGHT);

        driver.at(NEXT_UTC_MIDNIGHT).tick();
        assertThat(driver.order(waiting).status()).as("midnight UTC is 07:00 in Jakarta, the same day")
            .isEqualTo(OrderStatus.BACKORDERED);
        driver.at(JAKARTA_MIDNIGHT - 1).tick();
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);

        final Result midnight = driver.at(JAKARTA_MIDNIGHT).tick();
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.orderEvents(waiting).ofType(Codes.OrderEventType.BACKORDER_ALLOCATED))
            .extracting(OrderViews.OrderEvent::seq).containsExactly(midnight.seq());
        assertThat(driver.checkInvariants()).isNull();
    }

    /** A 14:00 cut-off in Jakarta (07:00 UTC): an order at 13:59 local counts in today's, one at 14:00 in tomorrow's. */
    @Test
    void aCutOffBeginsTheDayAndOrdersEitherSideCountInDifferentDays()
    {
        final long cutOff = NEXT_UTC_MIDNIGHT + 7 * HOUR;
        node(driver, "wh-jkt", 1, 14 * 60, 7 * 60);
        driver.at(cutOff - 1);
        final long before = driver.placeOrder("A:1").orderId();
        assertThat(driver.order(before).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        driver.at(cutOff);
        final long after = driver.placeOrder("A:1").orderId();
        assertThat(driver.order(after).status()).as("a new day: room again").isEqualTo(OrderStatus.READY_TO_RELEASE);
        final Result refused = driver.placeOrder("A:1");
        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.CAPACITY_REACHED.code());
        assertThat(driver.checkInvariants()).isNull();

        // Cancelling the first gives nothing back: its day is over.
        driver.cancelOrder(before);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        // Cancelling the second gives its day's unit back.
        driver.cancelOrder(after);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.checkInvariants()).isNull();
    }

    /**
     * The day being counted keeps its end when the node's day is moved: the next begins at the new time. Moved from
     * midnight UTC to Jakarta's (17:00 UTC) during a day counted since 00:00 UTC, the day still ends at the next
     * midnight UTC, and the one after it at 17:00 UTC.
     */
    @Test
    void aNewStartTakesEffectFromTheNextDay()
    {
        node(driver, "wh-jkt", 1, 0, 0);
        driver.at(NEXT_UTC_MIDNIGHT + 10 * HOUR);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        node(driver, "wh-jkt", 1, 0, 7 * 60);
        driver.at(JAKARTA_MIDNIGHT + HOUR);
        final long waiting = driver.placeOrder("BO:1").orderId();
        assertThat(driver.order(waiting).status()).as("past 17:00 UTC, the day counted goes on")
            .isEqualTo(OrderStatus.BACKORDERED);
        final long nextUtcMidnight = NEXT_UTC_MIDNIGHT + 24 * HOUR;
        assertThat(driver.engine().nextTickAt()).isEqualTo(nextUtcMidnight);
        driver.at(nextUtcMidnight).tick();
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(jakarta().capacityDay).as("the next day ends at Jakarta's midnight")
            .isEqualTo(JAKARTA_MIDNIGHT + 24 * HOUR);
        assertThat(driver.checkInvariants()).isNull();
    }

    /**
     * A start moved later by an hour (a zone's clocks going back) makes the next day 25 hours long, not an hour-long
     * day with a whole day's capacity (Review-264); moved earlier by an hour, the next day is 23 hours.
     */
    @Test
    void aStartMovedLaterLengthensTheNextDayAndOneMovedEarlierShortensIt()
    {
        final long fourUtc = NEXT_UTC_MIDNIGHT + 4 * HOUR;
        node(driver, "wh-jkt", 1, 0, -4 * 60);
        driver.at(NEXT_UTC_MIDNIGHT + 10 * HOUR);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        node(driver, "wh-jkt", 1, 0, -5 * 60);
        driver.at(fourUtc + 24 * HOUR);
        assertThat(driver.placeOrder("A:1").code()).as("the counted day ended at 04:00").isEqualTo(ResultCode.OK);
        assertThat(jakarta().capacityDay).as("25 hours: to 05:00 the day after").isEqualTo(fourUtc + 49 * HOUR);
        driver.at(fourUtc + 25 * HOUR);
        assertThat(driver.placeOrder("A:1").code()).as("05:00 is not a new day").isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        driver.at(fourUtc + 49 * HOUR);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.checkInvariants()).isNull();

        node(driver, "wh-jkt", 1, 0, -4 * 60);
        assertThat(jakarta().capacityDay).as("the day counted keeps its end").isEqualTo(fourUtc + 73 * HOUR);
        driver.at(fourUtc + 73 * HOUR);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        assertThat(jakarta().capacityDay).as("23 hours: to 04:00").isEqualTo(fourUtc + 96 * HOUR);
        assertThat(driver.checkInvariants()).isNull();
    }

    /** Days are exact near the start of engine time too (a clamp there made a day four days long: Review-264). */
    @Test
    void daysAreExactAtTheEarliestEngineTimes()
    {
        final EngineDriver early = new EngineDriver(Long.MIN_VALUE + 1000);
        SgNetwork.define(early);
        SgNetwork.node(early, "wh-jkt", 1, 14 * 60, 7 * 60);
        stock(early, "A", "wh-jkt", 5);
        assertThat(early.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        assertThat(early.checkInvariants()).isNull();
        assertThat(early.engine().nextTickAt()).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * The engine's wake-up is exact after any edit (a capacity given and taken away again), so an engine restored from
     * a snapshot in between wakes and decides alike, command for command; a node counting no day wakes it at its
     * day's start, which marks nothing.
     */
    @Test
    void aWakeUpAnEditBroughtForwardChangesNothingARestoredEngineWouldNotDo()
    {
        node(driver, "wh-jkt", 1, 0, 7 * 60);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        final long waiting = driver.placeOrder("BO:1").orderId();
        assertThat(driver.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);
        // Kuala Lumpur, switched on with a capacity and a day starting at 01:00 UTC, counts no day.
        stock(driver, "BO", "wh-kl", 0);
        node(driver, "wh-kl", 5, 9 * 60, 8 * 60);
        assertThat(driver.engine().nextTickAt()).isEqualTo(NEXT_UTC_MIDNIGHT + HOUR);
        final EngineDriver kuala = EngineDriver.restore(driver.snapshot());
        node(driver, "wh-kl", 0, 9 * 60, 8 * 60);
        assertThat(driver.engine().nextTickAt()).isEqualTo(JAKARTA_MIDNIGHT);
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.engine().nextTickAt()).isEqualTo(JAKARTA_MIDNIGHT);
        kuala.at(NEXT_UTC_MIDNIGHT + HOUR).tick();
        assertThat(kuala.order(waiting).status()).as("Kuala Lumpur's day start marks nothing")
            .isEqualTo(OrderStatus.BACKORDERED);
        for (final EngineDriver d : new EngineDriver[] {driver, restored})
        {
            d.at(NEXT_UTC_MIDNIGHT + HOUR).tick();
            assertThat(d.order(waiting).status()).isEqualTo(OrderStatus.BACKORDERED);
            d.at(JAKARTA_MIDNIGHT).tick();
            assertThat(d.order(waiting).status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
            assertThat(d.checkInvariants()).isNull();
        }
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
    }

    /** A snapshot keeps when each node's day begins and the day counted; the restored state decides alike. */
    @Test
    void aSnapshotKeepsTheStartAndTheDayCounted()
    {
        node(driver, "wh-jkt", 2, 14 * 60, 7 * 60);
        assertThat(driver.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(restored.location("wh-jkt").capacityDayStartsAt()).isEqualTo("14:00:00+07:00");
        assertThat(restored.checkInvariants()).isNull();
        for (final EngineDriver d : new EngineDriver[] {driver, restored})
        {
            assertThat(d.placeOrder("A:1").code()).isEqualTo(ResultCode.OK);
            assertThat(d.placeOrder("A:1").code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        }
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
    }

    /**
     * The start joins the state hash only when it is not midnight UTC (a state of an older build hashes as it did),
     * and two starts at the same UTC time written at different offsets are different states.
     */
    @Test
    void theStartJoinsTheStateHash()
    {
        final long midnightUtc = driver.stateHash();
        node(driver, "wh-jkt", 0, 0, 0);
        assertThat(driver.stateHash()).isEqualTo(midnightUtc);
        node(driver, "wh-jkt", 0, 0, 7 * 60);
        final long jakarta = driver.stateHash();
        assertThat(jakarta).isNotEqualTo(midnightUtc);
        node(driver, "wh-jkt", 0, 60, 8 * 60);
        assertThat(driver.stateHash()).as("01:00+08:00 is 17:00 UTC too").isNotEqualTo(jakarta);
    }

    /** A time no request could send is refused as an invalid field, and nothing changes. */
    @Test
    void aStartOutsideADayOrAnOffsetBeyondADayIsRefused()
    {
        node(driver, "wh-jkt", 3, 14 * 60, 7 * 60);
        final long before = driver.stateHash();
        final SgNetwork.Node jkt = SgNetwork.NODES.get("wh-jkt");
        for (final int[] bad : new int[][] {{1440, 0}, {-1, 0}, {0, 1440}, {0, -1440}})
        {
            final Result r = driver.apply(new Cmd.DefineLocation("wh-jkt", jkt.type(), jkt.latMicro(),
                jkt.lonMicro(), jkt.capabilities(), true, 3, HANDLING, List.of(), bad[0], bad[1]));
            assertThat(r.code()).as("%d at %d", bad[0], bad[1]).isEqualTo(ResultCode.INVALID_FIELD);
        }
        assertThat(driver.stateHash()).isEqualTo(before);
        assertThat(driver.location("wh-jkt").capacityDayStartsAt()).isEqualTo("14:00:00+07:00");
        node(driver, "wh-jkt", 3, 23 * 60 + 59, -(23 * 60 + 59));
        assertThat(driver.location("wh-jkt").capacityDayStartsAt()).isEqualTo("23:59:00-23:59");
    }

    /**
     * A pickup refused because its store's day is full says so, with the store's units: the warehouses' units, which
     * no pickup may take, outweighed them and the refusal named {@code NOT_CAPABLE} (QA-263).
     */
    @Test
    void aPickupRefusedAtAFullStoreNamesItsCapacity()
    {
        stock(driver, "A", "wh-jkt", 400);
        node(driver, "store-tampines", 1, 0, 8 * 60);
        stock(driver, "A", "store-tampines", 70);
        assertThat(driver.ordering().pickupAt("store-tampines").line("A", 1).submit().code())
            .isEqualTo(ResultCode.OK);
        final Result refused = driver.ordering().customer("c-2").pickupAt("store-tampines").line("A", 1).submit();
        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.a()).as("available").isZero();
        assertThat(refused.b() >> 8).as("the store's 69 left").isEqualTo(69);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.CAPACITY_REACHED.code());

        // A store with none of the units is not what keeps the order from them: the units elsewhere are named as
        // before (Orchard has none).
        node(driver, "store-orchard", 0, HANDLING);
        final Result none = driver.ordering().customer("c-3").pickupAt("store-orchard").line("A", 1).submit();
        assertThat(none.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(none.b() >> 8).isEqualTo(400 + 69);
        assertThat(none.b() & 0xFF).as("the warehouse's 400").isEqualTo(SourcingReason.NOT_CAPABLE.code());
    }

    /**
     * A pickup refused because the channel's pool keeps some of its store's units back says so, with those units
     * alone: the warehouse's 400, which no pickup may take, were named {@code NOT_CAPABLE} (QA-272; rules version
     * 21). The market channel may take half of every node's units: 2 of the store's 5.
     */
    @Test
    void aPickupRefusedForTheUnitsThePoolKeepsAtItsStoreNamesThePool()
    {
        stock(driver, "A", "wh-jkt", 400);
        node(driver, "store-tampines", 0, 0, 8 * 60);
        stock(driver, "A", "store-tampines", 5);
        final Result refused = driver.ordering().channel("market").customer("c-4").pickupAt("store-tampines")
            .line("A", 3).submit();
        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.a()).as("available").isEqualTo(2);
        assertThat(refused.b() >> 8).as("the store's 3 the pool keeps back").isEqualTo(3);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.POOL_EXHAUSTED.code());
        assertThat(driver.ordering().channel("market").customer("c-4").pickupAt("store-tampines").line("A", 2)
            .submit().code()).as("what the pool lets it take").isEqualTo(ResultCode.OK);

        // Without a pool, the store's stock is all there is to say: none more anywhere a pickup could take.
        final Result web = driver.ordering().customer("c-5").pickupAt("store-tampines").line("A", 4).submit();
        assertThat(web.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(web.a()).as("available").isEqualTo(3);
        assertThat(web.b() >> 8).as("the warehouse's units, as before").isEqualTo(400);
        assertThat(web.b() & 0xFF).isEqualTo(SourcingReason.NOT_CAPABLE.code());
    }

    /**
     * Units set aside at the store for a kept channel's hold are not the pool's: a pickup of a channel without a pool
     * short of them names the units elsewhere, as before (Review-275: the first cut counted the store alone, 0).
     */
    @Test
    void aPickupShortOfUnitsSetAsideForAKeptChannelDoesNotNameThePool()
    {
        stock(driver, "A", "wh-jkt", 400);
        node(driver, "store-orchard", 0, HANDLING);
        stock(driver, "A", "store-orchard", 3);
        assertThat(driver.defineChannel("app", Codes.ChannelKind.APP, List.of("store-orchard")).code())
            .isEqualTo(ResultCode.OK);
        assertThat(driver.reserve("app", "c-6", null, 10 * MINUTE, "A:2").code()).isEqualTo(ResultCode.OK);

        final Result refused = driver.ordering().customer("c-7").pickupAt("store-orchard").line("A", 2).submit();

        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(refused.a()).as("available: the store's 3 less app's 2").isEqualTo(1);
        assertThat(refused.b() >> 8).as("the warehouse's units").isEqualTo(400);
        assertThat(refused.b() & 0xFF).isEqualTo(SourcingReason.NOT_CAPABLE.code());
    }

    private Location jakarta()
    {
        final byte[] id = "wh-jkt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return driver.engine().catalog().location(new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(id), 0, id.length));
    }
}
