package ordo.gateway.pipeline;

import ordo.engine.PayloadWriter;

/** Writes the payload of the {@code index}-th command of a batch ({@link OrdoCore#tryPublishBatch}). */
@FunctionalInterface
public interface BatchPayloadEncoder<T>
{
    void encode(T source, int index, PayloadWriter writer);
}
