package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Principal;
import ordo.gateway.auth.Role;

class IdempotencyInFlightTest {

    private final IdempotencyInFlight inFlight = new IdempotencyInFlight();
    private final Principal web = new ApiKey("web", "k-web-1", Role.STOREFRONT, Set.of("web"), Set.of(), null)
            .principal();
    private final Principal app = new ApiKey("app", "k-app-1", Role.STOREFRONT, Set.of("app"), Set.of(), null)
            .principal();

    @Test
    void aKeyInFlightCannotBeginAgainUntilItEnds() {
        String scope = IdempotencyInFlight.scopeKey(web, "order-1");

        assertThat(inFlight.tryBegin(scope)).isTrue();
        assertThat(inFlight.tryBegin(scope)).isFalse();
        inFlight.end(scope);
        assertThat(inFlight.tryBegin(scope)).isTrue();
    }

    @Test
    void twoClientsMayUseTheSameKey() {
        assertThat(inFlight.tryBegin(IdempotencyInFlight.scopeKey(web, "k"))).isTrue();
        assertThat(inFlight.tryBegin(IdempotencyInFlight.scopeKey(app, "k"))).isTrue();
        assertThat(inFlight.size()).isEqualTo(2);
    }

    @Test
    void endingAKeyThatWasNotInFlightIsABug() {
        assertThatThrownBy(() -> inFlight.end(IdempotencyInFlight.scopeKey(web, "never")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keysMustBeShortPrintableAscii() {
        assertThat(IdempotencyInFlight.validate("6f1c-4e9d 2a")).isNull();
        assertThat(IdempotencyInFlight.validate("k".repeat(255))).isNull();

        Problem tooLong = IdempotencyInFlight.validate("k".repeat(256));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.code()).isEqualTo("INVALID_REQUEST");
        assertThat(tooLong.detail()).contains("Idempotency-Key");
        assertThat(IdempotencyInFlight.validate("")).isNotNull();
        assertThat(IdempotencyInFlight.validate("tab\there")).isNotNull();
        assertThat(IdempotencyInFlight.validate("é")).isNotNull();
    }
}
