package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Input of {@code delete}: either {@code ids}, or a {@code query} whose matches are deleted (an empty or match-all
 * query only with {@code allowMatchAll: true}). The tuning fields are those of {@link UpsertRequest}.
 */
public record DeleteRequest(
        String index,
        List<String> ids,
        JsonNode query,
        Boolean allowMatchAll,
        Refresh refresh,
        Integer batchSize,
        Long batchBytes,
        Integer concurrency,
        Long timeoutMs) {
}
