package dev.orbiter.train.capture.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamedAnswerTest {

    @Test
    void givenChunksSplitAnywhere_whenMerged_thenContentToolCallsFinishReasonAndUsageAreTheWholeAnswer() {
        String sse = """
                data: {"id":"x1","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Lét"}}]}

                data: {"id":"x1","choices":[{"index":0,"delta":{"content":" me","tool_calls":[{"index":0,"id":"c1","function":{"name":"ca","arguments":"{\\"a\\""}}]}}]}

                : keep-alive

                data: {"id":"x1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"lc","arguments":":1}"}}]},"finish_reason":"tool_calls"}]}

                data: {"id":"x1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}

                data: [DONE]

                """;
        byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= 9; size++) { // pieces of every size: events and characters cut in two
            StreamedAnswer answer = new StreamedAnswer(new ObjectMapper());
            for (int i = 0; i < bytes.length; i += size) {
                byte[] piece = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size));
                answer.accept(piece, piece.length);
            }
            check(answer.toResponse());
        }
    }

    private static void check(JsonNode r) {
        assertThat(r.path("id").asText()).isEqualTo("x1");
        JsonNode choice = r.path("choices").path(0);
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Lét me");
        assertThat(choice.path("message").path("tool_calls").path(0).path("function").path("name").asText()).isEqualTo("calc");
        assertThat(choice.path("message").path("tool_calls").path(0).path("function").path("arguments").asText())
                .isEqualTo("{\"a\":1}");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(r.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
    }
}
