package dev.esfunctions.bulk;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.DocumentError;

/**
 * Counts outcomes so that each document is accounted for exactly once. Fed serially: by a Mutiny collect, or by a
 * fold over the tallies of a run's writes.
 */
public final class BulkTally {

    private final int maxReportedErrors;
    private final Map<String, Integer> results = new HashMap<>();
    private final List<DocumentError> errors = new ArrayList<>();
    private final BitSet batches = new BitSet();
    private DocumentError requestFailure;
    private int total;
    private int failed;
    private int retries;

    public BulkTally(int maxReportedErrors) {
        this.maxReportedErrors = maxReportedErrors;
    }

    /** Adds the counts of another tally of the same run (batch numbers are unique across a run). */
    public BulkTally add(BulkTally other) {
        total += other.total;
        failed += other.failed;
        retries += other.retries;
        batches.or(other.batches);
        other.results.forEach((result, count) -> results.merge(result, count, Integer::sum));
        for (DocumentError error : other.errors) {
            if (errors.size() < maxReportedErrors) {
                errors.add(error);
            }
        }
        if (requestFailure == null) {
            requestFailure = other.requestFailure;
        }
        return this;
    }

    void add(DocumentOutcome outcome) {
        total++;
        retries += Math.max(0, outcome.attempts() - 1);
        batches.set(outcome.batch());
        if (outcome.error() != null) {
            failed++;
            if (errors.size() < maxReportedErrors) {
                errors.add(outcome.error());
            }
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
        return total - failed;
    }

    public int failed() {
        return failed;
    }

    public int count(String result) {
        return results.getOrDefault(result, 0);
    }

    public int retries() {
        return retries;
    }

    /** {@code _bulk} requests sent (batch 0 stands for documents never sent). */
    public int batches() {
        return batches.cardinality() - (batches.get(0) ? 1 : 0);
    }

    public List<DocumentError> errors() {
        return errors;
    }

    public boolean errorsTruncated() {
        return errors.size() < failed;
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
