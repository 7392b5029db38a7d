package dev.esfunctions.bulk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.esfunctions.cluster.ElasticsearchGateway;
import dev.esfunctions.model.DocumentError;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void aWholeRequestIsRetriedWhenTheClusterWasBusyOrUnavailable() {
        for (int status : new int[] { 429, 502, 503, 504 }) {
            assertTrue(policy.isRetryable(requestFailed(status, "cluster_unavailable")), "status " + status);
        }
        assertFalse(policy.isRetryable(requestFailed(400, "parsing_exception")));
        assertFalse(policy.isRetryable(requestFailed(403, "security_exception")));
    }

    @Test
    void aRequestThatMayHaveBeenAppliedIsNotRetried() {
        assertFalse(policy.isRetryable(requestFailed(503, ElasticsearchGateway.TIMEOUT)));
    }

    @Test
    void onlyItemsRejectedWith429AreRetried() {
        assertTrue(policy.isRetryable(item(429, "es_rejected_execution_exception")));
        assertFalse(policy.isRetryable(item(409, "version_conflict_engine_exception")));
        assertFalse(policy.isRetryable(item(400, "mapper_parsing_exception")));
        assertFalse(policy.isRetryable(new DocumentOutcome("1", "created", null, false, 1, 1)));
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheMaximum() {
        for (int i = 0; i < 200; i++) {
            long first = policy.backoff(0).toMillis();
            long third = policy.backoff(2).toMillis();
            long late = policy.backoff(40).toMillis();
            assertTrue(first >= 50 && first <= 100, "retry 0 waits 50-100 ms: " + first);
            assertTrue(third >= 200 && third <= 400, "retry 2 waits 200-400 ms: " + third);
            assertTrue(late >= 2500 && late <= 5000, "capped at max-backoff: " + late);
        }
    }

    private static DocumentOutcome requestFailed(int status, String type) {
        return new DocumentOutcome("1", null, new DocumentError("1", status, type, "reason"), true, 1, 0);
    }

    private static DocumentOutcome item(int status, String type) {
        return new DocumentOutcome("1", null, new DocumentError("1", status, type, "reason"), false, 1, 0);
    }
}
