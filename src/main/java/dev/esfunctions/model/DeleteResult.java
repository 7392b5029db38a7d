package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Output of {@code delete}: every id, or every document the query matched, is counted once,
 * {@code deleted + notFound + conflicts + failed == total}. {@code conflicts} are documents that changed while
 * {@code _delete_by_query} ran, and were left alone. A delete by query that stopped at its deadline answers the
 * {@code cursor} that continues it (absent otherwise); {@code concurrency} is absent where no {@code _bulk} request
 * was sent by the function.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteResult(long took, int total, int deleted, int notFound, int conflicts, int failed, int retries,
        int batches, Concurrency concurrency, List<DocumentError> errors, boolean errorsTruncated, String cursor) {
}
