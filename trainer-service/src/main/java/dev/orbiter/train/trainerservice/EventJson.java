package dev.orbiter.train.trainerservice;

import dev.orbiter.train.avro.JobStatus;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.avro.TrainingMetric;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of job events, for the REST API and the dashboard's server-sent events. */
final class EventJson {

    private EventJson() {
    }

    static Map<String, Object> status(JobStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "status");
        m.put("job_id", s.getJobId());
        m.put("kind", s.getKind());
        m.put("state", s.getState());
        m.put("previous_state", s.getPreviousState());
        m.put("message", s.getMessage());
        m.put("instance", s.getInstance());
        m.put("timestamp", s.getTimestamp().toString());
        return m;
    }

    static Map<String, Object> metric(TrainingMetric t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "metric");
        m.put("job_id", t.getJobId());
        m.put("phase", t.getPhase());
        m.put("step", t.getStep());
        m.put("epoch", t.getEpoch());
        m.put("metrics", t.getMetrics());
        m.put("timestamp", t.getTimestamp().toString());
        return m;
    }

    static Map<String, Object> job(String id, JobView.Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", id);
        TrainingJob spec = j.spec();
        m.put("kind", spec != null ? spec.getKind() : j.statuses().isEmpty() ? null : j.statuses().get(0).getKind());
        m.put("dataset", spec != null ? spec.getDataset() : null);
        m.put("snapshot_id", spec != null ? spec.getSnapshotId() : null);
        m.put("state", j.state());
        m.put("message", j.statuses().isEmpty() ? null : j.statuses().get(j.statuses().size() - 1).getMessage());
        m.put("submitted_at", spec != null ? spec.getSubmittedAt().toString() : null);
        m.put("instance", j.owner());
        return m;
    }
}
