package dev.esfunctions.model;

import java.util.List;

/** Input of {@code batch}: operations run concurrently, each an object with exactly one field naming its function. */
public record BatchRequest(List<Operation> operations) {

    public record Operation(SearchRequest search, UpsertRequest upsert, DeleteRequest delete, ScanRequest scan,
            CopyRequest copy) {
    }
}
