package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Output of {@code upsert}: every input document is counted once, {@code succeeded + failed == total}. {@code errors}
 * lists at most the configured number of failures, and {@code errorsTruncated} says when it lists fewer than
 * {@code failed}. {@code retries} counts documents sent again after a 429 or an unavailable cluster; {@code batches}
 * the {@code _bulk} requests sent; {@code concurrency} how many were in flight. With a dead-letter index (only then
 * are they present), {@code deadLettered} counts the failed documents whose dead letter the cluster acknowledged,
 * {@code deadLetterFailed} those refused for good whose dead letter was not written, and {@code deadLetterErrors}
 * says why (as many as {@code errors} may list).
 */
public record UpsertResult(long took, int total, int succeeded, int failed, int created, int updated, int noop,
        int retries, int batches, Concurrency concurrency, List<DocumentError> errors, boolean errorsTruncated,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer deadLettered,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer deadLetterFailed,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<DocumentError> deadLetterErrors) {
}
