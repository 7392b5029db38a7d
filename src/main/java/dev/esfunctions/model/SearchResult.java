package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Output of {@code search}; {@code total} is absent when {@code trackTotalHits} is false. When some shards failed,
 * the hits are only those of the others, and {@code shards} says which failed and why; when a cross-cluster search
 * reached some clusters not at all or in part, the hits are only those of the others, and {@code clusters} says
 * which and why; {@code timedOut} is present, and true, when the cluster stopped the search at its timeout with what
 * it had.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResult(long took, Total total, List<Hit> hits, RawJson aggregations, Shards shards,
        Clusters clusters, Boolean timedOut) {

    public record Total(long value, String relation) {
    }

    /** {@code score} is absent when sorting by a field, {@code sort} when not sorting, {@code source} when excluded. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hit(String index, String id, Double score, RawJson source, RawJson sort) {
    }

    /** The shards searched, and each failure: its index and shard, and Elasticsearch's type and reason. */
    public record Shards(int total, int successful, int skipped, int failed, List<ShardFailure> failures) {
    }

    /** A failure on a shard; or, in a cluster's {@code failures}, of the whole cluster: then with no index or shard. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ShardFailure(String index, Integer shard, String type, String reason) {
    }

    /**
     * The clusters a cross-cluster search reached: how many answered whole, were skipped (unreachable, with
     * {@code skip_unavailable}), answered in part or failed; and each cluster that did not answer whole.
     */
    public record Clusters(int total, int successful, int skipped, int partial, int failed, List<Cluster> incomplete) {
    }

    /**
     * A cluster that did not answer whole: its alias ({@code (local)} for the cluster es-functions calls), the status
     * Elasticsearch gives it ({@code skipped}, {@code partial}, {@code failed}), the index expression it was asked,
     * and its failures.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cluster(String cluster, String status, String indices, List<ShardFailure> failures) {
    }
}
