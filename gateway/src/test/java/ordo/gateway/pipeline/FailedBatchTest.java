package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.lmax.disruptor.Sequence;
import ordo.engine.CommandType;
import ordo.journal.Durability;
import ordo.journal.Journal;
import ordo.journal.JournalReader;
import ordo.journal.JournalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch is one journal document: when one of its appends fails, the rollback takes the commands before it as
 * well, so none of the batch may be acknowledged — while a batch committed before the failure stays acknowledged.
 */
class FailedBatchTest
{
    @TempDir
    Path dataDir;

    private final CoreHealth health = new CoreHealth();
    private final List<String> answers = new ArrayList<>();
    private final ReplyHandler replies = new ReplyHandler(null, health);

    @Test
    void aFailedAppendRefusesEveryCommandOfItsBatchAndKeepsTheCommittedOnes()
    {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            final JournalHandler journaling = journaling(journal);
            final CommandSlot committed = slot(1, 16, answers);
            journaling.onEvent(committed, 0, true);
            replies.onEvent(committed, 0, true);

            final CommandSlot first = slot(2, 16, answers);
            final CommandSlot second = slot(3, 16, answers);
            final CommandSlot tooLarge = slot(4, JournalRecord.MAX_PAYLOAD_LENGTH + 1, answers);
            journaling.onEvent(first, 1, false);
            journaling.onEvent(second, 2, false);
            journaling.onEvent(tooLarge, 3, true);
            replies.onEvent(first, 1, false);
            replies.onEvent(second, 2, false);
            replies.onEvent(tooLarge, 3, true);

            assertThat(health.journalFailed()).isTrue();
            assertThat(answers).containsExactly("1 acknowledged", "2 refused", "3 refused", "4 refused");
        }
        assertThat(journaledSeqs(dataDir)).containsExactly(1L);
    }

    /**
     * Another stage throwing (the engine, at ring sequence 2) refuses that command and every later one, even those the
     * journal stage committed first, as it may in the parallel layout; and the batch the journal still had open is
     * dropped, not completed into the journal when it is closed, since none of it was acknowledged.
     */
    @Test
    void aStageThatThrowsRefusesEveryLaterCommandAndItsOpenBatchNeverReachesTheJournal()
    {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            final JournalHandler journaling = journaling(journal);
            final List<CommandSlot> slots = new ArrayList<>();
            for (int i = 0; i < 6; i++)
            {
                slots.add(slot(i + 1, 16, answers));
            }
            // The journal runs ahead of the engine: it commits the first four in one batch, opens a second with the
            // fifth, and only then does the engine throw applying the third.
            for (int i = 0; i < 4; i++)
            {
                journaling.onEvent(slots.get(i), i, i == 3);
            }
            journaling.onEvent(slots.get(4), 4, false);
            new FatalExceptionHandler(health).handleEventException(new IllegalStateException("a bug"), 2, slots.get(2));
            journaling.onEvent(slots.get(5), 5, true);
            for (int i = 0; i < 6; i++)
            {
                replies.onEvent(slots.get(i), i, i == 3 || i == 5);
            }

            assertThat(health.journalFailed()).isTrue();
            assertThat(answers).containsExactly("1 acknowledged", "2 acknowledged", "3 refused", "4 refused",
                "5 refused", "6 refused");
        }
        assertThat(journaledSeqs(dataDir)).as("the committed batch, not the open one").containsExactly(1L, 2L, 3L, 4L);
    }

    private JournalHandler journaling(final Journal journal)
    {
        final JournalHandler journaling = new JournalHandler(journal, health, () -> { });
        journaling.setSequenceCallback(new Sequence());
        return journaling;
    }

    /** The seq of every record in the journal at {@code dataDir}, in order (each CRC and link checked on the way). */
    static List<Long> journaledSeqs(final Path dataDir)
    {
        final List<Long> journaled = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dataDir))
        {
            reader.replay((seq, time, type, payload, offset, length) -> journaled.add(seq));
        }
        return journaled;
    }

    private static CommandSlot slot(final long seq, final int payloadLength, final List<String> answers)
    {
        final CommandSlot slot = new CommandSlot();
        slot.type = CommandType.ADJUST_INVENTORY;
        slot.stampedMillis = 1_700_000_000_000L + seq;
        slot.payloadLength = payloadLength;
        slot.reply.reset(seq, slot.stampedMillis);
        slot.target = s -> answers.add(seq + (s.journalFailed() ? " refused" : " acknowledged"));
        return slot;
    }
}
