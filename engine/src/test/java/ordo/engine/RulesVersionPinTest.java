package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OpRunner;
import ordo.engine.testing.OrderOpRunner;
import ordo.engine.testing.PaymentOpRunner;
import ordo.engine.testing.RandomCommands;
import ordo.engine.testing.RandomOrders;
import ordo.engine.testing.RandomPayments;
import ordo.engine.testing.Result;

/**
 * The tripwire behind {@link Engine#RULES_VERSION}: fixed seeded streams of every kind of command the property tests
 * generate (holds, orders over random networks, payments), their answers and end states pinned under the rules
 * version they were pinned at. A journal is replayed only under the rules version it was written under, so a change
 * that makes the same commands answer or end otherwise must raise the version: this fails until it does.
 *
 * <p>When it fails:
 * <ul>
 *   <li>the answers differ: a rule changed. Raise {@link Engine#RULES_VERSION} and pin the printed digests under it,
 *       in the same commit as the change;</li>
 *   <li>only the end states differ: either a rule changed what is kept without changing an answer (raise the version
 *       as above), or only what the state hash covers changed (a new field hashed, nothing decided differently): then
 *       re-pin {@link #STATES} alone, and say so in the commit;</li>
 *   <li>the test generators ({@code RandomCommands}, {@code RandomOrders}, {@code RandomPayments}, their runners) or the
 *       jqwik version changed: the streams are new, so re-pin both under the current version.</li>
 * </ul>
 * A version raised on purpose with nothing else changed only needs {@link #PINNED_AT} raised with it.
 */
class RulesVersionPinTest
{
    /** The rules version the digests below were taken under. */
    private static final int PINNED_AT = 3;
    /** SHA-256 of every command's answer (code number, entity id, figures, replayed, seq, time), in order. */
    private static final String ANSWERS = "0addfdb5ce24c76b38c32cdd8313dd3b9e6c87610ac9454ea45a3f8263d0ccfb";
    /** SHA-256 of the state hash after each stream. */
    private static final String STATES = "5d7c26b5663162d7a301533bdf00ef2a77bbb22cb791c2b5190c220db1439046";

    /** One order stream and the network it runs on. */
    record OrderCase(RandomOrders.NetworkSpec network, List<RandomOrders.Op> ops)
    {
    }

    @Provide
    Arbitrary<List<List<RandomCommands.Op>>> holdStreams()
    {
        return RandomCommands.streams(100, 120).list().ofSize(8);
    }

    @Provide
    Arbitrary<List<OrderCase>> orderCases()
    {
        return Combinators.combine(RandomOrders.networks(), RandomOrders.streams(80, 120)).as(OrderCase::new)
            .list().ofSize(10);
    }

    @Provide
    Arbitrary<List<List<RandomPayments.Op>>> paymentStreams()
    {
        return RandomPayments.streams(80, 100).list().ofSize(6);
    }

    @Property(tries = 1, seed = "20261130", edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void theSeededStreamsAnswerAndEndAsPinnedUnderThisRulesVersion(
        @ForAll("holdStreams") final List<List<RandomCommands.Op>> holdStreams,
        @ForAll("orderCases") final List<OrderCase> orderCases,
        @ForAll("paymentStreams") final List<List<RandomPayments.Op>> paymentStreams)
    {
        final MessageDigest answers = sha256();
        final MessageDigest states = sha256();
        long commands = 0;
        for (final List<RandomCommands.Op> ops : holdStreams)
        {
            final EngineDriver driver = new EngineDriver(RandomCommands.T0);
            final OpRunner runner = new OpRunner(driver);
            for (final var step : RandomCommands.network())
            {
                add(answers, runner.apply(step).result());
                commands++;
            }
            for (final RandomCommands.Op op : ops)
            {
                final OpRunner.Applied applied = runner.apply(op);
                if (applied.isCommand())
                {
                    add(answers, applied.result());
                    commands++;
                }
            }
            addLong(states, driver.stateHash());
        }
        for (final OrderCase orderCase : orderCases)
        {
            final EngineDriver driver = new EngineDriver(RandomOrders.T0);
            final OrderOpRunner runner = new OrderOpRunner(driver);
            for (final OrderOpRunner.Applied applied : runner.setUp(orderCase.network()))
            {
                add(answers, applied.result());
                commands++;
            }
            for (final RandomOrders.Op op : orderCase.ops())
            {
                final OrderOpRunner.Applied applied = runner.apply(op);
                if (applied.isCommand())
                {
                    add(answers, applied.result());
                    commands++;
                }
            }
            addLong(states, driver.stateHash());
        }
        for (final List<RandomPayments.Op> ops : paymentStreams)
        {
            final EngineDriver driver = new EngineDriver();
            final PaymentOpRunner runner = new PaymentOpRunner(driver);
            runner.setUp();
            for (final RandomPayments.Op op : ops)
            {
                final PaymentOpRunner.Applied applied = runner.apply(op);
                if (applied.isCommand())
                {
                    add(answers, applied.result());
                    commands++;
                }
            }
            addLong(states, driver.stateHash());
        }
        assertThat(commands).as("the streams are long enough to pin something").isGreaterThan(1_500);

        final String answersDigest = HexFormat.of().formatHex(answers.digest());
        final String statesDigest = HexFormat.of().formatHex(states.digest());
        final String taken = "taken under rules version " + Engine.RULES_VERSION + ": ANSWERS = \"" + answersDigest +
            "\", STATES = \"" + statesDigest + "\" (see this class's comment before re-pinning)";
        assertThat(Engine.RULES_VERSION).as("the pins were taken under rules version %d; %s", PINNED_AT, taken)
            .isEqualTo(PINNED_AT);
        assertThat(answersDigest).as("the commands answer otherwise than under rules version %d: raise " +
            "Engine.RULES_VERSION; %s", PINNED_AT, taken).isEqualTo(ANSWERS);
        assertThat(statesDigest).as("the commands answer as pinned but end in other states; %s", taken)
            .isEqualTo(STATES);
    }

    private static void add(final MessageDigest digest, final Result result)
    {
        final ByteBuffer bytes = ByteBuffer.allocate(4 + 8 * 7 + 1);
        bytes.putInt(result.code().code()).putLong(result.entityId()).putLong(result.a()).putLong(result.b())
            .putLong(result.c()).putLong(result.d()).putLong(result.seq()).putLong(result.timeMillis())
            .put((byte)(result.replayed() ? 1 : 0));
        digest.update(bytes.array());
    }

    private static void addLong(final MessageDigest digest, final long value)
    {
        digest.update(ByteBuffer.allocate(8).putLong(value).array());
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException(e);
        }
    }
}
