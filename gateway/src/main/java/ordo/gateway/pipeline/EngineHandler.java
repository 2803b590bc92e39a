package ordo.gateway.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.SnapshotTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1b (in parallel with {@link JournalHandler}): the engine thread. Applies journaled commands with the same
 * sequence numbers the journal gives them, answers queries, and serialises a snapshot when a SNAPSHOT control
 * command reaches it, so the snapshot is taken at an exact point of the command stream.
 */
final class EngineHandler implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(EngineHandler.class);

    private final Engine engine;
    private final CoreHealth health;
    private final Runnable progressed;
    private final java.util.function.LongSupplier written;
    private Sequence sequence;
    private long nextSeq;
    private long reportedSeq;

    EngineHandler(final Engine engine, final CoreHealth health, final Runnable progressed)
    {
        this(engine, health, progressed, () -> -1);
    }

    /**
     * @param written the seq of the newest snapshot written (and read back) by this run, any thread's
     *                ({@link SnapshotWriter#lastWrittenSeq}): a SNAPSHOT at or before it is not taken again
     */
    EngineHandler(final Engine engine, final CoreHealth health, final Runnable progressed,
        final java.util.function.LongSupplier written)
    {
        this.written = written;
        this.engine = engine;
        this.health = health;
        this.progressed = progressed;
        this.nextSeq = engine.lastSeq() + 1;
        this.reportedSeq = engine.lastSeq();
    }

    /** A snapshot that cannot be taken only costs a longer replay later: log it, never stop the engine. */
    private void snapshot(final CommandSlot slot)
    {
        final long covered = written.getAsLong();
        if (covered >= engine.lastSeq())
        {
            // A snapshot of this run already holds this state (a periodic one of an idle server, taken by the shadow
            // at the last command): a clean stop rewrote it whole, a second or more per 100 000 orders and a minute
            // for a few GB, to leave the same state on disk (QA-188). Nothing to submit: the reply stage writes none.
            slot.snapshot = null;
            slot.reply.reset(engine.lastSeq(), engine.nowMillis());
            slot.reply.result(ordo.engine.ResultCode.OK, 0, engine.lastSeq(), 0, engine.nowMillis(), 0);
            LOG.info("no new snapshot at seq {}: the one written at seq {} holds this state", engine.lastSeq(),
                covered);
            return;
        }
        try
        {
            slot.reply.reset(engine.lastSeq(), engine.nowMillis());
            slot.reply.result(ordo.engine.ResultCode.OK, 0, engine.lastSeq(), engine.stateHash(), engine.nowMillis(), 0);
            slot.snapshot = EngineSnapshot.serialise(engine);
        }
        catch (final SnapshotTooLargeException e)
        {
            slot.snapshot = null;
            health.snapshotTooLarge(engine.lastSeq());
            LOG.error("no snapshot at seq {}: {}; the journal still holds every command", engine.lastSeq(),
                e.getMessage());
        }
        catch (final RuntimeException | OutOfMemoryError e)
        {
            slot.snapshot = null;
            LOG.error("snapshot at seq {} could not be serialised; the journal still holds every command",
                engine.lastSeq(), e);
        }
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        final CommandType type = slot.type;
        switch (type.kind())
        {
            case JOURNALED ->
            {
                engine.apply(nextSeq++, slot.stampedMillis, type, slot.payload, 0, slot.payloadLength, slot.reply);
            }
            case QUERY -> engine.query(slot.stampedMillis, type, slot.payload, 0, slot.payloadLength, slot.reply);
            case CONTROL ->
            {
                if (type == CommandType.SNAPSHOT)
                {
                    snapshot(slot);
                }
            }
        }
        // Once per batch, not per command: a volatile store is the costliest store on this thread. Replies of the
        // batch leave only after this handler's sequence moves past it, i.e. after this store.
        if (endOfBatch && nextSeq - 1 != reportedSeq)
        {
            reportedSeq = nextSeq - 1;
            health.applied(reportedSeq);
        }
        if (endOfBatch)
        {
            // The batch is done with: let the reply stage see it now and wake it if it parked waiting for it.
            this.sequence.setVolatile(sequence);
            progressed.run();
        }
    }

    @Override
    public void setSequenceCallback(final Sequence sequence)
    {
        this.sequence = sequence;
    }
}
