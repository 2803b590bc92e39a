package ordo.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One configured API key: the secret a client presents as {@code Authorization: Bearer <key>} and the
 * identity it stands for. Immutable; built from the configuration file or by tests.
 *
 * <p>The constructor enforces the binding rules of the API contract, so that a key that could never
 * be used correctly is refused at start-up instead of answering 403s in production:
 * a storefront is bound to at least one channel, a store and a warehouse to at least one location,
 * a carrier to a carrier id; admin and auditor keys see everything, so bindings on them are refused
 * as misleading.
 *
 * <p>{@link #toString()} never prints the secret.
 *
 * @param name             a label for logs and fraud reviews; unique among keys
 * @param key              the secret; 1–512 visible ASCII characters
 * @param role             what the key may do
 * @param channels         the sales channels the key acts for (storefront, store), otherwise empty
 * @param locations        the locations the key acts for (store, warehouse), otherwise empty
 * @param carrierId        the carrier the key acts for (carrier only), otherwise null
 * @param idempotencyScope what scopes the key's Idempotency-Keys, which the engine keeps across restarts: a name
 *                         given in the configuration, or {@link #secretScope} of a key configured without one
 */
public record ApiKey(String name, String key, Role role, Set<String> channels, Set<String> locations,
                     String carrierId, String idempotencyScope) {

    /** Longest accepted secret; also bounds the work an attacker can make us hash per request. */
    public static final int MAX_KEY_LENGTH = 512;

    /**
     * Most channels a key may be bound to. Each command a storefront sends about an order carries its channels (the
     * engine checks the order is one of theirs), and the largest — a cancel of 64 lines with a long reason — must
     * still fit a command slot with 32 ids of 64 characters. Unbounded, a key of a few dozen long channel names made
     * such cancels, and with over 255 every order read, fail with a 500 (found in review).
     */
    public static final int MAX_CHANNELS = 32;
    /**
     * Most locations a store's key may be bound to: every order it reads carries them beside its channels (it sees
     * the click-and-collect orders picked up there), and the two lists must fit a command slot.
     */
    public static final int MAX_STORE_LOCATIONS = 32;

    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public ApiKey {
        requireId("name", name);
        if (idempotencyScope == null) {
            throw new IllegalArgumentException("idempotencyScope of '" + name + "' is required");
        }
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || !VISIBLE_ASCII.matcher(key).matches()) {
            throw new IllegalArgumentException("key of '" + name + "' must be 1–" + MAX_KEY_LENGTH
                    + " visible ASCII characters without spaces");
        }
        if (role == null) {
            throw new IllegalArgumentException("role of '" + name + "' is required");
        }
        // Sorted: a key's channels are journaled with each command it scopes (Set.copyOf's order changed from run to
        // run, so identical requests were journaled in different bytes: QA-263).
        channels = channels == null ? Set.of() : Principal.sorted(channels);
        locations = locations == null ? Set.of() : Principal.sorted(locations);
        if (channels.size() > MAX_CHANNELS) {
            throw new IllegalArgumentException("'" + name + "' is bound to " + channels.size()
                    + " channels; at most " + MAX_CHANNELS);
        }
        if (role == Role.STORE && locations.size() > MAX_STORE_LOCATIONS) {
            throw new IllegalArgumentException("store key '" + name + "' is bound to " + locations.size()
                    + " locations; at most " + MAX_STORE_LOCATIONS);
        }
        for (String channel : channels) {
            requireId("channel of '" + name + "'", channel);
        }
        for (String location : locations) {
            requireId("location of '" + name + "'", location);
        }
        if (carrierId != null) {
            requireId("carrierId of '" + name + "'", carrierId);
        }
        checkBindings(name, role, channels, locations, carrierId);
    }

    /** A key whose Idempotency-Keys are scoped by its name (a name given in the configuration). */
    public ApiKey(String name, String key, Role role, Set<String> channels, Set<String> locations, String carrierId) {
        this(name, key, role, channels, locations, carrierId, name);
    }

    /**
     * The idempotency scope of a key configured without a name: {@code key-} and the SHA-256 of its secret in hex.
     * Such a key's name is its place in the list, which moves when keys are added or removed; scoped by that, a
     * key answered another key's remembered requests (422 for keys it never used) and no longer recognised its own
     * retries (a second hold). The scope is never shown (views, logs), so nothing derived from a secret is; it is
     * longer than any name, so the two kinds never meet.
     */
    public static String secretScope(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
            return "key-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A key without bindings, for admin and auditor. */
    public static ApiKey of(String name, String key, Role role) {
        return new ApiKey(name, key, role, Set.of(), Set.of(), null);
    }

    /** The identity this key authenticates as (everything but the secret). */
    public Principal principal() {
        return new Principal(name, role, channels, locations, carrierId, idempotencyScope);
    }

    @Override
    public String toString() {
        return "ApiKey[name=" + name + ", role=" + role.configName() + ", channels=" + channels
                + ", locations=" + locations + ", carrierId=" + carrierId + ", key=***]";
    }

    private static void checkBindings(String name, Role role, Set<String> channels, Set<String> locations,
                                      String carrierId) {
        String who = role.configName() + " key '" + name + "'";
        switch (role) {
            case ADMIN, AUDITOR -> {
                if (!channels.isEmpty() || !locations.isEmpty() || carrierId != null) {
                    throw new IllegalArgumentException(who + " sees everything; it must not set channels, "
                            + "locations or carrierId");
                }
            }
            case STOREFRONT -> {
                if (channels.isEmpty()) {
                    throw new IllegalArgumentException(who + " must be bound to at least one channel");
                }
            }
            case STORE, WAREHOUSE -> {
                if (locations.isEmpty()) {
                    throw new IllegalArgumentException(who + " must be bound to at least one location");
                }
            }
            case CARRIER -> {
                if (carrierId == null) {
                    throw new IllegalArgumentException(who + " must be bound to a carrierId");
                }
            }
        }
        if (carrierId != null && role != Role.CARRIER) {
            throw new IllegalArgumentException(who + " must not set carrierId (only carrier keys do)");
        }
    }

    private static void requireId(String what, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1–64 characters of [A-Za-z0-9._:-], got "
                    + (value == null ? "nothing" : "'" + value + "'"));
        }
    }
}
