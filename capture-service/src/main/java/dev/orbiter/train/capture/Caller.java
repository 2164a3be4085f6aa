package dev.orbiter.train.capture;

import jakarta.enterprise.context.RequestScoped;

/** Who is calling: the tenant the authentication filter resolved (null when auth is off). */
@RequestScoped
public class Caller {

    private String tenant;

    public String tenant() {
        return tenant;
    }

    void tenant(String tenant) {
        this.tenant = tenant;
    }
}
