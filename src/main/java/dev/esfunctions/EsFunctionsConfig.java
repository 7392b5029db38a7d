package dev.esfunctions;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "es-functions")
public interface EsFunctionsConfig {

    /** Longest wait for one Elasticsearch request before the caller gets a 503. */
    @WithDefault("30s")
    Duration requestTimeout();

    Limits limits();

    Bulk bulk();

    interface Limits {
        /** Documents (upsert) or ids (delete) accepted in one request; more is refused with 413. */
        @WithDefault("10000")
        int maxDocuments();
    }

    interface Bulk {
        /** A _bulk request is cut at this many operations... */
        @WithDefault("1000")
        int batchSize();

        /** ...or at this many bytes of NDJSON, whichever comes first. */
        @WithDefault("5242880")
        long batchBytes();

        /** _bulk requests in flight at once for one function call. */
        @WithDefault("2")
        int concurrency();
    }
}
