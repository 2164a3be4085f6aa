package dev.orbiter.train.streamprocessor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.curation.CurationSettings;
import dev.orbiter.train.curation.DatasetDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The counters of the whole topology, whichever instance is asked: this instance's stores plus
 * each peer's ({@code GET /internal/counts} at the address it advertises as
 * {@code application.server}, found in Kafka Streams' metadata), summed. A peer that does not
 * answer is named with the partitions it hosts, instead of being silently left out of the sums.
 */
@ApplicationScoped
public class ClusterCounts {

    /** What every instance's counters add up to, and which instances were not counted. */
    public record Totals(Map<String, Map<String, Long>> datasets, Map<String, Long> shared, int instances,
                         List<Map<String, Object>> unreachable) {
    }

    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);
    private static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() { };

    @Inject
    KafkaStreams streams;

    @Inject
    LiveCounts local;

    @Inject
    CurationSettings settings;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka-streams.application.server")
    String self;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();

    /** This instance's own counters: what {@code /internal/counts} answers to a peer. */
    public Map<String, Object> localView() {
        Map<String, Object> datasets = new LinkedHashMap<>();
        for (DatasetDefinition d : settings.datasets()) {
            datasets.put(d.name(), local.dataset(d.name()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("datasets", datasets);
        out.put("shared", local.shared());
        return out;
    }

    /** Every instance's counters summed; throws as {@link LiveCounts} does while this instance's stores are not queryable. */
    public Totals totals() {
        Map<String, Map<String, Long>> datasets = new LinkedHashMap<>();
        Map<String, Long> shared = new TreeMap<>();
        add(localView(), datasets, shared);
        int instances = 1;
        List<Map<String, Object>> unreachable = new ArrayList<>();
        for (StreamsMetadata peer : streams.metadataForAllStreamsClients()) {
            if (isSelf(peer.hostInfo())) {
                continue;
            }
            try {
                add(fetch(peer.hostInfo()), datasets, shared);
                instances++;
            } catch (IOException | RuntimeException e) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("instance", peer.hostInfo().host() + ":" + peer.hostInfo().port());
                u.put("reason", e.toString());
                TreeSet<String> parts = new TreeSet<>();
                peer.topicPartitions().forEach(tp -> parts.add(tp.topic() + "-" + tp.partition()));
                u.put("partitions", List.copyOf(parts));
                unreachable.add(u);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking " + peer.hostInfo() + " for its counters", e);
            }
        }
        return new Totals(datasets, shared, instances, unreachable);
    }

    private Map<String, Object> fetch(HostInfo peer) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://" + peer.host() + ":" + peer.port()
                + "/internal/counts")).timeout(PEER_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("answered " + r.statusCode() + " (its stores may be restoring)");
        }
        return json.readValue(r.body(), JSON_MAP);
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> view, Map<String, Map<String, Long>> datasets, Map<String, Long> shared) {
        ((Map<String, Map<String, Object>>) view.get("datasets")).forEach((name, counts) -> {
            Map<String, Long> into = datasets.computeIfAbsent(name, k -> new LinkedHashMap<>());
            counts.forEach((k, v) -> into.merge(k, ((Number) v).longValue(), Long::sum));
        });
        ((Map<String, Object>) view.get("shared")).forEach((k, v) -> shared.merge(k, ((Number) v).longValue(), Long::sum));
    }

    private boolean isSelf(HostInfo host) {
        return self.equals(host.host() + ":" + host.port());
    }
}
