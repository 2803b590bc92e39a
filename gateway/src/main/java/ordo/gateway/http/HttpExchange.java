package ordo.gateway.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import ordo.gateway.auth.Principal;

/**
 * One HTTP request and its one response. Created on the connection's event loop for each complete
 * request; the route may answer on the event loop or hand the exchange to another thread and answer
 * there. Exactly one {@code respond*} call per exchange: a second is a bug and throws.
 *
 * <p>Threading: the request accessors may be called from any thread once the exchange has been handed
 * over (a Disruptor publish or an executor hand-off gives the needed happens-before); the body and the headers
 * only until the exchange is answered (the body is released and the head reused for a later request once the
 * response has left the queue).
 * {@link #setResponseHeader} must be called by the thread that later responds, before it responds.
 * Responses go out in request order whatever thread answers: see {@link HttpConnectionHandler}.
 *
 * <p>An exchange is its own place in the connection's response queue (it extends {@link PendingResponse}): one
 * object per request rather than an exchange, a slot and a flag.
 */
public final class HttpExchange extends PendingResponse {

    private static final Logger LOG = LoggerFactory.getLogger(HttpExchange.class);

    /** The content type of {@link #respond(int, ByteBuf)} and {@link #respond(int, byte[])}. */
    public static final String JSON_CONTENT_TYPE = "application/json";

    private static final String CONTENT_TYPE = HttpHeaderNames.CONTENT_TYPE.toString();
    private static final AtomicIntegerFieldUpdater<HttpExchange> RESPONDED =
            AtomicIntegerFieldUpdater.newUpdater(HttpExchange.class, "responded");

    /** Read for its headers only, and only until answered: it is recycled once the response leaves the queue. */
    private final Http1Head request;
    private final String method;
    private final ByteBuf body;
    private final String path;
    private final String rawQuery;
    /** 1 once answered (from any thread); see {@link #answer}. */
    private volatile int responded;

    // Bound by the dispatcher on the event loop before the route handler runs.
    private Route route;
    private String[] params;
    private Principal principal;
    private Map<String, List<String>> query;

    private HttpHeaders responseHeaders;
    /** Event loop only: the head went back to its decoder (once, whichever way the response left the queue). */
    private boolean headRecycled;
    private volatile Object attachment;

    HttpExchange(HttpConnectionHandler connection, Http1Head request, long receivedNanos) {
        // A body the head owns goes back with the head; any other is released when the response leaves the queue.
        super(connection, request.version, request.keepAlive, request.isHead(), receivedNanos,
                request.ownsBody() ? null : request.body);
        this.request = request;
        this.method = request.method;
        this.body = request.body;
        String target = request.uri;
        int pathStart = pathStart(target);
        int queryStart = target.indexOf('?', pathStart);
        int end = target.indexOf('#', pathStart);
        end = end < 0 ? target.length() : end;
        if (queryStart >= 0 && queryStart < end) {
            this.path = queryStart == pathStart ? "/" : target.substring(pathStart, queryStart);
            this.rawQuery = target.substring(queryStart + 1, end);
        } else {
            this.path = pathStart >= end ? "/" : target.substring(pathStart, end);
            this.rawQuery = null;
        }
    }

