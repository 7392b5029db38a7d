package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Output of {@code search}; {@code total} is absent when {@code trackTotalHits} is false. When some shards failed,
 * the hits are only those of the others, and {@code shards} says which failed and why; {@code timedOut} is present,
 * and true, when the cluster stopped the search at its timeout with what it had.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResult(long took, Total total, List<Hit> hits, RawJson aggregations, Shards shards,
        Boolean timedOut) {

    public record Total(long value, String relation) {
    }

    /** {@code score} is absent when sorting by a field, {@code sort} when not sorting, {@code source} when excluded. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hit(String index, String id, Double score, RawJson source, RawJson sort) {
    }

    /** The shards searched, and each failure: its index and shard, and Elasticsearch's type and reason. */
    public record Shards(int total, int successful, int skipped, int failed, List<ShardFailure> failures) {
    }

    public record ShardFailure(String index, int shard, String type, String reason) {
    }
}
