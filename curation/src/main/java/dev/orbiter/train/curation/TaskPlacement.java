package dev.orbiter.train.curation;

import static dev.orbiter.train.curation.CurationNames.IN_PLACE_BRANCH;
import static dev.orbiter.train.curation.CurationNames.MISPLACED_BRANCH;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * A raw input topic as the reward join needs it, whatever partitioner its producers used:
 * <pre>
 * &lt;role&gt;-source ─▶ &lt;role&gt;-placement ─┬─ in place ───────────────────────────────────┬─▶ &lt;role&gt;-by-task-merge
 *                                  └─ misplaced ─▶ &lt;role&gt;-by-task (repartition, murmur2) ┘
 * </pre>
 * The repartition topic has the steps topic's partition count, so task p of the join reads exactly
 * the tasks whose id murmur2 maps to p, from either path.
 */
final class TaskPlacement {

    private TaskPlacement() {
    }

    /** The topic's records, each on its task's partition; {@code source} names the source node, {@code role} the rest. */
    static KStream<String, byte[]> byTask(StreamsBuilder b, String topic, String source, String role, int partitions) {
        Map<String, KStream<String, Placed>> placed = b.stream(topic,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(source))
                .process(() -> new PlacementProcessor(partitions), Named.as(CurationNames.placement(role)))
                .split(Named.as(CurationNames.placementSplit(role)))
                .branch((k, v) -> v.inPlace(), Branched.as(IN_PLACE_BRANCH))
                .defaultBranch(Branched.as(MISPLACED_BRANCH));
        KStream<String, byte[]> inPlace = placed.get(CurationNames.placementSplit(role) + IN_PLACE_BRANCH)
                .mapValues(Placed::value, Named.as(CurationNames.placementSplit(role) + IN_PLACE_BRANCH + "-value"));
        KStream<String, byte[]> moved = placed.get(CurationNames.placementSplit(role) + MISPLACED_BRANCH)
                .mapValues(Placed::value, Named.as(CurationNames.placementSplit(role) + MISPLACED_BRANCH + "-value"))
                .repartition(Repartitioned.<String, byte[]>as(CurationNames.byTask(role))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray())
                        .withNumberOfPartitions(partitions).withStreamPartitioner(new TaskPartitioner()));
        return inPlace.merge(moved, Named.as(CurationNames.byTask(role) + "-merge"));
    }
}
