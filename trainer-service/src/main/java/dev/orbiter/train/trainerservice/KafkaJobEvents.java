package dev.orbiter.train.trainerservice;

import dev.orbiter.train.avro.JobStatus;
import dev.orbiter.train.avro.TrainingMetric;
import dev.orbiter.train.trainerservice.jobs.JobEvents;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * A job's events on Kafka, keyed by job id: state changes on {@code orbiter.training.status}
 * (each acknowledged before the job goes on, so no state is ever lost), metrics on
 * {@code orbiter.training.metrics}. A resumed job does not publish again the training steps it
 * published before the restart: each (job, step) has one metric event.
 */
final class KafkaJobEvents implements JobEvents {

    private static final Logger LOG = Logger.getLogger(KafkaJobEvents.class);

    private final String jobId;
    private final String kind;
    private final TrainerKafka kafka;
    private final long trainStepFloor;
    private final java.util.function.BooleanSupplier stopping;
    private String last;
    private Instant startedAt;

    KafkaJobEvents(String jobId, String kind, TrainerKafka kafka, String lastState, long trainStepFloor,
                   java.util.function.BooleanSupplier stopping) {
        this.stopping = stopping;
        this.jobId = jobId;
        this.kind = kind;
        this.kafka = kafka;
        this.last = lastState;
        this.trainStepFloor = trainStepFloor;
    }

    @Override
    public synchronized void status(String state, String message) {
        if (stopping.getAsBoolean() && "failed".equals(state)) {
            LOG.infof("job %s interrupted by the service's shutdown; it is recovered at the next start", jobId);
            return;
        }
        Instant now = Instant.now();
        if ("training".equals(state) && startedAt == null) {
            startedAt = now;
        }
        JobStatus s = JobStatus.newBuilder().setJobId(jobId).setKind(kind).setState(state).setPreviousState(last)
                .setMessage(message).setTimestamp(now).setStartedAt(startedAt)
                .setFinishedAt(JobView.TERMINAL.contains(state) ? now : null).build();
        try {
            kafka.producer().send(new ProducerRecord<>(kafka.topics().trainingStatus().name(), jobId, s))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish state " + state + " of job " + jobId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // a cancel: the state is still sent, just not awaited
        }
        LOG.infof("job %s: %s -> %s%s", jobId, last, state, message == null ? "" : " (" + message + ")");
        last = state;
    }

    @Override
    public void metrics(String phase, long step, int epoch, Map<String, Double> metrics) {
        if ("train".equals(phase) && step <= trainStepFloor) {
            return; // published before the restart this run resumed from
        }
        TrainingMetric m = TrainingMetric.newBuilder().setJobId(jobId).setPhase(phase).setStep(step).setEpoch(epoch)
                .setMetrics(metrics).setTimestamp(Instant.now()).build();
        kafka.producer().send(new ProducerRecord<>(kafka.topics().trainingMetrics().name(), jobId, m), (md, e) -> {
            if (e != null) {
                LOG.errorf(e, "metric event of job %s step %d was not written", jobId, step);
            }
        });
    }

    String lastState() {
        return last;
    }
}
