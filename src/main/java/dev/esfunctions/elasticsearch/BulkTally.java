package dev.esfunctions.elasticsearch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.DocumentError;

/** Counts outcomes so that each document is accounted for exactly once. Fed serially by a Mutiny collect. */
public final class BulkTally {

    private final Map<String, Integer> results = new HashMap<>();
    private final List<DocumentError> errors = new ArrayList<>();
    private DocumentError requestFailure;
    private int total;

    public void add(DocumentOutcome outcome) {
        total++;
        if (outcome.error() != null) {
            errors.add(outcome.error());
            if (outcome.wholeRequestFailed() && requestFailure == null) {
                requestFailure = outcome.error();
            }
        } else {
            results.merge(outcome.result(), 1, Integer::sum);
        }
    }

    public int total() {
        return total;
    }

    public int succeeded() {
        return total - errors.size();
    }

    public int failed() {
        return errors.size();
    }

    public int count(String result) {
        return results.getOrDefault(result, 0);
    }

    public List<DocumentError> errors() {
        return errors;
    }

    /**
     * When no document landed because the cluster refused or could not take the requests, that is the caller's error
     * (503 for an unreachable cluster, say), not a 200 listing the same failure for every document.
     */
    public BulkTally requireSomethingLanded() {
        if (succeeded() == 0 && requestFailure != null) {
            throw new FunctionException(requestFailure.status(), requestFailure.type(), requestFailure.reason());
        }
        return this;
    }
}
