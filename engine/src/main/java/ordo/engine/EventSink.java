package ordo.engine;

/**
 * Receives engine events on the engine thread. Implementations must not block and must not keep references to
 * engine state; later, the outbox (webhooks, payment intents) plugs in here.
 */
@FunctionalInterface
public interface EventSink
{
    EventSink NONE = (type, seq, timeMillis, entityId) -> { };

    /**
     * @param seq        the sequence of the command that caused the event.
     * @param timeMillis engine time of the event (for an expiry, the exact expiry time).
     * @param entityId   reservation id, or the packed (sku index, location index) for inventory.
     */
    void onEvent(EventType type, long seq, long timeMillis, long entityId);
}
