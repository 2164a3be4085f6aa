package dev.orbiter.train.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orbiter.train.avro.JobStatus;
import dev.orbiter.train.avro.TrainingMetric;
import dev.orbiter.train.avro.TrajectoryStep;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Human-readable and JSON renderings of events for the terminal. */
final class Events {

    private Events() {
    }

    static String line(SpecificRecord r) {
        if (r instanceof TrajectoryStep s) {
            return String.format("%s  task=%s agent=%s step=%d score=%s  %s -> %s", s.getId(), s.getTaskId(), s.getAgentId(),
                    s.getStep(), s.getScore(), clip(s.getInput()), clip(s.getOutput()));
        }
        if (r instanceof TrainingMetric m) {
            String metrics = m.getMetrics().entrySet().stream().filter(e -> interesting(e.getKey()))
                    .map(e -> e.getKey() + "=" + String.format("%.4f", e.getValue())).collect(Collectors.joining(" "));
            return String.format("%s  %-5s step=%-5d epoch=%d  %s", m.getJobId(), m.getPhase(), m.getStep(), m.getEpoch(), metrics);
        }
        JobStatus s = (JobStatus) r;
        return String.format("%s  %s  %s -> %s%s", s.getTimestamp(), s.getJobId(), s.getPreviousState(), s.getState(),
                s.getMessage() == null ? "" : "  (" + s.getMessage() + ")");
    }

    static String json(SpecificRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Schema.Field f : r.getSchema().getFields()) {
            Object v = r.get(f.pos());
            m.put(f.name(), v instanceof SpecificRecord || v instanceof java.time.Instant ? String.valueOf(v) : v);
        }
        try {
            return Http.JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            return String.valueOf(r);
        }
    }

    private static boolean interesting(String key) {
        return key.equals("critic/score/mean") || key.equals("actor/pg_loss") || key.equals("actor/kl_loss")
                || key.startsWith("val/") || key.startsWith("eval") || key.contains("accuracy") || key.contains("score")
                || key.equals("loss");
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
