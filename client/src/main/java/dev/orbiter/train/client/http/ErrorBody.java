package dev.orbiter.train.client.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one shape of every error answer of every service: {@code {"error": <what kind>, "reason":
 * <a sentence>}}, and for a refused request also {@code "problems": [{"field", "reason"}, ...]}
 * with every problem found. Clients read {@code reason} whatever the status.
 */
public final class ErrorBody {

    private ErrorBody() {
    }

    /** {@code {"error": error, "reason": reason}}. */
    public static Map<String, Object> of(String error, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("reason", reason);
        return body;
    }

    /** The 400 body: every problem, and a reason that sums them up. */
    public static Map<String, Object> badRequest(List<Problem> problems) {
        String summary = problems.stream().limit(3).map(p -> p.field() + ": " + p.reason()).collect(Collectors.joining("; "));
        Map<String, Object> body = of("bad request", problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + summary + (problems.size() > 3 ? "; ..." : ""));
        body.put("problems", List.copyOf(problems));
        return body;
    }

    /** The 401 body. */
    public static Map<String, Object> unauthorized(String reason) {
        return of("unauthorized", reason);
    }

    /** The 503 body: always worth a retry after the answer's Retry-After. */
    public static Map<String, Object> unavailable(String reason) {
        Map<String, Object> body = of("unavailable", reason);
        body.put("retryable", true);
        return body;
    }
}
