package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderOpRunner;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.PaymentOpRunner;
import ordo.engine.testing.Query;
import ordo.engine.testing.RandomOrders;
import ordo.engine.testing.RandomOrders.NetworkSpec;
import ordo.engine.testing.RandomPayments;
import ordo.engine.testing.Result;

/**
 * A snapshot taken anywhere in a random stream, restored into a second engine, decides the rest of the stream as the
 * live engine does: after every later command both give the same answer (code, every figure, view bytes), emit the
 * same events and hash alike, and the restored one's invariants hold; at the end every view and the snapshot bytes
 * agree. The state hash covers what is stored, not what is derived on restore (backorder queues, the per-customer
 * ledger, per-channel hold counts, known customers, the day) nor how it is read back: a restore that got one of those
 * wrong shows only in a later decision, which this finds. Orders over random networks with channels redefined,
 * fraud rules changed and midnights crossed ({@link RandomOrders#wideStreams}), and the payment and fraud life of
 * orders with webhooks ({@link RandomPayments}). {@code SnapshotAndReplayTest} does the same for holds and stock.
 */
class RestoreThenContinuePropertyTest
{
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String AFTER = "after the snapshot";

    @Provide
    Arbitrary<NetworkSpec> networks()
    {
        return RandomOrders.networks();
    }

    @Provide
    Arbitrary<List<RandomOrders.Op>> orderStreams()
    {
        return RandomOrders.wideStreams(10, 120);
    }

