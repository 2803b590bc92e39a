package ordo.gateway.pipeline;

import ordo.engine.PayloadWriter;

/**
 * Writes a command payload for a request straight into a ring slot. Implementations are static (they capture
 * nothing), so publishing allocates no translator object.
 */
@FunctionalInterface
public interface PayloadEncoder<T>
{
    void encode(T request, PayloadWriter writer);
}
