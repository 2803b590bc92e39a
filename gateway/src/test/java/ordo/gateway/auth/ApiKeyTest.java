package ordo.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ApiKeyTest {

    /** A key's channels and locations come in name order, the same in every run: they are journaled (QA-263). */
    @Test
    void bindingsAreKeptInNameOrder() {
        Principal p = new ApiKey("counter", "k-store-1", Role.STORE, Set.of("web", "app", "shopee", "lazada"),
            Set.of("st-2", "st-10", "st-1"), null).principal();
        assertThat(p.channels()).containsExactly("app", "lazada", "shopee", "web");
        assertThat(p.locations()).containsExactly("st-1", "st-10", "st-2");
    }

    @Test
    void aStorefrontMayUseOnlyItsChannelsAndAnAdminAny() {
        Principal web = new ApiKey("web", "k-web-1", Role.STOREFRONT, Set.of("web", "app"), Set.of(), null).principal();
        Principal admin = ApiKey.of("ops", "k-ops-1", Role.ADMIN).principal();

        assertThat(web.canUseChannel("web")).isTrue();
        assertThat(web.canUseChannel("app")).isTrue();
        assertThat(web.canUseChannel("marketplace")).isFalse();
        assertThat(admin.canUseChannel("marketplace")).isTrue();
        assertThat(admin.canUseLocation("dc-1")).isTrue();
    }

    @Test
    void warehousesAreBoundToLocationsAndCarriersToTheirId() {
        Principal dc = new ApiKey("dc", "k-dc-1", Role.WAREHOUSE, Set.of(), Set.of("dc-1"), null).principal();
        Principal dhl = new ApiKey("dhl", "k-dhl-1", Role.CARRIER, Set.of(), Set.of(), "dhl").principal();

        assertThat(dc.canUseLocation("dc-1")).isTrue();
        assertThat(dc.canUseLocation("dc-2")).isFalse();
        assertThat(dc.canUseChannel("web")).isFalse();
        assertThat(dhl.canActForCarrier("dhl")).isTrue();
        assertThat(dhl.canActForCarrier("ups")).isFalse();
    }

    @Test
    void keysThatCouldNeverWorkAreRefused() {
        assertThatThrownBy(() -> new ApiKey("w", "k-1234", Role.STOREFRONT, Set.of(), Set.of(), null))
                .hasMessageContaining("at least one channel");
        assertThatThrownBy(() -> new ApiKey("s", "k-1234", Role.STORE, Set.of("pos"), Set.of(), null))
                .hasMessageContaining("at least one location");
        assertThatThrownBy(() -> new ApiKey("c", "k-1234", Role.CARRIER, Set.of(), Set.of(), null))
                .hasMessageContaining("carrierId");
        assertThatThrownBy(() -> new ApiKey("a", "k-1234", Role.ADMIN, Set.of("web"), Set.of(), null))
                .hasMessageContaining("must not set channels");
        assertThatThrownBy(() -> new ApiKey("w", "k-1234", Role.STOREFRONT, Set.of("web shop"), Set.of(), null))
                .hasMessageContaining("channel of 'w' must be 1–64 characters");
        Set<String> many = new java.util.HashSet<>();
        for (int i = 0; i <= ApiKey.MAX_CHANNELS; i++) {
            many.add("channel-" + i);
        }
        assertThatThrownBy(() -> new ApiKey("w", "k-1234", Role.STOREFRONT, many, Set.of(), null))
                .hasMessageContaining("bound to 33 channels; at most 32");
        many.remove("channel-0");
        assertThat(new ApiKey("w", "k-1234", Role.STOREFRONT, many, Set.of(), null).channels()).hasSize(32);
        // A store's reads carry its locations too (the pickups it hands over): bounded as its channels are.
        Set<String> stores = new java.util.HashSet<>();
        for (int i = 0; i <= ApiKey.MAX_STORE_LOCATIONS; i++) {
            stores.add("st-" + i);
        }
        assertThatThrownBy(() -> new ApiKey("s", "k-5678", Role.STORE, Set.of("pos"), stores, null))
                .hasMessageContaining("store key 's' is bound to 33 locations; at most 32");
        stores.remove("st-0");
        assertThat(new ApiKey("s", "k-5678", Role.STORE, Set.of("pos"), stores, null).locations()).hasSize(32);
        assertThatThrownBy(() -> ApiKey.of("a", "has space", Role.ADMIN))
                .hasMessageContaining("visible ASCII")
                .message().doesNotContain("has space");
    }

    @Test
    void toStringHidesTheSecret() {
        assertThat(ApiKey.of("ops", "k-very-secret", Role.ADMIN).toString())
                .contains("ops", "admin")
                .doesNotContain("k-very-secret");
    }

    @Test
    void rolesUseLowerCaseNamesInConfiguration() {
        assertThat(Role.fromConfigName("warehouse")).isEqualTo(Role.WAREHOUSE);
        assertThat(Role.AUDITOR.configName()).isEqualTo("auditor");
        assertThatThrownBy(() -> Role.fromConfigName("ADMIN")).hasMessageContaining("unknown role 'ADMIN'");
    }
}
