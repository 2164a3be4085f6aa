package dev.orbiter.train.capture;

import dev.orbiter.train.client.http.Problem;
import java.util.List;

/** A request that cannot be accepted; answered with 400 and every problem found. */
public final class BadRequestException extends RuntimeException {

    private final transient List<Problem> problems;

    public BadRequestException(List<Problem> problems) {
        super(problems.size() + " problem(s), first: " + problems.get(0).field() + ": " + problems.get(0).reason());
        this.problems = List.copyOf(problems);
    }

    public BadRequestException(String field, String reason) {
        this(List.of(new Problem(field, reason)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
