package ordo.gateway.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import ordo.engine.CommandType;
import ordo.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1a (in parallel with {@link EngineHandler}): appends every journaled command to the journal, numbering them
 * exactly as the engine does (one more than the last journaled sequence), and commits the group at the end of each
 * batch — in {@code sync} durability that is one msync for the whole batch, before any of its replies leave.
 *
 * <p>If the journal fails, the command and everything after it is refused (503) and the core stops being ready:
 * the engine may already have applied it, so the in-memory state is ahead of the journal, and only a restart —
 * which replays the journal — brings them back together. Nothing unjournaled is ever acknowledged.
 */
final class JournalHandler implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalHandler.class);

    private final Journal journal;
    private final CoreHealth health;
    private final Runnable progressed;
    private Sequence sequence;
    private long nextSeq;

    JournalHandler(final Journal journal, final CoreHealth health, final Runnable progressed)
    {
        this.journal = journal;
        this.health = health;
        this.progressed = progressed;
        this.nextSeq = journal.lastSeq() + 1;
    }

    @Override
    public void setSequenceCallback(final Sequence sequence)
    {
        this.sequence = sequence;
    }

    /**
     * Before the batch's first command: the journal makes sure the disk can take all of it, so a full disk refuses
     * the batch whole rather than part-way (documents completed before the failure would be replayed after a restart,
     * though answered 503). Refused, the journal fails as for a failed append: the batch's commands are answered 503.
     */
    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        if (health.journalFailed())
        {
            return;
        }
        try
        {
            journal.reserveForBatch(batchSize * MAX_RECORD_BYTES);
        }
        catch (final RuntimeException | Error e)
        {
            LOG.error("journal cannot take the next batch ({} command(s)){}: refusing all commands until restart",
                batchSize, cause(e), e);
            health.failJournal(e);
        }
    }

    /** The largest record a command makes: its frame and the largest payload a slot holds. */
    static final long MAX_RECORD_BYTES = ordo.journal.JournalRecord.FULL_FRAME_LENGTH + CommandSlot.PAYLOAD_CAPACITY;

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        final CommandType type = slot.type;
        if (type.isJournaled())
        {
            if (health.journalFailed())
            {
                slot.journalFailed = true;
            }
            else
            {
                try
                {
                    journal.append(nextSeq, slot.stampedMillis, type.code(), slot.payload, 0, slot.payloadLength);
                    nextSeq++;
                }
                catch (final RuntimeException | InternalError e)
                {
                    LOG.error("journal append failed at seq {}{}: refusing all commands until restart", nextSeq,
                        cause(e), e);
                    health.failJournal(e);
                    slot.journalFailed = true;
                }
            }
        }
        else if (type == CommandType.SNAPSHOT)
        {
            slot.journalChain = journal.lastChain();
        }
        if (endOfBatch && !health.journalFailed())
        {
            try
            {
                journal.endOfBatch();
                // Per batch, not per record (a volatile store), and only once the batch is committed.
                health.journaled(nextSeq - 1);
            }
            catch (final RuntimeException | InternalError e)
            {
                LOG.error("journal write failed at the end of a batch{}: refusing all commands until restart",
                    cause(e), e);
                health.failJournal(e);
                slot.journalFailed = true;
            }
        }
        else if (endOfBatch)
        {
            // Failed, here or in another stage (which a batch's end may be the first to see): none of the batch's
            // records will be acknowledged, so they must not reach the journal when it is closed (found in review).
            journal.abandonBatch();
        }
        if (endOfBatch)
        {
            // The batch is done with: let the reply stage see it now and wake it if it parked waiting for it.
            this.sequence.setVolatile(sequence);
            progressed.run();
        }
    }

    /**
     * What an operator should look at. A write into the memory-mapped journal file that the file system cannot back
     * (a full disk, an I/O error) faults, and the JVM raises it as an {@code InternalError}; it once escaped this
     * stage and was logged as a software bug with nothing naming the journal or the disk (found in QA).
     */
    static String cause(final Throwable e)
    {
        return e instanceof InternalError ?
            " (a fault writing the memory-mapped journal file: is its disk full or failing?)" : "";
    }
}
