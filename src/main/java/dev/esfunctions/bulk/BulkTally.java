package dev.esfunctions.bulk;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.esfunctions.errors.Failures;
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
    private final List<DocumentError> deadLetterErrors = new ArrayList<>();
    private final BitSet batches = new BitSet();
    private DocumentOutcome requestFailure;
    private int total;
    private int failed;
    private int unknown;
    private int deadLettered;
    private int deadLetterFailed;
    private int retries;
    private int lowestConcurrency;
    private int finalConcurrency;

    public BulkTally(int maxReportedErrors) {
        this.maxReportedErrors = maxReportedErrors;
    }

    void add(DocumentOutcome outcome) {
        total++;
        retries += Math.max(0, outcome.attempts() - 1);
        batches.set(outcome.batch());
        if (outcome.error() != null) {
            failed++;
            if (DocumentOutcome.OUTCOME_UNKNOWN.equals(outcome.error().type())) {
                unknown++;
            }
            addUpTo(errors, outcome.error());
            if (outcome.wholeRequestFailed() && requestFailure == null) {
                requestFailure = outcome;
            }
            if (outcome.deadLetter() != null) {
                if (outcome.deadLetter().written()) {
                    deadLettered++;
                } else {
                    deadLetterFailed++;
                    addUpTo(deadLetterErrors, outcome.deadLetter().failure());
                }
            }
        } else {
            results.merge(outcome.result(), 1, Integer::sum);
        }
    }

    /** Adds the counts of a tally of the same run (batch numbers are unique across a run), added after this one. */
    public BulkTally add(BulkTally other) {
        total += other.total;
        failed += other.failed;
        unknown += other.unknown;
        deadLettered += other.deadLettered;
        deadLetterFailed += other.deadLetterFailed;
        retries += other.retries;
        batches.or(other.batches);
        other.results.forEach((result, count) -> results.merge(result, count, Integer::sum));
        other.errors.forEach(error -> addUpTo(errors, error));
        other.deadLetterErrors.forEach(error -> addUpTo(deadLetterErrors, error));
        if (requestFailure == null) {
            requestFailure = other.requestFailure;
        }
        lowestConcurrency = lowestConcurrency == 0 ? other.lowestConcurrency
                : Math.min(lowestConcurrency, other.lowestConcurrency);
        finalConcurrency = other.finalConcurrency;
        return this;
    }

    private void addUpTo(List<DocumentError> list, DocumentError error) {
        if (list.size() < maxReportedErrors) {
            list.add(error);
        }
    }

    /** The run's concurrency when this tally was taken: the lowest it fell to, and where it stands. */
    BulkTally concurrency(int lowest, int current) {
        this.lowestConcurrency = lowest;
        this.finalConcurrency = current;
        return this;
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

    /** Failed documents whose write may have been applied ({@code outcome_unknown}). */
    public int unknown() {
        return unknown;
    }

    /** Failed documents whose dead letter the cluster acknowledged: at most {@link #failed()}. */
    public int deadLettered() {
        return deadLettered;
    }

    /** Documents refused for good whose dead letter was not written (they stay failed, with their own errors). */
    public int deadLetterFailed() {
        return deadLetterFailed;
    }

    /** Why dead letters were not written: at most the configured number, one per document, named by its id. */
    public List<DocumentError> deadLetterErrors() {
        return deadLetterErrors;
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

    public int lowestConcurrency() {
        return lowestConcurrency;
    }

    public int finalConcurrency() {
        return finalConcurrency;
    }

    public List<DocumentError> errors() {
        return errors;
    }

    public boolean errorsTruncated() {
        return errors.size() < failed;
    }

    /**
     * When no document landed because the cluster refused or could not take the requests, that is the caller's error
     * (503 for an unreachable cluster, say), not a 200 listing the same failure for every document. Not when some
     * may have landed: their outcome is unknown, and each is listed as such. Null when something landed.
     */
    public FunctionException landedNothing() {
        return succeeded() == 0 && requestFailure != null && unknown == 0
                ? Failures.map(requestFailure.requestFailure()) : null;
    }

    /** This tally, unless {@link #landedNothing() nothing landed}. */
    public BulkTally requireSomethingLanded() {
        FunctionException failure = landedNothing();
        if (failure != null) {
            throw failure;
        }
        return this;
    }
}
