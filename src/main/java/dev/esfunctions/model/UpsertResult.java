package dev.esfunctions.model;

import java.util.List;

/**
 * Output of {@code upsert}: every input document is counted once, {@code succeeded + failed == total}. {@code errors}
 * lists at most the configured number of failures, and {@code errorsTruncated} says when it lists fewer than
 * {@code failed}. {@code retries} counts documents sent again after a 429 or an unavailable cluster; {@code batches}
 * the {@code _bulk} requests sent; {@code concurrency} how many were in flight.
 */
public record UpsertResult(long took, int total, int succeeded, int failed, int created, int updated, int noop,
        int retries, int batches, Concurrency concurrency, List<DocumentError> errors, boolean errorsTruncated) {
}
