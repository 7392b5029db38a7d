package dev.esfunctions.elasticsearch;

import dev.esfunctions.model.DocumentError;

/**
 * What became of one document: Elasticsearch's {@code result} (created, updated, noop, deleted, not_found) when it was
 * applied, or its error. {@code wholeRequestFailed} marks an error of the {@code _bulk} request that carried it.
 */
public record DocumentOutcome(String id, String result, DocumentError error, boolean wholeRequestFailed) {

    static DocumentOutcome applied(String id, String result) {
        return new DocumentOutcome(id, result, null, false);
    }

    public static DocumentOutcome failed(DocumentError error) {
        return new DocumentOutcome(error.id(), null, error, false);
    }
}
