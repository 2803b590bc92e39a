package ordo.engine;

/**
 * Told when a SKU's available stock may have grown (a count or receipt, a released or expired hold, cancelled
 * units), so backorders waiting for it are tried again after the command. Engine thread only.
 */
interface SupplyListener
{
    SupplyListener NONE = sku -> { };

    void onSupplyMayHaveGrown(Sku sku);
}
