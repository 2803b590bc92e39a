package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.CommandLog;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderOpRunner;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.RandomOrders;
import ordo.engine.testing.RandomOrders.NetworkSpec;
import ordo.engine.testing.RandomOrders.NodeSpec;
import ordo.engine.testing.Step;

/**
 * Every backorder fill the sourcing view shows is what the filler did: the nodes it names as SELECTED are exactly
 * the BACKORDER_ALLOCATED events of the timeline at that sequence and time, with their units; the line's figures add
 * up; its trigger is the journaled command at that sequence, or ENGINE_TIME only where engine time moved on; fills
 * beyond the kept ones are counted with the units the timeline shows. And a replay of the journal, or a snapshot
 * taken part-way plus the rest of it, shows the same fills byte for byte. Random order streams with nodes switched
 * on and off and their daily capacity changed (fills inside DEFINE_LOCATION), holds expiring and days turning.
 */
class BackorderFillExplanationPropertyTest
{
    /** One step of a stream: an order-stream op, or a node redefined (active or not, another daily capacity). */
    record Move(RandomOrders.Op op, int node, boolean active, int dailyCapacity)
    {
        static Move of(final RandomOrders.Op op)
        {
            return new Move(op, 0, false, 0);
        }
    }

    /** "BO", the SKU that allows backorders. */
    private static final int BACKORDERABLE = RandomOrders.SKUS.indexOf("BO");

    @Provide
    Arbitrary<NetworkSpec> networks()
    {
        return RandomOrders.networks();
    }

