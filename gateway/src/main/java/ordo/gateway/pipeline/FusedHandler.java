package ordo.gateway.pipeline;

import java.util.Arrays;

import com.lmax.disruptor.EventHandler;

/**
 * The three stages on one thread, for machines with few cores: each command is journaled then applied as it comes,
 * and at the end of the batch — after the journal's group commit — every reply of the batch leaves, in order. The
 * guarantee is the parallel pipeline's: a reply leaves only after its command is both journaled and applied.
 */
final class FusedHandler implements EventHandler<CommandSlot>
{
    private final JournalHandler journal;
    private final EngineHandler engine;
    private final ReplyHandler replies;
    private CommandSlot[] batch = new CommandSlot[256];
    private long firstSequence;
    private int size;

    FusedHandler(final JournalHandler journal, final EngineHandler engine, final ReplyHandler replies)
    {
        this.journal = journal;
        this.engine = engine;
        this.replies = replies;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (size == 0)
        {
            firstSequence = sequence;
        }
        if (size == batch.length)
        {
            batch = Arrays.copyOf(batch, size * 2);
        }
        batch[size++] = slot;
        journal.onEvent(slot, sequence, endOfBatch);
        engine.onEvent(slot, sequence, endOfBatch);
        if (endOfBatch)
        {
            final int count = size;
            size = 0;
            for (int i = 0; i < count; i++)
            {
                final CommandSlot done = batch[i];
                batch[i] = null;
                replies.onEvent(done, firstSequence + i, i == count - 1);
            }
        }
    }
}
