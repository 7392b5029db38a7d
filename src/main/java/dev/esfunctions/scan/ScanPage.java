package dev.esfunctions.scan;

import java.util.List;

import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.search.Hit;

/**
 * One page of a scan, read from {@code position}: its hits, as Elasticsearch answered them, and where the next page
 * starts ({@code next}, null after the last page). Or, when the page could not be read whole, the {@code failure}
 * (no hits then): it carries a cursor that retries this page when retrying can help, and none otherwise.
 */
public record ScanPage(ScanPosition position, List<Hit> hits, ScanPosition next, FunctionException failure) {

    static ScanPage failed(ScanPosition position, FunctionException failure) {
        return new ScanPage(position, List.of(), null, failure);
    }

    /** Whether this page hands a cursor back: the next page's, or the one that retries this page. */
    public boolean handsBackCursor() {
        return next != null || failure != null && failure.cursor() != null;
    }
}
