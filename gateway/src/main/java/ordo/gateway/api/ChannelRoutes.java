package ordo.gateway.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Ids;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.gateway.auth.Role;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.Router;

/**
 * Sales channels (admin): {@code PUT/GET /v1/channels/{channelId}}. A channel may be capped to a share of each SKU's
 * ATP ({@code pools}, per SKU or {@code "*"} for every SKU); sourcing gives its orders no more than that share. It may
 * be kept to some locations ({@code sourcesFrom}): its orders and holds take stock there only.
 * Storefront and store keys read their own channels only (403 otherwise, as for placing or listing).
 */
final class ChannelRoutes
{
    static final int MAX_POOLS = 255;
    /** The most locations {@code sourcesFrom} may name (the engine's bound; a command's bytes bind it sooner). */
    static final int MAX_SOURCES = 4_096;
    static final String EVERY_SKU = "*";
    private static final Set<String> FIELDS = Set.of("channelId", "kind", "name", "pools", "sourcesFrom");
    private static final Set<String> POOL_FIELDS = Set.of("sku", "shareOfAtp");
    private static final BigDecimal BPS_PER_UNIT = BigDecimal.valueOf(10_000);
    private static final Set<String> PAGE_PARAMS = Set.of("limit", "after");
    private static final byte[] NO_CHANNELS = "{\"channels\":[],\"nextCursor\":null}".getBytes(StandardCharsets.UTF_8);

    private final CommandBridge bridge;

    ChannelRoutes(final CommandBridge bridge)
    {
        this.bridge = bridge;
    }

    void register(final Router router)
    {
        router.route("PUT", "/v1/channels/{channelId}", "putChannel", EnumSet.of(Role.ADMIN),
            BadRequest.guard(this::put));
        router.route("GET", "/v1/channels/{channelId}", "getChannel",
            EnumSet.of(Role.ADMIN, Role.AUDITOR, Role.STOREFRONT, Role.STORE), this::get);
        router.route("GET", "/v1/channels", "listChannels",
            EnumSet.of(Role.ADMIN, Role.AUDITOR, Role.STOREFRONT, Role.STORE), PAGE_PARAMS,
            BadRequest.guard(this::list));
    }

    /**
     * A page of the defined channels in the order they were defined; a storefront or store key lists only its own
     * (as it reads them one by one), and a cursor naming another is unknown to it.
     */
    private void list(final HttpExchange ex)
    {
        QueryParams.once(ex);
        final int limit = QueryParams.limit(ex);
        final String after = QueryParams.id(ex, "after");
        final Set<String> scope = OrderRoutes.scope(ex);
        if (scope != null && scope.isEmpty())
        {
            // A key bound to no channel lists none (an empty scope would mean every channel to the engine).
            if (after != null)
            {
                ex.respondProblem(ResultProblems.of(new Reply().code(ResultCode.UNKNOWN_CURSOR)));
                return;
            }
            ex.respond(200, NO_CHANNELS);
            return;
        }
        bridge.query(ex, CommandType.QUERY_CHANNELS, new Requests.ListChannels(after, limit, scope),
            Requests.ListChannels::encode, Views::channels);
    }

    private void get(final HttpExchange ex)
    {
        final String channel = ex.pathParam("channelId");
        // A channel the key is not bound to is not its to read: 404 as for one that does not exist (API.md: "404
        // unknown or not yours"), so the answer tells nothing of other channels. It was 403 (found in QA).
        if (!ex.principal().canUseChannel(channel))
        {
            ex.respondProblem(ResultProblems.of(new Reply().code(ResultCode.CHANNEL_NOT_FOUND)));
            return;
        }
        bridge.query(ex, CommandType.QUERY_CHANNEL, channel, Requests::encodeQueryById, Views::channel);
    }

