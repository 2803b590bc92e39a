package ordo.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ordo.gateway.auth.ApiKey;
import ordo.gateway.http.IdempotencyInFlight;

/**
 * A key's Idempotency-Keys are scoped (IdempotencyInFlight.scopeKey), and those scopes are engine state kept across
 * restarts. A key configured without a name must keep its scope when another key is removed from or added before it
 * in the list; otherwise after the restart its retries are not recognised (a second hold or order) and the key that
 * took its place inherits its stored answers (422 for keys it never used). Found by the session-8 QA pass.
 */
class ApiKeyDefaultNameTest {

    private static final String WEB = "{key: k-web-secret, role: storefront, channels: [web]}";
    private static final String APP = "{key: k-app-secret, role: storefront, channels: [app]}";

    @Test
    void aKeyWithoutANameKeepsItsIdempotencyScopeWhenAKeyBeforeItIsRemoved() {
        String before = scopeOf("k-app-secret", OrdoConfig.parse("apiKeys: [" + WEB + ", " + APP + "]", "t.yaml"));
        String after = scopeOf("k-app-secret", OrdoConfig.parse("apiKeys: [" + APP + "]", "t.yaml"));

        assertThat(after).isEqualTo(before);
    }

    @Test
    void twoKeysWithoutNamesInTwoConfigurationsNeverShareAScopeThoughTheyShareAName() {
        OrdoConfig first = OrdoConfig.parse("apiKeys: [" + WEB + "]", "t.yaml");
        OrdoConfig second = OrdoConfig.parse("apiKeys: [" + APP + "]", "t.yaml");

        assertThat(key("k-app-secret", second).name()).isEqualTo(key("k-web-secret", first).name());
        assertThat(scopeOf("k-app-secret", second)).isNotEqualTo(scopeOf("k-web-secret", first));
    }

    @Test
    void aNamedKeyIsScopedByItsNameSoItsRememberedRequestsOutliveAChangeOfSecret() {
        OrdoConfig before = OrdoConfig.parse("apiKeys: [{name: webshop, key: old-secret, role: storefront, "
                + "channels: [web]}]", "t.yaml");
        OrdoConfig after = OrdoConfig.parse("apiKeys: [{name: webshop, key: new-secret, role: storefront, "
                + "channels: [web]}]", "t.yaml");

        assertThat(scopeOf("new-secret", after)).isEqualTo(scopeOf("old-secret", before));
    }

    @Test
    void theScopeOfAnUnnamedKeyShowsNothingOfItsSecretInItsNameOrPrincipal() {
        ApiKey key = key("k-web-secret", OrdoConfig.parse("apiKeys: [" + WEB + "]", "t.yaml"));

        assertThat(key.name()).isEqualTo("storefront-0");
        assertThat(key.principal().toString()).doesNotContain("k-web-secret").doesNotContain(key.idempotencyScope());
        assertThat(key.idempotencyScope()).startsWith("key-").hasSize(4 + 64).doesNotContain("k-web-secret");
    }

    private static String scopeOf(String secret, OrdoConfig config) {
        return IdempotencyInFlight.scopeKey(key(secret, config).principal(), "checkout-1");
    }

    private static ApiKey key(String secret, OrdoConfig config) {
        List<ApiKey> keys = config.apiKeys();
        return keys.stream().filter(k -> k.key().equals(secret)).findFirst().orElseThrow();
    }
}
