package dev.esfunctions.model;

import java.util.List;

/** Output of {@code scan}: one page of hits and the cursor of the next, null after the last page. */
public record ScanResult(long took, List<SearchResult.Hit> hits, String cursor) {
}
