package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * Input of {@code batch}: operations run concurrently, each an object with exactly one field naming its function.
 * {@code timeoutMs} is the batch's deadline: an operation not started by then is not attempted.
 * {@code deadLetterIndex} is the dead-letter index of its upsert and copy operations that name none.
 */
@JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record BatchRequest(List<Operation> operations, Long timeoutMs, String deadLetterIndex) {

    @JsonFormat(without = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record Operation(SearchRequest search, UpsertRequest upsert, DeleteRequest delete, ScanRequest scan,
            CopyRequest copy) {
    }
}
