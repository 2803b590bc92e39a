package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import ordo.gateway.auth.Principal;
import ordo.gateway.auth.Role;

/** A connection's remembered key answers only for exactly the header that authenticated. */
class AuthorizationCacheTest {

    private final AuthorizationCache cache = new AuthorizationCache();
    private final Principal web = principal();

    @Test
    void onlyTheExactHeaderThatAuthenticatedFindsItsPrincipal() {
        cache.remember("Bearer bench-web", web);

        assertThat(cache.lookup("Bearer bench-web")).isSameAs(web);
        assertThat(cache.lookup("Bearer bench-wex")).isNull();
        assertThat(cache.lookup("Bearer bench-we")).isNull();
        assertThat(cache.lookup("Bearer bench-webb")).isNull();
        assertThat(cache.lookup("Bearer bench-webBearer bench-web")).isNull();
        assertThat(cache.lookup("")).isNull();
        assertThat(cache.lookup(null)).isNull();
    }

    @Test
    void nothingIsFoundBeforeAHeaderAuthenticated() {
        assertThat(cache.lookup("Bearer bench-web")).isNull();
        cache.remember("", web);
        assertThat(cache.lookup("")).isNull();
    }

    private static Principal principal() {
        return new Principal("web", Role.STOREFRONT, Set.of("web"), Set.of(), null, "web");
    }
}
