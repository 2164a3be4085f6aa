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
 * published before the restart: each (job, step) has one metric event. A metric event that cannot
 * be written after {@link #METRIC_ATTEMPTS} sends fails the job at its next event, with the reason.
 */
final class KafkaJobEvents implements JobEvents {

    private static final Logger LOG = Logger.getLogger(KafkaJobEvents.class);
    /** Sends of one metric event before it counts as lost (each lasts the producer's delivery timeout). */
    static final int METRIC_ATTEMPTS = 3;

    private final String jobId;
    private final String kind;
    private final TrainerKafka kafka;
    private final long trainStepFloor;
    private final java.util.function.BooleanSupplier stopping;
    private final String instance;
    private String last;
    private Instant startedAt;
    /** Why a metric event could not be written after every attempt; the job's next event fails the job with it. */
    private volatile String lostMetric;

    KafkaJobEvents(String jobId, String kind, TrainerKafka kafka, String lastState, long trainStepFloor,
                   java.util.function.BooleanSupplier stopping, String instance) {
        this.stopping = stopping;
        this.instance = instance;
        this.jobId = jobId;
        this.kind = kind;
        this.kafka = kafka;
        this.last = lastState;
        this.trainStepFloor = trainStepFloor;
    }

    /**
     * Asks the instance running the job to cancel it: a status of the unchanged state, naming that
     * instance ({@code runner}), with {@code cancel_requested}; acknowledged before it returns.
     */
    synchronized void requestCancel(String runner, String message) {
        JobStatus s = JobStatus.newBuilder().setJobId(jobId).setKind(kind).setState(last).setPreviousState(last)
                .setMessage(message).setTimestamp(Instant.now()).setInstance(runner).setCancelRequested(true).build();
        try {
            kafka.producer().send(new ProducerRecord<>(kafka.topics().trainingStatus().name(), jobId, s)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish the cancel request of job " + jobId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the cancel request of job " + jobId, e);
        }
    }

    @Override
    public synchronized void status(String state, String message) {
        if (!"failed".equals(state)) {
            failIfAMetricWasLost();
        }
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
                .setFinishedAt(JobView.TERMINAL.contains(state) ? now : null).setInstance(instance).build();
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
        failIfAMetricWasLost();
        TrainingMetric m = TrainingMetric.newBuilder().setJobId(jobId).setPhase(phase).setStep(step).setEpoch(epoch)
                .setMetrics(metrics).setTimestamp(Instant.now()).build();
        send(m, 1);
    }

    /**
     * Sends without waiting (a job publishes many metrics); a send the producer gave up on is sent
     * again, up to {@link #METRIC_ATTEMPTS} times, and then recorded as lost.
     */
    private void send(TrainingMetric m, int attempt) {
        kafka.producer().send(new ProducerRecord<>(kafka.topics().trainingMetrics().name(), jobId, m), (md, e) -> {
            if (e == null) {
                return;
            }
            if (attempt < METRIC_ATTEMPTS) {
                LOG.warnf("metric event of job %s step %d not written (attempt %d): %s; sending again", jobId, m.getStep(),
                        attempt, e.toString());
                send(m, attempt + 1);
            } else {
                LOG.errorf(e, "metric event of job %s step %d not written after %d attempts", jobId, m.getStep(), attempt);
                lostMetric = "the metric event of " + m.getPhase() + " step " + m.getStep() + " could not be written after "
                        + attempt + " attempts: " + e.getMessage();
            }
        });
    }

    /** A job whose metrics cannot be written must not go on as if they were: it fails, saying why. */
    private void failIfAMetricWasLost() {
        String lost = lostMetric;
        if (lost != null) {
            throw new IllegalStateException(lost);
        }
    }

    String lastState() {
        return last;
    }
}
