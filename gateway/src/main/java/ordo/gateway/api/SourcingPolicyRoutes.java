package ordo.gateway.api;

import java.util.EnumSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.ResultCode;
import ordo.engine.SourcingPolicy;
import ordo.gateway.auth.Role;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.Problem;
import ordo.gateway.http.Router;

/**
 * The sourcing policy (engine state, changed by a journaled command): {@code PUT /v1/sourcing-policy} replaces all
 * of it, {@code GET} shows it. Ranges are checked by {@link SourcingPolicy.Builder#validate}, the same check the
 * engine makes, so the client learns what is wrong before anything is journaled.
 */
final class SourcingPolicyRoutes
{
    private static final Set<String> FIELDS = Set.of("splitPenaltyMinor", "pickupReadyMinutes", "serviceLevels");
    private static final Set<String> LEVEL_NAMES = Set.of("STANDARD", "EXPRESS", "SAME_DAY");
    private static final Set<String> LEVEL_FIELDS = Set.of("ratePerKmMinor", "radiusMetres", "transit");
    private static final Set<String> BAND_FIELDS = Set.of("upToMetres", "minutes");

    private final CommandBridge bridge;

    SourcingPolicyRoutes(final CommandBridge bridge)
    {
        this.bridge = bridge;
    }

    void register(final Router router)
    {
        router.route("PUT", "/v1/sourcing-policy", "putSourcingPolicy", EnumSet.of(Role.ADMIN),
            BadRequest.guard(this::put));
        router.route("GET", "/v1/sourcing-policy", "getSourcingPolicy", EnumSet.of(Role.ADMIN, Role.AUDITOR),
            ex -> bridge.query(ex, CommandType.QUERY_SOURCING_POLICY, null, Requests::encodeNothing,
                Views::sourcingPolicy));
    }

    private void put(final HttpExchange ex)
    {
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final JsonBody body = JsonBody.parse(ex.bodyBytes()).allowOnly(FIELDS);
        final SourcingPolicy.Builder policy = new SourcingPolicy.Builder()
            .splitPenaltyMinor(body.integer("splitPenaltyMinor", 0, Long.MAX_VALUE))
            .pickupReadyMinutes((int)body.integer("pickupReadyMinutes", 0, Integer.MAX_VALUE));
        final JsonBody levels = body.object("serviceLevels").allowOnly(LEVEL_NAMES);
        for (final Codes.ServiceLevel level : Codes.ServiceLevel.values())
        {
            final JsonBody json = levels.object(level.name()).allowOnly(LEVEL_FIELDS);
            final JsonNode bands = json.array("transit", 1, SourcingPolicy.MAX_BANDS);
            final long[] upToMetres = new long[bands.size()];
            final int[] minutes = new int[bands.size()];
            for (int i = 0; i < bands.size(); i++)
            {
                final JsonBody band = json.element("transit", bands, i).allowOnly(BAND_FIELDS);
                upToMetres[i] = band.integer("upToMetres", 0, Long.MAX_VALUE);
                minutes[i] = (int)band.integer("minutes", 0, Integer.MAX_VALUE);
            }
            policy.level(level, json.integer("ratePerKmMinor", 0, Long.MAX_VALUE),
                json.optionalInteger("radiusMetres", 0, Long.MAX_VALUE, 0), upToMetres, minutes);
        }
        final String problem = policy.validate();
        if (problem != null)
        {
            // The code the engine gives the same check (and the fraud rules' route its own): it once said
            // INVALID_REQUEST, and INVALID_POLICY was never seen (found in QA).
            final ResultCode code = ResultCode.INVALID_POLICY;
            throw new BadRequest(Problem.of(ResultProblems.status(code), code.name(), ResultProblems.title(code),
                problem));
        }
        final Requests.SetPolicy request = new Requests.SetPolicy(envelope.keyHash(), envelope.fingerprint(),
            policy.build());
        bridge.submit(ex, envelope, CommandType.SET_SOURCING_POLICY, request, Requests.SetPolicy::encode, 200,
            Views::sourcingPolicy);
    }
}
