package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every export format read back by a reader nobody here wrote: DuckDB (npm {@code @duckdb/node-api},
 * {@code examples/node/read-export.mjs}), checking the published column names and their types.
 */
class ExportFormatsDuckDbTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "node").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<TrajectoryItem> items() {
        TrajectoryItem tool = TrajectoryItem.builder().id("t1").taskId("t").input("17*23?").output("").score(1.0)
                .messages(List.of(Map.of("role", "user", "content", "17*23?"), Map.of("role", "assistant",
                        "tool_calls", List.of(Map.of("id", "c1", "type", "function", "function",
                                Map.of("name", "calc", "arguments", "{\"e\":\"17*23\"}"))))))
                .metadata(Map.of("tools", List.of(Map.of("type", "function", "function", Map.of("name", "calc",
                        "parameters", Map.of("type", "object")))))).build();
        return List.of(tool,
                TrajectoryItem.builder().id("a1").taskId("t").input("2+2?").output("4").score(0.9).build(),
                TrajectoryItem.builder().id("a2").taskId("t").input("2+2?").output("5").score(0.1).build());
    }

    @Test
    void givenEachTrainerFormat_whenDuckDbReadsTheExport_thenItHasThePublishedColumnsAndTypes() throws Exception {
        Map<String, JsonNode> read = new HashMap<>();
        for (String format : List.of("openai-chat", "trl-sft", "trl-dpo", "trl-grpo", "parquet", "verl-multiturn")) {
            Path file = dir.resolve(format + (format.contains("parquet") || format.startsWith("verl") ? ".parquet" : ".jsonl"));
            ExportCommand.write(items(), ExportCommand.Format.parse(format), file, n -> { });
            read.put(format, duckdb(file));
        }

        assertThat(columns(read.get("openai-chat"))).containsOnlyKeys("messages", "tools");
        assertThat(columns(read.get("openai-chat")).get("messages")).startsWith("STRUCT(").contains("\"role\" VARCHAR",
                "\"content\" VARCHAR", "tool_calls", "\"function\" STRUCT(\"name\" VARCHAR, arguments VARCHAR)").endsWith("[]");
        assertThat(read.get("openai-chat").path("rows").asInt()).isEqualTo(3);
        assertThat(columns(read.get("trl-sft"))).containsKeys("prompt", "completion");
        assertThat(columns(read.get("trl-sft")).get("completion")).startsWith("STRUCT(").endsWith("[]");
        assertThat(columns(read.get("trl-dpo"))).containsOnlyKeys("prompt", "chosen", "rejected");
        assertThat(read.get("trl-dpo").path("rows").asInt()).isEqualTo(1); // only the 2+2 group has two scores
        assertThat(read.get("trl-dpo").path("first").path("chosen").path(0).path("content").asText()).isEqualTo("4");
        assertThat(columns(read.get("trl-grpo"))).containsEntry("ground_truth", "VARCHAR").containsEntry("best_score", "DOUBLE")
                .containsEntry("group_size", "BIGINT").containsKey("prompt");
        assertThat(read.get("trl-grpo").path("rows").asInt()).isEqualTo(2);
        assertThat(columns(read.get("parquet"))).containsKeys("data_source", "prompt", "ability", "reward_model", "extra_info");
        Map<String, String> multi = columns(read.get("verl-multiturn"));
        assertThat(multi).containsOnlyKeys("data_source", "agent_name", "prompt", "messages", "tools", "ability",
                "reward_model", "extra_info").containsEntry("agent_name", "VARCHAR").containsEntry("tools", "VARCHAR");
        assertThat(multi.get("messages")).startsWith("STRUCT(").contains("\"role\" VARCHAR", "tool_call_id VARCHAR",
                "tool_calls STRUCT(id VARCHAR, \"type\" VARCHAR, \"function\" STRUCT(\"name\" VARCHAR, arguments VARCHAR))[]")
                .endsWith("[]");
        assertThat(read.get("verl-multiturn").path("rows").asInt()).isEqualTo(3);
        assertThat(read.get("verl-multiturn").path("first").path("agent_name").asText()).isEqualTo("tool_agent");
        assertThat(read.get("verl-multiturn").path("first").path("messages").path(1).path("tool_calls").path(0)
                .path("function").path("name").asText()).isEqualTo("calc");
    }

    private static Map<String, String> columns(JsonNode read) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        read.path("columns").forEach(c -> out.put(c.path("name").asText(), c.path("type").asText()));
        return out;
    }

    /** What DuckDB says about the file (its columns, row count, first row). */
    private JsonNode duckdb(Path file) throws Exception {
        assertThat(EXAMPLES.resolve("node_modules/@duckdb/node-api")).as("run 'npm ci --prefix examples/node' (./verify does)")
                .isDirectory();
        Path out = Files.createTempFile(dir, "duckdb", ".json");
        Process p = new ProcessBuilder("node", "read-export.mjs", file.toString()).directory(EXAMPLES.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("duckdb on " + file).isTrue();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("duckdb on %s: %s", file, text).isZero();
            return JSON.readTree(text);
        } finally {
            p.destroyForcibly();
        }
    }
}
