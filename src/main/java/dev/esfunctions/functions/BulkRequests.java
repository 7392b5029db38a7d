package dev.esfunctions.functions;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.elasticsearch.BulkOptions;
import dev.esfunctions.elasticsearch.RetryPolicy;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.Refresh;

/** The tuning fields that upsert and delete share, checked and merged over the configured defaults. */
final class BulkRequests {

    private static final long MIN_BATCH_BYTES = 1024;

    private BulkRequests() {
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
}
