package dev.orbiter.train.trainerservice;

import dev.orbiter.train.trainerservice.jobs.AvroJson;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The 400 answer: every problem with its field and reason, as capture-service answers. */
final class Problems {

    private Problems() {
    }

    static Response badRequest(List<AvroJson.Problem> problems) {
        List<Map<String, String>> list = new ArrayList<>();
        problems.forEach(p -> list.add(Map.of("field", p.field(), "reason", p.reason())));
        return Response.status(400).type("application/json").entity(Map.of("error", "bad request", "problems", list))
                .build();
    }
}
