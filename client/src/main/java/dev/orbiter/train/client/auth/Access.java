package dev.orbiter.train.client.auth;

import java.util.Collection;
import java.util.Objects;

/**
 * Who calls, as far as the data is concerned: the tenant of the caller's key and its role. With
 * authentication off every caller is {@link #UNRESTRICTED} (no tenant, sees everything), as a
 * single-tenant local stack expects. Rules every service applies the same way:
 * <ul>
 *   <li>a tenant's resource (a job, its metrics and events) is seen by that tenant and by admins;
 *       to anybody else it does not exist (404, not 403: no existence leak);</li>
 *   <li>a dataset bound to tenants ({@code orbiter.datasets.<d>.tenants}) is seen by those tenants
 *       and admins; an unbound dataset is shared: every key sees it.</li>
 * </ul>
 *
 * @param tenant the key's tenant; null when authentication is off
 * @param role   what the key may do
 */
public record Access(String tenant, Role role) {

    /** Authentication off: every request, no tenant, every resource. */
    public static final Access UNRESTRICTED = new Access(null, Role.ADMIN);

    public Access {
        Objects.requireNonNull(role, "role");
    }

    /** Whether this caller sees a resource of {@code owner} (null: a resource without a tenant). */
    public boolean sees(String owner) {
        return role == Role.ADMIN || Objects.equals(tenant, owner);
    }

    /** Whether this caller sees a dataset bound to {@code boundTenants} (empty: shared). */
    public boolean seesDataset(Collection<String> boundTenants) {
        return boundTenants.isEmpty() || role == Role.ADMIN || boundTenants.contains(tenant);
    }
}
