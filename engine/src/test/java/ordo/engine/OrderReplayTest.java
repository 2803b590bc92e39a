package ordo.engine;

import static ordo.engine.SgNetwork.HANDLING;
import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.NEXT_UTC_MIDNIGHT;
import static ordo.engine.SgNetwork.node;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.CommandLog;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderOpRunner;
import ordo.engine.testing.Query;
import ordo.engine.testing.RandomOrders;
import ordo.engine.testing.RandomOrders.NetworkSpec;
import ordo.engine.testing.RandomOrders.Op;
import ordo.engine.testing.Result;

/**
 * Replaying the journal makes every sourcing decision again, bit for bit: a fresh engine fed the command log answers
 * every order, sourcing and timeline view with the same bytes, and has the same state hash; so does a snapshot
 * restored part-way with the rest of the log applied.
 */
class OrderReplayTest
{
    @Test
    void replayingTheLogReproducesEveryDecisionByteForByte()
    {
        final EngineDriver live = new EngineDriver();
        final List<Long> orders = scriptedDay(live);

        final EngineDriver fresh = new EngineDriver();
        final List<Result> replies = live.log().replayInto(fresh);

        assertThat(replies).isEqualTo(live.results());
        sameAnswers(fresh, live, orders);
        assertThat(fresh.snapshot()).isEqualTo(live.snapshot());
    }

    @Test
    void aSnapshotPartWayPlusTheRestOfTheLogGivesTheSameState()
    {
        final EngineDriver live = new EngineDriver();
        final List<Long> orders = scriptedDay(live);

        for (final CommandLog.Entry cut : List.of(live.log().get(20), live.log().get(live.log().size() / 2)))
        {
            final EngineDriver prefix = new EngineDriver();
            CommandLog.replayInto(prefix, live.log().entries().subList(0, (int)cut.seq()));
            final EngineDriver restored = EngineDriver.restore(prefix.snapshot());
            CommandLog.replayInto(restored, live.log().after(cut.seq()));
            sameAnswers(restored, live, orders);
        }
    }

    @Provide
    Arbitrary<NetworkSpec> networks()
    {
        return RandomOrders.networks();
    }

    @Provide
    Arbitrary<List<Op>> streams()
    {
        return RandomOrders.streams(1, 80);
    }

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void replayOfARandomOrderStreamGivesTheSameDecisions(@ForAll("networks") final NetworkSpec network,
        @ForAll("streams") final List<Op> ops, @ForAll @IntRange(min = 0, max = 10_000) final int cut)
    {
        replayGivesTheSameDecisions(network, ops, cut);
    }

