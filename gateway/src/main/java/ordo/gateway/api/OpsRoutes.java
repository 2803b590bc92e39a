package ordo.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import io.netty.buffer.Unpooled;
import ordo.engine.CommandType;
import ordo.gateway.auth.Role;
import ordo.gateway.http.Metrics;
import ordo.gateway.http.ProblemCode;
import ordo.gateway.http.Router;
import ordo.gateway.pipeline.OrdoCore;

/**
 * Operations: liveness, readiness, Prometheus metrics (public, as scrapers expect) and the auditor's state hash.
 */
final class OpsRoutes
{
    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

    private final OrdoCore core;
    private final Metrics metrics;
    private final CommandBridge bridge;

    OpsRoutes(final OrdoCore core, final Metrics metrics, final CommandBridge bridge)
    {
        this.core = core;
        this.metrics = metrics;
        this.bridge = bridge;
    }

    void register(final Router router)
    {
        router.route("GET", "/health", "health", null, Router.ANY_QUERY, ex -> ex.respond(200, UP));
        router.route("GET", "/ready", "ready", null, Router.ANY_QUERY, ex ->
        {
            if (core.health().isReady())
            {
                ex.respond(200, ("{\"status\":\"READY\",\"sequence\":" + core.health().appliedSeq() + "}")
                    .getBytes(StandardCharsets.UTF_8));
            }
            else
            {
                ex.respondProblem(core.health().journalFailed() ?
                    ProblemCode.JOURNAL_UNAVAILABLE.problem("the journal failed; restart the server") :
                    ProblemCode.NOT_READY.problem("journal not open or replay not finished"));
            }
        });
        router.route("GET", "/metrics", "metrics", null, Router.ANY_QUERY, ex -> ex.respond(200,
            Metrics.CONTENT_TYPE,
            Unpooled.wrappedBuffer(metrics.render().getBytes(StandardCharsets.UTF_8))));
        router.route("GET", "/v1/journal/state-hash", "getStateHash", EnumSet.of(Role.ADMIN, Role.AUDITOR),
            ex -> bridge.query(ex, CommandType.QUERY_STATE_HASH, null, Requests::encodeNothing, Views::stateHash));
    }
}
