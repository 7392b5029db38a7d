package dev.esfunctions.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.SearchResult;

/**
 * What a search answer says it left out: the shards that failed ({@code _shards}), and the clusters of a
 * cross-cluster search that did not answer whole ({@code _clusters}). The second is said nowhere else: a remote
 * cluster skipped as unreachable ({@code skip_unavailable}) leaves {@code _shards.failed} at 0, its shards being
 * counted in no total, and a point-in-time opened without it never reads it on any page.
 */
public final class PartialAnswers {

    /** The statuses Elasticsearch gives a cluster that did not answer whole. */
    private static final Set<String> INCOMPLETE = Set.of("skipped", "partial", "failed");
    /** A cluster's failures listed in a reason; the rest are counted. */
    private static final int LISTED = 3;

    private PartialAnswers() {
    }

    /** The shard counts and failures, when any shard failed; null otherwise. */
    public static SearchResult.Shards shards(JsonNode shards) {
        if (shards.path("failed").asInt() == 0) {
            return null;
        }
        return new SearchResult.Shards(shards.path("total").asInt(), shards.path("successful").asInt(),
                shards.path("skipped").asInt(), shards.path("failed").asInt(), failures(shards.path("failures")));
    }

    /**
     * The cluster counts and each cluster that did not answer whole (skipped, partial or failed), when any did; null
     * when every cluster answered whole, or the search reached no remote cluster ({@code _clusters} absent).
     */
    public static SearchResult.Clusters clusters(JsonNode clusters) {
        int skipped = clusters.path("skipped").asInt();
        int partial = clusters.path("partial").asInt();
        int failed = clusters.path("failed").asInt();
        if (skipped + partial + failed == 0) {
            return null;
        }
        List<SearchResult.Cluster> incomplete = new ArrayList<>();
        for (Map.Entry<String, JsonNode> cluster : clusters.path("details").properties()) {
            JsonNode details = cluster.getValue();
            String status = details.path("status").asText(null);
            if (INCOMPLETE.contains(status)) {
                incomplete.add(new SearchResult.Cluster(cluster.getKey(), status, details.path("indices").asText(null),
                        failures(details.path("failures"))));
            }
        }
        return new SearchResult.Clusters(clusters.path("total").asInt(), clusters.path("successful").asInt(),
                skipped, partial, failed, incomplete);
    }

    /**
     * A read refused because {@code clusters} did not all answer whole: {@code reading} says what was read,
     * {@code then} what became of it and what to do.
     */
    public static FunctionException refusal(String reading, SearchResult.Clusters clusters, String then) {
        return new FunctionException(502, "remote_cluster_failures", reading + ": "
                + (clusters.skipped() + clusters.partial() + clusters.failed()) + " of " + clusters.total()
                + " clusters did not answer whole (" + describe(clusters.incomplete()) + "); " + then);
    }

    /** Each cluster, its status and its failures, in a line; a cluster's failures after the first few are counted. */
    private static String describe(List<SearchResult.Cluster> clusters) {
        List<String> described = new ArrayList<>();
        for (SearchResult.Cluster cluster : clusters) {
            List<String> failures = new ArrayList<>();
            for (SearchResult.ShardFailure failure : cluster.failures()) {
                if (failures.size() == LISTED) {
                    failures.add("and " + (cluster.failures().size() - LISTED) + " more");
                    break;
                }
                failures.add((failure.index() == null ? "" : failure.index() + "[" + failure.shard() + "]: ")
                        + failure.type() + ": " + failure.reason());
            }
            described.add(cluster.cluster() + " " + cluster.status()
                    + (failures.isEmpty() ? "" : ": " + String.join(", ", failures)));
        }
        return described.isEmpty() ? "the cluster did not name them" : String.join("; ", described);
    }

    /** Failures on shards, or of a whole cluster (no index, and shard -1, in Elasticsearch's answer). */
    private static List<SearchResult.ShardFailure> failures(JsonNode failures) {
        List<SearchResult.ShardFailure> read = new ArrayList<>();
        for (JsonNode failure : failures) {
            JsonNode shard = failure.path("shard");
            JsonNode reason = failure.path("reason");
            read.add(new SearchResult.ShardFailure(failure.path("index").asText(null),
                    shard.isInt() && shard.asInt() >= 0 ? shard.asInt() : null, reason.path("type").asText(null),
                    reason.path("reason").asText(null)));
        }
        return read;
    }
}