    /** Where the path starts: 0 in origin-form ({@code /v1/x}), after the authority in absolute-form. */
    private static int pathStart(String target) {
        if (target.startsWith("/")) {
            return 0;
        }
        int scheme = target.indexOf("://");
        if (scheme < 0) {
            return target.length();
        }
        // The authority ends at the first '/', '?' or '#' (RFC 3986 §3.2): read up to '/' alone, http://h?dryRun=1
        // lost its query and http://h?x=/v1/orders reached /v1/orders (found in review).
        for (int i = scheme + 3; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return target.length();
    }

    void bindRoute(Route route, String[] params) {
        this.route = route;
        this.params = params;
        this.routeName = route.name;
    }

    /** Event loop, before the route runs: decodes the query; false when it is not valid percent-encoding. */
    boolean decodeQuery() {
        if (rawQuery == null) {
            return true;
        }
        if (!isUtf8PercentEncoding(rawQuery)) {
            return false;
        }
        try {
            this.query = new QueryStringDecoder(rawQuery, false).parameters();
            return true;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /**
     * The name of the first query parameter whose text is not valid percent-encoded UTF-8 ({@link #decodeQuery} said
     * false), decoded, or null when that name itself is not (then nothing can name it): the 400 names its field as
     * every other refused parameter does ({@code ?channel=web%ZZ} answered with no {@code field}: QA-273). Parts are
     * split where Netty's decoder splits them, at {@code &} and {@code ;}.
     */
    String undecodableQueryParam() {
        if (rawQuery == null) {
            return null;
        }
        for (String part : rawQuery.split("[&;]")) {
            if (!isUtf8PercentEncoding(part)) {
                int equals = part.indexOf('=');
                String name = equals < 0 ? part : part.substring(0, equals);
                return isUtf8PercentEncoding(name) ? QueryStringDecoder.decodeComponent(name) : null;
            }
        }
        return null;
    }

    /**
     * Whether {@code raw} is ASCII whose percent-encoded bytes are UTF-8: Netty's decoder put U+FFFD for a byte that
     * is not, so {@code ?%ff=1} was refused as an unknown parameter named "\uFFFD" (found in QA).
     */
    static boolean isUtf8PercentEncoding(String raw) {
        byte[] bytes = new byte[raw.length()];
        int length = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (lo < 0) {
                    return false;
                }
                bytes[length++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                // Not allowed unencoded in a URI (RFC 3986 §3.4), and read as Latin-1: ?ÿ=1 named a parameter "ÿ",
                // ?q=café read "cafÃ©" (found in review).
                return false;
            }
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes, 0, length));
            return true;
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            return false;
        }
    }

    /**
     * Whether the query holds a parameter without a name but with a value ({@code ?=1}, {@code ?a=1&=2}): Netty's
     * decoder reads {@code =1} as a parameter named "1", so the refusal named the value as if it were the name (found
     * in QA). A bare {@code =} (no name, no value: {@code ?a=1&=}) the decoder drops, and it stays ignored, as it was
     * (found in review). Parameters are split at '&amp;' and ';', as the decoder splits them.
     */
    boolean queryHasNamelessParam() {
        if (rawQuery == null) {
            return false;
        }
        for (int i = 0; i < rawQuery.length(); i++) {
            char before = i == 0 ? '&' : rawQuery.charAt(i - 1);
            char after = i + 1 < rawQuery.length() ? rawQuery.charAt(i + 1) : '&';
            if (rawQuery.charAt(i) == '=' && (before == '&' || before == ';') && after != '&' && after != ';') {
                return true;
            }
        }
        return false;
    }

    /** The connection's last authenticated {@code Authorization} header (event loop only). */
    AuthorizationCache authorizationCache() {
        return owner.authorizationCache;
    }

    void bindPrincipal(Principal principal) {
        this.principal = principal;
    }

    public String method() {
        return method;
    }

    /** The request path as sent, without the query (still percent-encoded). */
    public String path() {
        return path;
    }

    /** A path parameter of the route's template, decoded and already checked to be a valid id. */
    public String pathParam(String name) {
        return route == null ? null : route.param(params, name);
    }

