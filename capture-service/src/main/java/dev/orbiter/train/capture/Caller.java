package dev.orbiter.train.capture;

import dev.orbiter.train.client.auth.Access;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling: the tenant and role the authentication filter resolved (no tenant when auth is off). */
@RequestScoped
public class Caller {

    private Access access = Access.UNRESTRICTED;

    public String tenant() {
        return access.tenant();
    }

    public Access access() {
        return access;
    }

    void access(Access access) {
        this.access = access;
    }
}
