package ordo.gateway.api;

import ordo.gateway.http.IdempotencyInFlight;
import ordo.gateway.http.Metrics;
import ordo.gateway.http.Router;
import ordo.gateway.payments.PaymentProviders;
import ordo.gateway.pipeline.OrdoCore;

/**
 * Every route of the v1 API, registered in one place; docs/openapi.yaml lists the same routes (a test checks).
 */
public final class ApiRoutes
{
    private ApiRoutes()
    {
    }

    /**
     * @param providers        the payment providers whose signed webhooks are taken
     * @param soldOutAtGateway whether the event loops refuse holds of SKUs the engine published as sold out
     *                         ({@link SoldOutRefusals})
     */
    public static Router register(final Router router, final OrdoCore core, final Metrics metrics,
        final PaymentProviders providers, final boolean soldOutAtGateway)
    {
        final CommandBridge bridge = new CommandBridge(core, new IdempotencyInFlight());
        final SoldOutRefusals soldOut = SoldOutRefusals.of(core, soldOutAtGateway);
        metrics.registerCounter("ordo_reservations_sold_out_at_gateway_total", "Reservations refused as sold out by"
            + " an event loop from what the engine published, without a command (not journaled; see"
            + " http.soldOutAtGateway)", soldOut::refused);
        new OpsRoutes(core, metrics, bridge).register(router);
        new CatalogRoutes(bridge).register(router);
        new InventoryRoutes(bridge).register(router);
        new ReservationRoutes(bridge, soldOut).register(router);
        new ChannelRoutes(bridge).register(router);
        new SourcingPolicyRoutes(bridge).register(router);
        new OrderRoutes(bridge).register(router);
        new FraudRoutes(bridge).register(router);
        new PaymentRoutes(bridge, providers).register(router);
        return router;
    }
}
