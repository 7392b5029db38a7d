package dev.esfunctions.model;

import java.util.List;

/** Input of {@code delete}; the tuning fields are those of {@link UpsertRequest}. */
public record DeleteRequest(
        String index,
        List<String> ids,
        Refresh refresh,
        Integer batchSize,
        Long batchBytes,
        Integer concurrency,
        Long timeoutMs) {
}
