package dev.esfunctions.elasticsearch;

import java.util.List;

import dev.esfunctions.model.DocumentError;

/** A request's documents, split into the operations to send and those refused before sending. */
public record BulkInput(List<BulkOperation> operations, List<DocumentError> rejected) {
}
