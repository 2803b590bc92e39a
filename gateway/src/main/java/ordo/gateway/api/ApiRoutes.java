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

    /** @param providers the payment providers whose signed webhooks are taken */
    public static Router register(final Router router, final OrdoCore core, final Metrics metrics,
        final PaymentProviders providers)
    {
        final CommandBridge bridge = new CommandBridge(core, new IdempotencyInFlight());
        new OpsRoutes(core, metrics, bridge).register(router);
        new CatalogRoutes(bridge).register(router);
        new InventoryRoutes(bridge).register(router);
        new ReservationRoutes(bridge).register(router);
        new ChannelRoutes(bridge).register(router);
        new SourcingPolicyRoutes(bridge).register(router);
        new OrderRoutes(bridge).register(router);
        new FraudRoutes(bridge).register(router);
        new PaymentRoutes(bridge, providers).register(router);
        return router;
    }
}
