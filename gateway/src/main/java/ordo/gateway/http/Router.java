package ordo.gateway.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import ordo.gateway.auth.Role;

/**
 * Maps method + path to a route. Templates are {@code /}-separated segments, each a literal
 * ({@code adjustments}) or a parameter ({@code {sku}}); a parameter matches exactly one segment.
 *
 * <p>Precedence: at each segment a literal wins over a parameter ({@code /v1/orders/search} beats
 * {@code /v1/orders/{orderId}}); the parameter branch is tried only when the literal branch leads to no
 * route at all. The first path that leads to a route decides 404 versus 405: if it has no route for the
 * method, the answer is 405 with {@code Allow}, not a search for another path.
 *
 * <p>Threading: build it completely before the server starts, then only read it (the event-loop threads
 * start after, which publishes it to them).
 */
public final class Router {

    private static final String[] NO_VALUES = {};
    /**
     * For a route that takes any query parameter and reads none: the probes ({@code /health}, {@code /ready},
     * {@code /metrics}), which a load balancer may call with a query of its own and which change nothing, and the
     * payment webhooks, whose URL the provider was given with whatever the operator added. The query is not even
     * decoded ({@link HttpExchange#queryParams()} is empty), so one that is not valid percent-encoding is ignored
     * too: a liveness probe answered 400 for {@code ?x=%ZZ} (found in QA).
     */
    public static final Set<String> ANY_QUERY = java.util.Collections.unmodifiableSet(new HashSet<>());
    /** Longer paths cannot match any route of this API; bounding them bounds the matcher's recursion. */
    static final int MAX_SEGMENTS = 32;

