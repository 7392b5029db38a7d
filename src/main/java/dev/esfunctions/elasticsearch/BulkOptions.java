package dev.esfunctions.elasticsearch;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.model.Refresh;

/** How one bulk run cuts and sends its {@code _bulk} requests. */
public record BulkOptions(int batchSize, long batchBytes, int concurrency, Refresh refresh) {

    public static BulkOptions of(EsFunctionsConfig.Bulk defaults, Refresh refresh) {
        return new BulkOptions(defaults.batchSize(), defaults.batchBytes(), defaults.concurrency(),
                refresh == null ? Refresh.FALSE : refresh);
    }
}