    /**
     * The streams that found a cancelled backorder's queue entry left behind: the live engine then filled a later
     * backorder one command before an engine restored from a snapshot did (whose queues hold only lines still
     * backordered), and their state hashes parted. Fixed seed, so this case always runs.
     */
    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE, seed = "2195792920136896510")
    void replayOfTheStreamsThatLeftACancelledBackorderQueuedGivesTheSameDecisions(
        @ForAll("networks") final NetworkSpec network, @ForAll("streams") final List<Op> ops,
        @ForAll @IntRange(min = 0, max = 10_000) final int cut)
    {
        replayGivesTheSameDecisions(network, ops, cut);
    }

    private static void replayGivesTheSameDecisions(final NetworkSpec network, final List<Op> ops, final int cut)
    {
        final EngineDriver live = new EngineDriver(RandomOrders.T0);
        final OrderOpRunner runner = new OrderOpRunner(live);
        runner.setUp(network);
        runner.run(ops);

        final EngineDriver fresh = new EngineDriver();
        assertThat(live.log().replayInto(fresh)).isEqualTo(live.results());
        sameAnswers(fresh, live, runner.orderIds());
        assertThat(fresh.events()).isEqualTo(live.events());

        final long snapshotSeq = cut % (live.seq() + 1);
        final EngineDriver prefix = new EngineDriver();
        CommandLog.replayInto(prefix, live.log().entries().subList(0, (int)snapshotSeq));
        final EngineDriver restored = EngineDriver.restore(prefix.snapshot());
        assertThat(CommandLog.replayInto(restored, live.log().after(snapshotSeq)))
            .isEqualTo(live.results().subList((int)snapshotSeq, live.results().size()));
        sameAnswers(restored, live, runner.orderIds());
        // Guards the generator: keyed order commands retried, so replays of kept first views are compared too.
        Statistics.label("a keyed order command replayed")
            .collect(live.results().stream().anyMatch(Result::replayed));
        Statistics.label("a keyed order command replayed")
            .coverage(coverage -> coverage.check(true).count(count -> count >= 10));
    }

    private static void sameAnswers(final EngineDriver other, final EngineDriver live, final List<Long> orders)
    {
        other.at(live.now());
        assertThat(other.stateHash()).isEqualTo(live.stateHash());
        for (final long id : orders)
        {
            final Result sourcing = live.querySourcing(id);
            assertThat(sourcing.code()).isEqualTo(ResultCode.OK);
            assertThat(other.querySourcing(id).data()).as("sourcing of %d", id).isEqualTo(sourcing.data());
            assertThat(other.queryOrder(id)).as("order %d", id).isEqualTo(live.queryOrder(id));
            assertThat(other.queryOrderEvents(id)).as("events of %d", id).isEqualTo(live.queryOrderEvents(id));
        }
        final Query.Orders all = new Query.Orders("", null, "", 0, 1_000, List.of());
        assertThat(other.query(all)).isEqualTo(live.query(all));
        assertThat(other.query(new Query.Policy())).isEqualTo(live.query(new Query.Policy()));
    }

    /**
     * A day of the Singapore network: splits, capacity, pools, pickup, conversions, backorders filled by receipts
     * and cancellations, dedupe, a policy change and the UTC day rolling over. Returns the orders placed.
     */
    private static List<Long> scriptedDay(final EngineDriver d)
    {
        SgNetwork.define(d);
        node(d, "wh-sg", 2, HANDLING);
        stock(d, "A", "wh-sg", 6);
        stock(d, "A", "wh-kl", 4);
        stock(d, "A", "wh-jkt", 9);
        stock(d, "A", "store-orchard", 2);
        stock(d, "B", "wh-kl", 3);
        stock(d, "BO", "wh-sg", 1);
        stock(d, "LTD", "store-tampines", 4);
        final List<Long> orders = new ArrayList<>();
        final List<Result> placed = new ArrayList<>();
        placed.add(d.placeOrder("A:2"));
        placed.add(d.advance(MINUTE).placeOrder("A:5", "B:1"));
        placed.add(d.advance(MINUTE).ordering().channel("market").externalId("m-1").line("A", 3).submit());
        placed.add(d.ordering().channel("market").externalId("m-1").line("A", 1).submit());
        placed.add(d.advance(MINUTE).ordering().pickupAt("store-tampines").customer("c-5").line("LTD", 2).submit());
        final long hold = d.reserve("web", "c-6", "wh-kl", 10 * MINUTE, "A:1", "B:1").reservationId();
        placed.add(d.advance(MINUTE).ordering().customer("c-6").reservation(hold).line("A", 1).line("B", 1).submit());
        placed.add(d.advance(MINUTE).placeOrder("BO:4"));
        placed.add(d.placeOrder("BO:2"));
        d.advance(MINUTE).adjust("BO", "wh-kl", 3, Codes.AdjustmentReason.RECEIPT);
        d.cancelOrder(placed.get(1).orderId(), "A:2");
        d.advance(MINUTE).cancelOrder(placed.get(6).orderId());
        placed.add(d.ordering().level(Codes.ServiceLevel.EXPRESS).allowPartial().line("A", 30).submit());
        d.policy(SourcingPolicy.DEFAULT);
        d.adjust("A", "wh-sg", 5, Codes.AdjustmentReason.RECEIPT);
        d.at(NEXT_UTC_MIDNIGHT);
        placed.add(d.ordering().level(Codes.ServiceLevel.SAME_DAY).line("A", 1).submit());
        placed.add(d.placeOrder("A:1"));
        placed.add(d.placeOrder("A:1"));
        d.advance(20 * MINUTE).tick();
        for (final Result result : placed)
        {
            assertThat(result.code()).as("%s", result).isEqualTo(ResultCode.OK);
            if (result.created())
            {
                orders.add(result.orderId());
            }
        }
        assertThat(d.checkInvariants()).isNull();
        return orders;
    }
}
