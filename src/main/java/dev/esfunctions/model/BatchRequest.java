package dev.esfunctions.model;

import java.util.List;

/**
 * Input of {@code batch}: operations run concurrently, each an object with exactly one field naming its function.
 * {@code timeoutMs} is the batch's deadline: an operation not started by then is not attempted.
 */
public record BatchRequest(List<Operation> operations, Long timeoutMs) {

    public record Operation(SearchRequest search, UpsertRequest upsert, DeleteRequest delete, ScanRequest scan,
            CopyRequest copy) {
    }
}
