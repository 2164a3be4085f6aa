package dev.orbiter.train.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aTreeReadsAsTheSameJavaValuesAsJacksonsConversionWithTheSameTypes() throws Exception {
        JsonNode tree = MAPPER.readTree("""
                {"task_id": "t", "step": 3, "big": 12345678901, "huge": 123456789012345678901234567890,
                 "score": 0.25, "neg": -1e-3, "ok": true, "none": null, "text": "caf\\u00e9 \\"q\\"",
                 "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": [1, 2.5, "x"]}],
                 "metadata": {"nested": {"deeper": [[], {}]}, "order": "kept", "a": 1}}
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = MAPPER.convertValue(tree, Map.class);

        Map<String, Object> actual = JsonValues.map(tree);

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String k : expected.keySet()) {
            Object e = expected.get(k);
            assertThat(actual.get(k) == null ? null : actual.get(k).getClass()).as(k)
                    .isEqualTo(e == null ? null : e.getClass());
        }
        assertThat(java.util.List.copyOf(((Map<?, ?>) actual.get("metadata")).keySet())).isEqualTo(java.util.List.of("nested", "order", "a"));
    }
}
