package ordo.gateway.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * An RFC 9457 problem answer: {@code {"type", "title", "status", "code", "detail", ...fields}} sent as
 * {@code application/problem+json}. A builder: create with {@link #of}, add fields that help the client
 * ({@code sku}, {@code available}) with {@link #with}, hand it to {@link HttpExchange#respondProblem}.
 * Not thread-safe; build it on one thread and do not touch it after responding.
 */
public final class Problem {

    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "https://ordo.dev/problems/";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Type URIs by code: a handful of codes, each answered many times. */
    private static final ConcurrentHashMap<String, String> TYPES = new ConcurrentHashMap<>();
    private static final Set<String> RESERVED = Set.of("type", "title", "status", "code", "detail");

    private final int status;
    private final String code;
    private final String title;
    private final String detail;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private HttpHeaders headers;

    private Problem(int status, String code, String title, String detail) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, got " + status);
        }
        if (!isUpperSnakeCase(code)) {
            throw new IllegalArgumentException("problem code must be UPPER_SNAKE_CASE, got " + code);
        }
        if (title == null || title.isEmpty()) {
            throw new IllegalArgumentException("problem " + code + " needs a title");
        }
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
    }

    /** {@code [A-Z][A-Z0-9_]*}, without a regex: every answered reject builds a problem. */
    private static boolean isUpperSnakeCase(String code) {
        if (code == null || code.isEmpty() || code.charAt(0) < 'A' || code.charAt(0) > 'Z') {
            return false;
        }
        for (int i = 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** A gateway-level problem. */
    public static Problem of(ProblemCode code, String detail) {
        return new Problem(code.status(), code.code(), code.title(), detail);
    }

    /**
     * Any problem, e.g. one mapped from an engine result code ({@code 409, "INSUFFICIENT_STOCK", ...}).
     *
     * @param detail a sentence for a human about this occurrence; may be null
     */
    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(status, code, title, detail);
    }

    /**
     * Adds a member to the JSON object (a string, number, boolean, list or map Jackson can write).
     *
     * @throws IllegalArgumentException for the standard members, which {@link #of} sets
     */
    public Problem with(String field, Object value) {
        if (field == null || RESERVED.contains(field)) {
            throw new IllegalArgumentException("'" + field + "' is a standard problem member; set it through of()");
        }
        fields.put(field, value);
        return this;
    }

    /** Adds a response header, e.g. {@code Allow} on a 405 or {@code Retry-After} on a 503. */
    public Problem header(String name, String value) {
        if (headers == null) {
            headers = new DefaultHttpHeaders();
        }
        headers.add(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The {@code type} URI: the code in kebab case under {@link #TYPE_PREFIX}. */
    public String type() {
        return typeOf(code);
    }

    /** The {@code type} URI of a problem with this code. */
    public static String typeOf(String code) {
        String cached = TYPES.get(code);
        if (cached == null) {
            cached = TYPE_PREFIX + code.toLowerCase(Locale.ROOT).replace('_', '-');
            TYPES.putIfAbsent(code, cached);
        }
        return cached;
    }

    /** The value of an extra member, or null. */
    public Object field(String name) {
        return fields.get(name);
    }

    /** The extra members (beyond type, title, status, code and detail), in the order they were added; read-only. */
    public Map<String, Object> fields() {
        return java.util.Collections.unmodifiableMap(fields);
    }

    /** Extra response headers, or null when there are none. */
    HttpHeaders headers() {
        return headers;
    }

    /**
     * The JSON document, UTF-8. Written by hand when every extra member is a string, an integer, a boolean or null
     * (every problem on a hot path: a sold-out SKU answers thousands a second); by Jackson otherwise. Both write
     * the same bytes.
     */
    public byte[] toJson() {
        JsonWriter w = writeSimple();
        return w == null ? toJsonWithJackson() : w.toByteArray();
    }

    /**
     * The document written by hand into this thread's {@link JsonWriter#local()}, or null when a member needs
     * Jackson (then {@link #toJson}); the hot problems are answered from the writer without a copy of their own.
     */
    JsonWriter writeSimple() {
        if (!simpleFields()) {
            return null;
        }
        JsonWriter w = JsonWriter.local().startObject();
        w.name("type").string(type());
        w.name("title").string(title);
        w.name("status").number(status);
        w.name("code").string(code);
        if (detail != null) {
            w.name("detail").string(detail);
        }
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            w.name(field.getKey());
            Object value = field.getValue();
            if (value == null) {
                w.nullValue();
            } else if (value instanceof String text) {
                w.string(text);
            } else if (value instanceof Boolean flag) {
                w.bool(flag);
            } else {
                w.number(((Number) value).longValue());
            }
        }
        return w.endObject();
    }

    private boolean simpleFields() {
        for (Object value : fields.values()) {
            if (value != null && !(value instanceof String) && !(value instanceof Boolean) && !(value instanceof Long)
                    && !(value instanceof Integer) && !(value instanceof Short) && !(value instanceof Byte)) {
                return false;
            }
        }
        return true;
    }

    private byte[] toJsonWithJackson() {
        Map<String, Object> document = new LinkedHashMap<>(8 + fields.size());
        document.put("type", type());
        document.put("title", title);
        document.put("status", status);
        document.put("code", code);
        if (detail != null) {
            document.put("detail", detail);
        }
        document.putAll(fields);
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            // Only a field value Jackson cannot write gets here: a bug in the code that added it.
            throw new IllegalArgumentException("problem " + code + " has a field that cannot be written as JSON", e);
        }
    }

    @Override
    public String toString() {
        return status + " " + code + (detail == null ? "" : ": " + detail);
    }
}
