package dev.esfunctions.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.esfunctions.errors.ErrorResponse;

/** Output of {@code batch}: one item per operation, in input order, holding its result or its own error. */
public record BatchResult(long took, List<Item> results) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(SearchResult search, UpsertResult upsert, DeleteResult delete, ScanResult scan, CopyResult copy,
            ErrorResponse.Detail error) {
    }
}
