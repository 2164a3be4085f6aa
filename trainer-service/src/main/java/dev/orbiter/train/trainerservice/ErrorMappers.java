package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.http.ServiceException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors answered with reasons, in the shape every service shares: 404 unknown job, 503 + Retry-After. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response answer(ServiceException e) {
        return e.response();
    }
}
