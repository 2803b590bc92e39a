package ordo.gateway.http;



import io.netty.handler.codec.http.HttpHeaderNames;
import ordo.gateway.auth.Authenticator;
import ordo.gateway.auth.Principal;

/**
 * The gateway checks every request passes before its route runs, in this order: route exists (404),
 * method allowed (405 with {@code Allow}), caller authenticated (401 with {@code WWW-Authenticate}),
 * role admitted (403), path ids, the query decodable and only of names the route takes (400; not checked for a
 * route that reads none), body is JSON (415). Authentication comes before the id check so that an anonymous caller
 * learns nothing but 401 about protected paths.
 *
 * <p>Threading: stateless after construction; called on the event loops.
 */
public final class HttpDispatcher {


    /** The metrics route label of requests that matched no route. */
    public static final String UNMATCHED_ROUTE = "unmatched";

    private static final String AUTHORIZATION = HttpHeaderNames.AUTHORIZATION.toString();
    private static final String JSON = "application/json";
    private static final String APPLICATION = "application/";
    private static final String SUFFIX = "+json";
    private static final String CHARSET = "charset";
    /**
     * The charset labels a body is read under, lower case: UTF-8's (WHATWG's labels for it) and US-ASCII's, a subset
     * of it. RFC 8259 gives application/json no charset parameter at all, so a label is only refused where the body
     * would be misread as UTF-8 (UTF-16 or -32, Latin-1 …): {@code charset=utf8} and {@code us-ascii} were refused
     * (found in review).
     */
    private static final String[] READ_AS_UTF_8 = {"utf-8", "utf8", "unicode-1-1-utf-8", "us-ascii", "ascii"};

    private final Router router;
    private final Authenticator authenticator;
    private final Metrics metrics;

    public HttpDispatcher(Router router, Authenticator authenticator, Metrics metrics) {
        this.router = router;
        this.authenticator = authenticator;
        this.metrics = metrics;
        for (RouteInfo route : router.routes()) {
            metrics.registerRoute(route.name());
        }
    }

    /** Event loop: routes, checks and runs one request. */
    void dispatch(HttpExchange exchange) {
        RouteMatch match = router.match(exchange.method(), exchange.path());
        if (match.outcome == RouteMatch.Outcome.NOT_FOUND) {
            exchange.respondProblem(ProblemCode.NOT_FOUND.problem("no resource at " + exchange.path()));
            return;
        }
        if (match.outcome == RouteMatch.Outcome.METHOD_NOT_ALLOWED) {
            exchange.respondProblem(ProblemCode.METHOD_NOT_ALLOWED
                    .problem(exchange.method() + " is not allowed on " + exchange.path() + "; allowed: " + match.allow)
                    .header(HttpHeaderNames.ALLOW.toString(), match.allow));
            return;
        }
        Route route = match.route;
        exchange.bindRoute(route, match.params);
        if (!route.isPublic() && !authorise(exchange, route)) {
            return;
        }
        String invalidParam = route.firstInvalidParam(match.params);
        if (invalidParam != null) {
            exchange.respondProblem(ProblemCode.INVALID_REQUEST.problem(Ids.invalidDetail(invalidParam))
                    .with("field", invalidParam));
            return;
        }
        String dotParam = route.firstDotSegmentParam(match.params);
        if (dotParam != null) {
            exchange.respondProblem(ProblemCode.INVALID_REQUEST.problem(dotParam + " may not be . or .. in a path:"
                    + " clients and proxies remove such segments, so nothing of that id could be reached")
                    .with("field", dotParam));
            return;
        }
        // A route that reads no query (Router.ANY_QUERY) ignores it whole, undecoded: a liveness probe and a
        // provider's webhook answered 400 for ?x=%ZZ, a query openapi says they take (found in QA).
        if (!route.anyQuery && !checkQuery(exchange, route)) {
            return;
        }
        if (exchange.body().isReadable() && !checkBodyType(exchange)) {
            return;
        }
        invoke(route, exchange);
    }

