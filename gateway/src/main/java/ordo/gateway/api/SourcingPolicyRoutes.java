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
import ordo.gateway.http.Router;

/**
 * The sourcing policy (engine state, changed by a journaled command): {@code PUT /v1/sourcing-policy} replaces all
 * of it, {@code GET} shows it. The client learns what is wrong before anything is journaled: each value is checked
 * as it is read against the contract's range (docs/openapi.yaml: {@link SourcingPolicy}'s bounds) and
 * the values before it (bands rise, their minutes never fall): out of it, below or above alike, answers
 * {@code INVALID_POLICY} with {@code field} naming the member as the API spells it
 * ({@code serviceLevels.EXPRESS.transit[1].minutes}) and the detail the range. A body of the wrong shape (a member
 * missing, unknown or not an integer) is an {@code INVALID_REQUEST}. It once checked only Java's type limits here,
 * so -1 was "between 0 and 9223372036854775807" and 1000001 an engine sentence with no field (found in QA).
 * {@link SourcingPolicy.Builder#validate}, the check the engine makes, runs after as a backstop.
 */
final class SourcingPolicyRoutes
{
    private static final Set<String> FIELDS = Set.of("splitPenaltyMinor", "pickupReadyMinutes", "serviceLevels",
        "maxShipments");
    private static final Set<String> LEVEL_NAMES = Set.of("STANDARD", "EXPRESS", "SAME_DAY");
    private static final Set<String> LEVEL_FIELDS = Set.of("ratePerKmMinor", "radiusMetres", "transit");
    private static final Set<String> BAND_FIELDS = Set.of("upToMetres", "minutes");

    /** The code of every refused value: the engine's for the same check (the fraud rules' route has its own). */
    private static final ResultCode INVALID = ResultCode.INVALID_POLICY;

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
            .splitPenaltyMinor(body.integer("splitPenaltyMinor", 0, SourcingPolicy.MAX_COST_MINOR, INVALID))
            .pickupReadyMinutes((int)body.integer("pickupReadyMinutes", 0, SourcingPolicy.MAX_TRANSIT_MINUTES,
                INVALID))
            // Absent or null: no limit, as GET shows it.
            .maxShipments(body.has("maxShipments") ?
                (int)body.integer("maxShipments", 1, SourcingPolicy.MAX_SHIPMENTS, INVALID) : 0);
        final JsonBody levels = body.object("serviceLevels").allowOnly(LEVEL_NAMES);
        for (final Codes.ServiceLevel level : Codes.ServiceLevel.values())
        {
            final JsonBody json = levels.object(level.name()).allowOnly(LEVEL_FIELDS);
            final long ratePerKmMinor = json.integer("ratePerKmMinor", 0, SourcingPolicy.MAX_RATE_PER_KM_MINOR,
                INVALID);
            final long radiusMetres = json.has("radiusMetres") ?
                json.integer("radiusMetres", 0, SourcingPolicy.MAX_DISTANCE_METRES, INVALID) : 0;
            final JsonNode bands = json.array("transit", 1, SourcingPolicy.MAX_BANDS);
            final long[] upToMetres = new long[bands.size()];
            final int[] minutes = new int[bands.size()];
            for (int i = 0; i < bands.size(); i++)
            {
                final JsonBody band = json.element("transit", bands, i).allowOnly(BAND_FIELDS);
                upToMetres[i] = band.integer("upToMetres", 1, SourcingPolicy.MAX_DISTANCE_METRES, INVALID);
                final String before = json.pathOf("transit") + "[" + (i - 1) + "]";
                if (i > 0 && upToMetres[i] <= upToMetres[i - 1])
                {
                    throw BadRequest.field(INVALID, band.pathOf("upToMetres"), "must be more than " + before +
                        ".upToMetres (" + upToMetres[i - 1] + "): bands rise in distance");
                }
                minutes[i] = (int)band.integer("minutes", 1, SourcingPolicy.MAX_TRANSIT_MINUTES, INVALID);
                if (i > 0 && minutes[i] < minutes[i - 1])
                {
                    throw BadRequest.field(INVALID, band.pathOf("minutes"), "must be at least " + before +
                        ".minutes (" + minutes[i - 1] + "): a farther band is never promised sooner");
                }
            }
            policy.level(level, ratePerKmMinor, radiusMetres, upToMetres, minutes);
        }
        // Every value is checked above, naming its member; the engine's own check stays as a backstop.
        final String problem = policy.validate();
        if (problem != null)
        {
            throw new BadRequest(ResultProblems.of(INVALID, problem));
        }
        final Requests.SetPolicy request = new Requests.SetPolicy(envelope.keyHash(), envelope.fingerprint(),
            policy.build());
        bridge.submit(ex, envelope, CommandType.SET_SOURCING_POLICY, request, Requests.SetPolicy::encode, 200,
            Views::sourcingPolicy);
    }
}
