package dev.esfunctions.bulk;

import dev.esfunctions.model.Refresh;

/**
 * How one bulk run cuts, sends and retries its {@code _bulk} requests. {@code concurrency} is the most requests in
 * flight, which {@code adaptiveConcurrency} lowers while the cluster rejects them as busy; {@code deadlineNanos} is a
 * {@link System#nanoTime()} after which no request starts; {@code pipeline} may be null, and so may
 * {@code deadLetters}, where the documents refused for good are written.
 */
public record BulkOptions(int batchSize, long batchBytes, int concurrency, boolean adaptiveConcurrency, Refresh refresh,
        String pipeline, long deadlineNanos, RetryPolicy retry, int maxReportedErrors, DeadLetters deadLetters) {

    /** A {@code deadlineNanos} that never passes; waits bounded by it schedule no timer. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** The same without a deadline: for a caller that bounds its time otherwise (copy stops between pages). */
    public BulkOptions withoutDeadline() {
        return new BulkOptions(batchSize, batchBytes, concurrency, adaptiveConcurrency, refresh, pipeline,
                NO_DEADLINE, retry, maxReportedErrors, deadLetters);
    }

    /** The same, the documents refused for good written as {@code deadLetters} (null: nowhere). */
    public BulkOptions withDeadLetters(DeadLetters deadLetters) {
        return new BulkOptions(batchSize, batchBytes, concurrency, adaptiveConcurrency, refresh, pipeline,
                deadlineNanos, retry, maxReportedErrors, deadLetters);
    }

    /**
     * The options of the dead letters' own writes: no ingest pipeline (the one that refused a document would refuse
     * its dead letter), and no dead letters of dead letters.
     */
    BulkOptions forDeadLetters() {
        return new BulkOptions(batchSize, batchBytes, concurrency, adaptiveConcurrency, refresh, null, deadlineNanos,
                retry, maxReportedErrors, null);
    }

    public boolean deadlinePassed() {
        return deadlineNanos != NO_DEADLINE && System.nanoTime() - deadlineNanos > 0;
    }
}
