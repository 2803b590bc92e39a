package ordo.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private static final ApiKey ADMIN = ApiKey.of("ops", "admin-key-0001", Role.ADMIN);
    private static final ApiKey WEB = new ApiKey("webshop", "web-key-0001", Role.STOREFRONT,
            Set.of("web"), Set.of(), null);
    /** Shares a long prefix with {@link #ADMIN}: a prefix must never be enough. */
    private static final ApiKey AUDIT = ApiKey.of("audit", "admin-key-0001-audit", Role.AUDITOR);

    private final Authenticator authenticator = new Authenticator(List.of(ADMIN, WEB, AUDIT));

    @Test
    void eachKeyResolvesToItsOwnPrincipal() {
        assertThat(authenticator.authenticate("Bearer admin-key-0001")).isEqualTo(ADMIN.principal());
        assertThat(authenticator.authenticate("Bearer web-key-0001")).isEqualTo(WEB.principal());
        assertThat(authenticator.authenticate("Bearer admin-key-0001-audit")).isEqualTo(AUDIT.principal());
    }

    @Test
    void theSchemeIsCaseInsensitiveAndSurroundingSpaceIgnored() {
        assertThat(authenticator.authenticate("bearer web-key-0001")).isEqualTo(WEB.principal());
        assertThat(authenticator.authenticate("BEARER  web-key-0001 ")).isEqualTo(WEB.principal());
    }

    @Test
    void missingMalformedAndUnknownCredentialsAreRefused() {
        assertThat(authenticator.authenticate(null)).isNull();
        assertThat(authenticator.authenticate("")).isNull();
        assertThat(authenticator.authenticate("Bearer")).isNull();
        assertThat(authenticator.authenticate("Bearer ")).isNull();
        assertThat(authenticator.authenticate("Basic d2ViLWtleS0wMDAx")).isNull();
        assertThat(authenticator.authenticate("web-key-0001")).isNull();
        assertThat(authenticator.authenticate("Bearer WEB-KEY-0001")).isNull();
        assertThat(authenticator.authenticate("Bearer web-key-000")).isNull();
        assertThat(authenticator.authenticate("Bearer web-key-00011")).isNull();
        assertThat(authenticator.authenticate("Bearer " + "x".repeat(10_000))).isNull();
    }

    @Test
    void aPrefixOfALongerKeyIsNotThatKey() {
        assertThat(authenticator.authenticate("Bearer admin-key-0001-aud")).isNull();
        assertThat(authenticator.authenticate("Bearer admin-key-000")).isNull();
    }

    @Test
    void noKeysMeansNobodyAuthenticates() {
        assertThat(new Authenticator(List.of()).authenticate("Bearer admin-key-0001")).isNull();
    }

    @Test
    void twoKeysWithOneSecretOrOneNameAreRefused() {
        assertThatThrownBy(() -> new Authenticator(List.of(ADMIN, ApiKey.of("other", "admin-key-0001", Role.AUDITOR))))
                .hasMessageContaining("reuses the secret")
                .message().doesNotContain("admin-key-0001");
        assertThatThrownBy(() -> new Authenticator(List.of(ADMIN, ApiKey.of("ops", "another-key", Role.AUDITOR))))
                .hasMessageContaining("'ops' is used twice");
    }

    @Test
    void authenticationIsSafeFromManyThreadsAtOnce() throws InterruptedException {
        Thread[] threads = new Thread[4];
        AtomicBoolean wrong = new AtomicBoolean();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    if (!WEB.principal().equals(authenticator.authenticate("Bearer web-key-0001"))
                            || authenticator.authenticate("Bearer web-key-0002") != null) {
                        wrong.set(true);
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(wrong).isFalse();
    }
}
