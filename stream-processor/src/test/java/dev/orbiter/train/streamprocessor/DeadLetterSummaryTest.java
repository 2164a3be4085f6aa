package dev.orbiter.train.streamprocessor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.curation.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Dead letters by reason from their headers, the newest few of each kept, long texts cut. */
class DeadLetterSummaryTest {

    private static long offset;

    private static ConsumerRecord<byte[], byte[]> dead(String key, String reason, String message) {
        DeadLetter d = new DeadLetter(key.getBytes(StandardCharsets.UTF_8), new byte[] {1}, null, reason,
                new IllegalArgumentException(message), "orbiter.steps", 2, 40 + offset, reason.equals("processing") ? "d" : null,
                reason.equals("processing") ? "reward" : null);
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("orbiter.dlq.stream-processor", 0, offset++, d.key(), d.value());
        d.headers().forEach(h -> r.headers().add(h));
        return r;
    }

    @Test
    void deadLettersAreCountedByReason_andTheNewestOfEachAreKeptWithWhereTheyCameFrom() {
        DeadLetterSummary s = new DeadLetterSummary(2);
        s.add(dead("k1", "deserialization", "unknown magic byte"));
        s.add(dead("k2", "processing", "NaN score"));
        s.add(dead("k3", "deserialization", "unknown schema id 77"));
        s.add(dead("k4", "deserialization", "x".repeat(1000)));

        Map<String, Object> json = s.json();
        assertThat(json.get("total")).isEqualTo(4L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> reasons = (List<Map<String, Object>>) json.get("reasons");
        assertThat(reasons).extracting(r -> r.get("reason")).containsExactly("deserialization", "processing");
        assertThat(reasons.get(0).get("count")).isEqualTo(3L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> samples = (List<Map<String, Object>>) reasons.get(0).get("samples");
        assertThat(samples).extracting(m -> m.get("key")).containsExactly("k4", "k3");
        assertThat((String) samples.get(0).get("message")).hasSize(DeadLetterSummary.MAX_TEXT + 1).endsWith("…");
        assertThat(samples.get(1)).containsEntry("source_topic", "orbiter.steps").containsEntry("source_partition", "2")
                .containsEntry("message", "unknown schema id 77");
        @SuppressWarnings("unchecked")
        Map<String, Object> processing = ((List<Map<String, Object>>) reasons.get(1).get("samples")).get(0);
        assertThat(processing).containsEntry("dataset", "d").containsEntry("stage", "reward");
    }
}
