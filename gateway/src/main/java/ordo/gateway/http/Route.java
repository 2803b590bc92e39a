package ordo.gateway.http;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

import ordo.gateway.auth.Role;

/** One registered route; immutable once the router is built. */
final class Route {

    final String method;
    final String template;
    final String name;
    /** Roles admitted, or null for a public route (no authentication at all). */
    final Set<Role> allowed;
    /** The query parameters the route reads; a request with another is refused before it runs. */
    final Set<String> queryParams;
    /** Whether any query is taken and none read ({@link Router#ANY_QUERY}): the dispatcher does not decode it. */
    final boolean anyQuery;
    final RouteHandler handler;
    /** Names of the template's {@code {params}}, in path order. */
    final String[] paramNames;
    /** The match of a route without parameters, the same for every request (null for one with parameters). */
    final RouteMatch matchWithoutParams;

    Route(String method, String template, String name, EnumSet<Role> allowed, Set<String> queryParams,
          RouteHandler handler, String[] paramNames) {
        this.method = method;
        this.template = template;
        this.name = name;
        this.allowed = allowed == null ? null : Collections.unmodifiableSet(EnumSet.copyOf(allowed));
        this.anyQuery = queryParams == Router.ANY_QUERY;
        this.queryParams = Set.copyOf(queryParams);
        this.handler = handler;
        this.paramNames = paramNames;
        this.matchWithoutParams = paramNames.length == 0 ? RouteMatch.found(this, paramNames) : null;
    }

    boolean isPublic() {
        return allowed == null;
    }

    /** The value of {@code name} among {@code values} (positional, as matched), or null. */
    String param(String[] values, String param) {
        for (int i = 0; i < paramNames.length; i++) {
            if (paramNames[i].equals(param)) {
                return values[i];
            }
        }
        return null;
    }

    /** The name of the first parameter that is not a valid id, or null when all are. */
    String firstInvalidParam(String[] values) {
        return firstParam(values, value -> !Ids.isValid(value));
    }

    /**
     * The name of the first parameter that is {@code .} or {@code ..}, or null: valid ids, but clients, URL libraries
     * and proxies remove such path segments (RFC 3986 §5.2.4), so an entity of that id could not be reached (QA-209:
     * {@code PUT /v1/skus/%2e%2e} defined one that {@code GET /v1/skus/..} never reached).
     */
    String firstDotSegmentParam(String[] values) {
        return firstParam(values, value -> value.equals(".") || value.equals(".."));
    }

    /** The name of the first parameter whose value is {@code bad}, or null. */
    private String firstParam(String[] values, Predicate<String> bad) {
        for (int i = 0; i < paramNames.length; i++) {
            if (bad.test(values[i])) {
                return paramNames[i];
            }
        }
        return null;
    }

    /** The first of {@code names} (query parameters, in the order sent) the route does not read, or null. */
    String firstUnknownQueryParam(Iterable<String> names) {
        if (anyQuery) {
            return null;
        }
        for (String name : names) {
            if (!queryParams.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** What the route reads, for an answer that refuses another: "takes none" or "takes a, b". */
    String queryParamsTaken() {
        return queryParams.isEmpty() ? "this route takes none"
                : "this route takes " + String.join(", ", new java.util.TreeSet<>(queryParams));
    }

    RouteInfo info() {
        return new RouteInfo(method, template, name);
    }
}
