package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.TopicSpec;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.synthesis.DedupKeys;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes synthesised items to a dataset topic (compacted, created if missing), keyed like the
 * curation's datasets (the input+output dedup key), so a repeated synthesis replaces its items and
 * a trainer reads them like any dataset. Waits for every acknowledgement.
 */
final class SyntheticItems {

    private final TrainerKafka kafka;

    SyntheticItems(TrainerKafka kafka) {
        this.kafka = kafka;
    }

    void write(String dataset, List<TrajectoryItem> items) {
        TopicSpec spec = kafka.topics().dataset(dataset);
        TopicAdmin.ensure(kafka.admin(), List.of(spec));
        List<Future<RecordMetadata>> acks = new ArrayList<>(items.size());
        for (TrajectoryItem item : items) {
            acks.add(kafka.producer().send(new ProducerRecord<>(spec.name(),
                    DedupKeys.of(item, List.of("input", "output")), StepCodec.toStep(item, "synthesis", null))));
        }
        try {
            for (Future<RecordMetadata> a : acks) {
                a.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot write synthesised items to " + spec.name() + ": " + e.getMessage(), e);
        }
    }
}
