package dev.esfunctions.model;

import java.util.List;

/** Output of {@code upsert}: every input document is counted once, {@code succeeded + failed == total}. */
public record UpsertResult(long took, int total, int succeeded, int failed, int created, int updated, int noop,
        List<DocumentError> errors) {
}
