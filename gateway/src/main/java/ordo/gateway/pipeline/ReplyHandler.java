package ordo.gateway.pipeline;

import com.lmax.disruptor.EventHandler;
import ordo.engine.CommandType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2: runs only after a slot is both journaled and applied, so a reply never leaves for a command that is not
 * in the journal. Hands the reply to its target and snapshots to the snapshot writer, then drops the slot's
 * references so nothing outlives its request.
 */
final class ReplyHandler implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(ReplyHandler.class);

    private final SnapshotWriter snapshots;
    private final CoreHealth health;

    ReplyHandler(final SnapshotWriter snapshots, final CoreHealth health)
    {
        this.snapshots = snapshots;
        this.health = health;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        try
        {
            // Only what a completed group commit covered may be acknowledged: a failed append or group commit rolls
            // back the open batch document (a batch past 64 KiB has completed the documents before it, whose commands
            // are refused here all the same, though a restart replays them). journaledSeq is published before the
            // journal stage lets this slot through.
            // And nothing at or after a slot a stage threw on, journaled or not: the engine went on applying on a
            // state that is unknown from there, while in the parallel layout the journal may have committed the
            // later commands already (they were acknowledged here, found in review).
            // Nor a query once the journal has failed: the engine went on applying commands the journal lacks, and
            // a query would show them — an order a client was refused, a payment action the adapter would then ask a
            // provider for under an id a restart gives to another order (found in review).
            if (health.stageFailedBy(sequence) || health.journalFailed() &&
                (!slot.type.isJournaled() || slot.reply.seq() > health.journaledSeq()))
            {
                slot.journalFailed = true;
            }
            // Never after a failure: the engine may hold commands the journal lacks, or a half-applied one.
            // Both failure paths set health before this slot reaches this stage.
            if (slot.type == CommandType.SNAPSHOT && slot.snapshot != null && !slot.journalFailed &&
                !health.journalFailed())
            {
                snapshots.submit(slot.reply.a(), slot.reply.c(), slot.reply.b(), slot.journalChain, slot.snapshot);
            }
            if (slot.target != null)
            {
                slot.target.onReply(slot);
            }
        }
        catch (final RuntimeException e)
        {
            // A failing reply target must not stop the pipeline: that request is lost to its client (who sees the
            // connection fail) but the command itself is journaled and applied, so the engine's state is whole.
            LOG.error("reply target failed for {}", slot.type, e);
        }
        catch (final OutOfMemoryError e)
        {
            // Out of direct memory for a response failed that answer only (the connection is told, see
            // HttpExchange.abandon); letting it reach the ring's fatal handler refused every later command until a
            // restart. Out of heap is the whole process's trouble: fatal, as before, so /ready says so.
            if (!MemoryErrors.isDirectMemory(e))
            {
                throw e;
            }
            LOG.error("no direct memory for the answer to {}", slot.type, e);
        }
        finally
        {
            slot.reset();
        }
    }
}
