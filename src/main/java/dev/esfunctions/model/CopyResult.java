package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Output of {@code copy}: {@code read} documents this call, {@code written + failed == read}; {@code cursor} continues
 * the copy, null when it is complete; {@code concurrency} is how many {@code _bulk} requests were in flight. With a
 * dead-letter index, {@code deadLettered}, {@code deadLetterFailed} and {@code deadLetterErrors} as in
 * {@link UpsertResult}.
 */
public record CopyResult(long took, int read, int written, int failed, int retries, int batches,
        Concurrency concurrency, List<DocumentError> errors, boolean errorsTruncated, String cursor,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer deadLettered,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer deadLetterFailed,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<DocumentError> deadLetterErrors) {
}
