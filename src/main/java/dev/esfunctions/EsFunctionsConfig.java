package dev.esfunctions;

import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "es-functions")
public interface EsFunctionsConfig {

    /** Longest wait for one Elasticsearch request before the caller gets a 503. */
    @WithDefault("30s")
    Duration requestTimeout();

    /**
     * An Elastic Cloud deployment's Cloud ID ({@code name:base64...}, from its page in the console): the client's
     * hosts and protocol come from it, in place of {@code quarkus.elasticsearch.hosts}.
     */
    Optional<String> cloudId();

    Limits limits();

    Memory memory();

    Platform platform();

    Cursor cursor();

    /**
     * How scan, copy and delete-by-query cursors are signed, so that a caller cannot forge one (to read what the
     * allowlist refuses through another point-in-time, say): base64 of at least 32 random bytes, the same on every
     * instance. Required when {@code es-functions.indices.read} is narrower than {@code *}.
     */
    interface Cursor {
        /** Signs and verifies cursors. */
        Optional<String> key();

        /** The key being rotated out: cursors it signed still verify. */
        Optional<String> previousKey();

        /**
         * The key about to be rotated in, set on every instance before any signs with it: cursors it signed verify,
         * so that instances still on the old key accept the cursors of those already on the new one.
         */
        Optional<String> nextKey();
    }

    /**
     * What the calls in progress may hold in memory at once: their bodies as read, the documents parsed from them, the
     * {@code _bulk} requests in flight and their answers. A call that cannot get its share is refused before it
     * writes anything (503 with {@code Retry-After}; 413 when it could never fit), so that a burst of calls is refused
     * rather than exhausting the heap.
     */
    interface Memory {
        /** The budget in bytes ({@code 96M}, {@code 1G}); by default {@code heap-share} of the JVM's maximum heap. */
        Optional<MemorySize> budget();

        /**
         * The share of the maximum heap ({@code -Xmx}) that the budget takes when none is set, but never the last
         * 20 MB of it: the rest is the application's own and the collector's room to work.
         */
        @WithDefault("0.6")
        double heapShare();

        /** What a refused caller is told to wait ({@code Retry-After}): about the time a large call takes. */
        @WithDefault("2s")
        Duration retryAfter();
    }

    /**
     * The platform's own limit on a call, so that the function answers before the platform ends it. Lambda gives a
     * function its time but Funqy does not pass the invocation's deadline on: set the Lambda's Timeout here too (the
     * SAM template does), and a call's deadline is its start plus that, less the margin.
     */
    interface Platform {
        /** The platform's time limit on one invocation (Lambda's Timeout); none by default. */
        Optional<Duration> invocationTimeout();

        /**
         * Kept free before the invocation timeout, to finish the requests in flight and answer: no request starts
         * in it.
         */
        @WithDefault("3s")
        Duration margin();

        /**
         * Kept free before the invocation timeout to build and send the answer: a request still in flight then is
         * given up (a write's outcome is unknown), whatever {@code es-functions.request-timeout} allows.
         */
        @WithDefault("500ms")
        Duration answerTime();
    }

    Indices indices();

    Tls tls();

    Aws aws();

    /**
     * Amazon OpenSearch Service and OpenSearch Serverless: every request signed with SigV4 under the credentials of
     * AWS's default provider chain. No service: no signing.
     */
    interface Aws {
        /** The service that signs are made for: {@code es} (OpenSearch Service) or {@code aoss} (Serverless). */
        Optional<AwsService> service();

        /** The endpoint's region ({@code eu-west-1}); required with a service. */
        Optional<String> region();
    }

    /** The SigV4 signing names of the two AWS services that host OpenSearch. */
    enum AwsService {
        /** Amazon OpenSearch Service, a domain. */
        ES,
        /** Amazon OpenSearch Serverless, a collection: no point-in-time, no tasks, no {@code _delete_by_query}. */
        AOSS;

        /** The name SigV4 signs for, which is also the configured value. */
        public String signingName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Whom to trust when {@code quarkus.elasticsearch.protocol=https} and the cluster's certificate is not signed by
     * a CA the JVM trusts: a PEM file of CA certificates, or a trust store. Neither: the JVM's trusted CAs.
     */
    interface Tls {
        /** PEM file of the CA certificate(s) that signed the cluster's HTTP certificate. */
        Optional<Path> caCertificates();

        /** PKCS#12 or JKS trust store, when the CA comes that way. */
        Optional<Path> trustStore();

