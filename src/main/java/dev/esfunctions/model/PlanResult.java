package dev.esfunctions.model;

import java.util.List;

/**
 * Output of {@code plan}: the documents the query matched when planned, the shards read, and each slice with the
 * cursor its first call continues from (given to {@code scan}, {@code copy} or {@code delete} with the same
 * {@code index}, {@code query} and {@code size}). The slices share one point-in-time, kept open while any slice
 * reads within {@code es-functions.scan.keep-alive}.
 */
public record PlanResult(long took, long documents, int shards, List<PlannedSlice> slices) {

    /** One slice; {@code slice} is null when the plan is a single unsliced scan. */
    public record PlannedSlice(Slice slice, String cursor) {
    }
}
