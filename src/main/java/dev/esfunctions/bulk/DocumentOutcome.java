package dev.esfunctions.bulk;

import dev.esfunctions.model.DocumentError;

/**
 * What became of one document: Elasticsearch's {@code result} (created, updated, noop, deleted, not_found) when it was
 * applied, or its error. {@code wholeRequestFailed} marks an error of the {@code _bulk} request that carried it;
 * {@code batch} numbers that request from 1 (0: never sent) and {@code attempts} counts how often it was sent.
 */
public record DocumentOutcome(String id, String result, DocumentError error, boolean wholeRequestFailed, int batch,
        int attempts) {

    public static DocumentOutcome rejected(DocumentError error) {
        return new DocumentOutcome(error.id(), null, error, false, 0, 0);
    }

    DocumentOutcome afterAttempts(int attempts) {
        return new DocumentOutcome(id, result, error, wholeRequestFailed, batch, attempts);
    }
}
