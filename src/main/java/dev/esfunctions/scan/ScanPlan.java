package dev.esfunctions.scan;

import java.util.List;

/**
 * How a scan is split: the documents its query matched when planned, the shards it reads, and where each slice
 * starts (one position each, all through one point-in-time; a single unsliced position when one is enough).
 */
public record ScanPlan(long documents, int shards, List<ScanPosition> slices) {

    /**
     * As many slices as the documents fill at {@code documentsPerSlice} each, at most {@code maxSlices}. With more
     * slices than shards the cluster splits each shard into parts ({@code max / shards}, the first ones one more):
     * the count is rounded down to a multiple of the shards, so that the slices are of one size. With fewer, each
     * slice reads whole shards ({@code s % max == id}), some one more than others, which costs less than fewer slices.
     */
    public static int sliceCount(long documents, int shards, long documentsPerSlice, int maxSlices) {
        int count = (int) Math.max(1, Math.min(maxSlices, (documents + documentsPerSlice - 1) / documentsPerSlice));
        return shards > 1 && count > shards ? count - count % shards : count;
    }
}
