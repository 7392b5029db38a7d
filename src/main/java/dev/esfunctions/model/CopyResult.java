package dev.esfunctions.model;

import java.util.List;

/**
 * Output of {@code copy}: {@code read} documents this call, {@code written + failed == read}; {@code cursor} continues
 * the copy, null when it is complete; {@code concurrency} is how many {@code _bulk} requests were in flight.
 */
public record CopyResult(long took, int read, int written, int failed, int retries, int batches,
        Concurrency concurrency, List<DocumentError> errors, boolean errorsTruncated, String cursor) {
}
