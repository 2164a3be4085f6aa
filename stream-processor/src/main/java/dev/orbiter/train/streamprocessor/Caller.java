package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.client.auth.Access;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling: the tenant and role the authentication filter resolved; what every read is filtered by. */
@RequestScoped
public class Caller {

    private Access access = Access.UNRESTRICTED;

    public Access access() {
        return access;
    }

    void access(Access access) {
        this.access = access;
    }
}
