package dev.esfunctions.bulk;

import dev.esfunctions.model.Refresh;

/**
 * How one bulk run cuts, sends and retries its {@code _bulk} requests. {@code deadlineNanos} is a
 * {@link System#nanoTime()} after which no request starts; {@code pipeline} may be null.
 */
public record BulkOptions(int batchSize, long batchBytes, int concurrency, Refresh refresh, String pipeline,
        long deadlineNanos, RetryPolicy retry, int maxReportedErrors) {

    /** The same without a deadline: for a caller that bounds its time otherwise (copy stops between pages). */
    public BulkOptions withoutDeadline() {
        return new BulkOptions(batchSize, batchBytes, concurrency, refresh, pipeline,
                System.nanoTime() + Long.MAX_VALUE / 2, retry, maxReportedErrors);
    }

    boolean deadlinePassed() {
        return System.nanoTime() - deadlineNanos > 0;
    }
}