    @Provide
    Arbitrary<List<Move>> streams()
    {
        final Arbitrary<Move> redefine = Combinators.combine(Arbitraries.integers().between(0, 7),
            Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false))),
            Arbitraries.integers().between(0, 3)).as((node, active, capacity) -> new Move(null, node, active,
            capacity));
        // Backorders are what this is about: orders for the backorderable SKU, its restocks and holds on it.
        final Arbitrary<RandomOrders.LineOp> waiting = Arbitraries.integers().between(1, 8)
            .map(qty -> new RandomOrders.LineOp(BACKORDERABLE, qty));
        final Arbitrary<RandomOrders.Op> backorder = Combinators.combine(Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, RandomOrders.CUSTOMERS.size() - 1), Arbitraries.integers().between(1, 3),
            Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))),
            Arbitraries.integers().between(0, 7), waiting)
            .as((channel, customer, level, pickup, node, line) -> new RandomOrders.Place(channel, customer, level,
                pickup, node, 1_300_000, 103_800_000, List.of(line), true, -1, false, false, -1));
        final Arbitrary<RandomOrders.Op> restock = Combinators.combine(Arbitraries.integers().between(0, 7),
            Arbitraries.integers().between(-2, 6)).as((node, delta) -> new RandomOrders.Adjust(BACKORDERABLE, node,
            delta, 0));
        final Arbitrary<RandomOrders.Op> hold = Combinators.combine(Arbitraries.integers().between(-1, 7),
            Arbitraries.integers().between(0, 3), waiting).as((node, ttl, line) -> new RandomOrders.Reserve(0, 0,
            node, ttl, List.of(line)));
        final Arbitrary<Move> move = Arbitraries.frequencyOf(
            Tuple.of(20, RandomOrders.op().map(Move::of)),
            Tuple.of(6, backorder.map(Move::of)),
            Tuple.of(5, restock.map(Move::of)),
            Tuple.of(3, hold.map(Move::of)),
            Tuple.of(2, redefine));
        return move.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 80, edgeCases = EdgeCasesMode.NONE)
    void everyFillShownIsWhatTheFillerDidAndReplaysTheSame(@ForAll("networks") final NetworkSpec network,
        @ForAll("streams") final List<Move> moves, @ForAll @IntRange(min = 0, max = 10_000) final int cut)
    {
        final EngineDriver live = new EngineDriver(RandomOrders.T0);
        final OrderOpRunner runner = new OrderOpRunner(live);
        runner.setUp(network);
        for (final Move move : moves)
        {
            if (move.op() != null)
            {
                runner.apply(move.op());
            }
            else
            {
                final int index = move.node() % network.nodes().size();
                final NodeSpec node = network.nodes().get(index);
                runner.apply(Step.plain(live.now(), new Cmd.DefineLocation(OrderOpRunner.nodeId(index), node.type(),
                    node.latMicro(), node.lonMicro(), Codes.CAP_ALL, move.active(), move.dailyCapacity(),
                    node.handlingMinor(), node.countries())));
            }
        }

        final List<Long> orders = runner.orderIds();
        for (final long id : orders)
        {
            fillsAreWhatTheFillerDid(live, id);
        }

        final EngineDriver replayed = new EngineDriver();
        live.log().replayInto(replayed);
        sameFills(replayed, live, orders);
        final long snapshotSeq = cut % (live.seq() + 1);
        final EngineDriver prefix = new EngineDriver();
        CommandLog.replayInto(prefix, live.log().entries().subList(0, (int)snapshotSeq));
        final EngineDriver restored = EngineDriver.restore(prefix.snapshot());
        CommandLog.replayInto(restored, live.log().after(snapshotSeq));
        sameFills(restored, live, orders);
    }

    private static void fillsAreWhatTheFillerDid(final EngineDriver live, final long id)
    {
        final OrderViews.Sourcing sourcing = live.sourcing(id);
        final List<OrderViews.OrderEvent> allocated = live.orderEvents(id)
            .ofType(Codes.OrderEventType.BACKORDER_ALLOCATED);
        int e = 0;
        for (final OrderViews.Fill fill : sourcing.fills())
        {
            final String of = "order " + id + " fill at seq " + fill.decidedSeq();
            final List<OrderViews.Candidate> given = new ArrayList<>();
            for (final OrderViews.Candidate candidate : fill.candidates())
            {
                assertThat(candidate.reason() == Codes.SourcingReason.SELECTED).as("%s: %s", of, candidate)
                    .isEqualTo(candidate.allocatedUnits() > 0);
                reasonIsTrue(fill, candidate, of);
                if (candidate.allocatedUnits() > 0)
                {
                    assertThat(candidate.atp().get(0)).as("%s: %s", of, candidate)
                        .isGreaterThanOrEqualTo(candidate.allocatedUnits());
                    given.add(candidate);
                }
            }
            assertThat(given).as(of).isNotEmpty();
            assertThat(fill.shipments()).as(of).isEqualTo(given.size());
            Statistics.label("shipments").collect(fill.shipments());
            assertThat(given.stream().mapToInt(OrderViews.Candidate::allocatedUnits).sum()).as(of)
                .isEqualTo(fill.allocated());
            assertThat(fill.backorderedBefore() - fill.allocated()).as(of).isEqualTo(fill.backorderedAfter());
            for (final OrderViews.Candidate candidate : given)
            {
                assertThat(e).as("%s: an event for each node given units", of).isLessThan(allocated.size());
                final OrderViews.OrderEvent event = allocated.get(e++);
                assertThat(event.seq()).as(of).isEqualTo(fill.decidedSeq());
                assertThat(event.time()).as(of).isEqualTo(fill.decidedAt());
                assertThat(event.sku()).as(of).isEqualTo(fill.sku());
                assertThat(event.location()).as(of).isEqualTo(candidate.location());
                assertThat(event.qty()).as(of).isEqualTo(candidate.allocatedUnits());
            }
            triggerIsTheCommandOrTime(live.log(), fill, of);
        }
        long moreUnits = 0;
        for (int rest = e; rest < allocated.size(); rest++)
        {
            moreUnits += allocated.get(rest).qty();
        }
        if (sourcing.fills().size() < BackorderFills.MAX_RECORDED)
        {
            assertThat(e).as("order %d: every fill is kept until %d", id, BackorderFills.MAX_RECORDED)
                .isEqualTo(allocated.size());
        }
        assertThat(sourcing.moreFillUnits()).as("order %d", id).isEqualTo(moreUnits);
        assertThat(sourcing.moreFills()).as("order %d", id).isLessThanOrEqualTo(allocated.size() - e);
        assertThat(sourcing.moreFills() > 0).as("order %d", id).isEqualTo(moreUnits > 0);
    }

    /** What each losing reason claims about the node holds in the figures shown for it. */
    private static void reasonIsTrue(final OrderViews.Fill fill, final OrderViews.Candidate candidate,
        final String of)
    {
        final long atp = candidate.atp().get(0);
        Statistics.label("reason").collect(candidate.reason());
        switch (candidate.reason())
        {
            case CAPACITY_REACHED -> assertThat(candidate.capacityLeft()).as("%s: %s", of, candidate).isZero();
            case OUT_OF_STOCK, POOL_EXHAUSTED -> assertThat(atp).as("%s: %s", of, candidate).isZero();
            case HIGHER_COST ->
            {
                assertThat(atp).as("%s: %s", of, candidate).isGreaterThanOrEqualTo(fill.allocated());
                assertThat(fill.shipments()).as("%s: %s could do it alone", of, candidate).isEqualTo(1);
                assertThat(candidate.costMinor()).as("%s: %s", of, candidate)
                    .isGreaterThanOrEqualTo(fill.planCostMinor());
            }
            case PARTIAL_STOCK -> assertThat(atp).as("%s: %s", of, candidate).isBetween(1L, fill.allocated() - 1L);
            default ->
            {
            }
        }
    }

    private static void triggerIsTheCommandOrTime(final CommandLog log, final OrderViews.Fill fill, final String of)
    {
        final CommandLog.Entry entry = log.get((int)fill.decidedSeq() - 1);
        assertThat(entry.seq()).isEqualTo(fill.decidedSeq());
        final String name = fill.trigger() == BackorderFills.TRIGGER_ENGINE_TIME ? "ENGINE_TIME" :
            CommandType.fromCode(fill.trigger()).name();
        Statistics.label("trigger").collect(name);
        if (fill.trigger() != BackorderFills.TRIGGER_ENGINE_TIME)
        {
            assertThat(fill.trigger()).as(of).isEqualTo(entry.type().code());
            return;
        }
        long before = Long.MIN_VALUE;
        for (int k = 0; k < (int)fill.decidedSeq() - 1; k++)
        {
            before = Math.max(before, log.get(k).stampedMillis());
        }
        assertThat(entry.stampedMillis()).as("%s: engine time moved on at its command", of).isGreaterThan(before);
    }

    private static void sameFills(final EngineDriver other, final EngineDriver live, final List<Long> orders)
    {
        other.at(live.now());
        assertThat(other.stateHash()).isEqualTo(live.stateHash());
        for (final long id : orders)
        {
            assertThat(other.querySourcing(id).data()).as("sourcing of %d", id)
                .isEqualTo(live.querySourcing(id).data());
        }
        assertThat(other.snapshot()).isEqualTo(live.snapshot());
    }
}