    @Provide
    Arbitrary<List<RandomPayments.Op>> paymentStreams()
    {
        return RandomPayments.streams(10, 100);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void aRestoredEngineDecidesTheRestOfAnOrderStreamAsTheLiveOne(@ForAll("networks") final NetworkSpec network,
        @ForAll("orderStreams") final List<RandomOrders.Op> ops, @ForAll @IntRange(min = 0, max = 10_000) final int cut)
    {
        final EngineDriver live = new EngineDriver(RandomOrders.T0);
        final OrderOpRunner runner = new OrderOpRunner(live);
        runner.setUp(network);
        final int snapshotAfter = cut % (ops.size() + 1);
        for (int i = 0; i < snapshotAfter; i++)
        {
            runner.apply(ops.get(i));
        }
        final Twins twins = new Twins(live, snapshotAfter, ops.size());
        long day = Math.floorDiv(live.now(), DAY_MILLIS);
        for (int i = snapshotAfter; i < ops.size(); i++)
        {
            final long backordered = live.inventory("BO").backordered();
            final OrderOpRunner.Applied applied = runner.apply(ops.get(i));
            if (!applied.isCommand())
            {
                continue;
            }
            final long commandDay = Math.floorDiv(applied.step().atMillis(), DAY_MILLIS);
            final Result again = twins.restored().apply(applied.step());
            twins.decideAlike(applied.step().cmd(), applied.result(), again);
            Statistics.label(AFTER).collect(applied.step().cmd().commandType());
            final Result answer = applied.result();
            if (applied.step().cmd() instanceof Cmd.PlaceOrder && answer.isOk() && answer.created() &&
                !answer.replayed() && answer.order().fraud().decision() != Codes.FraudDecision.PASSED)
            {
                Statistics.label(AFTER).collect("an order sent to review or rejected");
            }
            if (commandDay > day && backordered > 0)
            {
                Statistics.label(AFTER).collect("a new day with backorders waiting");
            }
            day = Math.max(day, commandDay);
        }

        twins.viewsAgree(runner.orderIds(), runner.holdIds(), RandomOrders.SKUS, RandomOrders.CHANNELS);
        // Guards the generator: the kinds the restore must carry come up after the snapshot.
        Statistics.label(AFTER).coverage(coverage ->
        {
            coverage.check(CommandType.PLACE_ORDER).count(count -> count >= 1_000);
            coverage.check(CommandType.DEFINE_CHANNEL).count(count -> count >= 50);
            coverage.check(CommandType.DEFINE_LOCATION).count(count -> count >= 40);
            coverage.check(CommandType.SET_FRAUD_RULES).count(count -> count >= 40);
            coverage.check(CommandType.FRAUD_REVIEW).count(count -> count >= 40);
            coverage.check("an order sent to review or rejected").count(count -> count >= 20);
            coverage.check("a new day with backorders waiting").count(count -> count >= 20);
        });
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void aRestoredEngineDecidesTheRestOfAPaymentStreamAsTheLiveOne(
        @ForAll("paymentStreams") final List<RandomPayments.Op> ops,
        @ForAll @IntRange(min = 0, max = 10_000) final int cut)
    {
        final EngineDriver live = new EngineDriver();
        final PaymentOpRunner runner = new PaymentOpRunner(live);
        runner.setUp();
        final int snapshotAfter = cut % (ops.size() + 1);
        for (int i = 0; i < snapshotAfter; i++)
        {
            runner.apply(ops.get(i));
        }
        final Twins twins = new Twins(live, snapshotAfter, ops.size());
        for (int i = snapshotAfter; i < ops.size(); i++)
        {
            final PaymentOpRunner.Applied applied = runner.apply(ops.get(i));
            if (!applied.isCommand())
            {
                continue;
            }
            // The runner applies at the driver's time and without an idempotency key: so does the restored one.
            final Result again = twins.restored().at(live.now()).apply(applied.cmd());
            twins.decideAlike(applied.cmd(), applied.result(), again);
            Statistics.label(AFTER).collect(applied.cmd().commandType());
        }

        final List<Long> orderIds = new ArrayList<>();
        for (final PaymentOpRunner.Placed placed : runner.orders())
        {
            orderIds.add(placed.id());
        }
        twins.viewsAgree(orderIds, List.of(), List.of("A", "BO"), List.of("web"));
        Statistics.label(AFTER).coverage(coverage ->
        {
            for (final CommandType type : List.of(CommandType.PLACE_ORDER, CommandType.PAYMENT_ACTION_RESULT,
                CommandType.PAYMENT_EVENT, CommandType.CAPTURE_PAYMENT, CommandType.FRAUD_REVIEW,
                CommandType.CANCEL_ORDER, CommandType.ADJUST_INVENTORY))
            {
                coverage.check(type).count(count -> count >= 80);
            }
            coverage.check(CommandType.SET_FRAUD_RULES).count(count -> count >= 15);
        });
    }

    /**
     * The live engine and one restored from its snapshot, fed the same commands: compares each pair of answers, the
     * events each command emitted, the state hashes and the restored engine's invariants. Failure messages name the
     * snapshot and show the last commands since it with both answers (built only when a check fails).
     */
    private static final class Twins
    {
        private static final int TRAIL = 12;
        /** Commands whose successful answer carries an order view ({@code ReplyCodec.order}). */
        private static final Set<CommandType> ANSWERED_WITH_AN_ORDER = EnumSet.of(CommandType.PLACE_ORDER,
            CommandType.CANCEL_ORDER, CommandType.FRAUD_REVIEW, CommandType.CAPTURE_PAYMENT, CommandType.MARK_PAID,
            CommandType.RETRY_PAYMENT, CommandType.PAYMENT_ACTION_RESULT, CommandType.PAYMENT_EVENT,
            CommandType.SETTLE_REFUND);

        /** One command since the snapshot and the two answers to it. */
        private record Exchange(Cmd cmd, Result live, Result restored)
        {
            @Override
            public String toString()
            {
                return "#" + live.seq() + " @" + live.timeMillis() + " " + cmd + "\n    live     -> " + live +
                    (live.equals(restored) ? "" : "\n    restored -> " + restored);
            }
        }

        private final EngineDriver live;
        private final EngineDriver restored;
        private final String header;
        private final ArrayDeque<Exchange> trail = new ArrayDeque<>();
        private int liveEventsSeen;
        private int restoredEventsSeen;
        private int commands;

        Twins(final EngineDriver live, final int snapshotAfter, final int ops)
        {
            this.live = live;
            final byte[] snapshot = live.snapshot();
            this.restored = EngineDriver.restore(snapshot);
            this.liveEventsSeen = live.events().size();
            this.header = "snapshot after op " + snapshotAfter + " of " + ops + " (seq " + live.seq() + ", " +
                snapshot.length + " bytes)";
            assertThat(restored.stateHash()).as("hash right after the restore; %s", header)
                .isEqualTo(live.stateHash());
            assertThat(restored.checkInvariants()).as("invariants right after the restore; %s", header).isNull();
        }

        EngineDriver restored()
        {
            return restored;
        }

        void decideAlike(final Cmd cmd, final Result expected, final Result actual)
        {
            commands++;
            if (trail.size() == TRAIL)
            {
                trail.removeFirst();
            }
            trail.addLast(new Exchange(cmd, expected, actual));

            assertThat(figuresOf(actual)).as(() -> where("the restored engine's answer (code and figures)"))
                .isEqualTo(figuresOf(expected));
            assertThat(Arrays.equals(actual.data(), expected.data()))
                .as(() -> where("the restored engine's view bytes: " + difference(cmd, expected, actual))).isTrue();
            assertThat(restored.events().subList(restoredEventsSeen, restored.events().size()))
                .as(() -> where("the command's events"))
                .isEqualTo(live.events().subList(liveEventsSeen, live.events().size()));
            liveEventsSeen = live.events().size();
            restoredEventsSeen = restored.events().size();
            assertThat(restored.stateHash()).as(() -> where("state hash")).isEqualTo(live.stateHash());
            assertThat(restored.checkInvariants()).as(() -> where("the restored engine's invariants")).isNull();
        }

        private String where(final String what)
        {
            final StringBuilder where = new StringBuilder(what).append("; ").append(header).append(", command ")
                .append(commands).append(" after it; the last ").append(trail.size()).append(" commands:");
            for (final Exchange exchange : trail)
            {
                where.append('\n').append(exchange);
            }
            return where.toString();
        }

        /** The answer without its view bytes, which {@link #difference} shows apart. */
        private static Result figuresOf(final Result result)
        {
            return new Result(result.code(), result.entityId(), result.a(), result.b(), result.c(), result.d(),
                result.replayed(), result.seq(), result.timeMillis(), new byte[0]);
        }

        /** Every view of what the streams touched agrees, and so do the snapshots, byte for byte. */
        void viewsAgree(final List<Long> orderIds, final List<Long> holdIds, final List<String> skus,
            final List<String> channels)
        {
            restored.at(live.now());
            final String where = header + ", at the end of the stream";
            for (final long id : orderIds)
            {
                assertThat(restored.queryOrder(id)).as("order %d; %s", id, where).isEqualTo(live.queryOrder(id));
                assertThat(restored.querySourcing(id)).as("sourcing of %d; %s", id, where)
                    .isEqualTo(live.querySourcing(id));
                assertThat(restored.queryOrderEvents(id)).as("timeline of %d; %s", id, where)
                    .isEqualTo(live.queryOrderEvents(id));
            }
            for (final long id : holdIds)
            {
                assertThat(restored.queryReservation(id)).as("hold %d; %s", id, where)
                    .isEqualTo(live.queryReservation(id));
            }
            for (final String sku : skus)
            {
                assertThat(restored.queryInventory(sku)).as("inventory of %s; %s", sku, where)
                    .isEqualTo(live.queryInventory(sku));
            }
            for (final String channel : channels)
            {
                assertThat(restored.query(new Query.Channel(channel))).as("channel %s; %s", channel, where)
                    .isEqualTo(live.query(new Query.Channel(channel)));
            }
            final Query.Orders all = new Query.Orders("", null, "", 0, 1_000, List.of());
            assertThat(restored.query(all)).as("the order list; %s", where).isEqualTo(live.query(all));
            assertThat(restored.query(new Query.Policy())).as("policy; %s", where)
                .isEqualTo(live.query(new Query.Policy()));
            assertThat(restored.query(new Query.FraudRules())).as("fraud rules; %s", where)
                .isEqualTo(live.query(new Query.FraudRules()));
            assertThat(restored.queryPaymentActions(0, 1_000)).as("payment outbox; %s", where)
                .isEqualTo(live.queryPaymentActions(0, 1_000));
            assertThat(restored.engine().nextExpiryAt()).as("next expiry; %s", where)
                .isEqualTo(live.engine().nextExpiryAt());
            assertThat(restored.engine().nextTickAt()).as("next tick; %s", where)
                .isEqualTo(live.engine().nextTickAt());
            assertThat(restored.snapshot()).as("the snapshots; %s", where).isEqualTo(live.snapshot());
        }

        /** Both order views when the answer carries one, else the bytes from just before the first difference. */
        private static String difference(final Cmd cmd, final Result expected, final Result actual)
        {
            if (expected.isOk() && ANSWERED_WITH_AN_ORDER.contains(cmd.commandType()))
            {
                try
                {
                    return "\n    live     " + OrderViews.order(expected.data()) + "\n    restored " +
                        OrderViews.order(actual.data());
                }
                catch (final RuntimeException notAnOrder)
                {
                    // An empty or short view: the bytes say more.
                }
            }
            final byte[] a = expected.data();
            final byte[] b = actual.data();
            int at = 0;
            while (at < Math.min(a.length, b.length) && a[at] == b[at])
            {
                at++;
            }
            final int from = Math.max(0, at - 8);
            return "first differing byte " + at + " of " + a.length + " (live) and " + b.length + " (restored); from " +
                "byte " + from + ", live " + hex(a, from) + ", restored " + hex(b, from);
        }

        private static String hex(final byte[] bytes, final int from)
        {
            return HexFormat.of().formatHex(bytes, Math.min(from, bytes.length), Math.min(bytes.length, from + 32));
        }
    }
}