    /** The first value of a query parameter, or null. */
    public String queryParam(String name) {
        if (query == null) {
            return null;
        }
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every query parameter with all its values, in the order sent (empty when there is no query). */
    public Map<String, List<String>> queryParams() {
        return query == null ? Map.of() : java.util.Collections.unmodifiableMap(query);
    }

    /** A request header, or null. Valid until this exchange is answered, like {@link #body()}. */
    public String header(String name) {
        return request.header(name);
    }

    /** A request header, or null: {@code previous} itself when the value is the same (see {@link Http1Head#header}). */
    String header(String name, String previous) {
        return request.header(name, previous);
    }

    /** Event loop: the first content coding other than identity the request's body is said to be in, or null. */
    String contentCoding() {
        return request.contentCoding();
    }

    /** Event loop: the {@code Content-Type}, or null; the connection's last one when the same (no new String). */
    String contentType() {
        String type = request.header(CONTENT_TYPE, owner.lastContentType);
        if (type != null) {
            owner.lastContentType = type;
        }
        return type;
    }

    /**
     * The request body. Valid until this exchange is answered; to send it back, or keep it longer,
     * {@code retain()} or copy it.
     */
    public ByteBuf body() {
        return body;
    }

    /** A copy of the request body. */
    public byte[] bodyBytes() {
        return ByteBufUtil.getBytes(body);
    }

    /**
     * Event loop: whether every request this connection sent before this one has been answered, so that this one
     * may be answered before any command it was pipelined behind is applied.
     */
    public boolean isFirstInLine() {
        return owner.isFirstInLine(this);
    }

    /** The authenticated caller; null on public routes. */
    public Principal principal() {
        return principal;
    }

    /** The matched route's name (the metrics label); null before routing or when nothing matched. */
    public String routeName() {
        return route == null ? null : route.name;
    }

    /** {@code System.nanoTime()} when the complete request was read. */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** The client's address (not trustworthy behind a proxy; use a forwarded header there). */
    public InetSocketAddress remoteAddress() {
        SocketAddress address = owner.remoteAddress();
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    /** The channel's allocator, for building response bodies without copies. */
    public ByteBufAllocator alloc() {
        return owner.alloc();
    }

    /** Keeps route state with the exchange (e.g. the decoded command) across threads. */
    public void attach(Object value) {
        this.attachment = value;
    }

    public Object attachment() {
        return attachment;
    }

    /** Adds a header to the response; call before responding, on the responding thread. */
    public HttpExchange setResponseHeader(String name, String value) {
        if (responseHeaders == null) {
            responseHeaders = new DefaultHttpHeaders();
        }
        responseHeaders.set(name, value);
        return this;
    }

    /** Writes an id as ASCII bytes at {@code offset} of {@code out}: a {@code location}'s last part. */
    public interface IdWriter {
        void write(long id, byte[] out, int offset);
    }

    /**
     * Sets the response's {@code location} header, {@code path} then the id {@code writer} writes ({@code idLength}
     * ASCII bytes), without allocating: a created resource's path ({@code /v1/reservations/res_…}). Call before
     * responding, on the responding thread.
     */
    public HttpExchange setLocation(byte[] path, IdWriter writer, long id, int idLength) {
        location(path, writer, id, idLength);
        return this;
    }

    /** Whether a response has been given (from any thread). */
    public boolean isResponded() {
        return responded != 0;
    }

    /** Answers with a JSON body; takes ownership of {@code jsonBody} (null for none). */
    public void respond(int status, ByteBuf jsonBody) {
        respond(status, JSON_CONTENT_TYPE, jsonBody);
    }

    /** Answers with a JSON body (null for none), copied straight into the response. */
    public void respond(int status, byte[] jsonBody) {
        checkStatus(status);
        int length = jsonBody == null ? 0 : jsonBody.length;
        answer(status, encode(status, JSON_CONTENT_TYPE, jsonBody, 0, length, responseHeaders));
    }

    /**
     * Answers with the JSON document in {@code document} (a {@link JsonWriter#local()} the caller just wrote),
     * copied straight into the response: no array of its own per answer.
     */
    public void respond(int status, JsonWriter document) {
        respond(status, JSON_CONTENT_TYPE, document);
    }

    private void respond(int status, String contentType, JsonWriter document) {
        checkStatus(status);
        ByteBuf response = start(status, contentType, document.size(), responseHeaders);
        if (!head) {
            document.copyTo(response);
        }
        answer(status, response);
    }

    /**
     * Answers; callable from any thread, exactly once. Takes ownership of {@code body}, also when it throws.
     *
     * @throws IllegalStateException    when this exchange was already answered
     * @throws IllegalArgumentException when {@code status} is not a final status (200–599)
     */
    public void respond(int status, String contentType, ByteBuf body) {
        ByteBuf response;
        try {
            checkStatus(status);
            response = encode(status, contentType, body, responseHeaders);
        } finally {
            ReferenceCountUtil.safeRelease(body);
        }
        answer(status, response);
    }

    private static void checkStatus(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("final status must be 200..599, got " + status);
        }
    }

    /**
     * The one answer: the response is encoded before this claims the exchange, so a failure to encode leaves it
     * unanswered (and {@link #respondInternalError} free to answer 500); a second answer is dropped and throws.
     */
    private void answer(int status, ByteBuf response) {
        if (!RESPONDED.compareAndSet(this, 0, 1)) {
            response.release();
            throw new IllegalStateException("already answered: " + method() + " " + path);
        }
        fill(status, response);
        owner.complete(this);
    }

    /** Answers with an RFC 9457 problem (and its headers). */
    public void respondProblem(Problem problem) {
        HttpHeaders extra = problem.headers();
        if (extra != null) {
            for (Map.Entry<String, String> header : extra) {
                setResponseHeader(header.getKey(), header.getValue());
            }
        }
        JsonWriter document = problem.writeSimple();
        if (document != null) {
            respond(problem.status(), Problem.CONTENT_TYPE, document);
        } else {
            byte[] json = problem.toJson();
            checkStatus(problem.status());
            answer(problem.status(),
                    encode(problem.status(), Problem.CONTENT_TYPE, json, 0, json.length, responseHeaders));
        }
    }

    /**
     * Answers with the problem document in {@code document} (a {@link JsonWriter#local()} the caller just wrote, the
     * members {@link Problem#toJson} would write), copied straight into the response: the frequent refusals are
     * written without a {@link Problem}, its map and its boxed numbers.
     */
    public void respondProblem(int status, JsonWriter document) {
        respond(status, Problem.CONTENT_TYPE, document);
    }

    /**
     * For route code on other threads that caught an unexpected exception: logs it and answers 500 unless
     * a response was already given. Never throws.
     */
    public void respondInternalError(Throwable cause) {
        // Answer first, log after: out of heap, the log line (the cause's stack trace) may be what fails, and the
        // client must not wait forever for that.
        if (responded == 0) {
            try {
                respondProblem(ProblemCode.INTERNAL.problem("an unexpected error occurred; it has been logged"));
            } catch (IllegalStateException raced) {
                // Another thread answered between the check and the call; its answer stands.
            } catch (OutOfMemoryError noRoom) {
                abandon(noRoom);
            }
        }
        logUnlessOutOfMemory("route {} failed on {} {}", routeName(), method(), path, cause);
    }

    /**
     * For a thread that cannot make any answer (out of memory for the response, direct or heap): the connection
     * closes once the answers before this one have left, so neither this client nor those pipelined behind it
     * wait for an answer that will never come. Does nothing if an answer was already given. Never throws.
     */
    public void abandon(Throwable cause) {
        if (!RESPONDED.compareAndSet(this, 0, 1)) {
            return;
        }
        markAbandoned(500);
        owner.complete(this);
        logUnlessOutOfMemory("no answer could be made for {} {} (route {}); closing its connection", method(), path,
                routeName(), cause);
    }

    /** The client has its answer, or its connection closes, either way: a log line with no memory to write is lost. */
    private static void logUnlessOutOfMemory(String format, Object first, Object second, Object third,
                                             Throwable cause) {
        try {
            LOG.error(format, first, second, third, cause);
        } catch (OutOfMemoryError noRoomToLog) {
            // Nothing more can be done for this request; the next log line may find memory again.
        }
    }

    @Override
    void releaseRequest() {
        super.releaseRequest();
        if (!headRecycled) {
            headRecycled = true;
            request.recycle();
        }
    }

    @Override
    public String toString() {
        return method() + " " + path + (route == null ? "" : " (" + route.name + ")");
    }
}
