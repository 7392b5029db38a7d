package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Input of {@code delete}: either {@code ids}, or a {@code query} whose matches are deleted (an empty or match-all
 * query only with {@code allowMatchAll: true}). The tuning fields are those of {@link UpsertRequest}. A delete by
 * query that answered a {@code cursor} (it stopped at its deadline) is continued by the same request with it.
 */
@JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record DeleteRequest(
        String index,
        // a null id fails alone, as an empty one
        @JsonSetter(contentNulls = Nulls.SET)
        List<String> ids,
        JsonNode query,
        Boolean allowMatchAll,
        Refresh refresh,
        Integer batchSize,
        Long batchBytes,
        Integer concurrency,
        Boolean adaptiveConcurrency,
        Long timeoutMs,
        String cursor,
        Slice slice) {

    /** The same request with {@code timeoutMs}: a batch gives an operation no more time than it has left. */
    public DeleteRequest withTimeoutMs(Long timeoutMs) {
        return new DeleteRequest(index, ids, query, allowMatchAll, refresh, batchSize, batchBytes, concurrency,
                adaptiveConcurrency, timeoutMs, cursor, slice);
    }
}
