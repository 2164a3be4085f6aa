package dev.orbiter.train.client.http;

/** One thing wrong with a request: where (a JSON path such as {@code [2].score}) and why. */
public record Problem(String field, String reason) {
}
