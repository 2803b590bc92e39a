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

    @Test
    void aFailedAppendRefusesEveryCommandOfItsBatchAndKeepsTheCommittedOnes()
    {
        final CoreHealth health = new CoreHealth();
        final List<String> answers = new ArrayList<>();
        final ReplyHandler replies = new ReplyHandler(null, health);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            final JournalHandler journaling = new JournalHandler(journal, health, () -> { });
            journaling.setSequenceCallback(new Sequence());
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
