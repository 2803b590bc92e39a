package ordo.gateway.auth;

import java.util.Locale;

/**
 * What an API key may do. The YAML configuration names roles in lower case ({@code storefront});
 * routes declare the set of roles they admit.
 */
public enum Role {
    /** Everything, including network and catalog setup and fraud review. */
    ADMIN,
    /** A sales channel (web shop, app, marketplace connector): reservations and orders of its channels. */
    STOREFRONT,
    /** A physical store: orders and pickups at its location(s). */
    STORE,
    /** A warehouse or DC: the pick/pack/ship work of its locations. */
    WAREHOUSE,
    /** A carrier integration: the shipments and tracking of one carrier id. */
    CARRIER,
    /** Read-only access to everything, for audits and the journal state hash. */
    AUDITOR;

    /** The name used in configuration files, e.g. {@code storefront}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration name ({@code "warehouse"}).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is not one
     */
    public static Role fromConfigName(String name) {
        for (Role role : values()) {
            if (role.configName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "' (expected one of: " + configNames() + ")");
    }

    static String configNames() {
        StringBuilder names = new StringBuilder();
        for (Role role : values()) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append(role.configName());
        }
        return names.toString();
    }
}
