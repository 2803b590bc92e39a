package ordo.gateway.pipeline;

import java.util.Arrays;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;

/**
 * The three stages on one thread, for machines with few cores: each command is applied then journaled as it comes,
 * and at the end of the batch — after the journal's group commit — every reply of the batch leaves, in order. The
 * guarantee is the parallel pipeline's: a reply leaves only after its command is both journaled and applied. Applied
 * first, so that a command the engine throws on (a bug) never reaches the journal, nor does the rest of its batch:
 * the failure stops the core, the journal drops the batch's open document, and a restart does not replay the command
 * into the same exception, which kept the server from starting (found in review).
 */
final class FusedHandler implements EventHandler<CommandSlot>
{
    private final JournalHandler journal;
    /** The {@link EngineHandler} (any handler in tests: one that throws where a bug would). */
    private final EventHandler<CommandSlot> engine;
    private final ReplyHandler replies;
    private final ExceptionHandler<CommandSlot> failures;
    private CommandSlot[] batch = new CommandSlot[256];
    private long firstSequence;
    private int size;

    FusedHandler(final JournalHandler journal, final EventHandler<CommandSlot> engine, final ReplyHandler replies,
        final ExceptionHandler<CommandSlot> failures)
    {
        this.journal = journal;
        this.engine = engine;
        this.replies = replies;
        this.failures = failures;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        journal.onBatchStart(batchSize, queueDepth);
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
        // Failures are handled here, never by the BatchEventProcessor: it would move the ring's gating sequence past
        // slots whose replies have not left, and skip this batch's replies if this is its last slot.
        try
        {
            engine.onEvent(slot, sequence, endOfBatch);
        }
        catch (final Throwable e)
        {
            failures.handleEventException(e, sequence, slot);
        }
        try
        {
            // After an engine failure (the core failed), this appends nothing and drops the batch at its end.
            journal.onEvent(slot, sequence, endOfBatch);
        }
        catch (final Throwable e)
        {
            failures.handleEventException(e, sequence, slot);
        }
        if (endOfBatch)
        {
            final int count = size;
            size = 0;
            for (int i = 0; i < count; i++)
            {
                final CommandSlot done = batch[i];
                batch[i] = null;
                try
                {
                    replies.onEvent(done, firstSequence + i, i == count - 1);
                }
                catch (final Throwable e)
                {
                    failures.handleEventException(e, firstSequence + i, done);
                    done.reset();
                }
            }
        }
    }
}
