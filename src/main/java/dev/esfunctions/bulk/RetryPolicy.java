package dev.esfunctions.bulk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.esfunctions.errors.ClusterFailure;

/**
 * What is sent again, and when. A document rejected because the cluster was busy (429, alone or with its whole
 * request), or whose request cannot have been applied and may succeed later (never sent, 503), is sent again. A
 * request that may have been applied (no answer, a 5xx other than 503) is sent again only for idempotent operations;
 * for the others the outcome is unknown, never guessed. Anything else is final. The {@code n}-th retry waits
 * {@code min(max, initial * 2^n)}, half of it fixed and half random, so that retrying callers spread out.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    enum Decision {
        /** The outcome is final as it is. */
        SETTLE,
        /** Send it again. */
        RETRY,
        /** It may have been applied, and may not be sent again: its outcome is unknown. */
        UNKNOWN
    }

    /** What to do with an outcome; {@code mayRetry} is false when retries or time ran out. */
    Decision decide(DocumentOutcome outcome, boolean idempotent, boolean mayRetry) {
        if (outcome.error() == null) {
            return Decision.SETTLE;
        }
        ClusterFailure failure = outcome.requestFailure();
        if (failure == null) {
            return mayRetry && outcome.rejectedAsBusy() ? Decision.RETRY : Decision.SETTLE;
        }
        if (failure.notApplied()) {
            return mayRetry && failure.isTransient() ? Decision.RETRY : Decision.SETTLE;
        }
        return mayRetry && idempotent && failure.isTransient() ? Decision.RETRY : Decision.UNKNOWN;
    }

    Duration backoff(int retry) {
        long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry, 30));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }
}
