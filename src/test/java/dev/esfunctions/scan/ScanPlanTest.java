package dev.esfunctions.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScanPlanTest {

    private static final long PER_SLICE = 100_000;

    @Test
    void aSmallIndexIsOneSlice() {
        assertEquals(1, ScanPlan.sliceCount(0, 5, PER_SLICE, 16));
        assertEquals(1, ScanPlan.sliceCount(99_999, 5, PER_SLICE, 16));
    }

    @Test
    void theDocumentsSetTheCountWithinTheLimit() {
        assertEquals(4, ScanPlan.sliceCount(400_000, 1, PER_SLICE, 16));
        assertEquals(5, ScanPlan.sliceCount(400_001, 1, PER_SLICE, 16));
        assertEquals(16, ScanPlan.sliceCount(10_000_000, 1, PER_SLICE, 16));
    }

    @Test
    void moreSlicesThanShardsSplitEachShardIntoAsManyParts() {
        assertEquals(6, ScanPlan.sliceCount(700_000, 3, PER_SLICE, 16));
        assertEquals(15, ScanPlan.sliceCount(10_000_000, 5, PER_SLICE, 16));
        assertEquals(16, ScanPlan.sliceCount(10_000_000, 16, PER_SLICE, 16));
    }

    @Test
    void fewerSlicesThanShardsAreKeptAsMany() {
        assertEquals(4, ScanPlan.sliceCount(400_000, 6, PER_SLICE, 16));
        assertEquals(4, ScanPlan.sliceCount(400_000, 5, PER_SLICE, 16));
    }
}
