package dev.orbiter.train.curation;

import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.CapturedCallKind;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;

/** The checks a decoded record must pass to be curated; each returns the problem, or null. */
final class Validation {

    private Validation() {
    }

    static String step(TrajectoryStep s) {
        if (s.getId() == null || s.getId().isBlank()) {
            return "id is blank";
        }
        if (s.getTaskId() == null || s.getTaskId().isBlank()) {
            return "task_id is blank";
        }
        if (s.getStep() < 0) {
            return "step is negative (" + s.getStep() + ")";
        }
        if (s.getScore() != null && !Double.isFinite(s.getScore())) {
            return "score is not finite (" + s.getScore() + ")";
        }
        return null;
    }

    static String reward(RewardEvent r) {
        if (r.getTaskId() == null || r.getTaskId().isBlank()) {
            return "task_id is blank (rewards are joined within their task's partition)";
        }
        boolean byId = r.getStepId() != null && !r.getStepId().isBlank();
        boolean byCounter = r.getAgentId() != null && r.getStep() != null;
        if (!byId && !byCounter) {
            return "names no step: set step_id, or agent_id and step";
        }
        if (!Double.isFinite(r.getValue())) {
            return "value is not finite (" + r.getValue() + ")";
        }
        return null;
    }

    static String call(CapturedCall c) {
        if (c.getId().isBlank()) {
            return "id is blank";
        }
        if (c.getTaskId().isBlank()) {
            return "task_id is blank";
        }
        if (c.getKind() == CapturedCallKind.MODEL_CALL) {
            if (c.getStep() == null) {
                return "a MODEL_CALL carries no step";
            }
            if (!c.getStep().getTaskId().equals(c.getTaskId())) {
                return "the step's task_id (" + c.getStep().getTaskId() + ") is not the call's (" + c.getTaskId() + ")";
            }
            return step(c.getStep());
        }
        return null;
    }
}
