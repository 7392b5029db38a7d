package dev.esfunctions.model;

import java.util.List;

/**
 * Output of {@code copy}: {@code read} documents this call, {@code written + failed == read}; {@code cursor} continues
 * the copy, null when it is complete.
 */
public record CopyResult(long took, int read, int written, int failed, int retries, int batches,
        List<DocumentError> errors, boolean errorsTruncated, String cursor) {
}
