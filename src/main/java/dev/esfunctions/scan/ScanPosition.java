package dev.esfunctions.scan;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a scan stands: the point-in-time, the sort values of the last hit read, and what is scanned. It travels to
 * the caller as a cursor ({@link Cursors}), so that the function keeps no state between calls. {@code pitId} is null
 * before the point-in-time is opened, {@code after} before the first page has been read.
 */
public record ScanPosition(String index, String pitId, JsonNode after, JsonNode query, JsonNode sort, JsonNode source,
        int size) {

    public static ScanPosition start(String index, JsonNode query, JsonNode sort, JsonNode source, int size) {
        return new ScanPosition(index, null, null, query, sort, source, size);
    }

    /** The same position, read through point-in-time {@code pitId}. */
    ScanPosition withPointInTime(String pitId) {
        return new ScanPosition(index, pitId, after, query, sort, source, size);
    }

    ScanPosition after(String pitId, JsonNode lastSortValues) {
        return new ScanPosition(index, pitId, lastSortValues, query, sort, source, size);
    }
}
