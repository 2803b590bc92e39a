package ordo.gateway.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ordo.gateway.auth.Principal;

/**
 * The idempotency keys whose first request is still being processed, so that a retry racing the first
 * attempt is answered 409 IDEMPOTENCY_KEY_IN_FLIGHT instead of running twice. (Completed keys and their
 * stored responses live with the engine's state; this set only covers the gap until then.)
 *
 * <p>Keys are scoped by principal: two clients may pick the same key. The size needs no separate bound:
 * each entry belongs to a request in flight, and those are bounded by connections × pipelining depth.
 *
 * <p>Threading: any thread; a concurrent set.
 */
public final class IdempotencyInFlight {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_KEY_LENGTH = 255;

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** The scope key for {@link #tryBegin}: the principal's idempotency scope and the client's key. */
    public static String scopeKey(Principal principal, String idempotencyKey) {
        // '\n' cannot occur in either part (scopes are ids or hex, keys printable ASCII), so scopes cannot collide.
        return principal.idempotencyScope() + '\n' + idempotencyKey;
    }

    /**
     * Checks an {@code Idempotency-Key} header value.
     *
     * @return null when valid (1–255 printable ASCII characters), else the 400 problem to answer
     */
    public static Problem validate(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return invalid();
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return invalid();
            }
        }
        return null;
    }

    /** Claims a scope key; false when a request with it is already in flight (answer 409). */
    public boolean tryBegin(String scopeKey) {
        return inFlight.add(scopeKey);
    }

    /**
     * Releases a claimed scope key once its response is decided.
     *
     * @throws IllegalStateException when the key was not claimed: a bug in the caller's bookkeeping
     */
    public void end(String scopeKey) {
        if (!inFlight.remove(scopeKey)) {
            throw new IllegalStateException("idempotency scope was not in flight: " + scopeKey.replace('\n', '/'));
        }
    }

    /** Keys in flight now (a gauge). */
    public int size() {
        return inFlight.size();
    }

    private static Problem invalid() {
        return ProblemCode.INVALID_REQUEST.problem(
                HEADER + " must be 1–" + MAX_KEY_LENGTH + " printable ASCII characters")
                .with("field", HEADER);
    }
}
