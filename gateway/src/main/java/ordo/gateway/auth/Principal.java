package ordo.gateway.auth;

import java.util.Set;

/**
 * Who made a request: the identity of the API key it carried, without the secret. Immutable and
 * shared by every request made with that key, so route code on any thread may read it.
 *
 * <p>Role checks happen in the dispatcher (the route declares the roles it admits); the
 * {@code canUse*} methods are for the finer, data-dependent checks route code makes, e.g. that the
 * {@code channel} of a new order is one this storefront is bound to. Admin and auditor keys are bound
 * to everything (an auditor reads all; that it cannot write is the route's role check).
 *
 * @param name             the key's label (unique): logs, fraud reviews
 * @param role             what the key may do
 * @param channels         the channels it is bound to (storefront, store)
 * @param locations        the locations it is bound to (store, warehouse)
 * @param carrierId        the carrier it is bound to (carrier), else null
 * @param idempotencyScope what scopes its Idempotency-Keys ({@link ApiKey#idempotencyScope}); never shown
 */
public record Principal(String name, Role role, Set<String> channels, Set<String> locations, String carrierId,
                        String idempotencyScope) {

    public Principal {
        channels = sorted(channels);
        locations = sorted(locations);
        if (idempotencyScope == null) {
            throw new IllegalArgumentException("idempotencyScope of '" + name + "' is required");
        }
    }

    /** Without the idempotency scope, which is derived from the secret of an unnamed key. */
    @Override
    public String toString() {
        return "Principal[name=" + name + ", role=" + role.configName() + ", channels=" + channels + ", locations="
                + locations + ", carrierId=" + carrierId + "]";
    }

    /** Whether this principal may act on orders and reservations of {@code channelId}. */
    public boolean canUseChannel(String channelId) {
        return seesEverything() || channels.contains(channelId);
    }

    /** Whether this principal may act on {@code locationId} (its store, its warehouse). */
    public boolean canUseLocation(String locationId) {
        return seesEverything() || locations.contains(locationId);
    }

    /** Whether this principal may act for {@code carrier} (its shipments, its tracking webhooks). */
    public boolean canActForCarrier(String carrier) {
        return seesEverything() || (carrierId != null && carrierId.equals(carrier));
    }

    private boolean seesEverything() {
        return role == Role.ADMIN || role == Role.AUDITOR;
    }

    /** An unmodifiable copy in name order, the same in every run (nulls refused, as {@code Set.copyOf} refuses them). */
    static Set<String> sorted(final Set<String> names) {
        return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(names));
    }
}
