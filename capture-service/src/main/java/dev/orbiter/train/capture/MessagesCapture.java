package dev.orbiter.train.capture;

import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.CapturedCallKind;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.capture.TrajectoryEmitter.Emitted;
import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * How a {@code POST /v1/messages} object becomes a step without any replica keeping a counter
 * (two replicas would both start at 0): a request with the client's {@code step} is that step at
 * once; one without is sent as a model call to {@code orbiter.captured-calls}, keyed by task, and
 * the curation's call assembly numbers the task's calls per agent in the order they arrived, after
 * the steps already written, once the task is quiet ({@code orbiter.curation.calls.close-after}),
 * as it does for the gateway's calls. A client {@code id} makes a retry the same step.
 */
final class MessagesCapture {

    private MessagesCapture() {
    }

    static CompletionStage<Emitted> send(TrajectoryEmitter emitter, CaptureRequests.MessagesRequest m, String tenant) {
        TrajectoryItem built = emitter.build(m.messages(), m.taskId(), m.agentId(), m.step() == null ? 0 : m.step(),
                m.options());
        TrajectoryItem item = m.id() == null ? built : built.toBuilder().id(m.id()).build();
        if (m.step() != null) {
            return emitter.emit(item, tenant);
        }
        CapturedCall call = CapturedCall.newBuilder().setId(item.id()).setKind(CapturedCallKind.MODEL_CALL)
                .setTaskId(item.taskId()).setAgentId(item.agentId()).setStartTime(Instant.now())
                .setStep(StepCodec.toStep(item, "messages", tenant)).build();
        return emitter.emitCalls(java.util.List.of(call)).thenApply(sent -> sent.get(0));
    }
}
