package dev.orbiter.train.verl.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.orbiter.train.verl.RewardFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reward bridge end to end: the generated Python module, run by the real python3, calls a
 * Java reward endpoint that scores with a Java {@link RewardFunction}.
 */
class RewardBridgeTest {

    static final RewardFunction EXACT = item -> item.output().strip().equals(item.metadata().get("ground_truth"))
            ? 1.0 : 0.0;

    HttpServer server;
    final List<String> seenPrompts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/rewards/score", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            String answer;
            try {
                seenPrompts.add(RewardBridge.item(new com.fasterxml.jackson.databind.ObjectMapper().readTree(body)).input());
                answer = "{\"score\": " + RewardBridge.score(body, EXACT) + "}";
                status = 200;
            } catch (IllegalArgumentException e) {
                answer = "{\"error\": \"" + e.getMessage().replace("\"", "'") + "\"}";
                status = 400;
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        server.stop(0);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/rewards/score");
    }

    @Test
    void givenTheGeneratedModule_whenVerlCallsComputeScore_thenTheJavaRewardScoresTheResponse(@TempDir Path dir)
            throws Exception {
        Path module = RewardBridge.writeModule(dir, endpoint(), "job-7");

        String right = python(dir, module, "compute_score('orbiter/arithmetic', ' 42', '42', "
                + "{'split': 'train', 'index': 3, 'item_id': 'i-3', 'task_id': 't-3', 'prompt': 'What is 40 + 2?'})");
        String wrong = python(dir, module, "compute_score('orbiter/arithmetic', '41', '42')");

        assertThat(right).isEqualTo("1.0");
        assertThat(wrong).isEqualTo("0.0");
        assertThat(seenPrompts).containsExactly("What is 40 + 2?", "");
    }

    @Test
    void givenARefusingEndpoint_whenComputeScoreIsCalled_thenPythonRaisesWithTheReason(@TempDir Path dir)
            throws Exception {
        Path module = RewardBridge.writeModule(dir, endpoint(), "job-7");

        String result = python(dir, module, "compute_score('x', None, '1')");

        assertThat(result).contains("reward endpoint refused: 400").contains("solution_str: required string");
    }

    @Test
    void givenMalformedRequests_whenScored_thenEveryProblemIsNamed() {
        assertThatThrownBy(() -> RewardBridge.score("not json".getBytes(), EXACT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> RewardBridge.score("{\"extra_info\": 3}".getBytes(), EXACT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("solution_str: required string").hasMessageContaining("extra_info: must be an object");
    }

    /** Runs python3 with the module imported and returns what the expression printed (or the error). */
    private static String python(Path dir, Path module, String expression) throws Exception {
        // ./verify installs python3; a machine without it fails here, saying so, instead of skipping silently
        assertThat(Python.available()).as("python3 is needed to run the generated reward module: run ./verify, which "
                + "installs it, or apt-get install -y python3").isTrue();
        String script = "import importlib.util, sys\n"
                + "spec = importlib.util.spec_from_file_location('orbiter_reward', sys.argv[1])\n"
                + "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
                + "try:\n    print(m." + expression + ")\nexcept Exception as e:\n    print('ERROR', e)\n";
        Process p = new ProcessBuilder("python3", "-c", script, module.toString()).directory(dir.toFile())
                .redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } finally {
            p.destroyForcibly();
        }
    }
}
