package dev.esfunctions.bulk;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.esfunctions.cluster.ElasticsearchGateway;

/**
 * What is sent again, and when. A whole request answered 429, 502, 503 or 504, or that found no connection, is
 * retried, and so is an item rejected with 429; anything else is final. The {@code n}-th retry waits
 * {@code min(max, initial * 2^n)}, half of it fixed and half random, so that retrying callers spread out.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    private static final Set<Integer> RETRYABLE_REQUEST_STATUSES = Set.of(429, 502, 503, 504);

    boolean isRetryable(DocumentOutcome outcome) {
        if (outcome.error() == null) {
            return false;
        }
        if (outcome.wholeRequestFailed()) {
            return RETRYABLE_REQUEST_STATUSES.contains(outcome.error().status())
                    && !ElasticsearchGateway.TIMEOUT.equals(outcome.error().type());
        }
        return outcome.error().status() == 429;
    }

    Duration backoff(int retry) {
        long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry, 30));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }
}
