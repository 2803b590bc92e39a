package ordo.gateway.http;

/** What the router found for a method and path. */
final class RouteMatch {

    enum Outcome { FOUND, NOT_FOUND, METHOD_NOT_ALLOWED }

    static final RouteMatch NOT_FOUND = new RouteMatch(Outcome.NOT_FOUND, null, null, null);

    final Outcome outcome;
    /** The route when FOUND. */
    final Route route;
    /** Decoded path parameters by position when FOUND (a null entry: undecodable percent-encoding). */
    final String[] params;
    /** The {@code Allow} header value when METHOD_NOT_ALLOWED. */
    final String allow;

    private RouteMatch(Outcome outcome, Route route, String[] params, String allow) {
        this.outcome = outcome;
        this.route = route;
        this.params = params;
        this.allow = allow;
    }

    static RouteMatch found(Route route, String[] params) {
        return new RouteMatch(Outcome.FOUND, route, params, null);
    }

    static RouteMatch methodNotAllowed(String allow) {
        return new RouteMatch(Outcome.METHOD_NOT_ALLOWED, null, null, allow);
    }
}
