package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.lmax.disruptor.Sequence;
import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.journal.Durability;
import ordo.journal.Journal;
import ordo.journal.JournalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three stages on one thread keep the parallel pipeline's promise: a reply leaves only after its command is
 * journaled (the batch's group committed) and applied, replies leave in ring order, and a failed append refuses its
 * whole batch.
 */
class FusedHandlerTest
{
    @TempDir
    Path dataDir;

    private final CoreHealth health = new CoreHealth();
    private final List<String> answers = new ArrayList<>();

    private FusedHandler fused(final Journal journal, final Engine engine)
    {
        final JournalHandler journaling = new JournalHandler(journal, health, () -> { });
        journaling.setSequenceCallback(new Sequence());
        final EngineHandler applying = new EngineHandler(engine, health, () -> { });
        applying.setSequenceCallback(new Sequence());
        return new FusedHandler(journaling, applying, new ReplyHandler(null, health),
            new FatalExceptionHandler(health));
    }

    @Test
    void repliesLeaveInOrderOnlyAtTheEndOfTheBatchOnceItIsJournaledAndApplied()
    {
        final Engine engine = new Engine();
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            final FusedHandler fused = fused(journal, engine);
            for (int i = 0; i < 3; i++)
            {
                fused.onEvent(defineSku("SKU-" + i), i, false);
            }
            assertThat(answers).as("nothing leaves before the group commit").isEmpty();
            assertThat(engine.lastSeq()).as("each command applied as it came").isEqualTo(3);

            fused.onEvent(defineSku("SKU-3"), 3, true);

            assertThat(answers).containsExactly("1 OK", "2 OK", "3 OK", "4 OK");
            assertThat(health.journaledSeq()).isEqualTo(4);
        }
        assertThat(FailedBatchTest.journaledSeqs(dataDir)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aFailedAppendRefusesEveryCommandOfItsBatchAndKeepsTheCommittedOnes()
    {
        final Engine engine = new Engine();
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            final FusedHandler fused = fused(journal, engine);
            fused.onEvent(defineSku("SKU-0"), 0, true);

            fused.onEvent(defineSku("SKU-1"), 1, false);
            fused.onEvent(defineSku("SKU-2"), 2, false);
            final CommandSlot tooLarge = defineSku("SKU-3");
            // Larger than a record may be: the append throws, as a full disk would make it.
            tooLarge.payload.putByte(JournalRecord.MAX_PAYLOAD_LENGTH, (byte)0);
            tooLarge.payloadLength = JournalRecord.MAX_PAYLOAD_LENGTH + 1;
            fused.onEvent(tooLarge, 3, true);

            assertThat(health.journalFailed()).isTrue();
            assertThat(answers).containsExactly("1 OK", "2 refused", "3 refused", "4 refused");
        }
        assertThat(FailedBatchTest.journaledSeqs(dataDir)).containsExactly(1L);
    }

    /** In the parallel layout the reply stage parks until these two signal; a missing signal would stall it. */
    @Test
    void theJournalAndEngineStagesMoveTheirSequenceAndSignalAtTheEndOfEachBatchOnly()
    {
        final int[] signals = new int[2];
        final Sequence journaled = new Sequence();
        final Sequence applied = new Sequence();
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            final JournalHandler journaling = new JournalHandler(journal, health, () -> signals[0]++);
            journaling.setSequenceCallback(journaled);
            final EngineHandler applying = new EngineHandler(new Engine(), health, () -> signals[1]++);
            applying.setSequenceCallback(applied);

            final CommandSlot first = defineSku("SKU-0");
            journaling.onEvent(first, 0, false);
            applying.onEvent(first, 0, false);
            assertThat(journaled.get()).isEqualTo(-1);
            assertThat(applied.get()).isEqualTo(-1);
            assertThat(signals).containsExactly(0, 0);

            final CommandSlot last = defineSku("SKU-1");
            journaling.onEvent(last, 1, true);
            applying.onEvent(last, 1, true);
            assertThat(journaled.get()).isEqualTo(1);
            assertThat(applied.get()).isEqualTo(1);
            assertThat(signals).containsExactly(1, 1);
        }
    }

    private CommandSlot defineSku(final String skuId)
    {
        final CommandSlot slot = new CommandSlot();
        slot.type = CommandType.DEFINE_SKU;
        slot.stampedMillis = 1_700_000_000_000L;
        slot.writer.wrap(slot.payload, 0);
        CommandCodec.defineSku(slot.writer, 0, 0, skuId, skuId, 0, 0, Long.MIN_VALUE, Long.MAX_VALUE, false);
        slot.payloadLength = slot.writer.length();
        slot.target = s -> answers.add(s.reply().seq() + (s.journalFailed() ? " refused" : " " + s.reply().code()));
        return slot;
    }
}