        Optional<String> trustStorePassword();
    }

    /**
     * The index patterns the functions may touch ({@code *} matches any characters). A pattern reaches a system
     * index (a name starting with '.') only if it starts with '.' itself; writes never do, whatever is listed.
     */
    interface Indices {
        /** What search, scan and the source of copy may read. */
        @WithDefault("*")
        List<String> read();

        /** What upsert, delete and the target of copy may write. */
        @WithDefault("*")
        List<String> write();
    }

    Bulk bulk();

    DeadLetter deadLetter();

    /**
     * Where upsert and copy write the documents the cluster refuses for good (a mapping conflict, a document that does
     * not parse, a failed ingest pipeline, a create of an existing document): each with its error, as a dead letter.
     */
    interface DeadLetter {
        /**
         * The dead-letter index of the calls that name none (request field {@code deadLetterIndex}); none by default.
         * It must lie inside {@code es-functions.indices.write}. Created with the dead letters' mapping when missing.
         */
        Optional<String> index();
    }

    Scan scan();

    Copy copy();

    Batch batch();

    interface Scan {
        /** How long a scan's point-in-time stays open between two pages (two calls). */
        @WithDefault("5m")
        Duration keepAlive();

        /** Page size of scan, copy and the delete-by-query fallback when the request gives none. */
        @WithDefault("1000")
        int pageSize();

        /**
         * A {@code plan} that is not told how many slices to make gives each slice at least this many documents: a
         * slice is a sequence of calls, and fewer documents per slice buy parallelism with more calls' overhead.
         */
        @WithDefault("100000")
        long documentsPerSlice();

        /**
         * At most this many slices from a {@code plan} that is not told how many (request field {@code maxSlices}):
         * the parallel reads the cluster serves, not the invocations the platform could start.
         */
        @WithDefault("16")
        int maxSlices();
    }

    interface Copy {
        /** A copy stops at the first page boundary after this (request field {@code maxDurationMs}) and returns a cursor. */
        @WithDefault("20s")
        Duration maxDuration();
    }

    interface Batch {
        /** Operations of one batch run at once. */
        @WithDefault("4")
        int concurrency();

        /** Operations accepted in one batch; more is refused with 413. */
        @WithDefault("100")
        int maxOperations();

        /**
         * A batch's deadline (request field {@code timeoutMs}): an operation that has not started by then is not
         * attempted, and one that has gets no more time than is left.
         */
        @WithDefault("25s")
        Duration timeout();
    }

    interface Limits {
        /** Documents (upsert) or ids (delete) accepted in one request; more is refused with 413. */
        @WithDefault("10000")
        int maxDocuments();

        /** Highest {@code concurrency} a request may ask for. */
        @WithDefault("16")
        int maxConcurrency();

        /** Largest page a search, scan or copy may ask for ({@code size}); Elasticsearch's own window is 10,000. */
        @WithDefault("10000")
        int maxPageSize();

        /** Longest {@code timeoutMs} or {@code maxDurationMs} a request may ask for. */
        @WithDefault("15m")
        Duration maxRequestTime();
    }

    interface Bulk {
        /** A _bulk request is cut at this many operations (request field {@code batchSize})... */
        @WithDefault("1000")
        int batchSize();

        /** ...or at this many bytes of NDJSON, whichever comes first (request field {@code batchBytes}). */
        @WithDefault("5242880")
        long batchBytes();

        /** _bulk requests in flight at once for one function call (request field {@code concurrency}). */
        @WithDefault("2")
        int concurrency();

        /**
         * Halve the requests in flight when the cluster rejects them as busy (429) and grow them back as it answers
         * cleanly, within {@code concurrency} (request field {@code adaptiveConcurrency}).
         */
        @WithDefault("true")
        boolean adaptiveConcurrency();

        /**
         * Time after which no new _bulk request starts (request field {@code timeoutMs}); what is left is reported
         * {@code not_attempted}. Below the 29 s of an API gateway and well below Lambda's 15 minutes.
         */
        @WithDefault("25s")
        Duration timeout();

        /** Retries of a rejected (429) or unavailable (502/503/504, no connection) request or item. */
        @WithDefault("5")
        int maxRetries();

        @WithDefault("100ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();

        /** Per-document errors listed in a result; the counts stay exact and {@code errorsTruncated} says so. */
        @WithDefault("1000")
        int maxReportedErrors();
    }
}