    /** The query decodable and only of names the route reads; else answered 400 and false. */
    private static boolean checkQuery(HttpExchange exchange, Route route) {
        if (!exchange.decodeQuery()) {
            String name = exchange.undecodableQueryParam();
            String why = "not valid percent-encoded UTF-8 (send non-ASCII characters percent-encoded)";
            exchange.respondProblem(name == null || name.isEmpty()
                    ? ProblemCode.INVALID_REQUEST.problem("the query string is " + why)
                    : ProblemCode.INVALID_REQUEST.problem(name + ": " + why).with("field", name));
            return false;
        }
        if (exchange.queryHasNamelessParam()) {
            // No route reads a parameter without a name; "" is its name as far as field goes.
            exchange.respondProblem(ProblemCode.INVALID_REQUEST.problem("\"\": unknown query parameter (one without "
                    + "a name); " + route.queryParamsTaken()).with("field", ""));
            return false;
        }
        String unknownQueryParam = route.firstUnknownQueryParam(exchange.queryParams().keySet());
        if (unknownQueryParam != null) {
            exchange.respondProblem(ProblemCode.INVALID_REQUEST.problem(unknownQueryParam
                    + ": unknown query parameter; " + route.queryParamsTaken()).with("field", unknownQueryParam));
            return false;
        }
        return true;
    }

    /**
     * A body is JSON in UTF-8 as sent, else answered 415 and false. A charset other than utf-8 and a content coding
     * (gzip) were ignored and the bytes read as plain UTF-8 JSON (found in QA); RFC 9110 §15.5.16 answers both 415,
     * with {@code Accept-Encoding} saying which codings would do.
     */
    private static boolean checkBodyType(HttpExchange exchange) {
        String contentType = exchange.contentType();
        if (!isJson(contentType)) {
            exchange.respondProblem(ProblemCode.UNSUPPORTED_MEDIA_TYPE.problem(
                    "request bodies must be application/json"));
            return false;
        }
        String charset = unsupportedCharset(contentType);
        if (charset != null) {
            exchange.respondProblem(ProblemCode.UNSUPPORTED_MEDIA_TYPE.problem(
                    "request bodies must be UTF-8: charset " + charset + " is not supported"));
            return false;
        }
        String coding = exchange.contentCoding();
        if (coding != null) {
            exchange.respondProblem(ProblemCode.UNSUPPORTED_MEDIA_TYPE.problem(
                    "Content-Encoding " + coding + " is not supported: send the body as it is (identity)")
                    .header(HttpHeaderNames.ACCEPT_ENCODING.toString(), "identity"));
            return false;
        }
        return true;
    }

    /**
     * The value of the first of a media type's {@code charset} parameters (unquoted) that is none of
     * {@link #READ_AS_UTF_8} in any case, else null (none, or only those). Compared in place, as {@link #isJson} is:
     * {@code application/json} costs one indexOf, and {@code ; charset=utf-8} no String.
     */
    static String unsupportedCharset(String contentType) {
        int at = contentType.indexOf(';');
        while (at >= 0) {
            int next = contentType.indexOf(';', at + 1);
            int end = next < 0 ? contentType.length() : next;
            int equals = contentType.indexOf('=', at + 1);
            if (equals > 0 && equals < end) {
                int nameStart = skipBlanks(contentType, at + 1, equals);
                int nameEnd = trimBlanks(contentType, nameStart, equals);
                if (nameEnd - nameStart == CHARSET.length() && equalsLowerCase(contentType, nameStart, CHARSET)) {
                    int valueStart = skipBlanks(contentType, equals + 1, end);
                    int valueEnd = trimBlanks(contentType, valueStart, end);
                    // RFC 9110 §5.6.6: a quoted value is the same value.
                    if (valueEnd - valueStart >= 2 && contentType.charAt(valueStart) == '"'
                            && contentType.charAt(valueEnd - 1) == '"') {
                        valueStart++;
                        valueEnd--;
                    }
                    if (!readAsUtf8(contentType, valueStart, valueEnd)) {
                        return contentType.substring(valueStart, valueEnd);
                    }
                    // Every charset parameter is read: "charset=utf-8; charset=utf-16" was taken (found in QA).
                }
            }
            at = next;
        }
        return null;
    }

