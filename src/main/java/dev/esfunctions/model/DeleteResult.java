package dev.esfunctions.model;

import java.util.List;

/** Output of {@code delete}: every id is counted once, {@code deleted + notFound + failed == total}. */
public record DeleteResult(long took, int total, int deleted, int notFound, int failed, int retries, int batches,
        List<DocumentError> errors, boolean errorsTruncated) {
}
