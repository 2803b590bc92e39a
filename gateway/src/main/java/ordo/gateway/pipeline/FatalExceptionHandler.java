package ordo.gateway.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception escaping a stage is a bug (business rejects are result codes). The engine cannot roll back, so its
 * state after a half-applied command is unknown: stop acknowledging anything, loudly, and let a restart rebuild the
 * state from the journal.
 */
final class FatalExceptionHandler implements ExceptionHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(FatalExceptionHandler.class);

    private final CoreHealth health;

    FatalExceptionHandler(final CoreHealth health)
    {
        this.health = health;
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final CommandSlot slot)
    {
        LOG.error("BUG: pipeline stage failed at ring sequence {} ({}); refusing all commands until restart",
            sequence, slot.type, ex);
        health.failStage(ex, sequence);
        slot.journalFailed = true;
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        LOG.error("pipeline stage failed to start", ex);
        health.failStage(ex, -1);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        LOG.error("pipeline stage failed to shut down", ex);
    }
}
