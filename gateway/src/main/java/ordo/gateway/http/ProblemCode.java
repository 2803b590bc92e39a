package ordo.gateway.http;

/**
 * The problems the gateway itself answers, before or around a route: framing, limits, auth, routing.
 * Business problems (stock, state) come from the engine's result codes and are built with
 * {@link Problem#of(int, String, String, String)}. The {@code code} strings are part of the API
 * contract and listed in {@code docs/openapi.yaml}: never rename one.
 */
public enum ProblemCode {
    MALFORMED_JSON(400, "Malformed JSON"),
    /** A field or parameter fails validation; the detail names it. */
    INVALID_REQUEST(400, "Invalid request"),
    /** The bytes on the wire are not a well-formed HTTP/1.1 request. */
    MALFORMED_REQUEST(400, "Malformed HTTP request"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    REQUEST_TIMEOUT(408, "Request timeout"),
    IDEMPOTENCY_KEY_IN_FLIGHT(409, "Idempotency key in flight"),
    BODY_TOO_LARGE(413, "Body too large"),
    URI_TOO_LONG(414, "Request line too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused"),
    HEADERS_TOO_LARGE(431, "Request headers too large"),
    INTERNAL(500, "Internal error"),
    OVERLOADED(503, "Overloaded"),
    JOURNAL_UNAVAILABLE(503, "Journal unavailable"),
    NOT_READY(503, "Not ready");

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The stable machine-readable code, e.g. {@code BODY_TOO_LARGE}. */
    public String code() {
        return name();
    }

    public String title() {
        return title;
    }

    /** A new problem of this kind; add fields with {@link Problem#with}. */
    public Problem problem(String detail) {
        return Problem.of(this, detail);
    }
}
