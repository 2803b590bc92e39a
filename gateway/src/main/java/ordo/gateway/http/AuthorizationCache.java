package ordo.gateway.http;

import ordo.gateway.auth.Principal;

/**
 * One connection's last {@code Authorization} header that authenticated, and its principal. Keys are fixed at start
 * (the {@code Authenticator} is immutable), so a header that authenticated once on a connection names the same
 * principal for the connection's life.
 *
 * <p>Timing: the presented header is compared with the remembered one in time that depends only on the presented
 * header's length (every character is looked at, no early exit), so a client learns nothing about the remembered
 * header (which, behind a proxy that shares connections, may be another client's) from how long the lookup takes;
 * a miss goes on to the {@code Authenticator}'s own constant-time comparison.
 *
 * <p>Threading: the connection's event loop only.
 */
final class AuthorizationCache {

    private String authorization;
    private Principal principal;

    /** The principal of {@code presented} if it is exactly the remembered header, else null. */
    Principal lookup(String presented) {
        String remembered = authorization;
        if (presented == null || remembered == null || remembered.isEmpty()) {
            return null; // a miss costs a full authentication, never a wrong principal
        }
        int rememberedLength = remembered.length();
        int difference = presented.length() ^ rememberedLength;
        // Past the remembered header's end its last character stands in (a length difference already decided the
        // answer); min is a conditional move, not a branch, where the remainder it replaces cost a division a
        // character on every request.
        int last = rememberedLength - 1;
        for (int i = 0; i < presented.length(); i++) {
            difference |= presented.charAt(i) ^ remembered.charAt(Math.min(i, last));
        }
        return difference == 0 ? principal : null;
    }

    /** The header that authenticated last, or null. */
    String remembered() {
        return authorization;
    }

    void remember(String presented, Principal authenticated) {
        this.authorization = presented;
        this.principal = authenticated;
    }
}
