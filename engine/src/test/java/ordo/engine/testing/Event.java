package ordo.engine.testing;

import ordo.engine.EventType;

/** One engine event as an {@link ordo.engine.EventSink} saw it. */
public record Event(EventType type, long seq, long timeMillis, long entityId)
{
}
