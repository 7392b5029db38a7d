package dev.esfunctions.functions;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.bulk.BulkOptions;
import dev.esfunctions.bulk.BulkTally;
import dev.esfunctions.bulk.RetryPolicy;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.Refresh;

/**
 * What upsert, delete and copy share: their tuning fields, checked and merged over the configured defaults, and what
 * a write answers when nothing of it landed.
 */
final class BulkCalls {

    private static final long MIN_BATCH_BYTES = 1024;

    private BulkCalls() {
    }

    static BulkOptions options(EsFunctionsConfig config, Refresh refresh, String pipeline, Integer batchSize,
            Long batchBytes, Integer concurrency, Long timeoutMs) {
        long start = System.nanoTime();
        EsFunctionsConfig.Bulk defaults = config.bulk();
        Require.notAbove("concurrency", concurrency, config.limits().maxConcurrency(),
                "es-functions.limits.max-concurrency");
        Require.notAbove("timeoutMs", timeoutMs, config.limits().maxRequestTime().toMillis(),
                "es-functions.limits.max-request-time");
        if (pipeline != null && pipeline.isBlank()) {
            throw FunctionException.invalidField("pipeline", "must name an ingest pipeline when given");
        }
        long timeout = Require.atLeast("timeoutMs", timeoutMs, 1, defaults.timeout().toMillis());
        return new BulkOptions(
                (int) Require.atLeast("batchSize", batchSize, 1, defaults.batchSize()),
                Require.atLeast("batchBytes", batchBytes, MIN_BATCH_BYTES, defaults.batchBytes()),
                (int) Require.atLeast("concurrency", concurrency, 1, defaults.concurrency()),
                refresh == null ? Refresh.FALSE : refresh,
                pipeline,
                start + timeout * 1_000_000L,
                new RetryPolicy(defaults.maxRetries(), defaults.initialBackoff(), defaults.maxBackoff()),
                defaults.maxReportedErrors());
    }

    /**
     * The tally of a write to {@code index}, unless nothing landed because every request failed: that is the
     * caller's error (503 for an unreachable cluster, say), not a 200 listing the same failure for every document.
     */
    static BulkTally landed(String index, BulkTally tally) {
        try {
            return tally.requireSomethingLanded();
        } catch (FunctionException failure) {
            throw namingIndex(index, failure);
        }
    }

    /** The cluster's refusal of a write names the action and the privilege; the caller also needs the index. */
    static FunctionException namingIndex(String index, FunctionException failure) {
        return failure.status() == 401 || failure.status() == 403 ? new FunctionException(failure.status(),
                failure.type(), "writing to index '" + index + "': " + failure.reason()) : failure;
    }
}
