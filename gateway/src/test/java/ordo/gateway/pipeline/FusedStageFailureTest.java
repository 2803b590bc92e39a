package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.Reply;
import ordo.journal.Durability;
import ordo.journal.Journal;
import org.agrona.ExpandableArrayBuffer;
import ordo.engine.PayloadWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage that throws (a bug: FatalExceptionHandler stops the core) must still answer every command already in the
 * ring — refused — as the parallel layout does; the gateway publishes nothing more once the core is not ready, so a
 * reply that waits for "the next batch" never leaves.
 */
class FusedStageFailureTest
{
    @TempDir
    Path dataDir;

    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final List<Long> released = new CopyOnWriteArrayList<>();

    @Test
    void parallelLayoutRefusesEveryCommandOfABatchWhoseLastApplyThrows()
    {
        assertEveryCommandIsAnsweredBeforeItsSlotIsReleased(false, 3);
    }

    @Test
    void fusedLayoutRefusesEveryCommandOfABatchWhoseLastApplyThrows()
    {
        assertEveryCommandIsAnsweredBeforeItsSlotIsReleased(true, 3);
    }

    @Test
    void parallelLayoutKeepsASlotFromProducersUntilItsReplyLeftWhenAnApplyThrowsMidBatch()
    {
        assertEveryCommandIsAnsweredBeforeItsSlotIsReleased(false, 1);
    }

    @Test
    void fusedLayoutKeepsASlotFromProducersUntilItsReplyLeftWhenAnApplyThrowsMidBatch()
    {
        assertEveryCommandIsAnsweredBeforeItsSlotIsReleased(true, 1);
    }