    private static boolean readAsUtf8(String contentType, int from, int to) {
        for (String label : READ_AS_UTF_8) {
            if (to - from == label.length() && equalsLowerCase(contentType, from, label)) {
                return true;
            }
        }
        return false;
    }

    /** Event loop: a response left the queue; counts it against its route. */
    /** No answer could be made; the connection closes instead (counted apart from the answers written). */
    void onResponseAbandoned(String routeName) {
        metrics.recordAbandoned(routeName == null ? UNMATCHED_ROUTE : routeName);
    }

    void onResponseWritten(String routeName, int status, long receivedNanos) {
        metrics.recordRequest(routeName == null ? UNMATCHED_ROUTE : routeName, status,
                System.nanoTime() - receivedNanos);
    }

    private boolean authorise(HttpExchange exchange, Route route) {
        // A keep-alive client sends the same key with every request: the connection remembers the last one that
        // authenticated, so the SHA-256 and the scan of every key (~10 % of the event loop) run once per key and
        // connection, and the header is that String again rather than a new one. The comparisons take the same time
        // whatever the bytes (see AuthorizationCache).
        AuthorizationCache cache = exchange.authorizationCache();
        String authorization = exchange.header(AUTHORIZATION, cache.remembered());
        Principal principal = cache.lookup(authorization);
        if (principal == null) {
            principal = authenticator.authenticate(authorization);
            if (principal != null) {
                cache.remember(authorization, principal);
            }
        }
        if (principal == null) {
            exchange.respondProblem(ProblemCode.UNAUTHORIZED
                    .problem("send a valid API key as 'Authorization: Bearer <key>'")
                    .header(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer"));
            return false;
        }
        if (!route.allowed.contains(principal.role())) {
            String role = principal.role().configName();
            exchange.respondProblem(ProblemCode.FORBIDDEN.problem(
                    ("aeiou".indexOf(role.charAt(0)) >= 0 ? "an " : "a ") + role + " key may not call " + route.name));
            return false;
        }
        exchange.bindPrincipal(principal);
        return true;
    }

    private static void invoke(Route route, HttpExchange exchange) {
        try {
            route.handler.handle(exchange);
        } catch (Throwable t) {
            // respondInternalError logs; a bug in one route must never leave its client hanging.
            exchange.respondInternalError(t);
            if (t instanceof VirtualMachineError vmError) {
                throw vmError;
            }
        }
    }

    /**
     * {@code application/json} or any {@code application/*+json}, with or without parameters, in any ASCII case.
     * Compared in place (every JSON request asks): no substring, trimmed copy or lower-cased copy per request.
     */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        int typeEnd = semicolon < 0 ? contentType.length() : semicolon;
        int start = skipBlanks(contentType, 0, typeEnd);
        int end = trimBlanks(contentType, start, typeEnd);
        int length = end - start;
        if (length == JSON.length()) {
            return equalsLowerCase(contentType, start, JSON);
        }
        // Shorter, the two could only overlap where one has '/' and the other '+'.
        return length >= APPLICATION.length() + SUFFIX.length() && equalsLowerCase(contentType, start, APPLICATION)
                && equalsLowerCase(contentType, end - SUFFIX.length(), SUFFIX);
    }

    /** {@code from} moved on over blanks, not past {@code to}: String.trim's blanks, every character up to the space. */
    private static int skipBlanks(String text, int from, int to) {
        int start = from;
        while (start < to && text.charAt(start) <= ' ') {
            start++;
        }
        return start;
    }

    /** {@code to} moved back over blanks, not before {@code from}. */
    private static int trimBlanks(String text, int from, int to) {
        int end = to;
        while (end > from && text.charAt(end - 1) <= ' ') {
            end--;
        }
        return end;
    }

    /**
     * Whether {@code text} at {@code from} holds {@code lowerCase} in any ASCII case: what lower-casing with
     * {@code Locale.ROOT} and comparing said for these literals, since a header value's characters are ISO-8859-1 and
     * no character there but an ASCII letter lower-cases to one.
     */
    private static boolean equalsLowerCase(String text, int from, String lowerCase) {
        for (int i = 0; i < lowerCase.length(); i++) {
            char c = text.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

}
