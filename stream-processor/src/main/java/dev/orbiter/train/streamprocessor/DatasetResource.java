package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.client.http.ServiceException;
import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.avro.PartitionOffset;
import dev.orbiter.train.client.auth.Access;
import dev.orbiter.train.client.auth.Role;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.client.dataset.SnapshotException;
import dev.orbiter.train.curation.CurationSettings;
import dev.orbiter.train.curation.DatasetDefinition;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dataset counters (from the topology's state stores, summed over every instance: {@link
 * ClusterCounts}) and snapshots.
 */
@Path("/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    @Inject
    CurationSettings settings;

    @Inject
    ClusterCounts counts;

    @Inject
    DatasetSnapshots snapshots;

    @Inject
    Caller caller;

    /**
     * Every dataset the caller sees with its counters; and, for an admin (or with authentication
     * off), the counters across tenants (dead letters, duplicate ids, rewards).
     */
    @GET
    public Map<String, Object> list() {
        ClusterCounts.Totals totals = counts.totals();
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (DatasetDefinition d : visible()) {
            datasets.add(describe(d, false, totals));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("datasets", datasets);
        if (caller.access().role() == Role.ADMIN) {
            out.put("shared", totals.shared());
        }
        coverage(out, totals);
        return out;
    }

    @GET
    @Path("{name}")
    public Map<String, Object> one(@PathParam("name") String name) {
        DatasetDefinition d = dataset(name);
        ClusterCounts.Totals totals = counts.totals();
        Map<String, Object> out = describe(d, true, totals);
        coverage(out, totals);
        return out;
    }

    /** How many instances the counts cover, and which did not answer (with the partitions they host). */
    private static void coverage(Map<String, Object> out, ClusterCounts.Totals totals) {
        out.put("instances", totals.instances());
        out.put("unreachable", totals.unreachable());
    }

    /**
     * Takes a snapshot now: the dataset's committed items frozen into the snapshot's own topic and
     * announced on the snapshots topic, in one transaction; answers once it is committed.
     */
    @POST
    @Path("{name}/snapshots")
    public Response snapshot(@PathParam("name") String name) {
        DatasetDefinition d = dataset(name);
        DatasetSnapshot s = snapshots.take(d.name(), d.topic(), settings.describe(d.name()));
        return Response.created(URI.create("/v1/datasets/" + d.name() + "/snapshots/" + s.getSnapshotId()))
                .entity(json(s)).build();
    }

    /** The dataset's snapshots that are not deleted, newest first. */
    @GET
    @Path("{name}/snapshots")
    public Map<String, Object> snapshots(@PathParam("name") String name) {
        DatasetDefinition d = dataset(name);
        return Map.of("dataset", d.name(), "snapshots", snapshots.list(d.name()).stream().map(DatasetResource::json).toList());
    }

    /** One snapshot; a deleted one says when it was deleted. */
    @GET
    @Path("{name}/snapshots/{id}")
    public Map<String, Object> snapshot(@PathParam("name") String name, @PathParam("id") String id) {
        return json(owned(dataset(name), id));
    }

    /** Deletes a snapshot and frees its storage; a job that reads it afterwards fails saying so. */
    @DELETE
    @Path("{name}/snapshots/{id}")
    public Map<String, Object> delete(@PathParam("name") String name, @PathParam("id") String id) {
        owned(dataset(name), id);
        return json(snapshots.delete(id));
    }

    private DatasetSnapshot owned(DatasetDefinition d, String id) {
        DatasetSnapshot s = snapshots.get(id);
        if (!s.getDataset().equals(d.name())) {
            throw new SnapshotException(id, SnapshotException.Reason.UNKNOWN, "no such snapshot of dataset " + d.name());
        }
        return s;
    }

    static Map<String, Object> json(DatasetSnapshot s) {
        List<Map<String, Object>> offsets = new ArrayList<>();
        for (PartitionOffset p : s.getEndOffsets()) {
            offsets.add(Map.of("partition", p.getPartition(), "offset", p.getOffset()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("snapshot_id", s.getSnapshotId());
        out.put("dataset", s.getDataset());
        out.put("topic", s.getTopic());
        out.put("end_offsets", offsets);
        out.put("item_count", s.getItemCount());
        out.put("digest", s.getDigest());
        out.put("storage_topic", s.getStorageTopic());
        out.put("created_at", s.getCreatedAt().toString());
        out.put("deleted_at", s.getDeletedAt() == null ? null : s.getDeletedAt().toString());
        out.put("curation_config", s.getCurationConfig());
        return out;
    }

    private Map<String, Object> describe(DatasetDefinition d, boolean withSettings, ClusterCounts.Totals totals) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        out.put("topic", d.topic());
        out.put("counts", totals.datasets().get(d.name()));
        if (withSettings) {
            out.put("settings", d.settings());
        }
        return out;
    }

    /** The datasets the caller sees: shared ones, and those bound to its tenant (an admin: all). */
    private List<DatasetDefinition> visible() {
        Access access = caller.access();
        return settings.datasets().stream().filter(d -> access.seesDataset(d.tenants())).toList();
    }

    /** The dataset, if the caller sees it: another tenant's dataset is not found, exactly like one that does not exist. */
    private DatasetDefinition dataset(String name) {
        return visible().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> ServiceException.notFound("no dataset named '" + name + "'; configured: "
                        + visible().stream().map(DatasetDefinition::name).toList()));
    }
}
