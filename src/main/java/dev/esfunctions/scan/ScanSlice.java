package dev.esfunctions.scan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Slice {@code id} of {@code max} of a point-in-time search: the cluster splits the documents into {@code max}
 * disjoint parts (by shard first, then by document within a shard), so that the slices, read to their ends, visit
 * every document once, and each can be read by its own sequence of calls.
 */
public record ScanSlice(int id, int max) {

    /** Elasticsearch's own bound on slices of one point-in-time ({@code index.max_slices_per_scroll}). */
    public static final int MAX_SLICES = 1024;

    /** {@code {"id": ..., "max": ...}}, as a search, a {@code _delete_by_query} and a cursor take it. */
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("max", max);
    }
}
