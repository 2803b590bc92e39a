package ordo.engine;

/**
 * Told when a SKU's available stock may have grown (a count or receipt, a released or expired hold, cancelled
 * units), so backorders waiting for it are tried again after the command. Engine thread only.
 */
interface SupplyListener
{
    SupplyListener NONE = new SupplyListener()
    {
        @Override
        public void onSupplyMayHaveGrown(final Sku sku)
        {
        }

        @Override
        public void onEverySupplyMayHaveGrown()
        {
        }
    };

    void onSupplyMayHaveGrown(Sku sku);

    /**
     * What any SKU may take may have grown (a pool widened, a node switched on or given a capability, the sourcing
     * policy changed): as {@link #onSupplyMayHaveGrown} of every SKU, in SKU order, without reading the SKUs (an
     * admin command visiting each of 100 000 SKUs held the engine thread ~6 ms): the order book walks its queues, and
     * only while units wait.
     */
    void onEverySupplyMayHaveGrown();
}
