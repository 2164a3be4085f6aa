package dev.orbiter.train.curation;

import dev.orbiter.train.avro.CallTask;
import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * The Avro serdes of the topology, all in the Confluent wire format through one registry client:
 * sources, repartition topics, changelogs and dataset topics carry schema ids, so old records stay
 * readable after a schema evolves.
 */
public record CurationSerdes(Serde<TrajectoryStep> steps, Serde<RewardEvent> rewards, Serde<CapturedCall> calls,
                             Serde<CallTask> callTasks) {

    /** Serdes on a shared registry client; {@code configs} may set auto.register.schemas etc. */
    public static CurationSerdes of(SchemaRegistryClient registry, Map<String, ?> configs) {
        return new CurationSerdes(AvroSerde.specific(registry, TrajectoryStep.class, configs, false),
                AvroSerde.specific(registry, RewardEvent.class, configs, false),
                AvroSerde.specific(registry, CapturedCall.class, configs, false),
                AvroSerde.specific(registry, CallTask.class, configs, false));
    }

    /** Serdes with their own registry client from {@code schema.registry.url} and friends. */
    public static CurationSerdes fromConfig(Map<String, ?> configs) {
        return of(new SchemaRegistryClient(RegistryClientConfig.fromMap(configs)), configs);
    }
}
