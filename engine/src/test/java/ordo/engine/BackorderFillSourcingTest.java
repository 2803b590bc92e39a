package ordo.engine;

import static ordo.engine.SgNetwork.HANDLING;
import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.AdjustmentReason;
import ordo.engine.Codes.SourcingReason;
import ordo.engine.testing.CommandLog;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Result;

/**
 * The sourcing view tells the whole story of an order: besides the decision made at placement, every later backorder
 * fill with the engine time and sequence of the command it happened in (or engine time alone, when a hold expired),
 * the nodes and units it allocated, and why each candidate won or lost — recorded by the engine, kept in snapshots
 * and the state hash, and made again by replay.
 */
class BackorderFillSourcingTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
    }

    @Test
    void anOrderThatNeverWaitedHasNoFills()
    {
        stock(driver, "BO", "wh-sg", 2);
        final long id = driver.placeOrder("BO:2").orderId();

        final OrderViews.Sourcing sourcing = driver.sourcing(id);

        assertThat(sourcing.fills()).isEmpty();
        assertThat(sourcing.moreFills()).isZero();
        assertThat(sourcing.moreFillUnits()).isZero();
    }

    /**
     * A snapshot whose fill names a command code no build has is refused on read, naming the order (checked as it was
     * written): the byte is found after the fill's line and before its decision's time and sequence (format 9: the
     * decision's record, little-endian).
     */
    @Test
    void aSnapshotWithAnUnknownFillTriggerIsRefused()
    {
        stock(driver, "BO", "wh-sg", 1);
        final long id = driver.placeOrder("BO:3").orderId();
        final Result receipt = driver.advance(5 * MINUTE).adjust("BO", "wh-kl", 4, AdjustmentReason.RECEIPT);
        final byte[] snapshot = driver.snapshot();
        final java.nio.ByteBuffer fill = java.nio.ByteBuffer.allocate(19).putShort((short)0)
            .put((byte)CommandType.ADJUST_INVENTORY.code()).order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putLong(driver.now()).putLong(receipt.seq());
        final int at = indexOf(snapshot, fill.array());
        assertThat(at).as("the fill's line, trigger, time and sequence in the snapshot").isPositive();
        assertThat(EngineDriver.restore(snapshot).sourcing(id).fills()).hasSize(1);

        snapshot[at + 2] = (byte)0xFE;

        assertThatThrownBy(() -> EngineDriver.restore(snapshot)).hasStackTraceContaining(
            "order " + id + " has a backorder fill triggered by unknown command code 254");
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length))
            {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aReceiptFillShowsItsCommandTimeNodeUnitsAndWhyThatNodeWon()
    {
        stock(driver, "BO", "wh-sg", 1);
        final long id = driver.placeOrder("BO:3").orderId();

        final Result receipt = driver.advance(5 * MINUTE).adjust("BO", "wh-kl", 4, AdjustmentReason.RECEIPT);

        final OrderViews.Sourcing sourcing = driver.sourcing(id);
        assertThat(sourcing.lines().get(0).backordered()).as("placement's decision is unchanged").isEqualTo(2);
        assertThat(sourcing.fills()).hasSize(1);
        final OrderViews.Fill fill = sourcing.fills().get(0);
        assertThat(fill.decidedSeq()).isEqualTo(receipt.seq());
        assertThat(fill.decidedAt()).isEqualTo(driver.now());
        assertThat(fill.trigger()).isEqualTo(CommandType.ADJUST_INVENTORY.code());
        assertThat(fill.sku()).isEqualTo("BO");
        assertThat(fill.backorderedBefore()).isEqualTo(2);
        assertThat(fill.allocated()).isEqualTo(2);
        assertThat(fill.backorderedAfter()).isZero();
        assertThat(fill.shipments()).isEqualTo(1);
        assertThat(fill.withReason(SourcingReason.SELECTED)).containsExactly("wh-kl");
        final OrderViews.Candidate won = fill.candidate("wh-kl");
        assertThat(won.allocatedUnits()).isEqualTo(2);
        assertThat(won.atp()).as("what Kuala Lumpur could give when it was chosen").containsExactly(4L);
        assertThat(won.costMinor()).isEqualTo(SgNetwork.cost(SgNetwork.POLICY, Codes.ServiceLevel.STANDARD, HANDLING,
            won.distanceMetres()));
        assertThat(fill.planCostMinor()).isEqualTo(won.costMinor());
        assertThat(fill.candidate("wh-sg").reason()).as("Jurong's one unit went to the order at placement")
            .isEqualTo(SourcingReason.OUT_OF_STOCK);
        assertThat(driver.orderEvents(id).ofType(Codes.OrderEventType.BACKORDER_ALLOCATED))
            .extracting(OrderViews.OrderEvent::seq).containsExactly(receipt.seq());
    }

    @Test
    void aFillFromACancellationNamesTheCheaperNodeAndTheDearerOneItPassedOver()
    {
        stock(driver, "BO", "wh-sg", 1);
        stock(driver, "BO", "wh-jkt", 1);
        final long split = driver.placeOrder("BO:2").orderId();
        final long waiting = driver.ordering().customer("c-2").line("BO", 1).submit().orderId();

        final Result cancel = driver.advance(MINUTE).cancelOrder(split);

        final OrderViews.Fill fill = driver.sourcing(waiting).fills().get(0);
        assertThat(fill.decidedSeq()).isEqualTo(cancel.seq());
        assertThat(fill.trigger()).isEqualTo(CommandType.CANCEL_ORDER.code());
        assertThat(fill.candidate("wh-sg").reason()).isEqualTo(SourcingReason.SELECTED);
        assertThat(fill.candidate("wh-jkt").reason()).as("Jakarta had the unit too, farther and dearer")
            .isEqualTo(SourcingReason.HIGHER_COST);
        assertThat(fill.candidate("wh-jkt").costMinor()).isGreaterThan(fill.candidate("wh-sg").costMinor());
        assertThat(driver.order(waiting).allocatedAt("BO", "wh-sg")).isEqualTo(1);
    }

    @Test
    void aFillWhenAHoldExpiresIsTriggeredByEngineTimeAtTheNextCommand()
    {
        stock(driver, "BO", "wh-sg", 2);
        final Result hold = driver.reserve("web", "c-9", "wh-sg", MINUTE, "BO:2");
        final long waiting = driver.placeOrder("BO:2").orderId();

        final Result tick = driver.at(hold.a()).tick();

        final OrderViews.Fill fill = driver.sourcing(waiting).fills().get(0);
        assertThat(fill.trigger()).isEqualTo(BackorderFills.TRIGGER_ENGINE_TIME);
        assertThat(fill.decidedSeq()).isEqualTo(tick.seq());
        assertThat(fill.decidedAt()).isEqualTo(hold.a());
        assertThat(fill.candidate("wh-sg").allocatedUnits()).isEqualTo(2);
    }

    @Test
    void fillsInPartsAreEachKeptOldestFirst()
    {
        final long id = driver.placeOrder("BO:3").orderId();

        final Result first = driver.advance(MINUTE).adjust("BO", "wh-sg", 1, AdjustmentReason.RECEIPT);
        final Result second = driver.advance(MINUTE).adjust("BO", "store-orchard", 2, AdjustmentReason.RECEIPT);

        final List<OrderViews.Fill> fills = driver.sourcing(id).fills();
        assertThat(fills).extracting(OrderViews.Fill::decidedSeq).containsExactly(first.seq(), second.seq());
        assertThat(fills).extracting(OrderViews.Fill::backorderedBefore).containsExactly(3, 2);
        assertThat(fills).extracting(OrderViews.Fill::allocated).containsExactly(1, 2);
        assertThat(fills).extracting(OrderViews.Fill::backorderedAfter).containsExactly(2, 0);
        assertThat(fills.get(1).withReason(SourcingReason.SELECTED)).containsExactly("store-orchard");
    }

    @Test
    void fillsBeyondTheRecordedOnesAreCountedWithTheirUnits()
    {
        final int fills = BackorderFills.MAX_RECORDED + 3;
        final long id = driver.placeOrder("BO:" + (fills + 5)).orderId();
        long firstSeq = 0;
        for (int i = 0; i < fills; i++)
        {
            final Result receipt = driver.advance(MINUTE).adjust("BO", "wh-sg", i == fills - 1 ? 4 : 1,
                AdjustmentReason.RECEIPT);
            firstSeq = i == 0 ? receipt.seq() : firstSeq;
        }

        final OrderViews.Sourcing sourcing = driver.sourcing(id);

        assertThat(sourcing.fills()).hasSize(BackorderFills.MAX_RECORDED);
        assertThat(sourcing.fills().get(0).decidedSeq()).as("the earliest fills are the ones kept").isEqualTo(firstSeq);
        assertThat(sourcing.moreFills()).isEqualTo(3);
        assertThat(sourcing.moreFillUnits()).isEqualTo(1 + 1 + 4);
        assertThat(driver.orderEvents(id).ofType(Codes.OrderEventType.BACKORDER_ALLOCATED))
            .as("the timeline still has every fill").hasSize(fills);
        assertThat(driver.order(id).line("BO").backordered()).isEqualTo(fills + 5 - (fills - 1) - 4);
    }

    @Test
    void fillsSurviveASnapshotAndReplayWithTheSameStateHash()
    {
        stock(driver, "BO", "wh-sg", 1);
        final long first = driver.placeOrder("BO:1").orderId();
        final long many = driver.placeOrder("BO:" + (BackorderFills.MAX_RECORDED + 4)).orderId();
        final long secondLine = driver.ordering().customer("c-2").allowPartial().line("A", 1).line("BO", 1).submit()
            .orderId();
        for (int i = 0; i < BackorderFills.MAX_RECORDED + 2; i++)
        {
            driver.advance(MINUTE).adjust("BO", i % 2 == 0 ? "wh-sg" : "wh-kl", 1, AdjustmentReason.RECEIPT);
        }
        driver.cancelOrder(first);
        driver.adjust("BO", "wh-jkt", 3, AdjustmentReason.RECEIPT);
        assertThat(driver.sourcing(many).moreFills()).as("20 fills, 16 kept").isEqualTo(4);
        assertThat(driver.sourcing(secondLine).fills()).extracting(OrderViews.Fill::sku).containsExactly("BO");

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        final EngineDriver replayed = new EngineDriver();
        assertThat(driver.log().replayInto(replayed)).isEqualTo(driver.results());

        for (final EngineDriver other : List.of(restored, replayed))
        {
            assertThat(other.stateHash()).isEqualTo(driver.stateHash());
            for (final long id : List.of(first, many, secondLine))
            {
                assertThat(other.querySourcing(id).data()).as("sourcing of %d", id)
                    .isEqualTo(driver.querySourcing(id).data());
            }
            assertThat(other.snapshot()).isEqualTo(driver.snapshot());
        }
    }

    @Test
    void theStateHashCoversTheFills()
    {
        driver.placeOrder("BO:2");
        driver.adjust("BO", "wh-sg", 1, AdjustmentReason.RECEIPT);
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());

        restored.engine().orders().get(1).fills.restoreMore(1, 1);

        assertThat(restored.stateHash()).isNotEqualTo(driver.stateHash());
    }

    /** What lets `journal verify` check a snapshot the previous build wrote instead of passing it unchecked. */
    @Test
    void theStateHashOfFormat5IsTheStateHashWithoutTheFills()
    {
        driver.placeOrder("BO:2");
        driver.adjust("BO", "wh-sg", 1, AdjustmentReason.RECEIPT);
        final Engine engine = driver.engine();
        final EngineDriver withoutFills = EngineDriver.restore(driver.snapshot());
        withoutFills.engine().orders().get(1).fills = null;

        assertThat(EngineSnapshot.stateHashIn(engine, EngineSnapshot.FORMAT_VERSION)).isEqualTo(driver.stateHash());
        assertThat(EngineSnapshot.stateHashIn(engine, 6)).as("format 6 kept the fills too; 7 writes decisions smaller")
            .isEqualTo(driver.stateHash());
        assertThat(EngineSnapshot.stateHashIn(engine, 5)).isEqualTo(withoutFills.stateHash())
            .isNotEqualTo(driver.stateHash());
        assertThatThrownBy(() -> EngineSnapshot.stateHashIn(engine, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSnapshotPartWayThroughTheFillsPlusTheRestOfTheLogGivesTheSameView()
    {
        final long id = driver.placeOrder("BO:4").orderId();
        driver.advance(MINUTE).adjust("BO", "wh-sg", 1, AdjustmentReason.RECEIPT);
        final long cut = driver.seq();
        driver.advance(MINUTE).adjust("BO", "wh-kl", 3, AdjustmentReason.RECEIPT);

        final EngineDriver prefix = new EngineDriver();
        CommandLog.replayInto(prefix, driver.log().entries().subList(0, (int)cut));
        final EngineDriver restored = EngineDriver.restore(prefix.snapshot());
        CommandLog.replayInto(restored, driver.log().after(cut));

        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(restored.sourcing(id)).isEqualTo(driver.sourcing(id));
        assertThat(restored.sourcing(id).fills()).hasSize(2);
    }
}