    private void put(final HttpExchange ex)
    {
        final CommandBridge.Envelope envelope = bridge.envelope(ex);
        final JsonBody body = JsonBody.parse(ex.bodyBytes()).allowOnly(FIELDS);
        body.sameIdAsPath("channelId", ex.pathParam("channelId"));
        final Codes.ChannelKind kind = body.enumValue("kind", Codes.ChannelKind.class);
        final String name = body.optionalText("name", 200);
        final List<Requests.Pool> pools = new ArrayList<>();
        if (body.has("pools"))
        {
            final JsonNode nodes = body.array("pools", 0, MAX_POOLS);
            final Set<String> skus = new HashSet<>();
            for (int i = 0; i < nodes.size(); i++)
            {
                final JsonBody pool = body.element("pools", nodes, i).allowOnly(POOL_FIELDS);
                final String sku = EVERY_SKU.equals(pool.string("sku")) ? "" : pool.id("sku");
                if (!skus.add(sku))
                {
                    throw BadRequest.field("pools[" + i + "].sku", "names a SKU that an earlier pool already names");
                }
                pools.add(new Requests.Pool(sku, shareBps(pool.decimal("shareOfAtp"), i)));
            }
        }
        final List<String> sources = sourcesFrom(body);
        final Requests.DefineChannel request = new Requests.DefineChannel(envelope.keyHash(), envelope.fingerprint(),
            ex.pathParam("channelId"), kind, name, pools, sources);
        // 255 pools of 64-character SKUs encode to ~17 KB, past a command slot: the publish threw, and the client got
        // a 500 for a body within every stated limit (found in review).
        final int bytes = Requests.encodedBytes(request, Requests.DefineChannel::encode);
        final int capacity = ordo.gateway.pipeline.CommandSlot.REQUEST_CAPACITY;
        if (bytes > capacity)
        {
            // The pools' field when they alone are too many, else the list's (found in review).
            final boolean poolsAlone = sources.isEmpty() || Requests.encodedBytes(new Requests.DefineChannel(
                envelope.keyHash(), envelope.fingerprint(), ex.pathParam("channelId"), kind, name, pools, List.of()),
                Requests.DefineChannel::encode) > capacity;
            throw BadRequest.field(poolsAlone ? "pools" : "sourcesFrom", "the channel is " + bytes + " bytes encoded, "
                + "more than a command holds (" + capacity + "); " + (poolsAlone ? "use fewer pools (a \"*\" pool covers "
                + "every SKU without its own)" : "list fewer locations (left out, the channel takes stock at every "
                + "location)"));
        }
        bridge.submit(ex, envelope, CommandType.DEFINE_CHANNEL, request, Requests.DefineChannel::encode, 200,
            Views::channel);
    }

    /**
     * {@code sourcesFrom}: the locations the channel takes stock from, each once; left out or null, every location
     * (as the channel reads back without a list). An empty list would keep the channel from selling anything, so it
     * is refused. Whether each location is defined is the engine's to say ({@code UNKNOWN_LOCATION}, naming
     * {@code sourcesFrom[i]}).
     */
    private static List<String> sourcesFrom(final JsonBody body)
    {
        return body.distinctStrings("sourcesFrom", "location", "locations", MAX_SOURCES,
            "a channel that takes stock at every location", location -> Ids.isValid(location) &&
                !QueryParams.isDotSegment(location) ? null :
                "must be a location id: 1-64 characters of [A-Za-z0-9._:-], not . or ..");
    }

    /** A share of ATP (0..1, at most 4 decimals) to basis points, exactly. */
    private static int shareBps(final BigDecimal share, final int index)
    {
        final String field = "pools[" + index + "].shareOfAtp";
        if (share.signum() < 0 || share.compareTo(BigDecimal.ONE) > 0)
        {
            throw BadRequest.field(field, "must be between 0 and 1");
        }
        final BigDecimal bps = share.multiply(BPS_PER_UNIT);
        if (bps.stripTrailingZeros().scale() > 0)
        {
            throw BadRequest.field(field, "must have at most 4 decimals (basis points)");
        }
        return bps.intValueExact();
    }
}
