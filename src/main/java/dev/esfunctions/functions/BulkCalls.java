package dev.esfunctions.functions;

import jakarta.enterprise.context.ApplicationScoped;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.bulk.BulkOptions;
import dev.esfunctions.bulk.RetryPolicy;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.model.Refresh;

/** What upsert, delete and copy share: their tuning fields, checked and merged over the defaults and the deadline. */
@ApplicationScoped
class BulkCalls {

    private static final long MIN_BATCH_BYTES = 1024;

    private final EsFunctionsConfig config;
    private final Deadlines deadlines;

    BulkCalls(EsFunctionsConfig config, Deadlines deadlines) {
        this.config = config;
        this.deadlines = deadlines;
    }

    /** The options of a call that started at {@code startNanos}; its deadline is {@code timeoutMs} from then. */
    BulkOptions options(long startNanos, Refresh refresh, String pipeline, Integer batchSize, Long batchBytes,
            Integer concurrency, Boolean adaptiveConcurrency, Long timeoutMs) {
        EsFunctionsConfig.Bulk defaults = config.bulk();
        Require.notAbove("concurrency", concurrency, config.limits().maxConcurrency(),
                "es-functions.limits.max-concurrency");
        Require.notAbove("timeoutMs", timeoutMs, config.limits().maxRequestTime().toMillis(),
                "es-functions.limits.max-request-time");
        Require.atLeast("timeoutMs", timeoutMs, 1, 1);
        if (pipeline != null && pipeline.isBlank()) {
            throw FunctionException.invalidField("pipeline", "must name an ingest pipeline when given");
        }
        return new BulkOptions(
                (int) Require.atLeast("batchSize", batchSize, 1, defaults.batchSize()),
                Require.atLeast("batchBytes", batchBytes, MIN_BATCH_BYTES, defaults.batchBytes()),
                (int) Require.atLeast("concurrency", concurrency, 1, defaults.concurrency()),
                adaptiveConcurrency == null ? defaults.adaptiveConcurrency() : adaptiveConcurrency,
                refresh == null ? Refresh.FALSE : refresh,
                pipeline,
                deadlines.deadline(startNanos, timeoutMs, defaults.timeout()),
                new RetryPolicy(defaults.maxRetries(), defaults.initialBackoff(), defaults.maxBackoff()),
                defaults.maxReportedErrors(), null);
    }

}
