package ordo.engine;

/**
 * Events the engine emits while applying journaled commands. They are derived, not journaled: replay emits them
 * again, in the same order, with the same sequence and time.
 */
public enum EventType
{
    LOCATION_DEFINED,
    SKU_DEFINED,
    INVENTORY_CHANGED,
    RESERVATION_CREATED,
    RESERVATION_RELEASED,
    RESERVATION_EXPIRED,
    RESERVATION_CONVERTED,
    ORDER_PLACED,
    ORDER_BACKORDER_ALLOCATED,
    ORDER_CANCELLED,
    ORDER_REJECTED,
    /** A payment action was added to the outbox (entity = action id): the payment adapter should act. */
    PAYMENT_ACTION_REQUESTED,
    PAYMENT_UPDATED,
    /** Allocated units of the order went back to backorder: their node's stock fell short ({@code StockShortage}). */
    ORDER_BACKORDERED
}