    private static final Pattern METHOD = Pattern.compile("[A-Z]+");
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]+");

    private final Node root = new Node();
    /**
     * Templates without parameters by their exact text: a request path equal to one (and without escapes) reaches the
     * node the tree search would find (a literal wins at every segment) without splitting and decoding it.
     */
    private final Map<String, Node> literalPaths = new HashMap<>();
    private final List<RouteInfo> infos = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /**
     * Registers a route.
     *
     * @param method    upper-case HTTP method
     * @param template  e.g. {@code /v1/inventory/{sku}/{locationId}/adjustments}
     * @param routeName unique name for metrics and logs
     * @param allowed   roles admitted; null makes the route public (no authentication)
     * @return this, for chaining
     * @throws IllegalArgumentException on a malformed template, a duplicate name or method + path
     */
    public Router route(String method, String template, String routeName, EnumSet<Role> allowed,
                        RouteHandler handler) {
        return route(method, template, routeName, allowed, Set.of(), handler);
    }

    /**
     * Registers a route that reads the query parameters {@code queryParams}: a request with any other is refused
     * (400 {@code INVALID_REQUEST} naming it) before the route runs, as an unknown body field is. A route that
     * ignored them took {@code POST /v1/orders?dryRun=true} for a real order (found in QA). {@link #ANY_QUERY}
     * takes any.
     */
    public Router route(String method, String template, String routeName, EnumSet<Role> allowed,
                        Set<String> queryParams, RouteHandler handler) {
        if (method == null || !METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("method must be upper-case letters, got " + method);
        }
        if (routeName == null || routeName.isEmpty() || !names.add(routeName)) {
            throw new IllegalArgumentException("route name '" + routeName + "' is empty or already used");
        }
        if (handler == null) {
            throw new IllegalArgumentException("route " + routeName + " needs a handler");
        }
        if (allowed != null && allowed.isEmpty()) {
            throw new IllegalArgumentException("route " + routeName + " admits no role; use null for a public route");
        }
        Node node = root;
        List<String> params = new ArrayList<>();
        for (String segment : templateSegments(template)) {
            var param = PARAM.matcher(segment);
            if (param.matches()) {
                if (params.contains(param.group(1))) {
                    throw new IllegalArgumentException(template + " names {" + param.group(1) + "} twice");
                }
                params.add(param.group(1));
                node = node.paramChild();
            } else if (LITERAL.matcher(segment).matches()) {
                node = node.literalChild(segment);
            } else {
                throw new IllegalArgumentException(template + ": segment '" + segment
                        + "' is neither a literal [A-Za-z0-9._~-]+ nor a {param}");
            }
        }
        if (params.isEmpty()) {
            literalPaths.put(template, node);
        }
        Route route = new Route(method, template, routeName, allowed, queryParams, handler,
                params.toArray(new String[0]));
        Route previous = node.byMethod.putIfAbsent(method, route);
        if (previous != null) {
            throw new IllegalArgumentException(method + " " + template + " clashes with " + previous.method + " "
                    + previous.template + " (" + previous.name + ")");
        }
        infos.add(route.info());
        return this;
    }

    /** Every route in registration order. */
    public List<RouteInfo> routes() {
        return List.copyOf(infos);
    }

    /**
     * @param method the request method
     * @param path   the raw (still percent-encoded) path, without the query
     */
    RouteMatch match(String method, String path) {
        Node literal = path == null || path.indexOf('%') >= 0 ? null : literalPaths.get(path);
        if (literal != null) {
            return matchAt(literal, method, NO_VALUES);
        }
        String[] segments = pathSegments(path);
        if (segments == null) {
            return RouteMatch.NOT_FOUND;
        }
        String[] values = new String[segments.length];
        Node node = find(root, segments, 0, values, 0);
        if (node == null) {
            return RouteMatch.NOT_FOUND;
        }
        RouteMatch match = matchAt(node, method, values);
        // An empty segment names nothing: where it reaches a route with other methods only, there is nothing here to
        // allow or not ("GET /v1/inventory/A/" reached PUT {sku}/{locationId} and answered 405). A route it reaches
        // with this method answers for the empty parameter itself (firstInvalidParam).
        if (match.outcome == RouteMatch.Outcome.METHOD_NOT_ALLOWED && Arrays.asList(segments).contains("")) {
            return RouteMatch.NOT_FOUND;
        }
        return match;
    }

    private static RouteMatch matchAt(Node node, String method, String[] values) {
        Route route = node.byMethod.get(method);
        if (route == null && "HEAD".equals(method)) {
            // RFC 9110 §9.1, §9.3.2: HEAD is GET without the content; the response says what GET's would.
            route = node.byMethod.get("GET");
        }
        if (route == null) {
            return RouteMatch.methodNotAllowed(node.allow());
        }
        if (route.matchWithoutParams != null) {
            return route.matchWithoutParams; // no parameters: nothing of this request's to keep
        }
        String[] params = new String[route.paramNames.length];
        System.arraycopy(values, 0, params, 0, params.length);
        return RouteMatch.found(route, params);
    }

    /** Depth-first, literal before parameter; {@code values} collects parameter segments by position. */
    private static Node find(Node node, String[] segments, int index, String[] values, int paramCount) {
        if (index == segments.length) {
            return node.byMethod.isEmpty() ? null : node;
        }
        String segment = segments[index];
        Node literal = segment == null ? null : node.literals.get(segment);
        if (literal != null) {
            Node found = find(literal, segments, index + 1, values, paramCount);
            if (found != null) {
                return found;
            }
        }
        if (node.param != null) {
            values[paramCount] = segment;
            return find(node.param, segments, index + 1, values, paramCount + 1);
        }
        return null;
    }

    private static List<String> templateSegments(String template) {
        if (template == null || !template.startsWith("/") || template.contains("?") || template.contains("//")) {
            throw new IllegalArgumentException("template must be an absolute path without query, got " + template);
        }
        if (template.length() > 1 && template.endsWith("/")) {
            throw new IllegalArgumentException("template must not end with '/': " + template);
        }
        List<String> segments = new ArrayList<>();
        if (template.length() > 1) {
            segments.addAll(List.of(template.substring(1).split("/")));
        }
        if (segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException(template + " has more than " + MAX_SEGMENTS + " segments");
        }
        return segments;
    }

    /** Percent-decoded segments; a segment that does not decode is null; null when the path is unusable. */
    private static String[] pathSegments(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        if (path.length() == 1) {
            return new String[0];
        }
        String[] raw = path.substring(1).split("/", -1);
        if (raw.length > MAX_SEGMENTS) {
            return null;
        }
        for (int i = 0; i < raw.length; i++) {
            raw[i] = decodeSegment(raw[i]);
        }
        return raw;
    }

    /**
     * Percent-decodes one path segment as UTF-8. Unlike form decoding, {@code +} stays {@code +}.
     *
     * @return the decoded text, or null for a bad escape or bytes that are not UTF-8
     */
    static String decodeSegment(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static final class Node {
        final Map<String, Node> literals = new HashMap<>();
        Node param;
        /** Sorted, so that {@code Allow} lists methods in a stable order. */
        final Map<String, Route> byMethod = new TreeMap<>();

        /** The methods a 405 lists: the routes' own, and HEAD wherever GET is. */
        String allow() {
            if (!byMethod.containsKey("GET") || byMethod.containsKey("HEAD")) {
                return String.join(", ", byMethod.keySet());
            }
            TreeSet<String> methods = new TreeSet<>(byMethod.keySet());
            methods.add("HEAD");
            return String.join(", ", methods);
        }

        Node literalChild(String segment) {
            return literals.computeIfAbsent(segment, s -> new Node());
        }

        Node paramChild() {
            if (param == null) {
                param = new Node();
            }
            return param;
        }
    }
}
