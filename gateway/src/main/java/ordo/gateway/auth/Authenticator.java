package ordo.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves {@code Authorization: Bearer <key>} to a {@link Principal}. Immutable after construction and
 * safe to share between event-loop threads.
 *
 * <p>Timing: the presented token and every configured key are compared as SHA-256 digests, all of the
 * same length, with {@link MessageDigest#isEqual} against <em>every</em> configured key without an early
 * exit. So neither the position of the first differing byte, nor the length of a key, nor which key
 * matched changes the work done; an attacker cannot recover a key byte by byte from response times.
 */
public final class Authenticator {

    private static final String BEARER = "Bearer ";

    /** MessageDigest is not thread-safe; each event-loop thread keeps its own. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Authenticator::newSha256);

    private final byte[][] keyDigests;
    private final Principal[] principals;

    /**
     * @throws IllegalArgumentException when two keys share a secret or a name (either would make an audit
     *                                  trail ambiguous)
     */
    public Authenticator(List<ApiKey> keys) {
        Set<String> secrets = new HashSet<>();
        Set<String> names = new HashSet<>();
        keyDigests = new byte[keys.size()][];
        principals = new Principal[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            ApiKey key = keys.get(i);
            if (!secrets.add(key.key())) {
                throw new IllegalArgumentException("api key '" + key.name() + "' reuses the secret of another key");
            }
            if (!names.add(key.name())) {
                throw new IllegalArgumentException("api key name '" + key.name() + "' is used twice");
            }
            keyDigests[i] = digest(key.key());
            principals[i] = key.principal();
        }
    }

    /**
     * @param authorizationHeader the raw header value, or null when the request had none
     * @return the principal, or null when the header is missing, is not a Bearer token, or names no key
     */
    public Principal authenticate(String authorizationHeader) {
        String token = bearerToken(authorizationHeader);
        if (token == null) {
            return null;
        }
        byte[] presented = digest(token);
        int match = -1;
        for (int i = 0; i < keyDigests.length; i++) {
            // No break: every key is compared whatever the outcome (see class comment).
            boolean equal = MessageDigest.isEqual(presented, keyDigests[i]);
            match = equal ? i : match;
        }
        return match < 0 ? null : principals[match];
    }

    /** The number of configured keys (for the start-up log line; no secrets). */
    public int keyCount() {
        return principals.length;
    }

    private static String bearerToken(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        if (token.isEmpty() || token.length() > ApiKey.MAX_KEY_LENGTH) {
            return null;
        }
        return token;
    }

    private static byte[] digest(String secret) {
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        return sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
