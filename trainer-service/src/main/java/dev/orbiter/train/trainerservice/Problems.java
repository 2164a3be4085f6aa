package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.http.ErrorResponses;
import dev.orbiter.train.client.http.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The 400 answer: every problem with its field and reason, as capture-service answers. */
final class Problems {

    private Problems() {
    }

    static Response badRequest(List<Problem> problems) {
        return ErrorResponses.badRequest(problems);
    }
}
