package dev.esfunctions.scan;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a scan stands: the point-in-time, the sort values of the last hit read, and what is scanned. It travels to
 * the caller as a cursor ({@link Cursors}), so that the function keeps no state between calls. {@code pitId} is null
 * before the point-in-time is opened, {@code after} before the first page has been read, {@code slice} when the
 * whole index is read. {@code sharedPit}: the point-in-time is read by other slices too (a plan opened it), so no
 * slice closes it; it expires by itself after its keep-alive.
 */
public record ScanPosition(String index, String pitId, JsonNode after, JsonNode query, JsonNode sort, JsonNode source,
        int size, ScanSlice slice, boolean sharedPit) {

    public static ScanPosition start(String index, JsonNode query, JsonNode sort, JsonNode source, int size,
            ScanSlice slice) {
        return new ScanPosition(index, null, null, query, sort, source, size, slice, false);
    }

    /** The same position, read through point-in-time {@code pitId}. */
    ScanPosition withPointInTime(String pitId) {
        return new ScanPosition(index, pitId, after, query, sort, source, size, slice, sharedPit);
    }

    /**
     * The start of {@code slice} through a point-in-time the plan opened: shared by the slices, or, when the plan
     * has one and {@code slice} is null, this scan's own.
     */
    ScanPosition sliceOf(String pitId, ScanSlice slice) {
        return new ScanPosition(index, pitId, null, query, sort, source, size, slice, slice != null);
    }

    ScanPosition after(String pitId, JsonNode lastSortValues) {
        return new ScanPosition(index, pitId, lastSortValues, query, sort, source, size, slice, sharedPit);
    }
}