    /** {@code throwing}: how many of the three commands (the first ones) the engine stage throws on. */
    private void assertEveryCommandIsAnsweredBeforeItsSlotIsReleased(final boolean fused, final int throwing)
    {
        final CoreHealth health = new CoreHealth();
        final Engine engine = new Engine();
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            final Stages stages = new Stages(journal, health, engine);
            final Disruptor<CommandSlot> disruptor = stages.disruptor;
            final JournalHandler journaling = stages.journaling;
            final EngineHandler applying = stages.applying;
            // A stand-in for any bug that throws out of a stage: the engine moves on behind its handler's back, so
            // the handler's next applies throw "sequence gap".
            applyDirectly(engine, throwing);
            final ReplyHandler replying = new ReplyHandler(null, health);
            if (fused)
            {
                journaling.setSequenceCallback(new com.lmax.disruptor.Sequence());
                applying.setSequenceCallback(new com.lmax.disruptor.Sequence());
                disruptor.handleEventsWith(new FusedHandler(journaling, applying, replying,
                    new FatalExceptionHandler(health)));
            }
            else
            {
                disruptor.handleEventsWith(journaling, applying).then(replying);
            }
            disruptor.setDefaultExceptionHandler(new FatalExceptionHandler(health));
            final RingBuffer<CommandSlot> ring = disruptor.start();
            try
            {
                final long last = ring.next(3);
                defineThreeSkus(ring, last, id -> answered ->
                {
                    // The ring must not hand this slot to a producer before its reply has left.
                    if (ring.getMinimumGatingSequence() >= id)
                    {
                        released.add(id);
                    }
                    answers.add(id + (answered.journalFailed() ? " refused" : " OK"));
                });
                ring.publish(last - 2, last);
                awaitThreeAnswers();
                assertThat(health.journalFailed()).isTrue();
                assertThat(answers).as("every command in the ring is answered").hasSize(3)
                    .as("the commands the engine threw on are refused").contains("0 refused");
                assertThat(released).as("slots released to producers before their reply left").isEmpty();
                // The first command threw, so the engine's state is unknown from there: the later ones may be
                // applied and, in the parallel layout, even committed by the journal, but none is acknowledged.
                assertThat(answers).as("every command at or after the one the engine threw on is refused")
                    .containsExactlyInAnyOrder("0 refused", "1 refused", "2 refused");
            }
            finally
            {
                disruptor.halt();
            }
        }
        if (fused)
        {
            // Applied before it is journaled: a command the engine threw on never reaches the journal, nor does the
            // rest of its batch, so a restart does not replay it into the same exception.
            assertThat(journaledRecords()).isZero();
        }
    }

    /**
     * A batch whose last command the engine throws on: the journal must not hold it, nor the batch, or a restart
     * replays it into the same exception and the server cannot start. Journaled first, it was committed with its
     * batch before the engine threw (found in review).
     */
    @Test
    void fusedLayoutNeverJournalsABatchWhoseLastCommandTheEngineThrowsOn() throws Exception
    {
        final CoreHealth health = new CoreHealth();
        final Engine engine = new Engine();
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            final Stages stages = new Stages(journal, health, engine);
            final Disruptor<CommandSlot> disruptor = stages.disruptor;
            final JournalHandler journaling = stages.journaling;
            final EngineHandler applying = stages.applying;
            journaling.setSequenceCallback(new com.lmax.disruptor.Sequence());
            applying.setSequenceCallback(new com.lmax.disruptor.Sequence());
            final long[] throwAt = {-1};
            final com.lmax.disruptor.EventHandler<CommandSlot> buggy = (slot, sequence, endOfBatch) ->
            {
                if (sequence == throwAt[0])
                {
                    throw new IllegalStateException("a bug in the engine (a test)");
                }
                applying.onEvent(slot, sequence, endOfBatch);
            };
            disruptor.handleEventsWith(new FusedHandler(journaling, buggy, new ReplyHandler(null, health),
                new FatalExceptionHandler(health)));
            disruptor.setDefaultExceptionHandler(new FatalExceptionHandler(health));
            // The three published before the handler starts, so it sees them as one batch: published while it ran, it
            // could wake between the first slot's flag and the others' and answer the first as a batch of its own
            // (seen once in CI).
            final RingBuffer<CommandSlot> ring = disruptor.getRingBuffer();
            try
            {
                final long last = ring.next(3);
                throwAt[0] = last;
                defineThreeSkus(ring, last, id -> answered -> answers.add(answered.journalFailed() ? "refused" : "OK"));
                ring.publish(last - 2, last);
                disruptor.start();
                awaitThreeAnswers();
                assertThat(answers).containsExactly("refused", "refused", "refused");
            }
            finally
            {
                disruptor.halt();
            }
        }
        assertThat(journaledRecords()).isZero();
    }

    /** A ring and the journal and engine stages over it, parked between batches as the server's are. */
    private static final class Stages
    {
        final Disruptor<CommandSlot> disruptor;
        final JournalHandler journaling;
        final EngineHandler applying;

        Stages(final Journal journal, final CoreHealth health, final Engine engine)
        {
            final StageParkingWaitStrategy strategy = new StageParkingWaitStrategy();
            disruptor = new Disruptor<>(CommandSlot::new, 64, DaemonThreadFactory.INSTANCE, ProducerType.MULTI,
                strategy);
            journaling = new JournalHandler(journal, health, strategy::stageProgressed);
            applying = new EngineHandler(engine, health, strategy::stageProgressed);
        }
    }

    /** Three DEFINE_SKU commands in the claimed slots {@code last - 2 .. last}, each answered to its target. */
    private static void defineThreeSkus(final RingBuffer<CommandSlot> ring, final long last,
        final java.util.function.LongFunction<ReplyTarget> targets)
    {
        for (long s = last - 2; s <= last; s++)
        {
            final CommandSlot slot = ring.get(s);
            slot.type = CommandType.DEFINE_SKU;
            slot.stampedMillis = 1_700_000_000_000L;
            slot.writer.wrap(slot.payload, 0);
            CommandCodec.defineSku(slot.writer, 0, 0, "SKU-" + s, "SKU", 0, 0, Long.MIN_VALUE, Long.MAX_VALUE, false);
            slot.payloadLength = slot.writer.length();
            slot.target = targets.apply(s);
        }
    }

    private void awaitThreeAnswers()
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (answers.size() < 3 && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** The records the journal holds (its last seq), read back after the run. */
    private long journaledRecords()
    {
        try (ordo.journal.JournalReader reader = ordo.journal.JournalReader.open(dataDir))
        {
            return reader.replay((seq, time, type, payload, offset, length) -> { }).lastSeq();
        }
    }

    /** Moves the engine {@code ahead} commands past its handler: the handler's next {@code ahead} applies throw. */
    private static void applyDirectly(final Engine engine, final int ahead)
    {
        for (long seq = 1; seq <= ahead; seq++)
        {
            final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(256);
            final PayloadWriter writer = new PayloadWriter();
            writer.wrap(payload, 0);
            CommandCodec.defineSku(writer, 0, 0, "SKU-X" + seq, "SKU", 0, 0, Long.MIN_VALUE, Long.MAX_VALUE, false);
            engine.apply(seq, 1_700_000_000_000L, CommandType.DEFINE_SKU, payload, 0, writer.length(), new Reply());
        }
    }
}
