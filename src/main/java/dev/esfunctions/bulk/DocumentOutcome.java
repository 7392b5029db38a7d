package dev.esfunctions.bulk;

import dev.esfunctions.errors.ClusterFailure;
import dev.esfunctions.model.DocumentError;

/**
 * What became of one document: Elasticsearch's {@code result} (created, updated, noop, deleted, not_found) when it was
 * applied, or its error. {@code requestFailure} is the failure of the {@code _bulk} request that carried it, when the
 * whole request failed; {@code batch} numbers that request from 1 (0: never sent) and {@code attempts} counts how
 * often it was sent. {@code deadLetter} is what became of its dead letter, null when none was written (the run has
 * no dead-letter index, or the document was not refused for good).
 */
public record DocumentOutcome(String id, String result, DocumentError error, ClusterFailure requestFailure, int batch,
        int attempts, DeadLetter deadLetter) {

    /**
     * The dead letter of a document refused for good: acknowledged by the cluster when {@code failure} is null, else
     * why it is not in the dead-letter index (the document's own error stays in {@link #error()}).
     */
    public record DeadLetter(DocumentError failure) {

        public boolean written() {
            return failure == null;
        }
    }

    public DocumentOutcome(String id, String result, DocumentError error, ClusterFailure requestFailure, int batch,
            int attempts) {
        this(id, result, error, requestFailure, batch, attempts, null);
    }

    /** The error type of a document whose write may or may not have been applied. */
    public static final String OUTCOME_UNKNOWN = "outcome_unknown";

    public static DocumentOutcome rejected(DocumentError error) {
        return new DocumentOutcome(error.id(), null, error, null, 0, 0);
    }

    static DocumentOutcome notAttempted(String id) {
        return new DocumentOutcome(id, null, new DocumentError(id, 408, "not_attempted", "not sent: the request's "
                + "deadline (timeoutMs) passed before its batch started; send this document again"), null, 0, 0);
    }

    public boolean wholeRequestFailed() {
        return requestFailure != null;
    }

    /** Whether the cluster turned it down for being busy (429), alone or with its whole request. */
    boolean rejectedAsBusy() {
        return error != null && error.status() == 429;
    }

    DocumentOutcome afterAttempts(int attempts) {
        return new DocumentOutcome(id, result, error, requestFailure, batch, attempts, deadLetter);
    }

    /** The same document, with what became of its dead letter. */
    DocumentOutcome deadLettered(DeadLetter deadLetter) {
        return new DocumentOutcome(id, result, error, requestFailure, batch, attempts, deadLetter);
    }

    /** The same document, its write perhaps applied: the caller must read it back rather than guess. */
    DocumentOutcome unknown(int attempts) {
        return new DocumentOutcome(id, null, new DocumentError(id, 502, OUTCOME_UNKNOWN, "may have been written: "
                + error.reason() + "; read it back before sending it again"), requestFailure, batch, attempts);
    }
}
